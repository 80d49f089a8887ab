"""What every figure says: distinct colours in a panel, labels on the lines, titles that
state a finding, typeset axis labels, and legible contour labels on both palettes."""

from __future__ import annotations

import re
from functools import cache

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_hex
from matplotlib.lines import Line2D
from matplotlib.text import Annotation

from recomputed.engine import build as engine
from recomputed.engine import colours, datafiles, plotting, registry
from recomputed.engine.annotate import end_labels
from recomputed.engine.cache import Cache

FIGURES = sorted(n for n, a in registry.load_all().items() if a.kind == "figure")


@cache
def drawn(name: str):
    """The matplotlib figure of ``name``, made from its inputs as the build makes them."""
    art = registry.get(name)
    done = engine.build(art.reads, cache=Cache(), check_claims=False) if art.reads else {}
    kwargs = {registry.argument(n): datafiles.load(n) for n in art.datasets}
    kwargs |= {registry.argument(n): done[n].as_input for n in art.reads} | art.params
    return art.func(**kwargs).figure


def _series(ax) -> list[Line2D]:
    """The lines a reader tells apart by name: those given a label, and the data lines of
    labelled error bars (unnamed guides such as grey floors are not series)."""
    from matplotlib.container import ErrorbarContainer

    lines = [ln for ln in ax.get_lines() if not ln.get_label().startswith("_")]
    for c in ax.containers:
        if isinstance(c, ErrorbarContainer) and not str(c.get_label()).startswith("_"):
            c.lines[0].set_label(c.get_label())  # for the messages below
            lines.append(c.lines[0])
    return lines


@pytest.mark.parametrize("name", FIGURES)
def test_no_colour_twice_in_a_panel(name):
    for ax in drawn(name).axes:
        seen = {}
        for ln in _series(ax):
            c = to_hex(ln.get_color())
            assert c not in seen, (f"{name}: {ln.get_label()!r} and {seen[c]!r} share the "
                                   f"colour {c} in panel {ax.get_title()!r}")
            seen[c] = ln.get_label()


@pytest.mark.parametrize("name", FIGURES)
def test_few_series_are_labelled_on_the_lines(name):
    """A panel with six series or fewer has no legend: its lines are named where they end.
    (A key of marker shapes for a scatter of labelled points may stay.)"""
    fig = drawn(name)
    for ax in fig.axes:
        series = _series(ax)
        if ax.get_legend() is None or len(series) > 6:
            continue
        keyed = {t.get_text() for t in ax.get_legend().get_texts()}
        drawn_as_lines = [ln.get_label() for ln in series
                          if ln.get_linestyle() not in ("None", "", " ")]
        assert not keyed & set(drawn_as_lines), (
            f"{name}: panel {ax.get_title()!r} keys its lines {sorted(keyed)} in a legend")
    for legend in fig.legends:  # under the panels: many series, or a key of shapes
        lines = [h for h in legend.legend_handles
                 if isinstance(h, Line2D) and h.get_linestyle() not in ("None", "", " ")]
        assert len(legend.legend_handles) > 6 or not lines, (
            f"{name}: a figure legend keys {len(lines)} lines among few entries")


# Axis labels write symbols with mathtext: a raw D_T, N_opt or C^β is a typo to a reader.
RAW = re.compile(r"(?<![\\$\w])[A-Za-z]_[A-Za-z0-9]|\^[A-Za-zα-ω]|[A-Z]_opt")


@pytest.mark.parametrize("name", FIGURES)
def test_axis_labels_are_typeset(name):
    for ax in drawn(name).axes:
        for text in (ax.get_xlabel(), ax.get_ylabel(), ax.get_title()):
            outside = re.sub(r"\$[^$]*\$", "", text)
            assert not RAW.search(outside), f"{name}: raw symbols in {text!r}"


def test_titles_state_the_finding():
    """No figure's title restates its axes ("Loss against compute", "D_T at N = …"): the
    titles say what to see."""
    for name in FIGURES:
        assert " against " not in registry.get(name).title, name
    for name in FIGURES:
        for ax in drawn(name).axes:
            assert not ax.get_title().startswith("D_T at"), name


