"""Scaling laws for transfer (Transfer issue): Hernandez et al. 2021, Table 1."""

from __future__ import annotations

import math

import numpy as np

from recomputed.engine import numbers
from recomputed.engine.registry import Col, Plot, Table, claim, figure, table, value
from recomputed.science import transfer

T = "hernandez_2021_table1"
G = "brown_2020_model_sizes"
ISSUE = "Transfer issue"
SUMMARY = "Scaling Laws for Transfer"


def _label(pre: str) -> str:
    return {"text": "text → Python", "text+code": "text + code → Python"}[pre]


def _model_sizes():
    """Non-embedding parameters drawn in the figures."""
    return (1e6, 1e7, 1e8, 1e9, 1e10)


def _df_grid():
    """Fine-tuning set sizes (characters of Python) drawn in the figures."""
    return np.logspace(3, 14, 89)


def _law(ds, pretraining: str) -> tuple[float, float, float]:
    r = ds.one(pretraining=pretraining)
    return r["k"], r["alpha"], r["beta"]


def _crossover(ds) -> float:
    k1, a1, _ = _law(ds, "text")
    k2, a2, _ = _law(ds, "text+code")
    return transfer.crossover_fine_tuning_size(k1, a1, k2, a2)


@value("transfer.beta_over_alpha_text", inputs=[T], fmt="fixed:2")
def beta_over_alpha_text(hernandez_2021_table1):
    """β/α for text → Python."""
    _, a, b = _law(hernandez_2021_table1, "text")
    return b / a


@value("transfer.beta_over_alpha_code", inputs=[T], fmt="fixed:2")
def beta_over_alpha_code(hernandez_2021_table1):
    """β/α for text + code → Python."""
    _, a, b = _law(hernandez_2021_table1, "text+code")
    return b / a


@value("transfer.data_for_10x_model_text", inputs=[T], fmt="times:2")
def data_for_10x_model_text(hernandez_2021_table1):
    """Factor on fine-tuning data that transfers as much as a 10× larger model (text)."""
    _, a, b = _law(hernandez_2021_table1, "text")
    return transfer.data_factor_for_model_factor(10.0, a, b)


@value("transfer.data_for_10x_model_code", inputs=[T], fmt="times:2")
def data_for_10x_model_code(hernandez_2021_table1):
    """Factor on fine-tuning data that transfers as much as a 10× larger model (text + code)."""
    _, a, b = _law(hernandez_2021_table1, "text+code")
    return transfer.data_factor_for_model_factor(10.0, a, b)


@value("transfer.crossover_df", inputs=[T], fmt="sci:2", unit="characters")
def crossover_df(hernandez_2021_table1):
    """Fine-tuning set size beyond which text-only pre-training transfers more than text + code."""
    return _crossover(hernandez_2021_table1)


# Half a unit in the last printed digit of each Table 1 constant (k to 2 figures,
# α to 2 or 3 decimals): how far rounding alone could move the crossing.
ROUNDING = {"dk_text": 0.05e4, "dk_code": 0.05e5, "dalpha_text": 0.005, "dalpha_code": 0.0005}


def _crossover_corners(ds, dk_text, dk_code, dalpha_text, dalpha_code):
    """The crossing at every corner of the rounding box (it is monotone in each constant)."""
    k1, a1, _ = _law(ds, "text")
    k2, a2, _ = _law(ds, "text+code")
    return [transfer.crossover_fine_tuning_size(k1 + s1 * dk_text, a1 + s2 * dalpha_text,
                                                k2 + s3 * dk_code, a2 + s4 * dalpha_code)
            for s1 in (-1, 1) for s2 in (-1, 1) for s3 in (-1, 1) for s4 in (-1, 1)]


@value("transfer.crossover_exponent", inputs=[T], fmt="fixed:1")
def crossover_exponent(hernandez_2021_table1):
    """1/(α_text − α_text+code): the power to which k₂/k₁ is raised in the crossing."""
    return 1.0 / (_law(hernandez_2021_table1, "text")[1]
                  - _law(hernandez_2021_table1, "text+code")[1])


