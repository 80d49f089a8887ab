"""Is SGD a Bayesian sampler? (AN #139): how much of a high-dimensional ball's volume lies
near its surface. Nothing here reads a data file."""

from __future__ import annotations

import numpy as np

from recomputed.engine.registry import claim, value


def shell_volume_fraction(d: int, eps: float) -> float:
    """Fraction of a d-dimensional ball's volume within relative distance eps of its surface.

    Volume scales as rᵈ, so the inner ball of radius (1 − eps) holds (1 − eps)ᵈ of it:
    the shell holds 1 − (1 − eps)ᵈ (computed with expm1/log1p to stay exact near 1).
    """
    return float(-np.expm1(d * np.log1p(-eps)))


SHELL = {"d": 1000, "eps": 0.01}


@value("dlt.shell_dimension", params=SHELL, fmt="int")
def shell_dimension(d, eps):
    """Number of parameters (dimension) in the volume-near-the-boundary example."""
    return d


@value("dlt.shell_eps", params=SHELL, fmt="pct:0")
def shell_eps(d, eps):
    """Relative thickness of the shell in the volume-near-the-boundary example."""
    return eps


@value("dlt.shell_fraction", params=SHELL, fmt="pct:3")
def shell_fraction(d, eps):
    """Share of a d-ball's volume within a relative distance eps of its surface."""
    return shell_volume_fraction(d, eps)


claim("dlt.claim_volume_near_boundary", of="dlt.shell_fraction",
      issue="AN #139", summary="Is SGD a Bayesian sampler? Well, almost",
      stated=("in high dimensions most of a region's volume lies near its boundary, so SGD "
              "stopping at the edge of the zero-error region need not make it differ much "
              "from uniform sampling inside it (Zach's opinion)"),
      target="0.5", compare=">",
      exact=("a closed form, 1 − (1 − ε)ᵈ, at the example's own d and ε (our choices: a "
             "very small network and a thin shell)"),
      how=(f"Take a ball in d = {SHELL['d']} dimensions (a very small network) and compute "
           f"the share of its volume within {SHELL['eps']:.0%} of the radius from its "
           "surface, 1 − (1 − ε)ᵈ; 'most' means more than half."))
