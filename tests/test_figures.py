"""Figures on both palettes: the dark rendering, the figure block, and the published files."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import markdown
import pytest

from recomputed.engine import build as engine
from recomputed.engine import colours, datafiles, plotting, registry
from recomputed.engine.cache import Cache
from recomputed.site import render
from recomputed.site.paths import Places

SVG_NS = "{http://www.w3.org/2000/svg}"
SLATE = colours.DARK_BACKGROUND


# -- colours ---------------------------------------------------------------------------------


def _hue(hex_colour: str) -> float:
    _, a, b = colours.oklab(hex_colour)
    return math.degrees(math.atan2(b, a))


def test_dark_palette_keeps_hues_and_reads_on_slate():
    for light, dark in zip(colours.PALETTE, colours.DARK_PALETTE, strict=True):
        assert colours.contrast(dark, SLATE) >= 4.5, (light, dark)
        if colours.oklab(light)[1:] != pytest.approx((0, 0), abs=1e-3):  # not black
            assert abs(_hue(dark) - _hue(light)) < 3, (light, dark)
    # Colours that differ on white still differ on slate (OKLab distance; 0.05 is obvious).
    for i, a in enumerate(colours.DARK_PALETTE):
        for b in colours.DARK_PALETTE[i + 1:]:
            assert math.dist(colours.oklab(a), colours.oklab(b)) > 0.09, (a, b)


def test_other_colours_turn_their_lightness_over():
    assert colours.dark_colour("#000000") == colours.DARK_INK.lower()
    assert colours.contrast(colours.dark_colour("#ffffff"), SLATE) < 1.1  # paper -> background
    greys = ["#000000", "#333333", "#4c4c4c", "#808080", "#b0b0b0", "#ffffff"]
    lightness = [colours.oklab(colours.dark_colour(g))[0] for g in greys]
    assert lightness == sorted(lightness, reverse=True)  # order reversed, none merged
    assert len(set(lightness)) == len(greys)
    navy = "#08316d"  # the dark end of matplotlib's "Blues"
    assert colours.oklab(colours.dark_colour(navy))[0] > 0.6
    assert abs(_hue(colours.dark_colour(navy)) - _hue(navy)) < 3


# -- the dark SVG of a real figure ----------------------------------------------------------


def _figure():
    """A figure with the colours artifact code uses: palette, "k", greys, a colour map, text."""
    fig, ax = plotting.new_figure(4, 3)
    ax.plot([1, 2, 3], [1, 4, 9], color=plotting.PALETTE[0], label="palette")
    ax.plot([1, 3], [2, 2], color=plotting.PALETTE[6], ls=":", label="palette black")
    ax.axhline(5, color="k", lw=1)
    ax.axhline(6, color="0.3", ls="--")
    ax.axvline(2, color="gray")
    grid = [[0.0, 0.5], [0.5, 1.0]]
    ax.contourf([1.5, 2.5], [3, 7], grid, levels=[0, 0.25, 0.75, 1], cmap="Blues", alpha=0.5)
    ax.annotate("a note", (2, 4))
    ax.set_xlabel("x label")
    ax.set_title("title")
    ax.legend()
    return fig


def _effective(svg: bytes):
    """(group id, fill, stroke, stroke-opacity) of every drawn element, fills inherited."""
    root = ET.fromstring(svg)
    out = []

    def style(el):
        d = dict(kv.split(":", 1) for kv in (el.get("style") or "").split(";") if ":" in kv)
        d = {k.strip(): v.strip() for k, v in d.items()}
        for k in ("fill", "stroke", "stroke-opacity"):
            if el.get(k) is not None:
                d.setdefault(k, el.get(k))
        return d

    def walk(el, fill, group):
        s = style(el)
        fill = s.get("fill", fill)
        if el.get("id", "").split("_")[0] in ("text", "line2d", "patch", "legend"):
            group = el.get("id")
        if el.tag in (SVG_NS + "path", SVG_NS + "use", SVG_NS + "text") and group:
            out.append((group, fill, s.get("stroke"), float(s.get("stroke-opacity", 1))))
        for child in el:
            if child.tag != SVG_NS + "defs":
                walk(child, fill, group)

    walk(root, root.get("fill", "#000000"), None)
    return out


def test_dark_svg_recolours_everything_and_text_reads_on_slate():
    light, dark = plotting.svg_renderings(_figure())
    assert light != dark
    assert b"#000000" in light and b"#000000" not in dark
    assert plotting.PALETTE[0].lower().encode() not in dark
    assert colours.DARK_PALETTE[0].lower().encode() in dark
    drawn = _effective(dark)
    texts = [fill for group, fill, _, _ in drawn if group.startswith("text")]
    assert len(texts) > 10  # tick labels, axis label, title, the note, legend entries
    for fill in texts:
        assert colours.contrast(fill, SLATE) >= 4.5, fill
    strokes = [s for group, _, s, op in drawn
               if group.startswith("line2d") and s not in (None, "none") and op == 1]
    assert len(strokes) >= 5
    for stroke in strokes:  # lines, the black and grey reference lines, ticks
        assert colours.contrast(stroke, SLATE) >= 3, stroke
    # The light rendering keeps black text: nothing of this changes it.
    assert {fill for group, fill, _, _ in _effective(light) if group.startswith("text")} == {
        "#000000"}


def test_both_renderings_are_deterministic():
    assert plotting.svg_renderings(_figure()) == plotting.svg_renderings(_figure())
    assert plotting.renderings(_figure()) == plotting.renderings(_figure())  # every file


def test_raster_images_are_refused_with_a_reason():
    fig, ax = plotting.new_figure(2, 2)
    ax.imshow([[0, 1], [1, 0]])
    light = plotting.svg_bytes(fig)
    with pytest.raises(colours.ColourError, match="raster image"):
        colours.dark_svg(light)


# -- the figure block ------------------------------------------------------------------------


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _plot_it(henighan_2020_table1):
    """A figure function, as the registry would hold it."""


def _fake_output() -> engine.Output:
    art = registry.Artifact(name="test.some_plot", kind="figure", func=_plot_it,
                            inputs=("henighan_2020_table1",), params={"k": 3},
                            title="Some plot", module="tests.test_figures")
    files = plotting.renderings(_figure())
    return engine.Output(art, "ab" * 32, None, files["svg"], None,
                         "Loss falls along a straight line on log axes", False, 0.0,
                         files["dark.svg"], figure_files=files)


def test_figure_block_has_both_renderings_a_zoom_link_and_provenance():
    out = _fake_output()
    md = render.render_figure(out, "topics/page.md", Places(data_page="data.md"))
    html = markdown.markdown(md, extensions=["attr_list", "md_in_html"])
    parser = _Tags()
    parser.feed(html)
    imgs = [a for t, a in parser.tags if t == "img"]
    assert [i["src"] for i in imgs] == ["../figures/test.some_plot.svg#only-light",
                                        "../figures/test.some_plot.dark.svg#only-dark"]
    assert {i["alt"] for i in imgs} == {out.alt}
    assert {i["loading"] for i in imgs} == {"lazy"}
    # Drawn 4 x 3 in, laid out for the 688 px column: as wide, height scaled by sqrt(688/384).
    assert {(i["width"], i["height"]) for i in imgs} == {("688", "385")}
    # Each in a <picture> whose <source> is the narrow rendering, linked from the page as
    # served (topics/page/), since MkDocs rewrites the Markdown image's link but not this.
    assert [t for t, _ in parser.tags if t in ("picture", "source", "img")] == [
        "picture", "source", "img", "picture", "source", "img"]
    sources = [a for t, a in parser.tags if t == "source"]
    assert [s["srcset"] for s in sources] == ["../../figures/test.some_plot.narrow.svg",
                                              "../../figures/test.some_plot.narrow.dark.svg"]
    assert {(s["media"], s["width"]) for s in sources} == {(render.NARROW_MEDIA, "420")}
    flat = render.render_figure(out, "topics/page.md", Places(directory_urls=False))
    assert 'srcset="../figures/test.some_plot.narrow.svg"' in flat
    links = [a for t, a in parser.tags if t == "a"]
    assert links[0] == {"class": "rc-zoom", "href": "../figures/test.some_plot.svg",
                        "title": "Show larger"}
    hrefs = {a["href"] for a in links}
    ds = datafiles.load("henighan_2020_table1")
    paper = next(iter(ds.sources.values()))
    assert {"../data/test.some_plot.csv", "../data.md#henighan_2020_table1",
            "../data/sources/henighan_2020_table1.csv", paper.link} <= hrefs
    details = html[html.index('<details class="rc-provenance">'):html.index("</details>")]
    assert "<summary>" in details
    assert "<code>tests.test_figures._plot_it</code>" in details
    assert ">abababababab</code>" in details and f'title="{out.key}"' in details
    assert datafiles.digest("henighan_2020_table1")[:12] in details
    assert paper.paper in details and "k = 3" in details
    assert re.search(r"<figcaption>.*Some plot.*Henighan et al\. \(2020\)", html, re.S)


def test_an_old_cache_entry_without_the_dark_rendering_is_a_miss(tmp_path):
    cache = Cache(tmp_path / "cache")
    name = "scaling.nopt_exponents_plot"  # a quick figure
    first = engine.build([name], cache=cache, check_claims=False)[name]
    entry = cache._entry(first.key)  # noqa: SLF001 - simulate an entry of the older format
    (entry / "figure.dark.svg").unlink()
    again = engine.build([name], cache=cache, check_claims=False)[name]
    assert not again.cached and again.svg_dark == first.svg_dark
    assert (entry / "figure.dark.svg").read_bytes() == first.svg_dark  # the entry is repaired
    assert engine.build([name], cache=cache, check_claims=False)[name].cached


# -- the built site --------------------------------------------------------------------------


def _figures():
    return [a for a in registry.load_all().values() if a.kind == "figure"]


def test_site_publishes_both_renderings_of_every_figure(site):
    for art in _figures():
        for layout in ("", "narrow."):
            light = (site / "figures" / f"{art.name}.{layout}svg").read_bytes()
            dark = (site / "figures" / f"{art.name}.{layout}dark.svg").read_bytes()
            assert light.startswith(b"<?xml") and dark.startswith(b"<?xml"), art.name
            assert dark != light and b"#000000" not in dark, art.name
            assert_as_readable_on_slate_as_on_white(art.name, light, dark)
        assert (site / "figures" / f"{art.name}.png").read_bytes().startswith(b"\x89PNG")
        assert (site / "figures" / f"{art.name}.points.json").is_file()


def assert_as_readable_on_slate_as_on_white(name: str, light: bytes, dark: bytes) -> None:
    """Each text of the dark rendering contrasts with slate at least as much as it does with
    white in the light one (or 4.5:1, enough for body text); each opaque line likewise
    (or 3:1, enough for graphics). Both files draw the same elements in the same order."""
    pairs = list(zip(_effective(light), _effective(dark), strict=True))
    for (group, fill, stroke, opacity), (group_d, fill_d, stroke_d, _) in pairs:
        assert group == group_d, name
        if group.startswith("text"):
            need = min(4.5, colours.contrast(fill, "#ffffff"))
            assert colours.contrast(fill_d, SLATE) >= need, (name, group, fill, fill_d)
        elif group.startswith("line2d") and stroke not in (None, "none") and opacity == 1:
            need = min(3.0, colours.contrast(stroke, "#ffffff"))
            assert colours.contrast(stroke_d, SLATE) >= need, (name, group, stroke, stroke_d)


def test_site_pages_show_each_figure_with_alt_text_that_describes_it(site):
    seen = {}
    for page in site.rglob("*.html"):
        parser = _Tags()
        parser.feed(page.read_text(encoding="utf-8"))
        for tag, attrs in parser.tags:
            src = attrs.get("src", "")
            if tag == "img" and "/figures/" in src:
                seen.setdefault(src.rsplit("/", 1)[1], attrs["alt"])
    titles = {a.title for a in _figures()}
    for art in _figures():
        alt = seen[f"{art.name}.svg#only-light"]
        assert seen[f"{art.name}.dark.svg#only-dark"] == alt, art.name
        assert len(alt.split()) >= 8 and alt not in titles, (art.name, alt)
    alts = [seen[f"{a.name}.svg#only-light"] for a in _figures()]
    assert len(set(alts)) == len(alts)  # no boilerplate shared between figures
