"""Kaplan et al. (2020)'s "inconsistency" (Sec. 6.3, covered in AN #87 and cited in AN #125):
where the compute frontier meets the data-limited law.

The paper's text builds the crossing (Eq. 6.8) from the data law of its Eq. 6.7,
D = 4e10 · C_min^0.26 tokens; its Table 6 prints another, D = 2e10 · C_min^0.27. Both are
computed here. The paper's stated C*, N* and L* follow Table 6's law and its D* Eq. 6.7's;
both laws are the paper's own, so each stated number is checked against the union of the
two laws' rounding ranges.
"""

from __future__ import annotations

import math

import numpy as np

from recomputed.engine.estimates import Estimate, over_ranges
from recomputed.engine.registry import Col, Plot, Table, figure, table, value
from recomputed.science import powerlaw

K = "kaplan_2020_constants"
GPT3 = "scaling.gpt3_compute"  # GPT-3 175B's training compute, PF-days
KAPLAN = "Scaling Laws for Neural Language Models: Kaplan et al. (2020), as cited in AN #125"
PF_DAY = "units.pf_day_flop"
ROUNDED = "range allowed by the rounding of every printed constant of the laws used"
TABLE6, EQ67 = 0, 1  # indices in _crossings()


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


def _k(ds):
    return {r["symbol"]: r["value"] for r in ds}


def _rounding(ds):
    return {r["symbol"]: r.rounding("value") for r in ds}


def _crossing(ds, which: int = 0) -> powerlaw.FrontierCrossing:
    k = _k(ds)
    _, de, pd, cc, ac = _crossings()[which]
    # N(C) = N_e C^p_N is a law for C_min; the naive-law row has no such size law.
    n_e = k["N_e"] if cc == "C_c_min" else math.nan
    return powerlaw.frontier_crossing(k[cc], k[ac], k["D_c"], k["alpha_D"], k[de], k[pd],
                                      n_e, k["p_N"])


def _symbols(which: int, quantity: str) -> list[str]:
    """The printed constants that ``quantity`` (C*, L*, D* or N*) depends on."""
    _, de, pd, cc, ac = _crossings()[which]
    used = [cc, ac, "D_c", "alpha_D", de, pd]
    return used + (["N_e", "p_N"] if quantity == "N*" else [])


def _quantity(which: int, quantity: str):
    """A function of the constants (by symbol) giving one quantity of the crossing."""
    _, de, pd, cc, ac = _crossings()[which]

    def f(**k):
        x = powerlaw.frontier_crossing(k[cc], k[ac], k["D_c"], k["alpha_D"], k[de], k[pd],
                                       k.get("N_e", math.nan), k.get("p_N", 0.0))
        return {"C*": x.c_star, "L*": x.l_star, "D*": x.d_star, "N*": x.n_star}[quantity]
    return f


def _rounded(ds, which: int, quantity: str, transform=None) -> Estimate:
    """``quantity`` of the crossing ``which`` over the rounding box of the printed
    constants it depends on (every corner; each quantity is monotone in each constant
    over the box, which tests/test_scal_kaplan.py checks by sampling)."""
    names = _symbols(which, quantity)
    k, r = _k(ds), _rounding(ds)
    f = _quantity(which, quantity)
    g = (lambda **kw: transform(f(**kw))) if transform else f
    return over_ranges(g, {n: k[n] for n in names}, {n: r[n] for n in names}, ROUNDED)


CROSSINGS = "scaling.kaplan_crossings"  # every crossing's point is computed once, in this table


def _star(kaplan_crossings, column: str, which: int = TABLE6) -> float:
    """One cell of scaling.kaplan_crossings: ``column`` of the crossing ``which`` (the
    index of its laws in :func:`_crossings`)."""
    i = [c.header for c in kaplan_crossings.columns].index(column)
    label = _crossings()[which][0]
    return next(r[i] for r in kaplan_crossings.rows if r[0] == label)


# --- Eq. 6.7, the law the paper's text uses: every quantity with its rounding range ----

_UNITS = {"C*": ("sci:2", "PF-days"), "L*": ("fixed:2", "nats/token"), "D*": ("sci:2", "tokens"),
          "N*": ("sci:2", "parameters")}


def _eq67(kaplan_2020_constants, quantity):
    return _rounded(kaplan_2020_constants, EQ67, quantity)


def _table6(kaplan_crossings, quantity):
    return _star(kaplan_crossings, quantity, TABLE6)


