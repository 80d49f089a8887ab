"""Kaplan, Chinchilla and Epoch: compute-optimal tokens per parameter.

Hoffmann et al. (2022) Eq. 10 and Besiroglu et al. (2024) side by side, with Hoffmann's
Tables 2, 3 and A3 (in :mod:`recomputed.artifacts.chinchilla_approaches`); the
allocation is :mod:`recomputed.science.allocation` (C = 6ND, Eq. 4).
"""

from __future__ import annotations

import numpy as np

from recomputed.artifacts.chinchilla_approaches import (
    A3,
    APPROACHES,
    CFITS,
    CONST,
    approach_rows,
)
from recomputed.artifacts.chinchilla_approaches import const as _const
from recomputed.engine.estimates import over_ranges
from recomputed.engine.registry import Col, Plot, Table, claim, figure, table, value
from recomputed.science import allocation

FITS = {
    "hoffmann_rounded": "Hoffmann et al., Eq. 10 as printed",
    "hoffmann_tex": "Hoffmann et al., Eq. 10 from the TeX source",
    "epoch_2024": "Besiroglu et al. (Epoch AI), 2024",
}
PF_DAY = "units.pf_day_flop"  # FLOP in a petaflop/s-day (Kaplan et al.'s unit of compute)
KAPLAN = "kaplan_2020_constants"
HOFFMANN = "Training Compute-Optimal Large Language Models (Hoffmann et al. 2022)"
NOT_IN_NEWSLETTERS = "Hoffmann et al. 2022 (not in the newsletters)"
BUDGET = "chinchilla.budget_chinchilla"  # Chinchilla's compute, computed once; GPT-3's is published


def _laws(fits_ds) -> dict[str, allocation.Law]:
    return allocation.laws_from_rows(fits_ds)


# --- values ---------------------------------------------------------------------------


@value("chinchilla.budget_chinchilla", inputs=CONST, fmt="sci:3", unit="FLOP")
def budget_chinchilla(chinchilla_constants):
    """Chinchilla's training compute, 6 N D with N = 70e9 and D = 1.4e12."""
    c = chinchilla_constants
    return 6 * _const(c, "chinchilla_params") * _const(c, "chinchilla_tokens")


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


FITS_TABLE = "chinchilla.fits_table"  # each fit's allocations, computed once
A_VALUES = [f"chinchilla.a_{fit}" for fit in FITS]  # each fit's a, computed once


def _fit_cell(fits_table, fit: str, column: str) -> float:
    """The cell of chinchilla.fits_table in the row of ``fit`` and the column ``column``."""
    i = [c.header for c in fits_table.columns].index(column)
    return next(r[i] for r in fits_table.rows if r[0] == FITS[fit])


def _dpn_fit(fits_table, fit, budget):
    return _fit_cell(fits_table, fit, f"D/N at {_budget_name(budget)}'s compute")


def _a_fit(chinchilla_parametric_fits, fit):
    return _laws(chinchilla_parametric_fits)[fit].a


# One registration per (fit, budget), with the parameters in ``params`` so that they are
# part of each artifact's cache key; a D/N value reads its cell of chinchilla.fits_table.
for _fit, _label in FITS.items():
    value(f"chinchilla.a_{_fit}", inputs=CFITS, params={"fit": _fit}, fmt="fixed:3",
          title=f"Exponent a = beta/(alpha+beta) of N_opt in C, {_label}")(_a_fit)
    for _budget in ("chinchilla", "gpt3"):
        value(f"chinchilla.dpn_{_fit}_{_budget}", inputs=[FITS_TABLE],
              params={"fit": _fit, "budget": _budget}, fmt="sig:2",
              title=f"Compute-optimal tokens per parameter, {_label}, at "
                    f"{_budget_name(_budget)}'s compute")(_dpn_fit)


# --- tables ---------------------------------------------------------------------------


@table(FITS_TABLE, inputs=CFITS + CONST + [BUDGET] + A_VALUES,
       title="Published parametric fits and the allocation each implies")
def fits_table(chinchilla_parametric_fits, chinchilla_constants, budget_chinchilla, **a_values):
    """E, A, B, alpha, beta of each published fit, with a = beta/(alpha+beta) and the
    compute-optimal tokens per parameter at Chinchilla's and GPT-3's compute."""
    gpt3 = _const(chinchilla_constants, "gpt3_compute")
    rows = []
    for key, law in _laws(chinchilla_parametric_fits).items():
        chin = allocation.optimal(law, budget_chinchilla)
        rows.append((FITS[key], law.E, law.A, law.B, law.alpha, law.beta, a_values[f"a_{key}"],
                     chin.params, chin.tokens_per_param,
                     allocation.optimal(law, gpt3).tokens_per_param))
    # A page leads with the allocation each fit implies; the five fitted constants it
    # comes from are the detail (shown under "All columns", and in the CSV).
    return Table([Col("Fit", align="left"), Col("E", fmt="sig:3", unit="nats/token", detail=True),
                  Col("A", fmt="sig:4", detail=True), Col("B", fmt="sig:4", detail=True),
                  Col("α", fmt="fixed:3", detail=True), Col("β", fmt="fixed:3", detail=True),
                  Col("a = β/(α+β)", fmt="fixed:3", lead=True),
                  Col("N_opt at Chinchilla's compute", fmt="sci:2", unit="parameters",
                      lead=True),
                  Col("D/N at Chinchilla's compute", fmt="sig:2", lead=True),
                  Col("D/N at GPT-3's compute", fmt="sig:2", lead=True)], rows)


