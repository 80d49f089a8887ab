"""GPT-3 (the GPT-3 issue): few-shot arithmetic against model size, and training compute."""

from __future__ import annotations

import numpy as np

from recomputed.engine.registry import Col, Plot, Table, figure, table, value
from recomputed.science import fewshot

ISSUE = "AN #102"
SUMMARY = "Language Models are Few-Shot Learners"
TASKS = ("2D+", "2D-", "3D+", "3D-", "4D+", "4D-", "5D+", "5D-", "2Dx", "1DC")
TASK_NAMES = {
    "2D+": "2-digit addition", "2D-": "2-digit subtraction",
    "3D+": "3-digit addition", "3D-": "3-digit subtraction",
    "4D+": "4-digit addition", "4D-": "4-digit subtraction",
    "5D+": "5-digit addition", "5D-": "5-digit subtraction",
    "2Dx": "2-digit multiplication", "1DC": "1-digit composite",
}
SETTINGS = ("zero-shot", "one-shot", "few-shot")
ARITH = ["brown_2020_arithmetic", "brown_2020_model_sizes"]
CONSTANTS = "brown_2020_constants"


def _models(sizes):
    """Model names and Table 2.1 sizes, smallest first."""
    rows = sorted(sizes, key=lambda r: r["n_params"])
    return [r["model"] for r in rows], np.array([r["n_params"] for r in rows])


def _sweep(arith, sizes, task, setting):
    """Accuracy (%) of every model on one task and setting, smallest model first."""
    names, _ = _models(sizes)
    return np.array([arith.one(task=task, setting=setting, model=m)["accuracy_percent"]
                     for m in names])


def _acc(arith, task, setting, model):
    return arith.one(task=task, setting=setting, model=model)["accuracy_percent"]


# -- figures and tables -------------------------------------------------------------------


@figure("fewshot.arithmetic_by_size", inputs=ARITH,
        title="GPT-3's two-digit arithmetic jumps between 6.7B and 13B (shaded); harder "
              "tasks climb later, towards 175B")
def arithmetic_by_size(brown_2020_arithmetic, brown_2020_model_sizes):
    """Ten small multiples, one per task: accuracy against parameters in three settings;
    the step from 6.7B to 13B parameters, where two-digit accuracy jumps, is shaded."""
    from recomputed.engine import annotate, plotting

    names, n = _models(brown_2020_model_sizes)
    i67, i13 = (names.index(f"GPT-3 {m}") for m in ("6.7B", "13B"))
    step = "→".join(names[i].removeprefix("GPT-3 ") for i in (i67, i13))
    fig, axes = plotting.new_figure(11.0, 5.2, ncols=5, nrows=2, sharex=True, sharey=True)
    rows = []
    for ax, task in zip(axes.flat, TASKS, strict=True):
        ax.axvspan(n[i67], n[i13], color=plotting.PALETTE[4], alpha=0.25, lw=0)
        for setting, marker in zip(SETTINGS, ("o", "s", "^"), strict=True):
            acc = _sweep(brown_2020_arithmetic, brown_2020_model_sizes, task, setting)
            ax.plot(n, acc, marker=marker, markersize=3, linewidth=1.2, label=setting)
            rows += [(task, setting, m, p, a) for m, p, a in zip(names, n, acc, strict=True)]
        plotting.log_axes(ax, y=False)
        ax.set_title(f"{task}: {TASK_NAMES[task]}", fontsize=9)
        ax.set_ylim(-3, 103)
    for ax in axes[1]:
        ax.set_xlabel("parameters")
    for ax in axes[:, 0]:
        ax.set_ylabel("accuracy (%)")
    first = axes[0, 0]
    annotate.end_labels(first)
    # High up, from the left edge towards the band, where every model below 6.7B scores
    # near zero: at the top the name sat on the "100" tick.
    first.text(0.02, 0.85, step, transform=first.transAxes, ha="left", va="center",
               fontsize=8, color="0.25")
    data = Table([Col("Task", align="left"), Col("Setting", align="left"),
                  Col("Model", align="left"), Col("Parameters", fmt="sci:2"),
                  Col("Accuracy", fmt="fixed:2", unit="%")], rows)
    return Plot(fig, data=data, alt=(
        "Ten panels, one per arithmetic task, each plotting accuracy in percent against "
        "GPT-3 model size (125 million to 175 billion parameters, log scale) for zero-, "
        "one- and few-shot prompting. Accuracy stays near zero up to 6.7 billion "
        "parameters and rises sharply at 13 and 175 billion, most on the easy tasks."))


