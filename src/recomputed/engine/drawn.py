"""The points a figure draws, for reading exact values on the page (``NAME.points.json``).

A reader hovers, taps or steps with the arrow keys through a figure and reads the nearest
point's series, x and y (``docs/assets/figure-values.js``). Those come from the artists
matplotlib drew, not from the figure's CSV, so what is read is what is seen: every line
and every scatter in data coordinates, taken through the same transforms that placed it
in the SVG. Reference lines (``axhline``, spans) and contour or colour-map figures have
no points to read and are left out.

The values are formatted here, at build time, by :mod:`recomputed.engine.numbers`, so
the page shows them as it shows every other number; positions are in the SVG's own units
(points, its ``viewBox``), one set per rendering (see :func:`recomputed.engine.plotting.
renderings`), so the script need only scale them to the image's displayed size.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field

import numpy as np
from matplotlib.collections import PathCollection
from matplotlib.container import ErrorbarContainer
from matplotlib.ticker import FixedLocator

from recomputed.engine import numbers

MAX_PER_SERIES = 400  # a dense curve is read well enough at 400 points, and the file stays small


@dataclass
class Series:
    """One drawn line or scatter: its artist, its names, and the points kept."""

    ax: object
    name: str
    panel: str
    xname: str
    yname: str
    xy: np.ndarray  # data coordinates, one row per point
    x_text: list[str] = field(default_factory=list)
    y_text: list[str] = field(default_factory=list)


# Mathtext in labels, as a reader reads it in a tooltip: Greek letters and symbols as
# characters, \mathrm{opt} as opt, no braces or dollars (N_\mathrm{opt} reads N_opt).
TEX_SYMBOLS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "theta": "θ",
    "lambda": "λ", "mu": "μ", "nu": "ν", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ",
    "phi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω", "Delta": "Δ", "Sigma": "Σ",
    "propto": "∝", "to": "→", "infty": "∞", "times": "×", "cdot": "·", "approx": "≈",
    "leq": "≤", "geq": "≥", "pm": "±", "sim": "~", "ell": "ℓ", "partial": "∂",
}
_TEX_FONT = re.compile(r"\\(?:mathrm|mathit|mathbf|text|operatorname)\{([^{}]*)\}")
_TEX_FRAC = re.compile(r"\\frac\{([^{}]*)\}\{([^{}]*)\}")
_TEX_COMMAND = re.compile(r"\\([A-Za-z]+|[,;:! ])")


def _tex_word(m: re.Match) -> str:
    name = m.group(1)
    if name in ("left", "right"):
        return ""
    return TEX_SYMBOLS.get(name, " " if not name.isalpha() else name)


def _plain_label(text: str) -> str:
    """A label as plain text, on one line: matplotlib's hidden labels (``_child3``) are no
    name, labels wrapped to fit a panel are joined again, and mathtext between dollars
    becomes characters (``$\\gamma$ = 0.5`` reads γ = 0.5)."""
    if not text or text.startswith("_"):
        return ""
    text = _TEX_FRAC.sub(r"\1/\2", _TEX_FONT.sub(r"\1", text))
    text = _TEX_COMMAND.sub(_tex_word, text).replace("$", "").replace("{", "").replace("}", "")
    return " ".join(text.split())


def axis_label(ax, which: str, default: str = "") -> str:
    """An axis' label, or its shared siblings' when panels share the axis and one label."""
    get = ax.get_xlabel if which == "x" else ax.get_ylabel
    if get():
        return get()
    group = ax.get_shared_x_axes() if which == "x" else ax.get_shared_y_axes()
    for other in group.get_siblings(ax):
        text = other.get_xlabel() if which == "x" else other.get_ylabel()
        if text:
            return text
    return default


EXACT_INTEGER = 1e7  # whole numbers below this show all their digits (2¹⁶ as 65,536)


def _whole(v: float) -> bool:
    return math.isfinite(v) and v == round(v) and abs(v) < EXACT_INTEGER


def _digits(values: np.ndarray, scale: str, lo: float, hi: float):
    """A formatter for one axis of one series: plain integers where every value is a
    whole number, else enough significant figures to tell apart points a tick apart on
    this axis, the same for the whole series. On a log axis, whose values span orders of
    magnitude, three significant figures, but a whole number keeps all its digits."""
    finite = values[np.isfinite(values)]
    if finite.size and all(_whole(v) for v in finite.tolist()):
        return numbers.integer
    span = abs(hi - lo) or 1.0

    def fmt(v: float) -> str:
        if scale == "log":
            return numbers.integer(v) if _whole(v) else numbers.format_number(v, "auto:3")
        if v == 0:
            return "0"
        n = max(3, math.floor(math.log10(abs(v))) - math.floor(math.log10(span)) + 2)
        return numbers.format_number(v, f"auto:{min(n, 6)}")

    return fmt


def _categories(axis):
    """For an axis whose ticks are names (``set_yticks(y, names)``, as in a dot plot of
    modalities), a formatter that gives the name at each tick; else None. (Call after a
    draw: the tick labels are then final.)"""
    if not isinstance(axis.get_major_locator(), FixedLocator):
        return None
    labels = [t.get_text() for t in axis.get_ticklabels()]
    if not any(re.search(r"[A-Za-z]", t) for t in labels):
        return None  # numbers at chosen places (ticks 1×, 2×, 4×), not names
    names = dict(zip(axis.get_majorticklocs().tolist(), labels, strict=False))

    def name(v: float) -> str:
        return _plain_label(names.get(v, "")) or numbers.format_number(v, "auto:3")

    return name


def _in_view(ax, xy: np.ndarray) -> np.ndarray:
    (x0, x1), (y0, y1) = sorted(ax.get_xlim()), sorted(ax.get_ylim())
    ok = np.all(np.isfinite(xy), axis=1)
    return ok & (xy[:, 0] >= x0) & (xy[:, 0] <= x1) & (xy[:, 1] >= y0) & (xy[:, 1] <= y1)


def _thin(xy: np.ndarray) -> np.ndarray:
    if len(xy) <= MAX_PER_SERIES:
        return xy
    keep = np.unique(np.linspace(0, len(xy) - 1, MAX_PER_SERIES).round().astype(int))
    return xy[keep]


def collect(fig) -> list[Series]:
    """Every line and scatter of ``fig`` that has points to read (call after a draw, so
    that view limits are final)."""
    out = []
    for ax in fig.axes:
        if not ax.get_visible() or ax.name != "rectilinear":
            continue
        errorbar_names = {}
        for c in ax.containers:
            if isinstance(c, ErrorbarContainer) and c.lines[0] is not None:
                errorbar_names[id(c.lines[0])] = c.get_label()
        artists = []
        for line in ax.get_lines():
            if line.get_visible() and line.get_transform() is ax.transData:
                label = errorbar_names.get(id(line), line.get_label())
                artists.append((label, np.asarray(line.get_xydata(), dtype=float)))
        for coll in ax.collections:
            if (isinstance(coll, PathCollection) and coll.get_visible()
                    and coll.get_offset_transform() is ax.transData):
                artists.append((coll.get_label(), np.asarray(coll.get_offsets(), dtype=float)))
        for label, xy in artists:
            if xy.ndim != 2 or xy.shape[1] != 2:
                continue
            xy = _thin(xy[_in_view(ax, xy)])
            if not len(xy):
                continue
            s = Series(ax, _plain_label(label), _plain_label(ax.get_title()),
                       _plain_label(axis_label(ax, "x", "x")),
                       _plain_label(axis_label(ax, "y", "y")), xy)
            cx, cy = _categories(ax.xaxis), _categories(ax.yaxis)
            fx = cx or _digits(xy[:, 0], ax.get_xscale(), *ax.get_xlim())
            fy = cy or _digits(xy[:, 1], ax.get_yscale(), *ax.get_ylim())
            # On a named axis the name says it all: "Atari", not "y: 4".
            s.xname, s.yname = ("" if cx else s.xname), ("" if cy else s.yname)
            s.x_text = [fx(float(v)) for v in xy[:, 0]]
            s.y_text = [fy(float(v)) for v in xy[:, 1]]
            out.append(s)
    return out


def positions(fig, series: list[Series]) -> list[float]:
    """Where each point of ``series`` lies in the SVG of ``fig`` as last drawn: x, y in the
    SVG's units (points from its top left), flattened, in the order of :func:`collect`."""
    width_px, height_px = fig.bbox.width, fig.bbox.height
    width_pt, height_pt = fig.get_size_inches() * 72
    flat = []
    for s in series:
        for x, y in s.ax.transData.transform(s.xy):
            flat += [round(float(x) / width_px * width_pt, 1),
                     round((1 - float(y) / height_px) * height_pt, 1)]
    return flat


def points_json(series: list[Series], layouts: dict[str, tuple[float, float, list[float]]]
                ) -> bytes:
    """The file a page reads: series (names and formatted values) and, per rendering, its
    size and the points' positions."""
    doc = {
        "series": [{"name": s.name, "panel": s.panel, "xname": s.xname, "yname": s.yname,
                    "x": s.x_text, "y": s.y_text} for s in series],
        "layouts": {k: {"width": round(w, 1), "height": round(h, 1), "xy": xy}
                    for k, (w, h, xy) in layouts.items()},
    }
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()
