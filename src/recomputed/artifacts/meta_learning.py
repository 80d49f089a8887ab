"""Meta-learning as Bayesian inference (AN #139): coin-flip predictors.

Ortega et al. (arXiv 1905.03030) and Mikulik et al. (arXiv 2010.11223) compare
meta-trained networks with Bayes-optimal solutions that can be computed exactly.
We compute those solutions: here the posterior predictive of a coin whose bias is
drawn from a prior; the two-armed bandit is in :mod:`recomputed.artifacts.meta_bandit`.

The newsletter illustrates the coin example with a prior "centred at 0.5"
(a Normal) and one with most mass near 0 and 1; it gives no parameters, so the
priors below are our choices, stated as parameters and shown on the page.
"""

from __future__ import annotations

import numpy as np

from recomputed.engine import numbers
from recomputed.engine.registry import Col, Plot, Table, figure, table, unchecked_claim, value
from recomputed.science import bayes

# A Normal prior centred on a fair coin, cut to [0, 1]; and a U-shaped Beta prior.
CONCENTRATED = {"mean": 0.5, "sd": 0.15}
BIMODAL = {"a": 0.1}
# "Near 0 and 1" for the bimodal prior's mass: θ below 0.1 or above 0.9.
EDGE = 0.1
# --- Coin flips ---------------------------------------------------------------------------------

@value("meta.concentrated_sd", params=CONCENTRATED, fmt="sig:2")
def concentrated_sd(mean, sd):
    """Standard deviation of the Normal prior centred on 1/2 (before cutting to [0, 1])."""
    return float(sd)


@value("meta.bimodal_a", params=BIMODAL, fmt="sig:2")
def bimodal_a(a):
    """Both parameters of the U-shaped Beta(a, a) prior."""
    return float(a)


@value("meta.bimodal_edge_mass", params={**BIMODAL, "edge": EDGE}, fmt="pct:0")
def bimodal_edge_mass(a, edge):
    """Prior mass of Beta(a, a) within ``edge`` of 0 or 1."""
    return bayes.beta_mass_outside(a, a, edge, 1.0 - edge)


def _one_head(coin_predictions, prior: str) -> float:
    """The 'After one head' cell of meta.coin_predictions for the prior whose name starts
    with ``prior``."""
    i = [c.header for c in coin_predictions.columns].index("After one head")
    return next(r[i] for r in coin_predictions.rows if r[0].startswith(prior))


@value("meta.concentrated_one_head", inputs=["meta.coin_predictions"], fmt="pct:1")
def concentrated_one_head(coin_predictions):
    """P(heads) after one head under the Normal prior cut to [0, 1] (quadrature).

    The Normal prior's cell of meta.coin_predictions."""
    return _one_head(coin_predictions, "Normal(")


@value("meta.bimodal_one_head", inputs=["meta.coin_predictions"], fmt="pct:1")
def bimodal_one_head(coin_predictions):
    """P(heads) after one head under Beta(a, a): (a + 1)/(2a + 1).

    The U-shaped prior's cell of meta.coin_predictions."""
    return _one_head(coin_predictions, "U-shaped")


# Rohin Shah's 55-45 and 90-10 illustrate how far one observation might move a
# prediction under two kinds of prior; they are not measurements. Any such number is
# reached by some prior, so a check that picks the prior cannot fail: the page shows what
# our two priors give (meta.concentrated_one_head, meta.bimodal_one_head) as values.
ILLUSTRATION = ("an illustration of how far one head might move the prediction, not an "
                "empirical claim: the newsletter gives no prior, and a prior can be chosen "
                "to give any odds, so no data or computation can check it")
unchecked_claim("meta.claim_55_45",
                issue="AN #139", summary="Meta-learning of Sequential Strategies",
                stated=("with the coin's bias drawn from a Normal centred at 0.5, one head "
                        "moves the prediction only slightly, to something like 55-45"),
                target="0.55", why=ILLUSTRATION,
                how="The page shows what one centred prior of our choosing gives.")
unchecked_claim("meta.claim_90_10",
                issue="AN #139", summary="Meta-learning of Sequential Strategies",
                stated=("with most of the prior mass near 0 and 1, one head moves the "
                        "prediction strongly, to e.g. 90-10"),
                target="0.9", why=ILLUSTRATION,
                how="The page shows what one U-shaped prior of our choosing gives.")


@value("meta.beta_a_for_55", fmt="sig:3")
def beta_a_for_55():
    """The a of the Beta(a, a) prior whose prediction after one head is exactly 0.55."""
    return bayes.symmetric_beta_for_one_head(0.55)


@value("meta.beta_a_for_90", fmt="sig:3")
def beta_a_for_90():
    """The a of the Beta(a, a) prior whose prediction after one head is exactly 0.9."""
    return bayes.symmetric_beta_for_one_head(0.9)


@value("meta.normal_sd_for_55", params={"mean": 0.5}, fmt="sig:3")
def normal_sd_for_55(mean):
    """Standard deviation of the Normal prior (cut to [0, 1]) whose one-head prediction is 0.55."""
    from scipy import optimize

    return float(optimize.brentq(
        lambda sd: bayes.symmetric_one_head(bayes.truncated_normal_variance(mean, sd)) - 0.55,
        0.01, 1.0, xtol=1e-12))


@value("meta.sd_for_55", fmt="sig:3")
def sd_for_55():
    """Prior standard deviation that any symmetric prior needs for 55-45: √((0.55 − 1/2)/2)."""
    return float(np.sqrt((0.55 - 0.5) / 2.0))


