"""Data on low-dimensional manifolds, and estimators of their intrinsic dimension.

Bahri et al. (2021, arXiv 2102.06701) and Sharma & Kaplan (2020, arXiv 2004.10802)
explain scaling exponents through the intrinsic dimension d of the data manifold.
This module makes data whose d we know (a d-cube or a d-sphere, turned by a random
rotation into a higher-dimensional space R^D) and estimates d back from the points
alone, with the two estimators the papers discuss:

- **TwoNN** (Facco, d'Errico, Rodriguez & Laio 2017, Sci. Rep. 7:12140). With r1, r2
  the distances from a point to its first and second neighbours, mu = r2/r1 follows
  the Pareto law f(mu) = d mu^-(d+1) on mu >= 1 when the density is locally uniform,
  so the maximum-likelihood estimate is d = (n - 1) / sum_i log mu_i (the unbiased
  form, used here).
- **MLE** (Levina & Bickel 2005) with MacKay & Ghahramani's correction. With
  T_1 <= ... <= T_k the distances to the k nearest neighbours of x, the local
  inverse estimate is (1/(k-1)) sum_{j<k} log(T_k/T_j); MacKay & Ghahramani average
  these inverses over the points and invert the mean.

Distances are Euclidean in the ambient space; units are those of the coordinates
(the cube has unit side, the sphere unit radius). Neighbours come from
scipy.spatial.cKDTree. Pure functions: arrays in, floats out.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# scipy is imported inside the functions that use it: importing it costs a
# noticeable part of every build, and a cached build never calls them.


def rotation(d: int, ambient: int, rng: np.random.Generator) -> np.ndarray:
    """A random (ambient x d) matrix with orthonormal columns (a uniformly random d-frame).

    Multiplying intrinsic coordinates by it embeds them isometrically in R^ambient, so
    every distance, and hence every nearest-neighbour statistic, is unchanged.
    """
    if ambient < d:
        raise ValueError(f"cannot embed dimension {d} in R^{ambient}")
    q, r = np.linalg.qr(rng.standard_normal((ambient, d)))
    # Sign fix so the frame is Haar-distributed rather than biased by QR's convention.
    return q * np.sign(np.diag(r))


def cube(n: int, d: int, rng: np.random.Generator) -> np.ndarray:
    """n points uniform in the unit d-cube [0, 1]^d (intrinsic coordinates), shape (n, d)."""
    return rng.random((n, d))


def sphere(n: int, d: int, rng: np.random.Generator) -> np.ndarray:
    """n points uniform on the unit d-sphere S^d, a d-manifold in R^(d+1); shape (n, d+1)."""
    x = rng.standard_normal((n, d + 1))
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def embedded(kind: str, n: int, d: int, ambient: int, rng: np.random.Generator) -> np.ndarray:
    """n points of a d-dimensional ``"cube"`` or ``"sphere"``, randomly rotated into R^ambient."""
    if kind == "cube":
        z = cube(n, d, rng)
    elif kind == "sphere":
        z = sphere(n, d, rng)
    else:
        raise ValueError(f"unknown manifold {kind!r}; use 'cube' or 'sphere'")
    return z @ rotation(z.shape[1], ambient, rng).T


def _neighbour_distances(x: np.ndarray, k: int) -> np.ndarray:
    """Distances to the k nearest other points, shape (n, k), sorted ascending."""
    from scipy.spatial import cKDTree

    dist, _ = cKDTree(x).query(x, k=k + 1)
    return dist[:, 1:]  # column 0 is the point itself, at distance 0


def twonn(x: np.ndarray) -> float:
    """TwoNN intrinsic dimension: (n - 1) / sum log(r2/r1), the unbiased Pareto MLE."""
    r = _neighbour_distances(np.asarray(x, dtype=float), 2)
    log_mu = np.log(r[:, 1] / r[:, 0])
    return float((len(log_mu) - 1) / log_mu.sum())


def levina_bickel(x: np.ndarray, k: int = 20, mackay_ghahramani: bool = True) -> float:
    """Levina-Bickel MLE of the intrinsic dimension from k nearest neighbours.

    m_k(x)^-1 = (1/(k-1)) sum_{j=1}^{k-1} log(T_k(x)/T_j(x)). With the MacKay-Ghahramani
    correction (default) the estimate is 1 / mean_x m_k(x)^-1; without it, mean_x m_k(x).
    """
    if k < 3:
        raise ValueError("the MLE needs k >= 3 neighbours")
    t = _neighbour_distances(np.asarray(x, dtype=float), k)
    inv = np.log(t[:, -1:] / t[:, :-1]).mean(axis=1)
    if mackay_ghahramani:
        return float(1.0 / inv.mean())
    return float((1.0 / inv).mean())


@dataclass(frozen=True)
class Estimates:
    """Both estimators on ``repeats`` independent samples of one manifold."""

    kind: str
    d: int
    n: int
    twonn: tuple[float, ...]
    mle: tuple[float, ...]

    @staticmethod
    def _mean_sd(xs) -> tuple[float, float]:
        a = np.asarray(xs)
        return float(a.mean()), float(a.std(ddof=1)) if len(a) > 1 else 0.0

    @property
    def twonn_mean_sd(self) -> tuple[float, float]:
        return self._mean_sd(self.twonn)

    @property
    def mle_mean_sd(self) -> tuple[float, float]:
        return self._mean_sd(self.mle)


def estimate(kind: str, d: int, n: int, ambient: int, k: int, repeats: int,
             seed: int) -> Estimates:
    """TwoNN and Levina-Bickel (MacKay-Ghahramani) estimates on fresh samples of a manifold.

    Each repeat draws n points of the d-dimensional ``kind`` ("cube" or "sphere") in a
    new random orientation in R^ambient. The generator is seeded with (seed, kind, d, n),
    so each configuration is reproducible on its own, whatever else is computed.
    """
    rng = np.random.default_rng([seed, ("cube", "sphere").index(kind), d, n])
    two, mle = [], []
    for _ in range(repeats):
        x = embedded(kind, n, d, ambient, rng)
        two.append(twonn(x))
        mle.append(levina_bickel(x, k))
    return Estimates(kind, d, n, tuple(two), tuple(mle))


# -- how the spacing of a sample shrinks --------------------------------------------------------


def mean_spacing(x: np.ndarray) -> float:
    """Mean distance from each point to its nearest other point (units of the coordinates)."""
    return float(_neighbour_distances(x, 1).mean())


def spacing_curves(d: int, sizes, repeats: int, seed: int) -> np.ndarray:
    """Mean nearest-neighbour distance of nested samples of the unit d-sphere, repeats x sizes.

    For a uniform density on a d-manifold without boundary, the expected distance to the
    nearest of D points falls as D^(-1/d) once the spacing is small against the curvature
    radius: the argument behind 'to halve the spacing takes 2^d times as many points'.
    Each repeat draws max(sizes) points and measures its first n for each n in ``sizes``;
    the generator is seeded with (seed, d).
    """
    rng = np.random.default_rng([seed, d])
    out = np.empty((repeats, len(sizes)))
    for r in range(repeats):
        x = sphere(max(sizes), d, rng)
        out[r] = [mean_spacing(x[:n]) for n in sizes]
    return out
