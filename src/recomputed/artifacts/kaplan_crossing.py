"""Kaplan et al. (2020)'s "inconsistency" (AN #125): where the compute frontier meets the
data-limited law, as the paper's Table 6 and Eq. 6.7 give it."""

from __future__ import annotations

import math

import numpy as np

from recomputed.engine import numbers
from recomputed.engine.registry import Col, Plot, Table, claim, figure, table, value
from recomputed.science import powerlaw

K = "kaplan_2020_constants"
GPT3 = "scaling.gpt3_compute"  # GPT-3 175B's training compute, PF-days
HIGHLIGHT = "Scaling Laws for Autoregressive Generative Modeling"


# --- Kaplan et al. (2020): where the compute frontier meets the data-limited law ----------

# The data laws along the frontier: label, (D_e, p_D) symbols, compute law (C_c, α_C) symbols.
def _crossings():
    return (
        ("Table 6 data law, frontier L(C_min)", "D_e_table6", "p_D_table6", "C_c_min",
         "alpha_C_min"),
        ("Eq. 6.7 data law, frontier L(C_min)", "D_e_eq67", "p_D_eq67", "C_c_min",
         "alpha_C_min"),
        ("Eq. 6.7 data law, naive L(C)", "D_e_eq67", "p_D_eq67", "C_c", "alpha_C"),
    )


def _law_text(scale: float, exponent: float, var: str = "C") -> str:
    """A power law as text for legends, its constants formatted from the data."""
    return f"{numbers.format_number(scale, 'sci:2')}·{var}^{exponent:g}"


def _k(ds):
    return {r["symbol"]: r["value"] for r in ds}


def _crossing(ds, which: int = 0) -> powerlaw.FrontierCrossing:
    k = _k(ds)
    _, de, pd, cc, ac = _crossings()[which]
    # N(C) = N_e C^p_N is a law for C_min; the naive-law row has no such size law.
    n_e = k["N_e"] if cc == "C_c_min" else math.nan
    return powerlaw.frontier_crossing(k[cc], k[ac], k["D_c"], k["alpha_D"], k[de], k[pd],
                                      n_e, k["p_N"])


CROSSINGS = "scaling.kaplan_crossings"  # every crossing is computed once, in this table


def _star(kaplan_crossings, column: str, which: int = 0) -> float:
    """One cell of scaling.kaplan_crossings: ``column`` of the crossing ``which`` (the
    index of its laws in :func:`_crossings`)."""
    i = [c.header for c in kaplan_crossings.columns].index(column)
    label = _crossings()[which][0]
    return next(r[i] for r in kaplan_crossings.rows if r[0] == label)


@value("scaling.kaplan_c_star", inputs=[CROSSINGS], fmt="sci:2", unit="PF-days")
def kaplan_c_star(kaplan_crossings):
    """C* where L(C_min) meets L(D(C)), with Table 6's data law."""
    return _star(kaplan_crossings, "C*")


@value("scaling.kaplan_l_star", inputs=[CROSSINGS], fmt="fixed:2", unit="nats/token")
def kaplan_l_star(kaplan_crossings):
    """L* at the crossing, with Table 6's data law."""
    return _star(kaplan_crossings, "L*")


@value("scaling.kaplan_n_star", inputs=[CROSSINGS], fmt="sci:2", unit="parameters")
def kaplan_n_star(kaplan_crossings):
    """N* = 1.3e9 · C*^0.73 at the crossing (Table 6)."""
    return _star(kaplan_crossings, "N*")


@value("scaling.kaplan_d_star", inputs=[CROSSINGS], fmt="sci:2", unit="tokens")
def kaplan_d_star(kaplan_crossings):
    """D* = D(C*) at the crossing, with Table 6's data law."""
    return _star(kaplan_crossings, "D*")


@value("scaling.kaplan_c_star_eq67", inputs=[CROSSINGS], fmt="sci:2", unit="PF-days")
def kaplan_c_star_eq67(kaplan_crossings):
    """C* with Eq. 6.7's data law instead of Table 6's."""
    return _star(kaplan_crossings, "C*", 1)


@value("scaling.kaplan_c_star_shift",
       inputs=["scaling.kaplan_c_star_eq67", "scaling.kaplan_c_star"], fmt="times:2")
def kaplan_c_star_shift(kaplan_c_star_eq67, kaplan_c_star):
    """How many times C* moves between Table 6's and Eq. 6.7's data laws."""
    return kaplan_c_star_eq67 / kaplan_c_star


@value("scaling.kaplan_c_star_over_gpt3", inputs=["scaling.kaplan_c_star", GPT3], fmt="times:2")
def kaplan_c_star_over_gpt3(kaplan_c_star, gpt3_compute):
    """C* (Table 6) as a multiple of GPT-3's training compute."""
    return kaplan_c_star / gpt3_compute


@table("scaling.kaplan_crossings", inputs=[K],
       title="Where Kaplan's compute frontier meets the data-limited law")
def kaplan_crossings(kaplan_2020_constants):
    """C*, L*, D*, N* for each data-growth law (and the naive compute law)."""
    rows = []
    for i, (label, *_rest) in enumerate(_crossings()):
        x = _crossing(kaplan_2020_constants, i)
        rows.append((label, x.c_star, x.l_star, x.d_star, x.n_star))
    return Table([Col("Laws used", align="left"), Col("C*", fmt="sci:2", unit="PF-days"),
                  Col("L*", fmt="fixed:2", unit="nats/token"),
                  Col("D*", fmt="sci:2", unit="tokens"),
                  Col("N*", fmt="sci:2", unit="parameters")], rows)


