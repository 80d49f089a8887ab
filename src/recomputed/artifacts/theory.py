"""Scaling theory measured at build time (AN #140): Bahri et al. 2021, Sharma & Kaplan 2020.

Four small experiments: intrinsic dimension estimates, resolution-limited scaling
with data and with model size, and variance-limited scaling. Each simulation runs once
per build, as a table of raw results declared in
:mod:`recomputed.artifacts.theory_simulations` (a module of its own, so that editing
this one never re-runs them), and so does each fit of its exponents; the figures,
tables, values and claims here read those tables. A claim checks a value computed from
them (a claim on d <= 4 takes those rows of the full fits).
"""

from __future__ import annotations

import numpy as np

from recomputed.artifacts import theory_simulations as sims
from recomputed.artifacts.theory_simulations import (
    DATA,
    ID_BY_DIMENSION,
    ID_BY_SAMPLE,
    MODEL,
    SPACING,
    VARIANCE,
)
from recomputed.engine import numbers
from recomputed.engine.estimates import Estimate
from recomputed.engine.registry import Col, Plot, Table, claim, figure, table, value
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
        ax.plot(x, 2 / x, color="0.5", linestyle=":", label="2/d")
    if "4/d" in which:
        ax.plot(x, 4 / x, color="0.2", linestyle="--", label="4/d")


# -- resolution-limited scaling ---------------------------------------------------------------


def _exponents(fits: Table) -> dict[int, tuple]:
    """(constant, linear) fitted exponents by d, from an exponent table of
    :mod:`~recomputed.artifacts.theory_simulations`."""
    return {d: (e["constant"], e["linear"]) for d, e in sims.exponents(fits).items()}


def _scaling_figure(curves, exps, xlabel, names, title_c, alt):
    """Three panels: losses of both students per d, and exponents against d."""
    from recomputed.engine import plotting

    fig, axes = plotting.new_figure(10.5, 3.8, ncols=3)
    dims = list(curves)
    rows = []
    for ax, attr, name in ((axes[0], "constant", names[0]), (axes[1], "linear", names[1])):
        for i, d in enumerate(dims):
            c = curves[d]
            mean = np.exp(np.log(getattr(c, attr)).mean(axis=0))  # geometric mean of repeats
            ax.plot(c.sizes, mean, marker=".", color=plotting.PALETTE[i % 8], label=f"d = {d}")
            rows += [(name, d, s, m) for s, m in zip(c.sizes, mean, strict=True)]
        plotting.log_axes(ax)
        ax.set_xlabel(xlabel)
        ax.set_title(name)
    axes[0].set_ylabel("test MSE (teacher mean square = 1)")
    axes[1].legend(fontsize=8, ncols=2)
    ax = axes[2]
    _theory_lines(ax, dims)
    _errorbar(ax, dims, [exps[d][0] for d in dims], marker="o", linestyle="none",
              color=plotting.PALETTE[0], label=names[0])
    _errorbar(ax, dims, [exps[d][1] for d in dims], marker="s", linestyle="none",
              color=plotting.PALETTE[1], label=names[1])
    ax.set_xlabel("intrinsic dimension d")
    ax.set_ylabel("fitted exponent α (95% interval)")
    ax.set_title(title_c)
    ax.legend(fontsize=8)
    return Plot(fig, Table([Col("Student", align="left"), Col("d", fmt="int"),
                            Col(xlabel.split(" (")[0], fmt="int"),
                            Col("Test MSE (geometric mean of repeats)", fmt="sci:3")], rows),
                alt=alt)


def _agreement_rows(agreement_table, experiment):
    """The rows of theory.exponent_agreement for one experiment, by d then student."""
    return [r for r in agreement_table.rows if r[0] == experiment]


