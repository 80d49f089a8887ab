"""Exact learning curves (AN #140) against simulation, limits and asymptotics."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import special

from recomputed.engine import registry
from recomputed.science import learning_curves as lc


def _simulate_threshold(n, k, target, trials, rng, continuous):
    """Monte Carlo of the smallest-positive-example learner; returns (mean, standard error)."""
    if continuous:
        x = rng.random((trials, n))
    else:
        x = rng.integers(0, k, (trials, n)).astype(float)
    pos = np.where(x >= target, x, np.inf)
    t_hat = pos.min(axis=1)
    t_hat = np.where(np.isinf(t_hat), 1.0 if continuous else k, t_hat)
    err = (t_hat - target) / (1.0 if continuous else k)
    return err.mean(), err.std() / math.sqrt(trials)


@pytest.mark.parametrize("n,k,target", [(1, 10, 0), (5, 10, 3), (20, 50, 0), (40, 7, 2)])
def test_finite_thresholds_match_simulation(n, k, target):
    mean, se = _simulate_threshold(n, k, target, 200_000, np.random.default_rng(n * k), False)
    assert lc.finite_threshold_error(n, k, target) == pytest.approx(mean, abs=5 * se + 1e-12)


@pytest.mark.parametrize("n,target", [(1, 0.0), (3, 0.4), (25, 0.1)])
def test_continuous_thresholds_match_simulation(n, target):
    mean, se = _simulate_threshold(n, None, target, 200_000, np.random.default_rng(n), True)
    assert lc.continuous_threshold_error(n, target) == pytest.approx(mean, abs=5 * se)


@given(st.integers(2, 200), st.integers(0, 199))
def test_finite_thresholds_with_no_data_err_on_every_positive(k, target):
    target = target % k
    assert lc.finite_threshold_error(0, k, target) == pytest.approx((k - target) / k)


@pytest.mark.parametrize("n", [1, 10, 100])
def test_finite_grid_tends_to_the_continuum(n):
    # A Riemann sum of ∫(1 − e)ⁿ de; the step 1/K shrinks the gap like 1/K.
    assert lc.finite_threshold_error(n, 10**6) == pytest.approx(
        lc.continuous_threshold_error(n), rel=1e-3)


def test_finite_thresholds_decay_exponentially_at_rate_one_over_k():
    k = 30
    ratios = [lc.finite_threshold_error(n + 1, k) / lc.finite_threshold_error(n, k)
              for n in (300, 600)]
    assert ratios == pytest.approx([1 - 1 / k] * 2, rel=1e-6)


def test_continuous_thresholds_decay_linearly():
    ns = np.array([10, 100, 1000, 10_000])
    errs = np.array([lc.continuous_threshold_error(int(n)) for n in ns])
    assert errs * (ns + 1) == pytest.approx(np.ones(4))


def test_missing_mass_matches_simulation():
    rng = np.random.default_rng(7)
    p = rng.dirichlet(np.ones(40) * 0.3)
    n, trials = 30, 50_000
    draws = rng.choice(40, size=(trials, n), p=p)
    seen = np.zeros((trials, 40), dtype=bool)
    seen[np.arange(trials)[:, None], draws] = True
    mass = (~seen * p).sum(axis=1)
    assert lc.missing_mass(p, n) == pytest.approx(mass.mean(), abs=5 * mass.std() / trials**0.5)


def test_log_tail_distribution_sums_to_one():
    k = np.arange(1, 200_001, dtype=float)
    total = lc.log_tail_point(k).sum() + math.log(2) / math.log(200_002)
    assert total == pytest.approx(1.0, rel=1e-12)


@pytest.mark.parametrize("n", [1, 100, 10_000, 1_000_000])
def test_log_tail_bounds_are_tight_and_consistent(n):
    coarse = lc.log_tail_missing_mass(n, k_exact=1_000, ratio=1.05)
    fine = lc.log_tail_missing_mass(n)
    assert coarse.lower <= fine.lower <= fine.upper <= coarse.upper
    assert fine.upper - fine.lower < 1e-4 * fine.mid


def test_log_tail_decays_like_ln2_over_ln_n():
    # Heuristic asymptote ln 2 / (ln n − 2 ln ln n) (see the docstring); approached from below.
    ns = [10**6, 10**9, 10**12, 10**18]
    ratio = [lc.log_tail_missing_mass(n).mid * (math.log(n) - 2 * math.log(math.log(n)))
             / math.log(2) for n in ns]
    assert ratio == sorted(ratio)
    assert ratio[-1] == pytest.approx(1.0, abs=0.03)


def test_slow_curve_is_slower_than_any_power():
    # The local power-law exponent over successive three-decade windows keeps shrinking.
    ms = [lc.log_tail_missing_mass(10**e).mid for e in (3, 6, 9, 12, 15)]
    local = [math.log(a / b) / math.log(1e3) for a, b in zip(ms, ms[1:], strict=False)]
    assert local == sorted(local, reverse=True)
    assert local[-1] < local[0] / 3


def test_power_tail_matches_direct_sum_when_tail_is_light():
    beta, n = 3.0, 50
    k = np.arange(1, 2_000_001, dtype=float)
    direct = lc.missing_mass(k**-beta / special.zeta(beta, 1.0), n)
    b = lc.power_tail_missing_mass(n, beta)
    assert b.lower - 1e-12 <= direct <= b.upper + 1e-12


@pytest.mark.parametrize("beta", [1.25, 1.5, 2.0])
def test_power_tail_follows_karlin_asymptote(beta):
    n = 10**7
    assert lc.power_tail_missing_mass(n, beta).mid == pytest.approx(
        float(lc.power_tail_asymptote(n, beta)), rel=0.02)


def test_claim_three_rates_is_marked_unchecked():
    art = registry.load_all()["dlt.claim_three_rates"]
    assert art.func() is None
    assert art.claim.verdict(None)[0] == "unchecked" == art.claim.expect
    assert art.claim.issue == "AN #140"


@pytest.mark.parametrize("n", [5, 50, 500])
def test_finite_grid_error_rises_with_k_towards_linear(n):
    # Right Riemann sums of a decreasing integrand increase with K toward 1/(n + 1).
    errs = [lc.finite_threshold_error(n, k) for k in (1, 2, 5, 10, 100, 10**4, 10**6)]
    assert errs == sorted(errs)
    assert errs[-1] < lc.continuous_threshold_error(n)


def test_worst_case_over_grids_is_linear():
    assert lc.worst_case_over_grids(1000, 10**6) == pytest.approx(1.0, abs=0.01)
    assert lc.worst_case_over_grids(1000, 100) < 0.5  # small spreads alone are fast


def test_fast_each_slow_worst_claim_verdict():
    reg = registry.load_all()
    art = reg["dlt.claim_fast_each_slow_worst"]
    value = reg[art.reads[0]]
    verdict, detail = art.claim.verdict(value.func(**value.params))
    assert verdict == art.claim.expect == "holds", detail
