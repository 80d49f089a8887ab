"""Scaling laws (AN #125): Henighan et al. 2020, and Kaplan et al. 2020's "inconsistency"."""

from __future__ import annotations

import math

import numpy as np

from recomputed.engine.estimates import Estimate, stated_range
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
from recomputed.science import powerlaw

H = "henighan_2020_table1"
G = "brown_2020_model_sizes"
HIGHLIGHT = "Scaling Laws for Autoregressive Generative Modeling"
STATED = {"stated": 0.7}  # "about 0.7": the mean must round to 0.7, each lie in 0.6-0.8
EVERY = (0.6, 0.8)  # "very close to ~0.7" for every modality: one step of the stated digit
ROUNDED = "range allowed by the rounding of Table 1's printed exponents"  # of each Estimate


def _c_grid():
    """Compute grid in PF-days: spans the modalities' fitted ranges and GPT-3."""
    return np.logspace(-6, 4, 61)


# --- Henighan et al. (2020), Table 1 -------------------------------------------------------

def _nopt(henighan):
    """(domain, C0, exponent) for each modality with a compute-optimal model-size law."""
    return [(r["domain"], r["Nopt_C0"], r["Nopt_exponent"]) for r in henighan
            if r["Nopt_exponent"] is not None]


def _exponents(henighan):
    return np.array([e for _, _, e in _nopt(henighan)])


def _compute_fits(henighan):
    """(domain, L_inf, C0, alpha) of every loss-against-compute fit (L_inf = 0 if none)."""
    return [(r["domain"], r["LC_L_inf"] or 0.0, r["LC_C0"], r["LC_alpha_C"]) for r in henighan
            if r["LC_C0"] is not None]


def _exponent_ranges(henighan):
    """(low, high) of each N_opt exponent: all that rounds to the printed cell."""
    return [r.rounding("Nopt_exponent") for r in henighan if r["Nopt_exponent"] is not None]


@value("scaling.nopt_exponent_mean", inputs=[H], fmt="fixed:2")
def nopt_exponent_mean(henighan_2020_table1):
    """Mean of the compute-optimal model-size exponents over Henighan's modalities; its
    rounding range is the mean of the lows to the mean of the highs."""
    lo, hi = np.array(_exponent_ranges(henighan_2020_table1)).T
    return Estimate(_exponents(henighan_2020_table1).mean(), lo.mean(), hi.mean(), ROUNDED)


@value("scaling.nopt_exponent_min", inputs=[H], fmt="fixed:2")
def nopt_exponent_min(henighan_2020_table1):
    """Smallest compute-optimal model-size exponent in Table 1, with its rounding range."""
    lo, hi = np.array(_exponent_ranges(henighan_2020_table1)).T
    return Estimate(_exponents(henighan_2020_table1).min(), lo.min(), hi.min(), ROUNDED)


@value("scaling.nopt_exponent_max", inputs=[H], fmt="fixed:2")
def nopt_exponent_max(henighan_2020_table1):
    """Largest compute-optimal model-size exponent in Table 1, with its rounding range."""
    lo, hi = np.array(_exponent_ranges(henighan_2020_table1)).T
    return Estimate(_exponents(henighan_2020_table1).max(), lo.max(), hi.max(), ROUNDED)


@value("scaling.nopt_exponent_sd", inputs=[H], fmt="fixed:3")
def nopt_exponent_sd(henighan_2020_table1):
    """Sample standard deviation of the exponents (n - 1 denominator)."""
    return float(_exponents(henighan_2020_table1).std(ddof=1))


@value("scaling.nopt_exponent_count", inputs=[H], fmt="int")
def nopt_exponent_count(henighan_2020_table1):
    """Number of modalities with a compute-optimal model-size law."""
    return len(_exponents(henighan_2020_table1))


def _column(t, header: str) -> list:
    """The cells of the column ``header`` of a table, top to bottom."""
    i = [c.header for c in t.columns].index(header)
    return [r[i] for r in t.rows]


