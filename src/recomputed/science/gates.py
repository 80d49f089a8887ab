"""Multiplication with a few neurons: the Lin–Tegmark–Rolnick gate (AN #139).

Lin, Tegmark & Rolnick, "Why does deep and cheap learning work so well?"
(arXiv 1608.08225; J. Stat. Phys. 168, 2017) show that one hidden layer of four
neurons with a smooth activation σ multiplies two numbers as closely as we like:

    m(u, v) = [σ(u+v) + σ(−u−v) − σ(u−v) − σ(−u+v)] / (4 σ''(0)),
    x·y ≈ m(λx, λy) / λ²    for a small input scale λ.

Expanding σ(z) + σ(−z) = 2σ(0) + σ''(0) z² + σ''''(0) z⁴/12 + …, and using
(u+v)² − (u−v)² = 4uv and (u+v)⁴ − (u−v)⁴ = 8uv(u² + v²), gives

    m(u, v) = uv [1 + c (u² + v²) + O(6th order)],   c = σ''''(0) / (6 σ''(0)),

so the relative error of the gate is c λ² (x² + y²) to leading order: it
shrinks quadratically in λ. For softplus σ(z) = ln(1 + eᶻ), σ''(0) = 1/4 and
σ''''(0) = −1/8, so c = −1/12 (the gate slightly underestimates |xy|).

Inputs and outputs are dimensionless real numbers. The paper also proves that
a network with a single hidden layer needs at least 2ⁿ neurons to multiply n
inputs (for smooth σ), while a binary tree of gates needs 4(n − 1).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

# The gate's hidden layer: one (weight on u, weight on v, output sign) per neuron.
GATE_NEURONS: tuple[tuple[int, int, int], ...] = (
    (1, 1, 1),    # σ(u + v)
    (-1, -1, 1),  # σ(−u − v)
    (1, -1, -1),  # −σ(u − v)
    (-1, 1, -1),  # −σ(−u + v)
)


def softplus(z):
    """σ(z) = ln(1 + eᶻ), evaluated without overflow for large |z|."""
    z = np.asarray(z, dtype=float)
    return np.logaddexp(0.0, z)


def softplus_derivative(z, order: int):
    """The ``order``-th derivative of softplus at ``z`` (order 0 to 4), in closed form.

    With s = 1/(1 + e⁻ᶻ) (the logistic function), σ' = s, and ds/dz = s(1 − s), so

        σ''   = s(1 − s)
        σ'''  = s(1 − s)(1 − 2s)
        σ'''' = s(1 − s)(1 − 6s + 6s²).
    """
    z = np.asarray(z, dtype=float)
    if order == 0:
        return softplus(z)
    s = 0.5 * (1.0 + np.tanh(0.5 * z))  # the logistic function, stable for any z
    q = s * (1.0 - s)
    forms = {1: s, 2: q, 3: q * (1.0 - 2.0 * s), 4: q * (1.0 - 6.0 * s + 6.0 * s * s)}
    if order not in forms:
        raise ValueError(f"softplus derivatives are coded for orders 0 to 4, not {order}")
    return forms[order]


def taylor_coefficient() -> float:
    """c = σ''''(0) / (6 σ''(0)) for softplus: the gate's relative error is c λ²(x² + y²)."""
    return float(softplus_derivative(0.0, 4) / (6.0 * softplus_derivative(0.0, 2)))


def gate_literal(u, v):
    """m(u, v) evaluated neuron by neuron, exactly as a float64 network would.

    For small inputs the four activations are each close to ln 2 and the result is
    their small difference, so this loses about log10(1/λ²) digits to cancellation.
    """
    u = np.asarray(u, dtype=float)
    v = np.asarray(v, dtype=float)
    total = sum(c * softplus(a * u + b * v) for a, b, c in GATE_NEURONS)
    return total / (4.0 * float(softplus_derivative(0.0, 2)))


def _log_cosh(z):
    """ln cosh z without cancellation near 0 or overflow for large |z|."""
    z = np.abs(np.asarray(z, dtype=float))
    small = np.log1p(2.0 * np.sinh(0.5 * np.minimum(z, 1.0)) ** 2)  # cosh z − 1 = 2 sinh²(z/2)
    large = z - math.log(2.0) + np.log1p(np.exp(-2.0 * z))
    return np.where(z < 1.0, small, large)


def gate(u, v):
    """m(u, v) for softplus, computed by an exact identity that avoids cancellation.

    For softplus, σ(z) + σ(−z) = ln(2 + 2 cosh z) = 2 ln 2 + 2 ln cosh(z/2), so the
    four neurons sum to 2 ln cosh((u+v)/2) − 2 ln cosh((u−v)/2) and, with
    4σ''(0) = 1,

        m(u, v) = 2 [ln cosh((u+v)/2) − ln cosh((u−v)/2)].

    This is the same function as :func:`gate_literal`, in a form whose rounding
    error stays at the level of machine precision relative to uv.
    """
    u = np.asarray(u, dtype=float)
    v = np.asarray(v, dtype=float)
    return 2.0 * (_log_cosh(0.5 * (u + v)) - _log_cosh(0.5 * (u - v)))


def approx_product(x, y, lam: float, literal: bool = False):
    """The gate's estimate of x·y at input scale λ: m(λx, λy) / λ²."""
    m = gate_literal if literal else gate
    return m(lam * np.asarray(x, dtype=float), lam * np.asarray(y, dtype=float)) / lam**2


def relative_error(x, y, lam: float, literal: bool = False):
    """(m(λx, λy)/λ² − xy) / xy: the gate's relative error (dimensionless)."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    return approx_product(x, y, lam, literal) / (x * y) - 1.0


def taylor_relative_error(x, y, lam: float):
    """Leading-order prediction of :func:`relative_error`: c λ² (x² + y²)."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    return taylor_coefficient() * lam**2 * (x * x + y * y)


def loglog_slope(lams, errors) -> float:
    """Least-squares slope of ln|error| against ln λ (2 for a quadratic error)."""
    slope, _ = np.polyfit(np.log(np.asarray(lams, float)), np.log(np.abs(errors)), 1)
    return float(slope)


def tree_product(xs, lam: float) -> float:
    """Multiply the numbers ``xs`` with a binary tree of gates, as a deep network would.

    Each layer pairs neighbours and replaces each pair by m(λa, λb)/λ² (the output
    weight 1/(4λ²σ''(0)) undoes the input scaling); an odd one out passes through
    (an identity connection, no neuron). Uses ``len(xs) − 1`` gates.
    """
    level = [float(x) for x in xs]
    if not level:
        raise ValueError("need at least one number to multiply")
    while len(level) > 1:
        pairs = [float(approx_product(level[i], level[i + 1], lam))
                 for i in range(0, len(level) - 1, 2)]
        level = pairs + ([level[-1]] if len(level) % 2 else [])
    return level[0]


def shallow_product(xs, lam: float, bias: float = 0.0) -> float:
    """Multiply n ≤ 4 numbers with ONE hidden layer of 2ⁿ softplus neurons.

    One neuron per sign pattern s ∈ {±1}ⁿ, with activation σ(b + λ Σᵢ sᵢxᵢ) and
    output weight (Πᵢ sᵢ) / (2ⁿ σ⁽ⁿ⁾(b) λⁿ). In the Taylor series of the sum, every
    monomial in which some xᵢ has an even power (zero included) cancels over the
    sign patterns; the first survivor is n! x₁⋯xₙ from the n-th order term, so

        Σₛ (Πᵢ sᵢ) σ(b + λ s·x) = 2ⁿ σ⁽ⁿ⁾(b) λⁿ x₁⋯xₙ [1 + O(λ²)].

    With n = 2 and b = 0 this is the four-neuron gate. It needs σ⁽ⁿ⁾(b) ≠ 0, and
    softplus has a vanishing third derivative at 0, so n = 3 needs a bias. It shows
    that the 2ⁿ lower bound is attained, so the gap to the deep tree is real.
    Evaluated literally in float64 (rounding error grows like 1/λⁿ).
    """
    xs = np.asarray(xs, dtype=float)
    n = len(xs)
    d = float(softplus_derivative(bias, n))
    if abs(d) < 1e-12:
        raise ValueError(f"σ^({n})({bias}) = 0: choose a bias where it is not")
    signs = np.array(np.meshgrid(*([[-1.0, 1.0]] * n), indexing="ij")).reshape(n, -1).T
    weights = np.prod(signs, axis=1)
    total = float(np.sum(weights * softplus(bias + lam * signs @ xs)))
    return total / (2**n * d * lam**n)


@dataclass(frozen=True)
class NeuronCounts:
    """Hidden neurons needed to multiply n inputs.

    ``shallow_min``: the lower bound 2ⁿ for one hidden layer (Lin, Tegmark & Rolnick);
    ``deep``: 4 neurons per gate times the n − 1 gates of a binary tree;
    ``depth``: the tree's number of gate layers, ⌈log₂ n⌉.
    """

    n: int
    shallow_min: int
    deep: int
    depth: int


def neuron_counts(n: int) -> NeuronCounts:
    """Neuron counts for multiplying ``n`` ≥ 2 numbers (see :class:`NeuronCounts`)."""
    if n < 2:
        raise ValueError("multiplication needs at least two inputs")
    return NeuronCounts(n=n, shallow_min=2**n, deep=len(GATE_NEURONS) * (n - 1),
                        depth=math.ceil(math.log2(n)))
