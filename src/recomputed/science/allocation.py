"""Compute-optimal allocation: how to split a compute budget between parameters and data.

Training compute is approximated as C = 6 N D FLOP (N parameters, D training tokens;
Kaplan et al. 2020, Sec. 2.1; Hoffmann et al. 2022, Sec. 3). For the law
L(N, D) = E + A/N^alpha + B/D^beta the loss-minimising split at fixed C has a closed
form (Hoffmann et al. 2022, Eq. 4):

    N_opt = G (C/6)^a,  D_opt = G^-1 (C/6)^b,
    G = (alpha A / (beta B))^(1/(alpha+beta)),  a = beta/(alpha+beta),  b = alpha/(alpha+beta).

:func:`numeric` finds the same optimum for any loss function L(N, D) by minimising
L(N, C/(6N)) over log N, so laws without a closed form (or a check of the closed
form) can use it too.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

# scipy is imported inside the functions that use it: importing it costs a
# noticeable part of every build, and a cached build never calls them.

FLOP_PER_PARAM_TOKEN = 6.0  # forward + backward pass, C = 6ND


@dataclass(frozen=True)
class Law:
    """L(N, D) = E + A/N^alpha + B/D^beta, loss in nats per token."""

    E: float  # noqa: N815 (the paper's names)
    A: float  # noqa: N815
    B: float  # noqa: N815
    alpha: float
    beta: float

    def loss(self, n, d):
        """The law's loss at N parameters and D tokens (nats/token)."""
        return self.E + self.A / np.asarray(n, float) ** self.alpha + self.B / np.asarray(
            d, float
        ) ** self.beta

    @property
    def a(self) -> float:
        """Exponent of N_opt in C: beta/(alpha+beta)."""
        return self.beta / (self.alpha + self.beta)

    @property
    def b(self) -> float:
        """Exponent of D_opt in C: alpha/(alpha+beta)."""
        return self.alpha / (self.alpha + self.beta)

    @property
    def G(self) -> float:  # noqa: N802
        """Hoffmann's G = (alpha A / (beta B))^(1/(alpha+beta)), in parameters^... units."""
        return (self.alpha * self.A / (self.beta * self.B)) ** (1 / (self.alpha + self.beta))

    @classmethod
    def from_logs(cls, log_E: float, log_A: float, log_B: float, alpha: float, beta: float):  # noqa: N803
        """The law from natural logs of E, A, B (how Hoffmann's TeX source states them)."""
        return cls(math.exp(log_E), math.exp(log_A), math.exp(log_B), alpha, beta)


@dataclass(frozen=True)
class Allocation:
    """A compute-optimal training run: budget C (FLOP), N (parameters), D (tokens)."""

    compute: float
    params: float
    tokens: float
    loss: float

    @property
    def tokens_per_param(self) -> float:
        return self.tokens / self.params


def optimal(law: Law, compute: float) -> Allocation:
    """Closed-form compute-optimal N, D and loss for a budget ``compute`` in FLOP (Eq. 4)."""
    if not compute > 0:
        raise ValueError(f"the compute budget must be positive, got {compute}")
    c6 = compute / FLOP_PER_PARAM_TOKEN
    n = law.G * c6**law.a
    d = c6**law.b / law.G
    return Allocation(compute, float(n), float(d), float(law.loss(n, d)))


def numeric(loss: Callable, compute: float, n_bounds: tuple[float, float] = (1e3, 1e16)
            ) -> Allocation:
    """Compute-optimal allocation for any ``loss(N, D)`` by a bounded 1-D search on log N."""
    from scipy import optimize

    if not compute > 0:
        raise ValueError(f"the compute budget must be positive, got {compute}")
    c6 = compute / FLOP_PER_PARAM_TOKEN

    def on_frontier(logn):
        n = math.exp(logn)
        return float(loss(n, c6 / n))

    res = optimize.minimize_scalar(on_frontier, bounds=tuple(map(math.log, n_bounds)),
                                   method="bounded", options={"xatol": 1e-10})
    n = math.exp(res.x)
    return Allocation(compute, n, c6 / n, float(res.fun))


def compute_for_tokens_per_param(law: Law, ratio: float) -> float:
    """The budget C (FLOP) at which the law's optimal D/N equals ``ratio``.

    From Eq. 4, D/N = G^-2 (C/6)^(b-a), so C = 6 (ratio G^2)^(1/(b-a)); undefined
    when alpha = beta (the ratio is then the same at every budget).
    """
    if law.alpha == law.beta:
        return math.nan
    return FLOP_PER_PARAM_TOKEN * (ratio * law.G**2) ** (1 / (law.b - law.a))


def laws_from_rows(rows) -> dict[str, Law]:
    """Laws from long-format rows (``fit``, ``parameter``, ``value``, ``log_value``).

    A parameter given only as a natural log (as in Hoffmann's TeX source) is
    exponentiated. Raises ``ValueError`` if a fit lacks one of E, A, B, alpha, beta.
    """
    found: dict[str, dict[str, float]] = {}
    for r in rows:
        v = r["value"] if r["value"] is not None else math.exp(r["log_value"])
        found.setdefault(r["fit"], {})[r["parameter"]] = float(v)
    laws = {}
    for name, p in found.items():
        missing = [k for k in ("E", "A", "B", "alpha", "beta") if k not in p]
        if missing:
            raise ValueError(f"fit {name!r} lacks {', '.join(missing)}")
        laws[name] = Law(p["E"], p["A"], p["B"], p["alpha"], p["beta"])
    return laws
