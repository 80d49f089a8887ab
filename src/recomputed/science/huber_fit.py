"""The Huber objective of a scaling-law fit, and its minimisation (used by
:mod:`recomputed.science.fitting`, which describes the method and its sources).

Every law is evaluated in batch: theta has shape (B, P) (B parameter vectors, e.g.
grid points or bootstrap fits) and the log-inputs shape (n,) or (B, n). The result
is log L_hat (B, n) and its Jacobian (B, P, n) in the internal parameters, which
are unconstrained: (a, b, e, alpha, beta) for chinchilla, (c, alpha) with
c = alpha log x0 for power, (c, l, alpha) with l = log L_inf for power_plus_constant.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
from scipy import optimize

DELTA = 1e-3  # Hoffmann et al. (2022), Eq. 3
N_PARAMS = {"power": 2, "power_plus_constant": 3, "chinchilla": 5}
# Hoffmann et al. (2022), App. D.2: the initialisation grid, in (a, b, e, alpha, beta).
HOFFMANN_GRID = {
    "a": np.arange(0.0, 25.1, 5.0),
    "b": np.arange(0.0, 25.1, 5.0),
    "e": np.arange(-1.0, 1.01, 0.5),
    "alpha": np.arange(0.0, 2.01, 0.5),
    "beta": np.arange(0.0, 2.01, 0.5),
}


def _lse_terms(*u):
    """log(sum exp u_k) and the softmax weights exp(u_k - lse), without overflow."""
    m = u[0]
    for v in u[1:]:
        m = np.maximum(m, v)
    ex = [np.exp(v - m) for v in u]
    s = sum(ex)
    return m + np.log(s), [x / s for x in ex]


def log_prediction(law: str, theta: np.ndarray, logs):
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


def reported(law: str, theta) -> tuple[float, ...]:
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


def mean_losses(law, theta, logs, y, delta):
    """Mean Huber loss / delta for each row of theta (B,); dividing by delta keeps it O(|r|)."""
    with np.errstate(over="ignore", invalid="ignore"):
        pred, _ = log_prediction(law, theta, logs)
        v = huber(pred - y, delta).mean(axis=-1) / delta
    return np.where(np.isfinite(v), v, np.inf)


def objective(law, logs, y, delta):
    """The objective and its gradient for one parameter vector, for scipy's L-BFGS."""

    def f(theta):
        with np.errstate(over="ignore", invalid="ignore"):
            pred, jac = log_prediction(law, theta[None, :], logs)
            r = pred[0] - y
        if not np.all(np.isfinite(r)):
            return math.inf, np.zeros_like(theta)
        value = float(np.mean(huber(r, delta))) / delta
        psi = np.clip(r, -delta, delta) / delta  # Huber'(r) / delta
        return value, jac[0] @ psi / r.size

    return f


def irls(law, theta, logs, y, delta, max_iter=200, rtol=1e-10, crawl_tol=1e-7):
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
            pred, jac = log_prediction(law, th, lg)
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
        [mean_losses(law, pts[lo : lo + 512], logs, y, delta) for lo in range(0, len(pts), 512)]
    )


def default_grid(law: str, logs, y):
    """Hoffmann's grid for chinchilla; for one-variable laws a grid placed on the data."""
    if law == "chinchilla":
        return [HOFFMANN_GRID[k] for k in ("a", "b", "e", "alpha", "beta")]
    alphas = np.array([0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1.0, 1.5, 2.0])
    offsets = np.array([-1.0, 0.0, 1.0])
    if law == "power":
        return [offsets, alphas]
    l_infs = float(np.min(y)) + np.log([0.05, 0.3, 0.6, 0.8, 0.9, 0.97])
    return [offsets, l_infs, alphas]


def grid_points(law, logs, y, grid):
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


def best_starts(law, logs, y, delta, pts, n_starts):
    """The ``n_starts`` grid points with the lowest objective (all if None), best first."""
    order = np.argsort(_grid_values(law, logs, y, delta, pts), kind="stable")
    return pts[order if n_starts is None else order[:n_starts]]


def lbfgs(f, theta0, max_iter):
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


def _refit_resamples(law, theta_hat, logs, y, rows, delta, max_iter):
    """Refit the resamples ``rows`` (index arrays into the runs) from ``theta_hat``."""
    th0 = np.repeat(theta_hat[None, :], len(rows), axis=0)
    sub = [lg[rows] for lg in logs]
    theta, obj, ok = irls(law, th0, sub, y[rows], delta, max_iter)
    # A resample still creeping along a flat valley after max_iter steps gets a second
    # chance with scipy's L-BFGS from where it stopped (rare: a few percent of resamples
    # for a poorly pinned x0, none in the benchmark).
    for i in np.flatnonzero(~ok):
        f = objective(law, [lg[i] for lg in sub], y[rows[i]], delta)
        res, good = lbfgs(f, theta[i], max_iter)
        if good and res.fun <= obj[i]:
            theta[i], ok[i] = res.x, True
    return theta, ok


def bootstrap(law, logs, y, delta, theta_hat, n_boot, seed, max_iter, jobs=1, progress=None):
    """Refit ``n_boot`` resamples of the runs; returns (reported params array, n_failed).
    ``progress(done, n_boot)``, if given, is called after each chunk of resamples.

    All resample indices are drawn first, so the result does not depend on ``jobs``
    (worker processes, each refitting a share of the resamples; threads would not help,
    since Python overhead between the small array operations holds the GIL).
    """
    if n_boot <= 0:
        return np.empty((0, N_PARAMS[law])), 0
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
            results = []
            for f in futures:
                results.append(f.result())
                if progress:
                    progress(sum(len(x) for x in chunks[: len(results)]), n_boot)
    else:
        results = []
        for c in chunks:
            results.append(_refit_resamples(*args, c, delta, max_iter))
            if progress:
                progress(sum(len(x) for x in chunks[: len(results)]), n_boot)
    out, failed = [], 0
    for theta, ok in results:
        for t, good in zip(theta, ok, strict=True):
            rep = reported(law, t)
            if good and all(math.isfinite(v) for v in rep):
                out.append(rep)
            else:
                failed += 1
    return np.array(out, dtype=float).reshape(-1, N_PARAMS[law]), failed
