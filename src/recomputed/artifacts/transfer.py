"""Scaling laws for transfer (Transfer issue): Hernandez et al. 2021, Table 1."""

from __future__ import annotations

import numpy as np

from recomputed.artifacts.transfer_points import FRACTION_TABLE, T, fractions, map_grid
from recomputed.artifacts.transfer_points import df_grid as _df_grid
from recomputed.artifacts.transfer_points import label as _label
from recomputed.artifacts.transfer_points import law as _law
from recomputed.artifacts.transfer_points import model_sizes as _model_sizes
from recomputed.engine import numbers
from recomputed.engine.estimates import over_ranges, span
from recomputed.engine.registry import Col, Plot, Table, claim, figure, table, value
from recomputed.science import transfer

G = "brown_2020_model_sizes"
POINTS = "transfer.fraction_points"  # every fraction shown, computed once
ISSUE = "AN #137"
SUMMARY = "Scaling Laws for Transfer"
# Every claim on Table 1's constants carries this caveat in its `how` (see data.md).
SECONDARY = (" Caveat: Table 1's constants come from a secondary source (two independent "
             "notes quoting the paper agree on them); we have not read them in the paper "
             "itself.")


def _crossover(ds) -> float:
    k1, a1, _ = _law(ds, "text")
    k2, a2, _ = _law(ds, "text+code")
    return transfer.crossover_fine_tuning_size(k1, a1, k2, a2)


ROUNDED = "range allowed by the rounding of Table 1's printed α and β"


def _ratio(ds, pre: str):
    """β/α of a pre-training mix, with the range the rounding of α and β allows."""
    r = ds.one(pretraining=pre)
    return over_ranges(lambda alpha, beta: beta / alpha,
                       {"alpha": r["alpha"], "beta": r["beta"]},
                       {"alpha": r.rounding("alpha"), "beta": r.rounding("beta")}, ROUNDED)


def _data_factor(ds, pre: str, model_factor: float = 10.0):
    """10^(β/α): the D_F factor worth a 10× larger model, with its rounding range."""
    r = ds.one(pretraining=pre)
    return over_ranges(
        lambda alpha, beta: transfer.data_factor_for_model_factor(model_factor, alpha, beta),
        {"alpha": r["alpha"], "beta": r["beta"]},
        {"alpha": r.rounding("alpha"), "beta": r.rounding("beta")}, ROUNDED)


@value("transfer.beta_over_alpha_text", inputs=[T], fmt="fixed:2")
def beta_over_alpha_text(hernandez_2021_table1):
    """β/α for text → Python (Table 1), over the rounding of α and β."""
    return _ratio(hernandez_2021_table1, "text")


@value("transfer.beta_over_alpha_code", inputs=[T], fmt="fixed:2")
def beta_over_alpha_code(hernandez_2021_table1):
    """β/α for text + code → Python (Table 1), over the rounding of α and β."""
    return _ratio(hernandez_2021_table1, "text+code")


@value("transfer.data_for_10x_model_text", inputs=[T], fmt="times:3")
def data_for_10x_model_text(hernandez_2021_table1):
    """Factor on fine-tuning data that transfers as much as a 10× larger model (text):
    10^(β/α), over the rounding of α and β."""
    return _data_factor(hernandez_2021_table1, "text")


@value("transfer.data_for_10x_model_code", inputs=[T], fmt="times:3")
def data_for_10x_model_code(hernandez_2021_table1):
    """Factor on fine-tuning data that transfers as much as a 10× larger model (text + code)."""
    return _data_factor(hernandez_2021_table1, "text+code")


CORNERS = "transfer.crossover_corners"  # the 16 corners of the rounding box, computed once


@value("transfer.crossover_df", inputs=[T, CORNERS], fmt="sci:2", unit="characters")
def crossover_df(hernandez_2021_table1, crossover_corners):
    """Fine-tuning set size beyond which text-only pre-training transfers more than text +
    code, D = (k₂/k₁)^(1/(α₁−α₂)), with the range the rounding of Table 1's k and α
    allows (the crossing at the corners of transfer.crossover_corners)."""
    return span([r[-1] for r in crossover_corners.rows],
                "range allowed by the rounding of Table 1's printed k and α",
                value=_crossover(hernandez_2021_table1))