@figure("scaling.kaplan_crossing_plot", inputs=[K, CROSSINGS, GPT3],
        title="Kaplan's inconsistency")
def kaplan_crossing_plot(kaplan_2020_constants, kaplan_crossings, gpt3_compute):
    """The compute-frontier law and the data-limited law along the frontier, crossing."""
    from recomputed.engine import plotting

    k = _k(kaplan_2020_constants)
    c = np.logspace(-3, 7, 81)
    fig, ax = plotting.new_figure()
    frontier = powerlaw.loss(c, k["C_c_min"], k["alpha_C_min"])
    ax.plot(c, frontier, color=plotting.PALETTE[0], lw=2,
            label=f"compute frontier L(C_min) = ({numbers.format_number(k['C_c_min'], 'sci:2')}"
                  f"/C)^{k['alpha_C_min']:g}")
    data = [("frontier", x, y) for x, y in zip(c, frontier, strict=True)]
    for i, (label, de, pd, _cc, _ac) in enumerate(_crossings()[:2]):
        ld = powerlaw.loss(k[de] * c ** k[pd], k["D_c"], k["alpha_D"])
        colour = plotting.PALETTE[1 + i]
        ax.plot(c, ld, color=colour, ls="--",
                label=f"data limit along D = {_law_text(k[de], k[pd])}")
        ax.plot([_star(kaplan_crossings, "C*", i)], [_star(kaplan_crossings, "L*", i)], "o",
                color=colour)
        data += [(label, xx, yy) for xx, yy in zip(c, ld, strict=True)]
    ax.axvline(gpt3_compute, color=plotting.PALETTE[6], lw=1, ls=":",
               label="GPT-3 training compute")
    plotting.log_axes(ax, y=False)
    ax.set_xlabel("compute C_min (PF-days)")
    ax.set_ylabel("test loss (nats per token)")
    ax.set_title("Frontier meets data limit: the inconsistency")
    ax.legend(fontsize=8)
    return Plot(fig, data=Table([Col("Curve", align="left"), Col("C (PF-days)", fmt="sci:3"),
                                 Col("Loss (nats/token)", fmt="sig:4")], data),
                alt="Loss against compute on a log axis: Kaplan's steep compute-frontier law "
                    "and the shallower data-limited law evaluated along the frontier cross; "
                    "with Eq. 6.7's data law the crossing lies further out than with "
                    "Table 6's, and both lie beyond GPT-3's compute.")


_KHOW = ("Intersect L(C_min) = (3.1e8/C)^0.050 with L(D) = (5.4e13/D)^0.095 along "
         "D = 2e10·C^0.27 (Table 6), in closed form. Compared in log₁₀: '∼10ⁿ' read as "
         "within half a decade of 10ⁿ.")


@value("scaling.kaplan_log10_c_star", inputs=["scaling.kaplan_c_star"], fmt="fixed:2",
       unit="log₁₀ PF-days")
def kaplan_log10_c_star(kaplan_c_star):
    """log₁₀ of C* (Table 6's data law), to compare with a stated order of magnitude."""
    return math.log10(kaplan_c_star)


@value("scaling.kaplan_log10_n_star", inputs=["scaling.kaplan_n_star"], fmt="fixed:2",
       unit="log₁₀ parameters")
def kaplan_log10_n_star(kaplan_n_star):
    """log₁₀ of N* at the crossing (Table 6), to compare with a stated order of magnitude."""
    return math.log10(kaplan_n_star)


@value("scaling.kaplan_log10_d_star", inputs=["scaling.kaplan_d_star"], fmt="fixed:2",
       unit="log₁₀ tokens")
def kaplan_log10_d_star(kaplan_d_star):
    """log₁₀ of D* at the crossing (Table 6), to compare with a stated order of magnitude."""
    return math.log10(kaplan_d_star)


claim("scaling.claim_kaplan_c_star", of="scaling.kaplan_log10_c_star",
      issue="AN #125", summary=HIGHLIGHT, stated="the two laws cross near C* ∼ 10⁴ PF-days",
      target=4.0, compare="approx", abs_tol=0.5, how=_KHOW)
claim("scaling.claim_kaplan_n_star", of="scaling.kaplan_log10_n_star",
      issue="AN #125", summary=HIGHLIGHT, stated="at a model size N* ∼ 10¹² parameters",
      target=12.0, compare="approx", abs_tol=0.5, how=_KHOW + " N* = 1.3e9·C*^0.73.")
claim("scaling.claim_kaplan_d_star", of="scaling.kaplan_log10_d_star",
      issue="AN #125", summary=HIGHLIGHT, stated="with a data set of D* ∼ 10¹² tokens",
      target=12.0, compare="approx", abs_tol=0.5, expect="fails",
      how=_KHOW + " D* = D(C*) with the same data law.")
claim("scaling.claim_kaplan_l_star", of="scaling.kaplan_l_star",
      issue="AN #125", summary=HIGHLIGHT, stated="where the loss is L* ∼ 1.7 nats/token",
      target=1.7, compare="approx", abs_tol=0.05,
      how="The loss at the crossing above; within ±0.05 nats/token, the rounding of a "
          "number quoted to one decimal.")
