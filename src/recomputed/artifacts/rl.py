"""Reinforcement-learning summaries (AN #125, AN #140, GPT-3 issue): small exact checks."""

from __future__ import annotations

import numpy as np

from recomputed.engine import numbers
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
from recomputed.science import occupancy, proportions

SF = "Fast reinforcement learning through the composition of behaviours"
GAMMA_MODELS = "γ-Models: Generative Temporal Difference Learning for Infinite-Horizon Prediction"
MOBA = "Mastering Complex Control in MOBA Games with Deep Reinforcement Learning"
SUPHX = "Suphx: Mastering Mahjong with Deep Reinforcement Learning"
C = ["ye_2020_moba_constants"]
# Small random MDPs: big enough for GPI to have something to combine, small enough to
# solve exactly in milliseconds.
MDP_PARAMS = {"seed": 20201118, "trials": 200, "n_states": 8, "n_actions": 3,
              "n_features": 4, "n_policies": 3, "gamma": 0.9}
GAMMA_PARAMS = {"seed": 20201029, "n_states": 10, "gamma": 0.95}


def _c(ds, name):
    return ds.one(name=name)["value"]


# -- MOBA: 4 losses in 2,100 matches ------------------------------------------------------


@table("rl.moba_interval", inputs=C, title="MOBA win rate with its exact 95% interval")
def moba_interval(ye_2020_moba_constants):
    """Wins and matches from the newsletter's 4 losses in 2,100 public matches, with the
    Clopper-Pearson estimate and 95% interval of the win rate (computed once, for the three
    values below)."""
    ds = ye_2020_moba_constants
    n = int(_c(ds, "moba_matches"))
    wins = n - int(_c(ds, "moba_losses"))
    ci = proportions.clopper_pearson(wins, n)
    return Table([Col("Wins", fmt="int"), Col("Matches", fmt="int"),
                  Col("Win rate", fmt="pct:2"), Col("95% low", fmt="pct:2"),
                  Col("95% high", fmt="pct:2")], [(wins, n, ci.estimate, ci.low, ci.high)])


@value("rl.moba_win_rate", inputs=["rl.moba_interval"], fmt="pct:2")
def moba_win_rate(moba_interval):
    """Win rate from the newsletter's 4 losses in 2,100 public matches."""
    return moba_interval.rows[0][2]


@value("rl.moba_win_rate_low", inputs=["rl.moba_interval"], fmt="pct:2")
def moba_win_rate_low(moba_interval):
    """Lower end of the exact 95% interval for that win rate."""
    return moba_interval.rows[0][3]


@value("rl.moba_win_rate_high", inputs=["rl.moba_interval"], fmt="pct:2")
def moba_win_rate_high(moba_interval):
    """Upper end of the exact 95% interval for that win rate."""
    return moba_interval.rows[0][4]


@value("rl.moba_losses", inputs=C, fmt="int")
def moba_losses(ye_2020_moba_constants):
    """Matches the agent lost in the public event, as the newsletter states it."""
    return _c(ye_2020_moba_constants, "moba_losses")


@value("rl.moba_matches", inputs=C, fmt="int")
def moba_matches(ye_2020_moba_constants):
    """Public one-on-one matches the agent played (Ye et al. 2020, Sec. 4)."""
    return _c(ye_2020_moba_constants, "moba_matches")


@value("rl.moba_printed_win_rate", inputs=C, fmt="pct:2")
def moba_printed_win_rate(ye_2020_moba_constants):
    """The win rate over those matches as the paper prints it (99.81%), as a fraction."""
    return _c(ye_2020_moba_constants, "moba_win_rate_percent") / 100


