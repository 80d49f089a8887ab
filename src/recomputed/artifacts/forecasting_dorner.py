"""Forecasting (AN #125): RL sample efficiency (Dorner 2021) as doubling times and
improvement factors, beside the ImageNet efficiency trend of forecasting.py."""

from __future__ import annotations

import numpy as np

from recomputed.artifacts.forecasting_fits import doubling_fit
from recomputed.engine.estimates import Estimate
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
from recomputed.science import trends

DD = "dorner_2021_doubling_times"
DS = "dorner_2021_sample_use"
FIT = "forecasting.alexnet_fit"
ISSUE = "AN #125"
DORNER = "Measuring Progress in Deep Reinforcement Learning Sample Efficiency"
MOORE_YEARS = 2.0  # the doubling time Hernandez & Brown take for Moore's law


# --- Dorner (2021) ---------------------------------------------------------------------

def _samples(ds):
    rows = sorted(ds, key=lambda r: r["year"])
    return rows[0], rows[-1]


@value("forecasting.dorner_sample_ratio", inputs=[DS], fmt="times:3")
def dorner_sample_ratio(dorner_2021_sample_use):
    """Growth of samples per Atari game, 2015 to 2020: the quotient of the two counts as
    the paper gives them (200 million and 90 billion)."""
    a, b = _samples(dorner_2021_sample_use)
    return b["samples_per_game"] / a["samples_per_game"]


@value("forecasting.dorner_samples_dqn", inputs=[DS], params={"which": 0}, fmt="sci:1",
       unit="frames")
def dorner_samples_dqn(dorner_2021_sample_use, which):
    """Frames per Atari game used by DQN in 2015, as the paper's introduction gives them."""
    return _samples(dorner_2021_sample_use)[which]["samples_per_game"]


@value("forecasting.dorner_samples_2020", inputs=[DS], params={"which": -1}, fmt="sci:1",
       unit="frames")
def dorner_samples_2020(dorner_2021_sample_use, which):
    """Frames per Atari game used by the most sample-hungry projects of 2020 (introduction)."""
    return _samples(dorner_2021_sample_use)[which]["samples_per_game"]


@value("forecasting.dorner_sample_years", inputs=[DS], fmt="int", unit="years")
def dorner_sample_years(dorner_2021_sample_use):
    """Years between the two sample counts (only the years are given)."""
    a, b = _samples(dorner_2021_sample_use)
    return b["year"] - a["year"]


@value("forecasting.dorner_sample_doubling", inputs=[DS, "forecasting.dorner_sample_ratio"],
       fmt="fixed:1", unit="months")
def dorner_sample_doubling(dorner_2021_sample_use, dorner_sample_ratio):
    """Doubling time of samples used per game, from the two end points.

    Only the years are given, and a year stands for any day in it, so the span between
    the two end points lies between one year less and one year more than the difference
    of the years; the interval is the doubling time at those two spans."""
    a, b = _samples(dorner_2021_sample_use)
    years = b["year"] - a["year"]
    months = [12 * trends.doubling_time_from_ratio(dorner_sample_ratio, y)
              for y in (years - 1, years, years + 1)]
    return Estimate(months[1], months[0], months[2],
                    "range allowed by the publication years, each any day of its year")


claim("forecasting.claim_450x", of="forecasting.dorner_sample_ratio", issue=ISSUE, summary=DORNER,
      stated="samples per game used by the most ambitious Atari projects grew 450× since "
             "DQN (200 million to 90 billion)",
      target="450", exact="the quotient of the two sample counts as the paper states them",
      how="Ratio of the two stated sample counts: checks the paper's arithmetic.")


claim("forecasting.claim_7_months", of="forecasting.dorner_sample_doubling",
      issue=ISSUE, summary=DORNER, stated="a doubling time of about 7 months",
      target="7", expect="inconclusive",
      how="Span · ln 2 / ln 450. Only the years (2015 and 2020) are given, so the span "
          "could be anything from four to six years; the doubling time then runs across "
          "the range that rounds to 7 months. The paper's authors knew the dates; our "
          "data cannot confirm the 7.")


_DORNER_WHY = ("The abstract gives only the range over tasks and performance levels; the "
               "per-task doubling times, their intervals and the training-curve data behind "
               "them were not available to us (searched for in public repositories and "
               "pages; not found), so the range cannot be re-estimated.")
claim_dorner_atari = unchecked_claim(
    "forecasting.claim_dorner_atari_10_18", issue=ISSUE, summary=DORNER,
    stated="sample efficiency on Atari doubled every 10 to 18 months", why=_DORNER_WHY,
    unit="months")
claim_dorner_state = unchecked_claim(
    "forecasting.claim_dorner_state_5_24", issue=ISSUE, summary=DORNER,
    stated="on state-based continuous control it doubled every 5 to 24 months",
    why=_DORNER_WHY, unit="months")
