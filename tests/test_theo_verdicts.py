"""Verdicts of the theory, deep-learning-theory and meta-learning claims (issue 12): the
per-dimension agreement of the scaling-theory exponents, the two readings of the
language-model dimension, the gate tree's worst case, and the claims no data can check."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recomputed.artifacts import theory_simulations as sims
from recomputed.engine import datafiles, registry
from recomputed.engine.estimates import Estimate
from recomputed.engine.registry import Table
from recomputed.science import gates, teacher_student
from recomputed.science.teacher_student import Exponent

REG = registry.load_all()


def _func(name):
    return REG[name].func


# -- the strict test, one cell at a time ------------------------------------------------------


@given(st.floats(0.01, 5), st.floats(0.001, 1), st.floats(0.01, 5))
def test_agreement_says_where_the_interval_lies(alpha, half, predicted):
    e = Exponent(alpha, alpha - half, alpha + half, 4)
    got = teacher_student.agreement(e, predicted)
    if abs(predicted - alpha) <= half:
        assert got == "yes"
    else:
        assert got == ("above" if predicted < alpha else "below")


def test_scaled_multiplies_the_exponent_and_its_interval():
    e = teacher_student.scaled(Exponent(0.5, 0.4, 0.6, 4), 4.0)
    assert (e.alpha, e.low, e.high) == pytest.approx((2.0, 1.6, 2.4))
    with pytest.raises(ValueError):
        teacher_student.scaled(e, 0.0)


def _fits(cells):
    """An exponent table like theory_simulations', from {(d, student): (alpha, half)}."""
    return Table(sims.EXPONENT_COLUMNS,
                 [(d, s, a, a - h, a + h, 4) for (d, s), (a, h) in cells.items()])


def _agreement(data, model=None, variance=None):
    model = model or data
    variance = variance or {(2, "random features"): (1.0, 0.05)}
    return _func("theory.exponent_agreement")(_fits(data), _fits(model), _fits(variance))


def _exact_theory(spread=0.02):
    """Exponents exactly at 2/d and 4/d for d = 2..8, each with a small interval."""
    cells = {}
    for d in range(2, 9):
        cells[d, "constant"] = (2 / d, spread / d)
        cells[d, "linear"] = (4 / d, spread / d)
    return cells


def test_numerator_interval_spans_every_dimension():
    cells = _exact_theory()
    cells[5, "constant"] = (2.2 / 5, 0.02 / 5)  # one dimension above 2/d
    est = _func("theory.nn_numerator")(_agreement(cells))
    assert isinstance(est, Estimate)
    assert est.low == pytest.approx(1.98)
    assert est.high == pytest.approx(2.22)


def test_one_dimension_outside_changes_the_verdict():
    # The regression guard must see a single bad d: no average over d may hide it.
    spec = REG["theory.claim_nn_two_over_d"].claim
    good = _func("theory.nn_numerator")(_agreement(_exact_theory()))
    assert spec.verdict(good)[0] == "holds"
    cells = _exact_theory()
    cells[7, "constant"] = (2.45 / 7, 0.2 / 7)  # its interval reaches 2.65
    bad = _func("theory.nn_numerator")(_agreement(cells))
    assert spec.verdict(bad)[0] == "inconclusive"
    assert float(bad) < 2.5  # the mean alone would still have passed


def test_linear_cells_agreeing_counts_each_cell():
    """The replication's agreement (context for the papers' 'close to equality', which is
    not checkable): one piecewise-linear cell per d and per experiment, counted when its
    interval contains 4/d; the constant pieces never count."""
    count = _func("theory.linear_cells_agreeing")
    total = _func("theory.linear_cells")
    assert count(_agreement(_exact_theory())) == total(_agreement(_exact_theory())) == 14
    model = _exact_theory()
    for d in (3, 6, 8):
        model[d, "linear"] = (0.7 * 4 / d, 0.01)  # three affine-piece cells below 4/d
    model[4, "constant"] = (0.5 * 2 / 4, 0.01)  # a constant-piece cell: not counted
    assert count(_agreement(_exact_theory(), model=model)) == 11
    assert REG["theory.claim_close_to_equality"].claim.expect == "unchecked"


