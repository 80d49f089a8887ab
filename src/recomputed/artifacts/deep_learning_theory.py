"""Why deep learning works (AN #139): the multiplication gate.

Lin, Tegmark & Rolnick (arXiv 1608.08225): a four-neuron softplus gate, its error
as the input scale λ shrinks, and neuron counts for shallow and deep products. Nothing
here reads a data file: every number is computed from the formulas in
``recomputed.science.gates``. The learning curves (AN #140) are in
:mod:`recomputed.artifacts.universal_learning`, the volume near a boundary (for "Is SGD
a Bayesian sampler?") in :mod:`recomputed.artifacts.sgd_volume`.
"""

from __future__ import annotations

import numpy as np

from recomputed.engine import numbers
from recomputed.engine.registry import (
    Col,
    Estimate,
    Plot,
    Table,
    claim,
    figure,
    span,
    table,
    unchecked_claim,
    value,
)
from recomputed.science import gates

# The point (x, y) at which the gate's error is traced against λ, and the λ sweep.
GATE_POINT = {"x": 0.8, "y": 0.6}
LAMBDAS = {"lam_min": 1e-6, "lam_max": 1.0, "points": 61}
# λ range on which the error is safely in its leading-order regime (for the slope fit).
FIT_RANGE = {"fit_min": 1e-4, "fit_max": 1e-2}
# The square on which "arbitrarily well" is checked: λ and grid points per side.
SQUARE = {"lam": 1e-3, "grid": 41}
TREE = {"seed": 20210301, "trials": 200, "lam": 1e-3}
TREE_SIZES = (2, 3, 4, 5, 8, 10, 16, 20, 32)


def _lambda_grid(lam_min, lam_max, points):
    return np.geomspace(lam_min, lam_max, points)


def _tree_errors(n, seed, trials, lam):
    """Relative errors of the gate tree on ``trials`` random n-tuples (|x| in [0.5, 1.5])."""
    rng = np.random.default_rng([seed, n])
    xs = rng.uniform(0.5, 1.5, (trials, n)) * rng.choice([-1.0, 1.0], (trials, n))
    return np.array([gates.tree_product(row, lam) / np.prod(row) - 1.0 for row in xs])


# --- The gate ----------------------------------------------------------------------------------

@value("dlt.softplus_d2", fmt="sig:3")
def softplus_d2():
    """σ''(0) for softplus (the gate's output weight divides by 4σ''(0))."""
    return float(gates.softplus_derivative(0.0, 2))


@value("dlt.softplus_d4", fmt="sig:3")
def softplus_d4():
    """σ''''(0) for softplus, from the closed-form fourth derivative."""
    return float(gates.softplus_derivative(0.0, 4))


@value("dlt.taylor_coefficient", fmt="sig:4")
def taylor_coefficient():
    """c = σ''''(0)/(6σ''(0)): the gate's relative error is c λ²(x² + y²) to leading order."""
    return gates.taylor_coefficient()


@value("dlt.gate_slope", params={**GATE_POINT, **FIT_RANGE}, fmt="fixed:3")
def gate_slope(x, y, fit_min, fit_max):
    """Log-log slope of the gate's relative error against λ (exact evaluation), with the
    range from the slope fitted on the lower half of the λ range to that on the upper
    half (how far the slope drifts across the fit: the next Taylor term)."""
    lams = np.geomspace(fit_min, fit_max, 21)
    errors = gates.relative_error(x, y, lams)
    halves = [gates.loglog_slope(lams[part], errors[part])
              for part in (slice(0, 11), slice(10, 21))]
    return span(halves, f"from the slope on λ = {fit_min:g} to {lams[10]:.0e} to that on "
                        f"{lams[10]:.0e} to {fit_max:g}: its drift across the fit",
                value=gates.loglog_slope(lams, errors))


