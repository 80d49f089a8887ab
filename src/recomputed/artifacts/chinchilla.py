"""Kaplan, Chinchilla and Epoch: compute-optimal tokens per parameter.

Hoffmann et al. (2022) Tables 2, 3 and A3 and Eq. 10, and Besiroglu et al. (2024),
side by side; the allocation is :mod:`recomputed.science.allocation` (C = 6ND, Eq. 4).
"""

from __future__ import annotations

import math

import numpy as np

from recomputed.engine.registry import Col, Plot, Table, claim, figure, table, value
from recomputed.science import allocation

FITS = {
    "hoffmann_rounded": "Hoffmann et al., Eq. 10 as printed",
    "hoffmann_tex": "Hoffmann et al., Eq. 10 from the TeX source",
    "epoch_2024": "Besiroglu et al. (Epoch AI), 2024",
}
APPROACHES = {1: "Approach 1: training-curve envelope", 2: "Approach 2: IsoFLOP profiles",
              3: "Approach 3: parametric fit"}
PF_DAY = 1e15 * 86400  # FLOP in a petaflop/s-day (Kaplan et al. and Henighan et al.'s unit)
CFITS = ["chinchilla_parametric_fits"]
CONST = ["chinchilla_constants"]


def _const(ds, name: str) -> float:
    return float(ds.one(name=name)["value"])


def _budgets(consts) -> dict[str, float]:
    """Chinchilla's compute (6 x 70e9 x 1.4e12 FLOP) and GPT-3's published 3.14e23 FLOP."""
    chin = 6 * _const(consts, "chinchilla_params") * _const(consts, "chinchilla_tokens")
    return {"chinchilla": chin, "gpt3": _const(consts, "gpt3_compute")}


def _laws(fits_ds) -> dict[str, allocation.Law]:
    return allocation.laws_from_rows(fits_ds)


def _approach_rows(table_a3, approach: int):
    """(N, D, printed FLOPs, 6ND) arrays for one approach, in table order."""
    rows = table_a3.where(approach=approach)
    n = np.array([r["params"] for r in rows])
    d = np.array([r["tokens"] for r in rows])
    return n, d, np.array([r["flops"] for r in rows]), 6 * n * d


def _approach_dpn(table_a3, approach: int, compute: float) -> float:
    """D/N of an approach at ``compute``, interpolated linearly in log C between rows.

    Uses C = 6ND from each row's N and D rather than the printed FLOPs, so the
    misprinted 175B Approach 3 FLOPs does not bend the curve.
    """
    n, d, _, c = _approach_rows(table_a3, approach)
    order = np.argsort(c)
    return float(np.exp(np.interp(np.log(compute), np.log(c[order]), np.log((d / n)[order]))))


# --- values ---------------------------------------------------------------------------


@value("chinchilla.budget_chinchilla", inputs=CONST, fmt="sci:3", unit="FLOP")
def budget_chinchilla(chinchilla_constants):
    """Chinchilla's training compute, 6 N D with N = 70e9 and D = 1.4e12."""
    return _budgets(chinchilla_constants)["chinchilla"]


@value("chinchilla.chinchilla_dpn", inputs=CONST, fmt="sig:2")
def chinchilla_dpn(chinchilla_constants):
    """Tokens per parameter Chinchilla was trained with (1.4e12 / 70e9)."""
    c = chinchilla_constants
    return _const(c, "chinchilla_tokens") / _const(c, "chinchilla_params")


@value("chinchilla.gpt3_dpn", inputs=CONST, fmt="sig:2")
def gpt3_dpn(chinchilla_constants):
    """Tokens per parameter GPT-3 was trained with (300e9 / 175e9)."""
    c = chinchilla_constants
    return _const(c, "gpt3_tokens") / _const(c, "gpt3_params")


def _budget_name(budget: str) -> str:
    return "Chinchilla" if budget == "chinchilla" else "GPT-3"


def _dpn_fit(chinchilla_parametric_fits, chinchilla_constants, fit, budget):
    law = _laws(chinchilla_parametric_fits)[fit]
    return allocation.optimal(law, _budgets(chinchilla_constants)[budget]).tokens_per_param


def _a_fit(chinchilla_parametric_fits, fit):
    return _laws(chinchilla_parametric_fits)[fit].a


def _dpn_approach(hoffmann_2022_table_a3, chinchilla_constants, approach, budget):
    return _approach_dpn(hoffmann_2022_table_a3, approach, _budgets(chinchilla_constants)[budget])


