"""The scaling-theory simulations (AN #140), each run once per build: raw results as tables.

Five seeded experiments (science in :mod:`recomputed.science.manifold` and
:mod:`recomputed.science.teacher_student`) each make one table of what they measure,
one row per dimension, size and repeat, with every number at full precision; the power
laws fitted to three of them are tables too, one row per dimension and student. The
figures, tables, values and claims of :mod:`recomputed.artifacts.theory` read these
tables (``inputs=["theory.data_sweep"]``, say) instead of running an experiment or a fit
again, through the readers below, which rebuild the science module's own objects from a
table's rows exactly (every float round-trips through the cache unchanged).

The simulations live in a module of their own because an artifact's key covers every
file of its module's import closure: editing the page's declarations (titles, figures,
claims) in ``theory.py`` recomputes those, never these. This module must not import
``theory.py``. Every random draw is seeded from the parameters below (and the
dimension), so each table has the same bytes on every build.
"""

from __future__ import annotations

import numpy as np

from recomputed.engine.registry import Col, Table, table
from recomputed.science import manifold, teacher_student

# Sizes were chosen so that every simulation takes a few seconds at most on one core
# (see benchmarks/bench_theory.py) while the fitted exponents have intervals narrower
# than the gap between 2/d and 4/d.
ID_BY_DIMENSION = {"dims": [2, 3, 4, 5, 6, 8, 10, 12], "n": 1000, "ambient": 32, "k": 20,
                   "repeats": 5, "seed": 11}
ID_BY_SAMPLE = {"dims": [2, 5, 8], "sizes": [50, 100, 200, 400, 800, 1600, 3200],
                "ambient": 32, "k": 20, "repeats": 4, "seed": 12}
DATA = {"dims": [2, 3, 4, 5, 6, 7, 8], "sizes": [2**i for i in range(7, 15)], "repeats": 4,
        "n_test": 1000, "seed": 21}
MODEL = {"dims": [2, 3, 4, 5, 6, 7, 8], "pieces": [2**i for i in range(3, 11)], "repeats": 4,
         "points_per_piece": 3, "n_test": 1000, "seed": 22}
SPACING = {"dims": [2, 3, 4, 5, 6, 8], "sizes": [500 * 2**i for i in range(5)], "repeats": 4,
           "seed": 24}
VARIANCE = {"dims": [2, 4, 6, 8], "sizes": [40 * 2**i for i in range(4, 10)], "repeats": 8,
            "features": 40, "noise": 0.5, "seed": 23}


# -- intrinsic dimension ------------------------------------------------------------------------

ESTIMATE_COLUMNS = (Col("Manifold", align="left"), Col("d", fmt="int"),
                    Col("Points", fmt="int"), Col("Sample", fmt="int"),
                    Col("TwoNN estimate", fmt="fixed:3"), Col("MLE estimate", fmt="fixed:3"))


def _estimate_rows(found: list[manifold.Estimates]) -> list[tuple]:
    return [(e.kind, e.d, e.n, i, two, mle) for e in found
            for i, (two, mle) in enumerate(zip(e.twonn, e.mle, strict=True))]


def estimates(t: Table) -> dict[tuple[str, int, int], manifold.Estimates]:
    """The :class:`~recomputed.science.manifold.Estimates` of an intrinsic-dimension sweep,
    by (manifold, d, points), in the order they were measured."""
    samples: dict[tuple[str, int, int], list[tuple[float, float]]] = {}
    for kind, d, n, _, two, mle in t.rows:
        samples.setdefault((kind, d, n), []).append((two, mle))
    return {(kind, d, n): manifold.Estimates(kind, d, n, tuple(s[0] for s in got),
                                             tuple(s[1] for s in got))
            for (kind, d, n), got in samples.items()}


@table("theory.id_dimension_sweep", params=ID_BY_DIMENSION,
       title="Intrinsic dimension estimates of every sample, by manifold and dimension")
def id_dimension_sweep(dims, n, ambient, k, repeats, seed):
    """TwoNN and MLE estimates of d on each sample of a sphere and a cube, rotated into
    R^ambient, for each true dimension d."""
    return Table(ESTIMATE_COLUMNS, _estimate_rows(
        [manifold.estimate(kind, d, n, ambient, k, repeats, seed)
         for kind in ("sphere", "cube") for d in dims]))