@table("fewshot.jump_table", inputs=ARITH,
       title="Few-shot accuracy around the 6.7B to 13B step, per task")
def jump_table(brown_2020_arithmetic, brown_2020_model_sizes):
    """Few-shot accuracy at 6.7B, 13B and 175B, and each step's gain per doubling of size."""
    names, n = _models(brown_2020_model_sizes)
    i67, i13, i175 = (names.index(f"GPT-3 {m}") for m in ("6.7B", "13B", "175B"))
    rows = []
    for task in TASKS:
        acc = _sweep(brown_2020_arithmetic, brown_2020_model_sizes, task, "few-shot")
        j = fewshot.Jump(task, acc[i67], acc[i13])
        i = fewshot.largest_jump_index(acc, n)
        step = f"{names[i].removeprefix('GPT-3 ')}→{names[i + 1].removeprefix('GPT-3 ')}"
        rows.append((task, j.before, j.after, j.points, j.ratio,
                     fewshot.points_per_doubling(acc[i67], acc[i13], n[i67], n[i13]),
                     acc[i175],
                     fewshot.points_per_doubling(acc[i13], acc[i175], n[i13], n[i175]),
                     step))
    return Table([Col("Task", align="left"), Col("6.7B", fmt="fixed:2", unit="%", detail=True),
                  Col("13B", fmt="fixed:2", unit="%", detail=True),
                  Col("Jump (points)", fmt="fixed:1"),
                  Col("13B / 6.7B", fmt="times:2", detail=True),
                  Col("Points per doubling, 6.7B→13B", fmt="fixed:1"),
                  Col("175B", fmt="fixed:1", unit="%", detail=True),
                  Col("Points per doubling, 13B→175B", fmt="fixed:1"),
                  Col("Steepest step per doubling", align="left", lead=True)], rows)


# The stated thresholds: (model, task, threshold in %, the value holding the accuracy).
_HEADLINES = (("GPT-3 13B", "2D+", 50, "fewshot.accuracy_13b_2d_add"),
              ("GPT-3 13B", "2D-", 50, "fewshot.accuracy_13b_2d_sub"),
              ("GPT-3 175B", "3D+", 80, "fewshot.accuracy_175b_3d_add"),
              ("GPT-3 175B", "3D-", 80, "fewshot.accuracy_175b_3d_sub"),
              ("GPT-3 175B", "2D+", 100, "fewshot.accuracy_175b_2d_add"))


@table("fewshot.headline_intervals", inputs=[h[3] for h in _HEADLINES],
       title="The newsletter's thresholds with 95% intervals")
def headline_intervals(**accuracies):
    """The few-shot accuracies behind the newsletter's thresholds (Brown et al. 2020,
    Table H.1), each with its 95% Clopper-Pearson interval on the 2,000 problems of the
    task (Sec. 3.9.1): the values fewshot.accuracy_*, which the claims check."""
    rows = []
    for model, task, threshold, name in _HEADLINES:
        acc = accuracies[name.removeprefix("fewshot.")]
        rows.append((model.removeprefix("GPT-3 "), task, threshold, float(acc), acc.low,
                     acc.high))
    return Table([Col("Model", align="left"), Col("Task", align="left"),
                  Col("Stated threshold", fmt="int", unit="%"),
                  Col("Accuracy", fmt="fixed:1", unit="%"),
                  Col("95% low", fmt="fixed:1", unit="%"),
                  Col("95% high", fmt="fixed:1", unit="%")], rows)


@table("fewshot.settings_175b", inputs=["brown_2020_arithmetic"],
       title="GPT-3 175B: zero-, one- and few-shot accuracy per task")
def settings_175b(brown_2020_arithmetic):
    """How much the 49 extra examples of the few-shot prompt add over one example, at 175B."""
    rows = []
    for task in TASKS:
        z, o, f = (_acc(brown_2020_arithmetic, task, s, "GPT-3 175B") for s in SETTINGS)
        rows.append((task, z, o, f, f - o))
    return Table([Col("Task", align="left"), Col("Zero-shot", fmt="fixed:1", unit="%"),
                  Col("One-shot", fmt="fixed:1", unit="%"),
                  Col("Few-shot", fmt="fixed:1", unit="%"),
                  Col("Few − one (points)", fmt="fixed:1")], rows)


