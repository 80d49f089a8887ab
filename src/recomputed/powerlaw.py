"""Power laws with and without a constant: L(x) = L_inf + (x0 / x)^alpha.

Units are whatever the caller's x and L are in (Henighan et al. use nats/token
and PF-days). Pure functions on floats and NumPy arrays.
"""

from __future__ import annotations

import numpy as np


def loss(x, x0: float, alpha: float, l_inf: float = 0.0):
    """L(x) = l_inf + (x0/x)^alpha (Henighan et al. 2020, Eq. 1.1)."""
    return l_inf + (x0 / np.asarray(x, dtype=float)) ** alpha


def reducible(x, x0: float, alpha: float):
    """The reducible part (x0/x)^alpha, an estimate of D_KL(true || model)."""
    return (x0 / np.asarray(x, dtype=float)) ** alpha