@value("scaling.nopt_at_1pf_spread", inputs=["scaling.nopt_exponents"], fmt="times:2")
def nopt_at_1pf_spread(nopt_exponents):
    """Largest over smallest N_opt = (1/C₀)^β at 1 PF-day across modalities."""
    return max(c := _column(nopt_exponents, "N_opt at 1 PF-day")) / min(c)


@value("scaling.nopt_data_exponent_median", inputs=[H, "scaling.nopt_exponents"], fmt="fixed:2")
def nopt_data_exponent_median(henighan_2020_table1, nopt_exponents):
    """Median over modalities of (1 - β)/β, the exponent in D_opt ∝ N_opt^((1-β)/β).

    The median of that column of scaling.nopt_exponents, with the range the rounding of the
    printed β allows ((1 - β)/β falls as β grows, and a median is monotone in each value)."""
    lo, hi = np.array(_exponent_ranges(henighan_2020_table1)).T
    return Estimate(float(np.median(_column(nopt_exponents, "Data exponent (1−β)/β"))),
                    float(np.median((1 - hi) / hi)), float(np.median((1 - lo) / lo)), ROUNDED)


claim("scaling.claim_data_exponent_median", of="scaling.nopt_data_exponent_median",
      issue="AN #125", summary=HIGHLIGHT,
      stated="a reasonable median estimate is that data need grow only as about the 0.4 "
             "power of model size (Henighan et al., Sec. 2.3)",
      target="0.4", compare="approx", expect="inconclusive",
      how="Median over Table 1's modalities of (1 − β)/β, the exponent of D_opt ∝ N^((1−β)/β) "
          "when C ∝ N·D, over the rounding of the printed β; '0.4' is what rounds to 0.4.")


claim("scaling.claim_nopt_mean", of="scaling.nopt_exponent_mean", fmt="fixed:3", issue="AN #125",
      summary=HIGHLIGHT, stated="optimal model size grows as compute to a power of about 0.7",
      target="0.7", compare="approx",
      how="Mean of the N_opt(C) exponents of every modality in Table 1, each moved over the "
          "range its printed digits allow; 'about 0.7' is what rounds to 0.7.")


@value("scaling.nopt_exponent_span", inputs=[H], params=STATED, fmt="fixed:2")
def nopt_exponent_span(henighan_2020_table1, stated):
    """All modalities' N_opt exponents at once: lowest to highest over the rounding of
    Table 1's printed exponents, around the printed one furthest from the stated 0.7."""
    ranges, exps = _exponent_ranges(henighan_2020_table1), _exponents(henighan_2020_table1)
    return Estimate(float(exps[np.argmax(np.abs(exps - stated))]), min(r[0] for r in ranges),
                    max(r[1] for r in ranges), "lowest to highest exponent of all modalities "
                    "in Table 1, each over its rounding; central value the printed exponent "
                    "furthest from 0.7")


claim("scaling.claim_nopt_every", of="scaling.nopt_exponent_span", issue="AN #125",
      summary=HIGHLIGHT, stated="optimal model size follows a power law of compute with an "
      "exponent 'very close to ~0.7 for all data modalities'", target="0.7", within=EVERY,
      reading="'very close to ~0.7 for all data modalities', of exponents the paper calls "
              "'∼0.7' (0.64 to 0.75): each within one step of the stated digit",
      how="Every modality's exponent in Table 1, over its rounding, must lie in the range "
          "(scaling.nopt_tolerance_factor shows what an exponent off by 0.1 costs).")
claim("scaling.claim_majority_to_size", of="scaling.nopt_exponent_min", issue="AN #125",
      summary=HIGHLIGHT,
      stated="as compute grows, most of it is best spent on bigger models and a minority on "
             "more data",
      target="0.5", compare=">",
      how="With C ∝ N·D, N_opt ∝ C^β leaves D ∝ C^(1−β); a majority to model size means "
          "β > 1/2 in every modality, so we check the smallest β in Table 1 (over its "
          "rounding range).")


@value("scaling.nopt_tolerance_factor", params={"tol": 0.1, "compute_factor": 1e4},
       fmt="times:2")
def nopt_tolerance_factor(tol, compute_factor):
    """Factor by which an exponent off by ``tol`` misjudges N_opt over a ``compute_factor`` span."""
    return float(compute_factor**tol)