@table("chinchilla.exponents_table", inputs=["hoffmann_2022_table2"] + A_VALUES,
       title="Compute-optimal exponent a (N_opt ∝ C^a): published and recomputed")
def exponents_table(hoffmann_2022_table2, **a_values):
    """Hoffmann's Table 2 exponents with their 10th-90th percentile intervals, next to
    a = beta/(alpha+beta) recomputed from each published parametric fit."""
    rows = []
    for r in hoffmann_2022_table2:
        lo, hi = r["a_p10"], r["a_p90"]
        interval = "" if lo is None else f"{lo:.3f} to {hi:.3f}"
        rows.append((f"Table 2: {r['approach']}", r["a"], interval))
    rows += [(f"Recomputed: {label}", a_values[f"a_{key}"], "") for key, label in FITS.items()]
    return Table([Col("Estimate", align="left"), Col("a", fmt="fixed:3"),
                  Col("Published 10th-90th percentile", align="left")], rows)


# --- figures --------------------------------------------------------------------------

_GRID = np.logspace(18, 29, 111)  # FLOP: the span of Tables 3 and A3
MARKERS = {1: "o", 2: "s", 3: "^"}


def _kaplan_nopt(kaplan_2020_constants, c_flop, pf_day_flop, n_e=None, p_n=None):
    """Kaplan et al.'s N_opt = 1.3e9 · C_min^0.73 (Table 6; C_min in PF-days, N in
    non-embedding parameters) at a total training compute ``c_flop`` in FLOP.

    Kaplan's C_min is the compute of training at the critical batch size; training there
    costs C = 2 C_min (Kaplan et al. Sec. 6.3), which is how Hoffmann et al. (2022,
    App. D.4) compare the two: C_min = C/2."""
    k = {r["symbol"]: r["value"] for r in kaplan_2020_constants}
    n_e = k["N_e"] if n_e is None else n_e
    p_n = k["p_N"] if p_n is None else p_n
    return n_e * (np.asarray(c_flop) / 2 / pf_day_flop) ** p_n


def _kaplan_rounded(kaplan_2020_constants, compute, pf_day_flop, quantity):
    """Kaplan's N_opt or D/N (= C/(6N²)) at ``compute`` FLOP, over the rounding of N_e
    and p_N (both monotone in each)."""
    r = {row["symbol"]: row for row in kaplan_2020_constants}

    def f(n_e, p_n):
        n = float(_kaplan_nopt(kaplan_2020_constants, compute, pf_day_flop, n_e, p_n))
        return n if quantity == "params" else compute / (6 * n * n)
    return over_ranges(f, {"n_e": r["N_e"]["value"], "p_n": r["p_N"]["value"]},
                       {"n_e": r["N_e"].rounding("value"), "p_n": r["p_N"].rounding("value")},
                       "range allowed by the rounding of Kaplan's Table 6 (1.3e9, 0.73)")


@figure("chinchilla.frontier_figure",
        inputs=CFITS + CONST + [A3, KAPLAN, PF_DAY, BUDGET, "chinchilla.chinchilla_dpn",
                                "chinchilla.gpt3_dpn"],
        title="With more compute, Epoch's fit keeps tokens per parameter nearly level, "
              "Hoffmann's printed fit raises it and Kaplan's lowers it")