@table("theory.id_sample_sweep", params=ID_BY_SAMPLE,
       title="Intrinsic dimension estimates of every sample of a sphere, by sample size")
def id_sample_sweep(dims, sizes, ambient, k, repeats, seed):
    """TwoNN and MLE estimates of d on each sample of a d-sphere, for each number of points."""
    return Table(ESTIMATE_COLUMNS, _estimate_rows(
        [manifold.estimate("sphere", d, n, ambient, k, repeats, seed)
         for d in dims for n in sizes]))


# -- resolution-limited scaling -------------------------------------------------------------------


def _curve_rows(curves: dict[int, teacher_student.Curves]) -> list[tuple]:
    return [(d, size, r, c.constant[r, i], c.linear[r, i])
            for d, c in curves.items() for r in range(c.constant.shape[0])
            for i, size in enumerate(c.sizes)]


def curves(t: Table) -> dict[int, teacher_student.Curves]:
    """The :class:`~recomputed.science.teacher_student.Curves` of a resolution-limited
    sweep, by d: the losses of each student, repeats x sizes."""
    by_d: dict[int, dict[tuple[int, int], tuple[float, float]]] = {}
    for d, size, r, constant, linear in t.rows:
        by_d.setdefault(d, {})[r, size] = (constant, linear)
    out = {}
    for d, cells in by_d.items():
        sizes = tuple(dict.fromkeys(size for _, size in cells))
        repeats = sorted({r for r, _ in cells})
        const = np.empty((len(repeats), len(sizes)))
        lin = np.empty((len(repeats), len(sizes)))
        for (r, size), (constant, linear) in cells.items():
            const[r, sizes.index(size)] = constant
            lin[r, sizes.index(size)] = linear
        out[d] = teacher_student.Curves(sizes, const, lin)
    return out


@table("theory.data_sweep", params=DATA,
       title="Data-limited teacher-student losses of every teacher, by d and training points")
def data_sweep(dims, sizes, repeats, n_test, seed):
    """Test MSE of the nearest-neighbour and local linear students against training-set
    size D, for each d and each random teacher (a repeat)."""
    return Table([Col("d", fmt="int"), Col("Training points D", fmt="int"),
                  Col("Teacher", fmt="int"), Col("Nearest neighbour MSE", fmt="sci:3"),
                  Col("Local linear MSE", fmt="sci:3")],
                 _curve_rows({d: teacher_student.data_limited(d, sizes, repeats, n_test, seed)
                              for d in dims}))


@table("theory.model_sweep", params=MODEL,
       title="Model-limited teacher-student losses of every teacher, by d and pieces")
def model_sweep(dims, pieces, repeats, points_per_piece, n_test, seed):
    """Test MSE of models of P constant or affine pieces, for each d and each random
    teacher (a repeat), with plentiful data."""
    return Table([Col("d", fmt="int"), Col("Pieces P", fmt="int"), Col("Teacher", fmt="int"),
                  Col("Constant pieces MSE", fmt="sci:3"),
                  Col("Affine pieces MSE", fmt="sci:3")],
                 _curve_rows({d: teacher_student.model_limited(d, pieces, repeats,
                                                               points_per_piece, n_test, seed)
                              for d in dims}))


# -- variance-limited scaling ---------------------------------------------------------------------


def excess(t: Table) -> tuple[tuple[int, ...], dict[int, np.ndarray]]:
    """The training-set sizes of the variance-limited sweep, and its excess losses by d
    (repeats x sizes)."""
    by_d: dict[int, dict[tuple[int, int], float]] = {}
    for d, size, r, loss in t.rows:
        by_d.setdefault(d, {})[r, size] = loss
    sizes = tuple(dict.fromkeys(row[1] for row in t.rows))
    out = {}
    for d, cells in by_d.items():
        a = np.empty((len({r for r, _ in cells}), len(sizes)))
        for (r, size), loss in cells.items():
            a[r, sizes.index(size)] = loss
        out[d] = a
    return sizes, out


