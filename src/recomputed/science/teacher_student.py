"""Teacher-student regression on a d-dimensional manifold: the four scaling regimes.

Bahri, Dyer, Kaplan, Lee & Sharma (2021, arXiv 2102.06701) and Sharma & Kaplan
(2020, arXiv 2004.10802) argue that when a model must *resolve* a smooth function on
a data manifold of intrinsic dimension d, the test loss falls as a power of the
resource with an exponent set by d:

- A training set of D points covers the manifold with spacing h ~ D^(-1/d).
- A piecewise-constant student (nearest neighbour) errs by O(h) at a test point, so
  its mean-squared error falls as h^2 ~ D^(-2/d).
- A piecewise-linear student errs by O(h^2) (the curvature term), so its
  mean-squared error falls as h^4 ~ D^(-4/d).
- With plentiful data and P pieces of model instead, the pieces have size
  ~ P^(-1/d) and the same argument gives P^(-2/d) and P^(-4/d).
- With a fixed model and noisy labels, the excess loss over the infinite-data model
  falls as 1/D (variance-limited scaling), whatever d.

Everything here works in the manifold's intrinsic coordinates z in the unit cube
[0, 1]^d. An isometric embedding in a larger space (``manifold.rotation``) changes
no distance and no fitted value, so it is left out; it stands for a network that has
already mapped its input to a d-dimensional representation, as the theory assumes.
Losses are mean squared errors in squared teacher units (the teacher has unit
mean square on average). Pure functions: arrays and floats in, floats or frozen
dataclasses out.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# scipy is imported inside the functions that use it: importing it costs a
# noticeable part of every build, and a cached build never calls them.

# -- the teacher ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Cosines:
    """f(z) = sum_j a_j cos(w_j . z + b_j): a smooth random teacher, or random features.

    ``w`` has shape (m, d) in radians per unit of z; ``a`` and ``b`` have shape (m,).
    """

    w: np.ndarray
    b: np.ndarray
    a: np.ndarray

    def features(self, z: np.ndarray) -> np.ndarray:
        """The m features cos(w_j . z + b_j) at the points z, shape (n, m)."""
        return np.cos(z @ self.w.T + self.b)

    def __call__(self, z: np.ndarray) -> np.ndarray:
        return self.features(z) @ self.a


def random_cosines(m: int, d: int, wavenumber: float, rng: np.random.Generator) -> Cosines:
    """m cosines with w ~ N(0, (wavenumber^2 / d) I_d), phases uniform, a ~ N(0, 2/m).

    The amplitude variance 2/m gives the teacher unit mean square on average over
    teachers and points (each cosine has mean square 1/2). ``wavenumber`` is the root-mean-square
    length of w in radians per unit of z. Dividing the variance by d keeps it the same in
    every dimension, so a teacher in d = 8 is no rougher along a line than one in d = 2:
    the comparison across d then isolates the effect of d on the spacing of the data.
    """
    w = rng.normal(0.0, wavenumber / np.sqrt(d), size=(m, d))
    b = rng.uniform(0.0, 2 * np.pi, size=m)
    a = rng.normal(0.0, np.sqrt(2.0 / m), size=m)
    return Cosines(w, b, a)


def cube_mean_cos(u: np.ndarray, c: np.ndarray) -> np.ndarray:
    """E[cos(u . z + c)] for z uniform in [0, 1]^d, exactly; u has shape (..., d).

    E[exp(i u_k z_k)] = (exp(i u_k) - 1) / (i u_k) (equal to 1 at u_k = 0), and the
    coordinates are independent, so the mean is Re(exp(i c) prod_k of those factors).
    """
    u = np.asarray(u, dtype=float)
    small = np.abs(u) < 1e-12
    safe = np.where(small, 1.0, u)
    factor = np.where(small, 1.0 + 0j, np.expm1(1j * safe) / (1j * safe))
    return np.real(np.exp(1j * np.asarray(c)) * np.prod(factor, axis=-1))


def cube_gram(f: Cosines, g: Cosines) -> np.ndarray:
    """E[phi_f(z) phi_g(z)^T] over the unit cube, exactly: the (m_f, m_g) feature Gram matrix.

    cos A cos B = (cos(A + B) + cos(A - B)) / 2, and each term has the mean above.
    """
    plus = cube_mean_cos(f.w[:, None, :] + g.w[None, :, :], f.b[:, None] + g.b[None, :])
    minus = cube_mean_cos(f.w[:, None, :] - g.w[None, :, :], f.b[:, None] - g.b[None, :])
    return 0.5 * (plus + minus)


# -- students -------------------------------------------------------------------------------


def nearest_neighbour(z_train, y_train, z_test) -> np.ndarray:
    """Piecewise-constant student: predict the label of the nearest training point."""
    from scipy.spatial import cKDTree

    _, idx = cKDTree(z_train).query(z_test, k=1)
    return np.asarray(y_train)[idx]


def affine_fits(z_train, y_train, centres, k: int, ridge: float = 1e-10, idx=None):
    """Least-squares affine fits to the k training points nearest each centre.

    Returns (values at the centres, gradients), shapes (m,) and (m, d). Coordinates
    are centred on each centre, so its value is the intercept. ``ridge`` (relative to
    the mean squared distance, on the slopes only) guards against degenerate
    neighbourhoods without biasing a well-spread one. ``idx``, the (m, k) indices of
    the neighbours if the caller already has them, saves a second tree search.
    """
    from scipy.spatial import cKDTree

    z_train = np.asarray(z_train, dtype=float)
    centres = np.asarray(centres, dtype=float)
    d = z_train.shape[1]
    if idx is None:
        _, idx = cKDTree(z_train).query(centres, k=k)
    dz = z_train[idx] - centres[:, None, :]  # (m, k, d)
    a = np.concatenate([np.ones(dz.shape[:2] + (1,)), dz], axis=2)  # (m, k, d+1)
    gram = np.einsum("mki,mkj->mij", a, a)
    scale = np.einsum("mkj,mkj->m", dz, dz) / k
    reg = ridge * scale[:, None, None] * np.eye(d + 1)
    reg[:, 0, 0] = 0.0
    rhs = np.einsum("mki,mk->mi", a, np.asarray(y_train, dtype=float)[idx])
    coef = np.linalg.solve(gram + reg, rhs[..., None])[..., 0]
    return coef[:, 0], coef[:, 1:]


def local_linear(z_train, y_train, z_test, k: int | None = None) -> np.ndarray:
    """Piecewise-linear student: at each test point, the affine fit to its k nearest points.

    k defaults to 2(d + 1), enough for a well-conditioned fit of the d + 1 coefficients.
    The fit is exact for affine teachers, so its error at a test point is the curvature
    term, O(h^2) for neighbour distance h, and the squared error is O(h^4).
    """
    d = np.asarray(z_train).shape[1]
    value, _ = affine_fits(z_train, y_train, z_test, 2 * (d + 1) if k is None else k)
    return value


def pieces_fit(anchors, z_train, y_train, z_test, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Models of P pieces, one per anchor, each used on the anchor's Voronoi cell.

    Each piece is fitted by least squares to the k training points nearest its anchor:
    a constant (their mean: P parameters in all) or an affine function (P(d + 1)
    parameters). Fitting to a fixed number of neighbours rather than to the cell's own
    points keeps every piece well determined, even in the small cells that random
    anchors make. Returns the predictions of both models at ``z_test``.
    """
    from scipy.spatial import cKDTree

    anchors = np.asarray(anchors, dtype=float)
    z_train = np.asarray(z_train, dtype=float)
    _, idx = cKDTree(z_train).query(anchors, k=k)
    means = np.asarray(y_train, dtype=float)[idx].mean(axis=1)
    value, grad = affine_fits(z_train, y_train, anchors, k, idx=idx)
    _, cell = cKDTree(anchors).query(z_test, k=1)
    dz = np.asarray(z_test, dtype=float) - anchors[cell]
    return means[cell], value[cell] + np.einsum("md,md->m", grad[cell], dz)


