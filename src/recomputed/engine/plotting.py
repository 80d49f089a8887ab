"""Figures: one house style, laid out for the page, with output byte-identical for identical inputs.

A figure function draws at whatever size it likes; :func:`renderings` lays the figure
out again for where it is shown and returns every file published for it:

- ``svg``/``dark.svg``: laid out at :data:`WIDE_PX`, the width of Material's content
  column at 1280 px (measured in Chromium), so it is shown at its own size: text of
  :data:`MIN_TEXT_PT` or more is 11 px or more on screen;
- ``narrow.svg``/``narrow.dark.svg``: laid out again at :data:`NARROW_PX` for phones, with
  side-by-side panels stacked (at most two across), so text stays 9 px or more in the
  358 px column of a 390 px phone;
- ``png``: the wide layout on white, 1200 px across, for link previews;
- ``points.json``: the drawn points and where they lie in each rendering
  (:mod:`recomputed.engine.drawn`), for reading exact values on the page.

Dark renderings are the light ones recoloured (:func:`recomputed.engine.colours.dark_svg`).
Text stays text (``svg.fonttype: none``): selectable, searchable, and a third of the
bytes of glyph outlines. It is laid out with DejaVu Sans, which matplotlib ships and
whose glyphs are as wide as any reader's, and shown in the reader's own interface font
(:data:`FONT_STACK`), which is never wider, so labels do not overrun.

Only figure functions import this module, and they do so inside the function,
so a build whose figures all come from the cache never imports matplotlib.
We build :class:`matplotlib.figure.Figure` objects directly (no pyplot state to
leak between figures) and save with a fixed hash salt and no date.
"""

from __future__ import annotations

import io
import math
import re

import matplotlib
import matplotlib._mathtext
import numpy as np

matplotlib.use("Agg")  # no display here, and no GUI back-end should ever be picked
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.offsetbox import HPacker, VPacker  # noqa: E402
from matplotlib.text import Text  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from recomputed.engine import colours, drawn, numbers  # noqa: E402
from recomputed.engine.colours import PALETTE  # noqa: E402, F401 - figure code picks colours here

STYLE = {
    "svg.hashsalt": "recomputed",
    "svg.fonttype": "none",  # text as text; FONT_STACK names what shows it
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],  # the metrics layout uses: matplotlib ships it
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

# What the SVG's text is shown in: the reader's interface font, then common fallbacks.
FONT_STACK = ("system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, "
              "'DejaVu Sans', sans-serif")
WIDE_PX = 688  # Material's content column at 1280 px (and up to 1600 px), in CSS px
NARROW_PX = 420  # laid out for phones; shown at 358 px on a 390 px phone (scale 0.85)
# Sub- and superscripts in labels ($N_\mathrm{opt}$, $D_T$) are set at this fraction of
# their text, not matplotlib's 0.7, so that a subscript of a 10 pt label keeps to the
# 8.5 pt minimum below. (A module constant of matplotlib's mathtext, read at each layout.)
SCRIPT_SCALE = 0.85
matplotlib._mathtext.SHRINK_FACTOR = SCRIPT_SCALE
MIN_TEXT_PT = 8.5  # smaller text is raised to this: 11.3 px wide, 9.7 px on that phone
PNG_PX = 1200  # width of the link-preview image
CSS_PX_PER_INCH = 96  # an SVG's points are 1/72 inch, shown as 96/72 CSS px


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
    """The light and the dark SVG of ``fig`` as it is laid out now: one drawing,
    recoloured for dark pages."""
    light = _with_font_stack(svg_bytes(fig))
    return light, colours.dark_svg(light)


def _with_font_stack(svg: bytes) -> bytes:
    return re.sub(rb"font-family: [^;\"]+", b"font-family: " + FONT_STACK.encode(), svg)


