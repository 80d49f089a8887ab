"""Link cards: each page's description (its lead paragraph) and preview image (the PNG of
its lead figure), and the not-found page (build_hooks/newsletter/sharing.py,
overrides/main.html, overrides/404.html)."""

from __future__ import annotations

import re

from newsletter import sharing


def test_the_description_is_the_lead_paragraph_cut_at_a_word():
    html = ("<h1>T</h1><p>Short.</p><p>The <em>first</em> real paragraph &amp; its words "
            + "go on " * 40 + "</p><p>Second.</p>")
    d = sharing.lead_description(html)
    assert d.startswith("The first real paragraph & its words go on")
    assert len(d) <= sharing.LIMIT and d.endswith("…") and "  " not in d
    assert sharing.lead_description("<p>A paragraph of exactly six words.</p>") == \
        "A paragraph of exactly six words."
    assert sharing.lead_description("<p>Too short.</p>") == ""
    assert sharing.lead_description("<p><em>May 2020 · by someone</em> and more words here</p>"
                                    "<p>The real opening of the page, in six words.</p>") == \
        "The real opening of the page, in six words."


class Files:
    def __init__(self, paths):
        self.paths = set(paths)

    def get_file_from_path(self, path):
        return path if path in self.paths else None


def test_the_image_is_the_first_cited_figure_with_a_png():
    figures = ["a.figure", "b.figure"]
    assert sharing.lead_image(figures, Files({"figures/b.figure.png"})) == "figures/b.figure.png"
    assert sharing.lead_image(figures, Files(set())) is None


def test_every_page_has_its_own_description_and_card(site):
    seen = {}
    for page in site.rglob("index.html"):
        text = page.read_text(encoding="utf-8")
        desc = re.search(r'<meta name="description" content="([^"]*)"', text).group(1)
        assert desc and re.search(r'<meta property="og:description" content="', text), page
        assert re.search(r'<meta name="twitter:card" content="summary', text), page
        seen.setdefault(desc, []).append(page)
    shared = {d: p for d, p in seen.items() if len(p) > 1}
    assert not shared, shared


def test_the_not_found_page_offers_home_and_topics(site):
    text = (site / "404.html").read_text(encoding="utf-8")
    assert "404: page not found" in text and "search" in text
    assert len(re.findall(r'<li><a href="[^"]*topics/', text)) >= 10