@value("transfer.crossover_exponent", inputs=[T], fmt="fixed:1")
def crossover_exponent(hernandez_2021_table1):
    """1/(α_text − α_text+code): the power to which k₂/k₁ is raised in the crossing."""
    return 1.0 / (_law(hernandez_2021_table1, "text")[1]
                  - _law(hernandez_2021_table1, "text+code")[1])


@value("transfer.crossover_low", inputs=["transfer.crossover_df"], fmt="sci:2",
       unit="characters")
def crossover_low(crossover_df):
    """Smallest crossing with every constant moved within its printed rounding (the low
    end of transfer.crossover_df's range)."""
    return crossover_df.low


@value("transfer.crossover_high", inputs=["transfer.crossover_df"], fmt="sci:2",
       unit="characters")
def crossover_high(crossover_df):
    """Largest crossing with every constant moved within its printed rounding (the high
    end of transfer.crossover_df's range)."""
    return crossover_df.high


EXAMPLE = {"n": 1e8, "d_f": 1e6}  # the example point; N is transfer.crossover_plot's


@value("transfer.example_dt", inputs=["transfer.crossover_plot"], params={"d_f": EXAMPLE["d_f"]},
       fmt="sci:2", unit="characters")
def example_dt(crossover_plot, d_f):
    """D_T for text → Python at N = 10⁸ parameters and D_F = 10⁶ characters.

    A point of transfer.crossover_plot's curve (drawn at N = 10⁸)."""
    return next(dt for pre, d, dt in crossover_plot.rows if pre == _label("text") and d == d_f)


@value("transfer.example_multiplier", inputs=["transfer.example_dt"],
       params={"d_f": EXAMPLE["d_f"]}, fmt="times:2")
def example_multiplier(example_dt, d_f):
    """(D_F + D_T)/D_F for text → Python at N = 10⁸ and D_F = 10⁶ characters."""
    return 1.0 + example_dt / d_f


@value("transfer.example_fraction_large_df", inputs=[POINTS], params={"n": 1e8, "d_f": 1e9},
       fmt="pct:0")
def example_fraction_large_df(fraction_points, n, d_f):
    """Fraction of effective data from transfer, text → Python, N = 10⁸, D_F = 10⁹ characters."""
    return fractions(fraction_points)["text", n, d_f]


claim("transfer.claim_beta_2alpha", of="transfer.beta_over_alpha_text", issue=ISSUE,
      summary=SUMMARY,
      stated="for text → Python, β is about twice α", target="2", compare="approx",
      how="β/α from Table 1, over the range the printed α and β allow; 'about twice' is "
          "what rounds to 2." + SECONDARY)
claim("transfer.claim_100x_data", of="transfer.data_for_10x_model_text", fmt="times:3", issue=ISSUE,
      summary=SUMMARY,
      stated="100× more fine-tuning data is worth about a 10× larger model",
      target="100", compare="approx", within=(10**1.5, 10**2.5),
      reading="100× and 10× are round powers of ten: the factor nearer to 100 than to 10 or "
              "1,000 on a logarithmic scale",
      how="10^(β/α) for text → Python: the D_F factor that raises D_T as much as 10× N, over "
          "the range the printed α and β allow." + SECONDARY)
claim("transfer.claim_crossover_10t", of="transfer.crossover_df",
      issue=ISSUE, summary=SUMMARY,
      stated="once the fine-tuning set reaches 10 trillion points, the fits prefer "
             "text-only pre-training (Rohin Shah's opinion)",
      target="10e12", compare="<=", expect="inconclusive",
      how="Rohin Shah's statement is a threshold: text is preferred at 10 trillion if the "
          "crossing k₁D^α₁ = k₂D^α₂, D = (k₂/k₁)^(1/(α₁−α₂)), lies at or below it. The "
          "crossing is computed over the range the rounding of Table 1's k and α allows "
          "(transfer.crossover_corners); the crossing itself is independent of N. On the printed "
          "constants it lies below 10 trillion, but rounding alone lets it reach above."
          + SECONDARY)


RATIOS = ["transfer.beta_over_alpha_text", "transfer.beta_over_alpha_code",
          "transfer.data_for_10x_model_text", "transfer.data_for_10x_model_code"]