for _q, _slug in (("C*", "c"), ("L*", "l"), ("D*", "d"), ("N*", "n")):
    _fmt, _unit = _UNITS[_q]
    value(f"scaling.kaplan_{_slug}_star_eq67", inputs=[K], params={"quantity": _q}, fmt=_fmt,
          unit=_unit, title=f"{_q} of Kaplan's crossing with Eq. 6.7's data law (the paper's "
                            "text), over the rounding of the printed constants")(_eq67)
    value(f"scaling.kaplan_{_slug}_star_table6", inputs=[CROSSINGS], params={"quantity": _q},
          fmt=_fmt, unit=_unit,
          title=f"{_q} of Kaplan's crossing with Table 6's data law")(_table6)


@value("scaling.kaplan_c_star_shift",
       inputs=["scaling.kaplan_c_star_eq67", "scaling.kaplan_c_star_table6"], fmt="times:2")
def kaplan_c_star_shift(kaplan_c_star_eq67, kaplan_c_star_table6):
    """How many times C* moves between Table 6's and Eq. 6.7's data laws."""
    return kaplan_c_star_eq67 / kaplan_c_star_table6


@value("scaling.kaplan_c_star_over_gpt3", inputs=["scaling.kaplan_c_star_table6", GPT3],
       fmt="times:2")
def kaplan_c_star_over_gpt3(kaplan_c_star_table6, gpt3_compute):
    """C* (Table 6) as a multiple of GPT-3's training compute."""
    return kaplan_c_star_table6 / gpt3_compute


@value("scaling.kaplan_c_star_eq67_over_gpt3", inputs=["scaling.kaplan_c_star_eq67", GPT3],
       fmt="times:2")
def kaplan_c_star_eq67_over_gpt3(kaplan_c_star_eq67, gpt3_compute):
    """C* (Eq. 6.7) as a multiple of GPT-3's training compute."""
    return float(kaplan_c_star_eq67) / gpt3_compute


# --- the paper's internal inconsistency ----------------------------------------------

@value("scaling.kaplan_d_law_ratio", inputs=[K, "scaling.kaplan_c_star_table6"], fmt="times:2")
def kaplan_d_law_ratio(kaplan_2020_constants, kaplan_c_star_table6):
    """D from Eq. 6.7 over D from Table 6 at the same compute (Table 6's C*):
    (4e10/2e10) · C^(0.26 − 0.27)."""
    k = _k(kaplan_2020_constants)
    c = kaplan_c_star_table6
    return (k["D_e_eq67"] * c ** k["p_D_eq67"]) / (k["D_e_table6"] * c ** k["p_D_table6"])


@value("scaling.kaplan_eq67_derived_constant", inputs=[K, PF_DAY], fmt="sci:2", unit="tokens")
def kaplan_eq67_derived_constant(kaplan_2020_constants, pf_day_flop):
    """The constant of D(C_min) = 2 C_min / (6 N(C_min)), the derivation the paper gives
    for Eq. 6.7, with Table 6's N = 1.3e9 · C_min^0.73 and C_min in PF-days:
    2 · 8.64e19 / (6 · 1.3e9) tokens, times C_min^(1 − 0.73)."""
    return 2 * pf_day_flop / (6 * _k(kaplan_2020_constants)["N_e"])


@value("scaling.kaplan_data_limited_exponent_eq67", inputs=[K], fmt="fixed:3")
def kaplan_data_limited_exponent_eq67(kaplan_2020_constants):
    """p_D · α_D: the exponent of L(D(C_min)) ∝ C_min^(−p_D α_D) along Eq. 6.7 (the paper's
    text rounds it to 0.03)."""
    k = _k(kaplan_2020_constants)
    return k["p_D_eq67"] * k["alpha_D"]


def _six_nd_over_c(kaplan_crossings, which):
    return _star(kaplan_crossings, "6N*D*/C*", which)


@value("scaling.kaplan_6nd_over_c_eq67", inputs=[CROSSINGS], params={"which": EQ67},
       fmt="fixed:1")
def kaplan_6nd_over_c_eq67(kaplan_crossings, which):
    """6 N* D* over C* (both in FLOP) at the Eq. 6.7 crossing: 2 if C = 2 C_min held."""
    return _six_nd_over_c(kaplan_crossings, which)


@value("scaling.kaplan_6nd_over_c_table6", inputs=[CROSSINGS], params={"which": TABLE6},
       fmt="fixed:1")
def kaplan_6nd_over_c_table6(kaplan_crossings, which):
    """6 N* D* over C* (both in FLOP) at the Table 6 crossing: 2 if C = 2 C_min held."""
    return _six_nd_over_c(kaplan_crossings, which)


@table("scaling.kaplan_crossings", inputs=[K, PF_DAY],
       title="Where Kaplan's compute frontier meets the data-limited law")
