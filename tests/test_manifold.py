"""Intrinsic-dimension estimators: recovery of known dimensions, invariances, determinism."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.spatial.distance import pdist

from recomputed.science import manifold


def test_rotation_is_an_isometry():
    rng = np.random.default_rng(0)
    q = manifold.rotation(3, 10, rng)
    assert np.allclose(q.T @ q, np.eye(3), atol=1e-12)
    z = manifold.cube(50, 3, rng)
    assert np.allclose(pdist(z @ q.T), pdist(z), atol=1e-12)


def test_samples_lie_on_their_manifolds():
    rng = np.random.default_rng(1)
    s = manifold.sphere(200, 4, rng)
    assert s.shape == (200, 5)
    assert np.allclose(np.linalg.norm(s, axis=1), 1.0)
    c = manifold.cube(200, 4, rng)
    assert c.min() >= 0.0 and c.max() <= 1.0
    x = manifold.embedded("sphere", 200, 4, 12, rng)
    assert x.shape == (200, 12)
    # Five orthonormal directions span the embedded sphere: rank 5, radius 1.
    assert np.linalg.matrix_rank(x, tol=1e-9) == 5
    assert np.allclose(np.linalg.norm(x, axis=1), 1.0)


@pytest.mark.parametrize("d", [2, 3, 5])
def test_estimators_recover_sphere_dimension(d):
    # 2,000 points on S^d in R^20: TwoNN's sampling spread at this size is ~3-4% of d
    # (Facco et al.), the MLE's bias at k = 20 a few per cent below d up to d = 5.
    x = manifold.embedded("sphere", 2000, d, 20, np.random.default_rng(d))
    assert manifold.twonn(x) == pytest.approx(d, rel=0.10)
    assert manifold.levina_bickel(x, k=20) == pytest.approx(d, rel=0.08)


def test_estimators_recover_cube_dimension_at_small_d():
    # The cube's boundary biases the estimates low; at d = 2 the bias is a few per cent.
    x = manifold.embedded("cube", 2000, 2, 20, np.random.default_rng(7))
    assert manifold.twonn(x) == pytest.approx(2, rel=0.10)
    assert manifold.levina_bickel(x, k=20) == pytest.approx(2, rel=0.08)


def test_mle_underestimates_high_dimension():
    # The known small-sample bias: with 500 points at d = 10 the MLE is clearly low.
    x = manifold.embedded("sphere", 500, 10, 20, np.random.default_rng(3))
    assert manifold.levina_bickel(x, k=20) < 9.0


def test_twonn_is_pareto_mle():
    # On a 1-D set we control, the estimate is (n-1)/sum log(r2/r1) by hand.
    x = np.array([[0.0], [1.0], [3.0], [7.0], [15.0]])
    # r2/r1: 0 -> 3/1, 1 -> 2/1, 3 -> 3/2 (to 0), 7 -> 6/4 (to 1), 15 -> 12/8 (to 3)
    ratios = np.array([3 / 1, 2 / 1, 3 / 2, 6 / 4, 12 / 8])
    assert manifold.twonn(x) == pytest.approx(4 / np.log(ratios).sum())


def test_mackay_ghahramani_never_exceeds_plain_average():
    # 1/mean(1/m) <= mean(m) (harmonic vs arithmetic mean), with equality only if all agree.
    x = manifold.embedded("cube", 400, 3, 8, np.random.default_rng(4))
    assert manifold.levina_bickel(x, 10) < manifold.levina_bickel(x, 10,
                                                                  mackay_ghahramani=False)


def test_estimators_ignore_scale_and_orientation():
    rng = np.random.default_rng(5)
    x = manifold.embedded("sphere", 300, 3, 10, rng)
    q = manifold.rotation(10, 10, rng)
    for f in (manifold.twonn, lambda a: manifold.levina_bickel(a, 10)):
        assert f(7.5 * x @ q.T) == pytest.approx(f(x), rel=1e-9)


def test_estimate_is_deterministic_and_seeded():
    a = manifold.estimate("sphere", 4, 300, 12, 10, 3, seed=9)
    b = manifold.estimate("sphere", 4, 300, 12, 10, 3, seed=9)
    c = manifold.estimate("sphere", 4, 300, 12, 10, 3, seed=10)
    assert a == b
    assert a.twonn != c.twonn
    assert len(a.mle) == 3 and a.mle_mean_sd[1] > 0


def test_bad_arguments():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError):
        manifold.rotation(5, 3, rng)
    with pytest.raises(ValueError):
        manifold.embedded("torus", 10, 2, 4, rng)
    with pytest.raises(ValueError):
        manifold.levina_bickel(manifold.cube(20, 2, rng), k=2)
