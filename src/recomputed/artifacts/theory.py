"""Scaling theory measured at build time (AN #140): Bahri et al. 2021, Sharma & Kaplan 2020.

Four small experiments: intrinsic dimension estimates, resolution-limited scaling
with data and with model size, and variance-limited scaling. Each simulation runs once
per build, as a table of raw results declared in
:mod:`recomputed.artifacts.theory_simulations` (a module of its own, so that editing
this one never re-runs them), and so does each fit of its exponents; the figures and
tables here read those tables; the agreement of each exponent with its prediction, and
the claims, are in :mod:`recomputed.artifacts.theory_agreement`.
"""

from __future__ import annotations

import numpy as np

from recomputed.artifacts import theory_simulations as sims
from recomputed.artifacts.theory_agreement import agreement_rows
from recomputed.artifacts.theory_simulations import (
    DATA,
    ID_BY_DIMENSION,
    ID_BY_SAMPLE,
    MODEL,
    SPACING,
    VARIANCE,
)
from recomputed.engine import numbers
from recomputed.engine.registry import Col, Plot, Table, figure, table
from recomputed.science import teacher_student
from recomputed.science.teacher_student import Exponent

ISSUE = "AN #140"
BAHRI = "Explaining Neural Scaling Laws"
SHARMA = "A Neural Scaling Law from the Dimension of the Data Manifold"


def _interval(e) -> str:
    """An exponent and its 95% interval as text, e.g. '0.98 [0.93, 1.03]'."""
    f = numbers.format_number
    return f"{f(e.alpha, 'fixed:2')} [{f(e.low, 'fixed:2')}, {f(e.high, 'fixed:2')}]"


def _errorbar(ax, dims, exps, **kw):
    a = np.array([e.alpha for e in exps])
    lo = np.array([e.low for e in exps])
    hi = np.array([e.high for e in exps])
    ax.errorbar(dims, a, yerr=[a - lo, hi - a], capsize=3, **kw)


def _theory_lines(ax, dims, which=("2/d", "4/d")):
    x = np.linspace(min(dims) - 0.2, max(dims) + 0.2, 200)
    if "2/d" in which:
        ax.plot(x, 2 / x, color="0.5", linestyle=":", label="$2/d$")
    if "4/d" in which:
        ax.plot(x, 4 / x, color="0.2", linestyle="--", label="$4/d$")


# -- resolution-limited scaling ---------------------------------------------------------------


def _exponents(fits: Table) -> dict[int, tuple]:
    """(constant, linear) fitted exponents by d, from an exponent table of
    :mod:`~recomputed.artifacts.theory_simulations`."""
    return {d: (e["constant"], e["linear"]) for d, e in sims.exponents(fits).items()}


def _scaling_figure(curves, exps, xlabel, names, title_c, alt):
    """Three panels: losses of both students per d, and exponents against d."""
    from recomputed.engine import annotate, plotting

    fig, axes = plotting.new_figure(10.5, 3.8, ncols=3)
    dims = list(curves)
    rows = []
    for ax, attr, name in ((axes[0], "constant", names[0]), (axes[1], "linear", names[1])):
        for i, d in enumerate(dims):
            c = curves[d]
            mean = np.exp(np.log(getattr(c, attr)).mean(axis=0))  # geometric mean of repeats
            ax.plot(c.sizes, mean, marker=".", color=plotting.PALETTE[i % 8], label=f"$d$ = {d}")
            rows += [(name, d, s, m) for s, m in zip(c.sizes, mean, strict=True)]
        plotting.log_axes(ax)
        ax.set_xlabel(xlabel)
        ax.set_title(name)
    axes[0].set_ylabel("test MSE (teacher mean square = 1)")
    # One legend for both loss panels, under the figure: inside a panel it spilled over
    # the exponent panel's axis label.
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=len(dims), fontsize=8)
    ax = axes[2]
    _theory_lines(ax, dims)
    _errorbar(ax, dims, [exps[d][0] for d in dims], marker="o", linestyle="none",
              color=plotting.PALETTE[0], label=names[0])
    _errorbar(ax, dims, [exps[d][1] for d in dims], marker="s", linestyle="none",
              color=plotting.PALETTE[1], label=names[1])
    ax.set_xlabel("intrinsic dimension $d$")
    ax.set_ylabel(r"fitted exponent $\alpha$ (95% bars)")
    ax.set_title(title_c)
    annotate.end_labels(ax)
    return Plot(fig, Table([Col("Student", align="left"), Col("d", fmt="int"),
                            Col(xlabel.replace("$", "").split(" (")[0], fmt="int"),
                            Col("Test MSE (geometric mean of repeats)", fmt="sci:3")], rows),
                alt=alt)


