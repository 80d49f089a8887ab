"""Scaling laws (AN #125): Henighan et al. 2020 and Kaplan et al. 2020."""

from __future__ import annotations

import numpy as np

from recomputed.registry import Col, Table, table, value


def _nopt_exponents(henighan_2020_table1):
    rows = [r for r in henighan_2020_table1 if r["Nopt_exponent"] is not None]
    return [r["domain"] for r in rows], np.array([r["Nopt_exponent"] for r in rows])


@value("scaling.nopt_exponent_mean", inputs=["henighan_2020_table1"], fmt="fixed:2")
def nopt_exponent_mean(henighan_2020_table1):
    """Mean of the compute-optimal model-size exponents over Henighan's modalities."""
    return float(_nopt_exponents(henighan_2020_table1)[1].mean())


@table("scaling.nopt_exponents", inputs=["henighan_2020_table1"],
       title="Compute-optimal model-size exponent by modality")
def nopt_exponents(henighan_2020_table1):
    """N_opt ∝ C^exponent for each modality of Henighan et al. (2020), Table 1."""
    names, exps = _nopt_exponents(henighan_2020_table1)
    return Table([Col("Modality", align="left"), Col("Exponent", fmt="fixed:2")],
                 list(zip(names, exps, strict=True)))