@value("transfer.crossover_low", inputs=[T], params=ROUNDING, fmt="sci:2", unit="characters")
def crossover_low(hernandez_2021_table1, dk_text, dk_code, dalpha_text, dalpha_code):
    """Smallest crossing with every constant moved within its printed rounding."""
    return min(_crossover_corners(hernandez_2021_table1, dk_text, dk_code, dalpha_text,
                                  dalpha_code))


@value("transfer.crossover_high", inputs=[T], params=ROUNDING, fmt="sci:2", unit="characters")
def crossover_high(hernandez_2021_table1, dk_text, dk_code, dalpha_text, dalpha_code):
    """Largest crossing with every constant moved within its printed rounding."""
    return max(_crossover_corners(hernandez_2021_table1, dk_text, dk_code, dalpha_text,
                                  dalpha_code))


@value("transfer.k_ratio", inputs=[T], fmt="times:2")
def k_ratio(hernandez_2021_table1):
    """k(text + code) / k(text): the mixture's head start at one character of fine-tuning data."""
    return _law(hernandez_2021_table1, "text+code")[0] / _law(hernandez_2021_table1, "text")[0]


@value("transfer.example_dt", inputs=[T], params={"n": 1e8, "d_f": 1e6}, fmt="sci:2",
       unit="characters")
def example_dt(hernandez_2021_table1, n, d_f):
    """D_T for text → Python at N = 10⁸ parameters and D_F = 10⁶ characters."""
    return float(transfer.effective_data_transferred(d_f, n, *_law(hernandez_2021_table1, "text")))


@value("transfer.example_multiplier", inputs=[T], params={"n": 1e8, "d_f": 1e6}, fmt="times:2")
def example_multiplier(hernandez_2021_table1, n, d_f):
    """(D_F + D_T)/D_F for text → Python at N = 10⁸ and D_F = 10⁶ characters."""
    return float(transfer.effective_data_multiplier(d_f, n, *_law(hernandez_2021_table1, "text")))


@value("transfer.example_fraction_large_df", inputs=[T], params={"n": 1e8, "d_f": 1e9},
       fmt="pct:0")
def example_fraction_large_df(hernandez_2021_table1, n, d_f):
    """Fraction of effective data from transfer, text → Python, N = 10⁸, D_F = 10⁹ characters."""
    return float(transfer.fraction_from_transfer(d_f, n, *_law(hernandez_2021_table1, "text")))


@value("transfer.gpt3_one_char_text", inputs=[T, G], fmt="sci:2", unit="characters")
def gpt3_one_char_text(hernandez_2021_table1, brown_2020_model_sizes):
    """D_T at GPT-3's size with a single character of fine-tuning data (text), extrapolated."""
    n = brown_2020_model_sizes.one(model="GPT-3 175B")["n_params"]
    return float(transfer.effective_data_transferred(1.0, n, *_law(hernandez_2021_table1, "text")))


@value("transfer.gpt3_one_char_code", inputs=[T, G], fmt="sci:2", unit="characters")
def gpt3_one_char_code(hernandez_2021_table1, brown_2020_model_sizes):
    """D_T at GPT-3's size with a single character of fine-tuning data (text + code)."""
    n = brown_2020_model_sizes.one(model="GPT-3 175B")["n_params"]
    return float(transfer.effective_data_transferred(
        1.0, n, *_law(hernandez_2021_table1, "text+code")))


@value("transfer.crossover_log10_df", inputs=["transfer.crossover_df"], fmt="fixed:2",
       unit="log₁₀ characters")
def crossover_log10_df(crossover_df):
    """log₁₀ of the crossing fine-tuning set size, to compare with a stated order of
    magnitude."""
    return math.log10(crossover_df)


claim("transfer.claim_beta_2alpha", of="transfer.beta_over_alpha_text", issue=ISSUE,
      summary=SUMMARY,
      stated="for text → Python, β is about twice α", target=2.0, compare="approx",
      rel_tol=0.1,
      how="β/α from Table 1; 'about twice' read as within ±10%.")
