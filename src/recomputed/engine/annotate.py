"""Labels that sit on the figure instead of in a legend.

A reader matches a line to its name faster when the name is written where the line
ends than when it is in a key across the panel, so panels with six series or fewer
label their lines here (:func:`end_labels`) and carry no legend.

The labels are placed in data coordinates with an offset in points, and are pushed
apart when the figure is drawn (:class:`_Spread`), not when it is made: the figure is
laid out again at other widths before it is saved, and only then are the distances
between labels on the page known.

Only figure functions import this module (it imports matplotlib).
"""

from __future__ import annotations

import math

from matplotlib.artist import Artist
from matplotlib.lines import Line2D

GAP_PT = 4.0  # between a line's last point and its label
MIN_CONTRAST = 4.5  # WCAG AA for text, on the light page and on the dark one


class _Spread(Artist):
    """Drawn before the labels of one axes: moves them apart vertically so that none
    overlaps the next, keeping each as near its line's end as it can."""

    def __init__(self, labels):
        super().__init__()
        self.labels = labels
        self.set_zorder(-1e9)  # the axes draws its artists by zorder: this one first
        self.set_in_layout(False)

    def draw(self, renderer):
        if not self.labels:
            return
        ax = self.labels[0].axes
        to_pt = 72.0 / ax.figure.dpi
        placed = []
        for label in self.labels:
            dx, dy = label.rc_offset
            label.xyann = (dx, dy)
            y = ax.transData.transform(label.xy)[1] * to_pt + dy  # where it wants to be
            height = label.get_window_extent(renderer).height * to_pt
            placed.append([y, height, label])
        placed.sort(key=lambda p: p[0])
        # Push up from the bottom, then pull back down from the top if the stack left
        # the axes: the labels keep their order, each at least its height from the next.
        top = ax.bbox.y1 * to_pt
        for i in range(1, len(placed)):
            lo = placed[i - 1][0] + (placed[i - 1][1] + placed[i][1]) / 2
            placed[i][0] = max(placed[i][0], lo)
        overshoot = placed[-1][0] + placed[-1][1] / 2 - top
        if overshoot > 0:
            placed[-1][0] -= overshoot
            for i in range(len(placed) - 2, -1, -1):
                hi = placed[i + 1][0] - (placed[i + 1][1] + placed[i][1]) / 2
                placed[i][0] = min(placed[i][0], hi)
        for y, _h, label in placed:
            end = ax.transData.transform(label.xy)[1] * to_pt
            label.xyann = (label.rc_offset[0], y - end)
        self.stale = False


def end_labels(ax, lines=None, texts=None, *, at: str = "end",
               fontsize: float | None = None) -> list:
    """Write each line's label (or the matching entry of ``texts``) at its last point
    that is inside the axes, in the line's colour, and keep the labels from overlapping.

    ``lines`` defaults to the lines of ``ax`` that have a label of their own (not
    matplotlib's ``_child…``). With ``at="start"`` the labels sit just above the lines'
    first points instead (for lines that end crowded together but start apart). Call it
    after the axes' scales and limits are set. Returns the text artists."""
    if lines is None:
        lines, names = named_lines(ax)
        texts = names if texts is None else texts
    if texts is None:
        texts = [ln.get_label() for ln in lines]
    labels = []
    for line, text in zip(lines, texts, strict=True):
        xy = _last_point(ax, line, first=at == "start")
        if xy is None:
            continue
        offset = (GAP_PT, 0.0) if at == "end" else (GAP_PT / 2, 2 * GAP_PT)
        label = ax.annotate(
            text, xy=xy, xytext=offset, textcoords="offset points", va="center",
            ha="left", color=line.get_color(), fontsize=fontsize, annotation_clip=False)
        label.rc_offset = offset
        labels.append(label)
    ax.add_artist(_Spread(labels))
    return labels