# One registration per (fit, budget): the parameters are in ``params`` so that they are
# part of each artifact's cache key.
for _fit, _label in FITS.items():
    value(f"chinchilla.a_{_fit}", inputs=CFITS, params={"fit": _fit}, fmt="fixed:3",
          title=f"Exponent a = beta/(alpha+beta) of N_opt in C, {_label}")(_a_fit)
    for _budget in ("chinchilla", "gpt3"):
        value(f"chinchilla.dpn_{_fit}_{_budget}", inputs=CFITS + CONST,
              params={"fit": _fit, "budget": _budget}, fmt="sig:2",
              title=f"Compute-optimal tokens per parameter, {_label}, at "
                    f"{_budget_name(_budget)}'s compute")(_dpn_fit)
for _approach, _label in APPROACHES.items():
    for _budget in ("chinchilla", "gpt3"):
        value(f"chinchilla.dpn_approach{_approach}_{_budget}",
              inputs=["hoffmann_2022_table_a3"] + CONST,
              params={"approach": _approach, "budget": _budget}, fmt="sig:2",
              title=f"Tokens per parameter of Hoffmann's {_label} at "
                    f"{_budget_name(_budget)}'s compute (interpolated in Tables 3/A3)",
              )(_dpn_approach)


@value("chinchilla.a3_175b_flops_ratio", inputs=["hoffmann_2022_table_a3"], fmt="sig:2")
def a3_175b_flops_ratio(hoffmann_2022_table_a3):
    """Printed Approach 3 FLOPs for 175B divided by 6 N D from the same row."""
    r = hoffmann_2022_table_a3.one(approach=3, params_label="175B")
    return r["flops"] / (6 * r["params"] * r["tokens"])


@value("chinchilla.a3_other_rows_max_dev", inputs=["hoffmann_2022_table_a3"], fmt="pct:0")
def a3_other_rows_max_dev(hoffmann_2022_table_a3):
    """Largest |printed FLOPs / 6ND - 1| over every other row of Tables 3 and A3."""
    devs = [abs(r["flops"] / (6 * r["params"] * r["tokens"]) - 1) for r in hoffmann_2022_table_a3
            if not (r["approach"] == 3 and r["params_label"] == "175B")]
    return max(devs)


@value("chinchilla.tex_vs_approach3_max_dev", inputs=CFITS + ["hoffmann_2022_table_a3"],
       fmt="pct:0")
def tex_vs_approach3_max_dev(chinchilla_parametric_fits, hoffmann_2022_table_a3):
    """Largest relative gap between Table A3's Approach 3 model sizes and the TeX fit's
    N_opt at the same compute (6ND of the row)."""
    law = _laws(chinchilla_parametric_fits)["hoffmann_tex"]
    n, _, _, c = _approach_rows(hoffmann_2022_table_a3, 3)
    fitted = np.array([allocation.optimal(law, ci).params for ci in c])
    return float(np.max(np.abs(fitted / n - 1)))


def _table2_a_width(table2, label_start: str) -> float:
    r = next(r for r in table2 if r["approach"].startswith(label_start))
    return r["a_p90"] - r["a_p10"]


@value("chinchilla.hoffmann_a_width", inputs=["hoffmann_2022_table2"], fmt="fixed:3")
def hoffmann_a_width(hoffmann_2022_table2):
    """Width of Hoffmann's 10th-90th percentile interval for a, Approach 3 (Table 2)."""
    return _table2_a_width(hoffmann_2022_table2, "3.")


@value("chinchilla.runs_for_hoffmann_a_width", inputs=["chinchilla.hoffmann_a_width"] + CONST,
       fmt="int", unit="runs")
def runs_for_hoffmann_a_width(hoffmann_a_width, chinchilla_constants):
    """Runs needed for Epoch's interval on a to shrink to Hoffmann's width."""
    c = chinchilla_constants
    ratio = _const(c, "epoch_a_ci80_width") / hoffmann_a_width
    return _const(c, "epoch_points_used") * ratio**2


claim("chinchilla.points_needed", of="chinchilla.runs_for_hoffmann_a_width",
      issue="Hoffmann et al. 2022 (not in the newsletters)",
      summary="Chinchilla Scaling: A replication attempt (Besiroglu et al. 2024)",
      stated="Hoffmann's interval for a would take about 634,773 runs", target=634773,
      compare="approx", rel_tol=0.05,
      how="Interval widths shrink as 1/sqrt(runs): 240 x (Epoch's 80% width of a / "
          "Hoffmann's width)^2. Epoch's width is published to two digits (0.051), so "
          "agreement within 5% is all that can be asked.")


# --- tables ---------------------------------------------------------------------------


@table("chinchilla.fits_table", inputs=CFITS + CONST,
       title="Published parametric fits and the allocation each implies")