claim("transfer.claim_100x_data", of="transfer.data_for_10x_model_text", fmt="times:3", issue=ISSUE,
      summary=SUMMARY,
      stated="100× more fine-tuning data is worth about a 10× larger model",
      target=100.0, compare="approx", rel_tol=0.5,
      how="10^(β/α) for text → Python: the D_F factor that raises D_T as much as 10× N. "
          "Within ±50%, since a factor of this size stated as a round 100 is only meant "
          "to the nearest half order of magnitude.")
claim("transfer.claim_crossover_10t", of="transfer.crossover_log10_df",
      issue=ISSUE, summary=SUMMARY,
      stated="text-only pre-training becomes preferable once fine-tuning data reaches "
             "10 trillion (Rohin Shah's opinion)",
      target=13.0, compare="approx", abs_tol=math.log10(2.0), expect="fails",
      how="Solve k₁D^α₁ = k₂D^α₂ in closed form, D = (k₂/k₁)^(1/(α₁−α₂)), and compare "
          "log₁₀ D with 13 within log₁₀ 2 (a factor of two either way). The verdict is "
          "fragile: the rounding of Table 1's constants alone spans the target (see "
          "transfer.crossover_low and transfer.crossover_high).")


@table("transfer.fits", inputs=[T], title="Fitted transfer laws and what they imply")
def fits(hernandez_2021_table1):
    """Table 1's constants with β/α and the data worth a 10× larger model."""
    rows = []
    for r in hernandez_2021_table1:
        k, a, b = r["k"], r["alpha"], r["beta"]
        rows.append((_label(r["pretraining"]), k, a, b, b / a,
                     transfer.data_factor_for_model_factor(10.0, a, b)))
    return Table([Col("Pre-training → target", align="left"), Col("k", fmt="sci:2"),
                  Col("α", fmt="fixed:3"), Col("β", fmt="fixed:2"), Col("β/α", fmt="fixed:2"),
                  Col("D_F factor worth 10× N", fmt="times:2")], rows)


@table("transfer.fraction_table", inputs=[T],
       title="Share of the effective data that comes from pre-training")
def fraction_table(hernandez_2021_table1):
    """D_T/(D_F + D_T) on a grid of model sizes and fine-tuning set sizes."""
    dfs = (1e4, 1e6, 1e8, 1e10)
    rows = []
    for pre in ("text", "text+code"):
        law = _law(hernandez_2021_table1, pre)
        for n in (1e7, 1e8, 1e9):
            rows.append((_label(pre), n,
                         *(float(transfer.fraction_from_transfer(d, n, *law)) for d in dfs)))
    return Table([Col("Pre-training", align="left"), Col("N", fmt="sci:1", unit="parameters")]
                 + [Col(f"D_F = {numbers.format_number(d, 'sci:1')}", fmt="pct:1")
                    for d in dfs], rows)


@figure("transfer.fraction_vs_df", inputs=[T], title="Fraction of effective data from transfer")
def fraction_vs_df(hernandez_2021_table1):
    """D_T/(D_F + D_T) against D_F for several model sizes, one panel per pre-training mix."""
    from recomputed.engine import plotting

    fig, axes = plotting.new_figure(width=9.0, height=4.2, ncols=2, sharey=True)
    data = []
    for ax, pre in zip(axes, ("text", "text+code"), strict=True):
        law = _law(hernandez_2021_table1, pre)
        for i, n in enumerate(_model_sizes()):
            f = transfer.fraction_from_transfer(_df_grid(), n, *law)
            ax.plot(_df_grid(), f, color=plotting.PALETTE[i],
                    label=f"N = {numbers.format_number(n, 'sci:1')}")
            data += [(_label(pre), n, d, v) for d, v in zip(_df_grid(), f, strict=True)]
        plotting.log_axes(ax, y=False)
        ax.set_xlabel("fine-tuning data D_F (characters)")
        ax.set_title(_label(pre))
    axes[0].set_ylabel("D_T / (D_F + D_T)")
    axes[0].yaxis.set_major_formatter(_pct_formatter())
    axes[1].legend(title="parameters", fontsize=8)
    return Plot(fig, data=Table([Col("Pre-training", align="left"), Col("N", fmt="sci:1"),
                                 Col("D_F", fmt="sci:3"), Col("Fraction", fmt="sig:4")], data),
                alt="Two panels of falling curves: the share of the effective Python data that "
                    "comes from pre-training is close to one for small fine-tuning sets and "
                    "drops as the fine-tuning set grows; larger models keep a higher share. The "
                    "text-plus-code curves start higher and fall more slowly at first.")


