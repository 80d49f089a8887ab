"""Scaling theory measured at build time (AN #140): Bahri et al. 2021, Sharma & Kaplan 2020.

Four small experiments, each split into artifacts that run in parallel: intrinsic
dimension estimates, resolution-limited scaling with data and with model size, and
variance-limited scaling. Every random draw is seeded from ``params`` (and the
dimension), so each artifact gives the same bytes on every build, and an artifact
that recomputes part of another's experiment (a claim on d <= 4, say) gets exactly
the same numbers for that part.
"""

from __future__ import annotations

import numpy as np

from recomputed.engine import numbers
from recomputed.engine.registry import Col, Plot, Table, claim, figure, table, value
from recomputed.science import manifold, teacher_student

# Sizes were chosen so that every artifact takes a few seconds at most on one core
# (see benchmarks/bench_theory.py) while the fitted exponents have intervals narrower
# than the gap between 2/d and 4/d.
ID_BY_DIMENSION = {"dims": [2, 3, 4, 5, 6, 8, 10, 12], "n": 1000, "ambient": 32, "k": 20,
                   "repeats": 5, "seed": 11}
ID_BY_SAMPLE = {"dims": [2, 5, 8], "sizes": [50, 100, 200, 400, 800, 1600, 3200],
                "ambient": 32, "k": 20, "repeats": 4, "seed": 12}
DATA = {"dims": [2, 3, 4, 5, 6, 7, 8], "sizes": [2**i for i in range(7, 15)], "repeats": 4,
        "n_test": 1000, "seed": 21}
MODEL = {"dims": [2, 3, 4, 5, 6, 7, 8], "pieces": [2**i for i in range(3, 11)], "repeats": 4,
         "points_per_piece": 3, "n_test": 1000, "seed": 22}
VARIANCE = {"dims": [2, 4, 6, 8], "sizes": [40 * 2**i for i in range(4, 10)], "repeats": 8,
            "features": 40, "noise": 0.5, "seed": 23}
SMALL_DIMS = [2, 3, 4]  # where the asymptotic regime is reached within our budget

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


# -- intrinsic dimension --------------------------------------------------------------------


def _id_by_dimension(dims, n, ambient, k, repeats, seed):
    return {(kind, d): manifold.estimate(kind, d, n, ambient, k, repeats, seed)
            for kind in ("sphere", "cube") for d in dims}


@figure("theory.id_by_dimension", params=ID_BY_DIMENSION,
        title="Intrinsic dimension estimates against the true dimension")
def id_by_dimension(dims, n, ambient, k, repeats, seed):
    """TwoNN and Levina-Bickel estimates of d for spheres and cubes, rotated into R^ambient."""
    from recomputed.engine import plotting

    est = _id_by_dimension(dims, n, ambient, k, repeats, seed)
    fig, ax = plotting.new_figure(6.5, 4.2)
    ax.plot(dims, dims, color="0.4", linestyle="--", label="estimate = true d")
    styles = {("sphere", "twonn"): ("o", "-"), ("sphere", "mle"): ("s", "-"),
              ("cube", "twonn"): ("o", ":"), ("cube", "mle"): ("s", ":")}
    rows = []
    for i, ((kind, method), (marker, ls)) in enumerate(styles.items()):
        stats = [getattr(est[kind, d], f"{method}_mean_sd") for d in dims]
        means = [m for m, _ in stats]
        sds = [s for _, s in stats]
        label = f"{'TwoNN' if method == 'twonn' else f'MLE (k = {k})'}, {kind}"
        ax.errorbar(dims, means, yerr=sds, marker=marker, linestyle=ls, capsize=3,
                    color=plotting.PALETTE[i], label=label)
        rows += [(kind, label.split(",")[0], d, m, s) for d, m, s in zip(dims, means, sds,
                                                                         strict=True)]
    ax.set_xlabel("true intrinsic dimension d")
    ax.set_ylabel("estimated dimension")
    ax.set_title(f"{n} points per sample, mean ± s.d. of {repeats} samples")
    ax.legend(loc="upper left")
    return Plot(fig, Table([Col("Manifold", align="left"), Col("Estimator", align="left"),
                            Col("d", fmt="int"), Col("Mean estimate", fmt="fixed:2"),
                            Col("s.d.", fmt="fixed:2")], rows),
                alt="Estimated against true intrinsic dimension for the TwoNN and maximum-"
                    "likelihood estimators on spheres and cubes: close to the diagonal at "
                    "small d, falling below it as d grows, more so for cubes and for the MLE.")