def _exponent_table(agreement_table, experiment, names):
    """One row per d: each student's exponent with its interval, the prediction, and
    whether the interval contains it (read from theory.exponent_agreement)."""
    by_d: dict[int, dict[str, tuple]] = {}
    for row in agreement_rows(agreement_table, experiment):
        _exp, student, d, alpha, low, high, predicted, agrees = row
        by_d.setdefault(d, {})[student] = (Exponent(alpha, low, high, 0), predicted, agrees)
    rows = []
    for d, cells in by_d.items():
        (c, c_pred, c_ok), (lin, l_pred, l_ok) = cells["constant"], cells["linear"]
        rows.append((d, c_pred, _interval(c), c_ok, l_pred, _interval(lin), l_ok))
    return Table([Col("d", fmt="int"), Col("2/d", fmt="fixed:2"),
                  Col(f"{names[0]}: α [95% interval]", align="left"),
                  Col(f"{names[0]}: contains 2/d?", align="left", lead=True),
                  Col("4/d", fmt="fixed:2"),
                  Col(f"{names[1]}: α [95% interval]", align="left"),
                  Col(f"{names[1]}: contains 4/d?", align="left", lead=True)], rows)


DATA_NAMES = ("Nearest neighbour", "Local linear")
MODEL_NAMES = ("Constant pieces", "Affine pieces")


@figure("theory.data_limited", inputs=["theory.data_sweep", "theory.data_exponent_fits"],
        title="With more data, loss falls as a power law whose exponent shrinks as the "
              "dimension d grows (teacher-student on a cube)")
def data_limited(data_sweep, data_exponent_fits):
    """Test loss against training-set size for two students, and the fitted exponents."""
    return _scaling_figure(
        sims.curves(data_sweep), _exponents(data_exponent_fits), "training points $D$",
        DATA_NAMES,
        "exponent of $D$",
        "Test loss against training points on log axes for d from 2 to 8: straight lines "
        "whose slope flattens as d grows; the fitted exponents follow 2/d for nearest "
        "neighbour and 4/d for the local linear student.")


@table("theory.data_limited_exponents", inputs=["theory.exponent_agreement"],
       title="Data-limited exponents against 2/d and 4/d, one d at a time")
def data_limited_exponents(exponent_agreement):
    """Fitted exponent of test MSE against D for each d, with the Student-t 95% interval,
    and whether that interval contains the prediction."""
    return _exponent_table(exponent_agreement, "data", DATA_NAMES)


@figure("theory.model_limited", inputs=["theory.model_sweep", "theory.model_exponent_fits"],
        title="With more pieces, loss falls as a power law whose exponent shrinks as the "
              "dimension d grows (piecewise models)")
def model_limited(model_sweep, model_exponent_fits):
    """Test loss against the number of pieces with plentiful data, and the fitted exponents."""
    return _scaling_figure(
        sims.curves(model_sweep), _exponents(model_exponent_fits),
        "pieces $P$", MODEL_NAMES, "exponent of $P$",
        "Test loss against number of pieces on log axes for d from 2 to 8; the fitted "
        "exponents lie near 2/d for constant pieces and near 4/d for affine pieces, a "
        "little below both at the larger d.")


@table("theory.model_limited_exponents", inputs=["theory.exponent_agreement"],
       title="Model-limited exponents against 2/d and 4/d, one d at a time")
def model_limited_exponents(exponent_agreement):
    """Fitted exponent of test MSE against P for each d, with the Student-t 95% interval,
    and whether that interval contains the prediction."""
    return _exponent_table(exponent_agreement, "model", MODEL_NAMES)


# -- variance-limited scaling -----------------------------------------------------------------


@figure("theory.variance_limited",
        inputs=["theory.variance_sweep", "theory.variance_exponent_fits"],
        title="A fixed model's excess loss falls like 1/D in every dimension: "
              "variance-limited scaling")
