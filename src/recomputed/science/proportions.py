"""Confidence intervals for a proportion estimated from k successes in n trials."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Interval:
    """A point estimate k/n and a two-sided interval around it (fractions, not %)."""

    estimate: float
    low: float
    high: float
    level: float


def clopper_pearson(k: int, n: int, level: float = 0.95) -> Interval:
    """Exact (Clopper-Pearson) interval for a binomial proportion.

    low = Beta^{-1}(a/2; k, n - k + 1), high = Beta^{-1}(1 - a/2; k + 1, n - k), with
    a = 1 - level, and low = 0 when k = 0, high = 1 when k = n. It covers the true
    proportion with probability at least ``level`` for every proportion (Clopper &
    Pearson 1934), which matters when k or n - k is tiny, as with 4 losses in 2,100.
    """
    from scipy.stats import beta  # scipy is heavy; only interval computations need it

    if not 0 <= k <= n or n < 1:
        raise ValueError("need 0 <= k <= n and n >= 1")
    if not 0 < level < 1:
        raise ValueError("level must be between 0 and 1")
    a = 1 - level
    low = 0.0 if k == 0 else float(beta.ppf(a / 2, k, n - k + 1))
    high = 1.0 if k == n else float(beta.ppf(1 - a / 2, k + 1, n - k))
    return Interval(estimate=k / n, low=low, high=high, level=level)


def count_from_percent(percent: float, n: int, tol: float = 1e-6) -> int:
    """The number of successes behind an accuracy printed in percent over ``n`` trials.

    ``percent`` / 100 · ``n`` must be a whole number (to ``tol``): a printed accuracy that
    is not a whole count of problems cannot be turned into one silently.
    """
    k = percent / 100 * n
    if abs(k - round(k)) > tol:
        raise ValueError(f"{percent}% of {n} is {k}, not a whole count")
    return int(round(k))