def _exponent_table(agreement_table, experiment, names):
    """One row per d: each student's exponent with its interval, the prediction, and
    whether the interval contains it (read from theory.exponent_agreement)."""
    by_d: dict[int, dict[str, tuple]] = {}
    for _exp, student, d, alpha, low, high, predicted, agrees in _agreement_rows(
            agreement_table, experiment):
        by_d.setdefault(d, {})[student] = (Exponent(alpha, low, high, 0), predicted, agrees)
    rows = []
    for d, cells in by_d.items():
        (c, c_pred, c_ok), (lin, l_pred, l_ok) = cells["constant"], cells["linear"]
        rows.append((d, c_pred, _interval(c), c_ok, l_pred, _interval(lin), l_ok))
    return Table([Col("d", fmt="int"), Col("2/d", fmt="fixed:2"),
                  Col(f"{names[0]}: α [95% interval]", align="left"),
                  Col("Contains 2/d?", align="left"),
                  Col("4/d", fmt="fixed:2"),
                  Col(f"{names[1]}: α [95% interval]", align="left"),
                  Col("Contains 4/d?", align="left")], rows)


# The exponent each theory predicts, by experiment and student: a function of d.
PREDICTIONS = {("data", "constant"): lambda d: 2 / d, ("data", "linear"): lambda d: 4 / d,
               ("model", "constant"): lambda d: 2 / d, ("model", "linear"): lambda d: 4 / d,
               ("variance", "random features"): lambda d: 1.0}
AGREES = {"yes": "yes", "above": "no, above", "below": "no, below"}


@table("theory.exponent_agreement",
       inputs=["theory.data_exponent_fits", "theory.model_exponent_fits",
               "theory.variance_exponent_fits"],
       title="Every fitted exponent against its prediction, one row per experiment, "
             "student and d")
def exponent_agreement(data_exponent_fits, model_exponent_fits, variance_exponent_fits):
    """Each cell's exponent with its Student-t 95% interval, the predicted exponent
    (2/d for piecewise-constant students, 4/d for piecewise-linear ones, 1 in the
    variance-limited regime) and whether the interval contains it: the strict test, one
    d at a time, that no average over d can hide."""
    rows = []
    for experiment, fits in (("data", data_exponent_fits), ("model", model_exponent_fits),
                             ("variance", variance_exponent_fits)):
        for d, by_student in sims.exponents(fits).items():
            for student, e in by_student.items():
                predicted = PREDICTIONS[experiment, student](d)
                rows.append((experiment, student, d, e.alpha, e.low, e.high, predicted,
                             AGREES[teacher_student.agreement(e, predicted)]))
    return Table([Col("Experiment", align="left"), Col("Student", align="left"),
                  Col("d", fmt="int"), Col("Exponent α", fmt="fixed:3"),
                  Col("95% low", fmt="fixed:3"), Col("95% high", fmt="fixed:3"),
                  Col("Predicted", fmt="fixed:3"),
                  Col("Interval contains prediction?", align="left")], rows)


DATA_NAMES = ("Nearest neighbour", "Local linear")
MODEL_NAMES = ("Constant pieces", "Affine pieces")


@figure("theory.data_limited", inputs=["theory.data_sweep", "theory.data_exponent_fits"],
        title="Resolution-limited scaling with data: teacher-student on a d-dimensional cube")
def data_limited(data_sweep, data_exponent_fits):
    """Test loss against training-set size for two students, and the fitted exponents."""
    return _scaling_figure(
        sims.curves(data_sweep), _exponents(data_exponent_fits), "training points D",
        DATA_NAMES,
        "exponent of D",
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
        title="Resolution-limited scaling with model size: piecewise models with P pieces")
def model_limited(model_sweep, model_exponent_fits):
    """Test loss against the number of pieces with plentiful data, and the fitted exponents."""
    return _scaling_figure(
        sims.curves(model_sweep), _exponents(model_exponent_fits),
        "pieces P", MODEL_NAMES, "exponent of P",
        "Test loss against number of pieces on log axes for d from 2 to 8; the fitted "
        "exponents lie near 2/d for constant pieces and near 4/d for affine pieces, a "
        "little below both at the larger d.")


@table("theory.model_limited_exponents", inputs=["theory.exponent_agreement"],
       title="Model-limited exponents against 2/d and 4/d, one d at a time")
def model_limited_exponents(exponent_agreement):
    """Fitted exponent of test MSE against P for each d, with the Student-t 95% interval,
    and whether that interval contains the prediction."""
    return _exponent_table(exponent_agreement, "model", MODEL_NAMES)


