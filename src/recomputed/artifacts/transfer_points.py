"""Numbers that several artifacts of the transfer page share (Transfer issue), each computed
once: the fraction of effective data from transfer at every point a figure or table shows,
and the crossing at every corner of Table 1's rounding box.

The figures, table and values of :mod:`recomputed.artifacts.transfer` read these tables;
they live in a module of their own because nothing here is cited on a page (the page cites
what reads them).
"""

from __future__ import annotations

import numpy as np

from recomputed.engine.registry import Col, Table, table
from recomputed.science import transfer

T = "hernandez_2021_table1"
MIXES = ("text", "text+code")
FRACTION_TABLE = {"dfs": (1e4, 1e6, 1e8, 1e10), "ns": (1e7, 1e8, 1e9)}


def label(pre: str) -> str:
    return {"text": "text → Python", "text+code": "text + code → Python"}[pre]


def law(ds, pretraining: str) -> tuple[float, float, float]:
    r = ds.one(pretraining=pretraining)
    return r["k"], r["alpha"], r["beta"]


def model_sizes():
    """Non-embedding parameters drawn in the figures."""
    return (1e6, 1e7, 1e8, 1e9, 1e10)


def df_grid():
    """Fine-tuning set sizes (characters of Python) drawn in the figures."""
    return np.logspace(3, 14, 89)


def map_grid():
    """(D_F, N) of the contour map of the text → Python fraction."""
    return np.logspace(3, 12, 46), np.logspace(6, 12, 31)


def _fraction_points() -> dict[str, list[tuple[float, float]]]:
    """(N, D_F) of every fraction shown, by pre-training mix: the curves of
    transfer.fraction_vs_df (which hold the cells of transfer.fraction_table and the
    example value), then the contour map's grid (text → Python only)."""
    points = {pre: [(n, d) for n in model_sizes() for d in df_grid()] for pre in MIXES}
    dfs, ns = map_grid()
    points["text"] += [(n, d) for n in ns for d in dfs]
    return {pre: list(dict.fromkeys(p)) for pre, p in points.items()}


@table("transfer.fraction_points", inputs=[T],
       title="Fraction of effective data from transfer at every point shown")
def fraction_points(hernandez_2021_table1):
    """D_T/(D_F + D_T) for each pre-training mix at each (N, D_F) that a figure, table or
    value of the transfer page shows."""
    rows = []
    for pre, pts in _fraction_points().items():
        n, d = (np.array(x) for x in zip(*pts, strict=True))
        f = transfer.fraction_from_transfer(d, n, *law(hernandez_2021_table1, pre))
        rows += [(pre, ni, di, fi) for ni, di, fi in zip(n, d, f, strict=True)]
    return Table([Col("Pre-training", align="left"), Col("N", fmt="sci:3"),
                  Col("D_F", fmt="sci:3"), Col("Fraction", fmt="sig:4")], rows)


def fractions(t: Table) -> dict[tuple[str, float, float], float]:
    """The fractions of ``transfer.fraction_points`` by (pre-training, N, D_F)."""
    return {(pre, n, d): f for pre, n, d, f in t.rows}


# Half a unit in the last printed digit of each Table 1 constant (k to 2 figures,
# α to 2 or 3 decimals): how far rounding alone could move the crossing.
ROUNDING = {"dk_text": 0.05e4, "dk_code": 0.05e5, "dalpha_text": 0.005, "dalpha_code": 0.0005}


@table("transfer.crossover_corners", inputs=[T], params=ROUNDING,
       title="The crossing at every corner of the rounding box of Table 1's constants")
def crossover_corners(hernandez_2021_table1, dk_text, dk_code, dalpha_text, dalpha_code):
    """The crossing with each constant moved up or down by its rounding (the crossing is
    monotone in each, so its extremes are at corners)."""
    k1, a1, _ = law(hernandez_2021_table1, "text")
    k2, a2, _ = law(hernandez_2021_table1, "text+code")
    rows = [(s1, s2, s3, s4,
             transfer.crossover_fine_tuning_size(k1 + s1 * dk_text, a1 + s2 * dalpha_text,
                                                 k2 + s3 * dk_code, a2 + s4 * dalpha_code))
            for s1 in (-1, 1) for s2 in (-1, 1) for s3 in (-1, 1) for s4 in (-1, 1)]
    return Table([Col("Shift of k, text", fmt="int"), Col("Shift of α, text", fmt="int"),
                  Col("Shift of k, text + code", fmt="int"),
                  Col("Shift of α, text + code", fmt="int"),
                  Col("Crossing D_F", fmt="sci:3", unit="characters")], rows)