claim_dorner_pixel = unchecked_claim(
    "forecasting.claim_dorner_pixel_4_9", issue=ISSUE, summary=DORNER,
    stated="on pixel-based continuous control it doubled every 4 to 9 months",
    why=_DORNER_WHY, unit="months")


def _dorner_rows(ds):
    out = []
    for r in ds:
        lo, hi = r["low_months"] / 12, r["high_months"] / 12
        # A shorter doubling time means a larger yearly factor, so the bounds swap.
        out.append((r["benchmark"], r["low_months"], r["high_months"],
                    trends.growth_factor(hi, 1), trends.growth_factor(lo, 1),
                    trends.growth_factor(hi, 5), trends.growth_factor(lo, 5)))
    return out


@table("forecasting.dorner_factors", inputs=[DD],
       title="Sample-efficiency doubling times as improvement factors")
def dorner_factors(dorner_2021_doubling_times):
    """Dorner's doubling-time ranges turned into yearly and five-year factors."""
    return Table([Col("Benchmark", align="left"),
                  Col("Doubling, fastest", fmt="sig:2", unit="months"),
                  Col("Doubling, slowest", fmt="sig:2", unit="months"),
                  Col("Per year, low", fmt="times:2"), Col("Per year, high", fmt="times:2"),
                  Col("Five years, low", fmt="times:2"), Col("Five years, high", fmt="times:2")],
                 _dorner_rows(dorner_2021_doubling_times))


def _factor(dorner_factors, benchmark: str, column: str) -> float:
    """One cell of forecasting.dorner_factors."""
    i = [c.header for c in dorner_factors.columns].index(column)
    return next(r[i] for r in dorner_factors.rows if r[0] == benchmark)


FACTORS = "forecasting.dorner_factors"


@value("forecasting.dorner_pixel_5y_high", inputs=[FACTORS], fmt="times:2")
def dorner_pixel_5y_high(dorner_factors):
    """Five-year factor at the fastest pixel-based control doubling time."""
    return _factor(dorner_factors, "Pixel-based continuous control", "Five years, high")


@value("forecasting.dorner_atari_year_low", inputs=[FACTORS], fmt="times:2")
def dorner_atari_year_low(dorner_factors):
    """Yearly factor at the slowest Atari doubling time."""
    return _factor(dorner_factors, "Atari", "Per year, low")


@value("forecasting.dorner_atari_year_high", inputs=[FACTORS], fmt="times:2")
def dorner_atari_year_high(dorner_factors):
    """Yearly factor at the fastest Atari doubling time."""
    return _factor(dorner_factors, "Atari", "Per year, high")


@figure("forecasting.dorner_factors_plot", inputs=[FACTORS, FIT],
        params={"moore_years": MOORE_YEARS},
        title="Pixel-based control improves fastest; state-based control has the widest "
              "range, from Moore's pace upward")
def dorner_factors_plot(dorner_factors, alexnet_fit, moore_years):
    """Dorner's ranges as yearly factors, beside ImageNet efficiency and Moore's law."""
    from recomputed.engine import plotting

    rows = dorner_factors.rows
    fit = doubling_fit(alexnet_fit)
    fig, ax = plotting.new_figure(height=3.6)
    names = [r[0] for r in rows] + ["ImageNet training efficiency (fit)", "Moore's law"]
    lows = [r[3] for r in rows] + [2**fit.slope, 2 ** (1 / moore_years)]
    highs = [r[4] for r in rows] + [2**fit.slope, 2 ** (1 / moore_years)]
    y = np.arange(len(names))[::-1]
    for i, (yy, lo, hi) in enumerate(zip(y, lows, highs, strict=True)):
        colour = plotting.PALETTE[0] if i < len(rows) else plotting.PALETTE[6]
        ax.plot([lo, hi], [yy, yy], color=colour, lw=6, solid_capstyle="butt")
        ax.plot([lo, hi], [yy, yy], "|" if hi > lo else "o", color=colour, ms=12 if hi > lo else 7)
    ax.set_yticks(y, names)
    plotting.log_axes(ax, y=False)
    ax.set_xlim(1, 10)

    ax.xaxis.set_major_formatter(plotting.tick_formatter("times:1"))
    ax.set_xticks([1, 2, 4, 8])  # doublings: few enough to stay apart in a phone's panel
    ax.set_xlabel("improvement per year (×, log scale)")
    ax.set_title("How fast efficiency grows: yearly factors")
    return Plot(fig, data=Table([Col("Series", align="left"), Col("Per year, low", fmt="sig:4"),
                                 Col("Per year, high", fmt="sig:4")],
                                list(zip(names, lows, highs, strict=True))),
                alt="Horizontal bars of yearly improvement factors for Atari, state-based and "
                    "pixel-based control, beside ImageNet training efficiency and Moore's law; "
                    "pixel-based control has the fastest range and state-based control the "
                    "widest.")