def frontier_figure(chinchilla_parametric_fits, chinchilla_constants, a3_rows,
                    kaplan_2020_constants, pf_day_flop, budget_chinchilla, chinchilla_dpn,
                    gpt3_dpn):
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
    kn = _kaplan_nopt(kaplan_2020_constants, _GRID, pf_day_flop)
    ax_n.plot(_GRID, kn, color=plotting.PALETTE[6], ls=":",
              label=r"Kaplan et al. (2020), $C = 2\,C_\mathrm{min}$")
    ax_r.plot(_GRID, _GRID / (6 * kn**2), color=plotting.PALETTE[6], ls=":",
              label="Kaplan et al. (2020)")
    data += [("Kaplan et al. (2020)", c, n, c / (6 * n**2)) for c, n in zip(_GRID, kn,
                                                                           strict=True)]
    for k, label in APPROACHES.items():
        n, _, c, dn = approach_rows(a3_rows, k)
        style = dict(marker=MARKERS[k], ls="none", mfc="none", color=plotting.PALETTE[3 + k % 3])
        ax_n.plot(c, n, label=f"Table 3/A3, {label.split(':')[0]}", **style)
        ax_r.plot(c, dn, label=f"Table 3/A3, {label.split(':')[0]}", **style)
        data += [(f"Table 3/A3 {label}", ci, ni, dni) for ci, ni, dni in zip(c, n, dn,
                                                                            strict=True)]
    consts = chinchilla_constants
    models = {"Chinchilla": (budget_chinchilla, _const(consts, "chinchilla_params"),
                             chinchilla_dpn),
              "GPT-3": (_const(consts, "gpt3_compute"), _const(consts, "gpt3_params"), gpt3_dpn)}
    # GPT-3's star sits just left of Chinchilla's, so its name goes on its left.
    where = {"Chinchilla": dict(xytext=(6, -12), ha="left"),
             "GPT-3": dict(xytext=(-7, 3), ha="right")}
    for name, (c, n, dn) in models.items():
        for ax, y in ((ax_n, n), (ax_r, dn)):
            ax.plot([c], [y], marker="*", ms=12, color="#808080", ls="none")
            ax.annotate(name, (c, y), textcoords="offset points", color="#808080", **where[name])
        data.append((f"{name} (as trained)", c, n, dn))
    for ax in (ax_n, ax_r):
        plotting.log_axes(ax)
        ax.set_xlabel("Training compute $C$ (FLOP)")
    ax_n.set_ylabel(r"Compute-optimal parameters $N_\mathrm{opt}$")
    ax_r.set_ylabel("Compute-optimal tokens per parameter $D/N$")
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


# --- Kaplan et al.'s optimum at other budgets, as Hoffmann et al. compare it (C = 2 C_min) ---

KAPLAN_1E21 = {"compute": 1e21}  # FLOP: Hoffmann et al.'s head-to-head budget (App. D.4)


@value("chinchilla.kaplan_nopt_1e21", inputs=[KAPLAN, PF_DAY], params=KAPLAN_1E21, fmt="sig:3",
       unit="parameters")
def kaplan_nopt_1e21(kaplan_2020_constants, pf_day_flop, compute):
    """Kaplan et al.'s optimal (non-embedding) model size at 10²¹ FLOP with C_min = C/2:
    1.3e9 · (10²¹ / 2 / 8.64e19)^0.73."""
    return float(_kaplan_nopt(kaplan_2020_constants, compute, pf_day_flop))


claim("chinchilla.claim_kaplan_nopt_1e21", of="chinchilla.kaplan_nopt_1e21", fmt="sci:3",
      issue=NOT_IN_NEWSLETTERS, summary=HOFFMANN,
      stated="for 10²¹ FLOP, Kaplan et al.'s law gives an optimal model size of 4.68 billion "
             "parameters (App. D.4)",
      target="4.68e9", compare="approx",
      exact="Hoffmann et al. evaluate Kaplan's printed Table 6 law; the check is that "
            "arithmetic, done with the same printed constants (their rounding would move "
            "Kaplan's own optimum, not what Hoffmann computed from it)",
      how="N = 1.3e9 · C_min^0.73 (Kaplan Table 6, C_min in PF-days) with C_min = C/2: "
          "Kaplan's C_min is the compute at the critical batch size, and training there costs "
          "C = 2 C_min. With C_min = C the same law would give about 7.8e9.")


def _kaplan_at(kaplan_2020_constants, pf_day_flop, chinchilla_constants, budget_chinchilla,
               budget, quantity):
    compute = (budget_chinchilla if budget == "chinchilla"
               else _const(chinchilla_constants, "gpt3_compute"))
    return _kaplan_rounded(kaplan_2020_constants, compute, pf_day_flop, quantity)


for _budget in ("chinchilla", "gpt3"):
    value(f"chinchilla.kaplan_nopt_{_budget}", inputs=[KAPLAN, PF_DAY] + CONST + [BUDGET],
          params={"budget": _budget, "quantity": "params"}, fmt="sci:2", unit="parameters",
          title=f"Kaplan et al.'s optimal (non-embedding) model size at {_budget_name(_budget)}'s "
                "compute, C_min = C/2")(_kaplan_at)
    value(f"chinchilla.kaplan_dpn_{_budget}", inputs=[KAPLAN, PF_DAY] + CONST + [BUDGET],
          params={"budget": _budget, "quantity": "dpn"}, fmt="sig:2",
          title=f"Tokens per parameter at {_budget_name(_budget)}'s compute if N follows "
                "Kaplan et al.'s N_opt (C_min = C/2, C = 6ND)")(_kaplan_at)