def named_lines(ax) -> tuple[list[Line2D], list[str]]:
    """The series of ``ax`` a reader tells apart by name, and their names: lines with a
    label of their own in data coordinates (not ``axvline``/``axhline`` guides), and the
    data line of each labelled ``errorbar`` (the label sits on its container)."""
    from matplotlib.container import ErrorbarContainer

    found = [(ln, ln.get_label()) for ln in ax.get_lines()
             if not ln.get_label().startswith("_") and ln.get_transform() == ax.transData]
    found += [(c.lines[0], c.get_label()) for c in ax.containers
              if isinstance(c, ErrorbarContainer) and c.lines[0] is not None
              and not str(c.get_label()).startswith("_")]
    return [ln for ln, _ in found], [name for _, name in found]


def vline_label(ax, x: float, text: str, colour, *, side: str = "right",
                fontsize: float | None = None):
    """Name a vertical guide line (an ``axvline`` at ``x``) at its top, on ``side`` of it."""
    dx = 3 if side == "right" else -3
    return ax.annotate(text, xy=(x, 1.0), xycoords=ax.get_xaxis_transform(),
                       xytext=(dx, -3), textcoords="offset points",
                       ha="left" if side == "right" else "right", va="top",
                       color=colour, fontsize=fontsize)


def hline_label(ax, y: float, text: str, colour, *, side: str = "left", below: bool = False,
                fontsize: float | None = None):
    """Name a horizontal guide line (an ``axhline`` at ``y``) at its ``side`` end, above it
    (or ``below``), where the data's lines are not."""
    right = side == "right"
    return ax.annotate(text, xy=(1.0 if right else 0.0, y), xycoords=ax.get_yaxis_transform(),
                       xytext=(-3 if right else 3, -2 if below else 2),
                       textcoords="offset points", ha="right" if right else "left",
                       va="top" if below else "bottom", color=colour, fontsize=fontsize)


def _last_point(ax, line: Line2D, first: bool = False):
    """The last (or ``first``) finite point of ``line`` inside the axes' current limits."""
    x0, x1 = sorted(ax.get_xlim())
    y0, y1 = sorted(ax.get_ylim())
    points = list(zip(line.get_xdata(), line.get_ydata(), strict=True))
    for x, y in (points if first else reversed(points)):
        x, y = float(x), float(y)
        if math.isfinite(x) and math.isfinite(y) and x0 <= x <= x1 and y0 <= y <= y1:
            return x, y
    return None


def distinct_colours(n: int) -> list[str]:
    """``n`` colours of the house palette, none repeated (a panel never reuses one)."""
    from recomputed.engine.colours import PALETTE

    if n > len(PALETTE):
        raise ValueError(f"{n} series in one panel, but the palette has {len(PALETTE)} "
                         "colours: split the panel")
    return list(PALETTE[:n])


def contour_labels(ax, filled, lines, fmt, *, fontsize: float | None = None) -> list:
    """Label the contour ``lines`` drawn over the bands ``filled`` (a ``contourf``), each
    label in black or white, whichever reads better on both bands beside its line, on the
    light page and on the dark one (where :func:`recomputed.engine.colours.dark_colour`
    recolours ink and bands alike). Returns the labels."""
    from matplotlib.colors import to_hex

    bands = [to_hex(c) for c in filled.get_facecolor()]
    bounds = list(filled.levels)
    texts = ax.clabel(lines, fmt=fmt, fontsize=fontsize)
    for text, level in zip(texts, lines.labelLevelList, strict=True):
        i = min(range(len(bounds)), key=lambda k: abs(bounds[k] - level))  # the line's bound
        beside = [bands[j] for j in (i - 1, i) if 0 <= j < len(bands)]
        ink = max(("#000000", "#ffffff"), key=lambda ink: worst_contrast(ink, beside))
        if worst_contrast(ink, beside) < MIN_CONTRAST:
            # Mid-tone bands: neither ink reads on both pages, so the label gets a patch of
            # paper (white, which the dark page turns into its background) under it.
            ink = "#000000"
            text.set_bbox({"boxstyle": "round,pad=0.15", "facecolor": "#ffffff",
                           "edgecolor": "none"})
        text.set_color(ink)
    return texts


def worst_contrast(ink: str, backgrounds) -> float:
    """The lowest WCAG contrast of ``ink`` on any of ``backgrounds``, light or dark page."""
    from recomputed.engine import colours

    return min(min(colours.contrast(ink, b),
                   colours.contrast(colours.dark_colour(ink), colours.dark_colour(b)))
               for b in backgrounds)
