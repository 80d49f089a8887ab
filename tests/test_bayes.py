"""Bayes-optimal coin prediction and bandit play (AN #139) against closed forms and simulation."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, stats

from recomputed.engine import registry
from recomputed.science import bayes

positive = st.floats(1.0, 20.0)  # bounded densities: `predictive` integrates them by quad


@settings(max_examples=60, deadline=None)
@given(positive, positive, st.integers(0, 12), st.integers(0, 12))
def test_beta_predictive_matches_quadrature(a, b, heads, tails):
    # (a + h)/(a + b + n) in closed form, against the generic posterior-mean integral.
    n = heads + tails
    numeric = bayes.predictive(stats.beta(a, b).pdf, heads, n)
    assert bayes.beta_predictive(a, b, heads, n) == pytest.approx(numeric, rel=1e-7)


def test_beta_predictive_is_laplace_rule_for_uniform_prior():
    for h, n in [(0, 0), (3, 7), (10, 10)]:
        assert bayes.beta_predictive(1, 1, h, n) == pytest.approx((h + 1) / (n + 2))


def test_beta_predictive_rejects_impossible_counts():
    with pytest.raises(ValueError):
        bayes.beta_predictive(1, 1, 3, 2)


@pytest.mark.parametrize("sd", [0.05, 0.15, 0.3, 1.0])
def test_one_head_equals_half_plus_twice_variance_for_symmetric_priors(sd):
    pdf = bayes.truncated_normal_pdf(0.5, sd)
    var = bayes.truncated_normal_variance(0.5, sd)
    assert bayes.predictive(pdf, 1, 1) == pytest.approx(bayes.symmetric_one_head(var), rel=1e-8)
    assert bayes.predictive(pdf, 0, 0) == pytest.approx(0.5, rel=1e-9)


def test_truncated_normal_variance_matches_quadrature():
    pdf = bayes.truncated_normal_pdf(0.5, 0.2)
    m2 = integrate.quad(lambda t: pdf(t) * (t - 0.5) ** 2, 0, 1)[0]
    assert bayes.truncated_normal_variance(0.5, 0.2) == pytest.approx(m2, rel=1e-8)


@given(st.floats(0.5001, 0.999))
def test_symmetric_beta_inverse(q):
    a = bayes.symmetric_beta_for_one_head(q)
    assert bayes.beta_predictive(a, a, 1, 1) == pytest.approx(q, rel=1e-9)
    # And the variance identity holds for the Beta family too.
    assert bayes.symmetric_one_head(bayes.beta_variance(a, a)) == pytest.approx(q, rel=1e-9)


def test_symmetric_beta_inverse_rejects_impossible_predictions():
    for q in (0.5, 0.3, 1.0):
        with pytest.raises(ValueError):
            bayes.symmetric_beta_for_one_head(q)


def test_one_head_prediction_falls_as_prior_concentrates():
    preds = [bayes.beta_predictive(a, a, 1, 1) for a in (0.01, 0.1, 1, 10, 100)]
    assert preds == sorted(preds, reverse=True)
    assert all(0.5 < p < 1 for p in preds)


def test_beta_mass_outside_matches_sampling():
    rng = np.random.default_rng(3)
    x = rng.beta(0.1, 0.1, 400_000)
    frac = np.mean((x < 0.1) | (x > 0.9))
    assert bayes.beta_mass_outside(0.1, 0.1, 0.1, 0.9) == pytest.approx(frac, abs=0.004)


# --- Bandit -----------------------------------------------------------------------------------

@pytest.mark.parametrize("a1,b1,a2,b2", [(1, 1, 1, 1), (3, 2, 2, 5), (1, 4, 2.5, 0.7),
                                         (6, 1, 6, 1)])
def test_prob_first_better_matches_quadrature(a1, b1, a2, b2):
    # P(θ₁ > θ₂) = ∫ f₁(x) F₂(x) dx.
    f1, f2 = stats.beta(a1, b1), stats.beta(a2, b2)
    numeric = integrate.quad(lambda x: f1.pdf(x) * f2.cdf(x), 0, 1, epsabs=1e-12)[0]
    assert float(bayes.prob_first_better(a1, b1, a2, b2)) == pytest.approx(numeric, abs=1e-9)


@given(st.integers(1, 30), st.integers(1, 30), st.integers(1, 30), st.integers(1, 30))
def test_prob_first_better_is_complementary(a1, b1, a2, b2):
    p = bayes.prob_first_better(a1, b1, a2, b2) + bayes.prob_first_better(a2, b2, a1, b1)
    assert float(p) == pytest.approx(1.0, abs=1e-10)


def test_prob_first_better_needs_integer_a1():
    with pytest.raises(ValueError):
        bayes.prob_first_better(1.5, 1, 1, 1)


@pytest.mark.parametrize("prior", [(1, 1, 1, 1), (2, 1, 1, 3), (1, 5, 4, 2)])
def test_horizon_one_value_is_the_better_prior_mean(prior):
    a1, b1, a2, b2 = prior
    v = bayes.bandit_values(1, prior)
    best = max(a1 / (a1 + b1), a2 / (a2 + b2))
    assert v.optimal[0] == pytest.approx(best)
    assert v.greedy[0] == pytest.approx(best)


def test_horizon_two_value_by_hand():
    # Uniform priors: pull either arm (mean 1/2). After a success that arm's mean is 2/3;
    # after a failure the untouched arm's 1/2 is best. V₂ = 1/2 + (1/2)(2/3) + (1/2)(1/2).
    expected = Fraction(1, 2) + Fraction(1, 2) * Fraction(2, 3) + Fraction(1, 2) * Fraction(1, 2)
    assert bayes.bandit_values(2).optimal[1] == pytest.approx(float(expected))


@pytest.fixture(scope="module")
def uniform_values():
    return bayes.bandit_values(25)


def test_values_increase_with_horizon_and_respect_bounds(uniform_values):
    v = uniform_values
    best = bayes.expected_max_mean()
    for name in ("optimal", "thompson", "greedy"):
        vals = np.array(getattr(v, name))
        assert np.all(np.diff(vals) > 0)
        assert np.all(vals / np.array(v.horizons) <= best + 1e-12)
        assert np.all(vals / np.array(v.horizons) >= 0.5 - 1e-12)  # never worse than random
    assert np.all(np.array(v.optimal) >= np.array(v.thompson) - 1e-12)
    assert np.all(np.array(v.optimal) >= np.array(v.greedy) - 1e-12)


def test_per_pull_value_approaches_the_informed_agent(uniform_values):
    per = np.array(uniform_values.optimal) / np.array(uniform_values.horizons)
    assert np.all(np.diff(per[1:]) > 0)


def test_expected_max_of_two_uniforms_is_two_thirds():
    # E[max(U₁, U₂)] = ∫ 2x·x dx = 2/3.
    assert bayes.expected_max_mean() == pytest.approx(2 / 3, rel=1e-10)


def test_exact_thompson_matches_simulation(uniform_values):
    h, episodes = 10, 200_000
    sim = bayes.simulate_thompson(h, episodes, np.random.default_rng(11))
    # Total reward over 10 pulls has standard deviation at most 5 (it lies in [0, 10]).
    assert uniform_values.thompson[h - 1] == pytest.approx(sim, abs=4 * 5 / math.sqrt(episodes))


def test_state_space_size_is_binomial():
    states, _ = bayes._states(12)
    assert len(states) == math.comb(12 + 4, 4)
    assert len({tuple(s) for s in states}) == len(states)


def _computed(reg, name):
    """An artifact's result from its params and the artifacts it reads (computed alike)."""
    art = reg[name]
    inputs = {registry.argument(n): _computed(reg, n) for n in art.reads}
    result = art.func(**inputs, **art.params)
    return result.data if art.kind == "figure" else result