def _numerator(exponent_agreement, experiment: str, student: str) -> Estimate:
    """n in α = n/d, measured: α·d for every d of one experiment and student.

    The number is the mean of α·d over d; the interval runs from the lowest to the
    highest end of the per-d 95% intervals of α·d, so it lies inside a stated range only
    if every dimension's interval does (no average over d can hide one that does not)."""
    rows = [r for r in exponent_agreement.rows if r[0] == experiment and r[1] == student]
    dims = [r[2] for r in rows]
    return Estimate(float(np.mean([r[3] * r[2] for r in rows])),
                    min(r[4] * r[2] for r in rows), max(r[5] * r[2] for r in rows),
                    f"from the lowest to the highest end of the 95% intervals of α·d, one for "
                    f"each d from {min(dims)} to {max(dims)}")


def _agreeing(exponent_agreement, cells) -> int:
    """How many rows of theory.exponent_agreement for the (experiment, student) ``cells``
    have an interval that contains the prediction."""
    return sum(1 for r in exponent_agreement.rows if (r[0], r[1]) in cells and r[7] == "yes")


def _cells(exponent_agreement, cells) -> int:
    return sum(1 for r in exponent_agreement.rows if (r[0], r[1]) in cells)


@value("theory.nn_numerator", inputs=["theory.exponent_agreement"], fmt="fixed:2")
def nn_numerator(exponent_agreement):
    """Nearest-neighbour exponent of D times d (2 if α = 2/d), over every d, with the
    range of its per-d 95% intervals."""
    return _numerator(exponent_agreement, "data", "constant")


@value("theory.nn_dims_agreeing", inputs=["theory.exponent_agreement"], fmt="int")
def nn_dims_agreeing(exponent_agreement):
    """Dimensions at which the nearest-neighbour exponent's 95% interval contains 2/d."""
    return _agreeing(exponent_agreement, {("data", "constant")})


@value("theory.dims_per_experiment", inputs=["theory.exponent_agreement"], fmt="int")
def dims_per_experiment(exponent_agreement):
    """Dimensions d in each resolution-limited experiment (the same for both)."""
    return _cells(exponent_agreement, {("data", "constant")})


claim("theory.claim_nn_two_over_d", of="theory.nn_numerator", issue=ISSUE, summary=BAHRI,
      stated="a piecewise-constant (nearest-neighbour) model has α = 2/d",
      target="2",
      how="Nearest-neighbour student of a smooth random teacher on the d-cube, every d "
          "from 2 to 8: the fitted exponent of test MSE against D times d, the n of "
          "α = n/d. The '2' is read as what rounds to it (1.5 to 2.5): the argument's "
          "content is which whole power of the point spacing sets the loss (2 for "
          "piecewise-constant, 4 for piecewise-linear). The computed range runs over "
          "every d's 95% interval, so one dimension outside it would change the verdict; "
          "the stricter test, whether each interval contains 2/d itself, is the table's "
          "last column per d.")


@value("theory.pl_numerator", inputs=["theory.exponent_agreement"], fmt="fixed:2")
def pl_numerator(exponent_agreement):
    """Local linear exponent of D times d (4 if α = 4/d), over every d, with the range of
    its per-d 95% intervals."""
    return _numerator(exponent_agreement, "data", "linear")


@value("theory.pl_dims_agreeing", inputs=["theory.exponent_agreement"], fmt="int")
def pl_dims_agreeing(exponent_agreement):
    """Dimensions at which the local linear exponent's 95% interval contains 4/d."""
    return _agreeing(exponent_agreement, {("data", "linear")})


claim("theory.claim_pl_four_over_d", of="theory.pl_numerator", issue=ISSUE, summary=BAHRI,
      stated="a piecewise-linear model under squared loss has α = 4/d",
      target="4", expect="inconclusive",
      how="Local linear student of a smooth random teacher on the d-cube, every d from 2 "
          "to 8: the fitted exponent of test MSE against D times d, read against the '4' "
          "of 4/d as what rounds to it (3.5 to 4.5), over the 95% interval of every d.")


@value("theory.model_numerator", inputs=["theory.exponent_agreement"], fmt="fixed:2")
def model_numerator(exponent_agreement):
    """Affine-pieces exponent of P times d (4 if α = 4/d), over every d, with the range of
    its per-d 95% intervals."""
    return _numerator(exponent_agreement, "model", "linear")