@table("theory.variance_sweep", params=VARIANCE,
       title="Variance-limited excess losses of every repeat, by d and training points")
def variance_sweep(dims, sizes, repeats, features, noise, seed):
    """Excess test MSE of a fixed random-feature model over the infinite-data model,
    for each d, training-set size D and draw of training data (a repeat)."""
    rows = []
    for d in dims:
        out = teacher_student.variance_limited(d, sizes, repeats, features, noise, seed)
        rows += [(d, int(size), r, out[r, i]) for r in range(repeats)
                 for i, size in enumerate(sizes)]
    return Table([Col("d", fmt="int"), Col("Training points D", fmt="int"),
                  Col("Repeat", fmt="int"), Col("Excess test MSE", fmt="sci:3")], rows)


# -- fitted exponents -----------------------------------------------------------------------------

EXPONENT_COLUMNS = (Col("d", fmt="int"), Col("Student", align="left"),
                    Col("Exponent α", fmt="fixed:3"), Col("95% low", fmt="fixed:3"),
                    Col("95% high", fmt="fixed:3"), Col("Repeats", fmt="int"))


def _exponent_rows(fits: dict[int, dict[str, teacher_student.Exponent]]) -> list[tuple]:
    return [(d, student, e.alpha, e.low, e.high, e.repeats)
            for d, by_student in fits.items() for student, e in by_student.items()]


def exponents(t: Table) -> dict[int, dict[str, teacher_student.Exponent]]:
    """The fitted :class:`~recomputed.science.teacher_student.Exponent` of each d and
    student of an exponent table, in the order they were fitted."""
    out: dict[int, dict[str, teacher_student.Exponent]] = {}
    for d, student, alpha, low, high, repeats in t.rows:
        out.setdefault(d, {})[student] = teacher_student.Exponent(alpha, low, high, repeats)
    return out


def _curve_exponents(t: Table) -> Table:
    return Table(EXPONENT_COLUMNS, _exponent_rows(
        {d: {s: teacher_student.exponent(c.sizes, getattr(c, s)) for s in ("constant", "linear")}
         for d, c in curves(t).items()}))


@table("theory.data_exponent_fits", inputs=["theory.data_sweep"],
       title="Fitted exponents of test MSE against training points, by d and student")
def data_exponent_fits(data_sweep):
    """Mean over teachers of the log-log slope of each student's loss against D, with its
    Student-t 95% interval ('constant': nearest neighbour, 'linear': local linear)."""
    return _curve_exponents(data_sweep)


@table("theory.model_exponent_fits", inputs=["theory.model_sweep"],
       title="Fitted exponents of test MSE against pieces, by d and model")
def model_exponent_fits(model_sweep):
    """Mean over teachers of the log-log slope of the loss against P, with its Student-t
    95% interval ('constant': constant pieces, 'linear': affine pieces)."""
    return _curve_exponents(model_sweep)


@table("theory.variance_exponent_fits", inputs=["theory.variance_sweep"],
       title="Fitted exponents of the excess loss against training points, by d")
def variance_exponent_fits(variance_sweep):
    """Mean over repeats of the log-log slope of the random-feature model's excess loss
    against D, with its Student-t 95% interval."""
    sizes, by_d = excess(variance_sweep)
    return Table(EXPONENT_COLUMNS, _exponent_rows(
        {d: {"random features": teacher_student.exponent(sizes, a)} for d, a in by_d.items()}))


# -- the spacing of the data ---------------------------------------------------------------------


@table("theory.spacing_exponent_fits", params=SPACING,
       title="Fitted exponent of the mean nearest-neighbour distance against sample size, by d")
def spacing_exponent_fits(dims, sizes, repeats, seed):
    """Mean over repeats of the log-log slope of the mean nearest-neighbour distance on a
    d-sphere against the number of points D, with its Student-t 95% interval (the
    prediction is 1/d: distance ∝ D^(-1/d))."""
    return Table(EXPONENT_COLUMNS, _exponent_rows(
        {d: {"spacing": teacher_student.exponent(sizes, manifold.spacing_curves(
            d, sizes, repeats, seed))} for d in dims}))
