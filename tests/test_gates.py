"""The Lin–Tegmark–Rolnick multiplication gate against closed forms and its Taylor expansion."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recomputed.engine import registry
from recomputed.science import gates


def _numeric_derivative(f, z, h=1e-4):
    """Central difference: accurate to O(h²), independent of the closed forms."""
    return (f(z + h) - f(z - h)) / (2.0 * h)


@pytest.mark.parametrize("order", [1, 2, 3, 4])
@pytest.mark.parametrize("z", [-6.0, -1.3, 0.0, 0.4, 2.5, 9.0])
def test_softplus_derivatives_match_finite_differences(order, z):
    def lower(x):
        return float(gates.softplus_derivative(x, order - 1))

    assert float(gates.softplus_derivative(z, order)) == pytest.approx(
        _numeric_derivative(lower, z), abs=1e-7)


def test_derivatives_at_zero_match_the_power_series():
    # ln(1 + e^z) = ln 2 + z/2 + z²/8 − z⁴/192 + …, so σ''(0) = 2!/8 and σ''''(0) = −4!/192.
    assert float(gates.softplus_derivative(0.0, 2)) == pytest.approx(math.factorial(2) / 8)
    assert float(gates.softplus_derivative(0.0, 4)) == pytest.approx(-math.factorial(4) / 192)
    assert float(gates.softplus_derivative(0.0, 3)) == pytest.approx(0.0, abs=1e-15)


def test_softplus_is_stable_for_large_inputs():
    assert float(gates.softplus(800.0)) == pytest.approx(800.0)
    assert float(gates.softplus(-800.0)) == pytest.approx(0.0, abs=1e-300)


def test_gate_has_four_neurons_with_balanced_signs():
    assert len(gates.GATE_NEURONS) == 4
    # Output signs cancel the constant 2σ(0) terms: they must sum to zero.
    assert sum(c for _, _, c in gates.GATE_NEURONS) == 0


@given(st.floats(-3, 3), st.floats(-3, 3), st.floats(0.05, 1.0))
def test_stable_form_equals_the_literal_four_neurons(x, y, lam):
    # Same function, two evaluations; at moderate λ float64 cancellation is mild.
    lit = float(gates.approx_product(x, y, lam, literal=True))
    exact = float(gates.approx_product(x, y, lam))
    assert exact == pytest.approx(lit, abs=1e-9 / lam**2)


nonzero = st.floats(0.1, 2.0) | st.floats(-2.0, -0.1)


@settings(max_examples=200)
@given(nonzero, nonzero, st.floats(1e-3, 0.2))
def test_relative_error_follows_taylor_term(x, y, lam):
    # err = c λ²(x²+y²) + O(λ⁴(x²+y²)²); softplus' next coefficient is well below 0.05.
    err = float(gates.relative_error(x, y, lam))
    taylor = float(gates.taylor_relative_error(x, y, lam))
    assert abs(err - taylor) <= 0.05 * (lam**2 * (x * x + y * y)) ** 2 + 1e-13


def test_taylor_coefficient_from_derivatives():
    c = gates.taylor_coefficient()
    assert c == pytest.approx(
        float(gates.softplus_derivative(0.0, 4)) / (6 * float(gates.softplus_derivative(0.0, 2))))
    assert c < 0  # the gate underestimates |xy|


def test_error_halves_lambda_quarters_error():
    ratios = [float(gates.relative_error(0.8, 0.6, lam) / gates.relative_error(0.8, 0.6, lam / 2))
              for lam in (1e-2, 1e-3, 1e-4)]
    assert ratios == pytest.approx([4.0] * 3, rel=1e-3)


def test_gate_becomes_exact_as_lambda_shrinks():
    errs = [abs(float(gates.relative_error(-0.9, 0.35, lam))) for lam in (1e-1, 1e-2, 1e-3, 1e-4)]
    assert errs == sorted(errs, reverse=True)
    assert errs[-1] < 1e-8


def test_literal_float64_gate_has_a_rounding_floor():
    # Cancellation: at tiny λ the literal sum is worse than at moderate λ, the exact form is not.
    lit_small = abs(float(gates.relative_error(0.8, 0.6, 1e-6, literal=True)))
    lit_mid = abs(float(gates.relative_error(0.8, 0.6, 1e-3, literal=True)))
    assert lit_small > 10 * lit_mid
    exact_small = float(gates.relative_error(0.8, 0.6, 1e-6))
    assert exact_small == pytest.approx(float(gates.taylor_relative_error(0.8, 0.6, 1e-6)),
                                        rel=1e-3)


@given(st.floats(-3.0, 3.0), st.floats(0.5, 4.0))
def test_loglog_slope_recovers_power_laws(log_a, slope):
    lams = np.geomspace(1e-4, 1e-1, 15)
    errs = math.exp(log_a) * lams**slope
    assert gates.loglog_slope(lams, errs) == pytest.approx(slope, abs=1e-9)


@pytest.mark.parametrize("n", range(2, 40))
def test_neuron_counts(n):
    c = gates.neuron_counts(n)
    assert c.shallow_min == 2**n
    assert c.deep == 4 * (n - 1)
    assert 2 ** (c.depth - 1) < n <= 2**c.depth
    assert (c.deep < c.shallow_min) == (n >= 4)


def test_neuron_counts_need_two_inputs():
    with pytest.raises(ValueError):
        gates.neuron_counts(1)


@pytest.mark.parametrize("n", [1, 2, 3, 5, 8, 13])
def test_tree_uses_n_minus_one_gates_and_multiplies(n, monkeypatch):
    calls = []
    original = gates.approx_product

    def counting(x, y, lam, literal=False):
        calls.append(1)
        return original(x, y, lam, literal)

    monkeypatch.setattr(gates, "approx_product", counting)
    rng = np.random.default_rng(n)
    xs = rng.uniform(0.5, 1.5, n) * rng.choice([-1.0, 1.0], n)
    result = gates.tree_product(xs, 1e-4)
    assert len(calls) == n - 1
    assert result == pytest.approx(float(np.prod(xs)), rel=1e-6)


MY_CLAIMS = ["dlt.claim_error_quadratic", "dlt.claim_arbitrarily_well",
             "dlt.claim_tree_multiplies"]


def _checked_value(name):
    """The number of the value that claim ``name`` checks, computed from its params and the
    artifacts it reads (themselves computed from their params)."""
    reg = registry.load_all()
    value = reg[reg[name].reads[0]]
    inputs = {registry.argument(n): reg[n].func(**reg[n].params) for n in value.reads}
    return value.func(**inputs, **value.params)


@pytest.mark.parametrize("name", MY_CLAIMS)
def test_claims_reach_their_published_verdict(name):
    art = registry.load_all()[name]
    verdict, detail = art.claim.verdict(_checked_value(name))
    assert verdict == art.claim.expect, detail
    assert art.claim.issue == "AN #139"


def test_shallow_construction_with_two_inputs_is_the_gate():
    for x, y in [(0.8, 0.6), (-1.3, 0.2), (0.5, -0.5)]:
        assert gates.shallow_product([x, y], 0.05) == pytest.approx(
            float(gates.approx_product(x, y, 0.05, literal=True)), rel=1e-9)


@pytest.mark.parametrize("n", [2, 3, 4])
def test_shallow_construction_error_shrinks_like_lambda_squared(n):
    rng = np.random.default_rng(100 + n)
    xs = rng.uniform(0.5, 1.5, n) * rng.choice([-1.0, 1.0], n)
    errs = [abs(gates.shallow_product(xs, lam, bias=1.0) / np.prod(xs) - 1.0)
            for lam in (0.04, 0.02)]
    assert errs[0] / errs[1] == pytest.approx(4.0, rel=0.05)


def test_shallow_construction_needs_a_nonzero_derivative():
    with pytest.raises(ValueError):
        gates.shallow_product([0.5, 0.7, 0.9], 0.01, bias=0.0)  # softplus''' (0) = 0


@pytest.mark.parametrize("d", [2, 3, 5])
def test_shell_volume_fraction_matches_sampling(d):
    from recomputed.artifacts.sgd_volume import shell_volume_fraction

    rng = np.random.default_rng(d)
    pts = rng.uniform(-1, 1, (400_000, d))
    r = np.linalg.norm(pts, axis=1)
    r = r[r <= 1.0]  # uniform in the ball, by rejection from the cube
    frac = np.mean(r > 0.8)
    assert shell_volume_fraction(d, 0.2) == pytest.approx(frac, abs=5 * math.sqrt(0.25 / len(r)))


def test_shell_volume_fraction_grows_with_dimension():
    from recomputed.artifacts.sgd_volume import shell_volume_fraction

    fracs = [shell_volume_fraction(d, 0.01) for d in (1, 10, 100, 1000)]
    assert fracs == sorted(fracs)
    assert fracs[0] == pytest.approx(0.01)


def test_volume_claim_verdict():
    art = registry.load_all()["dlt.claim_volume_near_boundary"]
    verdict, detail = art.claim.verdict(_checked_value("dlt.claim_volume_near_boundary"))
    assert verdict == art.claim.expect == "holds", detail
