"""Results first (issue 13, item 4): every topic page with computed numbers opens with a
"Key results" box of computed values, verdict marks where the page checks claims, and its
lead figure, before the first section; in a browser both sit on the first screen at
1280 x 900. Issue pages link each summary's title to where it is covered."""

from __future__ import annotations

import functools
import http.server
import threading
from html.parser import HTMLParser
from pathlib import Path

import pytest

BOX = "rc-key-results"
MIN_VALUES = 3  # a page with fewer computed values has nothing to sum up (alignment-problems)


class _Opening(HTMLParser):
    """What the article shows before its first h2: the box (its values and verdict
    marks), and whether a figure follows the box; plus the page's totals."""

    def __init__(self):
        super().__init__()
        self.in_article = False
        self.before_h2 = True
        self.box_depth = 0  # >0 while inside the box (counts nested divs)
        self.boxes_before_h2 = 0
        self.box_values = 0
        self.box_verdicts: list[str] = []
        self.figure_after_box = False
        self.page_values = 0
        self.page_verdicts: set[str] = set()

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if tag == "article":
            self.in_article = True
        if not self.in_article:
            return
        if tag == "h2":
            self.before_h2 = False
        if "rc-value" in classes:
            self.page_values += 1
            self.box_values += self.box_depth > 0
        if "rc-claim" in classes:
            verdict = next(c for c in classes if c != "rc-claim")
            self.page_verdicts.add(verdict)
            if self.box_depth:
                self.box_verdicts.append(verdict)
        if tag == "div" and self.box_depth:
            self.box_depth += 1
        elif tag == "div" and BOX in classes:
            self.box_depth = 1
            self.boxes_before_h2 += self.before_h2
        if tag == "figure" and "rc-figure" in classes and self.before_h2 \
                and self.boxes_before_h2 and not self.box_depth:
            self.figure_after_box = True

    def handle_endtag(self, tag):
        if tag == "article":
            self.in_article = False
        if tag == "div" and self.box_depth:
            self.box_depth -= 1


def opening(html: str) -> _Opening:
    parser = _Opening()
    parser.feed(html)
    return parser


def topic_pages(site: Path) -> list[Path]:
    pages = sorted(site.glob("topics/*/index.html"))
    assert len(pages) >= 10, pages
    return pages


def test_topic_pages_with_computed_values_open_with_key_results(site):
    boxed = []
    for page in topic_pages(site):
        seen = opening(page.read_text(encoding="utf-8"))
        name = page.parent.name
        if seen.page_values < MIN_VALUES:
            assert not seen.boxes_before_h2, f"{name}: a Key results box with nothing computed"
            continue
        boxed.append(name)
        assert seen.boxes_before_h2 == 1, f"{name}: no Key results box before the first h2"
        assert seen.box_values >= MIN_VALUES, \
            f"{name}: the box shows {seen.box_values} computed values, fewer than {MIN_VALUES}"
        checked = seen.page_verdicts - {"rc-unchecked"}
        if checked:  # the page checks claims: the box shows at least one verdict
            assert set(seen.box_verdicts) - {"rc-unchecked"}, f"{name}: no verdict in the box"
        assert seen.figure_after_box, f"{name}: no lead figure between the box and the first h2"
    # The pages with numbers today; a page that loses its box should fail loudly.
    assert {"scaling-laws", "few-shot-learning", "transfer", "forecasting"} <= set(boxed)
    assert "governance" not in boxed


def test_the_checker_sees_a_missing_box():
    """The parser is what the test above relies on: it must tell a box from no box."""
    with_box = ('<article><h1>T</h1><div class="rc-key-results"><ul>'
                + '<li><span class="rc-value">1</span></li>' * 3
                + '<li><a class="rc-claim rc-holds">✓</a></li></ul></div>'
                '<figure class="rc-figure"></figure><h2>A</h2></article>')
    seen = opening(with_box)
    assert (seen.boxes_before_h2, seen.box_values, seen.box_verdicts, seen.figure_after_box) \
        == (1, 3, ["rc-holds"], True)
    late = with_box.replace("<h2>A</h2>", "").replace("<h1>T</h1>", "<h1>T</h1><h2>A</h2>")
    seen = opening(late)
    assert (seen.boxes_before_h2, seen.figure_after_box) == (0, False)


def test_issue_pages_link_the_summary_title_itself(site):
    """On a phone a narrow last column cut its link to "Scalin…"; the title links instead."""
    pages = sorted(site.glob("issues/*/index.html"))
    assert pages
    linked = 0
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "Covered on" not in html, f"{page.parent.name}: a 'Covered on' column is back"
        for row in html.split("<tr>")[1:]:
            cells = row.split("<td")
            if len(cells) < 2:
                continue  # the header row
            title = cells[1].split("</td>")[0]
            assert '<a href="../../topics/' in title, f"{page.parent.name}: {title[:120]}"
            linked += 1
    assert linked >= 20


# --- in a browser -------------------------------------------------------------------------

FOLD = 900  # px: the first screen at 1280 x 900


@pytest.mark.slow
def test_box_and_lead_figure_are_above_the_fold(site):
    # Imported here: test_browser skips its whole module when there is no browser, and
    # that must not skip the fast tests above.
    from playwright.sync_api import sync_playwright

    from test_browser import ARGS, EXECUTABLE, PLAYWRIGHTS_OWN, _Site

    names = [p.parent.name for p in topic_pages(site)
             if opening(p.read_text(encoding="utf-8")).boxes_before_h2]
    assert len(names) >= 8
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Site, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    late = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=None if EXECUTABLE == PLAYWRIGHTS_OWN else EXECUTABLE, args=ARGS)
            for scheme in ("light", "dark"):
                context = browser.new_context(viewport={"width": 1280, "height": FOLD},
                                              color_scheme=scheme)
                page = context.new_page()
                for name in names:
                    page.goto(f"{base}/topics/{name}/")
                    tops = page.evaluate("""() => {
                      const box = document.querySelector('.md-content .rc-key-results');
                      const img = [...document.querySelectorAll('.md-content .rc-figure img')]
                        .find(i => i.getClientRects().length);  // the palette's rendering
                      const at = e => e.getBoundingClientRect();
                      return {box: at(box).bottom, figure: at(img).top,
                              shown: (Math.min(innerHeight, at(img).bottom) - at(img).top)
                                     / at(img).height};
                    }""")
                    # The box whole, and most of the lead figure (its plot, if not every
                    # tick label or its caption) on the first screen.
                    if tops["box"] > FOLD or tops["shown"] < 0.8:
                        late[f"{name} ({scheme})"] = tops
                context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    assert not late, f"below the first {FOLD} px at 1280 px: {late}"
