"""A computed number with the range it could lie in, and a stated number with its precision.

A value may return an :class:`Estimate` instead of a plain float: the number, an
interval around it (``low`` to ``high``) and what the interval is (``why``: "95%
Clopper-Pearson interval on 2,000 problems", "range allowed by the rounding of the
published constants", ...). It behaves as the float it holds, so artifacts that read the
value compute with the number; arithmetic on it gives plain floats, so an interval is
never carried silently into a number it does not describe.

:func:`stated_range` reads a number as it is written in a newsletter: "0.7" stands for
anything that rounds to it, 0.65 to 0.75.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from decimal import Decimal, InvalidOperation


class EstimateError(ValueError):
    """An interval that does not contain its number, or a malformed stated number."""


class Estimate(float):
    """A float with an interval ``[low, high]`` around it and the interval's meaning."""

    low: float
    high: float
    why: str

    def __new__(cls, value: float, low: float, high: float, why: str):
        value, low, high = float(value), float(low), float(high)
        if not all(math.isfinite(x) for x in (value, low, high)):
            raise EstimateError(f"an estimate must be finite: {value} in [{low}, {high}]")
        if not low <= value <= high:
            raise EstimateError(f"the interval [{low}, {high}] does not contain {value}")
        if not why:
            raise EstimateError("an estimate must say what its interval is (why)")
        self = super().__new__(cls, value)
        self.low, self.high, self.why = low, high, why
        return self

    def __reduce__(self):  # pickled between worker processes
        return (Estimate, (float(self), self.low, self.high, self.why))

    def __repr__(self) -> str:
        return f"Estimate({float(self)!r}, {self.low!r}, {self.high!r}, {self.why!r})"

    def as_json(self) -> dict:
        return {"result": float(self), "low": self.low, "high": self.high, "why": self.why}


def interval(x) -> tuple[float, float]:
    """``(low, high)`` of an estimate; a plain number is its own interval."""
    if isinstance(x, Estimate):
        return x.low, x.high
    return float(x), float(x)


def span(values, why: str, value: float | None = None) -> Estimate:
    """The estimate whose interval spans ``values`` (e.g. a quantity evaluated at every
    corner of its inputs' rounding ranges); its number is ``value`` or the first one."""
    values = [float(v) for v in values]
    centre = values[0] if value is None else float(value)
    return Estimate(centre, min(values + [centre]), max(values + [centre]), why)


def over_ranges(f: Callable[..., float], point: dict[str, float],
                ranges: dict[str, tuple[float, float]], why: str) -> Estimate:
    """``f(**point)`` with the interval it spans when each argument named in ``ranges``
    moves over its range (the others stay at ``point``).

    ``f`` is evaluated at every corner of the box of ranges, 2^k calls for k ranges,
    which finds its extremes when ``f`` is monotone in each argument over the box (true
    of the power laws and ratios it is used on; a function with a turning point inside
    the box would need a search instead).
    """
    names = list(ranges)
    values = [f(**{**point, **dict(zip(names, corner, strict=True))})
              for corner in itertools.product(*(ranges[n] for n in names))]
    return span(values, why, value=f(**point))


def stated_range(written: str) -> tuple[float, float, float]:
    """``(number, low, high)`` for a number as written: everything that rounds to it.

    The half-width is half a unit of the last digit written: "0.7" is 0.65 to 0.75,
    "44" is 43.5 to 44.5, "1.5e9" is 1.45e9 to 1.55e9, "10e12" is 9.5e12 to 10.5e12.
    Trailing zeros of a whole number count as written digits ("50" is 49.5 to 50.5).
    """
    try:
        d = Decimal(written.replace(",", "").replace("_", ""))
    except InvalidOperation:
        raise EstimateError(f"a stated number must be written as digits, not {written!r}") from None
    if not d.is_finite():
        raise EstimateError(f"a stated number must be finite, not {written!r}")
    half = Decimal(5).scaleb(d.as_tuple().exponent - 1)
    return float(d), float(d - half), float(d + half)