@value("theory.model_dims_agreeing", inputs=["theory.exponent_agreement"], fmt="int")
def model_dims_agreeing(exponent_agreement):
    """Dimensions at which the affine-pieces exponent's 95% interval contains 4/d."""
    return _agreeing(exponent_agreement, {("model", "linear")})


claim("theory.claim_model_four_over_d", of="theory.model_numerator", issue=ISSUE,
      summary=BAHRI,
      stated="with plentiful data and P linear pieces, squared loss falls as P^(−4/d)",
      target="4", expect="inconclusive",
      how="Affine pieces on the Voronoi cells of P random anchors, every d from 2 to 8: "
          "the fitted exponent of test MSE against P times d, read against the '4' of "
          "4/d as what rounds to it (3.5 to 4.5), over the 95% interval of every d.")


LINEAR_CELLS = {("data", "linear"), ("model", "linear")}


@value("theory.linear_share_agreeing", inputs=["theory.exponent_agreement"], fmt="pct:0")
def linear_share_agreeing(exponent_agreement):
    """Share of the piecewise-linear cells (local linear and affine pieces, every d) whose
    95% interval contains 4/d."""
    return _agreeing(exponent_agreement, LINEAR_CELLS) / _cells(exponent_agreement,
                                                                 LINEAR_CELLS)


@value("theory.linear_cells", inputs=["theory.exponent_agreement"], fmt="int")
def linear_cells(exponent_agreement):
    """Piecewise-linear cells (local linear and affine pieces, one per d) on this page."""
    return _cells(exponent_agreement, LINEAR_CELLS)


claim("theory.claim_close_to_equality", of="theory.linear_share_agreeing", issue=ISSUE,
      summary=BAHRI,
      stated="measuring α and d independently, in most cases α comes out close to "
             "equality with 4/d",
      target="0.5", compare=">",
      exact="a count: the cells of the agreement table whose 95% interval contains 4/d, "
            "out of all piecewise-linear cells",
      how="The papers publish their own pairs of measured α and d only as points in "
          "figures (Sharma & Kaplan's Fig. 1, Bahri et al.'s Fig. 1b), so the statement "
          "is checked on this page's teacher-student replication, where d is known: the "
          "share of piecewise-linear cells (local linear against D, affine pieces against "
          "P, d from 2 to 8) whose 95% interval contains 4/d. 'Most' is more than half; "
          "an interval containing 4/d is a stricter test than 'close'.")


# -- the spacing of the data --------------------------------------------------------------------


@value("theory.spacing_numerator", inputs=["theory.spacing_exponent_fits"], fmt="fixed:2")
def spacing_numerator(spacing_exponent_fits):
    """d times the fitted exponent of the mean nearest-neighbour distance against D on a
    d-sphere (1 if the distance falls as D^(-1/d)): the mean over d, with the range of
    the per-d 95% intervals."""
    fits = sims.exponents(spacing_exponent_fits)
    rows = [(d, by["spacing"]) for d, by in fits.items()]
    return Estimate(float(np.mean([e.alpha * d for d, e in rows])),
                    min(e.low * d for d, e in rows), max(e.high * d for d, e in rows),
                    "from the lowest to the highest end of the 95% intervals of d times the "
                    f"exponent, one for each d of {', '.join(str(d) for d, _ in rows)}")


claim("theory.claim_spacing", of="theory.spacing_numerator", issue=ISSUE, summary=BAHRI,
      stated="to make the net of training points twice as fine takes about 2^d times as "
             "many points: the spacing falls as D^(−1/d)",
      target="1",
      how="Mean distance from each point to its nearest neighbour in nested samples of "
          "500 to 8,000 points uniform on a d-sphere (a manifold without edges), fitted "
          "as a power of D for each d; d times the exponent is the 1 of D^(−1/d), read as "
          "what rounds to it, over every d's 95% interval.")


# -- variance-limited scaling -----------------------------------------------------------------


@figure("theory.variance_limited",
        inputs=["theory.variance_sweep", "theory.variance_exponent_fits"],
        title="Variance-limited scaling: a fixed random-feature model with noisy labels")