def kaplan_crossings(kaplan_2020_constants, pf_day_flop):
    """C*, L*, D*, N* for each data-growth law (and the naive compute law), with 6N*D*
    over C* in FLOP (Kaplan trains at the critical batch size, C = 2 C_min, so 2 is
    what a consistent law gives)."""
    rows = []
    for i, (label, *_rest) in enumerate(_crossings()):
        x = _crossing(kaplan_2020_constants, i)
        ratio = 6 * x.n_star * x.d_star / (x.c_star * pf_day_flop)
        rows.append((label, x.c_star, x.l_star, x.d_star, x.n_star, ratio))
    return Table([Col("Laws used", align="left"), Col("C*", fmt="sci:2", unit="PF-days"),
                  Col("L*", fmt="fixed:2", unit="nats/token"),
                  Col("D*", fmt="sci:2", unit="tokens"),
                  Col("N*", fmt="sci:2", unit="parameters"),
                  Col("6N*D*/C*", fmt="fixed:1")], rows)


# How C* moves with the data law's exponent α_D and constant D_e over their rounding ranges.
@table("scaling.kaplan_c_star_sensitivity", inputs=[K],
       title="How Kaplan's C* moves with α_D and the data law's constant D_e")
def kaplan_c_star_sensitivity(kaplan_2020_constants):
    """C* for each data law with α_D and D_e at the low end, the printed value and the high
    end of their rounding ranges (the other constants as printed)."""
    k, r = _k(kaplan_2020_constants), _rounding(kaplan_2020_constants)
    rows = []
    for which in (EQ67, TABLE6):
        label, de, *_ = _crossings()[which]
        f = _quantity(which, "C*")
        for a in (r["alpha_D"][0], k["alpha_D"], r["alpha_D"][1]):
            rows.append((label, a, *(f(**{**k, "alpha_D": a, de: d})
                                     for d in (r[de][0], k[de], r[de][1]))))
    return Table([Col("Data law", align="left"), Col("α_D", fmt="fixed:4"),
                  Col("C* at the lowest D_e", fmt="sci:2", unit="PF-days"),
                  Col("C* at D_e as printed", fmt="sci:2", unit="PF-days"),
                  Col("C* at the highest D_e", fmt="sci:2", unit="PF-days")], rows)


@figure("scaling.kaplan_crossing_plot", inputs=[K, CROSSINGS, GPT3],
        title="Kaplan's compute frontier runs into the same paper's data limit, beyond "
              "GPT-3's compute")
def kaplan_crossing_plot(kaplan_2020_constants, kaplan_crossings, gpt3_compute):
    """The compute-frontier law and the data-limited law along the frontier, crossing."""
    from recomputed.engine import annotate, plotting

    k = _k(kaplan_2020_constants)
    c = np.logspace(-3, 7, 81)
    fig, ax = plotting.new_figure()
    frontier = powerlaw.loss(c, k["C_c_min"], k["alpha_C_min"])
    ax.plot(c, frontier, color=plotting.PALETTE[0], lw=2,
            label="compute frontier")
    data = [("frontier", x, y) for x, y in zip(c, frontier, strict=True)]
    for i, (label, de, pd, _cc, _ac) in enumerate(_crossings()[:2]):
        ld = powerlaw.loss(k[de] * c ** k[pd], k["D_c"], k["alpha_D"])
        colour = plotting.PALETTE[1 + i]
        ax.plot(c, ld, color=colour, ls="--", label=f"data limit, {label.split(' data')[0]}")
        ax.plot([_star(kaplan_crossings, "C*", i)], [_star(kaplan_crossings, "L*", i)], "o",
                color=colour)
        data += [(label, xx, yy) for xx, yy in zip(c, ld, strict=True)]
    ax.axvline(gpt3_compute, color=plotting.PALETTE[6], lw=1, ls=":",
               label="GPT-3 training compute")
    plotting.log_axes(ax, y=False)
    annotate.end_labels(ax)
    annotate.vline_label(ax, gpt3_compute, "GPT-3", plotting.PALETTE[6])
    ax.set_xlabel(r"compute $C_\mathrm{min}$ (PF-days)")
    ax.set_ylabel("test loss (nats per token)")
    ax.set_title("The frontier crosses each data limit (dots) past GPT-3's compute")
    return Plot(fig, data=Table([Col("Curve", align="left"), Col("C (PF-days)", fmt="sci:3"),
                                 Col("Loss (nats/token)", fmt="sig:4")], data),
                alt="Loss against compute on a log axis: Kaplan's steep compute-frontier law "
                    "and the shallower data-limited law evaluated along the frontier cross; "
                    "with Eq. 6.7's data law the crossing lies further out than with "
                    "Table 6's, and both lie beyond GPT-3's compute.")