def test_loss_vs_compute_is_split_by_group():
    fig = drawn("scaling.loss_vs_compute")
    panels = [ax for ax in fig.axes if _series(ax)]
    assert len(panels) >= 2
    assert all(len(_series(ax)) <= 6 for ax in panels)
    names = {ln.get_label() for ax in panels for ln in _series(ax)}
    assert len(names) == 10  # every modality is still drawn


def test_fewshot_marks_the_jump():
    fig = drawn("fewshot.arithmetic_by_size")
    notes = [t.get_text() for ax in fig.axes for t in ax.texts]
    assert any("6.7B" in t and "13B" in t for t in notes), notes
    spans = [p for ax in fig.axes for p in ax.patches]
    assert len(spans) >= 10  # the step is shaded in every panel


def _under(label) -> list[str]:
    """The colours under a contour label: its box if it has one, else the filled bands
    whose outline passes within the label's half-height of its centre (it sits on a line
    between two bands, and covers both)."""
    patch = label.get_bbox_patch()
    if patch is not None:
        return [to_hex(patch.get_facecolor())]
    ax = label.axes
    centre = ax.transData.transform(label.get_position())
    found = []
    for coll in ax.collections:
        if not getattr(coll, "filled", False):
            continue
        for path, face in zip(coll.get_paths(), coll.get_facecolors(), strict=True):
            if path.contains_point(centre, transform=ax.transData, radius=8):
                found.append(to_hex(face))
    return found


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_contour_labels_contrast(dark):
    fig = drawn("transfer.fraction_map")
    FigureCanvasAgg(fig).draw()
    labels = [t for ax in fig.axes for t in ax.texts if not isinstance(t, Annotation)]
    assert labels
    for label in labels:
        under = _under(label)
        assert under, f"nothing under the label {label.get_text()!r}"
        ink = to_hex(label.get_color())
        if dark:
            ink, under = colours.dark_colour(ink), [colours.dark_colour(u) for u in under]
        worst = min(colours.contrast(ink, u) for u in under)
        assert worst >= 4.5, (label.get_text(), ink, under, worst)


def test_end_labels_do_not_overlap():
    fig, ax = plotting.new_figure(4, 3)
    x = np.linspace(1, 10, 20)
    for i in range(5):
        ax.plot(x, 1 + 0.001 * i * x, label=f"series {i}")  # all ending at nearly one y
    labels = end_labels(ax)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()  # the labels are spread when drawn
    renderer = canvas.get_renderer()
    boxes = sorted((t.get_window_extent(renderer) for t in labels), key=lambda b: b.y0)
    assert len(boxes) == 5
    for lo, hi in zip(boxes, boxes[1:], strict=False):
        assert hi.y0 >= lo.y1 - 0.5, (lo, hi)
    assert [to_hex(t.get_color()) for t in labels] == [to_hex(ln.get_color())
                                                       for ln in ax.get_lines()]


@pytest.mark.parametrize("name", FIGURES)
def test_line_labels_in_figures_do_not_overlap(name):
    """The labels end_labels placed, as drawn: none overlaps another in its panel."""
    fig = drawn(name)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    for ax in fig.axes:
        boxes = sorted((t.get_window_extent(renderer) for t in ax.texts
                        if hasattr(t, "rc_offset")), key=lambda b: b.y0)
        for lo, hi in zip(boxes, boxes[1:], strict=False):
            apart = hi.y0 >= lo.y1 - 0.5 or hi.x0 >= lo.x1 or lo.x0 >= hi.x1
            assert apart, f"{name}: labels overlap in panel {ax.get_title()!r}"


@pytest.mark.parametrize("name", FIGURES)
def test_hover_text_is_read_as_characters_not_tex(name):
    """What a reader reads on hover (series, panel and axis names, and values) has no TeX
    left in it: no backslash, dollar or brace (γ, not \\gamma; N_opt, not N_\\mathrm{opt})."""
    from recomputed.engine import drawn as drawn_points

    fig = drawn(name)
    FigureCanvasAgg(fig).draw()
    for s in drawn_points.collect(fig):
        for text in (s.name, s.panel, s.xname, s.yname, *s.x_text, *s.y_text):
            assert not re.search(r"[\\${}]", text), (name, text)
