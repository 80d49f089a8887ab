"""GPT-3 (the GPT-3 issue): the values with intervals that the few-shot claims check, and
the claims. Accuracies carry 95% Clopper-Pearson intervals on the 2,000 problems of each
task (Brown et al. 2020, Sec. 3.9.1); counts read from Table H.1 are exact."""

from __future__ import annotations

import math

from recomputed.artifacts.fewshot import (
    ARITH,
    CONSTANTS,
    ISSUE,
    SUMMARY,
    TASKS,
    _acc,
    _const,
    _models,
    _sweep,
)
from recomputed.engine.estimates import Estimate
from recomputed.engine.registry import Col, Table, claim, table, value
from recomputed.science import proportions


def _n_problems(constants) -> int:
    """Random problems per arithmetic task (Brown et al. 2020, Sec. 3.9.1)."""
    return int(_const(constants, "arithmetic_problems_per_task"))


def _cp_percent(acc: float, n: int, what: str = "") -> Estimate:
    """A printed accuracy (%) with its 95% Clopper-Pearson interval on ``n`` problems."""
    ci = proportions.clopper_pearson(proportions.count_from_percent(acc, n), n)
    return Estimate(acc, 100 * ci.low, 100 * ci.high,
                    what or f"95% Clopper-Pearson interval on {n:,} problems")


@value("fewshot.max_small_2d_add", inputs=ARITH + [CONSTANTS], fmt="fixed:1", unit="%")
def max_small_2d_add(brown_2020_arithmetic, brown_2020_model_sizes, brown_2020_constants):
    """Best few-shot two-digit addition among the six models up to 6.7B (Table H.1).

    The interval runs from the largest of the six models' 95% Clopper-Pearson low ends to
    the largest of their high ends (2,000 problems each)."""
    n = _n_problems(brown_2020_constants)
    names, sizes = _models(brown_2020_model_sizes)
    limit = brown_2020_model_sizes.one(model="GPT-3 6.7B")["n_params"]
    acc = _sweep(brown_2020_arithmetic, brown_2020_model_sizes, "2D+", "few-shot")
    small = [_cp_percent(a, n) for a, size in zip(acc, sizes, strict=True) if size <= limit]
    return Estimate(max(small), max(e.low for e in small), max(e.high for e in small),
                    f"the largest of six 95% Clopper-Pearson intervals on {n:,} problems each")


def _accuracy_value(short, model, task):
    """Register ``fewshot.accuracy_<short>``: the few-shot accuracy of ``model`` on ``task``,
    with its 95% Clopper-Pearson interval on the task's 2,000 problems."""

    @value(f"fewshot.accuracy_{short}", inputs=["brown_2020_arithmetic", CONSTANTS],
           fmt="fixed:1", unit="%", title=f"Few-shot {task} accuracy of {model}")
    def accuracy(brown_2020_arithmetic, brown_2020_constants):
        return _cp_percent(_acc(brown_2020_arithmetic, task, "few-shot", model),
                           _n_problems(brown_2020_constants))

    accuracy.__qualname__ = f"accuracy_{short}"
    return f"fewshot.accuracy_{short}"


@value("fewshot.mean_gain_few_over_zero_interval",
       inputs=ARITH + [CONSTANTS, "fewshot.mean_gain_few_over_zero"], fmt="fixed:1",
       unit="points")
def mean_gain_few_over_zero_interval(brown_2020_arithmetic, brown_2020_model_sizes,
                                     brown_2020_constants, mean_gain_few_over_zero):
    """Mean over the ten tasks of (175B − Small), few-shot minus zero-shot, with a
    conservative interval: every one of the 40 accuracies at the end of its 95%
    Clopper-Pearson interval that works against the difference (its lowest), or for it
    (its highest). The point is fewshot.mean_gain_few minus fewshot.mean_gain_zero."""
    n = _n_problems(brown_2020_constants)
    names, _ = _models(brown_2020_model_sizes)
    small, large = names[0], names[-1]
    lo = hi = mid = 0.0
    for task in TASKS:
        cells = {(m, s): _cp_percent(_acc(brown_2020_arithmetic, task, s, m), n)
                 for m in (small, large) for s in ("zero-shot", "few-shot")}
        sign = {(large, "few-shot"): 1, (small, "few-shot"): -1,
                (large, "zero-shot"): -1, (small, "zero-shot"): 1}
        for key, e in cells.items():
            mid += sign[key] * float(e)
            lo += sign[key] * (e.low if sign[key] > 0 else e.high)
            hi += sign[key] * (e.high if sign[key] > 0 else e.low)
    k = len(TASKS)
    assert abs(mid / k - mean_gain_few_over_zero) < 1e-9  # the same difference of means
    return Estimate(mean_gain_few_over_zero, lo / k, hi / k,
                    "each of the 40 accuracies moved to the end of its 95% Clopper-Pearson "
                    f"interval ({n:,} problems) that lowers, or raises, the difference")