def variance_limited(variance_sweep, variance_exponent_fits):
    """Excess test loss against D for a 40-feature model, and its exponent against d."""
    from recomputed.engine import annotate, plotting

    features, noise = VARIANCE["features"], VARIANCE["noise"]
    sizes, excess = sims.excess(variance_sweep)
    dims = list(excess)
    fig, (ax, bx) = plotting.new_figure(9.0, 3.8, ncols=2)
    rows = []
    for i, d in enumerate(dims):
        mean = excess[d].mean(axis=0)
        ax.plot(sizes, mean, marker=".", color=plotting.PALETTE[i], label=f"$d$ = {d}")
        rows += [(d, s, m) for s, m in zip(sizes, mean, strict=True)]
    ref = np.asarray(sizes, dtype=float)
    ax.plot(ref, noise**2 * features / ref, color="0.3", linestyle="--",
            label=r"$\sigma^2 P/D$, noise alone")
    plotting.log_axes(ax)
    annotate.end_labels(ax)
    ax.set_xlabel("training points $D$")
    ax.set_ylabel(r"excess test MSE over the $D \to \infty$ model")
    ax.set_title(f"$P$ = {features} random features")
    fits = sims.exponents(variance_exponent_fits)
    exps = [fits[d]["random features"] for d in dims]
    bx.plot([min(dims), max(dims)], [1.0, 1.0], color=plotting.PALETTE[1],
            label="theory: 1")
    _theory_lines(bx, dims, which=("4/d",))
    _errorbar(bx, dims, exps, marker="o", linestyle="none", color=plotting.PALETTE[0],
              label="measured (95% interval)")
    bx.set_xlabel("intrinsic dimension $d$")
    bx.set_ylabel("fitted exponent of $D$")
    bx.set_title("The exponent stays near 1 for every $d$")
    annotate.end_labels(bx)
    return Plot(fig, Table([Col("d", fmt="int"), Col("D", fmt="int"),
                            Col("Excess test MSE (mean of repeats)", fmt="sci:3")], rows),
                alt="Excess loss of a fixed 40-feature model falls as one over the number of "
                    "training points for every d; the fitted exponents sit near 1 for d from "
                    "2 to 8, unlike the resolution-limited 4/d.")


# -- what Kaplan's exponents imply ----------------------------------------------------------


def _n(x) -> str:
    return numbers.format_number(x, "int")


def _span(values) -> str:
    """A list of settings as text: 'first to last (n values)' for long lists."""
    values = list(values)
    if len(values) > 3:
        return f"{_n(values[0])} to {_n(values[-1])} ({len(values)} values)"
    return ", ".join(_n(v) for v in values)


@table("theory.settings", title="Settings of every experiment on this page")
def settings():
    """The experiments' parameters, read from the same dictionaries the artifacts use."""
    rows = [
        ("Intrinsic dimension vs d", "dimensions d", _span(ID_BY_DIMENSION["dims"])),
        ("", "points per sample; ambient dimension",
         f"{_n(ID_BY_DIMENSION['n'])}; {_n(ID_BY_DIMENSION['ambient'])}"),
        ("", "neighbours k (MLE); repeats",
         f"{_n(ID_BY_DIMENSION['k'])}; {_n(ID_BY_DIMENSION['repeats'])}"),
        ("Intrinsic dimension vs sample", "dimensions d", _span(ID_BY_SAMPLE["dims"])),
        ("", "sample sizes", _span(ID_BY_SAMPLE["sizes"])),
        ("Data-limited", "dimensions d", _span(DATA["dims"])),
        ("", "training-set sizes D", _span(DATA["sizes"])),
        ("", "teachers per d; test points", f"{_n(DATA['repeats'])}; {_n(DATA['n_test'])}"),
        ("", "cosines in the teacher", _n(teacher_student.TEACHER_COSINES)),
        ("Model-limited", "dimensions d", _span(MODEL["dims"])),
        ("", "pieces P", _span(MODEL["pieces"])),
        ("", "training points per piece parameter", _n(MODEL["points_per_piece"])),
        ("Spacing of the data", "dimensions d (spheres)", _span(SPACING["dims"])),
        ("", "sample sizes D; repeats",
         f"{_span(SPACING['sizes'])}; {_n(SPACING['repeats'])}"),
        ("Variance-limited", "dimensions d", _span(VARIANCE["dims"])),
        ("", "training-set sizes D", _span(VARIANCE["sizes"])),
        ("", "random features P; label-noise s.d.; repeats",
         f"{_n(VARIANCE['features'])}; {numbers.format_number(VARIANCE['noise'], 'sig:2')}; "
         f"{_n(VARIANCE['repeats'])}"),
    ]
    return Table([Col("Experiment", align="left"), Col("Setting", align="left"),
                  Col("Value", align="left")], rows)
