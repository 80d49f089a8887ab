"""The built site in a real browser: search, dark mode, figures, math and tooltips.

Uses Debian's Chromium (``apt-get install chromium``; ``.ci/run`` installs it) driven by
Playwright from PyPI. Without Chromium these tests are skipped, and say so.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason="Chromium is not installed (apt-get install chromium)")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass


@pytest.fixture(scope="module")
def base_url(site):
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    pg = context.new_page()
    errors = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    yield pg
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


def test_search_finds_a_topic(page, base_url):
    page.goto(f"{base_url}/")
    box = page.locator("input.md-search__input")  # visible in the header at 1200 px
    box.click()
    box.fill("transfer")
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15000)
    assert results.count() > 0


def test_palette_toggle_switches_to_dark_mode(page, base_url):
    page.goto(f"{base_url}/")
    body = page.locator("body")
    seen = {body.get_attribute("data-md-color-scheme")}
    for _ in range(3):  # auto -> light -> dark (the order depends on the system preference)
        page.locator("form[data-md-component=palette] label:visible").first.click()
        seen.add(body.get_attribute("data-md-color-scheme"))
    assert {"default", "slate"} <= seen


def test_figures_load_and_math_renders(page, base_url):
    page.goto(f"{base_url}/topics/scaling-laws/")
    # Each figure has a light and a dark rendering; Material shows one, for the palette.
    images = page.locator(".rc-figure img:visible")
    assert images.count() >= 2
    assert images.count() * 2 == page.locator(".rc-figure img").count()
    for i in range(images.count()):
        img = images.nth(i)
        img.scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0",
                               arg=img.element_handle(), timeout=10000)
    maths = page.locator("math")
    assert maths.count() > 0
    box = maths.first.bounding_box()
    assert box and box["width"] > 0 and box["height"] > 0


def test_values_and_abbreviations_explain_themselves(page, base_url):
    page.goto(f"{base_url}/topics/scaling-laws/")
    value = page.locator(".rc-value").first
    assert "computed at build time" in value.get_attribute("title")
    page.goto(f"{base_url}/")
    assert page.locator("abbr[title]").count() > 0


def test_notebook_page_renders_math_and_figures(page, base_url):
    page.goto(f"{base_url}/notebooks/plan-a-training-run/")
    assert page.locator(".jp-RenderedMarkdown math").count() > 0
    images = page.locator(".jp-OutputArea-output img")
    assert images.count() > 0
    images.first.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0",
                           arg=images.first.element_handle(), timeout=10000)