@pytest.mark.parametrize("name", ["meta.claim_55_45", "meta.claim_90_10"])
def test_illustrative_odds_are_not_checked(name):
    """Rohin Shah's odds are illustrations: a prior can be picked to reach any odds, so a
    check would be unable to fail. They are filed as not checkable, with the reason."""
    art = registry.load_all()[name]
    assert art.claim.expect == "unchecked"
    assert art.claim.issue == "AN #139"
    assert "not an empirical claim" in art.claim.why_unchecked


def test_one_head_values_match_one_half_plus_twice_the_variance():
    """For a prior symmetric about 1/2, P(heads | one head) = E[θ²]/E[θ] = 1/2 + 2 Var(θ);
    the variances here come from SciPy's truncated Normal and Beta, not our quadrature."""
    from scipy import stats

    from recomputed.artifacts import meta_learning as ml

    reg = registry.load_all()
    mean, sd = ml.CONCENTRATED["mean"], ml.CONCENTRATED["sd"]
    cut = stats.truncnorm((0 - mean) / sd, (1 - mean) / sd, loc=mean, scale=sd)
    assert _computed(reg, "meta.concentrated_one_head") == pytest.approx(
        0.5 + 2 * cut.var(), abs=1e-6)
    a = ml.BIMODAL["a"]
    assert _computed(reg, "meta.bimodal_one_head") == pytest.approx(
        0.5 + 2 * stats.beta(a, a).var(), abs=1e-12)