def fits_table(chinchilla_parametric_fits, chinchilla_constants):
    """E, A, B, alpha, beta of each published fit, with a = beta/(alpha+beta) and the
    compute-optimal tokens per parameter at Chinchilla's and GPT-3's compute."""
    budgets = _budgets(chinchilla_constants)
    rows = []
    for key, law in _laws(chinchilla_parametric_fits).items():
        chin = allocation.optimal(law, budgets["chinchilla"])
        rows.append((FITS[key], law.E, law.A, law.B, law.alpha, law.beta, law.a,
                     chin.params, chin.tokens_per_param,
                     allocation.optimal(law, budgets["gpt3"]).tokens_per_param))
    return Table([Col("Fit", align="left"), Col("E", fmt="sig:3", unit="nats/token"),
                  Col("A", fmt="sig:4"), Col("B", fmt="sig:4"), Col("α", fmt="fixed:3"),
                  Col("β", fmt="fixed:3"), Col("a = β/(α+β)", fmt="fixed:3"),
                  Col("N_opt at Chinchilla's compute", fmt="sci:2", unit="parameters"),
                  Col("D/N at Chinchilla's compute", fmt="sig:2"),
                  Col("D/N at GPT-3's compute", fmt="sig:2")], rows)


@table("chinchilla.approaches_table", inputs=["hoffmann_2022_table_a3"],
       title="Hoffmann et al.'s three approaches: tokens per parameter by model size")
def approaches_table(hoffmann_2022_table_a3):
    """Tables 3 and A3: compute-optimal tokens for each model size and approach, the
    tokens per parameter they imply, and a check of the printed FLOPs against 6ND."""
    ds = hoffmann_2022_table_a3
    rows = []
    for r1 in ds.where(approach=1):
        label = r1["params_label"]
        cells = [label]
        worst = 1.0
        for k in APPROACHES:
            r = ds.one(approach=k, params_label=label)
            cells += [r["tokens"], r["tokens"] / r["params"]]
            ratio = r["flops"] / (6 * r["params"] * r["tokens"])
            worst = ratio if abs(math.log(ratio)) > abs(math.log(worst)) else worst
        rows.append((*cells, worst))
    cols = [Col("Model size", align="left")]
    for k in APPROACHES:
        cols += [Col(f"Approach {k}: tokens", fmt="sci:2"), Col(f"Approach {k}: D/N", fmt="sig:2")]
    cols.append(Col("Printed FLOPs / 6ND (furthest from 1)", fmt="sig:2"))
    return Table(cols, rows)


@table("chinchilla.exponents_table", inputs=CFITS + ["hoffmann_2022_table2"],
       title="Compute-optimal exponent a (N_opt ∝ C^a): published and recomputed")
def exponents_table(chinchilla_parametric_fits, hoffmann_2022_table2):
    """Hoffmann's Table 2 exponents with their 10th-90th percentile intervals, next to
    a = beta/(alpha+beta) recomputed from each published parametric fit."""
    rows = []
    for r in hoffmann_2022_table2:
        lo, hi = r["a_p10"], r["a_p90"]
        interval = "" if lo is None else f"{lo:.3f} to {hi:.3f}"
        rows.append((f"Table 2: {r['approach']}", r["a"], interval))
    for key, law in _laws(chinchilla_parametric_fits).items():
        rows.append((f"Recomputed: {FITS[key]}", law.a, ""))
    return Table([Col("Estimate", align="left"), Col("a", fmt="fixed:3"),
                  Col("Published 10th-90th percentile", align="left")], rows)


# --- figures --------------------------------------------------------------------------

_GRID = np.logspace(18, 29, 111)  # FLOP: the span of Tables 3 and A3
MARKERS = {1: "o", 2: "s", 3: "^"}


def _kaplan_nopt(henighan_2020_table1, c_flop):
    """Kaplan et al.'s N_opt = (C/C0)^0.73 with C in PF-days (Henighan Table 1, Language)."""
    r = henighan_2020_table1.one(domain="Language")
    return (np.asarray(c_flop) / PF_DAY / r["Nopt_C0"]) ** r["Nopt_exponent"]


@figure("chinchilla.frontier_figure",
        inputs=CFITS + CONST + ["hoffmann_2022_table_a3", "henighan_2020_table1"],
        title="Compute-optimal model size by compute budget")