@value("fewshot.examples_in_prompt", inputs=[CONSTANTS], fmt="int", unit="examples")
def examples_in_prompt(brown_2020_constants):
    """Examples in the few-shot arithmetic prompt: K = 50 (Table H.1's K column)."""
    return _const(brown_2020_constants, "arithmetic_fewshot_k")


@value("fewshot.body_text_3d_add", inputs=[CONSTANTS], fmt="pct:1")
def body_text_3d_add(brown_2020_constants):
    """175B few-shot three-digit addition as a fraction, as Section 3.9.1's body text
    gives it (80.2%; the tables print 80.4%)."""
    return _const(brown_2020_constants, "body_3d_add_percent") / 100


@value("fewshot.gpt2_params", inputs=[CONSTANTS], fmt="sci:2", unit="parameters")
def gpt2_params(brown_2020_constants):
    """Parameters of the largest GPT-2, as the GPT-3 paper gives them (Sec. 1, citing
    Radford et al. 2019)."""
    return _const(brown_2020_constants, "gpt2_params")


_SHOTS = {"zero-shot": 0, "one-shot": 1, "few-shot": None}  # None: K from Table H.1


@table("fewshot.examples_needed", inputs=ARITH + ["fewshot.examples_in_prompt"],
       params={"levels": tuple(range(5, 100, 5))},
       title="Fewest examples each model needs to reach an accuracy level")
def examples_needed(brown_2020_arithmetic, brown_2020_model_sizes, examples_in_prompt, levels):
    """For each accuracy level, across the ten tasks: how often the next larger model
    needs fewer examples (K = 0, 1 or 50) than the one before it to reach the level, and
    how often it needs more (Table H.1, point accuracies).

    A model "needs" the smallest K whose accuracy reaches the level, or none if no K
    does. Levels start at 5% (100 of 2,000 problems): below it, the small models' zero-
    and one-shot scores are a few dozen problems and their order is noise."""
    names, _ = _models(brown_2020_model_sizes)
    ks = {s: (k if k is not None else int(examples_in_prompt)) for s, k in _SHOTS.items()}
    rows = []
    for level in levels:
        fewer = more = reached = 0
        for task in TASKS:
            need = []
            for m in names:
                ok = [k for s, k in ks.items() if _acc(brown_2020_arithmetic, task, s, m) >= level]
                need.append(min(ok) if ok else math.inf)
            reached += int(math.isfinite(need[-1]))
            pairs = list(zip(need, need[1:], strict=False))
            fewer += sum(b < a for a, b in pairs)  # two models that never reach it: neither
            more += sum(b > a for a, b in pairs)
        rows.append((level, reached, fewer, more))
    return Table([Col("Accuracy level", fmt="int", unit="%"),
                  Col("Tasks 175B reaches", fmt="int"),
                  Col("Steps needing fewer examples", fmt="int"),
                  Col("Steps needing more examples", fmt="int")], rows)


@value("fewshot.examples_needed_more", inputs=["fewshot.examples_needed"], fmt="int",
       unit="steps")
def examples_needed_more(examples_needed):
    """Steps up in size (over tasks and levels) at which the larger model needs more
    examples than the smaller one to reach a level: the sum of the table's last column."""
    return float(sum(r[3] for r in examples_needed.rows))


@value("fewshot.examples_needed_fewer", inputs=["fewshot.examples_needed"], fmt="int",
       unit="steps")
def examples_needed_fewer(examples_needed):
    """Steps up in size at which the larger model needs fewer examples."""
    return float(sum(r[2] for r in examples_needed.rows))


# -- claims -------------------------------------------------------------------------------

_CP = ("Few-shot {task} accuracy of {model} in Table H.1, with its 95% Clopper-Pearson "
       "interval on the task's 2,000 problems.")

claim("fewshot.claim_small_models_below_20", of="fewshot.max_small_2d_add",
      issue=ISSUE, summary=SUMMARY,
      stated="the six models up to 6.7B stay below 20% on two-digit addition (few-shot)",
      target="20", compare="<",
      how="Largest few-shot 2D+ accuracy in Table H.1 among models of at most 6.7B "
          "parameters, with the largest of their 95% Clopper-Pearson intervals.")


