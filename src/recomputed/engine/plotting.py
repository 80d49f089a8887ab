"""Figures: one house style, and SVG output that is byte-identical for identical inputs.

Each figure is published twice: as drawn (for light pages) and recoloured for
dark pages by :func:`recomputed.engine.colours.dark_svg` (see :func:`svg_renderings`).

Only figure functions import this module, and they do so inside the function,
so a build whose figures all come from the cache never imports matplotlib.
We build :class:`matplotlib.figure.Figure` objects directly (no pyplot state to
leak between figures) and save with a fixed hash salt and no date.
"""

from __future__ import annotations

import io
import math

import matplotlib

matplotlib.use("Agg")  # no display here, and no GUI back-end should ever be picked
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from recomputed.engine import colours, numbers  # noqa: E402
from recomputed.engine.colours import PALETTE  # noqa: E402, F401 - figure code picks colours here

STYLE = {
    "svg.hashsalt": "recomputed",
    "svg.fonttype": "path",  # text as paths: identical everywhere, no font needed
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "legend.frameon": False,
    "figure.dpi": 100,
    "path.simplify": False,
    "axes.unicode_minus": True,
}


def new_figure(width: float = 7.0, height: float = 4.2, ncols: int = 1, nrows: int = 1,
               **subplot_kw):
    """A fresh figure in the house style and its axes (an array if more than one)."""
    matplotlib.rcParams.update(STYLE)  # figure code may have changed them; reset every time
    fig = Figure(figsize=(width, height), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=True, **subplot_kw)
    return fig, axes


def log_axes(ax, x: bool = True, y: bool = True) -> None:
    """Log scales with ticks printed as powers of ten, like the prose."""
    if x:
        ax.set_xscale("log")
        ax.xaxis.set_major_formatter(log_tick_formatter())
    if y:
        ax.set_yscale("log")
        ax.yaxis.set_major_formatter(log_tick_formatter())


def svg_bytes(fig) -> bytes:
    """Render ``fig`` to SVG bytes that depend only on its content."""
    buf = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": STYLE["svg.hashsalt"]}):
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None},
                    transparent=True)
    return buf.getvalue()


def svg_renderings(fig) -> tuple[bytes, bytes]:
    """The light and the dark SVG of ``fig``: one drawing, recoloured for dark pages."""
    light = svg_bytes(fig)
    return light, colours.dark_svg(light)


def tick_formatter(spec: str = "auto:2"):
    """A matplotlib ``FuncFormatter`` that formats ticks like the prose does."""
    return FuncFormatter(lambda v, _pos: numbers.format_number(v, spec))


def log_tick_formatter():
    """Ticks on a log axis as powers of ten, 10⁻³ … 10¹², exactly as ``sci`` prints them."""
    def fmt(v, _pos):
        if v <= 0:
            return ""
        e = math.log10(v)
        if abs(e - round(e)) > 1e-9:
            return ""
        return "10" + str(int(round(e))).translate(numbers._SUPERSCRIPT)

    return FuncFormatter(fmt)
