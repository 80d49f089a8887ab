"""Readings of round figures, counts behind printed accuracies, and the capabilities
values that carry intervals (few-shot, ELECTRA, forecasting, DreamerV2)."""

from __future__ import annotations

import math

import pytest

from recomputed.artifacts import electra, fewshot_claims, forecasting_dorner, forecasting_fits
from recomputed.engine import datafiles
from recomputed.engine.estimates import Estimate
from recomputed.science import proportions, readings


@pytest.mark.parametrize("x,low,high", [(10, 9.5, 15), (30, 25, 35), (8, 7.5, 8.5),
                                        (10_000, 9_500, 15_000), (0.3, 0.25, 0.35)])
def test_one_significant_figure_is_what_rounds_to_it(x, low, high):
    lo, hi = readings.one_significant_figure(x)
    assert (lo, hi) == pytest.approx((low, high))
    # the ends round to x at one significant figure; just outside, they do not
    def round1(v):
        k = math.floor(math.log10(v))
        return round(v / 10**k) * 10**k
    assert round1(lo * 1.0001) == pytest.approx(x)
    assert round1(hi * 0.9999) == pytest.approx(x)
    assert round1(lo * 0.999) != pytest.approx(x)


@pytest.mark.parametrize("x", [44, 0, -3, 1.5, math.inf])
def test_one_significant_figure_rejects_other_numbers(x):
    with pytest.raises(ValueError):
        readings.one_significant_figure(x)


def test_order_of_magnitude_is_symmetric_in_log():
    lo, hi = readings.order_of_magnitude(1e4)
    assert math.log10(lo) == pytest.approx(3.5)
    assert math.log10(hi) == pytest.approx(4.5)


def test_nearest_step():
    assert readings.nearest_step(0.35, 0.05) == pytest.approx((0.325, 0.375))
    with pytest.raises(ValueError):
        readings.nearest_step(1, 0)


def test_count_from_percent():
    assert proportions.count_from_percent(80.4, 2000) == 1608
    assert proportions.count_from_percent(100.0, 2000) == 2000
    with pytest.raises(ValueError):  # the one odd cell of Table H.1: 50.8 problems
        proportions.count_from_percent(2.54, 2000)


@pytest.fixture(scope="module")
def ds():
    return {n: datafiles.load(n) for n in ("brown_2020_arithmetic", "brown_2020_model_sizes",
                                            "brown_2020_constants", "clark_2020_electra",
                                            "hernandez_brown_2020_table3",
                                            "alexnet_level_frontier_dates",
                                            "hernandez_brown_2020_constants")}


def _registered(name):
    from recomputed.engine import registry
    return registry.load_all()[name].func


def test_three_digit_addition_interval_is_the_issue_s(ds):
    """The issue quotes the Clopper-Pearson interval [78.6, 82.1] for 80.4% of 2,000."""
    f = _registered("fewshot.accuracy_175b_3d_add")
    est = f(ds["brown_2020_arithmetic"], ds["brown_2020_constants"])
    assert isinstance(est, Estimate)
    assert (est.low, est.high) == pytest.approx((78.6, 82.1), abs=0.05)


class _Rows(list):
    def one(self, **eq):
        (row,) = [r for r in self if all(r[k] == v for k, v in eq.items())]
        return row


def _synthetic(acc):
    """acc[model][setting] for every task; models listed smallest first."""
    sizes = _Rows({"model": m, "n_params": 10.0 ** (i + 8)} for i, m in enumerate(acc))
    arith = _Rows({"task": t, "setting": s, "model": m, "accuracy_percent": a}
                  for t in fewshot_claims.TASKS for m, by in acc.items() for s, a in by.items())
    return arith, sizes


def test_examples_needed_counts_steps_in_each_direction():
    good = {"a": {"zero-shot": 0, "one-shot": 0, "few-shot": 30},
            "b": {"zero-shot": 0, "one-shot": 30, "few-shot": 60},
            "c": {"zero-shot": 30, "one-shot": 60, "few-shot": 90}}
    arith, sizes = _synthetic(good)
    t = fewshot_claims.examples_needed(arith, sizes, 50, levels=(25,))
    (level, reached, fewer, more), = t.rows
    assert (reached, fewer, more) == (10, 20, 0)  # 10 tasks x 2 steps down
    bad = dict(zip(good, reversed(list(good.values())), strict=True))
    arith, sizes = _synthetic(bad)
    table = fewshot_claims.examples_needed(arith, sizes, 50, levels=(25,))
    (level, reached, fewer, more), = table.rows
    assert (fewer, more) == (0, 20)


def test_electra_glue_margin_rounding(ds):
    """Two scores printed to one decimal: the margin's range is the printed difference
    widened by half a unit of the last digit at each end, read from the data rows rather
    than typed in, and it reaches zero, which is why "outperforms" is inconclusive."""
    rows = ds["clark_2020_electra"]
    a = rows.one(model="ELECTRA-400K")["glue_dev"]
    b = rows.one(model="RoBERTa-500K")["glue_dev"]
    est = electra.glue_margin_over_roberta(rows)
    assert (est.low, float(est), est.high) == pytest.approx((a - b - 0.1, a - b, a - b + 0.1),
                                                            abs=1e-9)
    assert est.low <= 0 < est.high


def test_alexnet_sensitivity_recovers_the_fit_and_the_footnote(ds):
    t = forecasting_fits.alexnet_sensitivity(ds["hernandez_brown_2020_table3"],
                                             ds["alexnet_level_frontier_dates"],
                                             ds["hernandez_brown_2020_constants"],
                                             shifts_months=(-6, 0, 6))
    full = {r[1]: r for r in t.rows if r[0] == 90}
    short = {r[1]: r for r in t.rows if r[0] == 62}
    # the paper's 16 months (rounded to whole months) and 44x / 30x (footnote 2)
    assert round(full[0][3]) == 16
    assert round(full[0][2]) == 44 and round(short[0][2], -1) == 30
    # a later AlexNet shortens the span and so the doubling time; a cheaper baseline
    # (fewer epochs) means less progress and a longer doubling time
    assert full[6][3] < full[0][3] < full[-6][3]
    assert short[0][3] > full[0][3]
    for r in t.rows:
        assert r[4] <= r[3] <= r[5]


def test_dorner_doubling_interval_spans_one_year_either_way():
    ds = datafiles.load("dorner_2021_sample_use")
    ratio = forecasting_dorner.dorner_sample_ratio(ds)
    est = forecasting_dorner.dorner_sample_doubling(ds, ratio)
    assert est.low == pytest.approx(12 * 4 * math.log(2) / math.log(450))
    assert est.high == pytest.approx(12 * 6 * math.log(2) / math.log(450))