# -- fits ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Exponent:
    """A fitted power law loss ~ x^-alpha: the mean exponent over repeats and its interval.

    Each repeat gives its own least-squares slope of log loss against log x; ``alpha``
    is their mean and [``low``, ``high``] the Student-t 95% interval of that mean.
    """

    alpha: float
    low: float
    high: float
    repeats: int


def exponent(x: np.ndarray, losses: np.ndarray, level: float = 0.95) -> Exponent:
    """Fit loss = k x^-alpha to each row of ``losses`` (repeats x len(x)); t-interval on alpha."""
    from scipy import stats

    logx = np.log(np.asarray(x, dtype=float))
    logl = np.log(np.atleast_2d(np.asarray(losses, dtype=float)))
    slopes = -np.polyfit(logx, logl.T, 1)[0]
    r = len(slopes)
    mean = float(slopes.mean())
    if r < 2:
        return Exponent(mean, mean, mean, r)
    half = float(stats.t.ppf(0.5 + level / 2, r - 1) * slopes.std(ddof=1) / np.sqrt(r))
    return Exponent(mean, mean - half, mean + half, r)



def agreement(e: Exponent, predicted: float) -> str:
    """Whether a fitted exponent's interval contains a predicted exponent: ``"yes"``, or
    ``"above"`` / ``"below"`` when the whole interval lies above / below the prediction.

    The strict test of a theory's exponent against one measurement (equality within
    sampling error); at the 95% level about one cell in twenty disagrees by chance alone.
    """
    if e.low > predicted:
        return "above"
    if e.high < predicted:
        return "below"
    return "yes"


def scaled(e: Exponent, factor: float) -> Exponent:
    """The exponent and its interval multiplied by ``factor`` > 0 (e.g. alpha·d, the
    numerator n of alpha = n/d, or alpha/(n/d), the ratio to a prediction)."""
    if factor <= 0:
        raise ValueError(f"the factor must be positive, not {factor}")
    return Exponent(e.alpha * factor, e.low * factor, e.high * factor, e.repeats)

