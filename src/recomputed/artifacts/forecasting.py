"""Forecasting (AN #125): algorithmic efficiency (Hernandez & Brown 2020, summarized in
AN #99) as a doubling time; Dorner (2021) is in forecasting_dorner.py."""

from __future__ import annotations

import numpy as np

from recomputed.artifacts.forecasting_fits import (
    HB,
    POINTS,
    SENSITIVITY,
    bootstrap_interval,
    doubling_fit,
    sensitivity_row,
)
from recomputed.engine.estimates import Estimate, over_ranges
from recomputed.engine.registry import (
    Col,
    Plot,
    Table,
    claim,
    figure,
    table,
    value,
)
from recomputed.science import readings, trends

FIT = "forecasting.alexnet_fit"  # the OLS fit, once (forecasting_fits.py)
AIE_ISSUE = "AN #99"  # where AI and Efficiency was summarized; AN #125 cites it
AIE = "AI and Efficiency (Hernandez & Brown), as cited in AN #125"
# Numbers that shape results enter as params (module constants are not in the cache key).
IMAGES = 1.28e6  # ImageNet training images per epoch (Hernandez & Brown, Sec. 3)
MOORE_YEARS = 2.0  # the doubling time Hernandez & Brown take for Moore's law


def _gain(alexnet, efficientnet):
    return alexnet / efficientnet


@value("forecasting.alexnet_gain", inputs=["forecasting.alexnet_frontier", HB], fmt="times:2")
def alexnet_gain(alexnet_frontier, hernandez_brown_2020_table3):
    """AlexNet's training compute over EfficientNet-b0's, to the same accuracy (Table 3).

    The EfficientNet-b0 row of forecasting.alexnet_frontier, with the range the rounding
    of the two printed compute values (266.1 and 6.0) allows."""
    point = next(r[-1] for r in alexnet_frontier.rows if r[0] == "EfficientNet-b0")
    a, e = (hernandez_brown_2020_table3.one(model=m) for m in ("AlexNet", "EfficientNet-b0"))
    est = over_ranges(_gain, {"alexnet": a["compute_printed"],
                              "efficientnet": e["compute_printed"]},
                      {"alexnet": a.rounding("compute_printed"),
                       "efficientnet": e.rounding("compute_printed")},
                      "range allowed by the rounding of Table 3's printed compute")
    assert abs(est - point) <= 1e-9 * point  # the table's cell and this are one number
    return est


@value("forecasting.alexnet_span_years", inputs=[POINTS], fmt="fixed:1", unit="years")
def alexnet_span_years(alexnet_frontier_points):
    """Years from AlexNet to EfficientNet-b0."""
    rows = alexnet_frontier_points.rows
    return rows[-1][2] - rows[0][2]


@value("forecasting.alexnet_doubling_months",
       inputs=[FIT, SENSITIVITY, "forecasting.alexnet_doubling_low",
               "forecasting.alexnet_doubling_high"], fmt="fixed:1", unit="months")
def alexnet_doubling_months(alexnet_fit, alexnet_sensitivity, alexnet_doubling_low,
                            alexnet_doubling_high):
    """OLS doubling time of efficiency over the six frontier models, with the regression's
    95% t-interval (read from forecasting.alexnet_doubling_low/high, not refitted), widened
    if need be to cover the range the rounding of Table 3's printed compute allows (the
    90-epoch row of forecasting.alexnet_sensitivity)."""
    point = doubling_fit(alexnet_fit).doubling_months
    _, _, _, again, low, high = sensitivity_row(alexnet_sensitivity, 90, 0)
    assert abs(again - point) <= 1e-9 * point  # the same fit, computed in both tables
    return _with_t_interval(point, low, high, alexnet_doubling_low, alexnet_doubling_high)


def _with_t_interval(point, round_low, round_high, t_low, t_high):
    return Estimate(point, min(t_low, round_low), max(t_high, round_high),
                    "95% t-interval of the regression on six points (n − 2 degrees of "
                    "freedom), which also covers the range the rounding of Table 3's "
                    "printed compute allows")


def _sensitivity_value(name, epochs, shift, doc):
    """Register ``name``: the doubling time of one row of forecasting.alexnet_sensitivity."""

    @value(name, inputs=[SENSITIVITY], fmt="fixed:1", unit="months")
    def read(alexnet_sensitivity):
        row = sensitivity_row(alexnet_sensitivity, epochs, shift)
        return Estimate(row[3], row[4], row[5], "range allowed by the rounding of Table "
                        "3's printed compute")

    read.__doc__ = doc
    read.__qualname__ = name.rsplit(".", 1)[-1]


_sensitivity_value("forecasting.alexnet62_doubling_months", 62, 0,
                   "Doubling time with the 62-epoch AlexNet of footnote 2 as the baseline.")
_sensitivity_value("forecasting.alexnet_doubling_early", 90, -6,
                   "Doubling time with AlexNet dated six months earlier.")
_sensitivity_value("forecasting.alexnet_doubling_late", 90, 6,
                   "Doubling time with AlexNet dated six months later.")


@value("forecasting.alexnet62_gain", inputs=[HB, "hernandez_brown_2020_constants"],
       fmt="times:2")
