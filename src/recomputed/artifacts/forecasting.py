"""Forecasting (AN #125): algorithmic efficiency (Hernandez & Brown 2020) and RL sample
efficiency (Dorner 2021) as doubling times."""

from __future__ import annotations

import numpy as np

from recomputed.artifacts.forecasting_fits import (
    HB,
    POINTS,
    bootstrap_interval,
    doubling_fit,
)
from recomputed.engine.registry import Col, Plot, Table, claim, figure, table, value
from recomputed.science import trends

DD = "dorner_2021_doubling_times"
DS = "dorner_2021_sample_use"
FIT = "forecasting.alexnet_fit"  # the OLS fit, once (forecasting_fits.py)
ISSUE = "AN #125"
AIE = "AI and Efficiency (cited in Asya Bergal's opinion)"
DORNER = "Measuring Progress in Deep Reinforcement Learning Sample Efficiency"
# Numbers that shape results enter as params (module constants are not in the cache key).
IMAGES = 1.28e6  # ImageNet training images per epoch (Hernandez & Brown, Sec. 3)
MOORE_YEARS = 2.0  # the doubling time Hernandez & Brown take for Moore's law


@value("forecasting.alexnet_gain", inputs=["forecasting.alexnet_frontier"], fmt="times:2")
def alexnet_gain(alexnet_frontier):
    """AlexNet's training compute over EfficientNet-b0's, to the same accuracy (Table 3).

    The EfficientNet-b0 row of forecasting.alexnet_frontier."""
    return next(r[-1] for r in alexnet_frontier.rows if r[0] == "EfficientNet-b0")


@value("forecasting.alexnet_span_years", inputs=[POINTS], fmt="fixed:1", unit="years")
def alexnet_span_years(alexnet_frontier_points):
    """Years from AlexNet to EfficientNet-b0."""
    rows = alexnet_frontier_points.rows
    return rows[-1][2] - rows[0][2]


@value("forecasting.alexnet_doubling_months", inputs=[FIT], fmt="fixed:1", unit="months")
def alexnet_doubling_months(alexnet_fit):
    """OLS doubling time of efficiency over the six frontier models."""
    return doubling_fit(alexnet_fit).doubling_months


@value("forecasting.alexnet_doubling_low", inputs=[FIT], fmt="fixed:1", unit="months")
def alexnet_doubling_low(alexnet_fit):
    """Lower end of the 95% t-interval of the doubling time."""
    return 12 * doubling_fit(alexnet_fit).low_years


@value("forecasting.alexnet_doubling_high", inputs=[FIT], fmt="fixed:1", unit="months")
def alexnet_doubling_high(alexnet_fit):
    """Upper end of the 95% t-interval of the doubling time."""
    return 12 * doubling_fit(alexnet_fit).high_years


@value("forecasting.alexnet_r2", inputs=[FIT], fmt="fixed:3")
def alexnet_r2(alexnet_fit):
    """R² of the log-linear fit."""
    return doubling_fit(alexnet_fit).r2


BOOT = "forecasting.alexnet_bootstrap"  # 4,000 resamples, once (forecasting_fits.py)


@value("forecasting.alexnet_boot_low", inputs=[BOOT], fmt="fixed:1", unit="months")
def alexnet_boot_low(alexnet_bootstrap):
    """2.5th percentile of the pairs-bootstrap doubling time (4,000 resamples)."""
    return 12 * bootstrap_interval(alexnet_bootstrap).low_years


@value("forecasting.alexnet_boot_high", inputs=[BOOT], fmt="fixed:1", unit="months")
def alexnet_boot_high(alexnet_bootstrap):
    """97.5th percentile of the pairs-bootstrap doubling time (4,000 resamples)."""
    return 12 * bootstrap_interval(alexnet_bootstrap).high_years


@value("forecasting.alexnet_endpoint_months",
       inputs=["forecasting.alexnet_gain", "forecasting.alexnet_span_years"], fmt="fixed:1",
       unit="months")