claim("dlt.claim_error_quadratic", of="dlt.gate_slope", fmt="fixed:4",
      issue="AN #139", summary="Why does deep and cheap learning work so well?",
      stated=("the four-neuron gate becomes exact as its input scale λ shrinks; the "
              "Taylor expansion says the error falls like λ², a log-log slope of 2"),
      target="2",
      how=(f"Evaluate the softplus gate m(λx, λy)/λ² at (x, y) = ({GATE_POINT['x']}, "
           f"{GATE_POINT['y']}) for 21 values of λ from {FIT_RANGE['fit_min']:g} to "
           f"{FIT_RANGE['fit_max']:g}, with an exact identity that avoids floating-point "
           "cancellation, and fit the slope of ln|relative error| against ln λ. The stated "
           "2 is the whole power of λ the expansion gives, read as what rounds to it."))


@value("dlt.gate_max_error_square", params=SQUARE, fmt="sci:2")
def gate_max_error_square(lam, grid):
    """Largest |relative error| of the gate at one λ over a grid of (x, y) in [−1, 1]²."""
    g = np.linspace(-1.0, 1.0, grid)
    g = g[g != 0.0]
    x, y = np.meshgrid(g, g)
    return float(np.max(np.abs(gates.relative_error(x, y, lam))))


claim("dlt.claim_arbitrarily_well", of="dlt.gate_max_error_square",
      issue="AN #139", summary="Why does deep and cheap learning work so well?",
      stated=("a hidden layer of 4 neurons can multiply two real numbers arbitrarily well "
              "(checked here as: worse than one part in a million nowhere on [−1, 1]² "
              f"once λ = {SQUARE['lam']:g})"),
      target="1e-6", compare="<",
      exact=("a maximum of exactly evaluated errors over a grid that includes the square's "
             "corners, where the error, c λ² (x² + y²) to leading order, is largest"),
      how=(f"Largest |relative error| of the softplus gate at λ = {SQUARE['lam']:g} over a "
           f"{SQUARE['grid']} × {SQUARE['grid']} grid of (x, y) in [−1, 1]², skipping x = 0 "
           "or y = 0 where the product is 0."))


@table("dlt.gate_sweep", params={**GATE_POINT, **LAMBDAS},
       title="The gate's relative error on the λ sweep, three ways")
def gate_sweep(x, y, lam_min, lam_max, points):
    """|relative error| of m(λx, λy)/λ² at each λ: exact, with the four neurons summed in
    float64, and the Taylor prediction (the curves of dlt.gate_error)."""
    lams = _lambda_grid(lam_min, lam_max, points)
    exact = np.abs(gates.relative_error(x, y, lams))
    literal = np.abs(gates.relative_error(x, y, lams, literal=True))
    taylor = np.abs(gates.taylor_relative_error(x, y, lams))
    return Table([Col("λ", fmt="sci:3"), Col("|error| exact", fmt="sci:3"),
                  Col("|error| float64 neurons", fmt="sci:3"),
                  Col("|error| Taylor", fmt="sci:3")],
                 zip(lams, exact, literal, taylor, strict=True))


@figure("dlt.gate_error", inputs=["dlt.gate_sweep", "dlt.literal_best_lambda"],
        params=GATE_POINT,
        title="The four-neuron gate multiplies with an error that falls like λ², until "
              "rounding error takes over")
def gate_error(gate_sweep, literal_best_lambda, x, y):
    from recomputed.engine import annotate, plotting

    lams, exact, literal, taylor = (np.array(c) for c in zip(*gate_sweep.rows, strict=True))
    fig, ax = plotting.new_figure()
    ax.plot(lams, exact, lw=2.2, label="exact arithmetic")
    ax.plot(lams, taylor, ls="--", color="black", lw=1,
            label="Taylor")
    ax.plot(lams, literal, marker=".", ms=4, lw=0.8, label="float64")
    plotting.log_axes(ax)
    annotate.end_labels(ax)
    ax.set_xlabel(r"input scale $\lambda$ (dimensionless)")
    ax.set_ylabel(r"|relative error| of $m(\lambda x, \lambda y)/\lambda^2$")
    ax.set_title(f"Follows Taylor until rounding dominates ($x$ = {x}, $y$ = {y})")
    return Plot(fig, data=gate_sweep,
                alt=("Log-log plot of the gate's relative error against λ: a straight line of "
                     "slope 2 lying on the dashed Taylor prediction; the literal float64 "
                     "evaluation follows it down to about λ = "
                     f"{numbers.format_number(literal_best_lambda, 'sci:1')} and then "
                     "rises again as rounding error, growing like 1/λ², takes over."))


