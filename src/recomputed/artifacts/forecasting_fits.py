"""The numbers behind the forecasting page's AlexNet trend (AN #125), each computed once.

The efficiency frontier of Hernandez & Brown (2020) as numbers (with each model's date as
a decimal year), the OLS fit of its doubling time and the pairs bootstrap of that time.
The values, table and figures of :mod:`recomputed.artifacts.forecasting` read these
tables instead of fitting again; they live in a module of their own because nothing
here is cited on a page (the page cites what reads them).
"""

from __future__ import annotations

import dataclasses

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
