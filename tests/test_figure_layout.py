"""Figures laid out for the page: sizes, text as text, phones, link previews, drawn points."""

from __future__ import annotations

import io
import json
import math
import re
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

from recomputed.engine import numbers, plotting
from recomputed.site.paths import url_rel
from recomputed.site.render import svg_size

SVG_NS = "{http://www.w3.org/2000/svg}"


def _panels(ncols=3, nrows=1, width=10.5, height=3.8, **kw):
    """A wide figure like the theory pages': panels side by side, small legend text, a long
    y label and a long panel title."""
    fig, axes = plotting.new_figure(width, height, ncols=ncols, nrows=nrows, **kw)
    for i, ax in enumerate(axes.flat):
        ax.plot([1, 10, 100], [3.0, 2.0, 1.5 + i / 10], marker="o", label=f"series {i}")
        ax.scatter([2, 20], [2.5, 1.8], label="measured", color=plotting.PALETTE[1])
        ax.axhline(1.0, color="0.5", ls=":")  # a reference line: no points to read
        plotting.log_axes(ax, y=False)
        ax.set_title(f"A long panel title number {i} that cannot fit")
        ax.legend(fontsize=7)
    axes.flat[0].set_ylabel("test MSE (teacher mean square = 1), a long label")
    # A subscript: mathtext shrinks scripts (by plotting.SCRIPT_SCALE, set through a
    # private matplotlib constant), so the smallest-text checks below cover it too.
    axes.flat[-1].set_xlabel(r"$N_\mathrm{opt}$ (parameters)")
    return fig


def _texts(svg: bytes) -> list[ET.Element]:
    """Every styled run of text: a <text>, or a <tspan> of a mathtext label (whose
    <text> carries no style of its own)."""
    return [el for el in ET.fromstring(svg).iter()
            if el.tag in (SVG_NS + "text", SVG_NS + "tspan") and "font-size" in el.get("style", "")]


def _font_px(el: ET.Element) -> float:
    return float(re.search(r"font-size: ([\d.]+)px", el.get("style")).group(1))


def test_wide_rendering_is_the_column_and_its_text_is_text_at_11px_or_more():
    files = plotting.renderings(_panels())
    width, _ = svg_size(files["svg"])
    assert width == plotting.WIDE_PX == 688
    texts = _texts(files["svg"])
    assert len(texts) > 20 and b"<defs>\n  <path id=\"DejaVuSans" not in files["svg"]
    assert {"".join(t.itertext()) for t in texts} >= {"series 0", "10¹", "measured"}
    # Shown at its own width in the 688 px column: its points are 4/3 px there.
    assert min(_font_px(t) for t in texts) * 4 / 3 >= 11 - 1e-9
    styles = {t.get("style") for t in texts}
    assert all(f"font-family: {plotting.FONT_STACK}" in s for s in styles)
    assert plotting.FONT_STACK.startswith("system-ui") and plotting.FONT_STACK.endswith(
        "sans-serif")


def test_narrow_rendering_stacks_panels_and_stays_9px_on_a_390px_phone():
    files = plotting.renderings(_panels())
    (_, h), (nw, nh) = svg_size(files["svg"]), svg_size(files["narrow.svg"])
    assert nw == plotting.NARROW_PX and nh > 2 * h  # three panels, one above the other
    shown = 358  # Material's column on a 390 px phone, measured in Chromium
    smallest = min(_font_px(t) for t in _texts(files["narrow.svg"])) * 4 / 3 * shown / nw
    assert smallest >= 9
    assert files["narrow.dark.svg"] != files["narrow.svg"]
    # Ten panels in two rows become two columns of five; shared axes keep their labels
    # at the edges only, and the bottom row's x label is everyone's.
    fig = _panels(ncols=5, nrows=2, width=11, height=5.2, sharex=True, sharey=True)
    for ax in fig.axes:
        ax.set_xlabel("parameters" if ax.get_subplotspec().is_last_row() else "")
    narrow = plotting.renderings(fig)["narrow.svg"]
    words = ["".join(t.itertext()) for t in _texts(narrow)]
    assert words.count("parameters") == 2  # one under each column
    assert svg_size(narrow)[1] > 1.5 * svg_size(narrow)[0]  # five rows


def test_long_titles_and_labels_wrap_to_their_panel():
    svg = plotting.renderings(_panels())["svg"]
    lines = ["".join(t.itertext()) for t in _texts(svg)]
    assert "A long panel title number 0 that cannot fit" not in lines
    assert any(line.startswith("A long panel title") for line in lines)
    assert "test MSE (teacher mean square = 1), a long label" not in lines


def test_a_legend_under_the_panels_gets_as_many_columns_as_fit():
    fig, (a, b) = plotting.new_figure(9, 5, ncols=2)
    for i in range(7):
        a.plot([1, 2], [i, i + 1], label=f"Table 3/A3, approach number {i}")
    fig.legend(*a.get_legend_handles_labels(), loc="outside lower center", ncols=4)
    files = plotting.renderings(fig)
    narrow = ET.fromstring(files["narrow.svg"])
    width = float(narrow.get("viewBox").split()[2])
    xs = [float(t.get("x")) for t in narrow.iter(SVG_NS + "text")
          if "".join(t.itertext()).startswith("Table")]
    assert len(xs) == 7 and len(set(xs)) <= 2  # two columns instead of four
    for t in narrow.iter(SVG_NS + "text"):
        if "".join(t.itertext()).startswith("Table"):
            assert float(t.get("x")) < width