@value("rl.moba_implied_losses", inputs=C, fmt="sig:3", unit="losses")
def moba_implied_losses(ye_2020_moba_constants):
    """Losses implied by the paper's printed win rate over the 2,100 public matches, with
    the range the rounding of the printed 99.81% allows (the match count is a count)."""
    ds = ye_2020_moba_constants
    n, rate = _c(ds, "moba_matches"), ds.one(name="moba_win_rate_percent")
    lo, hi = rate.rounding("value")
    return Estimate(n * (1 - rate["value"] / 100), n * (1 - hi / 100), n * (1 - lo / 100),
                    "range allowed by the rounding of the printed win rate")


claim("rl.claim_moba_4_losses", of="rl.moba_implied_losses", issue="AN #102",
      summary=MOBA,
      stated="the agent lost only 4 of 2,100 matches against the public",
      target="4",
      how="Losses implied by the paper's 99.81% win rate over 2,100 matches: "
          "2,100 × (1 − 0.9981).")


# -- successor features and GPI -----------------------------------------------------------


def _trials(seed, trials, n_states, n_actions, n_features, n_policies, gamma):
    """Per random MDP: the SF identity error and GPI's margin over the best old policy."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(trials):
        mdp = occupancy.random_mdp(rng, n_states, n_actions, n_features, gamma)
        ws = rng.standard_normal((n_policies, n_features))
        pis = [occupancy.optimal_policy(mdp, w) for w in ws]
        psis = [occupancy.successor_features(mdp, p) for p in pis]
        w_new = rng.standard_normal(n_features)
        q_old = [occupancy.q_values(mdp, p, w_new) for p in pis]
        sf_err = max(float(np.max(np.abs(psi @ w_new - q))) for psi, q in zip(psis, q_old,
                                                                              strict=True))
        q_gpi = occupancy.q_values(mdp, occupancy.gpi_policy(psis, w_new), w_new)
        q_opt = occupancy.q_values(mdp, occupancy.optimal_policy(mdp, w_new), w_new)
        best_old = np.max(np.stack(q_old), axis=0)
        out.append((sf_err, float(np.min(q_gpi - best_old)),
                    float(np.mean(q_gpi > best_old + 1e-9)),
                    float(np.mean(q_opt - q_gpi)), float(np.mean(q_opt - best_old))))
    return np.array(out)


SF_ERROR = "Largest |ψ·w − Q| over all MDPs and state-actions"
GPI_MARGIN = "Smallest Q_GPI − max_i Q_i over all MDPs and state-actions"


@table("rl.gpi_trials", params=MDP_PARAMS,
       title="Successor features and GPI on random MDPs, exactly solved")
def gpi_trials(seed, trials, n_states, n_actions, n_features, n_policies, gamma):
    """Summary over random MDPs: SF identity error, GPI margin, gap to the optimum."""
    t = _trials(seed, trials, n_states, n_actions, n_features, n_policies, gamma)
    rows = [
        (SF_ERROR, float(t[:, 0].max())),
        (GPI_MARGIN, float(t[:, 1].min())),
        ("Share of state-actions where GPI is strictly better", float(t[:, 2].mean())),
        ("Mean gap to the optimal Q, best old policy", float(t[:, 4].mean())),
        ("Mean gap to the optimal Q, GPI policy", float(t[:, 3].mean())),
    ]
    return Table([Col("Quantity", align="left"), Col("Value", fmt="auto:3")], rows)


@table("rl.mdp_setup", params=MDP_PARAMS, title="The random MDPs behind the checks")
def mdp_setup(seed, trials, n_states, n_actions, n_features, n_policies, gamma):
    """Sizes of the random MDPs, so the prose never restates them by hand."""
    return Table([Col("Setting", align="left"), Col("Value", fmt="auto:3")], [
        ("Random MDPs", trials), ("States", n_states), ("Actions", n_actions),
        ("Reward features", n_features), ("Old policies combined by GPI", n_policies),
        ("Discount γ", gamma), ("Random seed", str(seed))])


@value("rl.mdp_trials", params=MDP_PARAMS, fmt="int")
def mdp_trials(seed, trials, n_states, n_actions, n_features, n_policies, gamma):
    """Number of random MDPs in the successor-feature checks."""
    return trials


@value("rl.gamma_chain_states", params=GAMMA_PARAMS, fmt="int")
def gamma_chain_states(seed, n_states, gamma):
    """States of the random chain in the γ-model check."""
    return n_states


@value("rl.gamma_chain_gamma", params=GAMMA_PARAMS, fmt="sig:2")
def gamma_chain_gamma(seed, n_states, gamma):
    """Discount of the γ-model check."""
    return gamma


def _gpi_row(gpi_trials, quantity):
    return next(value for label, value in gpi_trials.rows if label == quantity)


@value("rl.sf_identity_max_error", inputs=["rl.gpi_trials"], fmt="sci:1")
def sf_identity_max_error(gpi_trials):
    """Largest |ψ·w − Q| over the random MDPs and their state-actions (from rl.gpi_trials)."""
    return _gpi_row(gpi_trials, SF_ERROR)


@value("rl.gpi_min_margin", inputs=["rl.gpi_trials"], fmt="sci:1")
def gpi_min_margin(gpi_trials):
    """Smallest Q_GPI − max_i Q_i over the random MDPs and their state-actions (from
    rl.gpi_trials)."""
    return _gpi_row(gpi_trials, GPI_MARGIN)


claim("rl.claim_sf_value_identity", of="rl.sf_identity_max_error", issue="AN #125",
      summary=SF,
      stated="with reward w·φ, a policy's value is w·ψ, its successor features dotted with w",
      target="1e-9", compare="<",
      exact="a residual of exact linear solves: only floating-point error remains",
      how="Largest |ψ·w − Q| over random MDPs, with ψ and Q each solved exactly by their "
          "own Bellman equations; an identity holds if the residual is below 10⁻⁹, which "
          "only floating-point error can reach.")
claim("rl.claim_gpi_no_worse", of="rl.gpi_min_margin", issue="AN #125",
      summary=SF,
      stated="the stitched (GPI) policy does at least as well as every old policy on the "
             "new reward",
      target="-1e-9", compare=">=",
      exact="a margin between exactly solved value functions: only floating-point error",
      how="Smallest Q_GPI(s, a) − max_i Q_i(s, a) over random MDPs and state-actions; "
          "must be non-negative up to 10⁻⁹ of floating-point error.")


# -- gamma-models -------------------------------------------------------------------------

@value("rl.gamma_model_reward_error", params=GAMMA_PARAMS, fmt="sci:1")
def gamma_model_reward_error(seed, n_states, gamma):
    """Largest |μ·r − (1 − γ) V| on a random chain: the γ-model's occupancy, reached by
    iterating the bootstrap target, against the value summed over 2,000 steps."""
    rng = np.random.default_rng(seed)
    P = rng.dirichlet(np.ones(n_states), size=n_states)
    r = rng.standard_normal(n_states)
    mu = occupancy.bootstrap_occupancy(P, gamma)
    v = occupancy.rollout_value(P, r, gamma, horizon=2000)
    return float(np.max(np.abs(mu @ r - (1 - gamma) * v)))


claim("rl.claim_gamma_model_reward", of="rl.gamma_model_reward_error", issue="AN #125",
      summary=GAMMA_MODELS,
      stated="the expected reward under the γ-model's state distribution is (1 − γ) "
             "times the value",
      target="1e-9", compare="<",
      exact="a residual between an iterated fixed point and a 2,000-step sum: "
            "floating-point and truncation error only",
      how="On a random chain: the occupancy reached by iterating the bootstrap "
          "target (the way a γ-model is trained), applied to a random reward, against "
          "(1 − γ) times the value summed step by step over 2,000 steps (truncation "
          "error γ²⁰⁰⁰, negligible). Largest absolute difference.")


@table("rl.gamma_horizons", params={"gammas": (0.5, 0.9, 0.95, 0.99)},
       title="Mean horizon of a γ-model for each γ drawn")
def gamma_horizons(gammas):
    """Mean number of steps ahead, 1 / (1 − γ), of a γ-model's sampled state."""
    return Table([Col("γ", fmt="fixed:2"), Col("Mean horizon", fmt="sig:3", unit="steps")],
                 [(g, occupancy.geometric_horizon(g)) for g in gammas])


