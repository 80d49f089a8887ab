"""Hoffmann et al. (2022)'s three approaches: Tables 2, 3 and A3 checked and interpolated.

Each row of Tables 3 and A3 is computed on once, in ``chinchilla.a3_rows`` (its 6ND, its
tokens per parameter and its printed FLOPs over 6ND); the tables, values and the frontier
figure of :mod:`recomputed.artifacts.chinchilla` read that table.
"""

from __future__ import annotations

import math

import numpy as np

from recomputed.engine.estimates import Estimate
from recomputed.engine.registry import Col, Table, claim, table, value
from recomputed.science import allocation

APPROACHES = {1: "Approach 1: training-curve envelope", 2: "Approach 2: IsoFLOP profiles",
              3: "Approach 3: parametric fit"}
CFITS = ["chinchilla_parametric_fits"]
CONST = ["chinchilla_constants"]
A3 = "chinchilla.a3_rows"


def const(ds, name: str) -> float:
    """One published constant of ``chinchilla_constants``."""
    return float(ds.one(name=name)["value"])


@table(A3, inputs=["hoffmann_2022_table_a3"],
       title="Every row of Hoffmann et al.'s Tables 3 and A3, with 6ND")
def a3_rows(hoffmann_2022_table_a3):
    """Each approach's compute-optimal N and D by model size, with C = 6ND, D/N and the
    printed FLOPs over 6ND, in table order."""
    rows = []
    for r in hoffmann_2022_table_a3:
        c = 6 * r["params"] * r["tokens"]
        rows.append((r["approach"], r["params_label"], r["params"], r["tokens"], r["flops"], c,
                     r["tokens"] / r["params"], r["flops"] / c))
    return Table([Col("Approach", fmt="int"), Col("Model size", align="left"),
                  Col("N", fmt="sci:3", unit="parameters"), Col("D", fmt="sci:3", unit="tokens"),
                  Col("Printed FLOPs", fmt="sci:3"), Col("6ND", fmt="sci:3", unit="FLOP"),
                  Col("D/N", fmt="sig:4"), Col("Printed FLOPs / 6ND", fmt="sig:4")], rows)


def approach_rows(a3: Table, approach: int):
    """(N, D, 6ND, D/N) arrays for one approach, in table order."""
    rows = [r for r in a3.rows if r[0] == approach]
    return tuple(np.array([r[i] for r in rows]) for i in (2, 3, 5, 6))


def _approach_dpn(a3: Table, approach: int, compute: float) -> float:
    """D/N of an approach at ``compute``, interpolated linearly in log C between rows.

    Uses C = 6ND from each row's N and D rather than the printed FLOPs, so the
    misprinted 175B Approach 3 FLOPs does not bend the curve.
    """
    _, _, c, dn = approach_rows(a3, approach)
    order = np.argsort(c)
    return float(np.exp(np.interp(np.log(compute), np.log(c[order]), np.log(dn[order]))))


def _budget_name(budget: str) -> str:
    return "Chinchilla" if budget == "chinchilla" else "GPT-3"


def _dpn_approach(a3_rows, chinchilla_constants, budget_chinchilla, approach, budget):
    # Chinchilla's compute is the value chinchilla.budget_chinchilla; GPT-3's is published.
    compute = (budget_chinchilla if budget == "chinchilla"
               else const(chinchilla_constants, "gpt3_compute"))
    return _approach_dpn(a3_rows, approach, compute)


# One registration per (approach, budget): the parameters are in ``params`` so that they
# are part of each artifact's cache key.
for _approach, _label in APPROACHES.items():
    for _b in ("chinchilla", "gpt3"):
        value(f"chinchilla.dpn_approach{_approach}_{_b}",
              inputs=[A3] + CONST + ["chinchilla.budget_chinchilla"],
              params={"approach": _approach, "budget": _b}, fmt="sig:2",
              title=f"Tokens per parameter of Hoffmann's {_label} at "
                    f"{_budget_name(_b)}'s compute (interpolated in Tables 3/A3)",
              )(_dpn_approach)