def _pct_formatter():
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda v, _p: numbers.format_number(v, "pct:0"))


@figure("transfer.crossover_plot", inputs=[T], params={"n": 1e8},
        title="Text against text + code: where the laws cross")
def crossover_plot(hernandez_2021_table1, n):
    """D_T for both pre-training mixes against D_F at one model size, with the crossing."""
    from recomputed.engine import plotting

    fig, ax = plotting.new_figure()
    data = []
    for i, pre in enumerate(("text", "text+code")):
        dt = transfer.effective_data_transferred(_df_grid(), n, *_law(hernandez_2021_table1, pre))
        ax.plot(_df_grid(), dt, color=plotting.PALETTE[i], label=_label(pre))
        data += [(_label(pre), d, v) for d, v in zip(_df_grid(), dt, strict=True)]
    ax.plot(_df_grid(), _df_grid(), color=plotting.PALETTE[6], lw=1, ls=":",
            label="D_T = D_F (transfer equals the data itself)")
    x = _crossover(hernandez_2021_table1)
    ax.axvline(x, color=plotting.PALETTE[2], ls="--", label="crossing (same for every N)")
    ax.axvline(1e13, color=plotting.PALETTE[3], ls="-.", lw=1, label="10 trillion")
    plotting.log_axes(ax)
    ax.set_xlabel("fine-tuning data D_F (characters)")
    ax.set_ylabel("effective data transferred D_T (characters)")
    ax.set_ylim(1e6, 1e13)
    ax.set_title(f"D_T at N = {numbers.format_number(n, 'sci:1')} parameters")
    ax.legend(fontsize=8)
    return Plot(fig, data=Table([Col("Pre-training", align="left"), Col("D_F", fmt="sci:3"),
                                 Col("D_T", fmt="sci:4")], data),
                alt="Log-log plot of effective data transferred against fine-tuning data for "
                    "the two pre-training mixes: text plus code starts higher but grows more "
                    "slowly, and the lines cross below the 10 trillion mark.")


@figure("transfer.fraction_map", inputs=[T], title="Where transfer dominates (text → Python)")
def fraction_map(hernandez_2021_table1):
    """Contours of D_T/(D_F + D_T) over model size and fine-tuning set size, text → Python."""
    from recomputed.engine import plotting

    law = _law(hernandez_2021_table1, "text")
    dfs = np.logspace(3, 12, 46)
    ns = np.logspace(6, 12, 31)
    grid = transfer.fraction_from_transfer(dfs[None, :], ns[:, None], *law)
    fig, ax = plotting.new_figure(width=6.5, height=4.6)
    levels = [0.1, 0.25, 0.5, 0.75, 0.9, 0.99]
    cs = ax.contourf(dfs, ns, grid, levels=[0.0, *levels, 1.0], cmap="Blues")
    lines = ax.contour(dfs, ns, grid, levels=levels, colors="k", linewidths=0.6)
    ax.clabel(lines, fmt=lambda v: numbers.format_number(v, "pct:0"), fontsize=8)
    plotting.log_axes(ax)
    ax.set_xlabel("fine-tuning data D_F (characters)")
    ax.set_ylabel("model size N (non-embedding parameters)")
    ax.set_title("Share of effective data from transfer")
    cbar = fig.colorbar(cs, ax=ax)
    cbar.set_label("D_T / (D_F + D_T)")
    cbar.ax.yaxis.set_major_formatter(_pct_formatter())
    data = [(n, d, float(grid[i, j])) for i, n in enumerate(ns) for j, d in enumerate(dfs)]
    return Plot(fig, data=Table([Col("N", fmt="sci:3"), Col("D_F", fmt="sci:3"),
                                 Col("Fraction", fmt="sig:4")], data),
                alt="Contour map over fine-tuning data (horizontal) and model size (vertical): "
                    "the share of effective data from pre-training is high at the top left "
                    "(big models, little data) and low at the bottom right.")
