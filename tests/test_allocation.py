"""Compute-optimal allocation: the identities of Eq. 4, and the published numbers."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recomputed.engine import datafiles
from recomputed.science import allocation

laws = st.builds(allocation.Law, E=st.floats(0.5, 3.0), A=st.floats(10.0, 5000.0),
                 B=st.floats(10.0, 5000.0), alpha=st.floats(0.15, 0.8),
                 beta=st.floats(0.15, 0.8))
budgets = st.floats(1e18, 1e28)


@given(law=laws, c=budgets)
def test_optimum_spends_the_budget(law, c):
    a = allocation.optimal(law, c)
    assert 6 * a.params * a.tokens == pytest.approx(c, rel=1e-9)
    assert a.tokens_per_param == pytest.approx(a.tokens / a.params)


@given(law=laws, c=budgets)
def test_optimum_is_a_minimum_on_the_budget(law, c):
    a = allocation.optimal(law, c)
    for f in (0.98, 1.02):
        n = a.params * f
        assert law.loss(n, c / (6 * n)) > a.loss


@given(law=laws, c=budgets)
def test_exponent_of_n_opt_is_beta_over_alpha_plus_beta(law, c):
    n1 = allocation.optimal(law, c).params
    n2 = allocation.optimal(law, c * 1000).params
    slope = math.log(n2 / n1) / math.log(1000)
    assert slope == pytest.approx(law.beta / (law.alpha + law.beta), rel=1e-9)
    assert law.a + law.b == pytest.approx(1.0)


def _search_resolution(law, best) -> float:
    """How closely a 1-D search can place a minimum in x = log N, from the loss alone.

    Near the minimum L(x) = L* + L''(x - x*)^2 / 2, and L is known to a few ulps of L*, so
    points within sqrt(2 k eps L* / L'') look equally low. On the budget's frontier
    L''(x) = alpha^2 A N^-alpha + beta^2 B D^-beta: when the reducible loss is a tiny part
    of L* (large budgets, small A and B), the minimum is very flat."""
    curvature = law.alpha**2 * law.A * best.params**-law.alpha \
        + law.beta**2 * law.B * best.tokens**-law.beta
    ulps = 8  # the loss is a sum of three rounded terms
    return math.sqrt(2 * ulps * np.finfo(float).eps * best.loss / curvature) + 1e-9


@settings(max_examples=30)
@given(law=laws, c=st.floats(1e20, 1e26))
def test_closed_form_matches_a_numeric_search(law, c):
    closed = allocation.optimal(law, c)
    searched = allocation.numeric(law.loss, c, n_bounds=(closed.params / 1e4,
                                                          closed.params * 1e4))
    off = abs(math.log(searched.params / closed.params))
    assert off <= _search_resolution(law, closed)
    assert searched.loss == pytest.approx(closed.loss, rel=1e-9)


def test_the_flat_case_that_once_failed_is_within_the_search_resolution():
    """E = 0.5, A = B = 10, alpha = beta = 0.76171875 at 6.6e25 FLOP: the search lands
    2e-4 from the closed form in log N, which the loss cannot resolve better."""
    law = allocation.Law(E=0.5, A=10.0, B=10.0, alpha=0.76171875, beta=0.76171875)
    closed = allocation.optimal(law, 6.6e25)
    searched = allocation.numeric(law.loss, 6.6e25, n_bounds=(closed.params / 1e4,
                                                               closed.params * 1e4))
    resolution = _search_resolution(law, closed)
    assert 1e-4 < resolution < 1e-2  # truly flat: a fixed 1e-4 could not be right here
    assert abs(math.log(searched.params / closed.params)) <= resolution


@given(law=laws, ratio=st.floats(1.0, 200.0))
def test_budget_for_a_ratio_inverts_the_ratio(law, ratio):
    if abs(law.alpha - law.beta) < 0.05:
        return  # the ratio then hardly depends on C; the inverse is ill-conditioned
    c = allocation.compute_for_tokens_per_param(law, ratio)
    assert allocation.optimal(law, c).tokens_per_param == pytest.approx(ratio, rel=1e-6)


def test_bad_budget():
    with pytest.raises(ValueError, match="positive"):
        allocation.optimal(allocation.Law(1.7, 400, 400, 0.3, 0.3), 0.0)


def _published():
    return allocation.laws_from_rows(datafiles.load("chinchilla_parametric_fits"))


def test_epoch_exponent_matches_their_notebook():
    """Besiroglu et al.'s notebook reports a = 0.513 (SE 0.020) from their fit; the
    point estimates' beta/(alpha+beta) must match to its three digits (0.0005)."""
    assert _published()["epoch_2024"].a == pytest.approx(0.513, abs=5e-4)


def test_tex_fit_matches_hoffmann_table2_approach3():
    """Hoffmann's Table 2 gives a = 0.46 for Approach 3 (two digits): within 0.005."""
    assert _published()["hoffmann_tex"].a == pytest.approx(0.46, abs=5e-3)


def test_tex_fit_reproduces_table_a3_approach3():
    """Table A3's Approach 3 model sizes come from the parametric fit; at each row's
    compute (6ND) the TeX-digit fit's N_opt is within 10% (the table's tokens are
    printed to two or three digits and its model sizes are rounded labels)."""
    law = _published()["hoffmann_tex"]
    ds = datafiles.load("hoffmann_2022_table_a3")
    for r in ds.where(approach=3):
        c = 6 * r["params"] * r["tokens"]
        assert allocation.optimal(law, c).params == pytest.approx(r["params"], rel=0.10), r.line


def test_table_a3_flops_typo_is_exposed():
    """All printed FLOPs equal 6ND within 5%, except 175B Approach 3, a factor 10 off."""
    ds = datafiles.load("hoffmann_2022_table_a3")
    off = [(r["params_label"], r["approach"]) for r in ds
           if abs(r["flops"] / (6 * r["params"] * r["tokens"]) - 1) > 0.05]
    assert off == [("175B", 3)]


def test_laws_from_rows_needs_every_parameter():
    rows = [{"fit": "x", "parameter": "E", "value": 1.0, "log_value": None}]
    with pytest.raises(ValueError, match="lacks A, B, alpha, beta"):
        allocation.laws_from_rows(rows)
    rows = [{"fit": "x", "parameter": p, "value": None, "log_value": 0.0}
            for p in ("E", "A", "B", "alpha", "beta")]
    assert allocation.laws_from_rows(rows)["x"] == allocation.Law(1.0, 1.0, 1.0, 1.0, 1.0)
    assert np.isfinite(allocation.laws_from_rows(rows)["x"].G)
