"""The rendered docs tree (`recomputed render`) built by MkDocs, ProperDocs and Zensical.

Each build must show, on every page, the same computed values as the site built with our
plugin; the Zensical build is then checked in Chromium like the real site (every page
loads with nothing from outside, figures load and follow the palette, math renders).
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from test_browser import (
    ARGS,
    EXECUTABLE,
    FLAT_MATH_JS,
    FOUND,
    PAGES,
    PLAYWRIGHTS_OWN,
    RAW_TEX_JS,
    TOPIC,
    Watched,
    _Site,
    shown,
    switch_palette,
    wait_for_shown_images,
)

ROOT = Path(__file__).resolve().parent.parent
pytestmark = [pytest.mark.slow]
VALUE = re.compile(r'<span class="rc-value"[^>]*>([^<]*)</span>')
ENGINES = {
    "mkdocs": [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", "site"],
    "properdocs": [sys.executable, "-m", "properdocs", "build", "--strict", "-f", "mkdocs.yml",
                   "-d", "site"],
    "zensical": [sys.executable, "-m", "zensical", "build"],
}


def _env() -> dict:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="true", MPLBACKEND="Agg")
    env["RECOMPUTED_CACHE"] = str(ROOT / ".cache" / "recomputed")
    return env


@pytest.fixture(scope="session")
def tree(tmp_path_factory, site) -> Path:
    """The rendered tree (after the plugin's own build, so the cache is warm)."""
    out = tmp_path_factory.mktemp("tree") / "tree"
    proc = subprocess.run([sys.executable, "-m", "recomputed.cli", "render", str(out)], cwd=ROOT,
                          env=_env(), capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return out


@functools.cache
def _built(tree: Path, engine: str) -> Path:
    copy = tree.parent / engine
    subprocess.run(["cp", "-r", str(tree), str(copy)], check=True)
    proc = subprocess.run(ENGINES[engine], cwd=copy, env=_env(), capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 0, f"{engine}: {proc.stdout[-2000:]}{proc.stderr[-3000:]}"
    return copy / "site"


def values(site: Path) -> dict[str, list[str]]:
    return {p.relative_to(site).as_posix(): VALUE.findall(p.read_text(encoding="utf-8"))
            for p in site.rglob("*.html")}


def test_the_tree_needs_nothing_of_ours_but_a_markdown_extension(tree):
    import yaml

    cfg = yaml.safe_load((tree / "mkdocs.yml").read_text())
    assert "hooks" not in cfg and cfg["plugins"] == ["search"]
    assert "recomputed.site.mathml_ext" in cfg["markdown_extensions"]
    assert not list((tree / "docs").rglob("*.ipynb"))
    assert "<!-- rc:" not in "".join(p.read_text() for p in (tree / "docs").rglob("*.md"))


@pytest.mark.parametrize("engine", list(ENGINES))
def test_each_engine_shows_the_plugins_computed_values(tree, site, engine):
    ours, theirs = values(site), values(_built(tree, engine))
    assert set(ours) <= set(theirs), sorted(set(ours) - set(theirs))[:5]
    shown_values = sum(len(v) for v in ours.values())
    assert shown_values > 100  # not vacuous
    differ = [page for page in ours if ours[page] != theirs[page]]
    assert not differ, f"{engine}: computed values differ on {differ[:5]}"


# --- the Zensical build in the browser ----------------------------------------------------

@pytest.fixture(scope="module")
def zensical_url(tree):
    handler = functools.partial(_Site, directory=str(_built(tree, "zensical")))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def zpage(zensical_url):
    if EXECUTABLE is None:
        pytest.fail(f"no browser: {FOUND}")
    from playwright.sync_api import sync_playwright

    opened = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=None if EXECUTABLE == PLAYWRIGHTS_OWN else EXECUTABLE, args=ARGS)

        def open_(path: str) -> Watched:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            watched = Watched(page, zensical_url)
            opened.append(watched)
            page.goto(zensical_url + path)
            return watched

        yield open_
        browser.close()
    problems = [q for w in opened for q in w.problems]
    problems += [f"request outside the site (blocked): {u}" for w in opened for u in w.outside]
    assert not problems, "\n".join(problems)


def test_zensical_pages_load_with_figures_and_math(zpage):
    images = maths = 0
    for path in PAGES:
        page = zpage(path).page
        images += wait_for_shown_images(page)
        assert not page.evaluate(RAW_TEX_JS), path
        assert not page.evaluate(FLAT_MATH_JS), path
        maths += page.locator("math").count()
        page.close()
    assert images > 10 and maths > 10


def test_zensical_figures_follow_the_palette(zpage):
    page = zpage(TOPIC).page
    figure = page.locator("figure.rc-figure").first
    for scheme, want, hide in (("slate", "#only-dark", "#only-light"),
                               ("default", "#only-light", "#only-dark")):
        switch_palette(page, scheme)
        on, off = figure.locator(f'img[src$="{want}"]'), figure.locator(f'img[src$="{hide}"]')
        on.scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0",
                               arg=on.element_handle(), timeout=10000)
        assert shown(on) and not shown(off), scheme
