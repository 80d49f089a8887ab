"""Kepler's third law, checked against the eight planets: the example site's artifacts.

An artifact module of the site's own (``modules: [orbits]`` and ``paths: [.]`` in
``mkdocs.yml``): a value, a table, a figure, and a claim that checks the value.
"""

import math

from scipy import stats

from recomputed.engine.registry import Col, Estimate, Plot, Table, claim, figure, table, value


def _fit(planets) -> tuple[float, float, float]:
    """Least-squares line through (log distance, log period): slope, intercept and the
    slope's standard error."""
    xs = [math.log(r["distance"]) for r in planets]
    ys = [math.log(r["period"]) for r in planets]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx
    intercept = my - slope * mx
    residual = sum((y - intercept - slope * x) ** 2 for x, y in zip(xs, ys, strict=True))
    return slope, intercept, math.sqrt(residual / (len(xs) - 2) / sxx)


@value("orbits.period_exponent", inputs=["planets"], fmt="fixed:3",
       title="Exponent of the period in the distance")
def period_exponent(planets):
    """Slope of log period against log distance, fitted by least squares, with its 95%
    confidence interval (Student's t with n - 2 degrees of freedom)."""
    slope, _, se = _fit(planets)
    half = stats.t.ppf(0.975, len(planets) - 2) * se
    return Estimate(slope, slope - half, slope + half, "95% confidence interval of the fit")


@table("orbits.planets", inputs=["planets"], title="Distance, period and Kepler's ratio")
def planets_table(planets):
    earth = planets.one(planet="Earth")
    return Table(
        [Col("Planet", align="left"), Col("Distance", fmt="fixed:1", unit="10⁶ km"),
         Col("Period", fmt="fixed:1", unit="days"), Col("(T/T⊕)² / (a/a⊕)³", fmt="fixed:3")],
        [(r["planet"], r["distance"], r["period"],
          (r["period"] / earth["period"]) ** 2 / (r["distance"] / earth["distance"]) ** 3)
         for r in planets])


@figure("orbits.period_plot", inputs=["planets"], title="Period against distance")
def period_plot(planets):
    from recomputed.engine import plotting

    slope, intercept, _ = _fit(planets)
    fig, ax = plotting.new_figure(6.4, 3.6)
    distance, period = planets.column("distance"), planets.column("period")
    ax.plot(distance, period, "o", label="planets")
    ends = [min(distance), max(distance)]
    ax.plot(ends, [math.exp(intercept) * d ** slope for d in ends], "-",
            label=f"fit, slope {slope:.3f}")
    plotting.log_axes(ax)
    ax.set_xlabel("mean distance from the Sun (10⁶ km)")
    ax.set_ylabel("orbital period (days)")
    ax.legend()
    return Plot(fig, Table([Col("Planet", align="left"), Col("Distance", unit="10⁶ km"),
                            Col("Period", unit="days")],
                           [(r["planet"], r["distance"], r["period"]) for r in planets]),
                alt="The eight planets lie on a straight line on log-log axes, with slope 3/2.")


claim("orbits.claim_third_law", of="orbits.period_exponent",
      issue="Kepler (1619)", summary="Harmonices Mundi, the third law",
      stated="the square of a planet's period is proportional to the cube of its distance "
             "from the Sun (T² ∝ a³): the period grows as the distance to the power 3/2",
      target="1.5", compare="approx",
      how="Fit log period against log distance for the eight planets.")