def _literal_best(gate_sweep) -> tuple[float, float]:
    """(λ, |error|) of dlt.gate_sweep's row where the float64 gate is most accurate."""
    return min(((r[0], r[2]) for r in gate_sweep.rows), key=lambda p: p[1])


@value("dlt.literal_best_lambda", inputs=["dlt.gate_sweep"], fmt="sci:1")
def literal_best_lambda(gate_sweep):
    """The λ on the sweep at which the float64 four-neuron gate is most accurate."""
    return _literal_best(gate_sweep)[0]


@value("dlt.literal_best_error", inputs=["dlt.gate_sweep"], fmt="sci:1")
def literal_best_error(gate_sweep):
    """The smallest |relative error| of the float64 four-neuron gate on the λ sweep."""
    return _literal_best(gate_sweep)[1]


# --- Neuron counts: one hidden layer against a tree of gates -----------------------------------

unchecked_claim(
    "dlt.claim_two_inputs_bound", issue="AN #139",
    summary="Why does deep and cheap learning work so well?",
    stated=("for a single hidden layer with a smooth activation to multiply n numbers "
            "arbitrarily well, it must have at least 2ⁿ neurons"),
    why=("a lower bound over every network of that shape, which Lin et al. prove; a "
         "computation can show that some width suffices (one layer of 2ⁿ neurons does "
         "multiply, in the table below, for n = 2, 3, 4) but no finite search over weights "
         "can show that every narrower layer fails. The site used to check it by "
         "comparing 2ⁿ at n = 2 with the gate's 4 neurons, a check that could not fail."),
    how=("Not computed. The 4-neuron gate's accuracy is checked separately "
         "(dlt.claim_arbitrarily_well), and the tree of gates against the bound by the "
         "table of neuron counts."))


@value("dlt.gate_neurons", fmt="int")
def gate_neurons():
    """Hidden neurons in the multiplication gate."""
    return len(gates.GATE_NEURONS)


@value("dlt.first_deep_advantage", fmt="int")
def first_deep_advantage():
    """Smallest n for which the tree of gates needs fewer neurons than 2ⁿ."""
    return next(n for n in range(2, 64)
                if gates.neuron_counts(n).deep < gates.neuron_counts(n).shallow_min)


@value("dlt.shallow_over_deep_32", inputs=["dlt.neuron_counts"], fmt="sci:2")
def shallow_over_deep_32(neuron_counts):
    """Ratio of the single-layer lower bound to the tree's neuron count for n = 32.

    The Ratio cell of the n = 32 row of dlt.neuron_counts."""
    return next(r[4] for r in neuron_counts.rows if r[0] == 32)


@table("dlt.neuron_counts", params=TREE,
       title="Neurons needed to multiply n numbers: one hidden layer against a tree of gates")
def neuron_counts(seed, trials, lam):
    """2ⁿ (single-layer lower bound) against 4(n − 1) (tree), with the tree's accuracy."""
    rows = []
    for n in TREE_SIZES:
        c = gates.neuron_counts(n)
        err = float(np.max(np.abs(_tree_errors(n, seed, trials, lam))))
        rows.append((n, c.shallow_min, c.deep, c.depth, c.shallow_min / c.deep, err))
    return Table([Col("Inputs n", fmt="int"),
                  Col("One hidden layer: at least 2ⁿ", fmt="int"),
                  Col("Tree of gates: 4(n − 1)", fmt="int"),
                  Col("Gate layers", fmt="int"),
                  Col("Ratio", fmt="times:2"),
                  Col(f"Tree's worst relative error, λ = {lam:g}", fmt="sci:1")], rows)