def _threshold_claim(name, model, task, threshold, stated, expect="holds", extra=""):
    """A value (the few-shot accuracy of ``model`` on ``task``) and the claim that checks it
    against ``threshold``."""
    short = name.removeprefix("fewshot.claim_").rsplit("_above_", 1)[0]
    return claim(name, of=_accuracy_value(short, model, task), issue=ISSUE, summary=SUMMARY,
                 stated=stated, target=threshold, compare=">", expect=expect,
                 how=_CP.format(task=task, model=model) + extra)


_threshold_claim("fewshot.claim_13b_2d_add_above_50", "GPT-3 13B", "2D+", "50",
                 "the 13B model jumps above 50% on two-digit addition (few-shot)")
_threshold_claim("fewshot.claim_13b_2d_sub_above_50", "GPT-3 13B", "2D-", "50",
                 "the 13B model jumps above 50% on two-digit subtraction (few-shot)")
_threshold_claim("fewshot.claim_175b_3d_add_above_80", "GPT-3 175B", "3D+", "80",
                 "the 175B model exceeds 80% on three-digit addition (few-shot)",
                 expect="inconclusive",
                 extra=" Table H.1 prints 80.4%, the paper's text 80.2%; either way the "
                       "interval reaches below 80%, so 2,000 problems cannot tell whether "
                       "the model's accuracy on such problems is above 80%.")
_threshold_claim("fewshot.claim_175b_3d_sub_above_80", "GPT-3 175B", "3D-", "80",
                 "the 175B model exceeds 80% on three-digit subtraction (few-shot)")
claim("fewshot.claim_175b_2d_add_perfect", of=_accuracy_value("175b_2d_add", "GPT-3 175B", "2D+"),
      issue=ISSUE, summary=SUMMARY,
      stated="the 175B model is perfect (100%) on two-digit addition (few-shot)",
      target="100", compare="approx",
      how="Few-shot 2D+ accuracy of 175B in Table H.1: 2,000 of 2,000 problems. Its 95% "
          "Clopper-Pearson interval reaches down to 99.8%, which still rounds to 100%.")
claim("fewshot.claim_few_shot_scales_faster", of="fewshot.mean_gain_few_over_zero_interval",
      issue=ISSUE, summary=SUMMARY,
      stated="few-shot performance improves with model size faster than zero-shot",
      target="0", compare=">",
      how="On the ten arithmetic tasks only: mean over tasks of the gain from the smallest "
          "to the largest model, few-shot minus zero-shot (percentage points), with every "
          "accuracy at the unfavourable end of its 95% interval for the low end. The paper "
          "makes the claim across all its benchmarks; this checks the arithmetic slice.")
claim("fewshot.claim_50_examples", of="fewshot.examples_in_prompt", issue=ISSUE,
      summary=SUMMARY,
      stated="the paper's few-shot arithmetic prompt held 50 examples",
      target="50", exact="a count read from Table H.1 (its K column for the arithmetic tasks)",
      how="The number of examples in the few-shot arithmetic prompt, Table H.1. Rohin "
          "Shah asked why GPT-3 would need that many to see that the task is addition; "
          "the check is only of the prompt's size, not of how many examples the model "
          "needs (the paper tests none between one and 50, and one example already takes "
          "175B most of the way on two-digit addition).")
claim("fewshot.claim_gpt2_1_5b", of="fewshot.gpt2_params", issue=ISSUE, summary=SUMMARY,
      stated="the biggest GPT-2 model had 1.5 billion parameters",
      target="1.5e9",
      exact="a size read from the GPT-3 paper (Sec. 1, citing the GPT-2 paper)",
      how="The largest GPT-2 as the GPT-3 paper lists it in its account of the size trend.")
claim("fewshot.claim_fewer_examples_with_size", of="fewshot.examples_needed_more",
      issue=ISSUE, summary=SUMMARY,
      stated="as language models get larger, the number of examples needed to reach a "
             "given level of performance goes down",
      target="0", exact="counted from Table H.1's printed accuracies",
      how="On the ten arithmetic tasks of Table H.1, at each accuracy level from 5% to 95% "
          "in steps of 5: the fewest examples (0, 1 or 50) with which each model reaches "
          "the level; the check counts the steps up in size at which the larger model "
          "needs more examples than the smaller one (none, if the statement holds). Only "
          "three settings are measured, so this tests the direction, not how many "
          "examples a model needs.")