@value("meta.sd_for_90", fmt="sig:3")
def sd_for_90():
    """Prior standard deviation that any symmetric prior needs for 90-10: √((0.9 − 1/2)/2)."""
    return float(np.sqrt((0.9 - 0.5) / 2.0))


def _priors(mean, sd, a):
    return (
        (f"Normal({mean}, {sd}²) cut to [0, 1]", bayes.truncated_normal_pdf(mean, sd),
         bayes.truncated_normal_variance(mean, sd)),
        ("uniform, Beta(1, 1)", lambda t: np.ones_like(t), bayes.beta_variance(1.0, 1.0)),
        (f"U-shaped, Beta({a}, {a})", None, bayes.beta_variance(a, a)),
    )


def _prior_predictive(pdf, a, heads, flips):
    if pdf is None:
        return bayes.beta_predictive(a, a, heads, flips)
    return bayes.predictive(pdf, heads, flips)


FLIPS = 10  # flips in meta.coin_plot's right panel; the table shows its point at 5 heads


@table("meta.coin_predictions", inputs=["meta.coin_plot"], params={**CONCENTRATED, **BIMODAL},
       title="Probability of heads on the next flip, under three priors")
def coin_predictions(coin_plot, mean, sd, a):
    """Posterior predictives; for a symmetric prior the one-head column equals 1/2 + 2 Var."""
    # The last column is the figure's point at 5 heads in FLIPS flips, one per prior.
    headers = [c.header for c in coin_plot.columns]
    in_ten = dict(zip(headers, next(r for r in coin_plot.rows if r[0] == 5), strict=True))
    rows = []
    for name, pdf, var in _priors(mean, sd, a):
        rows.append((name, float(np.sqrt(var)),
                     _prior_predictive(pdf, a, 0, 0), _prior_predictive(pdf, a, 1, 1),
                     _prior_predictive(pdf, a, 0, 1), _prior_predictive(pdf, a, 5, 5),
                     in_ten[name]))
    return Table([Col("Prior on the bias θ", align="left"), Col("Prior sd", fmt="fixed:3"),
                  Col("Before any flip", fmt="pct:1"), Col("After one head", fmt="pct:1"),
                  Col("After one tail", fmt="pct:1"), Col("After 5 heads in 5", fmt="pct:1"),
                  Col(f"After 5 heads in {FLIPS}", fmt="pct:1")], rows)


@figure("meta.coin_plot", inputs=["meta.beta_a_for_55", "meta.beta_a_for_90"],
        params={**CONCENTRATED, **BIMODAL, "flips": FLIPS},
        title="Bayes-optimal coin prediction depends on the prior")
def coin_plot(beta_a_for_55, beta_a_for_90, mean, sd, a, flips):
    from recomputed.engine import annotate, plotting

    fig, (left, right) = plotting.new_figure(9.0, 3.8, ncols=2)
    conc = np.geomspace(0.01, 100.0, 161)
    one_head = np.array([bayes.beta_predictive(c, c, 1, 1) for c in conc])
    left.plot(conc, one_head, color=plotting.PALETTE[0], lw=2, label="Beta(a, a) prior")
    plotting.log_axes(left, y=False)
    for target, style, at, ink in ((0.55, ":", beta_a_for_55, "gray"),
                                   (0.9, "--", beta_a_for_90, plotting.PALETTE[6])):
        name = f"newsletter's {numbers.format_number(target, 'pct:0')}"
        left.axhline(target, color=ink, ls=style, lw=1, label=name)
        annotate.hline_label(left, target, name, ink, side="right")
        left.plot([at], [target], "o", color="black", ms=4)
    annotate.end_labels(left, left.get_lines()[:1], ["Beta($a$, $a$) prior"])
    left.set_xlabel("prior parameter $a$ (small: mass near 0 and 1)")
    left.set_ylabel("P(heads next | one head)")
    left.set_title("After a single head")

    heads = np.arange(flips + 1)
    columns = []
    for i, (name, pdf, _var) in enumerate(_priors(mean, sd, a)):
        pred = np.array([_prior_predictive(pdf, a, int(h), flips) for h in heads])
        columns.append(pred)
        right.plot(heads, pred, marker="o", ms=3, color=plotting.PALETTE[i], label=name)
    right.plot(heads, heads / flips, color="gray", lw=0.8, ls=":", label="heads / flips")
    # Each prior by its short name (its parameters are in the text beside the figure).
    short = [name.split(",")[0].split("(")[0] for name, _pdf, _var in _priors(mean, sd, a)]
    annotate.end_labels(right, texts=[*short, "heads / flips"])
    right.set_xlabel(f"heads seen in {flips} flips")
    right.set_ylabel("P(heads on the next flip)")
    right.set_title(f"After {flips} flips")
    rows = list(zip(heads, *columns, strict=True))
    names = [p[0] for p in _priors(mean, sd, a)]
    return Plot(fig, data=Table([Col("heads", fmt="int")] + [Col(n, fmt="sig:4") for n in names],
                                rows),
                alt=("Left: the prediction after one head rises from one half to one as the "
                     "Beta(a, a) prior goes from concentrated (large a) to U-shaped (small a), "
                     "with the newsletter's 55 and 90 per cent marked. Right: after ten flips "
                     "the predictions rise with the number of heads; the concentrated prior "
                     "keeps them closest to one half, the uniform prior less so, and the "
                     "U-shaped prior follows the observed frequency almost exactly."))
