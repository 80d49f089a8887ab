"""Bayes-optimal predictors and agents for the meta-learning examples of AN #139.

Ortega et al., "Meta-learning of Sequential Strategies" (arXiv 1905.03030), and
Mikulik et al., "Meta-trained agents implement Bayes-optimal agents" (arXiv
2010.11223), use tasks whose Bayes-optimal solutions are known exactly: predicting
coin flips whose bias θ is drawn once per episode from a prior, and playing a
two-armed Bernoulli bandit whose arm probabilities are drawn from Beta priors.

Coin flips. After h heads in n flips, the probability that the next flip is heads
is the posterior mean of θ:

    P(H | h, n) = E[θ^(h+1) (1−θ)^(n−h)] / E[θ^h (1−θ)^(n−h)],

which for a Beta(a, b) prior is (a + h)/(a + b + n). After a single head it is
E[θ²]/E[θ]; for any prior symmetric about 1/2 that is 1/2 + 2 Var(θ), so the
jump after one head measures only the prior's spread.

Bandit. Each arm i pays 1 with unknown probability θᵢ ~ Beta(aᵢ, bᵢ), independently.
The state is the success and failure counts (s₁, f₁, s₂, f₂); the Bayes-optimal
value with r pulls left solves

    V_r(state) = max_i [ pᵢ (1 + V_{r−1}(state + successᵢ)) + (1 − pᵢ) V_{r−1}(state + failureᵢ) ],
    pᵢ = (aᵢ + sᵢ)/(aᵢ + bᵢ + sᵢ + fᵢ),   V_0 = 0,

in expected total reward (number of successes). Other policies are evaluated
with the same recursion, averaging over their action probabilities.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# scipy is imported inside the functions that use it: importing it costs a
# noticeable part of every build, and a cached build never calls them.

# --- Coin flips -----------------------------------------------------------------------------

def beta_predictive(a: float, b: float, heads: int, flips: int) -> float:
    """P(next flip is heads) after ``heads`` in ``flips``, Beta(a, b) prior: (a+h)/(a+b+n)."""
    if not 0 <= heads <= flips:
        raise ValueError("need 0 ≤ heads ≤ flips")
    return (a + heads) / (a + b + flips)


def predictive(prior_pdf, heads: int, flips: int) -> float:
    """P(next flip is heads) under any prior density on [0, 1], by quadrature.

    Ratio of E[θ^(h+1)(1−θ)^(n−h)] to E[θ^h(1−θ)^(n−h)], both integrals over [0, 1].
    Meant for bounded densities (such as a cut Normal); for Beta priors use the closed
    form :func:`beta_predictive`, which also covers densities that blow up at 0 or 1.
    """
    from scipy import integrate

    def moment(extra):
        return integrate.quad(lambda t: prior_pdf(t) * t ** (heads + extra)
                              * (1.0 - t) ** (flips - heads), 0.0, 1.0,
                              epsabs=0.0, epsrel=1e-11, limit=200)[0]

    return moment(1) / moment(0)


def truncated_normal_pdf(mean: float, sd: float):
    """Density of Normal(mean, sd²) restricted to [0, 1] (renormalised)."""
    from scipy import stats

    dist = stats.truncnorm((0.0 - mean) / sd, (1.0 - mean) / sd, loc=mean, scale=sd)
    return dist.pdf


def truncated_normal_variance(mean: float, sd: float) -> float:
    """Variance of Normal(mean, sd²) restricted to [0, 1]."""
    from scipy import stats

    return float(stats.truncnorm((0.0 - mean) / sd, (1.0 - mean) / sd, loc=mean, scale=sd).var())


def beta_variance(a: float, b: float) -> float:
    """Var of Beta(a, b): ab / ((a+b)²(a+b+1))."""
    return a * b / ((a + b) ** 2 * (a + b + 1.0))


def symmetric_one_head(variance: float) -> float:
    """P(heads | one head) for a prior symmetric about 1/2: E[θ²]/E[θ] = 1/2 + 2 Var(θ)."""
    return 0.5 + 2.0 * variance


def symmetric_beta_for_one_head(prediction: float) -> float:
    """The a of a Beta(a, a) prior whose prediction after one head is ``prediction``.

    Solves (a + 1)/(2a + 1) = q for a: a = (1 − q)/(2q − 1), for 1/2 < q < 1.
    """
    if not 0.5 < prediction < 1.0:
        raise ValueError("a symmetric prior moves the prediction into (1/2, 1) after a head")
    return (1.0 - prediction) / (2.0 * prediction - 1.0)


def beta_mass_outside(a: float, b: float, lo: float, hi: float) -> float:
    """P(θ < lo or θ > hi) under Beta(a, b): how much prior mass sits near 0 and 1."""
    from scipy import special

    return float(special.betainc(a, b, lo) + 1.0 - special.betainc(a, b, hi))


# --- Two-armed Bernoulli bandit ---------------------------------------------------------------

@dataclass(frozen=True)
class BanditValues:
    """Expected total reward from the prior state, for horizons 1 … H (index h−1)."""

    horizons: tuple[int, ...]
    optimal: tuple[float, ...]
    thompson: tuple[float, ...]
    greedy: tuple[float, ...]


def prob_first_better(a1, b1, a2, b2):
    """P(θ₁ > θ₂) for independent θᵢ ~ Beta(aᵢ, bᵢ) with integer a₁ (vectorised).

    Exact finite sum (e.g. Cook 2005; Miller 2015):
    Σ_{i=0}^{a₁−1} B(a₂ + i, b₁ + b₂) / ((b₁ + i) B(1 + i, b₁) B(a₂, b₂)).
    """
    from scipy import special

    a1, b1, a2, b2 = np.broadcast_arrays(*(np.asarray(x, dtype=float) for x in (a1, b1, a2, b2)))
    if np.any(a1 != np.round(a1)) or np.any(a1 < 1):
        raise ValueError("this closed form needs a positive integer a₁")
    # Consecutive terms differ by the factor (a₂ + i)(b₁ + i) / ((a₂ + b₁ + b₂ + i)(1 + i)),
    # and the first is B(a₂, b₁ + b₂)/B(a₂, b₂) (as b₁ B(1, b₁) = 1).
    term = np.exp(special.betaln(a2, b1 + b2) - special.betaln(a2, b2))
    total = np.zeros(a1.shape)
    for i in range(int(a1.max())):
        total += np.where(i < a1, term, 0.0)
        term = term * (a2 + i) * (b1 + i) / ((a2 + b1 + b2 + i) * (1.0 + i))
    return total


def _states(horizon: int):
    """All (s₁, f₁, s₂, f₂) with total ≤ horizon, ordered by total, and a key function.

    A state's key is its counts read as digits in base horizon + 2, so successor
    states are found with a binary search instead of a (horizon + 2)⁴ lookup array.
    """
    rows = [(s1, f1, s2, t - s1 - f1 - s2)
            for t in range(horizon + 1)
            for s1 in range(t + 1)
            for f1 in range(t - s1 + 1)
            for s2 in range(t - s1 - f1 + 1)]
    states = np.array(rows, dtype=np.int64)
    base = horizon + 2

    def key(st):
        return ((st[:, 0] * base + st[:, 1]) * base + st[:, 2]) * base + st[:, 3]

    keys = key(states)
    order = np.argsort(keys)

    def lookup(st):
        # Successors of states at the maximum total do not exist; any in-range index
        # will do for them because their values are masked out by the caller.
        pos = np.clip(np.searchsorted(keys[order], key(st)), 0, len(keys) - 1)
        return order[pos]

    return states, lookup


def bandit_values(horizon: int, prior=(1, 1, 1, 1)) -> BanditValues:
    """Bayes-optimal, Thompson-sampling and greedy values for horizons 1 … ``horizon``.

    ``prior`` is (a₁, b₁, a₂, b₂) of the arms' Beta priors (a₁ a positive integer, for
    the exact Thompson probabilities). Thompson sampling pulls arm 1 with probability
    P(θ₁ > θ₂ | data); greedy pulls the arm with the larger posterior mean, splitting
    ties evenly. All three are evaluated exactly by backward induction over the
    posterior counts (no simulation).
    """
    a1, b1, a2, b2 = (float(x) for x in prior)
    states, lookup = _states(horizon)
    s1, f1, s2, f2 = states.T
    total = states.sum(axis=1)
    p1 = (a1 + s1) / (a1 + b1 + s1 + f1)
    p2 = (a2 + s2) / (a2 + b2 + s2 + f2)
    # Successor states; a state at the maximum total has none (its entries are never read).
    succ = {k: lookup(states + np.array(d)) for k, d in
            (("s1", (1, 0, 0, 0)), ("f1", (0, 1, 0, 0)), ("s2", (0, 0, 1, 0)),
             ("f2", (0, 0, 0, 1)))}
    q_ts = prob_first_better(a1 + s1, b1 + f1, a2 + s2, b2 + f2)
    q_greedy = np.where(p1 > p2, 1.0, np.where(p1 < p2, 0.0, 0.5))

    out = {"optimal": [], "thompson": [], "greedy": []}
    values = {k: np.zeros(len(states)) for k in out}
    for r in range(1, horizon + 1):
        live = total <= horizon - r  # states from which r pulls remain possible
        for k, v_prev in values.items():
            arm1 = p1 * (1.0 + v_prev[succ["s1"]]) + (1.0 - p1) * v_prev[succ["f1"]]
            arm2 = p2 * (1.0 + v_prev[succ["s2"]]) + (1.0 - p2) * v_prev[succ["f2"]]
            if k == "optimal":
                v = np.maximum(arm1, arm2)
            else:
                q = q_ts if k == "thompson" else q_greedy
                v = q * arm1 + (1.0 - q) * arm2
            values[k] = np.where(live, v, 0.0)
            out[k].append(float(values[k][0]))  # state 0 is the prior (no data)
    return BanditValues(horizons=tuple(range(1, horizon + 1)), optimal=tuple(out["optimal"]),
                        thompson=tuple(out["thompson"]), greedy=tuple(out["greedy"]))


def expected_max_mean(prior=(1, 1, 1, 1)) -> float:
    """E[max(θ₁, θ₂)] under the prior: the per-pull reward of an agent told the θs.

    E[max] = ∫₀¹ (1 − F₁(x) F₂(x)) dx, with Fᵢ the Beta CDFs.
    """
    from scipy import integrate, special

    a1, b1, a2, b2 = (float(x) for x in prior)
    val, _ = integrate.quad(lambda x: 1.0 - special.betainc(a1, b1, x) * special.betainc(a2, b2, x),
                            0.0, 1.0, epsabs=1e-13, epsrel=1e-12)
    return float(val)


def simulate_thompson(horizon: int, episodes: int, rng: np.random.Generator,
                      prior=(1, 1, 1, 1)) -> float:
    """Mean total reward of Thompson sampling by simulation (a check on the exact DP)."""
    a1, b1, a2, b2 = (float(x) for x in prior)
    theta = np.stack([rng.beta(a1, b1, episodes), rng.beta(a2, b2, episodes)], axis=1)
    succ = np.zeros((episodes, 2))
    fail = np.zeros((episodes, 2))
    a = np.array([a1, a2])
    b = np.array([b1, b2])
    total = 0.0
    rows = np.arange(episodes)
    for _ in range(horizon):
        draws = rng.beta(a + succ, b + fail)
        arm = np.argmax(draws, axis=1)
        reward = rng.random(episodes) < theta[rows, arm]
        succ[rows, arm] += reward
        fail[rows, arm] += ~reward
        total += reward.sum()
    return total / episodes