def alexnet62_gain(hernandez_brown_2020_table3, hernandez_brown_2020_constants):
    """The gain to EfficientNet-b0 if AlexNet had stopped at 62 of its 90 epochs
    (footnote 2): 62/90 of AlexNet's printed compute over EfficientNet-b0's, with the
    range the rounding of the two printed values allows."""
    a, e = (hernandez_brown_2020_table3.one(model=m) for m in ("AlexNet", "EfficientNet-b0"))
    k = hernandez_brown_2020_constants.one(name="alexnet_short_epochs")["value"] / a["epochs"]
    return over_ranges(_gain, {"alexnet": k * a["compute_printed"],
                               "efficientnet": e["compute_printed"]},
                       {"alexnet": tuple(k * x for x in a.rounding("compute_printed")),
                        "efficientnet": e.rounding("compute_printed")},
                       "range allowed by the rounding of Table 3's printed compute")


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
      fmt="times:3", issue=AIE_ISSUE, summary=AIE,
      stated="44× less compute to reach AlexNet-level accuracy in 2019 than in 2012",
      target="44", expect="inconclusive",
      how="AlexNet's over EfficientNet-b0's training compute in Table 3. At face value the "
          "table reproduces the 44, but EfficientNet-b0's compute is printed with only two "
          "digits, and their rounding alone moves the ratio past what rounds to 44: the "
          "table cannot confirm the second digit of the paper's number.")


claim("forecasting.claim_16_months", of="forecasting.alexnet_doubling_months",
      issue=AIE_ISSUE, summary=AIE, stated="efficiency doubled every 16 months",
      target="16", expect="inconclusive",
      how="OLS of log₂(efficiency) on publication date over the six frontier models. The "
          "point estimate reproduces the paper's arithmetic (it rounds to 16), but six "
          "points leave a 95% interval far wider than what rounds to 16, so the data "
          "cannot confirm the trend to the month.")


claim("forecasting.claim_moore_11x", of="forecasting.moore_factor",
      fmt="times:3", issue=AIE_ISSUE, summary=AIE,
      stated="Moore's law alone would have given 11× over the same period",
      target="11",
      exact="2^(span / 2 years), with the two publication dates given to the day and "
            "Moore's law taken as a two-year doubling, as the paper does",
      how="2^(span / 2 years) over AlexNet → EfficientNet-b0.")


claim("forecasting.claim_62_epochs_30x", of="forecasting.alexnet62_gain",
      issue=AIE_ISSUE, summary=AIE,
      stated="had AlexNet been stopped after 62 of its 90 epochs, the gain would be 30× "
             "rather than 44× (paper, footnote 2)",
      target="30", within=readings.one_significant_figure(30),
      reading="a round '30×' set beside '44×' has one significant figure: 25× to 35×",
      how="62/90 of AlexNet's printed compute over EfficientNet-b0's (Table 3). Read to two "
          "digits the ratio would not round to 30, so the footnote's 30 is a round figure.")


@table("forecasting.alexnet_frontier", inputs=[POINTS],
       title="The AlexNet-level efficiency frontier")
def alexnet_frontier(alexnet_frontier_points):
    """Frontier models with date, training compute and efficiency relative to AlexNet."""
    rows = [(m, d, c, e) for m, d, _t, c, e in alexnet_frontier_points.rows]
    return Table([Col("Model", align="left"), Col("Published", align="left"),
                  # one decimal, as Table 3 prints every compute (266.1, 6.0)
                  Col("Training compute", fmt="fixed:1", unit="10¹⁵ FLOP"),
                  Col("Efficiency vs AlexNet", fmt="times:3")], rows)


# Model labels that would run into a neighbour's, or into "Moore's law", go on the left.
LABEL_PLACES = {"ShuffleNet_v1_1x": {"xytext": (-5, 3), "ha": "right"},
                "MobileNet_v1": {"xytext": (-5, -10), "ha": "right"}}


@figure("forecasting.alexnet_trend", inputs=[POINTS, FIT], params={"moore_years": MOORE_YEARS},
        title="The compute needed to reach AlexNet-level accuracy fell faster than Moore's "
              "law")
def alexnet_trend(alexnet_frontier_points, alexnet_fit, moore_years):
    """Efficiency of the frontier models against date, the OLS fit and its 95% band."""
    from recomputed.engine import annotate, plotting

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
    ax.plot(grid, 2**centre, color=plotting.PALETTE[0], label="log-linear fit, 95% band")
    ax.plot(grid, 2 ** ((grid - t.min()) / moore_years), color=plotting.PALETTE[6], ls=":",
            label="Moore's law")
    ax.plot(t, e, "o", color=plotting.PALETTE[1], label="frontier model")
    for (m, *_), x, y in zip(rows, t, e, strict=True):
        ax.annotate(m, (x, y), textcoords="offset points", fontsize=7,
                    **LABEL_PLACES.get(m, {"xytext": (4, -10)}))
    plotting.log_axes(ax, x=False)
    # The fit ends on the last model's point: name it in the empty top left instead, in
    # its colour (near the line, the name ran into the models' labels on a phone).
    ax.text(0.03, 0.97, "log-linear fit, 95% band", transform=ax.transAxes, ha="left",
            va="top", color=plotting.PALETTE[0])
    annotate.end_labels(ax, ax.get_lines()[1:2])  # Moore's law; the points are named one by one
    ax.set_xlabel("publication date (year)")
    ax.set_ylabel("efficiency vs AlexNet (× less training compute)")
    ax.set_title("Efficiency rose along a straight line on a log scale")
    return Plot(fig, data=Table([Col("Model", align="left"), Col("Year", fmt="fixed:3"),
                                 Col("Efficiency", fmt="sig:4")],
                                [(r[0], r[2], r[4]) for r in rows]),
                alt="Six frontier models on a log scale of efficiency against date, rising "
                    "from AlexNet to EfficientNet-b0 close to a straight line and well above "
                    "Moore's law.")