@table("theory.id_estimates", params=ID_BY_DIMENSION,
       title="Intrinsic dimension estimates (1,000 points, mean of 5 samples)")
def id_estimates(dims, n, ambient, k, repeats, seed):
    """Mean estimate of d by each estimator and manifold, with the relative bias."""
    est = _id_by_dimension(dims, n, ambient, k, repeats, seed)
    rows = []
    for d in dims:
        row = [d]
        for kind in ("sphere", "cube"):
            for method in ("twonn", "mle"):
                row.append(getattr(est[kind, d], f"{method}_mean_sd")[0])
        rows.append(row)
    return Table([Col("d", fmt="int"), Col("TwoNN, sphere", fmt="fixed:2"),
                  Col("MLE, sphere", fmt="fixed:2"), Col("TwoNN, cube", fmt="fixed:2"),
                  Col("MLE, cube", fmt="fixed:2")], rows)


@figure("theory.id_by_sample", params=ID_BY_SAMPLE,
        title="Intrinsic dimension estimates against sample size")
def id_by_sample(dims, sizes, ambient, k, repeats, seed):
    """TwoNN and MLE estimates of d on spheres as the number of points grows."""
    from recomputed.engine import plotting

    fig, ax = plotting.new_figure(6.5, 4.8)
    rows = []
    for i, d in enumerate(dims):
        est = [manifold.estimate("sphere", d, n, ambient, k, repeats, seed) for n in sizes]
        for method, marker, ls in (("twonn", "o", "-"), ("mle", "s", ":")):
            stats = [getattr(e, f"{method}_mean_sd") for e in est]
            means = [m for m, _ in stats]
            name = "TwoNN" if method == "twonn" else "MLE"
            ax.errorbar(sizes, means, yerr=[s for _, s in stats], marker=marker,
                        linestyle=ls, capsize=2, color=plotting.PALETTE[i],
                        label=f"{name}, d = {d}")
            rows += [(d, name, n, m, s) for n, (m, s) in zip(sizes, stats, strict=True)]
        ax.axhline(d, color=plotting.PALETTE[i], linewidth=0.8, alpha=0.6)
    plotting.log_axes(ax, y=False)
    ax.set_xlabel("points in the sample")
    ax.set_ylabel("estimated dimension")
    ax.set_title(f"d-spheres rotated into {ambient} dimensions; thin lines: true d")
    ax.legend(ncols=3, loc="upper center", bbox_to_anchor=(0.5, -0.18), fontsize=8)
    return Plot(fig, Table([Col("d", fmt="int"), Col("Estimator", align="left"),
                            Col("Points", fmt="int"), Col("Mean estimate", fmt="fixed:2"),
                            Col("s.d.", fmt="fixed:2")], rows),
                alt="Estimated dimension against sample size for d = 2, 5 and 8: the MLE "
                    "rises towards the true d as points are added and stays below it at d = 8;"
                    " TwoNN is closer on average but scatters more in small samples.")


# -- resolution-limited scaling ---------------------------------------------------------------


def _exponents(curves_by_d):
    out = {}
    for d, c in curves_by_d.items():
        out[d] = (teacher_student.exponent(c.sizes, c.constant),
                  teacher_student.exponent(c.sizes, c.linear))
    return out


def _data_curves(dims, sizes, repeats, n_test, seed):
    return {d: teacher_student.data_limited(d, sizes, repeats, n_test, seed) for d in dims}


def _model_curves(dims, pieces, repeats, points_per_piece, n_test, seed):
    return {d: teacher_student.model_limited(d, pieces, repeats, points_per_piece, n_test,
                                             seed) for d in dims}


def _scaling_figure(curves, xlabel, names, title_c, alt):
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
    exps = _exponents(curves)
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


def _exponent_table(curves, names):
    exps = _exponents(curves)
    rows = [(d, 2 / d, _interval(exps[d][0]), 4 / d, _interval(exps[d][1])) for d in curves]
    return Table([Col("d", fmt="int"), Col("2/d", fmt="fixed:2"),
                  Col(f"{names[0]}: α [95% interval]", align="left"),
                  Col("4/d", fmt="fixed:2"),
                  Col(f"{names[1]}: α [95% interval]", align="left")], rows)


