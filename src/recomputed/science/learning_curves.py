"""Three exact learning curves, one for each universal rate (AN #140).

Bousquet, Hanneke, Moran, van Handel & Yehudayoff, "A Theory of Universal
Learning" (arXiv 2011.04483) prove that for a fixed data distribution the best
achievable learning curve of a concept class (realizable case) decays either
exponentially, linearly (like 1/n), or arbitrarily slowly, according to whether
the class has no infinite Littlestone tree, no infinite VCL tree, or neither.

This module computes, in closed form or with rigorous bounds, one expected
error curve E[err(n)] (a probability, dimensionless; n = number of i.i.d.
labelled training examples) for each case:

- **exponential**: thresholds on the natural numbers, with data uniform on
  {0, …, K−1} (thresholds on ℕ have no infinite Littlestone tree, so every
  distribution gives an exponential rate, though the worst case over K is 1/n);
- **linear**: thresholds on [0, 1] under the uniform distribution (an infinite
  Littlestone tree, but VC dimension 1);
- **arbitrarily slow**: all labelings of the natural numbers (infinite VC
  dimension), learned by memorising the training set. Its error is the
  *missing mass*, the probability of a point not seen in training. For the
  distribution p_k ∝ 1/ln(k+1) − 1/ln(k+2) it decays like ln 2 / ln n, and with
  p_k ∝ k^(−β) like n^(1/β − 1), which is slower than any power as β → 1.
  That is what "arbitrarily slow" means: for every rate R(n) → 0 some
  distribution makes the curve exceed R(n) infinitely often.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

# scipy is imported inside the functions that use it: importing it costs a
# noticeable part of every build, and a cached build never calls them.


def _miss(p, n):
    """(1 − p)ⁿ, the chance that n draws all avoid an event of probability p.

    Computed as exp(n ln(1 − p)) with log1p(−p), never by forming 1 − p: for
    p below 10⁻¹⁶ that difference rounds to 1 and the answer would be lost.
    """
    p = np.asarray(p, dtype=float)
    if n == 0:
        return np.ones_like(p)
    with np.errstate(divide="ignore"):
        return np.exp(n * np.log1p(-p))


def finite_threshold_error(n: int, k: int, target: int = 0) -> float:
    """E[err] of the smallest-positive-example learner for thresholds on {0, …, K−1}.

    Labels are y = 1[x ≥ t*]; x is uniform on K points. The learner predicts
    positive from the smallest positive example it has seen (nothing seen: all
    negative). It errs on t* ≤ x < t̂, so err = (t̂ − t*)/K and
    P(t̂ − t* ≥ j) = (1 − j/K)ⁿ, giving

        E[err] = (1/K) Σ_{j=1}^{K−t*} (1 − j/K)ⁿ  ~  (1/K) e^(−n/K)  for large n.
    """
    j = np.arange(1, k - target + 1)
    return float(np.sum(_miss(j / k, n)) / k)


def worst_case_over_grids(n: int, k_max: int) -> float:
    """max over K ≤ k_max of :func:`finite_threshold_error` (n, K, 0), times n + 1.

    Each fixed K gives an exponential curve, but E_K(n) is a right Riemann sum of
    the decreasing ∫₀¹ (1 − e)ⁿ de = 1/(n + 1), so it rises towards 1/(n + 1) as K
    grows: taken over all distributions, the guarantee is only linear. Scanning
    K on a logarithmic grid is enough because E_K(n) increases with K.
    """
    ks = np.unique(np.round(np.geomspace(1, k_max, 200)).astype(int))
    return max(finite_threshold_error(n, int(k)) for k in ks) * (n + 1)


def continuous_threshold_error(n: int, target: float = 0.0) -> float:
    """E[err] of the same learner for thresholds on [0, 1], x uniform.

    err = t̂ − t* exceeds e with probability (1 − e)ⁿ for e < 1 − t*, so

        E[err] = ∫₀^{1−t*} (1 − e)ⁿ de = (1 − t*^(n+1)) / (n + 1).
    """
    return (1.0 - target ** (n + 1)) / (n + 1)


def missing_mass(p, n: int) -> float:
    """E[missing mass] = Σ_k p_k (1 − p_k)ⁿ for a finite distribution ``p``.

    The probability that a fresh draw is a point absent from n i.i.d. draws;
    a memorising learner with a wrong default label errs exactly there.
    """
    p = np.asarray(p, dtype=float)
    return float(np.sum(p * _miss(p, n)))


@dataclass(frozen=True)
class Bounds:
    """A quantity known to lie in [lower, upper]."""

    lower: float
    upper: float

    @property
    def mid(self) -> float:
        return 0.5 * (self.lower + self.upper)


def _missing_mass_bounds(n, point, block, k_exact, k_far, ratio):
    """Rigorous bounds on Σ_{k≥1} p_k (1 − p_k)ⁿ for a decreasing p.

    Points 1 … k_exact−1 are summed exactly. Beyond, blocks [a, b) with b ≈ ratio·a
    carry known mass block(a, b); inside a block p_k lies in [p(b−1), p(a)] and
    (1 − p)ⁿ is decreasing in p, which bounds each block's share. The rest
    (k ≥ k_far) has (1 − p)ⁿ between (1 − p(k_far))ⁿ and 1.
    """
    k = np.arange(1, k_exact, dtype=float)
    exact = missing_mass(point(k), n)
    edges = np.unique(np.round(np.geomspace(k_exact, k_far, int(
        math.log(k_far / k_exact) / math.log(ratio)) + 2)))
    a, b = edges[:-1], edges[1:]
    mass = block(a, b)
    lo = exact + float(np.sum(mass * _miss(point(a), n)))
    hi = exact + float(np.sum(mass * _miss(point(b - 1.0), n)))
    rest = block(np.array([k_far]), np.array([np.inf]))[0]
    lo += rest * float(_miss(point(np.array([k_far]))[0], n))
    hi += rest
    return Bounds(float(lo), float(hi))


def log_tail_point(k):
    """p_k = ln 2 · [1/ln(k+1) − 1/ln(k+2)], k = 1, 2, …: a distribution on ℕ.

    The sum telescopes to ln 2 / ln 2 = 1. Asymptotically p_k ≈ ln 2 / (k ln² k),
    a tail so heavy that the mass beyond K is exactly ln 2 / ln(K+1).
    """
    k = np.asarray(k, dtype=float)
    return math.log(2.0) * np.log1p(1.0 / (k + 1.0)) / (np.log(k + 1.0) * np.log(k + 2.0))


def _log_tail_block(a, b):
    """Mass of p on [a, b): ln 2 · [1/ln(a+1) − 1/ln(b+1)] (telescoping)."""
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    inv_b = np.where(np.isinf(b), 0.0, 1.0 / np.log(b + 1.0))
    return math.log(2.0) * (1.0 / np.log(a + 1.0) - inv_b)


def log_tail_missing_mass(n: int, k_exact: int = 100_000, ratio: float = 1.01,
                          k_far: float = 1e300) -> Bounds:
    """Bounds on the expected missing mass after n draws from :func:`log_tail_point`.

    Decays like ln 2 / ln n: after a million examples the memoriser still errs
    on several per cent of fresh draws, though it errs less and less forever.
    More precisely, the missing points are roughly those with p_k < 1/n, i.e.
    k ln² k > n ln 2, whose mass is ln 2 / ln k* with ln k* ≈ ln n − 2 ln ln n;
    the ratio of the two tends to 1 only slowly.
    """
    return _missing_mass_bounds(n, log_tail_point, _log_tail_block, k_exact, k_far, ratio)


def power_tail_missing_mass(n: int, beta: float, k_exact: int = 100_000,
                            ratio: float = 1.01, k_far: float = 1e300) -> Bounds:
    """Bounds on the expected missing mass after n draws from p_k = k^(−β) / ζ(β).

    Block masses are differences of Hurwitz zeta functions,
    Σ_{k=a}^{b−1} k^(−β) = ζ(β, a) − ζ(β, b). For large n the missing mass
    behaves like (1/β) Γ(1 − 1/β) ζ(β)^(−1/β) n^(1/β − 1) (Karlin 1967).
    """
    from scipy import special

    z = float(special.zeta(beta, 1.0))

    def point(k):
        return np.asarray(k, dtype=float) ** (-beta) / z

    def block(a, b):
        b = np.asarray(b, dtype=float)
        zb = np.where(np.isinf(b), 0.0, special.zeta(beta, np.where(np.isinf(b), 1.0, b)))
        return (special.zeta(beta, np.asarray(a, dtype=float)) - zb) / z

    return _missing_mass_bounds(n, point, block, k_exact, k_far, ratio)


def power_tail_asymptote(n, beta: float):
    """(1/β) Γ(1 − 1/β) ζ(β)^(−1/β) n^(1/β − 1): large-n missing mass for p_k ∝ k^(−β).

    Replace the sum over k by an integral and substitute t = n p_k.
    """
    from scipy import special

    z = float(special.zeta(beta, 1.0))
    return math.gamma(1.0 - 1.0 / beta) / beta * z ** (-1.0 / beta) * np.asarray(n, float) ** (
        1.0 / beta - 1.0)
