"""Scaling laws for transfer (Hernandez, Kaplan, Henighan & McCandlish 2021, arXiv 2102.01293).

In the low-data regime the effective data transferred from pre-training is

    D_T = k · D_F^alpha · N^beta                                     (Eq. 1.1)

with D_F the fine-tuning set size and D_T the extra from-scratch data a model of
the same size would need to reach the same loss (both in characters of Python),
and N the number of non-embedding parameters. Pure functions on floats/arrays.
"""

from __future__ import annotations

import numpy as np

from recomputed.science import powerlaw


def effective_data_transferred(d_f, n, k: float, alpha: float, beta: float):
    """D_T = k · D_F^alpha · N^beta, in characters (Eq. 1.1)."""
    d_f = np.asarray(d_f, dtype=float)
    n = np.asarray(n, dtype=float)
    return k * d_f**alpha * n**beta


def fraction_from_transfer(d_f, n, k: float, alpha: float, beta: float):
    """D_T / (D_F + D_T): the share of the effective data that pre-training supplies.

    Near 1 when fine-tuning data is scarce; falls towards 0 as D_F grows because
    D_T grows only as D_F^alpha with alpha < 1.
    """
    d_t = effective_data_transferred(d_f, n, k, alpha, beta)
    return d_t / (np.asarray(d_f, dtype=float) + d_t)


def effective_data_multiplier(d_f, n, k: float, alpha: float, beta: float):
    """(D_F + D_T) / D_F: how many times larger the effective data set is (Eq. 1.2)."""
    d_f = np.asarray(d_f, dtype=float)
    return 1.0 + effective_data_transferred(d_f, n, k, alpha, beta) / d_f


def data_factor_for_model_factor(model_factor: float, alpha: float, beta: float) -> float:
    """The factor on D_F that adds as much transferred data as scaling N by ``model_factor``.

    D_T ∝ D_F^alpha N^beta, so multiplying N by s multiplies D_T by s^beta, which a
    factor s^(beta/alpha) on D_F also does. Dimensionless.
    """
    return float(model_factor ** (beta / alpha))


def crossover_fine_tuning_size(k1: float, alpha1: float, k2: float, alpha2: float) -> float:
    """The D_F at which two pre-training distributions with equal beta transfer equally.

    k1 D^alpha1 N^beta = k2 D^alpha2 N^beta  ⇒  D = (k2/k1)^(1/(alpha1 - alpha2)),
    independent of N. Beyond it, the distribution with the larger alpha transfers
    more. In characters.
    """
    return powerlaw.crossover(k1, alpha1, k2, alpha2)