@table("transfer.fits", inputs=[T] + RATIOS, title="Fitted transfer laws and what they imply")
def fits(hernandez_2021_table1, beta_over_alpha_text, beta_over_alpha_code,
         data_for_10x_model_text, data_for_10x_model_code):
    """Table 1's constants with β/α and the data worth a 10× larger model (the values
    transfer.beta_over_alpha_* and transfer.data_for_10x_model_*)."""
    implied = {"text": (beta_over_alpha_text, data_for_10x_model_text),
               "text+code": (beta_over_alpha_code, data_for_10x_model_code)}
    rows = []
    for r in hernandez_2021_table1:
        ratio, factor = implied[r["pretraining"]]
        rows.append((_label(r["pretraining"]), r["k"], r["alpha"], r["beta"], float(ratio),
                     float(factor)))
    return Table([Col("Pre-training → target", align="left"), Col("k", fmt="sci:2"),
                  Col("α", fmt="fixed:3"), Col("β", fmt="fixed:2"), Col("β/α", fmt="fixed:2"),
                  Col("D_F factor worth 10× N", fmt="times:2")], rows)


@table("transfer.fraction_table", inputs=[POINTS],
       title="Share of the effective data that comes from pre-training")
def fraction_table(fraction_points):
    """D_T/(D_F + D_T) on a grid of model sizes and fine-tuning set sizes."""
    dfs = FRACTION_TABLE["dfs"]
    f = fractions(fraction_points)
    rows = []
    for pre in ("text", "text+code"):
        for n in FRACTION_TABLE["ns"]:
            rows.append((_label(pre), n, *(f[pre, n, d] for d in dfs)))
    return Table([Col("Pre-training", align="left"), Col("N", fmt="sci:1", unit="parameters")]
                 + [Col(f"D_F = {numbers.format_number(d, 'sci:1')}", fmt="pct:1")
                    for d in dfs], rows)


@figure("transfer.fraction_vs_df", inputs=[POINTS],
        title="Transfer supplies most of the effective data when fine-tuning data is scarce, "
              "and more of it the larger the model")
def fraction_vs_df(fraction_points):
    """D_T/(D_F + D_T) against D_F for several model sizes, one panel per pre-training mix."""
    from recomputed.engine import annotate, plotting

    fig, axes = plotting.new_figure(width=9.0, height=4.2, ncols=2, sharey=True)
    data = []
    fraction = fractions(fraction_points)
    for ax, pre in zip(axes, ("text", "text+code"), strict=True):
        for i, n in enumerate(_model_sizes()):
            f = np.array([fraction[pre, n, d] for d in _df_grid()])
            ax.plot(_df_grid(), f, color=plotting.PALETTE[i],
                    label=f"$N$ = {numbers.format_number(n, 'sci:1')}")
            data += [(_label(pre), n, d, v) for d, v in zip(_df_grid(), f, strict=True)]
        plotting.log_axes(ax, y=False)
        ax.set_xlabel("fine-tuning data $D_F$ (characters)")
        ax.set_title(_label(pre))
    axes[0].set_ylabel("$D_T / (D_F + D_T)$")
    axes[0].yaxis.set_major_formatter(_pct_formatter())
    for ax in axes:
        annotate.end_labels(ax)
    return Plot(fig, data=Table([Col("Pre-training", align="left"), Col("N", fmt="sci:1"),
                                 Col("D_F", fmt="sci:3"), Col("Fraction", fmt="sig:4")], data),
                alt="Two panels of falling curves: the share of the effective Python data that "
                    "comes from pre-training is close to one for small fine-tuning sets and "
                    "drops as the fine-tuning set grows; larger models keep a higher share. The "
                    "text-plus-code curves start higher and fall more slowly at first.")


def _pct_formatter():
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda v, _p: numbers.format_number(v, "pct:0"))


@figure("transfer.crossover_plot", inputs=[T, "transfer.crossover_df"],
        params={"n": EXAMPLE["n"]},
        title="Text + code transfers more to Python until the fine-tuning set is very large; "
              "past the crossing, text alone transfers more")
