"""What a claim states, and the verdict of a computed number on it.

A claim is a number stated in a newsletter (or its paper). Its :class:`ClaimSpec` says
what the statement asserts, read with the precision it was written with, and which
verdict the site publishes (``expect``); a build whose verdict differs fails (the
regression guard in :func:`recomputed.engine.build.check_verdicts`).

The verdict compares two ranges. The **stated range** is what the statement allows:
for "about 0.7" (``target="0.7"``), everything that rounds to 0.7, 0.65 to 0.75
(:func:`~recomputed.engine.estimates.stated_range`); for "above 80%", everything above
80. The **computed range** is the interval of the value's
:class:`~recomputed.engine.estimates.Estimate` (sampling error, a fit's interval, the
rounding of published constants), or the number itself when the claim says why it is
exact (``exact="counted from Table H.1"``). Then:

- **holds**: the whole computed range agrees with the statement;
- **fails**: none of it does;
- **inconclusive**: it straddles an edge of the stated range (the detail says how much
  of it agrees);
- **unchecked**: no public data can check it (``why_unchecked`` says why).

A statement whose words mean more than its digits (a stated range "10-18 months" is
``compare="range"``; "within a factor of 2" is ``within=(lo, hi)`` with ``reading``
saying why) is read that way explicitly, and the Claims page shows the reading.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from recomputed.engine import numbers
from recomputed.engine.estimates import Estimate, EstimateError, stated_range

VERDICTS = ("holds", "fails", "inconclusive", "unchecked")
COMPARISONS = ("approx", "range", ">", ">=", "<", "<=")


class ClaimError(ValueError):
    """A claim declared wrongly."""


def _auto(x: float) -> str:
    return numbers.format_number(x, "auto:3")


@dataclass(frozen=True)
class ClaimSpec:
    """A number stated in a newsletter (or its paper), and how it is checked.

    ``stated`` is the claim's text as stated (``"about 0.7"``). ``target`` is the number
    it asserts, written as a string with the digits the statement gives (``"0.7"``,
    ``"44"``, ``"1.5e9"``); ``upper`` is the top of a stated range (``compare="range"``).
    ``compare`` is ``approx`` (the computed number rounds to ``target``), ``range``
    (it lies from ``target`` to ``upper``, each read with its rounding) or an inequality
    (``computed > target``). ``within=(lo, hi)`` replaces the rounding reading when the
    words say more than the digits; ``reading`` must then say why. ``exact`` says why a
    value that has no interval is exact (else the value must return an Estimate).
    ``expect`` is the verdict the site publishes; a build whose verdict differs fails.
    """

    issue: str  # e.g. "AN #125"
    summary: str  # title of the summary that states it
    stated: str
    target: str | None
    compare: str = "approx"
    upper: str | None = None
    within: tuple[float, float] | None = None
    reading: str = ""
    exact: str = ""
    how: str = ""
    expect: str = "holds"
    why_unchecked: str = ""

    def __post_init__(self):
        if self.compare not in COMPARISONS:
            raise ClaimError(f"compare must be one of {COMPARISONS}, not {self.compare!r}")
        if self.expect not in VERDICTS:
            raise ClaimError(f"expect must be one of {VERDICTS}, not {self.expect!r}")
        if self.expect == "unchecked":
            if not self.why_unchecked:
                raise ClaimError("a claim that cannot be checked must say why (why_unchecked)")
            return
        if not isinstance(self.target, str):
            raise ClaimError("target must be the stated number written as a string, with "
                             f"the digits the statement gives (like \"0.7\"), not {self.target!r}")
        try:
            stated_range(self.target)
            if self.upper is not None:
                stated_range(self.upper)
        except EstimateError as exc:
            raise ClaimError(str(exc)) from None
        if (self.compare == "range") != (self.upper is not None):
            raise ClaimError("upper is given exactly when compare is 'range'")
        if self.within is not None:
            if self.compare != "approx":
                raise ClaimError("within reads an 'approx' statement; drop it or compare")
            lo, hi = self.within
            if not lo <= float(self.target) <= hi:
                raise ClaimError(f"within={self.within} does not contain target {self.target}")
            if not self.reading:
                raise ClaimError("within needs a reading: why the statement means that range")

    # -- the two ranges ------------------------------------------------------------------

    def stated_bounds(self) -> tuple[float, float]:
        """The stated range ``(low, high)`` (infinite on the open side of an inequality)."""
        t, t_lo, t_hi = stated_range(self.target)
        if self.compare == "approx":
            return self.within if self.within is not None else (t_lo, t_hi)
        if self.compare == "range":
            return t_lo, stated_range(self.upper)[2]
        return (t, math.inf) if self.compare in (">", ">=") else (-math.inf, t)

    def stated_text(self, show: Callable[[float], str] = _auto, brief: bool = False) -> str:
        """The stated range in words: "0.65 to 0.75", "above 80"; unless ``brief``, with
        what the range is (the reading, or "what rounds to the stated digits")."""
        lo, hi = self.stated_bounds()
        if self.compare in (">", ">="):
            return f"{'above' if self.compare == '>' else 'at least'} {show(lo)}"
        if self.compare in ("<", "<="):
            return f"{'below' if self.compare == '<' else 'at most'} {show(hi)}"
        text = f"{show(lo)} to {show(hi)}"
        if brief:
            return text
        return text + (f" ({self.reading})" if self.within is not None else
                       ", what rounds to the stated digits" if self.compare == "approx" else "")

    def computed_bounds(self, computed: float) -> tuple[float, float, str]:
        """The computed range ``(low, high, what it is)``."""
        if isinstance(computed, Estimate):
            return computed.low, computed.high, computed.why
        if not self.exact:
            raise ClaimError("the value it checks has no interval: return an Estimate from "
                             "the value, or say why it is exact (exact=...)")
        c = float(computed)
        return c, c, f"exact: {self.exact}"

    # -- the verdict -----------------------------------------------------------------------

    def _inside(self, x: float, lo: float, hi: float) -> bool:
        if self.compare == ">":
            return x > lo
        if self.compare == "<":
            return x < hi
        return lo <= x <= hi

    def verdict(self, computed: float | None,
                show: Callable[[float], str] = _auto) -> tuple[str, str]:
        """``(verdict, detail)`` for a computed value (see the module docstring)."""
        if self.expect == "unchecked" or computed is None:
            return "unchecked", self.why_unchecked or "no computed value"
        s_lo, s_hi = self.stated_bounds()
        c_lo, c_hi, what = self.computed_bounds(computed)
        computed_text = (f"computed {show(c_lo)}" if c_lo == c_hi
                         else f"computed range {show(c_lo)} to {show(c_hi)}")
        stated = f"stated range {self.stated_text(show)}"
        ends_in = self._inside(c_lo, s_lo, s_hi), self._inside(c_hi, s_lo, s_hi)
        if all(ends_in):
            return "holds", f"{computed_text} ({what}) lies inside the {stated}"
        if c_hi < s_lo or c_lo > s_hi or (not any(ends_in) and (c_hi <= s_lo or c_lo >= s_hi)):
            return "fails", f"{computed_text} ({what}) lies outside the {stated}"
        inside = max(0.0, min(c_hi, s_hi) - max(c_lo, s_lo)) / (c_hi - c_lo)
        if inside >= 0.995:  # "100% inside" would contradict the verdict
            share = "all of it but its edge lies inside, and the edge does not"
        elif inside <= 0.005:
            share = "only its edge reaches inside"
        else:
            share = f"{numbers.format_number(inside, 'pct:0')} of it lies inside"
        return "inconclusive", f"{computed_text} ({what}) straddles the {stated}: {share}"
