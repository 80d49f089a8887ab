"""GPT-3's few-shot arithmetic and training compute (Brown et al. 2020, arXiv 2005.14165).

Pure functions over arrays of accuracies and model sizes; the data come from Table H.1
(accuracy in percent, 2,000 problems per task) and Tables 2.1/D.1 (sizes and compute).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: Seconds in a day: a PF-day is 10^15 FLOP/s sustained for one day.
SECONDS_PER_DAY = 24 * 60 * 60
PETAFLOP = 1e15


def training_flop(n_params: float, n_tokens: float, flop_per_param_token: float = 6.0) -> float:
    """Training compute C = k N D in FLOP, with k = 6 by default.

    N is parameters, D is training tokens. The 6 counts 2 FLOP per parameter per token
    for the forward pass and 4 for the backward pass (Kaplan et al. 2020, Sec. 2.1;
    Brown et al. 2020, Appendix D, which also neglects attention's share).
    """
    if n_params <= 0 or n_tokens <= 0:
        raise ValueError("parameters and tokens must be positive")
    return float(flop_per_param_token * n_params * n_tokens)


def flop_to_pfdays(flop: float) -> float:
    """FLOP to PF-days: C / (10^15 FLOP/s x 86,400 s)."""
    return float(flop / (PETAFLOP * SECONDS_PER_DAY))


@dataclass(frozen=True)
class Jump:
    """The change in accuracy (percentage points) between two adjacent model sizes."""

    task: str
    before: float  # accuracy of the smaller model, %
    after: float  # accuracy of the larger model, %

    @property
    def points(self) -> float:
        """after - before, in percentage points."""
        return self.after - self.before

    @property
    def ratio(self) -> float | None:
        """after / before, or None if the smaller model scored 0 (no finite ratio)."""
        return self.after / self.before if self.before > 0 else None


def largest_jump_index(accuracy: np.ndarray, n_params: np.ndarray | None = None) -> int:
    """Index i of the steepest step from model i to model i + 1 along a size sweep.

    Without ``n_params``: the largest increase accuracy[i + 1] - accuracy[i] (points).
    With it: the largest increase per doubling of size,
    (accuracy[i + 1] - accuracy[i]) / log2(n[i + 1] / n[i]), which compares steps of
    unequal size fairly (6.7B to 13B is about one doubling, 13B to 175B almost four).
    Both arrays are ordered by model size, ascending.
    """
    acc = np.asarray(accuracy, dtype=float)
    if acc.ndim != 1 or acc.size < 2:
        raise ValueError("need a one-dimensional sweep of at least two models")
    step = np.diff(acc)
    if n_params is not None:
        n = np.asarray(n_params, dtype=float)
        if n.shape != acc.shape or np.any(np.diff(n) <= 0):
            raise ValueError("sizes must match the accuracies and increase")
        step = step / np.diff(np.log2(n))
    return int(np.argmax(step))


def points_per_doubling(before: float, after: float, n_before: float, n_after: float) -> float:
    """Accuracy change per doubling of parameters: (after - before) / log2(n_after / n_before)."""
    return float((after - before) / np.log2(n_after / n_before))


def mean_gain(accuracy: np.ndarray) -> float:
    """Mean over tasks of (largest model - smallest model) accuracy, in points.

    ``accuracy`` has shape (tasks, sizes), sizes ascending.
    """
    acc = np.asarray(accuracy, dtype=float)
    return float(np.mean(acc[:, -1] - acc[:, 0]))


def size_ratio(larger: float, smaller: float) -> float:
    """How many times larger one model is than another (parameters / parameters)."""
    if larger <= 0 or smaller <= 0:
        raise ValueError("sizes must be positive")
    return float(larger / smaller)
