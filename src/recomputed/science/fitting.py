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
(:func:`_irls`, which minimises the same Huber objective), run the 8 best to
convergence, confirm the winner with scipy's L-BFGS and keep whichever is lowest. The
reason is speed: scipy's L-BFGS costs milliseconds per start in overhead, and most of
the grid lies in the same few basins (a test checks that L-BFGS from 100 spread grid
points finds nothing lower).

Intervals are percentile bootstrap intervals over runs (resampled with replacement,
``numpy.random.default_rng(seed)``); standard errors are the bootstrap standard
deviation. All resamples are refitted together by :func:`_irls`, each starting from the
point estimate: a resample is a small perturbation of the data, so its optimum is in
the point estimate's basin, and this is what makes 1,000 resamples of 250 runs take
seconds instead of minutes (a test checks these optima against L-BFGS run to tight
tolerances).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import optimize

DELTA = 1e-3  # Hoffmann et al. (2022), Eq. 3
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
# Hoffmann et al. (2022), App. D.2: the initialisation grid, in (a, b, e, alpha, beta).
HOFFMANN_GRID = {
    "a": np.arange(0.0, 25.1, 5.0),
    "b": np.arange(0.0, 25.1, 5.0),
    "e": np.arange(-1.0, 1.01, 0.5),
    "alpha": np.arange(0.0, 2.01, 0.5),
    "beta": np.arange(0.0, 2.01, 0.5),
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


# --- objective ------------------------------------------------------------------------
# Every law is evaluated in batch: theta has shape (B, P) (B parameter vectors, e.g.
# grid points or bootstrap fits) and the log-inputs shape (n,) or (B, n). The result
# is log L_hat (B, n) and its Jacobian (B, P, n) in the internal parameters, which
# are unconstrained: (a, b, e, alpha, beta) for chinchilla, (c, alpha) with
# c = alpha log x0 for power, (c, l, alpha) with l = log L_inf for power_plus_constant.


def _lse_terms(*u):
    """log(sum exp u_k) and the softmax weights exp(u_k - lse), without overflow."""
    m = u[0]
    for v in u[1:]:
        m = np.maximum(m, v)
    ex = [np.exp(v - m) for v in u]
    s = sum(ex)
    return m + np.log(s), [x / s for x in ex]


def _predict(law: str, theta: np.ndarray, logs):
    t = [theta[:, i : i + 1] for i in range(theta.shape[1])]
    if law == "chinchilla":
        a, b, e, alpha, beta = t
        logn, logd = logs
        u1, u2 = a - alpha * logn, b - beta * logd
        lse, (p1, p2, p3) = _lse_terms(u1, u2, np.broadcast_to(e, u1.shape))
        return lse, np.stack([p1, p2, p3, -p1 * logn, -p2 * logd], axis=1)
    (logx,) = logs
    if law == "power":
        c, alpha = t
        pred = c - alpha * logx
        return pred, np.stack([np.ones_like(pred), -np.broadcast_to(logx, pred.shape)], axis=1)
    c, l_inf, alpha = t
    u1 = c - alpha * logx
    lse, (p1, p2) = _lse_terms(u1, np.broadcast_to(l_inf, u1.shape))
    return lse, np.stack([p1, p2, -p1 * logx], axis=1)


def _report(law: str, theta) -> tuple[float, ...]:
    """Internal parameters to the reported ones, in the order of PARAMS[law]."""
    theta = [float(v) for v in theta]
    with np.errstate(over="ignore"):
        if law == "chinchilla":
            a, b, e, alpha, beta = theta
            return (float(np.exp(e)), float(np.exp(a)), float(np.exp(b)), alpha, beta)
        if law == "power":
            c, alpha = theta
            return (_x0(c, alpha), alpha)
        c, l_inf, alpha = theta
        return (float(np.exp(l_inf)), _x0(c, alpha), alpha)


def _x0(c: float, alpha: float) -> float:
    # c = alpha log x0; x0 is undefined for a flat law (alpha = 0)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        return float(np.exp(c / alpha)) if alpha != 0 else math.nan


def huber(r, delta: float = DELTA):
    """Huber loss: r^2/2 for |r| <= delta, delta (|r| - delta/2) beyond (Hoffmann Eq. 3)."""
    r = np.abs(np.asarray(r, dtype=float))
    return np.where(r <= delta, 0.5 * r**2, delta * (r - 0.5 * delta))


def _losses(law, theta, logs, y, delta):
    """Mean Huber loss / delta for each row of theta (B,); dividing by delta keeps it O(|r|)."""
    with np.errstate(over="ignore", invalid="ignore"):
        pred, _ = _predict(law, theta, logs)
        v = huber(pred - y, delta).mean(axis=-1) / delta
    return np.where(np.isfinite(v), v, np.inf)


def _objective(law, logs, y, delta):
    """The objective and its gradient for one parameter vector, for scipy's L-BFGS."""

    def f(theta):
        with np.errstate(over="ignore", invalid="ignore"):
            pred, jac = _predict(law, theta[None, :], logs)
            r = pred[0] - y
        if not np.all(np.isfinite(r)):
            return math.inf, np.zeros_like(theta)
        value = float(np.mean(huber(r, delta))) / delta
        psi = np.clip(r, -delta, delta) / delta  # Huber'(r) / delta
        return value, jac[0] @ psi / r.size

    return f


def _irls(law, theta, logs, y, delta, max_iter=200, rtol=1e-10, crawl_tol=1e-7):
    """Minimise the Huber objective for B problems at once by iteratively reweighted
    Gauss-Newton steps; returns (theta, objective, converged), each batched.

    Why: scipy's L-BFGS costs milliseconds per fit in overhead alone, so 1,000
    bootstrap refits take many seconds; these steps advance every resample together.
    Each step minimises the quadratic majoriser of the Huber loss at the current
    residuals (weights min(1, delta/|r|)) on the linearised model; a step that does
    not lower the objective is halved (up to 30 times), so the objective never rises.
    A problem has converged when an iteration lowers its objective by less than
    ``rtol`` (relative), or, when the iterations run out, by less than ``crawl_tol``.
    Tests check the optima against scipy's L-BFGS.
    """
    theta = np.array(theta, dtype=float)
    nb, npar = theta.shape
    logs = [np.broadcast_to(lg, y.shape) for lg in logs]
    eye = np.eye(npar)

    def evaluate(th, lg, ya):
        with np.errstate(over="ignore", invalid="ignore"):
            pred, jac = _predict(law, th, lg)
            r = pred - ya
            v = huber(r, delta).mean(axis=-1) / delta
        return np.where(np.isfinite(v), v, np.inf), r, jac

    obj, resid, jac = evaluate(theta, logs, y)
    gain = np.full(nb, np.inf)  # the last iteration's decrease of the objective
    done = ~np.isfinite(obj)
    ok = np.zeros(nb, dtype=bool)
    for _ in range(max_iter):
        act = np.flatnonzero(~done)
        if act.size == 0:
            break
        th, lg, ya, r, jc = theta[act], [v[act] for v in logs], y[act], resid[act], jac[act]
        w = np.minimum(1.0, delta / np.maximum(np.abs(r), 1e-300))
        jw = jc * w[:, None, :]
        grad = np.einsum("bpn,bn->bp", jw, r)
        hess = jw @ jc.transpose(0, 2, 1)
        hess += 1e-12 * np.trace(hess, axis1=1, axis2=2)[:, None, None] * eye
        try:
            step = -np.linalg.solve(hess, grad[..., None])[..., 0]
        except np.linalg.LinAlgError:
            step = -grad  # a singular batch: plain gradient steps for this round
        old = obj[act]
        new_th = th + step
        new_obj, new_r, new_jac = evaluate(new_th, lg, ya)
        scale = np.ones(act.size)
        for _ in range(30):
            worse = ~(new_obj <= old)
            if not worse.any():
                break
            scale[worse] *= 0.5
            new_th[worse] = th[worse] + scale[worse, None] * step[worse]
            new_obj[worse], new_r[worse], new_jac[worse] = evaluate(
                new_th[worse], [v[worse] for v in lg], ya[worse]
            )
        better = new_obj <= old
        keep = act[better]
        theta[keep], obj[keep] = new_th[better], new_obj[better]
        resid[keep], jac[keep] = new_r[better], new_jac[better]
        gain[act] = old - np.where(better, new_obj, old)
        stalled = ~better | (gain[act] <= rtol * np.abs(old))
        done[act[stalled]] = True
        ok[act[stalled]] = np.isfinite(obj[act[stalled]])
    # Out of iterations but crawling along a flat valley (a poorly pinned parameter):
    # the objective is at its minimum to ``crawl_tol``, which is what the fit needs.
    crawling = ~done & np.isfinite(obj) & (gain <= crawl_tol * np.abs(obj))
    ok |= crawling
    return theta, obj, ok


def _grid_values(law: str, logs, y, delta, pts):
    """Objective at every grid point, vectorised in chunks of 512 (a few MB each)."""
    return np.concatenate(
        [_losses(law, pts[lo : lo + 512], logs, y, delta) for lo in range(0, len(pts), 512)]
    )


def _default_grid(law: str, logs, y):
    """Hoffmann's grid for chinchilla; for one-variable laws a grid placed on the data."""
    if law == "chinchilla":
        return [HOFFMANN_GRID[k] for k in ("a", "b", "e", "alpha", "beta")]
    alphas = np.array([0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1.0, 1.5, 2.0])
    offsets = np.array([-1.0, 0.0, 1.0])
    if law == "power":
        return [offsets, alphas]
    l_infs = float(np.min(y)) + np.log([0.05, 0.3, 0.6, 0.8, 0.9, 0.97])
    return [offsets, l_infs, alphas]


def _grid_points(law, logs, y, grid):
    pts = np.array(list(itertools.product(*grid)), dtype=float)
    if law != "chinchilla":
        # One-variable grids are offsets from a curve through the median run, so the
        # same grid works whether x is in FLOP or parameters:
        # c = offset + log(L_mid - L_inf) + alpha log x_mid.
        mid, lmid = float(np.median(logs[0])), float(np.median(y))
        if law == "power":
            pts[:, 0] += lmid + pts[:, 1] * mid
        else:
            gap = np.log(np.maximum(np.exp(lmid) - np.exp(pts[:, 1]), 1e-12))
            pts[:, 0] += gap + pts[:, 2] * mid
    return pts


def _starts(law, logs, y, delta, pts, n_starts):
    """The ``n_starts`` grid points with the lowest objective (all if None), best first."""
    order = np.argsort(_grid_values(law, logs, y, delta, pts), kind="stable")
    return pts[order if n_starts is None else order[:n_starts]]


def _lbfgs(f, theta0, max_iter):
    res = optimize.minimize(
        f,
        theta0,
        jac=True,
        method="L-BFGS-B",
        options={"maxiter": max_iter, "ftol": 1e-12, "gtol": 1e-9},
    )
    # With a Huber loss this small the objective is almost piecewise linear, so the
    # line search often stops at a kink ("ABNORMAL_TERMINATION_IN_LNSRCH") at the
    # optimum; that is a converged fit. Running out of iterations is not.
    ok = bool(np.all(np.isfinite(res.x))) and math.isfinite(res.fun) and res.nit < max_iter
    return res, ok


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
) -> Fit:
    """Fit ``law`` to runs and bootstrap its parameters.

    ``x`` is the size variable (N for ``chinchilla``, with ``d`` the tokens D), ``loss``
    the final loss of each run (nats/token). The ``starts`` best grid points (``None``:
    all) are screened and refined as the module docstring describes; each of ``n_boot``
    resamples starts from the point estimate (``jobs`` processes share them).
    ``n_boot=0`` skips the bootstrap (standard errors and intervals are NaN).
    Raises :class:`FitError` naming the problem: too few runs, bad values, or no
    start that converged (saying how many starts and iterations were tried).
    """
    if not 0 < level < 1:
        raise FitError(f"level must be between 0 and 1, got {level}")
    if law == "chinchilla" and d is None:
        raise FitError("the chinchilla law needs tokens d as well as parameters x")
    logs, y = _check_runs(law, [x] if law != "chinchilla" else [x, d], loss)
    pts = _grid_points(law, logs, y, grid if grid is not None else _default_grid(law, logs, y))
    start_pts = _starts(law, logs, y, delta, pts, starts)
    # Successive halving: every start gets SCREEN_ITER steps, the better half twice as
    # many more, and so on until KEEP_AFTER_SCREEN remain; those run to convergence.
    k = len(start_pts)
    theta, steps = start_pts, SCREEN_ITER
    while len(theta) > KEEP_AFTER_SCREEN:
        ys = np.broadcast_to(y, (len(theta), y.size))
        theta, obj, _ = _irls(law, theta, logs, ys, delta, min(steps, max_iter))
        theta = theta[np.argsort(obj, kind="stable")[: max(KEEP_AFTER_SCREEN, len(theta) // 2)]]
        steps *= 2
    theta, obj, ok = _irls(
        law, theta, logs, np.broadcast_to(y, (len(theta), y.size)), delta, max_iter
    )
    # The objective never rises along a run, so the lowest is the best even if its run
    # was still creeping down when the iterations ran out; scipy's L-BFGS (Hoffmann's
    # optimizer) then continues from it, and its answer counts as convergence too.
    best = int(np.argmin(obj))
    res, lbfgs_ok = _lbfgs(_objective(law, logs, y, delta), theta[best], max_iter)
    if not (ok.any() or lbfgs_ok):
        raise FitError(
            f"the {law} fit did not converge: tried the {k} best of {len(pts)} grid starting "
            f"points, narrowed them to the {len(theta)} most promising, and neither those nor "
            f"L-BFGS from the best converged within {max_iter} iterations. Check that loss "
            "falls as every input grows, or allow more iterations."
        )
    candidates = [theta[best]]
    if lbfgs_ok:
        th, _, _ = _irls(law, res.x[None, :], logs, y[None, :], delta, max_iter)
        candidates += [res.x, th[0]]
    values = _losses(law, np.array(candidates), logs, y, delta)
    theta_hat, best_obj = candidates[int(np.argmin(values))], float(np.min(values))
    point = _report(law, theta_hat)
    if not all(math.isfinite(v) for v in point):
        shown = ", ".join(f"{p} = {v:.3g}" for p, v in zip(PARAMS[law], point, strict=True))
        raise FitError(
            f"the {law} fit did not converge to finite parameters: from the {k} best of "
            f"{len(pts)} grid starting points the lowest objective is at {shown}. The runs "
            "do not pin the law down: does loss fall as every input grows?"
        )
    boot, n_failed = _bootstrap(law, logs, y, delta, theta_hat, n_boot, seed, max_iter, jobs)
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


def _refit_resamples(law, theta_hat, logs, y, rows, delta, max_iter):
    """Refit the resamples ``rows`` (index arrays into the runs) from ``theta_hat``."""
    th0 = np.repeat(theta_hat[None, :], len(rows), axis=0)
    sub = [lg[rows] for lg in logs]
    theta, obj, ok = _irls(law, th0, sub, y[rows], delta, max_iter)
    # A resample still creeping along a flat valley after max_iter steps gets a second
    # chance with scipy's L-BFGS from where it stopped (rare: a few percent of resamples
    # for a poorly pinned x0, none in the benchmark).
    for i in np.flatnonzero(~ok):
        f = _objective(law, [lg[i] for lg in sub], y[rows[i]], delta)
        res, good = _lbfgs(f, theta[i], max_iter)
        if good and res.fun <= obj[i]:
            theta[i], ok[i] = res.x, True
    return theta, ok


def _bootstrap(law, logs, y, delta, theta_hat, n_boot, seed, max_iter, jobs=1):
    """Refit ``n_boot`` resamples of the runs; returns (reported params array, n_failed).

    All resample indices are drawn first, so the result does not depend on ``jobs``
    (worker processes, each refitting a share of the resamples; threads would not help,
    since Python overhead between the small array operations holds the GIL).
    """
    if n_boot <= 0:
        return np.empty((0, len(PARAMS[law]))), 0
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, y.size, size=(n_boot, y.size))
    chunk = 125  # bounds memory: chunk x runs x params doubles
    chunks = [idx[lo : lo + chunk] for lo in range(0, n_boot, chunk)]
    args = (law, theta_hat, logs, y)
    if jobs > 1 and len(chunks) > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # fork: workers inherit the imported modules, so starting them costs milliseconds
        ctx = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
            futures = [pool.submit(_refit_resamples, *args, c, delta, max_iter) for c in chunks]
            results = [f.result() for f in futures]
    else:
        results = [_refit_resamples(*args, c, delta, max_iter) for c in chunks]
    out, failed = [], 0
    for theta, ok in results:
        for t, good in zip(theta, ok, strict=True):
            rep = _report(law, t)
            if good and all(math.isfinite(v) for v in rep):
                out.append(rep)
            else:
                failed += 1
    return np.array(out, dtype=float).reshape(-1, len(PARAMS[law])), failed


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