def _ratio(a3: Table, approach: int, label: str) -> float:
    return next(r[-1] for r in a3.rows if r[0] == approach and r[1] == label)


@value("chinchilla.a3_175b_flops_ratio", inputs=[A3], fmt="sig:2")
def a3_175b_flops_ratio(a3_rows):
    """Printed Approach 3 FLOPs for 175B divided by 6 N D from the same row."""
    return _ratio(a3_rows, 3, "175B")


@value("chinchilla.a3_other_rows_max_dev", inputs=[A3], fmt="pct:1")
def a3_other_rows_max_dev(a3_rows):
    """Largest |printed FLOPs / 6ND - 1| over every other row of Tables 3 and A3."""
    return max(abs(r[-1] - 1) for r in a3_rows.rows if not (r[0] == 3 and r[1] == "175B"))


@value("chinchilla.tex_vs_approach3_max_dev", inputs=CFITS + [A3], fmt="pct:1")
def tex_vs_approach3_max_dev(chinchilla_parametric_fits, a3_rows):
    """Largest relative gap between Table A3's Approach 3 model sizes and the TeX fit's
    N_opt at the same compute (6ND of the row)."""
    law = allocation.laws_from_rows(chinchilla_parametric_fits)["hoffmann_tex"]
    n, _, c, _ = approach_rows(a3_rows, 3)
    fitted = np.array([allocation.optimal(law, ci).params for ci in c])
    return float(np.max(np.abs(fitted / n - 1)))


@table("chinchilla.approaches_table", inputs=[A3],
       title="Hoffmann et al.'s three approaches: tokens per parameter by model size")
def approaches_table(a3_rows):
    """Tables 3 and A3: compute-optimal tokens for each model size and approach, the
    tokens per parameter they imply, and a check of the printed FLOPs against 6ND."""
    by_key = {(r[0], r[1]): r for r in a3_rows.rows}
    rows = []
    for label in [r[1] for r in a3_rows.rows if r[0] == 1]:
        cells = [label]
        worst = 1.0
        for k in APPROACHES:
            r = by_key[k, label]
            cells += [r[3], r[6]]
            ratio = r[7]
            worst = ratio if abs(math.log(ratio)) > abs(math.log(worst)) else worst
        rows.append((*cells, worst))
    cols = [Col("Model size", align="left")]
    for k in APPROACHES:
        cols += [Col(f"Approach {k}: tokens", fmt="sci:2", detail=True),
                 Col(f"Approach {k}: D/N", fmt="sig:2")]
    cols.append(Col("Printed FLOPs / 6ND (furthest from 1)", fmt="sig:2", lead=True))
    return Table(cols, rows)


def _table2_row(table2, label_start: str):
    return next(r for r in table2 if r["approach"].startswith(label_start))


def _table2_a(hoffmann_2022_table2, approach):
    """Hoffmann et al.'s printed exponent a (N_opt ∝ C^a) for one approach (Table 2)."""
    return _table2_row(hoffmann_2022_table2, f"{approach}.")["a"]


for _i in (1, 2, 3):
    value(f"chinchilla.a_table2_approach{_i}", inputs=["hoffmann_2022_table2"],
          params={"approach": _i}, fmt="fixed:2",
          title=f"Approach {_i}'s exponent a as Table 2 prints it")(_table2_a)


@value("chinchilla.hoffmann_a_width", inputs=["hoffmann_2022_table2"], fmt="fixed:3")
def hoffmann_a_width(hoffmann_2022_table2):
    """Width of Hoffmann's 10th-90th percentile interval for a, Approach 3 (Table 2):
    0.455 − 0.454, with the range the three printed decimals allow (from 0, when both
    ends round to the digits shown, to 0.002)."""
    r = _table2_row(hoffmann_2022_table2, "3.")
    (lo10, hi10), (lo90, hi90) = r.rounding("a_p10"), r.rounding("a_p90")
    return Estimate(r["a_p90"] - r["a_p10"], max(0.0, lo90 - hi10), hi90 - lo10,
                    "range allowed by the rounding of Table 2's printed percentiles")