def frontier_figure(chinchilla_parametric_fits, chinchilla_constants, hoffmann_2022_table_a3,
                    henighan_2020_table1):
    """N_opt against C for each published fit, Hoffmann's three approaches and Kaplan."""
    from recomputed.engine import plotting

    fig, (ax_n, ax_r) = plotting.new_figure(width=9.0, height=5.0, ncols=2)
    data = []
    for i, (key, law) in enumerate(_laws(chinchilla_parametric_fits).items()):
        allocs = [allocation.optimal(law, c) for c in _GRID]
        n = np.array([a.params for a in allocs])
        ax_n.plot(_GRID, n, color=plotting.PALETTE[i], label=FITS[key])
        ax_r.plot(_GRID, _GRID / (6 * n**2), color=plotting.PALETTE[i], label=FITS[key])
        data += [(FITS[key], c, a.params, a.tokens_per_param) for c, a in zip(_GRID, allocs,
                                                                             strict=True)]
    kn = _kaplan_nopt(henighan_2020_table1, _GRID)
    ax_n.plot(_GRID, kn, color=plotting.PALETTE[6], ls=":", label="Kaplan et al. (2020)")
    ax_r.plot(_GRID, _GRID / (6 * kn**2), color=plotting.PALETTE[6], ls=":",
              label="Kaplan et al. (2020)")
    data += [("Kaplan et al. (2020)", c, n, c / (6 * n**2)) for c, n in zip(_GRID, kn,
                                                                           strict=True)]
    for k, label in APPROACHES.items():
        n, d, _, c = _approach_rows(hoffmann_2022_table_a3, k)
        style = dict(marker=MARKERS[k], ls="none", mfc="none", color=plotting.PALETTE[3 + k % 3])
        ax_n.plot(c, n, label=f"Table 3/A3, {label.split(':')[0]}", **style)
        ax_r.plot(c, d / n, label=f"Table 3/A3, {label.split(':')[0]}", **style)
        data += [(f"Table 3/A3 {label}", ci, ni, di / ni) for ci, ni, di in zip(c, n, d,
                                                                               strict=True)]
    consts = chinchilla_constants
    models = {"Chinchilla": (_budgets(consts)["chinchilla"], _const(consts, "chinchilla_params"),
                             _const(consts, "chinchilla_tokens")),
              "GPT-3": (_budgets(consts)["gpt3"], _const(consts, "gpt3_params"),
                        _const(consts, "gpt3_tokens"))}
    for name, (c, n, d) in models.items():
        ax_n.plot([c], [n], marker="*", ms=12, color="#808080", ls="none")
        ax_n.annotate(name, (c, n), textcoords="offset points", xytext=(6, -12), color="#808080")
        ax_r.plot([c], [d / n], marker="*", ms=12, color="#808080", ls="none")
        ax_r.annotate(name, (c, d / n), textcoords="offset points", xytext=(6, -12),
                      color="#808080")
        data.append((f"{name} (as trained)", c, n, d / n))
    for ax in (ax_n, ax_r):
        plotting.log_axes(ax)
        ax.set_xlabel("Training compute C (FLOP)")
    ax_n.set_ylabel("Compute-optimal parameters N")
    ax_r.set_ylabel("Compute-optimal tokens per parameter D/N")
    ax_n.set_title("Model size")
    ax_r.set_title("Tokens per parameter")
    ax_r.set_ylim(0.5, 1000)  # Kaplan's ratio falls far below 1; the rest is what matters
    handles, labels = ax_r.get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=3, fontsize=8)
    return Plot(fig, data=Table([Col("Curve", align="left"), Col("C", fmt="sci:3", unit="FLOP"),
                                 Col("N", fmt="sci:3", unit="parameters"),
                                 Col("D/N", fmt="sig:3")], data),
                alt="Two log-log panels against training compute. Left: compute-optimal "
                    "parameter count for each published Chinchilla fit, Kaplan's law and the "
                    "rows of Hoffmann's Tables 3 and A3. Right: the tokens per parameter "
                    "each implies; Epoch's fit stays near 20 while Hoffmann's printed fit "
                    "rises with compute, and Kaplan's falls.")


@value("chinchilla.kaplan_dpn_chinchilla", inputs=CONST + ["henighan_2020_table1"], fmt="sig:2")
def kaplan_dpn_chinchilla(chinchilla_constants, henighan_2020_table1):
    """Tokens per parameter at Chinchilla's compute if N follows Kaplan's N_opt(C)."""
    c = _budgets(chinchilla_constants)["chinchilla"]
    n = float(_kaplan_nopt(henighan_2020_table1, c))
    return c / (6 * n * n)


@value("chinchilla.kaplan_nopt_chinchilla", inputs=CONST + ["henighan_2020_table1"], fmt="sci:2",
       unit="parameters")
def kaplan_nopt_chinchilla(chinchilla_constants, henighan_2020_table1):
    """Kaplan et al.'s N_opt(C) at Chinchilla's compute (non-embedding parameters)."""
    return float(_kaplan_nopt(henighan_2020_table1, _budgets(chinchilla_constants)["chinchilla"]))
