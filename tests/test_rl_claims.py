"""Occupancy, successor features and GPI: closed forms, simulation, and the RL claims."""

from __future__ import annotations

import numpy as np
import pytest

from recomputed.engine import datafiles
from recomputed.science import occupancy, proportions


@pytest.mark.parametrize("gamma", [0.0, 0.5, 0.9, 0.99])
def test_geometric_horizon_is_the_mean_offset(gamma):
    k = np.arange(1, 20_000)
    mean = np.sum(k * (1 - gamma) * gamma ** (k - 1))
    assert occupancy.geometric_horizon(gamma) == pytest.approx(mean, rel=1e-9)


def test_geometric_horizon_rejects_gamma_one():
    with pytest.raises(ValueError):
        occupancy.geometric_horizon(1.0)


def test_two_state_chain_closed_form():
    """Swap chain: from state 0 the next state is 1, then 0, ... V has a closed form."""
    P = np.array([[0.0, 1.0], [1.0, 0.0]])
    r = np.array([0.0, 1.0])
    g = 0.9
    # From 0: rewards 1, 0, 1, 0 ... at k = 1, 2, 3 ...: sum_j g^(2j) = 1 / (1 - g^2).
    v0 = 1 / (1 - g**2)
    assert occupancy.rollout_value(P, r, g, 5000)[0] == pytest.approx(v0)
    mu = occupancy.occupancy(P, g)
    assert (mu @ r)[0] == pytest.approx((1 - g) * v0)


def test_bootstrap_reaches_the_closed_form_occupancy():
    rng = np.random.default_rng(3)
    P = rng.dirichlet(np.ones(6), size=6)
    mu = occupancy.bootstrap_occupancy(P, 0.9)
    assert np.allclose(mu, occupancy.occupancy(P, 0.9), atol=1e-11)
    assert np.allclose(mu.sum(axis=1), 1.0)


def test_sampled_gamma_model_recovers_the_value():
    """Monte Carlo: sample k ~ Geometric(1 - gamma), walk k steps, average r(s_k)."""
    rng = np.random.default_rng(11)
    n, gamma, samples = 5, 0.8, 40_000
    P = rng.dirichlet(np.ones(n), size=n)
    r = rng.standard_normal(n)
    ks = rng.geometric(1 - gamma, size=samples)
    cum = np.cumsum(P, axis=1)
    s = np.zeros(samples, dtype=int)
    for step in range(int(ks.max())):
        moving = ks > step
        u = rng.random(samples)
        nxt = np.minimum((u[:, None] > cum[s]).sum(axis=1), n - 1)
        s = np.where(moving, nxt, s)
    estimate = r[s].mean()
    se = r[s].std() / np.sqrt(samples)
    truth = (1 - gamma) * occupancy.rollout_value(P, r, gamma, 2000)[0]
    assert abs(estimate - truth) < 4 * se


@pytest.fixture(scope="module")
def mdp():
    return occupancy.random_mdp(np.random.default_rng(7), 6, 3, 4, 0.9)


def test_successor_features_give_values_for_any_w(mdp):
    rng = np.random.default_rng(8)
    pi = rng.integers(0, mdp.n_actions, mdp.n_states)
    psi = occupancy.successor_features(mdp, pi)
    for _ in range(5):
        w = rng.standard_normal(4)
        assert np.allclose(psi @ w, occupancy.q_values(mdp, pi, w), atol=1e-10)


def test_optimal_policy_beats_random_policies(mdp):
    rng = np.random.default_rng(9)
    w = rng.standard_normal(4)
    q_star = occupancy.q_values(mdp, occupancy.optimal_policy(mdp, w), w)
    for _ in range(50):
        pi = rng.integers(0, mdp.n_actions, mdp.n_states)
        assert np.all(q_star >= occupancy.q_values(mdp, pi, w) - 1e-10)
    # Bellman optimality: Q* = r + gamma T max_a Q*.
    backup = mdp.phi @ w + mdp.gamma * np.einsum("asn,n->sa", mdp.T, q_star.max(axis=1))
    assert np.allclose(q_star, backup, atol=1e-10)


def test_gpi_with_the_optimal_policy_among_its_inputs_is_optimal(mdp):
    rng = np.random.default_rng(10)
    w = rng.standard_normal(4)
    pi_star = occupancy.optimal_policy(mdp, w)
    other = rng.integers(0, mdp.n_actions, mdp.n_states)
    psis = [occupancy.successor_features(mdp, p) for p in (other, pi_star)]
    q_gpi = occupancy.q_values(mdp, occupancy.gpi_policy(psis, w), w)
    assert np.allclose(q_gpi, occupancy.q_values(mdp, pi_star, w), atol=1e-9)


def test_moba_interval_contains_the_published_win_rate():
    ds = datafiles.load("ye_2020_moba_constants")

    def c(name):
        return ds.one(name=name)["value"]

    n = int(c("moba_matches"))
    ci = proportions.clopper_pearson(n - int(c("moba_losses")), n)
    assert ci.low < c("moba_win_rate_percent") / 100 < ci.high
    assert ci.estimate == pytest.approx(c("moba_win_rate_percent") / 100, abs=5e-5)




def test_dreamerv2_clipping_never_raises_a_mean():
    """Clipping each game's score at the record cannot raise the mean over games."""
    ds = datafiles.load("hafner_2021_dreamerv2")
    rows = [r for r in ds if r["record_mean"] is not None]
    assert rows
    for r in rows:
        assert r["clipped_record_mean"] <= r["record_mean"] + 1e-12, r["agent"]


def test_dreamerv2_real_inputs_are_steps_over_action_repeat():
    """Sec. 3: 200M environment steps at action repeat 4 are the paper's '50M inputs'."""
    ds = datafiles.load("hafner_2021_constants")

    def c(name):
        return ds.one(name=name)["value"]

    assert c("dreamer_env_steps") / c("dreamer_action_repeat") == pytest.approx(50e6)
