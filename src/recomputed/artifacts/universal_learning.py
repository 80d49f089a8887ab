"""Universal learning curves (AN #140): Bousquet et al. (arXiv 2011.04483), exact curves
that decay exponentially, linearly, or arbitrarily slowly."""

from __future__ import annotations

import math

import numpy as np

from recomputed.engine import numbers
from recomputed.engine.registry import (
    Col,
    Plot,
    Table,
    claim,
    figure,
    table,
    unchecked_claim,
    value,
)
from recomputed.science import learning_curves

CURVES = {"grid_points": 50, "beta": 1.25, "n_max": 1_000_000}
TABLE_NS = (10, 100, 1_000, 10_000, 100_000, 1_000_000)  # the rows of the table


# --- Universal learning curves ---------------------------------------------------------------

def _curve_grid(n_max, grid_points):
    return np.unique(np.round(np.geomspace(1, n_max, grid_points)).astype(int))


@table("dlt.learning_curve_points", params={**CURVES, "k": 50, "table_ns": TABLE_NS},
       title="Expected error of each exact learning curve at every n shown")
def learning_curve_points(grid_points, beta, n_max, k, table_ns):
    """The four curves at every n that dlt.learning_curves draws or
    dlt.learning_curves_table lists (the slow columns are midpoints of tight bounds)."""
    ns = sorted({int(n) for n in _curve_grid(n_max, grid_points)} | set(table_ns))
    rows = [(n, learning_curves.finite_threshold_error(n, k),
             learning_curves.continuous_threshold_error(n),
             learning_curves.log_tail_missing_mass(n).mid,
             learning_curves.power_tail_missing_mass(n, beta).mid) for n in ns]
    return Table([Col("n", fmt="int"), Col("exponential", fmt="sci:3"),
                  Col("linear", fmt="sci:3"), Col("1/log", fmt="sci:3"),
                  Col(f"power beta={beta}", fmt="sci:3")], rows)


@figure("dlt.learning_curves", inputs=["dlt.learning_curve_points"],
        params={**CURVES, "k": 50},
        title="Error can fall exponentially, linearly (as 1/n) or arbitrarily slowly: one "
              "curve for each universal rate")
def learning_curves_plot(learning_curve_points, grid_points, beta, n_max, k):
    from recomputed.engine import annotate, plotting

    ns = _curve_grid(n_max, grid_points)
    by_n = {r[0]: r for r in learning_curve_points.rows}
    expo, lin, slow, power = (np.array([by_n[int(n)][i] for n in ns]) for i in (1, 2, 3, 4))
    fig, ax = plotting.new_figure()
    shown = expo > 1e-9  # below this the exponential curve just falls off the plot
    ax.plot(ns[shown], expo[shown], lw=2,
            label=f"exponential: thresholds, data on {k} points")
    ax.plot(ns, lin, lw=2, label="linear, $1/n$: thresholds on [0, 1]")
    # The two memoriser curves end close together: short names, told apart by their p_k.
    ax.plot(ns, slow, lw=2, label=r"slow, $p_k \propto 1/(k \ln^2 k)$")
    ax.plot(ns, power, lw=1.2, ls="--", label=f"slow, $p_k \\propto k^{{-{beta}}}$")
    plotting.log_axes(ax)
    ax.set_ylim(1e-9, 1.5)
    annotate.end_labels(ax)
    ax.set_xlabel("training examples $n$")
    ax.set_ylabel("expected test error (probability)")
    ax.set_title("Three universal rates")
    rows = [by_n[int(n)] for n in ns]
    return Plot(fig, data=Table(learning_curve_points.columns, rows),
                alt=_curves_alt(k, ns, slow))


def _curves_alt(k, ns, slow):
    fmt = numbers.format_number
    return ("Log-log plot of expected error against training-set size. Thresholds with data "
            f"on {k} points plunge off the chart; thresholds on an interval fall as a straight "
            "line of slope −1; the memoriser on a heavy-tailed distribution falls only from "
            f"{fmt(slow[0], 'sig:2')} to {fmt(slow[-1], 'sig:2')} over {fmt(ns[-1], 'int')} "
            "examples; the power-tail case falls along a shallow straight line.")


