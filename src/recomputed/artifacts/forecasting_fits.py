"""The numbers behind the forecasting page's AlexNet trend (AN #125), each computed once.

The efficiency frontier of Hernandez & Brown (2020) as numbers (with each model's date as
a decimal year), the OLS fit of its doubling time and the pairs bootstrap of that time.
The values, table and figures of :mod:`recomputed.artifacts.forecasting` read these
tables instead of fitting again; they live in a module of their own because nothing
here is cited on a page (the page cites what reads them).
"""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np

from recomputed.engine.registry import Col, Table, table
from recomputed.science import trends

HB = "hernandez_brown_2020_table3"
DATES = "alexnet_level_frontier_dates"
POINTS = "forecasting.alexnet_frontier_points"


@table(POINTS, inputs=[HB, DATES],
       title="The AlexNet-level efficiency frontier, with dates as decimal years")
def alexnet_frontier_points(hernandez_brown_2020_table3, alexnet_level_frontier_dates):
    """Each frontier model's date, training compute and efficiency relative to AlexNet,
    by date."""
    alexnet = hernandez_brown_2020_table3.one(model="AlexNet")["compute_printed"]
    rows = []
    for d in alexnet_level_frontier_dates:
        c = hernandez_brown_2020_table3.one(model=d["model"])["compute_printed"]
        rows.append((d["model"], d["published"].isoformat(),
                     trends.decimal_year(d["published"]), c, alexnet / c))
    return Table([Col("Model", align="left"), Col("Published", align="left"),
                  Col("Year", fmt="fixed:3"),
                  Col("Training compute", fmt="sig:3", unit="10¹⁵ FLOP"),
                  Col("Efficiency vs AlexNet", fmt="times:3")],
                 sorted(rows, key=lambda r: r[2]))


def _years_and_efficiency(points: Table) -> tuple[list[float], list[float]]:
    return [r[2] for r in points.rows], [r[4] for r in points.rows]


FIT_FIELDS = [f.name for f in dataclasses.fields(trends.DoublingFit)]


@table("forecasting.alexnet_fit", inputs=[POINTS],
       title="OLS fit of log₂(efficiency) on date over the frontier models")
def alexnet_fit(alexnet_frontier_points):
    """The fields of :class:`~recomputed.science.trends.DoublingFit`, one column each."""
    fit = trends.fit_doubling_time(*_years_and_efficiency(alexnet_frontier_points))
    return Table([Col(f, fmt="int" if f == "n" else "sig:6") for f in FIT_FIELDS],
                 [dataclasses.astuple(fit)])


def doubling_fit(alexnet_fit: Table) -> trends.DoublingFit:
    """The :class:`~recomputed.science.trends.DoublingFit` of ``forecasting.alexnet_fit``."""
    (row,) = alexnet_fit.rows
    return trends.DoublingFit(**dict(zip(FIT_FIELDS, row, strict=True)))


BOOT_FIELDS = [f.name for f in dataclasses.fields(trends.BootstrapInterval)]


@table("forecasting.alexnet_bootstrap", inputs=[POINTS], params={"seed": 0, "n_boot": 4000},
       title="Pairs bootstrap of the frontier's doubling time")
def alexnet_bootstrap(alexnet_frontier_points, seed, n_boot):
    """The fields of :class:`~recomputed.science.trends.BootstrapInterval` (years), one
    column each."""
    boot = trends.bootstrap_doubling_time(*_years_and_efficiency(alexnet_frontier_points),
                                          np.random.default_rng(seed), n_boot=n_boot)
    return Table([Col(f, fmt="int" if f in ("n_boot", "used") else "sig:6")
                  for f in BOOT_FIELDS], [dataclasses.astuple(boot)])


def bootstrap_interval(alexnet_bootstrap: Table) -> trends.BootstrapInterval:
    """The :class:`~recomputed.science.trends.BootstrapInterval` of
    ``forecasting.alexnet_bootstrap``."""
    (row,) = alexnet_bootstrap.rows
    return trends.BootstrapInterval(**dict(zip(BOOT_FIELDS, row, strict=True)))


HBC = "hernandez_brown_2020_constants"
SENSITIVITY = "forecasting.alexnet_sensitivity"


def _frontier_doubling_years(years, computes) -> float:
    """OLS doubling time (years) of efficiency, the first model's compute over each
    model's, against date; ``years`` and ``computes`` in the same order, AlexNet first."""
    return trends.fit_doubling_time(years, [computes[0] / c for c in computes]).doubling_years


@table(SENSITIVITY, inputs=[HB, DATES, HBC], params={"shifts_months": (-6, -3, 0, 3, 6)},
       title="The AlexNet doubling time: baseline epochs, AlexNet's date, rounding")
def alexnet_sensitivity(hernandez_brown_2020_table3, alexnet_level_frontier_dates,
                        hernandez_brown_2020_constants, shifts_months):
    """The frontier's OLS doubling time (months) and EfficientNet-b0's gain, for AlexNet
    trained 90 epochs (Table 3) or stopped at 62 (footnote 2: its compute scaled by 62/90),
    with AlexNet's date moved by each of ``shifts_months``.

    Low and high are the extremes over every corner of the rounding ranges of the six
    printed compute values (2^6 refits): what the printed digits allow."""
    hb = hernandez_brown_2020_table3
    dates = sorted(alexnet_level_frontier_dates, key=lambda d: d["published"])
    years = [trends.decimal_year(d["published"]) for d in dates]
    rows_hb = [hb.one(model=d["model"]) for d in dates]
    full = rows_hb[0]["epochs"]
    short = hernandez_brown_2020_constants.one(name="alexnet_short_epochs")["value"]
    out = []
    for epochs in (full, short):
        scale = [epochs / full] + [1.0] * (len(rows_hb) - 1)  # only AlexNet is cut short
        point = [r["compute_printed"] * k for r, k in zip(rows_hb, scale, strict=True)]
        ranges = [tuple(x * k for x in r.rounding("compute_printed"))
                  for r, k in zip(rows_hb, scale, strict=True)]
        gain = point[0] / point[-1]
        for shift in shifts_months:
            t = [years[0] + shift / 12] + years[1:]
            corners = [12 * _frontier_doubling_years(t, list(c))
                       for c in itertools.product(*ranges)]
            out.append((int(epochs), shift, gain, 12 * _frontier_doubling_years(t, point),
                        min(corners), max(corners)))
    return Table([Col("AlexNet epochs", fmt="int"), Col("AlexNet date moved", fmt="int",
                                                         unit="months"),
                  Col("Gain to EfficientNet-b0", fmt="times:3"),
                  Col("Doubling time", fmt="fixed:1", unit="months"),
                  Col("Rounding low", fmt="fixed:2", unit="months"),
                  Col("Rounding high", fmt="fixed:2", unit="months")], out)


def sensitivity_row(alexnet_sensitivity: Table, epochs: int, shift: int) -> tuple:
    """The row of ``forecasting.alexnet_sensitivity`` for ``epochs`` and ``shift``."""
    return next(r for r in alexnet_sensitivity.rows if r[0] == epochs and r[1] == shift)