def variance_limited(variance_sweep, variance_exponent_fits):
    """Excess test loss against D for a 40-feature model, and its exponent against d."""
    from recomputed.engine import plotting

    features, noise = VARIANCE["features"], VARIANCE["noise"]
    sizes, excess = sims.excess(variance_sweep)
    dims = list(excess)
    fig, (ax, bx) = plotting.new_figure(9.0, 3.8, ncols=2)
    rows = []
    for i, d in enumerate(dims):
        mean = excess[d].mean(axis=0)
        ax.plot(sizes, mean, marker=".", color=plotting.PALETTE[i], label=f"d = {d}")
        rows += [(d, s, m) for s, m in zip(sizes, mean, strict=True)]
    ref = np.asarray(sizes, dtype=float)
    ax.plot(ref, noise**2 * features / ref, color="0.3", linestyle="--",
            label="σ²P/D (label noise alone)")
    plotting.log_axes(ax)
    ax.set_xlabel("training points D")
    ax.set_ylabel("excess test MSE over the D → ∞ model")
    ax.set_title(f"P = {features} random features")
    ax.legend(fontsize=8)
    fits = sims.exponents(variance_exponent_fits)
    exps = [fits[d]["random features"] for d in dims]
    bx.axhline(1.0, color=plotting.PALETTE[1], label="variance-limited theory: 1")
    _theory_lines(bx, dims, which=("4/d",))
    _errorbar(bx, dims, exps, marker="o", linestyle="none", color=plotting.PALETTE[0],
              label="measured (95% interval)")
    bx.set_xlabel("intrinsic dimension d")
    bx.set_ylabel("fitted exponent of D")
    bx.set_title("exponent against d")
    bx.legend(fontsize=8)
    return Plot(fig, Table([Col("d", fmt="int"), Col("D", fmt="int"),
                            Col("Excess test MSE (mean of repeats)", fmt="sci:3")], rows),
                alt="Excess loss of a fixed 40-feature model falls as one over the number of "
                    "training points for every d; the fitted exponents sit near 1 for d from "
                    "2 to 8, unlike the resolution-limited 4/d.")


@value("theory.variance_exponent", inputs=["theory.exponent_agreement"], fmt="fixed:2")
def variance_exponent(exponent_agreement):
    """Fitted exponent of the excess loss against D: the mean over d, with the range of
    the per-d 95% intervals."""
    rows = _agreement_rows(exponent_agreement, "variance")
    dims = [r[2] for r in rows]
    return Estimate(float(np.mean([r[3] for r in rows])), min(r[4] for r in rows),
                    max(r[5] for r in rows),
                    f"from the lowest to the highest end of the 95% intervals, one for each "
                    f"d of {', '.join(str(d) for d in dims)}")


@value("theory.variance_share_agreeing", inputs=["theory.exponent_agreement"], fmt="pct:0")
def variance_share_agreeing(exponent_agreement):
    """Share of the dimensions at which the variance-limited exponent's 95% interval
    contains 1."""
    cells = {("variance", "random features")}
    return _agreeing(exponent_agreement, cells) / _cells(exponent_agreement, cells)


claim("theory.claim_variance_exponent", of="theory.variance_exponent", issue=ISSUE,
      summary=BAHRI, stated="in the variance-limited regime the loss approaches its limit as "
      "1/D: α = 1", target="1",
      how="Excess test MSE of least squares on random cosine features with noisy labels, "
          "against the exact infinite-data model; the fitted exponent for each d of the "
          "settings table, over every d's 95% interval, read against the '1' as what "
          "rounds to it (0.5 to 1.5: the whole power of 1/D the variance argument gives, "
          "against the resolution-limited 4/d).")


claim("theory.claim_variance_every_d", of="theory.variance_share_agreeing", issue=ISSUE,
      summary=BAHRI,
      stated="variance-limited scaling is the easy one to identify: measure α and check "
             "that it is 1, whatever the data",
      target="1", compare=">=",
      exact="a count: the dimensions whose 95% interval contains 1, out of all of them",
      how="The strict reading, one dimension at a time: the share of the variance-limited "
          "exponents (one per d) whose 95% interval contains 1 itself. Bahri et al.'s own "
          "exponents are published only as points in a figure (their Fig. 1a), so the "
          "check is on this page's experiment, where d changes the data's geometry but, "
          "by the theory, not the exponent.")


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
