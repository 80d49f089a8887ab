"""What a claim states, and the verdict of a computed number on it.

A claim is a number stated in a newsletter (or its paper). Its :class:`ClaimSpec` says
what the statement asserts (``compare`` against ``target``, within a tolerance for
``approx``) and which verdict the site publishes (``expect``); a build whose verdict
differs fails (the regression guard in :func:`recomputed.engine.build.check_verdicts`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from recomputed.engine import numbers

VERDICTS = ("holds", "fails", "unchecked")
COMPARISONS = ("approx", ">", ">=", "<", "<=")


class ClaimError(ValueError):
    """A claim declared wrongly."""


@dataclass(frozen=True)
class ClaimSpec:
    """A number stated in a newsletter (or its paper), and how it is checked.

    ``stated`` is the claim's text as stated (``"about 0.7"``); ``target`` is the
    number it asserts; ``compare`` is ``approx`` (within ``rel_tol`` or ``abs_tol``
    of ``target``) or an inequality (``computed > target``). ``expect`` is the
    verdict the site publishes; a build whose verdict differs fails (the
    regression guard).
    """

    issue: str  # e.g. "AN #125"
    summary: str  # title of the summary that states it
    stated: str
    target: float | None
    compare: str = "approx"
    rel_tol: float | None = None
    abs_tol: float | None = None
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
        else:
            if self.target is None:
                raise ClaimError("a checkable claim needs a target number")
            if self.compare == "approx" and (self.rel_tol is None) == (self.abs_tol is None):
                raise ClaimError("an approx claim needs exactly one of rel_tol and abs_tol")

    def verdict(self, computed: float | None) -> tuple[str, str]:
        """Return ``(verdict, detail)`` for a computed value."""
        if self.expect == "unchecked" or computed is None:
            return "unchecked", self.why_unchecked or "no computed value"
        c, t = float(computed), float(self.target)
        if self.compare == "approx":
            tol = self.abs_tol if self.abs_tol is not None else self.rel_tol * abs(t)
            ok = abs(c - t) <= tol
            if self.rel_tol is not None:
                off = (c - t) / t if t else math.inf
                detail = f"off by {numbers.format_number(off, 'pct:1')}"
                detail += f" (tolerance ±{numbers.format_number(self.rel_tol, 'pct:0')})"
            else:
                detail = f"off by {numbers.format_number(c - t, 'auto:2')}"
                detail += f" (tolerance ±{numbers.format_number(self.abs_tol, 'auto:2')})"
        else:
            ok = {">": c > t, ">=": c >= t, "<": c < t, "<=": c <= t}[self.compare]
            detail = f"needs computed {self.compare} {numbers.format_number(t, 'auto:3')}"
        return ("holds" if ok else "fails"), detail
