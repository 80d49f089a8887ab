"""Doubling times: exact data, parameter recovery with honest intervals, published values."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from recomputed.engine import datafiles
from recomputed.science import trends


def test_decimal_year():
    assert trends.decimal_year(dt.date(2020, 1, 1)) == 2020.0
    assert trends.decimal_year(dt.date(2020, 7, 2)) == pytest.approx(2020 + 183 / 366)
    assert trends.decimal_year(dt.date(2019, 7, 2)) == pytest.approx(2019 + 182 / 365)


def test_exact_exponential_recovers_doubling_time():
    t = np.linspace(2012, 2019, 8)
    y = 3.0 * 2 ** ((t - 2012) / 1.25)
    fit = trends.fit_doubling_time(t, y)
    assert fit.doubling_years == pytest.approx(1.25, rel=1e-10)
    assert fit.r2 == pytest.approx(1.0)
    assert fit.low_years == pytest.approx(1.25, rel=1e-6)
    assert fit.high_years == pytest.approx(1.25, rel=1e-6)


def test_shrinking_quantity_is_rejected():
    t = np.arange(5.0)
    with pytest.raises(ValueError):
        trends.fit_doubling_time(t, 2.0 ** -t)


def test_t_interval_covers_truth_at_its_nominal_rate():
    # 400 synthetic data sets (8 dates, log-normal noise): the 90% interval should cover
    # the true 16-month doubling time about 90% of the time. With 400 draws, the
    # binomial standard error is 1.5 points, so we accept 84%-96%.
    rng = np.random.default_rng(12345)
    truth = 16 / 12
    hits = 0
    for _ in range(400):
        t = np.sort(rng.uniform(2012, 2019, 8))
        y = 2 ** ((t - 2012) / truth + rng.normal(0, 0.5, t.size))
        fit = trends.fit_doubling_time(t, y, level=0.9)
        hits += fit.low_years <= truth <= fit.high_years
    assert 0.84 <= hits / 400 <= 0.96


def test_point_estimate_recovers_truth_on_large_noisy_sample():
    rng = np.random.default_rng(7)
    t = rng.uniform(2000, 2020, 400)
    y = 2 ** ((t - 2000) / 0.6 + rng.normal(0, 1.0, t.size))
    fit = trends.fit_doubling_time(t, y)
    assert fit.doubling_years == pytest.approx(0.6, rel=0.03)
    boot = trends.bootstrap_doubling_time(t, y, np.random.default_rng(1), n_boot=500)
    assert boot.low_years < 0.6 < boot.high_years
    # On plenty of data the bootstrap and t intervals agree closely.
    assert boot.low_years == pytest.approx(fit.low_years, rel=0.05)
    assert boot.high_years == pytest.approx(fit.high_years, rel=0.05)


def test_bootstrap_is_reproducible_with_its_seed():
    t = np.array([0.0, 1, 2, 3, 4, 5])
    y = 2 ** (t + np.array([0.1, -0.2, 0.0, 0.3, -0.1, 0.05]))
    a = trends.bootstrap_doubling_time(t, y, np.random.default_rng(3), n_boot=300)
    b = trends.bootstrap_doubling_time(t, y, np.random.default_rng(3), n_boot=300)
    assert a == b


def test_ratio_and_factor_are_inverse():
    assert trends.doubling_time_from_ratio(2**5, 10) == pytest.approx(2.0)
    assert trends.growth_factor(2.0, 10) == pytest.approx(32.0)
    t = trends.doubling_time_from_ratio(450, 5)
    assert trends.growth_factor(t, 5) == pytest.approx(450)


def _frontier():
    table = datafiles.load("hernandez_brown_2020_table3")
    alexnet = table.one(model="AlexNet")["compute_printed"]
    rows = [(trends.decimal_year(d["published"]),
             alexnet / table.one(model=d["model"])["compute_printed"])
            for d in datafiles.load("alexnet_level_frontier_dates")]
    t, e = map(np.array, zip(*sorted(rows), strict=True))
    return t, e


def test_table3_compute_is_three_passes_over_imagenet():
    # Hernandez & Brown: compute = 3 × epochs × GFLOPs/image × 1.28e6 images, printed in
    # units of 1e15 FLOP to one decimal; GFLOPs are printed to 2-3 figures, so 2%.
    for r in datafiles.load("hernandez_brown_2020_table3"):
        recomputed = 3 * r["epochs"] * r["gflops_per_img"] * 1e9 * 1.28e6 / 1e15
        assert recomputed == pytest.approx(r["compute_printed"], rel=0.02), r["model"]


def test_44x_and_16_months():
    t, e = _frontier()
    # Hernandez & Brown (2020), abstract: 44× less compute (printed values: 1%).
    assert e[-1] == pytest.approx(44, rel=0.01)
    # ... a 16-month doubling time, rounded to whole months: ±1 month.
    fit = trends.fit_doubling_time(t, e)
    assert abs(fit.doubling_months - 16) <= 1
    assert fit.low_years * 12 < 16 < fit.high_years * 12
    # Sources notes (DERIVED): the end points alone give 15.3 months.
    assert 12 * trends.doubling_time_from_ratio(e[-1], t[-1] - t[0]) == pytest.approx(15.3,
                                                                                      abs=0.1)


def test_moore_law_over_the_same_period_is_11x():
    t, _ = _frontier()
    # Hernandez & Brown (2020), abstract: Moore's law would give 11× (2-year doubling).
    assert trends.growth_factor(2.0, t[-1] - t[0]) == pytest.approx(11, rel=0.05)


def test_dorner_450x_is_about_7_months():
    rows = sorted(datafiles.load("dorner_2021_sample_use"), key=lambda r: r["year"])
    ratio = rows[1]["samples_per_game"] / rows[0]["samples_per_game"]
    assert ratio == pytest.approx(450)
    months = 12 * trends.doubling_time_from_ratio(ratio, rows[1]["year"] - rows[0]["year"])
    assert abs(months - 7) <= 0.5  # Dorner (2021): "about 7 months"
