"""Fitting scaling laws to training runs, with bootstrap intervals.

Three laws, all fitted on the logarithm of the loss:

``power``
    L(x) = (x0 / x)^alpha. Parameters ``x0`` (units of x) and ``alpha``.
``power_plus_constant``
    L(x) = L_inf + (x0 / x)^alpha (Henighan et al. 2020, Eq. 1.1).
    Parameters ``L_inf`` (units of L), ``x0``, ``alpha``.
``chinchilla``
    L(N, D) = E + A / N^alpha + B / D^beta (Hoffmann et al. 2022, Eq. 2), N in
    parameters, D in training tokens, L in nats per token. Parameters ``E``, ``A``,
    ``B``, ``alpha``, ``beta``.

The objective is Hoffmann et al.'s (Eq. 3): the Huber loss (``delta`` = 1e-3 by
default) of the residuals ``log L_hat - log L``, with L_hat written as a
log-sum-exp so that the optimizer works on unconstrained logs of A, B and E:

    log L_hat = LSE(a - alpha log N, b - beta log D, e),  A = e^a, B = e^b, E = e^e.

Hoffmann et al. minimise it with L-BFGS from a grid of 4,500 starting points (alpha,
beta in 0, 0.5, ..., 2; e in -1, -0.5, ..., 1; a, b in 0, 5, ..., 25). We evaluate the
objective on the whole grid in one vectorised pass, take the ``starts`` (64) best
points, advance all of them together for 30 iteratively reweighted Gauss-Newton steps
(:func:`huber_fit.irls`, which minimises the same Huber objective), run the 8 best to
convergence, confirm the winner with scipy's L-BFGS and keep whichever is lowest. The
reason is speed: scipy's L-BFGS costs milliseconds per start in overhead, and most of
the grid lies in the same few basins (a test checks that L-BFGS from 100 spread grid
points finds nothing lower).

Intervals are percentile bootstrap intervals over runs (resampled with replacement,
``numpy.random.default_rng(seed)``); standard errors are the bootstrap standard
deviation. All resamples are refitted together by :func:`huber_fit.irls`, each starting from the
point estimate: a resample is a small perturbation of the data, so its optimum is in
the point estimate's basin, and this is what makes 1,000 resamples of 250 runs take
seconds instead of minutes (a test checks these optima against L-BFGS run to tight
tolerances).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from recomputed.science import huber_fit
from recomputed.science.huber_fit import DELTA, HOFFMANN_GRID, huber  # noqa: F401 - public here too

# Grid starts are screened by successive halving from this many reweighted steps; the
# best few are run to the end (see fit()).
SCREEN_ITER = 30
KEEP_AFTER_SCREEN = 8
LAWS = ("power", "power_plus_constant", "chinchilla")
PARAMS = {
    "power": ("x0", "alpha"),
    "power_plus_constant": ("L_inf", "x0", "alpha"),
    "chinchilla": ("E", "A", "B", "alpha", "beta"),
}


class FitError(ValueError):
    """A fit that cannot be made (too few runs) or did not converge; says what was tried."""


@dataclass(frozen=True)
class Estimate:
    """One fitted parameter: point estimate, bootstrap standard error and interval."""

    name: str
    value: float
    se: float
    low: float
    high: float


@dataclass(frozen=True)
class Fit:
    """A fitted law. ``estimates`` are in the order of :data:`PARAMS` for ``law``.

    ``level`` is the interval's coverage (0.95: the 2.5th to 97.5th percentile of the
    bootstrap distribution); ``n_boot`` resamples were drawn with ``seed``, of which
    ``n_failed`` did not converge and were left out. ``objective`` is the mean Huber
    loss (divided by delta) at the point estimate; ``starts`` the L-BFGS starts run.
    """

    law: str
    estimates: tuple[Estimate, ...]
    n_runs: int
    level: float
    n_boot: int
    n_failed: int
    seed: int | None
    delta: float
    objective: float
    starts: int

    def __getitem__(self, name: str) -> Estimate:
        for e in self.estimates:
            if e.name == name:
                return e
        raise KeyError(
            f"{name!r} is not a parameter of the {self.law} law ({', '.join(PARAMS[self.law])})"
        )

    @property
    def params(self) -> dict[str, float]:
        """The point estimates by name, e.g. ``{"E": 1.69, "A": 406.4, ...}``."""
        return {e.name: e.value for e in self.estimates}


# --- the laws -------------------------------------------------------------------------


def chinchilla_loss(n, d, E: float, A: float, B: float, alpha: float, beta: float):
    """L(N, D) = E + A/N^alpha + B/D^beta (Hoffmann et al. 2022, Eq. 2), nats/token."""
    n = np.asarray(n, dtype=float)
    d = np.asarray(d, dtype=float)
    return E + A / n**alpha + B / d**beta


def power_loss(x, x0: float, alpha: float, L_inf: float = 0.0):  # noqa: N803 (paper's name)
    """L(x) = L_inf + (x0/x)^alpha; with L_inf = 0 a pure power law."""
    return L_inf + (x0 / np.asarray(x, dtype=float)) ** alpha


def _check_runs(law: str, columns: Sequence, loss) -> tuple[list, np.ndarray]:
    if law not in LAWS:
        raise FitError(f"unknown law {law!r}; known: {', '.join(LAWS)}")
    loss = np.asarray(loss, dtype=float)
    cols = [np.asarray(c, dtype=float) for c in columns]
    for c in cols:
        if c.shape != loss.shape or c.ndim != 1:
            raise FitError("inputs and losses must be 1-D arrays of the same length")
    names = ("loss", "x", "d")
    for name, arr in zip(names, (loss, *cols), strict=False):
        bad = np.flatnonzero(~(np.isfinite(arr) & (arr > 0)))
        if bad.size:
            raise FitError(f"{name} must be positive and finite; run {bad[0]} is {arr[bad[0]]}")
    need = len(PARAMS[law]) + 1
    if loss.size < need:
        raise FitError(
            f"too few runs: the {law} law has {len(PARAMS[law])} parameters, so it "
            f"needs at least {need} runs; got {loss.size}"
        )
    for name, c in zip(names[1:], cols, strict=False):
        if np.unique(c).size < 2:
            raise FitError(
                f"{name} takes a single value in every run, so its exponent cannot "
                "be fitted; the runs must vary it"
            )
    return [np.log(c) for c in cols], np.log(loss)


def fit(
    law: str,
    x,
    loss,
    *,
    d=None,
    delta: float = DELTA,
    n_boot: int = 1000,
    seed: int | None = 0,
    level: float = 0.95,
    starts: int | None = 64,
    jobs: int = 1,
    max_iter: int = 1000,
    grid: Sequence[Sequence[float]] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Fit:
    """Fit ``law`` to runs and bootstrap its parameters.

    ``x`` is the size variable (N for ``chinchilla``, with ``d`` the tokens D), ``loss``
    the final loss of each run (nats/token). The ``starts`` best grid points (``None``:
    all) are screened and refined as the module docstring describes; each of ``n_boot``
    resamples starts from the point estimate (``jobs`` processes share them).
    ``n_boot=0`` skips the bootstrap (standard errors and intervals are NaN).
    ``progress(done, n_boot)`` is called as resamples are refitted.
    Raises :class:`FitError` naming the problem: too few runs, bad values, or no
    start that converged (saying how many starts and iterations were tried).
    """
    if not 0 < level < 1:
        raise FitError(f"level must be between 0 and 1, got {level}")
    if law == "chinchilla" and d is None:
        raise FitError("the chinchilla law needs tokens d as well as parameters x")
    logs, y = _check_runs(law, [x] if law != "chinchilla" else [x, d], loss)
    grid = grid if grid is not None else huber_fit.default_grid(law, logs, y)
    pts = huber_fit.grid_points(law, logs, y, grid)
    start_pts = huber_fit.best_starts(law, logs, y, delta, pts, starts)
    # Successive halving: every start gets SCREEN_ITER steps, the better half twice as
    # many more, and so on until KEEP_AFTER_SCREEN remain; those run to convergence.
    k = len(start_pts)
    theta, steps = start_pts, SCREEN_ITER
    while len(theta) > KEEP_AFTER_SCREEN:
        ys = np.broadcast_to(y, (len(theta), y.size))
        theta, obj, _ = huber_fit.irls(law, theta, logs, ys, delta, min(steps, max_iter))
        theta = theta[np.argsort(obj, kind="stable")[: max(KEEP_AFTER_SCREEN, len(theta) // 2)]]
        steps *= 2
    theta, obj, ok = huber_fit.irls(
        law, theta, logs, np.broadcast_to(y, (len(theta), y.size)), delta, max_iter
    )
    # The objective never rises along a run, so the lowest is the best even if its run
    # was still creeping down when the iterations ran out; scipy's L-BFGS (Hoffmann's
    # optimizer) then continues from it, and its answer counts as convergence too.
    best = int(np.argmin(obj))
    res, lbfgs_ok = huber_fit.lbfgs(huber_fit.objective(law, logs, y, delta), theta[best], max_iter)
    if not (ok.any() or lbfgs_ok):
        raise FitError(
            f"the {law} fit did not converge: tried the {k} best of {len(pts)} grid starting "
            f"points, narrowed them to the {len(theta)} most promising, and neither those nor "
            f"L-BFGS from the best converged within {max_iter} iterations. Check that loss "
            "falls as every input grows, or allow more iterations."
        )
    candidates = [theta[best]]
    if lbfgs_ok:
        th, _, _ = huber_fit.irls(law, res.x[None, :], logs, y[None, :], delta, max_iter)
        candidates += [res.x, th[0]]
    values = huber_fit.mean_losses(law, np.array(candidates), logs, y, delta)
    theta_hat, best_obj = candidates[int(np.argmin(values))], float(np.min(values))
    point = huber_fit.reported(law, theta_hat)
    if not all(math.isfinite(v) for v in point):
        shown = ", ".join(f"{p} = {v:.3g}" for p, v in zip(PARAMS[law], point, strict=True))
        raise FitError(
            f"the {law} fit did not converge to finite parameters: from the {k} best of "
            f"{len(pts)} grid starting points the lowest objective is at {shown}. The runs "
            "do not pin the law down: does loss fall as every input grows?"
        )
    boot, n_failed = huber_fit.bootstrap(law, logs, y, delta, theta_hat, n_boot, seed,
                                         max_iter, jobs, progress)
    estimates = []
    tail = (1 - level) / 2
    for i, name in enumerate(PARAMS[law]):
        se = low = high = math.nan
        if boot.shape[0] >= 2:
            col = boot[:, i]
            with np.errstate(over="ignore"):  # a badly pinned x0 can reach 1e200
                se = float(np.std(col, ddof=1))
            low, high = (float(v) for v in np.quantile(col, [tail, 1 - tail]))
        estimates.append(Estimate(name, float(point[i]), se, low, high))
    return Fit(
        law=law,
        estimates=tuple(estimates),
        n_runs=int(y.size),
        level=level,
        n_boot=n_boot,
        n_failed=n_failed,
        seed=seed,
        delta=delta,
        objective=best_obj,
        starts=len(start_pts),
    )


def predict(fitted: Fit | dict, x, d=None, law: str | None = None):
    """The fitted law's loss at ``x`` (and ``d`` for ``chinchilla``)."""
    if isinstance(fitted, Fit):
        law, p = fitted.law, fitted.params
    else:
        p = dict(fitted)
        if law is None:
            raise ValueError("give law= when predicting from a dict of parameters")
    if law == "chinchilla":
        return chinchilla_loss(x, d, p["E"], p["A"], p["B"], p["alpha"], p["beta"])
    return power_loss(x, p["x0"], p["alpha"], p.get("L_inf", 0.0))


def synthetic_runs(
    rng: np.random.Generator,
    n_runs: int,
    *,
    E: float,
    A: float,
    B: float,  # noqa: N803
    alpha: float,
    beta: float,
    noise: float = 0.01,
    n_range: tuple[float, float] = (7e7, 1.6e10),
    c_range: tuple[float, float] = (6e18, 3e21),
) -> tuple[np.ndarray, ...]:
    """Runs drawn from a known Chinchilla law: (N, D, loss) with log-normal noise.

    N and compute C are log-uniform over the given ranges (the defaults roughly span
    the runs of Hoffmann's Fig. 4), D = C/(6N); loss is
    L(N, D) x exp(noise x standard normal).
    """
    logn = rng.uniform(*np.log(n_range), size=n_runs)
    logc = rng.uniform(*np.log(c_range), size=n_runs)
    n = np.exp(logn)
    d = np.exp(logc) / (6 * n)
    loss = chinchilla_loss(n, d, E, A, B, alpha, beta) * np.exp(noise * rng.standard_normal(n_runs))
    return n, d, loss