def test_variance_every_d_bites_on_one_dimension():
    variance = {(d, "random features"): (1.0, 0.05) for d in (2, 4, 6, 8)}
    variance[6, "random features"] = (0.8, 0.05)
    share = _func("theory.variance_share_agreeing")(
        _agreement(_exact_theory(), variance=variance))
    assert share == pytest.approx(0.75)
    assert REG["theory.claim_variance_every_d"].claim.verdict(share)[0] == "fails"


# -- the language-model dimension: two readings -----------------------------------------------


def test_kaplan_reading_spans_the_rounding_of_alpha_n():
    ds = datafiles.load("bahri_2021_kaplan_exponents")
    est = _func("theory.lm_dimension_from_alpha_n")(ds)
    low, high = ds.one(resource="parameters").rounding("alpha")
    assert (est.low, est.high) == pytest.approx((4 / high, 4 / low))
    assert est.low <= float(est) <= est.high


def test_irreducible_loss_reading_is_several_times_smaller():
    # Subtracting an irreducible loss raises the fitted exponent several-fold, and so
    # lowers the implied dimension: the two readings the page shows must differ that way.
    kaplan = _func("theory.lm_dimension_from_alpha_n")(
        datafiles.load("bahri_2021_kaplan_exponents"))
    fits = datafiles.load("chinchilla_parametric_fits")
    hoffmann = _func("theory.lm_dimension_irreducible")(fits)
    epoch = _func("theory.lm_dimension_irreducible_epoch")(fits)
    assert kaplan.low / hoffmann.high > 3
    assert epoch.low < float(hoffmann) < epoch.high  # the refit's interval covers it
    row = fits.one(fit="epoch_2024", parameter="alpha")
    assert (epoch.low, epoch.high) == pytest.approx((4 / row["ci95_high"],
                                                     4 / row["ci95_low"]))


@pytest.mark.parametrize("name", ["theory.claim_lm_dimension",
                                  "theory.claim_lm_alpha_above_bound",
                                  "dlt.claim_two_inputs_bound",
                                  "theory.claim_close_to_equality",
                                  "meta.claim_55_45", "meta.claim_90_10"])
def test_unchecked_claims_say_why(name):
    spec = REG[name].claim
    assert spec.expect == "unchecked"
    assert len(spec.why_unchecked) > 80
    assert spec.verdict(None)[0] == "unchecked"


# -- the gate tree's worst case ------------------------------------------------------------------


@settings(max_examples=30)
@given(st.lists(st.floats(0.5, 1.5), min_size=8, max_size=8),
       st.lists(st.sampled_from([-1.0, 1.0]), min_size=8, max_size=8))
def test_no_input_in_the_box_beats_the_corner(mags, signs):
    lam = 1e-3
    xs = np.array(mags) * np.array(signs)
    err = abs(gates.tree_product(xs, lam) / np.prod(xs) - 1.0)
    corner = abs(gates.tree_product([1.5] * 8, lam) / 1.5**8 - 1.0)
    assert err <= corner * (1 + 1e-6)


def test_gate_slope_interval_brackets_two():
    art = REG["dlt.gate_slope"]
    est = art.func(**art.params)
    assert est.low <= 2.0 + 1e-4 and est.high >= 2.0 - 1e-4
    assert est.high - est.low < 1e-3


# -- the spacing of the data ------------------------------------------------------------------


@pytest.mark.parametrize("d", [2, 4])
def test_spacing_recovers_one_over_d(d):
    from recomputed.science import manifold

    sizes = [250, 500, 1000, 2000, 4000]
    e = teacher_student.exponent(sizes, manifold.spacing_curves(d, sizes, 3, seed=5))
    assert e.alpha * d == pytest.approx(1.0, abs=0.08)


def test_spacing_claim_sees_one_bad_dimension():
    spec = REG["theory.claim_spacing"].claim
    good = {(d, "spacing"): (1 / d, 0.02 / d) for d in (2, 4, 8)}
    fits = _fits(good)
    assert spec.verdict(_func("theory.spacing_numerator")(fits))[0] == "holds"
    good[8, "spacing"] = (1.45 / 8, 0.2 / 8)  # reaches 1.65: a d^(-1/d) law would not
    assert spec.verdict(_func("theory.spacing_numerator")(_fits(good)))[0] == "inconclusive"