def crossover_plot(hernandez_2021_table1, crossover_df, n):
    """D_T for both pre-training mixes against D_F at one model size, with the crossing."""
    from recomputed.engine import annotate, plotting

    fig, ax = plotting.new_figure()
    data = []
    for i, pre in enumerate(("text", "text+code")):
        dt = transfer.effective_data_transferred(_df_grid(), n, *_law(hernandez_2021_table1, pre))
        ax.plot(_df_grid(), dt, color=plotting.PALETTE[i], label=_label(pre))
        data += [(_label(pre), d, v) for d, v in zip(_df_grid(), dt, strict=True)]
    ax.plot(_df_grid(), _df_grid(), color=plotting.PALETTE[6], lw=1, ls=":",
            label="$D_T = D_F$")
    ax.axvline(crossover_df, color=plotting.PALETTE[2], ls="--",
               label="crossing (same for every N)")
    ax.axvline(1e13, color=plotting.PALETTE[3], ls="-.", lw=1, label="10 trillion")
    plotting.log_axes(ax)
    ax.set_xlabel("fine-tuning data $D_F$ (characters)")
    ax.set_ylabel("effective data transferred $D_T$ (characters)")
    ax.set_ylim(1e6, 1e13)
    annotate.end_labels(ax, ax.get_lines()[:2], ["text", "text + code"])
    ax.annotate("$D_T = D_F$", xy=(1e7, 1e7), xytext=(6, -2), textcoords="offset points",
                ha="left", va="top", color=plotting.PALETTE[6])
    annotate.vline_label(ax, crossover_df, "crossing,\nany model size", plotting.PALETTE[2],
                         side="left")
    annotate.vline_label(ax, 1e13, "10 trillion", plotting.PALETTE[3])
    ax.set_title(f"At $N$ = {numbers.format_number(n, 'sci:1')} parameters the laws cross "
                 f"at $D_F$ = {numbers.format_number(crossover_df, 'sci:1')} characters")
    return Plot(fig, data=Table([Col("Pre-training", align="left"), Col("D_F", fmt="sci:3"),
                                 Col("D_T", fmt="sci:4")], data),
                alt="Log-log plot of effective data transferred against fine-tuning data for "
                    "the two pre-training mixes: text plus code starts higher but grows more "
                    "slowly, and the lines cross below the 10 trillion mark.")


@figure("transfer.fraction_map", inputs=[POINTS], title="Where transfer dominates (text → Python)")
def fraction_map(fraction_points):
    """Contours of D_T/(D_F + D_T) over model size and fine-tuning set size, text → Python."""
    from recomputed.engine import annotate, plotting

    dfs, ns = map_grid()
    fraction = fractions(fraction_points)
    grid = np.array([[fraction["text", n, d] for d in dfs] for n in ns])
    fig, ax = plotting.new_figure(width=6.5, height=4.6)
    levels = [0.1, 0.25, 0.5, 0.75, 0.9, 0.99]
    cs = ax.contourf(dfs, ns, grid, levels=[0.0, *levels, 1.0], cmap="Blues")
    lines = ax.contour(dfs, ns, grid, levels=levels, colors="k", linewidths=0.6)
    annotate.contour_labels(ax, cs, lines, lambda v: numbers.format_number(v, "pct:0"),
                            fontsize=8)
    plotting.log_axes(ax)
    ax.set_xlabel("fine-tuning data $D_F$ (characters)")
    ax.set_ylabel("model size $N$ (non-embedding parameters)")
    ax.set_title("Big models with little fine-tuning data get most of it from transfer")
    cbar = fig.colorbar(cs, ax=ax)
    cbar.set_label("$D_T / (D_F + D_T)$")
    cbar.ax.yaxis.set_major_formatter(_pct_formatter())
    data = [(n, d, float(grid[i, j])) for i, n in enumerate(ns) for j, d in enumerate(dfs)]
    return Plot(fig, data=Table([Col("N", fmt="sci:3"), Col("D_F", fmt="sci:3"),
                                 Col("Fraction", fmt="sig:4")], data),
                alt="Contour map over fine-tuning data (horizontal) and model size (vertical): "
                    "the share of effective data from pre-training is high at the top left "
                    "(big models, little data) and low at the bottom right.")