@table("dlt.learning_curves_table", inputs=["dlt.learning_curve_points"],
       params={"k": 50, "beta": 1.25, "table_ns": TABLE_NS},
       title="Expected error after n examples, for each rate")
def learning_curves_table(learning_curve_points, k, beta, table_ns):
    """Exact expected errors; the slow columns are midpoints of bounds far tighter than shown."""
    by_n = {r[0]: r for r in learning_curve_points.rows}
    rows = []
    for n in table_ns:
        _, expo, lin, slow, power = by_n[n]
        rows.append((n, expo, lin, slow, slow * math.log(n), power))
    return Table([Col("n", fmt="int"), Col(f"Exponential (K = {k})", fmt="sci:2"),
                  Col("Linear", fmt="sci:2"), Col("Slow: p ∝ 1/(k ln² k)", fmt="sci:2"),
                  Col("Slow × ln n", fmt="fixed:3"), Col(f"Slow: p ∝ k^−{beta}", fmt="sci:2")],
                 rows)


def _cell(learning_curves_table, n: int, column: int) -> float:
    """The cell in ``column`` of dlt.learning_curves_table's row for n examples."""
    return next(r[column] for r in learning_curves_table.rows if r[0] == n)


@value("dlt.slow_error_million", inputs=["dlt.learning_curves_table"], fmt="pct:1")
def slow_error_million(learning_curves_table):
    """Expected error of the memoriser after 10⁶ examples from p_k ∝ 1/(k ln² k)."""
    return _cell(learning_curves_table, 1_000_000, 3)


@value("dlt.linear_error_million", inputs=["dlt.learning_curves_table"], fmt="sci:1")
def linear_error_million(learning_curves_table):
    """Expected error of the threshold learner on [0, 1] after 10⁶ examples."""
    return _cell(learning_curves_table, 1_000_000, 2)


@value("dlt.threshold_grid_points", params={"k": 50}, fmt="int")
def threshold_grid_points(k):
    """Size K of the finite domain in the exponential-rate example."""
    return k


@value("dlt.exponential_error_thousand", inputs=["dlt.learning_curves_table"], fmt="sci:1")
def exponential_error_thousand(learning_curves_table):
    """Expected error of the finite-threshold learner after 10³ examples (K = 50)."""
    return _cell(learning_curves_table, 1_000, 1)


@value("dlt.power_tail_exponent", params={"beta": 1.25}, fmt="fixed:2")
def power_tail_exponent(beta):
    """Exponent 1 − 1/β of the missing-mass decay n^−(1 − 1/β) for p_k ∝ k^−β."""
    return 1.0 - 1.0 / beta


@value("dlt.worst_case_ratio", params={"n": 1000, "k_max": 1_000_000}, fmt="sig:4")
def worst_case_ratio(n, k_max):
    """(n + 1) × the worst expected error over data spreads K ≤ k_max (1 = linear rate)."""
    return learning_curves.worst_case_over_grids(n, k_max)


claim("dlt.claim_fast_each_slow_worst", of="dlt.worst_case_ratio",
      issue="AN #140", summary="A Theory of Universal Learning",
      stated=("some classes are learned quickly for every single distribution and yet "
              "slowly in the worst case (checked here: thresholds on the natural numbers "
              "decay exponentially for each data distribution, but the worst case over "
              "distributions is still the linear rate 1/(n + 1))"),
      target="0.99", compare=">",
      exact=("exact expectations of the threshold learner, maximised over K; the error "
             "rises with K, so the largest K scanned gives the maximum"),
      how=("At n = 1000, take the largest expected error of the threshold learner over data "
           "uniform on {0, …, K − 1}, for K up to a million, and multiply by n + 1: a value "
           "near 1 means the worst case is as slow as 1/(n + 1), although each K alone "
           "decays like e^(−n/K)."))


unchecked_claim(
    "dlt.claim_three_rates", issue="AN #140", summary="A Theory of Universal Learning",
    stated=("learning curves of any concept class decay at one of only three universal "
            "rates: exponential, linear or arbitrarily slow"),
    why=("a theorem about every concept class; the page computes one exact "
         "curve of each kind, which illustrates but cannot prove that no "
         "fourth rate exists"))