@value("dlt.tree_max_error_8", inputs=["dlt.neuron_counts"], params=TREE, fmt="sci:2")
def tree_max_error_8(neuron_counts, seed, trials, lam):
    """Largest |relative error| of the tree of gates multiplying 8 random numbers (the
    n = 8 row of dlt.neuron_counts), up to the error at the corner where every |x| is
    1.5: each gate's error, c λ² (a² + b²) to leading order, grows with its inputs'
    size, so no input in the sampled box does worse than that corner."""
    row = next(r for r in neuron_counts.rows if r[0] == 8)
    corner = abs(gates.tree_product([1.5] * 8, lam) / 1.5**8 - 1.0)
    return Estimate(row[-1], row[-1], max(row[-1], corner),
                    f"from the worst of {trials} random inputs to the worst corner of the "
                    "input box (every |x| = 1.5)")


claim("dlt.claim_tree_multiplies", of="dlt.tree_max_error_8",
      issue="AN #139", summary="Why does deep and cheap learning work so well?",
      stated=("a deep network with about 4 neurons per multiplication approximates a "
              "product arbitrarily well (checked here for 8 inputs: within one part in "
              f"10⁵ at λ = {TREE['lam']:g})"),
      target="1e-5", compare="<",
      how=(f"Multiply 8 random numbers (|x| uniform in [0.5, 1.5], random signs; "
           f"{TREE['trials']} seeded trials) with a binary tree of 7 softplus gates, 28 "
           f"neurons, at λ = {TREE['lam']:g}, and take the largest |relative error|."))


@table("dlt.shallow_products", params={"seed": 20210301, "trials": 200, "lam": 1e-2, "bias": 1.0},
       title="One hidden layer of exactly 2ⁿ neurons does multiply n numbers")
def shallow_products(seed, trials, lam, bias):
    """The single-layer construction with one neuron per sign pattern, checked on random inputs."""
    rows = []
    for n in (2, 3, 4):
        rng = np.random.default_rng([seed, n])
        xs = rng.uniform(0.5, 1.5, (trials, n)) * rng.choice([-1.0, 1.0], (trials, n))
        errs = [gates.shallow_product(row, lam, bias) / np.prod(row) - 1.0 for row in xs]
        rows.append((n, 2**n, float(np.max(np.abs(errs)))))
    return Table([Col("Inputs n", fmt="int"), Col("Hidden neurons, one layer", fmt="int"),
                  Col(f"Worst relative error, λ = {lam:g}, bias {bias:g}", fmt="sci:1")], rows)


@figure("dlt.neuron_counts_plot",
        title="Multiplying n numbers takes exponentially many neurons in one hidden layer, "
              "linearly many in a tree of gates")
def neuron_counts_plot():
    from recomputed.engine import annotate, plotting

    ns = np.arange(2, 33)
    counts = [gates.neuron_counts(int(n)) for n in ns]
    shallow = np.array([c.shallow_min for c in counts], dtype=float)
    deep = np.array([c.deep for c in counts], dtype=float)
    fig, ax = plotting.new_figure(6.5, 3.8)
    ax.plot(ns, shallow, marker="o", ms=3, label="one hidden layer, $2^n$")
    ax.plot(ns, deep, marker="s", ms=3, label="tree of gates, $4(n - 1)$")
    plotting.log_axes(ax, x=False)
    annotate.end_labels(ax)
    ax.set_xlabel("number of inputs multiplied, $n$")
    ax.set_ylabel("hidden neurons")
    ax.set_title("Exponential against linear cost")
    return Plot(fig, data=Table([Col("n", fmt="int"), Col("2^n", fmt="int"),
                                 Col("4(n-1)", fmt="int")],
                                list(zip(ns, shallow, deep, strict=True))),
                alt=(f"Neuron counts on a log scale against n from {ns[0]} to {ns[-1]}: the "
                     "single-layer bound 2ⁿ is a straight rising line reaching "
                     f"{numbers.format_number(shallow[-1], 'sci:2')}, while the tree's count "
                     f"4(n − 1) grows only to {numbers.format_number(deep[-1], 'int')}."))
