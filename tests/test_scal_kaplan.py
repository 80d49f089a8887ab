"""Kaplan et al. (2020)'s crossing: the Eq. 6.7 and Table 6 versions, their rounding ranges
and the paper's internal inconsistency (artifacts/kaplan_crossing.py)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from recomputed.artifacts import kaplan_box as kb
from recomputed.artifacts import kaplan_crossing as kc
from recomputed.engine import datafiles
from recomputed.science import powerlaw

PF_DAY = 1e15 * 86400


@pytest.fixture(scope="module")
def ds():
    return datafiles.load("kaplan_2020_constants")


@pytest.mark.parametrize("which", [kc.EQ67, kc.TABLE6])
@pytest.mark.parametrize("quantity", ["C*", "L*", "D*", "N*"])
def test_corners_bound_every_point_of_the_rounding_box(ds, which, quantity):
    # The Estimate takes the extremes at the corners of the box; valid only if each
    # quantity is monotone in each constant there. Sample the box to check.
    est = kc._rounded(ds, which, quantity)
    names = kc._symbols(which, quantity)
    k, r = kc._k(ds), kc._rounding(ds)
    f = kc._quantity(which, quantity)
    rng = np.random.default_rng(1)
    for u in rng.uniform(0, 1, (300, len(names))):
        point = {n: r[n][0] + ui * (r[n][1] - r[n][0]) for n, ui in zip(names, u, strict=True)}
        x = f(**{**k, **point})
        assert est.low * (1 - 1e-12) <= x <= est.high * (1 + 1e-12)
    assert est.low < float(est) < est.high


def test_eq67_point_matches_hand_derivation(ds):
    # sources.md Sec. 1.4 (DERIVED by hand, two figures): C* 1.1e5, L* 1.49, D* 8.1e11.
    assert float(kc._rounded(ds, kc.EQ67, "C*")) == pytest.approx(1.1e5, rel=0.05)
    assert float(kc._rounded(ds, kc.EQ67, "L*")) == pytest.approx(1.49, abs=0.01)
    assert float(kc._rounded(ds, kc.EQ67, "D*")) == pytest.approx(8.1e11, rel=0.05)


def test_eq67_derivation_gives_table6s_law_not_eq67s(ds):
    # 2 C_min / (6 N(C_min)) with N = 1.3e9 C^0.73 and C in PF-days: the constant must fall
    # inside the rounding of Table 6's printed 2e10, and outside that of Eq. 6.7's 4e10.
    k, r = kc._k(ds), kc._rounding(ds)
    const = kc.kaplan_eq67_derived_constant(ds, PF_DAY)
    assert r["D_e_table6"][0] <= const <= r["D_e_table6"][1]
    assert not r["D_e_eq67"][0] <= const <= r["D_e_eq67"][1]
    assert 1 - k["p_N"] == pytest.approx(k["p_D_table6"])


def test_six_nd_over_c_closed_form(ds):
    # On Table 6's laws 6 N D / C = 6 N_e D_e C^(p_N + p_D - 1) / PF_DAY, and p_N + p_D = 1.
    k = kc._k(ds)
    x = kc._crossing(ds, kc.TABLE6)
    expected = 6 * k["N_e"] * k["D_e_table6"] / PF_DAY
    assert 6 * x.n_star * x.d_star / (x.c_star * PF_DAY) == pytest.approx(expected, rel=1e-9)
    y = kc._crossing(ds, kc.EQ67)
    expected67 = 6 * k["N_e"] * k["D_e_eq67"] * y.c_star ** (k["p_N"] + k["p_D_eq67"] - 1)
    assert 6 * y.n_star * y.d_star / (y.c_star * PF_DAY) == pytest.approx(expected67 / PF_DAY,
                                                                         rel=1e-9)


def test_sensitivity_table_row_as_printed_is_the_crossing(ds):
    t = kc.kaplan_c_star_sensitivity(ds)
    k = kc._k(ds)
    for which in (kc.EQ67, kc.TABLE6):
        label = kc._crossings()[which][0]
        row = next(r for r in t.rows if r[0] == label and r[1] == k["alpha_D"])
        assert row[3] == pytest.approx(kc._crossing(ds, which).c_star, rel=1e-12)
        # a larger constant D_e means more data along the frontier: the crossing moves out
        assert row[2] < row[3] < row[4]


def test_c_star_is_the_closed_form(ds):
    k = kc._k(ds)
    a_d, a_c = k["alpha_D"], k["alpha_C_min"]
    de, p = k["D_e_eq67"], k["p_D_eq67"]
    closed = ((k["D_c"] / de) ** a_d / k["C_c_min"] ** a_c) ** (1 / (p * a_d - a_c))
    assert powerlaw.frontier_crossing(k["C_c_min"], a_c, k["D_c"], a_d, de, p, k["N_e"],
                                      k["p_N"]).c_star == pytest.approx(closed, rel=1e-10)
    assert math.isfinite(closed)


@pytest.mark.parametrize("quantity", ["C*", "L*", "D*", "N*"])
def test_both_laws_estimate_is_the_union_centred_on_the_followed_law(ds, quantity):
    # The claims' computed range spans both laws' rounding ranges; its centre is the law
    # the printed number follows (Table 6 for C*, N*, L*; Eq. 6.7 for D*).
    log = quantity != "L*"
    t = math.log10 if log else None
    est = kb._both(ds, quantity, log10=log)
    parts = [kc._rounded(ds, w, quantity, transform=t) for w in (kc.TABLE6, kc.EQ67)]
    assert est.low == min(p.low for p in parts) and est.high == max(p.high for p in parts)
    assert float(est) == float(parts[kb.FOLLOWS[quantity]])


def test_printed_numbers_follow_the_law_the_module_says(ds):
    # Eq. 6.8 prints C* ∼ 1e4, N* ∼ 1e12, L* ∼ 1.7 (Table 6's law gives those to within a
    # rounding of the last digit) and D* ∼ 1e12 (Eq. 6.7's 8.1e11 rounds to 1e12 in log10;
    # Table 6's 2.5e11 does not).
    t6 = kc._crossing(ds, kc.TABLE6)
    e67 = kc._crossing(ds, kc.EQ67)
    assert round(math.log10(t6.c_star)) == 4 and round(math.log10(e67.c_star)) != 4
    assert round(math.log10(t6.n_star)) == 12 and round(math.log10(e67.n_star)) != 12
    assert round(t6.l_star, 1) == 1.7 and round(e67.l_star, 1) != 1.7
    assert round(math.log10(e67.d_star)) == 12 and round(math.log10(t6.d_star)) != 12


def test_printed_constants_show_the_papers_digits(ds):
    # The page cites these values in place of typing the constants; each must read as
    # Kaplan et al. print it (Eqs. 1.2, 1.3, 6.7, Table 6; shared reference/sources.md 1.1-1.4).
    from recomputed.engine import numbers
    printed = {"C_c_min": "3.1 × 10⁸", "alpha_C_min": "0.050", "D_c": "5.4 × 10¹³",
               "alpha_D": "0.095", "D_e_eq67": "4 × 10¹⁰", "p_D_eq67": "0.26",
               "D_e_table6": "2 × 10¹⁰", "p_D_table6": "0.27", "N_e": "1.3 × 10⁹",
               "p_N": "0.73"}
    assert set(printed) == set(kb._PRINTED)
    for sym, text in printed.items():
        assert numbers.format_number(kb._printed(ds, sym), kb._PRINTED[sym]) == text