@table("scaling.nopt_exponents", inputs=[H], params=STATED,
       title="Compute-optimal model size by modality: N_opt = (C/C₀)^β")
def nopt_exponents(henighan_2020_table1, stated):
    """N_opt ∝ C^β for each modality of Henighan et al. (2020), Table 1."""
    rows = [(d, e, e - stated, (1 - e) / e, (1.0 / c0) ** e)
            for d, c0, e in _nopt(henighan_2020_table1)]
    return Table([Col("Modality", align="left"), Col("β", fmt="fixed:2"),
                  Col("β − 0.7", fmt="fixed:2"),
                  Col("Data exponent (1−β)/β", fmt="fixed:2"),
                  Col("N_opt at 1 PF-day", fmt="sci:2", unit="parameters")], rows)


@figure("scaling.nopt_exponents_plot", inputs=[H, "scaling.nopt_exponent_mean"], params=STATED,
        title="Every modality's compute-optimal model-size exponent lies in the wider band "
              "around the stated value")
def nopt_exponents_plot(henighan_2020_table1, nopt_exponent_mean, stated):
    """Each modality's exponent against the stated 0.7: the band the mean must lie in (what
    rounds to 0.7), the wider one every modality must (the claims' ranges), and the mean."""
    from recomputed.engine import annotate, plotting

    rows = _nopt(henighan_2020_table1)
    names = [d for d, _, _ in rows]
    exps = np.array([e for _, _, e in rows])
    fig, ax = plotting.new_figure(height=4.4)
    y = np.arange(len(names))[::-1]
    _, lo, hi = stated_range(f"{stated}")
    ax.axvspan(*EVERY, color=plotting.PALETTE[5], alpha=0.15,
               label=f"{EVERY[0]:g} to {EVERY[1]:g} (each modality)")
    ax.axvspan(lo, hi, color=plotting.PALETTE[5], alpha=0.3,
               label=f"{lo:g} to {hi:g} (the mean)")
    ax.axvline(nopt_exponent_mean, color=plotting.PALETTE[1], ls="--")
    annotate.vline_label(ax, nopt_exponent_mean, f"mean of {len(exps)}", plotting.PALETTE[1],
                         side="left")
    ax.plot(exps, y, "o", color=plotting.PALETTE[0], label="Table 1 exponent")
    ax.set_yticks(y, names)
    ax.set_xlim(0.55, 0.85)
    ax.set_xlabel(r"exponent $\beta$ in $N_\mathrm{opt} \propto C^{\beta}$ (dimensionless)")
    ax.set_title("The exponents cluster around the stated value")
    # Under the axes: inside, on a phone, the legend covered the lowest modalities' points.
    fig.legend(loc="outside lower center", ncols=3, fontsize=8)
    return Plot(fig, data=Table([Col("Modality", align="left"), Col("β", fmt="fixed:2")],
                                list(zip(names, exps, strict=True))),
                alt="Dot plot of the compute-optimal model-size exponent for each modality in "
                    "Henighan et al. Table 1, with bands around the stated value 0.7; every "
                    "point lies inside the wider band.")


@table("scaling.compute_fits", inputs=[H],
       title="Loss against compute: irreducible and reducible parts")
def compute_fits(henighan_2020_table1):
    """L(C) = L_inf + (C0/C)^α per modality, evaluated at 1 and 10⁴ PF-days."""
    rows = []
    for d, l_inf, c0, a in _compute_fits(henighan_2020_table1):
        r1 = float(powerlaw.reducible(1.0, c0, a))
        r4 = float(powerlaw.reducible(1e4, c0, a))
        share = r1 / (l_inf + r1)
        rows.append((d, l_inf if l_inf else math.nan, a, r1, share, r4))
    return Table([Col("Modality", align="left"), Col("L∞", fmt="fixed:2", unit="nats/token"),
                  Col("α_C", fmt="fixed:3"),
                  Col("Reducible at 1 PF-day", fmt="fixed:3", unit="nats/token"),
                  Col("Reducible share at 1 PF-day", fmt="pct:0"),
                  Col("Reducible at 10⁴ PF-days", fmt="fixed:3", unit="nats/token")], rows)


