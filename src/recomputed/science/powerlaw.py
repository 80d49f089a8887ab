"""Power laws with and without a constant, and where two power laws cross.

A scaling law here is L(x) = L_inf + (x0 / x)^alpha (Henighan et al. 2020,
Eq. 1.1), or a pure power law when L_inf = 0 (Kaplan et al. 2020). Units are
whatever the caller's x and L are in: the papers use nats per token for L,
PF-days for compute (1 PF-day = 8.64e19 FLOP), parameters for N, tokens for D.
Pure functions on floats and NumPy arrays.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


def loss(x, x0: float, alpha: float, l_inf: float = 0.0):
    """L(x) = l_inf + (x0/x)^alpha (Henighan et al. 2020, Eq. 1.1)."""
    return l_inf + (x0 / np.asarray(x, dtype=float)) ** alpha


def reducible(x, x0: float, alpha: float):
    """The reducible part (x0/x)^alpha: an estimate of D_KL(true || model) (Eq. 1.2)."""
    return (x0 / np.asarray(x, dtype=float)) ** alpha


def prefactor(x0: float, alpha: float) -> float:
    """Write (x0/x)^alpha as a · x^(-alpha) and return a = x0^alpha.

    GPT-3's loss fit L = 2.57 · C^(-0.048) (Brown et al. 2020, Fig. 3.1) is the
    same law as Henighan's (C / 3.47e8)^(-0.048) written this way.
    """
    return float(x0**alpha)


def scale_for_loss(target, x0: float, alpha: float, l_inf: float = 0.0):
    """Invert L(x) = l_inf + (x0/x)^alpha: the x at which the loss reaches ``target``.

    x = x0 · (target - l_inf)^(-1/alpha); ``target`` must exceed ``l_inf``.
    """
    excess = np.asarray(target, dtype=float) - l_inf
    if np.any(excess <= 0):
        raise ValueError("a loss at or below the irreducible loss is never reached")
    return x0 * excess ** (-1.0 / alpha)


def crossover(a1: float, p1: float, a2: float, p2: float) -> float:
    """The x > 0 where a1 · x^p1 = a2 · x^p2 (closed form).

    Taking logs gives a linear equation: x = (a2/a1)^(1/(p1 - p2)). Used for the
    Kaplan "inconsistency" (compute frontier against the data-limited law) and for
    the transfer crossover of two pre-training distributions.
    """
    if a1 <= 0 or a2 <= 0:
        raise ValueError("prefactors must be positive")
    if p1 == p2:
        raise ValueError("parallel power laws (equal exponents) never cross")
    return float((a2 / a1) ** (1.0 / (p1 - p2)))


@dataclass(frozen=True)
class FrontierCrossing:
    """Where the compute-efficient frontier meets the data-limited law.

    c_star in PF-days, l_star in nats/token, d_star in tokens, n_star in
    non-embedding parameters.
    """

    c_star: float
    l_star: float
    d_star: float
    n_star: float


def frontier_crossing(c_c: float, alpha_c: float, d_c: float, alpha_d: float,
                      d_e: float, p_d: float, n_e: float, p_n: float) -> FrontierCrossing:
    """Kaplan et al. (2020), Sec. 6.3: where L(C) = (c_c/C)^alpha_c meets L(D(C)).

    The data-limited law is L(D) = (d_c/D)^alpha_d (Eq. 1.2), and compute-efficient
    training processes D(C) = d_e · C^p_d tokens (Table 6 or Eq. 6.7), so along the
    frontier L(D(C)) = (d_c/d_e)^alpha_d · C^(-p_d · alpha_d). Both are pure power
    laws in C, so :func:`crossover` solves it in closed form. The model size at the
    crossing is N(C*) = n_e · C*^p_n (Table 6).
    """
    c_star = crossover(c_c**alpha_c, -alpha_c, (d_c / d_e) ** alpha_d, -p_d * alpha_d)
    d_star = d_e * c_star**p_d
    return FrontierCrossing(
        c_star=c_star,
        l_star=float((c_c / c_star) ** alpha_c),
        d_star=float(d_star),
        n_star=float(n_e * c_star**p_n) if math.isfinite(n_e) else math.nan,
    )