def alexnet_endpoint_months(alexnet_gain, alexnet_span_years):
    """Doubling time from the two end points alone: span · ln 2 / ln(gain)."""
    return 12 * trends.doubling_time_from_ratio(alexnet_gain, alexnet_span_years)


@value("forecasting.table3_max_mismatch", inputs=[HB], params={"images": IMAGES},
       fmt="pct:1")
def table3_max_mismatch(hernandez_brown_2020_table3, images):
    """Largest relative gap between printed compute and 3 · epochs · GFLOPs · images."""
    gaps = []
    for r in hernandez_brown_2020_table3:
        recomputed = 3 * r["epochs"] * r["gflops_per_img"] * 1e9 * images / 1e15
        gaps.append(abs(recomputed / r["compute_printed"] - 1))
    return max(gaps)


@value("forecasting.moore_factor", inputs=["forecasting.alexnet_span_years"],
       params={"moore_years": MOORE_YEARS}, fmt="times:2")
def moore_factor(alexnet_span_years, moore_years):
    """What a two-year doubling (Moore's law) gives over the same span."""
    return trends.growth_factor(moore_years, alexnet_span_years)


claim("forecasting.claim_44x", of="forecasting.alexnet_gain",
      fmt="times:3", issue=ISSUE, summary=AIE,
      stated="44× less compute to reach AlexNet-level accuracy in 2019 than in 2012",
      target=44.0, compare="approx", rel_tol=0.02,
      how="AlexNet's over EfficientNet-b0's training compute in Table 3; within ±2%, the "
          "rounding of the printed compute values.")


claim("forecasting.claim_16_months", of="forecasting.alexnet_doubling_months",
      issue=ISSUE, summary=AIE, stated="efficiency doubled every 16 months",
      target=16.0, compare="approx", abs_tol=1.0,
      how="OLS of log₂(efficiency) on publication date over the six frontier models; within "
          "±1 month, since the paper rounds to whole months and an end-point estimate and a "
          "regression differ by about half a month.")


claim("forecasting.claim_moore_11x", of="forecasting.moore_factor",
      fmt="times:3", issue=ISSUE, summary=AIE,
      stated="Moore's law alone would have given 11× over the same period",
      target=11.0, compare="approx", rel_tol=0.05,
      how="2^(span / 2 years) over AlexNet → EfficientNet-b0; within ±5%.")


@table("forecasting.alexnet_frontier", inputs=[POINTS],
       title="The AlexNet-level efficiency frontier")
def alexnet_frontier(alexnet_frontier_points):
    """Frontier models with date, training compute and efficiency relative to AlexNet."""
    rows = [(m, d, c, e) for m, d, _t, c, e in alexnet_frontier_points.rows]
    return Table([Col("Model", align="left"), Col("Published", align="left"),
                  Col("Training compute", fmt="sig:3", unit="10¹⁵ FLOP"),
                  Col("Efficiency vs AlexNet", fmt="times:3")], rows)


@figure("forecasting.alexnet_trend", inputs=[POINTS, FIT], params={"moore_years": MOORE_YEARS},
        title="Compute to AlexNet-level accuracy, 2012–2019")