def png_bytes(fig, width_px: int = PNG_PX) -> bytes:
    """``fig`` as it is laid out now, on white, ``width_px`` across: a PNG whose bytes
    depend only on the figure (no software name or date in it)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=width_px / fig.get_size_inches()[0],
                facecolor="white", metadata={"Software": None})
    return buf.getvalue()


def renderings(fig) -> dict[str, bytes]:
    """Every file published for ``fig``, by suffix (see the module docstring)."""
    _raise_small_text(fig)
    grid = _grid(fig)
    w, h = fig.get_size_inches()
    wide_w = WIDE_PX / CSS_PX_PER_INCH
    wide_h = h * math.sqrt(wide_w / w)  # a wide figure narrowed keeps some of its height
    fig.set_size_inches(wide_w, wide_h)
    texts = {}
    _fit_labels(fig, texts)
    files = {}
    files["svg"], files["dark.svg"] = svg_renderings(fig)
    series = drawn.collect(fig)
    layouts = {"wide": (wide_w * 72, wide_h * 72, drawn.positions(fig, series))}
    files["png"] = png_bytes(fig)

    narrow_w = NARROW_PX / CSS_PX_PER_INCH
    rows = grid[0] if grid else 1
    _unwrap(texts)
    if grid and grid[1] > 1:
        rows = _restack(fig, grid, cols=1 if grid[0] * grid[1] <= 3 else 2)
    row_h = wide_h / (grid[0] if grid else 1) * math.sqrt(NARROW_PX / WIDE_PX)
    fig.set_size_inches(narrow_w, row_h * rows)
    _fit_labels(fig, texts)
    files["narrow.svg"], files["narrow.dark.svg"] = svg_renderings(fig)
    layouts["narrow"] = (narrow_w * 72, row_h * rows * 72, drawn.positions(fig, series))
    files["points.json"] = drawn.points_json(series, layouts)
    return files


def _raise_small_text(fig) -> None:
    """Raise text under :data:`MIN_TEXT_PT` to it (legends and notes set at 7-8 pt)."""
    for text in fig.findobj(Text):
        if text.get_fontsize() < MIN_TEXT_PT:
            text.set_fontsize(MIN_TEXT_PT)
    for ax in fig.axes:  # tick labels are made anew at each draw from the axis' settings
        for axis, which in ((ax.xaxis, "x"), (ax.yaxis, "y")):
            labels = axis.get_ticklabels()
            if labels and labels[0].get_fontsize() < MIN_TEXT_PT:
                ax.tick_params(axis=which, which="both", labelsize=MIN_TEXT_PT)


def _fit_labels(fig, originals: dict) -> None:
    """Wrap each panel title and axis label that is longer than its panel onto more
    lines, at spaces (``originals``: the texts as written, kept across layouts)."""
    renderer = FigureCanvasAgg(fig).get_renderer()  # measures text as the layout does
    fig.draw(renderer)  # panel sizes for this layout
    for ax in fig.axes:
        box = ax.get_window_extent(renderer)
        for text, room, along in ((ax.title, box.width, "width"),
                                  (ax._left_title, box.width, "width"),  # noqa: SLF001
                                  (ax._right_title, box.width, "width"),  # noqa: SLF001
                                  (ax.xaxis.label, box.width, "width"),
                                  (ax.yaxis.label, box.height, "height")):
            written = originals.setdefault(id(text), (text, text.get_text()))[1]
            _wrap(text, written, room, along, renderer)
    for legend in fig.legends:  # a legend beside the panels: as many columns as fit
        ncols = originals.setdefault(id(legend), (legend, legend._ncols))[1]  # noqa: SLF001
        _legend_columns(legend, ncols)
        fig.draw(renderer)
        while ncols > 1 and legend.get_window_extent(renderer).width > 0.98 * fig.bbox.width:
            ncols -= 1
            _legend_columns(legend, ncols)
            fig.draw(renderer)


def _legend_columns(legend, ncols: int) -> None:
    """Re-pack a drawn legend's entries into ``ncols`` columns (matplotlib packs them once,
    when the legend is made; ``set_ncols`` alone changes nothing drawn)."""
    old = legend._legend_handle_box  # noqa: SLF001
    items = [item for column in old.get_children() for item in column.get_children()]
    if ncols == len(old.get_children()) or not items:
        return
    first = old.get_children()[0]
    columns = [VPacker(pad=0, sep=first.sep, align=first.align, children=list(chunk))
               for chunk in np.array_split(np.array(items, dtype=object), ncols) if len(chunk)]
    new = HPacker(pad=0, sep=old.sep, align=old.align, mode=old.mode, children=columns)
    box = legend._legend_box  # noqa: SLF001
    box._children = [new if child is old else child for child in box.get_children()]  # noqa: SLF001
    box.set_figure(legend.get_figure(root=False))
    legend._legend_handle_box = new  # noqa: SLF001
    legend._ncols = ncols  # noqa: SLF001


def _unwrap(originals: dict) -> None:
    """Labels as written again, before the panels are rearranged."""
    for artist, written in originals.values():
        if isinstance(written, int):
            _legend_columns(artist, written)
        else:
            artist.set_text(written)
    originals.clear()


def _wrap(text, written: str, room: float, along: str, renderer) -> None:
    def length(s: str) -> float:
        text.set_text(s)
        return getattr(text.get_window_extent(renderer), along)

    if not written or length(written) <= room:
        return
    lines, line = [], ""
    for word in written.split(" "):
        if line and length(f"{line} {word}") > room:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    text.set_text("\n".join([*lines, line]))


def _grid(fig) -> tuple[int, int] | None:
    """(rows, columns) of the one grid every panel of ``fig`` sits in, one cell each, or
    None for a figure laid out some other way (which is then not restacked)."""
    specs = [ax.get_subplotspec() for ax in fig.axes]
    panels = [s for s in specs if s is not None]
    if not panels or len({id(s.get_gridspec()) for s in panels}) != 1:
        return None
    if any(s.num1 != s.num2 for s in panels):
        return None  # a panel spans cells
    return panels[0].get_gridspec().get_geometry()


def _restack(fig, grid: tuple[int, int], cols: int) -> int:
    """Put the panels of ``fig`` in ``cols`` columns, in reading order; returns the rows.

    Panels that shared an axis and hid its tick labels between them show them again
    where a neighbour no longer does, and take the axis label of a sibling if they had
    none (the label was on the panel at the edge of the old grid)."""
    axes = sorted((ax for ax in fig.axes if ax.get_subplotspec() is not None),
                  key=lambda ax: ax.get_subplotspec().num1)
    rows = math.ceil(len(axes) / cols)
    gs = fig.add_gridspec(rows, cols)
    for i, ax in enumerate(axes):
        ax.set_subplotspec(gs[i // cols, i % cols])
    labels = [(drawn.axis_label(ax, "x"), drawn.axis_label(ax, "y")) for ax in axes]
    for i, ax in enumerate(axes):
        col = i % cols
        bottom = i + cols >= len(axes)
        shares_x = len(ax.get_shared_x_axes().get_siblings(ax)) > 1
        shares_y = len(ax.get_shared_y_axes().get_siblings(ax)) > 1
        if shares_x:
            ax.xaxis.set_tick_params(labelbottom=bottom)
            ax.set_xlabel(labels[i][0] if bottom else "")
        if shares_y:
            ax.yaxis.set_tick_params(labelleft=col == 0)
            ax.set_ylabel(labels[i][1] if col == 0 else "")
    return rows


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
