"""Forecasting claims whose checked value combines registered values (artifacts/forecasting.py)."""

from __future__ import annotations

import pytest

from recomputed.artifacts import forecasting as fc


def test_doubling_interval_is_the_t_interval_when_it_is_wider():
    est = fc._with_t_interval(16.3, 16.0, 16.6, 13.3, 19.5)
    assert (float(est), est.low, est.high) == (pytest.approx(16.3), 13.3, 19.5)


def test_doubling_interval_covers_the_rounding_range_when_that_is_wider():
    est = fc._with_t_interval(16.3, 12.0, 21.0, 13.3, 19.5)
    assert (est.low, est.high) == (12.0, 21.0)



def test_dorner_sample_counts_and_span_are_the_papers():
    # Dorner (2021), introduction: DQN used 200 million frames per game in 2015, the most
    # sample-hungry Atari projects 90 billion in 2020.
    from recomputed.artifacts import forecasting_dorner as fd
    from recomputed.engine import datafiles
    ds = datafiles.load("dorner_2021_sample_use")
    assert fd.dorner_samples_dqn(ds, 0) == 200e6
    assert fd.dorner_samples_2020(ds, -1) == 90e9
    assert fd.dorner_sample_years(ds) == 5
    assert fd.dorner_sample_ratio(ds) == pytest.approx(450)