DATA_NAMES = ("Nearest neighbour", "Local linear")
MODEL_NAMES = ("Constant pieces", "Affine pieces")


@figure("theory.data_limited", params=DATA,
        title="Resolution-limited scaling with data: teacher-student on a d-dimensional cube")
def data_limited(dims, sizes, repeats, n_test, seed):
    """Test loss against training-set size for two students, and the fitted exponents."""
    return _scaling_figure(
        _data_curves(dims, sizes, repeats, n_test, seed), "training points D", DATA_NAMES,
        "exponent of D",
        "Test loss against training points on log axes for d from 2 to 8: straight lines "
        "whose slope flattens as d grows; the fitted exponents follow 2/d for nearest "
        "neighbour and 4/d for the local linear student.")


@table("theory.data_limited_exponents", params=DATA,
       title="Data-limited exponents against 2/d and 4/d")
def data_limited_exponents(dims, sizes, repeats, n_test, seed):
    """Fitted exponent of test MSE against D for each d, with the Student-t 95% interval."""
    return _exponent_table(_data_curves(dims, sizes, repeats, n_test, seed), DATA_NAMES)


@figure("theory.model_limited", params=MODEL,
        title="Resolution-limited scaling with model size: piecewise models with P pieces")
def model_limited(dims, pieces, repeats, points_per_piece, n_test, seed):
    """Test loss against the number of pieces with plentiful data, and the fitted exponents."""
    return _scaling_figure(
        _model_curves(dims, pieces, repeats, points_per_piece, n_test, seed),
        "pieces P", MODEL_NAMES, "exponent of P",
        "Test loss against number of pieces on log axes for d from 2 to 8; the fitted "
        "exponents lie near 2/d for constant pieces and near 4/d for affine pieces, a "
        "little below both at the larger d.")


@table("theory.model_limited_exponents", params=MODEL,
       title="Model-limited exponents against 2/d and 4/d")
def model_limited_exponents(dims, pieces, repeats, points_per_piece, n_test, seed):
    """Fitted exponent of test MSE against P for each d, with the Student-t 95% interval."""
    return _exponent_table(
        _model_curves(dims, pieces, repeats, points_per_piece, n_test, seed), MODEL_NAMES)


def _ratio_to_theory(curves, which: int, power: float) -> float:
    """Mean over d of the measured exponent divided by power/d (1 when theory holds)."""
    exps = _exponents(curves)
    return float(np.mean([exps[d][which].alpha / (power / d) for d in curves]))


@claim("theory.claim_nn_two_over_d", params={**DATA, "dims": SMALL_DIMS}, fmt="fixed:2",
       issue=ISSUE, summary=BAHRI,
       stated="a piecewise-constant (nearest-neighbour) model has α = 2/d",
       target=1.0, rel_tol=0.1,
       how="Nearest-neighbour student of a smooth random teacher on the d-cube, d = 2, 3, 4; "
           "the fitted exponent of test MSE against D, divided by 2/d, averaged over d.")
def claim_nn_two_over_d(dims, sizes, repeats, n_test, seed):
    return _ratio_to_theory(_data_curves(dims, sizes, repeats, n_test, seed), 0, 2.0)


@claim("theory.claim_pl_four_over_d", params={**DATA, "dims": SMALL_DIMS}, fmt="fixed:2",
       issue=ISSUE, summary=BAHRI,
       stated="a piecewise-linear model under squared loss has α = 4/d",
       target=1.0, rel_tol=0.1,
       how="Local linear student of a smooth random teacher on the d-cube, d = 2, 3, 4; "
           "the fitted exponent of test MSE against D, divided by 4/d, averaged over d.")
def claim_pl_four_over_d(dims, sizes, repeats, n_test, seed):
    return _ratio_to_theory(_data_curves(dims, sizes, repeats, n_test, seed), 1, 4.0)


@claim("theory.claim_model_four_over_d", params={**MODEL, "dims": SMALL_DIMS}, fmt="fixed:2",
       issue=ISSUE, summary=BAHRI,
       stated="with plentiful data and P linear pieces, squared loss falls as P^(−4/d)",
       target=1.0, rel_tol=0.1,
       how="Affine pieces on the Voronoi cells of P random anchors, d = 2, 3, 4; the fitted "
           "exponent of test MSE against P, divided by 4/d, averaged over d.")