def test_bandit_state_count_value_matches_enumeration():
    art = registry.load_all()["meta.bandit_states"]
    params = dict(art.params, horizon=9)
    states, _ = bayes._states(9)
    assert art.func(**params) == len(states)


def _recursive_values(horizon, prior):
    """An independent, memoised recursion over posterior counts (no arrays, no lookups)."""
    from functools import cache

    a1, b1, a2, b2 = prior

    @cache
    def value(kind, s1, f1, s2, f2, left):
        if left == 0:
            return 0.0
        p1 = (a1 + s1) / (a1 + b1 + s1 + f1)
        p2 = (a2 + s2) / (a2 + b2 + s2 + f2)
        q1 = p1 * (1 + value(kind, s1 + 1, f1, s2, f2, left - 1)) + (1 - p1) * value(
            kind, s1, f1 + 1, s2, f2, left - 1)
        q2 = p2 * (1 + value(kind, s1, f1, s2 + 1, f2, left - 1)) + (1 - p2) * value(
            kind, s1, f1, s2, f2 + 1, left - 1)
        if kind == "optimal":
            return max(q1, q2)
        if kind == "greedy":
            w = 1.0 if p1 > p2 else 0.0 if p1 < p2 else 0.5
        else:  # Thompson: P(θ₁ > θ₂) by quadrature, independent of the closed-form sum
            d1, d2 = stats.beta(a1 + s1, b1 + f1), stats.beta(a2 + s2, b2 + f2)
            w = integrate.quad(lambda x: d1.pdf(x) * d2.cdf(x), 0, 1, epsabs=1e-12)[0]
        return w * q1 + (1 - w) * q2

    return {k: [value(k, 0, 0, 0, 0, h) for h in range(1, horizon + 1)]
            for k in ("optimal", "greedy", "thompson")}


@pytest.mark.parametrize("prior", [(1, 1, 1, 1), (2, 1, 1, 3), (1, 2, 3.5, 1.5)])
def test_backward_induction_matches_plain_recursion(prior):
    horizon = 5
    v = bayes.bandit_values(horizon, prior)
    ref = _recursive_values(horizon, prior)
    assert list(v.optimal) == pytest.approx(ref["optimal"], rel=1e-12)
    assert list(v.greedy) == pytest.approx(ref["greedy"], rel=1e-12)
    assert list(v.thompson) == pytest.approx(ref["thompson"], rel=1e-8)


@pytest.mark.parametrize("prior", [(2, 1, 1, 3), (3, 5, 1, 1)])
def test_values_do_not_depend_on_arm_order(prior):
    a1, b1, a2, b2 = prior
    v, w = bayes.bandit_values(8, prior), bayes.bandit_values(8, (a2, b2, a1, b1))
    assert list(v.optimal) == pytest.approx(list(w.optimal), rel=1e-12)
    assert list(v.greedy) == pytest.approx(list(w.greedy), rel=1e-12)
    assert list(v.thompson) == pytest.approx(list(w.thompson), rel=1e-10)
