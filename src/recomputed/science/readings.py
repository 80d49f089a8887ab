"""How much a round number in a sentence allows: the ranges a reader reads into it.

A statement's digits say how precise it is ("44" is 43.5 to 44.5). Round figures say
less than their digits: "10×", "30×" or "about 10,000×" are written with one significant
figure or as an order of magnitude, and a reader takes them so. These functions give the
range such a reading allows; the claim that uses one says which reading it takes and why.
"""

from __future__ import annotations

import math


def one_significant_figure(x: float) -> tuple[float, float]:
    """Everything that rounds to ``x`` at one significant figure, ``x`` = d · 10^k.

    (d − ½) · 10^k to (d + ½) · 10^k, except that for d = 1 the low end is 0.95 · 10^k,
    because 9.5 · 10^(k−1) already rounds up to 10^k: "10×" is 9.5× to 15×, "30×" is
    25× to 35×, "8×" is 7.5× to 8.5×.
    """
    if not (x > 0 and math.isfinite(x)):
        raise ValueError("a round figure must be positive and finite")
    k = math.floor(math.log10(x))
    unit = 10.0**k
    d = round(x / unit)
    if not math.isclose(d * unit, x, rel_tol=1e-12) or not 1 <= d <= 9:
        raise ValueError(f"{x} is not written with one significant figure")
    low = 0.95 * unit if d == 1 else (d - 0.5) * unit
    return low, (d + 0.5) * unit


def order_of_magnitude(x: float) -> tuple[float, float]:
    """Everything closer to ``x`` than to ``x``/10 or 10·``x`` on a log scale:
    ``x``/√10 to ``x``·√10 ("about 10,000×" is about 3,200× to 32,000×)."""
    if not (x > 0 and math.isfinite(x)):
        raise ValueError("an order of magnitude must be positive and finite")
    return x / math.sqrt(10.0), x * math.sqrt(10.0)


def nearest_step(x: float, step: float) -> tuple[float, float]:
    """Everything that rounds to ``x`` on a grid of ``step``: ``x`` ± ``step``/2
    ("roughly 35%" given to the nearest 5 points is 32.5% to 37.5%)."""
    if not step > 0:
        raise ValueError("the step must be positive")
    return x - step / 2, x + step / 2
