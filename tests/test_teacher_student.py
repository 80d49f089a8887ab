"""Teacher-student experiments: closed forms, exact students, exponent recovery, determinism."""

from __future__ import annotations

import numpy as np
import pytest

from recomputed.science import teacher_student as ts


def test_cube_mean_cos_matches_closed_form_and_monte_carlo():
    # d = 1: E[cos(u z + c)] = (sin(u + c) - sin(c)) / u exactly.
    u, c = 2.3, 0.7
    assert ts.cube_mean_cos(np.array([u]), c) == pytest.approx((np.sin(u + c) - np.sin(c)) / u)
    # u = 0 gives cos(c); a zero coordinate contributes a factor 1.
    assert ts.cube_mean_cos(np.zeros(3), 0.4) == pytest.approx(np.cos(0.4))
    rng = np.random.default_rng(0)
    w = rng.normal(0, 3, size=4)
    z = rng.random((400_000, 4))
    mc = np.cos(z @ w + 1.1).mean()
    assert ts.cube_mean_cos(w, 1.1) == pytest.approx(mc, abs=5e-3)


def test_cube_gram_matches_monte_carlo():
    rng = np.random.default_rng(1)
    f = ts.random_cosines(5, 3, 4.0, rng)
    g = ts.random_cosines(4, 3, 4.0, rng)
    z = rng.random((400_000, 3))
    mc = f.features(z).T @ g.features(z) / len(z)
    assert np.allclose(ts.cube_gram(f, g), mc, atol=5e-3)
    # A feature's mean square is 1/2 + E[cos(2 w.z + 2 b)]/2: the diagonal is exact.
    diag = np.diag(ts.cube_gram(f, f))
    assert np.allclose(diag, 0.5 + 0.5 * ts.cube_mean_cos(2 * f.w, 2 * f.b))


def test_teacher_has_unit_mean_square_on_average():
    # sum_j a_j^2 E[cos^2] with E[a_j^2] = 2/m and E[cos^2] = 1/2 (uniform phases): 1.
    rng = np.random.default_rng(2)
    # Teachers vary a lot (s.d. of a teacher's mean square ~0.7), so average 1,000 of them:
    # the standard error is ~0.02, a fifth of the tolerance.
    z = rng.random((500, 3))
    ms = np.mean([np.mean(ts.random_cosines(64, 3, 4.0, rng)(z) ** 2) for _ in range(1000)])
    assert ms == pytest.approx(1.0, rel=0.1)


def test_students_are_exact_where_they_should_be():
    rng = np.random.default_rng(3)
    z = rng.random((300, 3))
    zt = rng.random((50, 3))
    slope, intercept = np.array([0.3, -1.2, 2.0]), 0.7
    y, yt = z @ slope + intercept, zt @ slope + intercept
    # Nearest neighbour returns training labels at training points.
    assert np.array_equal(ts.nearest_neighbour(z, y, z[:20]), y[:20])
    # Affine fits reproduce an affine teacher anywhere (no curvature term).
    assert np.allclose(ts.local_linear(z, y, zt), yt, atol=1e-8)
    flat, affine = ts.pieces_fit(z[:10], z, y, zt, k=12)
    assert np.allclose(affine, yt, atol=1e-8)
    assert not np.allclose(flat, yt, atol=1e-3)  # a constant cannot follow a slope


def test_exponent_recovers_known_power_law():
    rng = np.random.default_rng(4)
    x = np.geomspace(100, 10_000, 8)
    losses = 3.0 * x**-0.8 * np.exp(rng.normal(0, 0.05, size=(6, 8)))
    e = ts.exponent(x, losses)
    assert e.low < 0.8 < e.high
    assert e.alpha == pytest.approx(0.8, abs=0.05)
    exact = ts.exponent(x, np.tile(2.0 * x**-1.5, (3, 1)))
    assert exact.alpha == pytest.approx(1.5) and exact.high - exact.low < 1e-9


@pytest.mark.parametrize("d", [2, 3])
def test_data_limited_exponents_match_2_over_d_and_4_over_d(d):
    # Small sizes for speed; at d <= 3 the asymptotic regime is reached by a few hundred
    # points, and the build's larger run agrees with these to within a few per cent.
    sizes = [2**i for i in range(7, 12)]
    c = ts.data_limited(d, sizes, repeats=3, n_test=500, seed=0)
    assert ts.exponent(sizes, c.constant).alpha == pytest.approx(2 / d, rel=0.15)
    assert ts.exponent(sizes, c.linear).alpha == pytest.approx(4 / d, rel=0.15)


def test_model_limited_exponent_matches_4_over_d_at_d2():
    pieces = [2**i for i in range(4, 9)]
    c = ts.model_limited(2, pieces, repeats=3, points_per_piece=3, n_test=500, seed=0)
    assert ts.exponent(pieces, c.linear).alpha == pytest.approx(2.0, rel=0.15)
    assert ts.exponent(pieces, c.constant).alpha == pytest.approx(1.0, rel=0.15)


@pytest.mark.parametrize("d", [2, 6])
def test_variance_limited_exponent_is_one_whatever_d(d):
    sizes = [40 * 2**i for i in range(3, 8)]
    excess = ts.variance_limited(d, sizes, repeats=6, features=40, noise=0.5, seed=1)
    assert ts.exponent(sizes, excess).alpha == pytest.approx(1.0, abs=0.12)
    # Least squares with P features and noise s.d. sigma: excess >= sigma^2 P / D (the
    # teacher's misfit only adds), approached within a factor of a few.
    ratio = excess.mean(axis=0) / (0.5**2 * 40 / np.array(sizes))
    assert np.all(ratio > 0.8) and np.all(ratio < 4.0)


def test_experiments_are_deterministic():
    a = ts.data_limited(2, [64, 128], repeats=2, n_test=100, seed=5)
    b = ts.data_limited(2, [64, 128], repeats=2, n_test=100, seed=5)
    c = ts.data_limited(2, [64, 128], repeats=2, n_test=100, seed=6)
    assert np.array_equal(a.linear, b.linear) and np.array_equal(a.constant, b.constant)
    assert not np.array_equal(a.linear, c.linear)
    v1 = ts.variance_limited(2, [100, 200], repeats=2, features=10, noise=0.1, seed=5)
    v2 = ts.variance_limited(2, [100, 200], repeats=2, features=10, noise=0.1, seed=5)
    assert np.array_equal(v1, v2)


def test_data_limited_matches_the_standalone_students():
    # The experiment shares one neighbour search between both students; the result
    # must equal calling each student on its own.
    d, sizes = 3, [50, 200]
    c = ts.data_limited(d, sizes, repeats=1, n_test=40, seed=8)
    rng = np.random.default_rng([8, d])  # replay the experiment's draws
    teacher = ts.random_cosines(ts.TEACHER_COSINES, d, ts.WAVENUMBER, rng)
    z = rng.random((max(sizes), d))
    zt = rng.random((40, d))
    y, yt = teacher(z), teacher(zt)
    for i, n in enumerate(sizes):
        nn = np.mean((ts.nearest_neighbour(z[:n], y[:n], zt) - yt) ** 2)
        ll = np.mean((ts.local_linear(z[:n], y[:n], zt) - yt) ** 2)
        assert c.constant[0, i] == pytest.approx(nn, rel=1e-12)
        assert c.linear[0, i] == pytest.approx(ll, rel=1e-12)