# -- values -------------------------------------------------------------------------------


@value("fewshot.max_small_2d_add_any_setting", inputs=ARITH, fmt="fixed:1", unit="%")
def max_small_2d_add_any_setting(brown_2020_arithmetic, brown_2020_model_sizes):
    """Best two-digit addition among the models up to 6.7B, in any of the three settings."""
    return max(_small_max(brown_2020_arithmetic, brown_2020_model_sizes, s) for s in SETTINGS)


def _const(constants, name):
    return constants.one(name=name)["value"]


def _small_max(arith, sizes, setting):
    names, n = _models(sizes)
    limit = sizes.one(model="GPT-3 6.7B")["n_params"]
    acc = _sweep(arith, sizes, "2D+", setting)
    return float(acc[n <= limit].max())


def _jump(jump_table, task: str, column: str) -> float:
    """The cell of fewshot.jump_table in the row of ``task``."""
    i = [c.header for c in jump_table.columns].index(column)
    return next(r[i] for r in jump_table.rows if r[0] == task)


@value("fewshot.jump_2d_add_points", inputs=["fewshot.jump_table"], fmt="fixed:1")
def jump_2d_add_points(jump_table):
    """Few-shot two-digit addition: 13B minus 6.7B, in percentage points."""
    return _jump(jump_table, "2D+", "Jump (points)")


@value("fewshot.jump_2d_add_ratio", inputs=["fewshot.jump_table"], fmt="times:2")
def jump_2d_add_ratio(jump_table):
    """Few-shot two-digit addition: 13B over 6.7B."""
    return _jump(jump_table, "2D+", "13B / 6.7B")


@value("fewshot.jump_2d_sub_points", inputs=["fewshot.jump_table"], fmt="fixed:1")
def jump_2d_sub_points(jump_table):
    """Few-shot two-digit subtraction: 13B minus 6.7B, in percentage points."""
    return _jump(jump_table, "2D-", "Jump (points)")


def _gains(arith, sizes, setting):
    return fewshot.mean_gain(np.stack([_sweep(arith, sizes, t, setting) for t in TASKS]))


@value("fewshot.mean_gain_zero", inputs=ARITH, fmt="fixed:1")
def mean_gain_zero(brown_2020_arithmetic, brown_2020_model_sizes):
    """Zero-shot accuracy gain from the smallest to the largest model, mean over tasks."""
    return _gains(brown_2020_arithmetic, brown_2020_model_sizes, "zero-shot")


@value("fewshot.mean_gain_few", inputs=ARITH, fmt="fixed:1")
def mean_gain_few(brown_2020_arithmetic, brown_2020_model_sizes):
    """Few-shot accuracy gain from the smallest to the largest model, mean over tasks."""
    return _gains(brown_2020_arithmetic, brown_2020_model_sizes, "few-shot")


def _doublings(sizes, small, large):
    return float(np.log2(sizes.one(model=large)["n_params"] / sizes.one(model=small)["n_params"]))


@value("fewshot.doublings_6_7b_to_13b", inputs=["brown_2020_model_sizes"], fmt="fixed:2")
def doublings_6_7b_to_13b(brown_2020_model_sizes):
    """Doublings of parameter count from 6.7B to 13B: log2(13 / 6.7)."""
    return _doublings(brown_2020_model_sizes, "GPT-3 6.7B", "GPT-3 13B")


@value("fewshot.doublings_13b_to_175b", inputs=["brown_2020_model_sizes"], fmt="fixed:2")
def doublings_13b_to_175b(brown_2020_model_sizes):
    """Doublings of parameter count from 13B to 175B: log2(175 / 13)."""
    return _doublings(brown_2020_model_sizes, "GPT-3 13B", "GPT-3 175B")


# -- values the claims check --------------------------------------------------------------


@value("fewshot.mean_gain_few_over_zero",
       inputs=["fewshot.mean_gain_few", "fewshot.mean_gain_zero"], fmt="fixed:1", unit="points")
def mean_gain_few_over_zero(mean_gain_few, mean_gain_zero):
    """Mean gain from the smallest to the largest model, few-shot minus zero-shot."""
    return mean_gain_few - mean_gain_zero
