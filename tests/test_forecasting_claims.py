"""Forecasting claims whose checked value combines registered values (artifacts/forecasting.py)."""

from __future__ import annotations

import pytest

from recomputed.artifacts import forecasting as fc
from recomputed.engine.estimates import Estimate


def test_doubling_interval_is_the_t_interval_when_it_is_wider():
    point = Estimate(16.3, 16.0, 16.6, "rounding")
    est = fc.alexnet_doubling_interval(point, 13.3, 19.5)
    assert (float(est), est.low, est.high) == (pytest.approx(16.3), 13.3, 19.5)


def test_doubling_interval_covers_the_rounding_range_when_that_is_wider():
    point = Estimate(16.3, 12.0, 21.0, "rounding")
    est = fc.alexnet_doubling_interval(point, 13.3, 19.5)
    assert (est.low, est.high) == (12.0, 21.0)