# -- the experiments ------------------------------------------------------------------------

TEACHER_COSINES = 64  # enough terms that the teacher looks like a generic smooth function
WAVENUMBER = 4.0  # radians per unit of z: under one wavelength across the unit cube


@dataclass(frozen=True)
class Curves:
    """Test losses (repeats x sizes) of each student, and the sizes they were measured at."""

    sizes: tuple[int, ...]
    constant: np.ndarray
    linear: np.ndarray


def data_limited(d: int, sizes, repeats: int, n_test: int, seed: int) -> Curves:
    """Resolution-limited, data-limited scaling: test MSE against training-set size D.

    Each repeat draws a new teacher, a nested sequence of training sets (the first D
    points of one long draw, so the curve is smooth in D) and a test set; the students
    are nearest neighbour (constant) and the local linear fit (linear). Noise-free labels.
    Theory: MSE ~ D^(-2/d) and D^(-4/d).
    """
    from scipy.spatial import cKDTree

    rng = np.random.default_rng([seed, d])
    sizes = tuple(int(s) for s in sizes)
    const = np.empty((repeats, len(sizes)))
    lin = np.empty((repeats, len(sizes)))
    for r in range(repeats):
        teacher = random_cosines(TEACHER_COSINES, d, WAVENUMBER, rng)
        z = rng.random((max(sizes), d))
        y = teacher(z)
        zt = rng.random((n_test, d))
        yt = teacher(zt)
        for i, n in enumerate(sizes):
            # One neighbour search serves both students: the nearest of the 2(d + 1)
            # neighbours is the nearest-neighbour prediction.
            _, idx = cKDTree(z[:n]).query(zt, k=2 * (d + 1))
            const[r, i] = np.mean((y[idx[:, 0]] - yt) ** 2)
            value, _ = affine_fits(z[:n], y[:n], zt, 2 * (d + 1), idx=idx)
            lin[r, i] = np.mean((value - yt) ** 2)
    return Curves(sizes, const, lin)


def model_limited(d: int, pieces, repeats: int, points_per_piece: int, n_test: int,
                  seed: int) -> Curves:
    """Resolution-limited, model-limited scaling: test MSE against the number of pieces P.

    The student has P pieces (Voronoi cells of P anchors drawn from the data
    distribution), constant or affine on each, each fitted to the
    ``points_per_piece`` x (d + 1) noise-free training points nearest its anchor, from a
    training set that grows with P (that many points per piece), so the data never
    limit it. Theory: MSE ~ P^(-2/d) and P^(-4/d).
    """
    rng = np.random.default_rng([seed, d])
    pieces = tuple(int(p) for p in pieces)
    k = points_per_piece * (d + 1)
    const = np.empty((repeats, len(pieces)))
    lin = np.empty((repeats, len(pieces)))
    for r in range(repeats):
        teacher = random_cosines(TEACHER_COSINES, d, WAVENUMBER, rng)
        zt = rng.random((n_test, d))
        yt = teacher(zt)
        # One nested draw of training points: the model with P pieces sees the first
        # k P of them, so the teacher is evaluated once per repeat.
        z = rng.random((k * max(pieces), d))
        y = teacher(z)
        for i, p in enumerate(pieces):
            flat, affine = pieces_fit(rng.random((p, d)), z[:k * p], y[:k * p], zt, k)
            const[r, i] = np.mean((flat - yt) ** 2)
            lin[r, i] = np.mean((affine - yt) ** 2)
    return Curves(pieces, const, lin)


def variance_limited(d: int, sizes, repeats: int, features: int, noise: float,
                     seed: int) -> np.ndarray:
    """Variance-limited scaling: excess test MSE of a fixed random-feature model against D.

    The student is linear regression on ``features`` random cosine features (fixed
    across D); labels are teacher + Gaussian noise of standard deviation ``noise``.
    The infinite-data student w* and the test loss are exact: the feature Gram matrix
    and the feature-teacher moments over the unit cube have closed forms
    (:func:`cube_gram`). Returns the excess loss (w - w*)^T G (w - w*), shape
    (repeats, len(sizes)), in squared teacher units. Theory: ~ noise'^2 P / D, where
    noise' adds the teacher's misfit to the label noise; exponent 1 whatever d.
    """
    rng = np.random.default_rng([seed, d])
    sizes = tuple(int(s) for s in sizes)
    out = np.empty((repeats, len(sizes)))
    teacher = random_cosines(TEACHER_COSINES, d, WAVENUMBER, rng)
    student = random_cosines(features, d, WAVENUMBER, rng)
    gram = cube_gram(student, student)
    w_star = np.linalg.solve(gram, cube_gram(student, teacher) @ teacher.a)
    for r in range(repeats):
        z = rng.random((max(sizes), d))
        phi = student.features(z)
        y = teacher(z) + noise * rng.standard_normal(len(z))
        for i, n in enumerate(sizes):
            w, *_ = np.linalg.lstsq(phi[:n], y[:n], rcond=None)
            e = w - w_star
            out[r, i] = e @ gram @ e
    return out
