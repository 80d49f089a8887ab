"""Units used across the site, computed from their definitions."""

from __future__ import annotations

from recomputed.engine.registry import value

PETA = 1e15  # FLOP per second in one petaflop/s
SECONDS_PER_DAY = 24 * 60 * 60


@value("units.pf_day_flop", fmt="sci:3", unit="FLOP")
def pf_day_flop():
    """FLOP in one PF-day: 10^15 FLOP/s sustained for 86,400 s."""
    return PETA * SECONDS_PER_DAY