@value("scaling.gpt3_compute", inputs=[G], fmt="sig:3", unit="PF-days")
def gpt3_compute(brown_2020_model_sizes):
    """GPT-3 175B's training compute (Brown et al. 2020, Table D.1)."""
    return float(brown_2020_model_sizes.one(model="GPT-3 175B")["train_pfdays"])


@value("scaling.gpt3_prefactor", inputs=["scaling.compute_fits"], fmt="fixed:2")
def gpt3_prefactor(compute_fits):
    """Henighan's language law (C/3.47e8)^-0.048 written as a · C^-0.048: a = C0^α.

    a = (C0/1)^α is the reducible loss at C = 1 PF-day: the Language cell of that column
    of scaling.compute_fits."""
    i = [c.header for c in compute_fits.columns].index("Reducible at 1 PF-day")
    return next(r[i] for r in compute_fits.rows if r[0] == "Language")


@value("scaling.language_loss_at_gpt3", inputs=[H, "scaling.gpt3_compute"], fmt="fixed:2",
       unit="nats/token")
def language_loss_at_gpt3(henighan_2020_table1, gpt3_compute):
    """The language compute law evaluated at GPT-3's training compute."""
    r = henighan_2020_table1.one(domain="Language")
    return float(powerlaw.loss(gpt3_compute, r["LC_C0"], r["LC_alpha_C"]))


@value("scaling.language_nopt_at_gpt3", inputs=[H, "scaling.gpt3_compute"], fmt="sci:2",
       unit="parameters")
def language_nopt_at_gpt3(henighan_2020_table1, gpt3_compute):
    """Compute-optimal language model size at GPT-3's compute, N_opt = (C/C0)^β."""
    r = henighan_2020_table1.one(domain="Language")
    return float((gpt3_compute / r["Nopt_C0"]) ** r["Nopt_exponent"])


@value("scaling.language_compute_for_loss_1_5", inputs=[H], fmt="sci:2", unit="PF-days")
def language_compute_for_loss(henighan_2020_table1):
    """Compute at which the (pure power-law) language fit reaches 1.5 nats/token."""
    r = henighan_2020_table1.one(domain="Language")
    return float(powerlaw.scale_for_loss(1.5, r["LC_C0"], r["LC_alpha_C"]))


# --- Multimodal infogain (Sec. 4) --------------------------------------------------------

def _infogain(ds):
    v = {r["quantity"]: r["value"] for r in ds}
    n1, g1, g2, n2 = v["n_reference"], v["infogain_reference"], v["infogain_target"], v["n_target"]
    # infogain = λ ln(N/N_c): g2/g1 = ln(n2/N_c)/ln(n1/N_c) solves for ln N_c.
    r = g2 / g1
    ln_nc = (r * math.log(n1) - math.log(n2)) / (r - 1)
    lam = g1 / (math.log(n1) - ln_nc)
    return math.exp(ln_nc), lam


@value("scaling.infogain_implied_nc", inputs=["henighan_2020_infogain"], fmt="sci:2",
       unit="parameters")
def infogain_implied_nc(henighan_2020_infogain):
    """N_c implied if infogain = λ ln(N/N_c) passes through (1B, 10%) and (3T, 20%)."""
    return _infogain(henighan_2020_infogain)[0]


@value("scaling.infogain_per_decade", inputs=["henighan_2020_infogain"], fmt="pct:1")
def infogain_per_decade(henighan_2020_infogain):
    """Infogain gained per tenfold increase in parameters on that implied law: λ ln 10."""
    return _infogain(henighan_2020_infogain)[1] * math.log(10)


unchecked_claim(
    "scaling.claim_infogain_3t", issue="AN #125", summary=HIGHLIGHT,
    stated="a 1-billion-parameter model uses 10% of a caption's information; 20% would "
           "take a 3-trillion-parameter model",
    why="The slope λ and offset N_c of the infogain law are only drawn in Fig. 12, "
        "not printed, so the extrapolation cannot be recomputed from published "
        "numbers; the page shows the N_c these three numbers imply instead.",
    how="Would need infogain = λ ln(N/N_c) with the λ and N_c of Fig. 12.")