def _runs(points_used: float, epoch_width: float, width: float) -> float:
    """Runs for an interval of ``width``: widths shrink as 1/sqrt(runs), so
    runs = points_used · (epoch_width / width)²."""
    return points_used * (epoch_width / width) ** 2


@value("chinchilla.runs_for_hoffmann_a_width", inputs=["chinchilla.hoffmann_a_width"] + CONST,
       fmt="int", unit="runs")
def runs_for_hoffmann_a_width(hoffmann_a_width, chinchilla_constants):
    """Runs needed for Epoch's interval on a to shrink to Hoffmann's printed width (0.001),
    240 · (0.051 / 0.001)²."""
    c = chinchilla_constants
    return _runs(const(c, "epoch_points_used"), const(c, "epoch_a_ci80_width"),
                 float(hoffmann_a_width))


@value("chinchilla.runs_for_hoffmann_a_width_min",
       inputs=["chinchilla.hoffmann_a_width"] + CONST, fmt="int", unit="runs")
def runs_for_hoffmann_a_width_min(hoffmann_a_width, chinchilla_constants):
    """The fewest runs any width the printed digits allow implies: the widest interval
    (0.002) with Epoch's width (0.051) at the low end of its own rounding. Narrower
    widths need more runs, without bound as the width goes to 0."""
    c = chinchilla_constants
    row = c.one(name="epoch_a_ci80_width")
    return _runs(const(c, "epoch_points_used"), row.rounding("value")[0], hoffmann_a_width.high)


NARROW_WIDTH = 0.0005  # the narrowest width the range below reports (see its docstring)


@value("chinchilla.runs_for_hoffmann_a_width_range",
       inputs=["chinchilla.runs_for_hoffmann_a_width", "chinchilla.runs_for_hoffmann_a_width_min"]
       + CONST, params={"narrow": NARROW_WIDTH}, fmt="int", unit="runs")
def runs_for_hoffmann_a_width_range(runs_for_hoffmann_a_width, runs_for_hoffmann_a_width_min,
                                    chinchilla_constants, narrow):
    """Runs for Hoffmann's width, read as Epoch reads it (exactly 0.001, the central value),
    over the widths the printed percentiles allow: from the fewest (the widest interval,
    0.002, with Epoch's 0.051 at the bottom of its rounding) to the runs at a width of
    0.0005 with Epoch's width at the top of its rounding. Narrower widths need more runs,
    without bound, so the top of the range is a choice, not a limit."""
    c = chinchilla_constants
    top = _runs(const(c, "epoch_points_used"),
                c.one(name="epoch_a_ci80_width").rounding("value")[1], narrow)
    return Estimate(runs_for_hoffmann_a_width, runs_for_hoffmann_a_width_min, top,
                    "runs from the widest interval the printed percentiles allow (0.002) to "
                    f"a width of {narrow:g}, with Epoch's width over its rounding; narrower "
                    "widths need more runs, without bound")


claim("chinchilla.points_needed", of="chinchilla.runs_for_hoffmann_a_width_range",
      issue="Hoffmann et al. 2022 (not in the newsletters)",
      summary="Chinchilla Scaling: A replication attempt (Besiroglu et al. 2024)",
      stated="an interval on a as narrow as Hoffmann's would need over 600,000 experiments "
             "(Epoch's abstract; their notebook gives 634,773, reading the printed width "
             "0.455 − 0.454 as exactly 0.001)",
      target="6e5", compare=">", expect="inconclusive",
      how="Interval widths shrink as 1/sqrt(runs): runs = 240 × (Epoch's 80% width of a / "
          "Hoffmann's width)². Hoffmann's width has one significant figure: the printed "
          "percentiles allow any width from 0 to 0.002. Read as exactly 0.001 it gives the "
          "central value; the widest width allowed gives far fewer runs than 600,000 and "
          "narrower widths far more, so the digits cannot confirm Epoch's number.")
