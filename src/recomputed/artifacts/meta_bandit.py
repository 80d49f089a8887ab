"""Meta-learning as Bayesian inference (AN #139): a two-armed Bernoulli bandit.

The Bayes-optimal value of a two-armed Bernoulli bandit (Ortega et al., arXiv 1905.03030),
by dynamic programming, against Thompson sampling and a greedy agent. The solve (about a
second) is one table, ``meta.bandit_solution``, that every bandit artifact reads; it has
a module of its own so that editing the coin-flip artifacts never solves it again.
"""

from __future__ import annotations

import numpy as np

from recomputed.engine.registry import Col, Plot, Table, figure, table, value
from recomputed.science import bayes

PRIOR = {"a1": 1, "b1": 1, "a2": 1, "b2": 1}  # the arms' Beta priors
BANDIT = {"horizon": 50, **PRIOR}
BANDIT_ROWS = (1, 2, 5, 10, 20, 50)


@table("meta.bandit_solution", params=BANDIT,
       title="Two-armed Bernoulli bandit: expected total reward for every horizon")
def bandit_solution(horizon, a1, b1, a2, b2):
    """The one exact solve (backward induction) that every bandit artifact reads: expected
    total reward from the prior of each agent, for horizons H = 1 … ``horizon``."""
    v = bayes.bandit_values(horizon, prior=(a1, b1, a2, b2))
    return Table([Col("H", fmt="int"), Col("Bayes-optimal", fmt="sig:6"),
                  Col("Thompson sampling", fmt="sig:6"), Col("Greedy", fmt="sig:6")],
                 zip(v.horizons, v.optimal, v.thompson, v.greedy, strict=True))


def _bandit(solution: Table) -> bayes.BanditValues:
    """The :class:`~recomputed.science.bayes.BanditValues` of ``meta.bandit_solution``."""
    return bayes.BanditValues(*(tuple(c) for c in zip(*solution.rows, strict=True)))


@table("meta.bandit_table", inputs=["meta.bandit_solution", "meta.bandit_told_per_pull"],
       title="Two-armed Bernoulli bandit: expected total reward from the prior")
def bandit_table(bandit_solution, bandit_told_per_pull):
    """Exact values by backward induction; 'told θ' is H·E[max(θ₁, θ₂)], an upper bound."""
    v = _bandit(bandit_solution)
    rows = [(h, v.optimal[h - 1], v.thompson[h - 1], v.greedy[h - 1], h * bandit_told_per_pull,
             v.optimal[h - 1] - v.thompson[h - 1]) for h in BANDIT_ROWS if h <= v.horizons[-1]]
    return Table([Col("Pulls H", fmt="int"), Col("Bayes-optimal", fmt="fixed:3"),
                  Col("Thompson sampling", fmt="fixed:3"), Col("Greedy", fmt="fixed:3"),
                  Col("Told θ (bound)", fmt="fixed:3"),
                  Col("Optimal − Thompson", fmt="fixed:3")], rows)


@figure("meta.bandit_plot", inputs=["meta.bandit_solution", "meta.bandit_told_per_pull"],
        params=PRIOR,
        title="The Bayes-optimal agent earns the most per pull at every horizon; greedy comes "
              "close, Thompson sampling trails")
def bandit_plot(bandit_solution, bandit_told_per_pull, a1, b1, a2, b2):
    from recomputed.engine import annotate, plotting

    v = _bandit(bandit_solution)
    hs = np.array(v.horizons)
    per = {k: np.array(getattr(v, k)) / hs for k in ("optimal", "thompson", "greedy")}
    fig, ax = plotting.new_figure(6.8, 4.0)
    ax.plot(hs, per["optimal"], lw=2.2, label="Bayes-optimal")
    ax.plot(hs, per["greedy"], lw=1.4, label="greedy")
    ax.plot(hs, per["thompson"], lw=1.4, label="Thompson sampling")
    random_arm = (a1 / (a1 + b1) + a2 / (a2 + b2)) / 2
    ax.axhline(bandit_told_per_pull, color="black", ls="--", lw=1,
               label=r"told $\theta$: $E[\max(\theta_1, \theta_2)]$")
    ax.axhline(random_arm, color="gray", ls=":", lw=1, label="random arm")
    annotate.end_labels(ax)
    # Each guide named on the side the curves leave empty: under the top line at the left
    # (above it ran into the title), over the bottom line at the right (under it, the axis).
    annotate.hline_label(ax, bandit_told_per_pull,
                         r"told $\theta$: $E[\max(\theta_1, \theta_2)]$", "black", below=True)
    annotate.hline_label(ax, random_arm, "random arm", "gray", side="right")
    ax.set_xlabel("horizon $H$ (pulls per episode)")
    ax.set_ylabel("expected reward per pull")
    prior = (f"Beta({a1}, {b1})" if (a1, b1) == (a2, b2)
             else f"Beta({a1}, {b1}) and Beta({a2}, {b2})")
    ax.set_title(f"Both arms' success rates drawn from {prior}")
    rows = list(zip(hs, per["optimal"], per["thompson"], per["greedy"], strict=True))
    return Plot(fig, data=Table([Col("H", fmt="int"), Col("optimal", fmt="sig:5"),
                                 Col("thompson", fmt="sig:5"), Col("greedy", fmt="sig:5")],
                                rows),
                alt=("Expected reward per pull against horizon: all three agents start at one "
                     "half for a single pull and climb towards the dashed line of an agent "
                     "told the arm probabilities; the Bayes-optimal curve is highest, greedy "
                     "is close below it, and Thompson sampling is lowest over these horizons."))


@value("meta.bandit_opt_per_pull", inputs=["meta.bandit_plot", "meta.bandit_horizon"],
       fmt="sig:3")
def bandit_opt_per_pull(bandit_plot, bandit_horizon):
    """Bayes-optimal expected reward per pull at the longest horizon.

    The last point of meta.bandit_plot's optimal curve."""
    return next(r[1] for r in bandit_plot.rows if r[0] == bandit_horizon)


@value("meta.bandit_horizon", params=BANDIT, fmt="int")
def bandit_horizon(horizon, a1, b1, a2, b2):
    """The longest horizon solved exactly."""
    return horizon


@value("meta.bandit_told_per_pull", params=PRIOR, fmt="sig:3")
def bandit_told_per_pull(a1, b1, a2, b2):
    """E[max(θ₁, θ₂)]: per-pull reward of an agent told the arm probabilities."""
    return bayes.expected_max_mean((a1, b1, a2, b2))


@value("meta.bandit_thompson_gap", inputs=["meta.bandit_table", "meta.bandit_horizon"],
       fmt="fixed:2")
def bandit_thompson_gap(bandit_table, bandit_horizon):
    """Reward per episode the Bayes-optimal agent gains over Thompson sampling (longest H).

    The last column of meta.bandit_table, in its row for the longest horizon."""
    return next(r[-1] for r in bandit_table.rows if r[0] == bandit_horizon)


@value("meta.bandit_greedy_gap", inputs=["meta.bandit_solution"], fmt="fixed:2")
def bandit_greedy_gap(bandit_solution):
    """Expected reward the Bayes-optimal agent gains over greedy at the longest horizon."""
    v = _bandit(bandit_solution)
    return v.optimal[-1] - v.greedy[-1]


@value("meta.bandit_states", params=BANDIT, fmt="int")
def bandit_states(horizon, a1, b1, a2, b2):
    """Posterior states (s₁, f₁, s₂, f₂) with at most H pulls: C(H + 4, 4)."""
    from math import comb

    return comb(horizon + 4, 4)