def alexnet_trend(alexnet_frontier_points, alexnet_fit, moore_years):
    """Efficiency of the frontier models against date, the OLS fit and its 95% band."""
    from recomputed.engine import plotting

    rows = alexnet_frontier_points.rows
    t = np.array([r[2] for r in rows])
    e = np.array([r[4] for r in rows])
    fit = doubling_fit(alexnet_fit)
    fig, ax = plotting.new_figure()
    grid = np.linspace(t.min(), t.max(), 50)
    tc = t - t.mean()
    from scipy import stats

    q = stats.t.ppf(0.975, fit.n - 2)
    s = fit.se_slope * np.sqrt(tc @ tc)  # residual standard deviation, in log2 units
    half = q * s * np.sqrt(1 / fit.n + (grid - t.mean()) ** 2 / (tc @ tc))
    centre = fit.intercept + fit.slope * grid
    ax.fill_between(grid, 2 ** (centre - half), 2 ** (centre + half), color=plotting.PALETTE[5],
                    alpha=0.3, label="95% band of the fitted mean")
    ax.plot(grid, 2**centre, color=plotting.PALETTE[0], label="log-linear fit")
    ax.plot(grid, 2 ** ((grid - t.min()) / moore_years), color=plotting.PALETTE[6], ls=":",
            label="Moore's law (2-year doubling)")
    ax.plot(t, e, "o", color=plotting.PALETTE[1], label="frontier model")
    for (m, *_), x, y in zip(rows, t, e, strict=True):
        ax.annotate(m, (x, y), textcoords="offset points", xytext=(4, -10), fontsize=7)
    plotting.log_axes(ax, x=False)
    ax.set_xlabel("publication date (year)")
    ax.set_ylabel("efficiency vs AlexNet (× less training compute)")
    ax.set_title("Training efficiency at AlexNet-level accuracy")
    ax.legend(fontsize=8, loc="upper left")
    return Plot(fig, data=Table([Col("Model", align="left"), Col("Year", fmt="fixed:3"),
                                 Col("Efficiency", fmt="sig:4")],
                                [(r[0], r[2], r[4]) for r in rows]),
                alt="Six frontier models on a log scale of efficiency against date, rising "
                    "from AlexNet to EfficientNet-b0 close to a straight line and well above "
                    "Moore's law.")


# --- Dorner (2021) ---------------------------------------------------------------------

def _samples(ds):
    rows = sorted(ds, key=lambda r: r["year"])
    return rows[0], rows[-1]


@value("forecasting.dorner_sample_ratio", inputs=[DS], fmt="times:3")
def dorner_sample_ratio(dorner_2021_sample_use):
    """Growth of samples per Atari game, 2015 to 2020."""
    a, b = _samples(dorner_2021_sample_use)
    return b["samples_per_game"] / a["samples_per_game"]


@value("forecasting.dorner_sample_doubling", inputs=[DS, "forecasting.dorner_sample_ratio"],
       fmt="fixed:1", unit="months")
def dorner_sample_doubling(dorner_2021_sample_use, dorner_sample_ratio):
    """Doubling time of samples used per game, from the two end points."""
    a, b = _samples(dorner_2021_sample_use)
    return 12 * trends.doubling_time_from_ratio(dorner_sample_ratio, b["year"] - a["year"])


claim("forecasting.claim_450x", of="forecasting.dorner_sample_ratio", issue=ISSUE, summary=DORNER,
      stated="samples per game used by the most ambitious Atari projects grew 450× since "
             "DQN (200 million to 90 billion)",
      target=450.0, compare="approx", rel_tol=0.01,
      how="Ratio of the two stated sample counts; within ±1%.")


claim("forecasting.claim_7_months", of="forecasting.dorner_sample_doubling",
      issue=ISSUE, summary=DORNER, stated="a doubling time of about 7 months",
      target=7.0, compare="approx", abs_tol=0.5,
      how="5 years · ln 2 / ln 450, with whole years since only years are given; within "
          "±0.5 month, the rounding to whole months.")


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
        title="Yearly improvement factors compared")
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

    ax.xaxis.set_major_formatter(plotting.tick_formatter("times:2"))
    ax.set_xticks([1, 1.5, 2, 3, 5, 8])
    ax.set_xlabel("improvement per year (×, log scale)")
    ax.set_title("How fast efficiency grows: yearly factors")
    return Plot(fig, data=Table([Col("Series", align="left"), Col("Per year, low", fmt="sig:4"),
                                 Col("Per year, high", fmt="sig:4")],
                                list(zip(names, lows, highs, strict=True))),
                alt="Horizontal bars of yearly improvement factors for Atari, state-based and "
                    "pixel-based control, beside ImageNet training efficiency and Moore's law; "
                    "pixel-based control has the fastest range and state-based control the "
                    "widest.")
