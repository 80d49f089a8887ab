"""Exponential trends: doubling times from dated measurements, and what they imply.

A quantity growing exponentially satisfies log2(y) = a + b·t with t in years;
its doubling time is 1/b years. We estimate b by ordinary least squares and give
an interval from the slope's standard error (Student t with n - 2 degrees of
freedom) or from a seeded pairs bootstrap. Used for the compute needed to reach
AlexNet-level accuracy (Hernandez & Brown 2020, arXiv 2005.04305) and for the RL
sample-efficiency doubling times of Dorner (2021, arXiv 2102.04881).
Pure functions: floats, arrays and :class:`datetime.date` in; floats and frozen
dataclasses out.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np

# scipy is imported inside the functions that use it: importing it costs a
# noticeable part of every build, and a cached build never calls them.


def decimal_year(day: dt.date) -> float:
    """A date as a year with a fraction, e.g. 2012-06-01 -> 2012.41.

    Uses the actual length of the year, so leap years do not bias doubling times.
    """
    start = dt.date(day.year, 1, 1)
    length = (dt.date(day.year + 1, 1, 1) - start).days
    return day.year + (day - start).days / length


@dataclass(frozen=True)
class DoublingFit:
    """An OLS fit of log2(y) on time in years.

    ``slope`` is in doublings per year; ``doubling_years`` = 1/slope, with the
    interval [``low_years``, ``high_years``] at confidence ``level`` (infinite when
    the slope's interval reaches zero). ``r2`` is the fit's coefficient of
    determination in log space.
    """

    slope: float
    intercept: float
    se_slope: float
    doubling_years: float
    low_years: float
    high_years: float
    level: float
    n: int
    r2: float

    @property
    def doubling_months(self) -> float:
        return 12.0 * self.doubling_years


def _interval(slope_low: float, slope_high: float) -> tuple[float, float]:
    """Doubling-time bounds from slope bounds (a faster slope is a shorter time)."""
    if slope_low <= 0:  # the data do not exclude no growth: no finite upper bound
        return (1.0 / slope_high if slope_high > 0 else math.inf), math.inf
    return 1.0 / slope_high, 1.0 / slope_low


def fit_doubling_time(t_years, y, level: float = 0.95) -> DoublingFit:
    """Regress log2(y) on t (years) by OLS; doubling time 1/slope with a t-interval.

    The slope's standard error is s / sqrt(Σ(t - t̄)²) with s² the residual variance
    on n - 2 degrees of freedom; the interval is slope ± t_{(1+level)/2, n-2} · se.
    Needs at least three points and a positive slope.
    """
    from scipy import stats

    t = np.asarray(t_years, dtype=float)
    z = np.log2(np.asarray(y, dtype=float))
    n = t.size
    if n < 3:
        raise ValueError("a doubling time with an interval needs at least three points")
    tc = t - t.mean()
    sxx = float(tc @ tc)
    slope = float(tc @ (z - z.mean()) / sxx)
    intercept = float(z.mean() - slope * t.mean())
    resid = z - (intercept + slope * t)
    s2 = float(resid @ resid) / (n - 2)
    se = math.sqrt(s2 / sxx)
    if slope <= 0:
        raise ValueError("the quantity is not growing; fit its reciprocal for a halving time")
    q = float(stats.t.ppf(0.5 + level / 2, n - 2))
    low, high = _interval(slope - q * se, slope + q * se)
    ss_tot = float(((z - z.mean()) ** 2).sum())
    return DoublingFit(slope=slope, intercept=intercept, se_slope=se,
                       doubling_years=1.0 / slope, low_years=low, high_years=high,
                       level=level, n=n, r2=1.0 - float(resid @ resid) / ss_tot)


@dataclass(frozen=True)
class BootstrapInterval:
    """Percentile bootstrap of the doubling time, in years, over ``n_boot`` resamples.

    ``used`` counts the resamples with a positive slope (others have no finite
    doubling time and are counted as infinitely slow, which widens the high end).
    """

    median_years: float
    low_years: float
    high_years: float
    level: float
    n_boot: int
    used: int


def bootstrap_doubling_time(t_years, y, rng: np.random.Generator, n_boot: int = 2000,
                            level: float = 0.95) -> BootstrapInterval:
    """Resample (t, y) pairs with replacement and refit the OLS slope each time.

    Resamples in which every point has the same date carry no slope and are drawn
    again. With few points this interval is rough; it complements, not replaces,
    the t-interval of :func:`fit_doubling_time`.
    """
    t = np.asarray(t_years, dtype=float)
    z = np.log2(np.asarray(y, dtype=float))
    n = t.size
    times = np.empty(n_boot)
    used = 0
    i = 0
    while i < n_boot:
        idx = rng.integers(0, n, n)
        tc = t[idx] - t[idx].mean()
        sxx = float(tc @ tc)
        if sxx == 0.0:
            continue
        slope = float(tc @ z[idx]) / sxx
        if slope > 0:
            times[i] = 1.0 / slope
            used += 1
        else:
            times[i] = math.inf
        i += 1
    lo, med, hi = np.quantile(times, [0.5 - level / 2, 0.5, 0.5 + level / 2])
    return BootstrapInterval(median_years=float(med), low_years=float(lo),
                             high_years=float(hi), level=level, n_boot=n_boot, used=used)


def doubling_time_from_ratio(factor: float, years: float) -> float:
    """The doubling time (years) of a quantity that grew ``factor``-fold in ``years``.

    T = years · ln 2 / ln(factor), for factor > 1.
    """
    if factor <= 1:
        raise ValueError("the quantity must have grown (factor > 1)")
    return years * math.log(2.0) / math.log(factor)


def growth_factor(doubling_years: float, horizon_years: float) -> float:
    """How many times a quantity grows in ``horizon_years``: 2^(horizon / doubling)."""
    return float(2.0 ** (horizon_years / doubling_years))