def test_link_preview_png_is_1200px_wide_on_white_and_deterministic():
    one, two = plotting.renderings(_panels())["png"], plotting.renderings(_panels())["png"]
    assert one == two
    image = Image.open(io.BytesIO(one))
    assert image.width == plotting.PNG_PX == 1200 and 300 < image.height < 900
    assert image.convert("RGB").getpixel((2, 2)) == (255, 255, 255)


def _marker_positions(svg: bytes) -> list[tuple[float, float]]:
    """Where matplotlib put each marker of a line (``<use x= y=>``) or scatter point."""
    return [(float(use.get("x")), float(use.get("y")))
            for use in ET.fromstring(svg).iter(SVG_NS + "use") if use.get("x") is not None]


def test_points_are_where_the_svg_draws_them_with_values_formatted_like_the_site():
    files = plotting.renderings(_panels())
    doc = json.loads(files["points.json"])
    names = [(s["panel"], s["name"]) for s in doc["series"]]
    assert len(names) == 6  # a line and a scatter per panel; the reference lines are not read
    first = doc["series"][0]
    assert first["name"] == "series 0" and first["panel"].startswith("A long panel title")
    assert first["xname"] == "x" and first["yname"].startswith("test MSE")
    assert first["x"] == ["1", "10", "100"] and first["y"] == ["3.00", "2.00", "1.50"]
    scatter = doc["series"][1]
    assert (scatter["name"], scatter["x"], scatter["y"]) == ("measured", ["2", "20"],
                                                             ["2.50", "1.80"])
    assert doc["series"][4]["y"] == ["3.00", "2.00", numbers.format_number(1.7, "sig:3")]
    for layout, svg in (("wide", files["svg"]), ("narrow", files["narrow.svg"])):
        lay = doc["layouts"][layout]
        root = ET.fromstring(svg)
        assert [lay["width"], lay["height"]] == pytest.approx(
            [float(v) for v in root.get("viewBox").split()[2:]], abs=0.06)
        xy = list(zip(lay["xy"][::2], lay["xy"][1::2], strict=True))
        assert len(xy) == sum(len(s["x"]) for s in doc["series"]) == 15
        drawn = _marker_positions(svg)
        for x, y in xy:  # every point read is a marker drawn, to a tenth of a pixel
            assert min(math.dist((x, y), m) for m in drawn) < 0.1, (layout, x, y)


def test_points_of_a_dense_curve_are_thinned_and_dates_keep_their_digits():
    fig, ax = plotting.new_figure()
    xs = [2012 + i / 1000 for i in range(5000)]
    ax.plot(xs, [x - 2000 for x in xs])
    doc = json.loads(plotting.renderings(fig)["points.json"])
    series = doc["series"][0]
    assert series["name"] == "" and len(series["x"]) == 400
    assert series["x"][0] == "2012.0" and series["x"][-1] == "2017.0"


@pytest.mark.parametrize(("page", "directory_urls", "expected"), [
    ("topics/a.md", True, "../../figures/x.svg"),
    ("topics/a.md", False, "../figures/x.svg"),
    ("topics/index.md", True, "../figures/x.svg"),
    ("index.md", True, "figures/x.svg"),
    ("a.md", True, "../figures/x.svg"),
])
def test_links_in_raw_html_are_relative_to_the_page_as_served(page, directory_urls, expected):
    assert url_rel(page, "figures/x.svg", directory_urls) == expected


def test_on_a_log_axis_whole_numbers_keep_all_their_digits():
    """2¹¹ reads 2048 and 2¹⁶ 65,536, not 2050 and 65,500; other values of the same
    log-scaled series keep three significant figures."""
    fig, ax = plotting.new_figure()
    ax.plot([1, 2, 3, 4], [2048.0, 65536.0, 4.3e9, 1.5], marker="o")
    plotting.log_axes(ax, x=False)
    y = json.loads(plotting.renderings(fig)["points.json"])["series"][0]["y"]
    assert y == ["2048", "65,536", "4.30 × 10⁹", "1.50"]


def test_hover_names_read_mathtext_as_characters_and_named_ticks_as_names():
    fig, ax = plotting.new_figure()
    ax.plot([0.5, 0.7], [0, 1], "o", label=r"$\gamma$ = 0.5")
    ax.set_yticks([0, 1], ["Atari", "Math (Extrapolate)"])
    ax.set_xlabel(r"$N_\mathrm{opt} \propto C^{\beta}$")
    series = json.loads(plotting.renderings(fig)["points.json"])["series"][0]
    assert series["name"] == "γ = 0.5" and series["xname"] == "N_opt ∝ C^β"
    assert series["yname"] == "" and series["y"] == ["Atari", "Math (Extrapolate)"]