def claim_model_four_over_d(dims, pieces, repeats, points_per_piece, n_test, seed):
    return _ratio_to_theory(
        _model_curves(dims, pieces, repeats, points_per_piece, n_test, seed), 1, 4.0)


# -- variance-limited scaling -----------------------------------------------------------------


def _variance(dims, sizes, repeats, features, noise, seed):
    return {d: teacher_student.variance_limited(d, sizes, repeats, features, noise, seed)
            for d in dims}


@figure("theory.variance_limited", params=VARIANCE,
        title="Variance-limited scaling: a fixed random-feature model with noisy labels")
def variance_limited(dims, sizes, repeats, features, noise, seed):
    """Excess test loss against D for a 40-feature model, and its exponent against d."""
    from recomputed.engine import plotting

    excess = _variance(dims, sizes, repeats, features, noise, seed)
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
    exps = [teacher_student.exponent(sizes, excess[d]) for d in dims]
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


@claim("theory.claim_variance_exponent", params=VARIANCE, fmt="fixed:2", issue=ISSUE,
       summary=BAHRI, stated="in the variance-limited regime the loss approaches its limit as "
       "1/D: α = 1", target=1.0, abs_tol=0.1,
       how="Excess test MSE of least squares on random cosine features with noisy labels, "
           "against the exact infinite-data model; fitted exponent averaged over the "
           "dimensions of the settings table.")
def claim_variance_exponent(dims, sizes, repeats, features, noise, seed):
    excess = _variance(dims, sizes, repeats, features, noise, seed)
    return float(np.mean([teacher_student.exponent(sizes, excess[d]).alpha for d in dims]))


# -- what Kaplan's exponents imply ----------------------------------------------------------


def _alpha(ds, resource):
    return ds.one(resource=resource)["alpha"]


@value("theory.lm_dimension_from_alpha_n", inputs=["bahri_2021_kaplan_exponents"],
       fmt="sig:2")
def lm_dimension_from_alpha_n(bahri_2021_kaplan_exponents):
    """4/alpha_N: the manifold dimension that Kaplan's model-size exponent implies if α = 4/d."""
    return 4.0 / _alpha(bahri_2021_kaplan_exponents, "parameters")


@value("theory.lm_dimension_from_alpha_d", inputs=["bahri_2021_kaplan_exponents"],
       fmt="sig:2")
def lm_dimension_from_alpha_d(bahri_2021_kaplan_exponents):
    """4/alpha_D: the same reading of Kaplan's dataset-size exponent."""
    return 4.0 / _alpha(bahri_2021_kaplan_exponents, "data")


@value("theory.alpha_n", inputs=["bahri_2021_kaplan_exponents"], fmt="fixed:3")
def alpha_n(bahri_2021_kaplan_exponents):
    """Kaplan et al.'s model-size exponent alpha_N, as published."""
    return _alpha(bahri_2021_kaplan_exponents, "parameters")


@value("theory.alpha_d", inputs=["bahri_2021_kaplan_exponents"], fmt="fixed:3")
def alpha_d(bahri_2021_kaplan_exponents):
    """Kaplan et al.'s dataset-size exponent alpha_D, as published."""
    return _alpha(bahri_2021_kaplan_exponents, "data")


@claim("theory.claim_lm_dimension", inputs=["bahri_2021_kaplan_exponents"], fmt="sig:2",
       issue=ISSUE, summary=SHARMA,
       stated="language models have a high intrinsic dimension: α ≥ 4/d puts d at 50 or more",
       target=50.0, compare=">=",
       how="d ≥ 4/α_N with Kaplan et al.'s α_N (Table 5).")
def claim_lm_dimension(bahri_2021_kaplan_exponents):
    return 4.0 / _alpha(bahri_2021_kaplan_exponents, "parameters")


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
        ("Variance-limited", "dimensions d", _span(VARIANCE["dims"])),
        ("", "training-set sizes D", _span(VARIANCE["sizes"])),
        ("", "random features P; label-noise s.d.; repeats",
         f"{_n(VARIANCE['features'])}; {numbers.format_number(VARIANCE['noise'], 'sig:2')}; "
         f"{_n(VARIANCE['repeats'])}"),
    ]
    return Table([Col("Experiment", align="left"), Col("Setting", align="left"),
                  Col("Value", align="left")], rows)