@value("rl.gamma_horizon_099", inputs=["rl.gamma_horizons"], fmt="sig:3", unit="steps",
       params={"gamma": 0.99})
def gamma_horizon_099(gamma_horizons, gamma):
    """Mean horizon 1 / (1 − γ) of a γ-model with γ = 0.99."""
    return next(h for g, h in gamma_horizons.rows if g == gamma)


@figure("rl.gamma_horizon", inputs=["rl.gamma_horizons"], params={"max_steps": 300},
        title="A γ-model looks on average 1/(1 − γ) steps ahead, with a long geometric tail")
def gamma_horizon(gamma_horizons, max_steps):
    """Probability that a γ-model's sample lies k steps ahead: (1 − γ) γ^(k − 1)."""
    from recomputed.engine import plotting

    fig, ax = plotting.new_figure(7.0, 4.0)
    k = np.arange(1, max_steps + 1)
    rows, lines = [], []
    for g, horizon in gamma_horizons.rows:
        p = (1 - g) * g ** (k - 1)
        mean = numbers.format_number(horizon, "int")
        line, = ax.plot(k, p, label=f"$\\gamma$ = {g}: mean {mean} steps")
        lines.append(line)
        ax.axvline(horizon, color=line.get_color(), linestyle=":", linewidth=1)
        rows += [(g, int(kk), float(pp)) for kk, pp in zip(k, p, strict=True)]
    plotting.log_axes(ax)
    ax.set_ylim(1e-6, 1)
    # The tails cross near the bottom; the heads do not: name each line left of where it
    # starts, in room the axis keeps for that (above its start, a line ran through it).
    ax.set_xlim(0.2, max_steps * 1.3)
    for line, (g, _h) in zip(lines, gamma_horizons.rows, strict=True):
        ax.annotate(f"$\\gamma$ = {g}", (k[0], line.get_ydata()[0]), xytext=(-4, 0),
                    textcoords="offset points", ha="right", va="center",
                    color=line.get_color())
    ax.set_title(r"Larger $\gamma$ looks further ahead; dotted: mean $1/(1 - \gamma)$ steps")
    ax.set_xlabel("steps ahead, $k$")
    ax.set_ylabel("probability")
    data = Table([Col("γ", fmt="fixed:2"), Col("k", fmt="int"),
                  Col("P(k)", fmt="sci:3")], rows)
    return Plot(fig, data=data, alt=(
        "Log-log plot of the geometric distribution of how many steps ahead a γ-model's "
        "sampled state lies, for γ of 0.5, 0.9, 0.95 and 0.99; dotted lines mark the means "
        "2, 10, 20 and 100 steps."))


# -- numbers that cannot be checked here --------------------------------------------------


claim_suphx = unchecked_claim(
    "rl.claim_suphx_99_99", issue="AN #102", summary=SUPHX,
    stated="Suphx is stronger than 99.99% of human players", target=0.9999,
    why="A percentile of Tenhou's ranked players; needs the platform's rank distribution, "
    "which is not published with the paper.")
claim_suphx_models = unchecked_claim(
    "rl.claim_suphx_five_models", issue="AN #102", summary=SUPHX,
    stated="Suphx has five learned action models, one for each kind of decision in "
           "Mahjong, plus a rule-based check for declaring a win", target=5,
    why="A description of the system's design, not a measured or derived number; the "
        "paper's own text, where the models are listed, was not available to us to "
        "count them.", unit="models")
claim_moba_hours = unchecked_claim(
    "rl.claim_moba_100_hours", issue="AN #102", summary=MOBA,
    stated="training took only about 100 hours", target=100,
    why="Wall-clock time on the authors' cluster; no compute budget is given to relate it to.",
    unit="hours")
