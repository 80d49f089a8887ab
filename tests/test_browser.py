"""The built site in a real browser: every page, both palettes, search, keyboard, axe-core.

Chromium is driven by Playwright from PyPI. The browser is found, in this order, at
``$RECOMPUTED_CHROMIUM`` (or ``$CHROMIUM_PATH``), at the usual system paths (Debian's
``apt-get install chromium``, which ``.ci/run`` does), or as Playwright's own browser
(``playwright install chromium``, which the GitHub workflow does). With none of them the
whole module is skipped and the end of the test report says so; with
``RECOMPUTED_REQUIRE_BROWSER=1`` (set by ``.ci/run``) the tests fail instead.

Screenshots of a topic page in both palettes go to ``test-artifacts/screenshots/``
(git-ignored) for a person to look at.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = [pytest.mark.slow]  # a browser, and the real site served
DOCS = ROOT / "docs"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
ENV_VARS = ("RECOMPUTED_CHROMIUM", "CHROMIUM_PATH")
USUAL_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
REQUIRED = os.environ.get("RECOMPUTED_REQUIRE_BROWSER", "") not in ("", "0")
PLAYWRIGHTS_OWN = "playwright's own chromium"


def find_browser() -> tuple[str | None, str]:
    """(executable, how it was found); executable is None when there is none.

    Playwright's own browser is returned as PLAYWRIGHTS_OWN: Playwright then picks its
    headless build itself.
    """
    for var in ENV_VARS:
        value = os.environ.get(var)
        if value:  # an explicit choice is never silently replaced by another browser
            if Path(value).is_file():
                return value, f"${var}"
            return None, f"${var} is {value!r}, which is not a file"
    for path in USUAL_PATHS:
        if Path(path).is_file():
            return path, path
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            if Path(p.chromium.executable_path).is_file():
                return PLAYWRIGHTS_OWN, p.chromium.executable_path
    except Exception as exc:  # no driver, no browser: report why below
        return None, f"Playwright could not look for its own browser ({exc})"
    return None, ("no Chromium found: set RECOMPUTED_CHROMIUM, or `apt-get install chromium`, "
                  "or `playwright install chromium`")


EXECUTABLE, FOUND = find_browser()
if EXECUTABLE is None and not REQUIRED:
    pytest.skip(f"BROWSER TESTS SKIPPED: {FOUND}", allow_module_level=True)


def page_urls() -> list[str]:
    """Site paths of every page in docs/, as MkDocs names them (directory URLs)."""
    urls = []
    for src in sorted(DOCS.rglob("*")):
        if src.suffix not in (".md", ".ipynb") or ".ipynb_checkpoints" in src.parts:
            continue
        rel = src.relative_to(DOCS).with_suffix("")
        parts = rel.parts[:-1] if rel.name in ("index", "README") else rel.parts
        urls.append("/" + "".join(p + "/" for p in parts))
    return urls


PAGES = page_urls()
MISSING = "/no-such-page/"  # the server answers it with 404.html, as GitHub Pages does
TOPIC = "/topics/scaling-laws/"


class _Site(http.server.SimpleHTTPRequestHandler):
    """Static files; a missing path gets the site's 404 page with status 404."""

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, *args):  # keep test output clean
        pass


@pytest.fixture(scope="module")
def base_url(site):
    handler = functools.partial(_Site, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    if EXECUTABLE is None:
        pytest.fail(f"RECOMPUTED_REQUIRE_BROWSER is set but {FOUND}")
    from playwright.sync_api import sync_playwright

    path = None if EXECUTABLE == PLAYWRIGHTS_OWN else EXECUTABLE
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def contexts(browser):
    """One context per system colour preference, shared by the tests of this module."""
    made = {}

    def get(scheme: str):
        if scheme not in made:
            made[scheme] = browser.new_context(viewport={"width": 1200, "height": 900},
                                               color_scheme=scheme)
        return made[scheme]

    yield get
    for context in made.values():
        context.close()


# Chromium also logs a violation as a console error; this names the directive.
CSP_LISTENER = """window.__csp = []; document.addEventListener('securitypolicyviolation',
  e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')));"""


class Watched:
    """A page and everything that went wrong while it was open."""

    def __init__(self, page, base_url):
        self.page = page
        self.problems: list[str] = []
        self.outside: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.problems.append(f"page error: {exc}"))
        page.on("requestfailed", self._failed)
        page.on("response", self._response)
        page.route("**/*", self._route)
        page.add_init_script(CSP_LISTENER)
        self.host = urlsplit(base_url).netloc

    def _console(self, msg):
        if msg.type == "error" and not self._expected_404(msg.location.get("url", "")):
            self.problems.append(f"console error: {msg.text} ({msg.location.get('url')})")

    def _failed(self, request):
        # ERR_ABORTED is a load the page itself cancelled (it navigated away, say); a file
        # that is really missing shows up as an HTTP error in _response.
        if request.url not in self.outside and request.failure != "net::ERR_ABORTED":
            self.problems.append(f"request failed: {request.url} ({request.failure})")

    def _response(self, response):
        if response.status >= 400 and not self._expected_404(response.url):
            self.problems.append(f"HTTP {response.status}: {response.url}")

    def _expected_404(self, url: str) -> bool:
        return url.endswith(MISSING)

    def _route(self, route):
        url = route.request.url
        if urlsplit(url).netloc == self.host or url.startswith(("data:", "blob:")):
            route.continue_()
        else:  # the site must work offline: nothing may come from anywhere else
            self.outside.append(url)
            route.abort()


@pytest.fixture
def open_page(browser, contexts, base_url):
    """open_page(path, scheme="light", fresh=False) -> Watched; fails on any problem seen.

    ``fresh`` gives the page a context of its own, so palette choices stored by the site
    (localStorage) do not leak into other tests.
    """
    opened = []

    def open_(path: str, scheme: str = "light", fresh: bool = False) -> Watched:
        if fresh:
            page = browser.new_page(viewport={"width": 1200, "height": 900}, color_scheme=scheme)
        else:
            page = contexts(scheme).new_page()
        watched = Watched(page, base_url)
        opened.append((watched, fresh))
        page.goto(base_url + path)
        return watched

    yield open_
    for watched, fresh in opened:
        (watched.page.context if fresh else watched.page).close()
    opened = [w for w, _ in opened]
    problems = [p for w in opened for p in w.problems]
    problems += [f"request outside the site (blocked): {u}" for w in opened for u in w.outside]
    assert not problems, "\n".join(problems)


# --- every page -------------------------------------------------------------------------

SHOWN_IMAGES_JS = """
() => [...document.querySelectorAll('.md-content img')]
        .map((img, i) => [i, img.checkVisibility()]).filter(x => x[1]).map(x => x[0])
"""

RAW_TEX_JS = r"""
() => {
  const root = document.querySelector('.md-content') || document.body;
  const tex = /\$\$|\\[()[\]]|\\[A-Za-z]{2,}|[\^_]\{/;
  const found = [];
  const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    const el = walk.currentNode.parentElement;
    if (el.closest('code, pre, script, style, math, textarea') || !el.checkVisibility()) continue;
    const m = walk.currentNode.data.match(tex);
    if (m) found.push(walk.currentNode.data.trim().slice(0, 120));
  }
  return found;
}
"""

FLAT_MATH_JS = """
() => [...document.querySelectorAll('math')].filter(m => m.checkVisibility())
        .filter(m => { const r = m.getBoundingClientRect(); return !(r.width && r.height); })
        .map(m => m.outerHTML.slice(0, 120))
"""


def wait_for_shown_images(page) -> int:
    """Scroll every displayed content image into view (they are lazy) and wait for it."""
    shown = page.evaluate(SHOWN_IMAGES_JS)
    images = page.locator(".md-content img")
    for i in shown:
        img = images.nth(i)
        img.scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete", arg=img.element_handle(), timeout=10000)
        assert img.evaluate("img => img.naturalWidth") > 0, \
            f"image did not load: {img.get_attribute('src')}"
    return len(shown)


def test_every_built_page_is_checked(site):
    """The page list (from docs/, needed before the build) is the built site's."""
    built = {"/" + "".join(part + "/" for part in p.parent.relative_to(site).parts)
             for p in site.rglob("index.html")}
    assert built == set(PAGES), "pages in the site and pages in docs/ differ"
    assert (site / "404.html").is_file()


@pytest.mark.parametrize("path", [*PAGES, MISSING])
def test_page_loads_cleanly(open_page, path):
    """No console error, failed or outside request; images load; math is rendered."""
    watched = open_page(path)
    page = watched.page
    if path == MISSING:
        assert "404" in page.locator(".md-content").inner_text()
    assert page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1
    wait_for_shown_images(page)
    raw = page.evaluate(RAW_TEX_JS)
    assert not raw, f"raw TeX left in the text: {raw}"
    flat = page.evaluate(FLAT_MATH_JS)
    assert not flat, f"<math> elements with an empty box: {flat}"
    assert page.evaluate("window.__csp") == [], "the page broke its Content-Security-Policy"


def test_figures_and_math_are_there(open_page):
    """The checks above are not vacuous: a topic and a notebook have figures and math."""
    for path, figures in ((TOPIC, ".rc-figure img"),
                          ("/notebooks/plan-a-training-run/", ".jp-OutputArea-output img")):
        page = open_page(path).page
        assert page.locator(figures).count() >= 1, path
        assert wait_for_shown_images(page) >= 1, path
        maths = page.locator("math")
        assert maths.count() > 0, path
        box = maths.first.bounding_box()
        assert box and box["width"] > 0 and box["height"] > 0


FOCUS_TIP_JS = "el => [el === document.activeElement, getComputedStyle(el, '::after').content]"


def test_math_is_set_in_the_math_font_the_site_serves(open_page):
    """MathML renders with the site's own OpenType math font, not whatever the system has."""
    page = open_page(TOPIC).page
    page.locator("math").first.scroll_into_view_if_needed()
    page.wait_for_function("document.fonts.status === 'loaded'")
    family = page.locator("math").first.evaluate("m => getComputedStyle(m).fontFamily")
    assert family.startswith('"Noto Sans Math"'), family
    assert page.evaluate("document.fonts.check('16px \"Noto Sans Math\"', '\u2211')")
    loaded = page.evaluate("[...document.fonts].filter(f => f.family.includes('Noto Sans Math'))"
                           ".map(f => f.status)")
    assert loaded == ["loaded"], loaded


def test_values_and_abbreviations_explain_themselves(open_page):
    """By mouse (the title) and by keyboard: Tab reaches a value and an abbreviation, and
    focus shows the same explanation; screen readers get it as a description; the two
    are styled apart (a value is tinted, an abbreviation underlined)."""
    page = open_page(TOPIC).page
    value = page.locator(".md-content .rc-value:visible").first
    assert "computed at build time" in value.get_attribute("title")
    abbr = page.locator(".md-content abbr[data-tip]:visible").first
    for el in (value, abbr):
        assert el.get_attribute("tabindex") == "0"
        text = el.get_attribute("data-tip")  # the title (which Material may take over)
        assert text and el.get_attribute("aria-description") == text
        el.scroll_into_view_if_needed()
        page.keyboard.press("Tab")  # keyboard modality, so :focus-visible applies
        el.focus()
        focused, tip = el.evaluate(FOCUS_TIP_JS)
        page.wait_for_timeout(300)  # Material shows its tooltip after a short delay
        material = page.locator(".md-tooltip2--active").all_inner_texts()
        # Exactly one explanation on screen: Material's (this site turns on its
        # content.tooltips) or, on a site without it, the CSS one.
        shown = [t for t in material if text in t] + ([tip] if tip not in ("none", "normal")
                                                      else [])
        assert focused and len(shown) == 1 and text in shown[0], (shown, tip)
    styles = [el.evaluate("e => [getComputedStyle(e).backgroundColor, "
                          "getComputedStyle(e).textDecorationStyle]") for el in (value, abbr)]
    assert styles[0] != styles[1], styles


# --- palettes ---------------------------------------------------------------------------

def switch_palette(page, scheme: str) -> None:
    """Click the header's palette toggle until the page shows ``scheme`` (default/slate)."""
    body = page.locator("body")
    for _ in range(3):  # the toggle cycles system -> light -> dark -> system
        if body.get_attribute("data-md-color-scheme") == scheme:
            return
        page.locator("form[data-md-component=palette] label:visible").first.click()
    assert body.get_attribute("data-md-color-scheme") == scheme


def shown(img) -> bool:
    style = img.evaluate("e => [getComputedStyle(e).display, getComputedStyle(e).visibility]")
    box = img.bounding_box()
    return style[0] != "none" and style[1] == "visible" and bool(box) and box["width"] > 0


def test_palette_toggle_shows_the_matching_figure(open_page):
    """Each figure has a light and a dark image; the palette decides which one shows."""
    page = open_page(TOPIC, fresh=True).page
    figures = page.locator("figure.rc-figure")
    assert figures.count() >= 2
    if page.locator('figure.rc-figure img[src$="#only-dark"]').count() == 0:
        pytest.skip("NO DARK FIGURES YET: no figure on the topic page has a "
                    "'NAME.dark.svg#only-dark' image; this test runs once the dark "
                    "figures (branch figs) are merged")
    for scheme, want, hide in (("slate", "#only-dark", "#only-light"),
                               ("default", "#only-light", "#only-dark")):
        switch_palette(page, scheme)
        for i in range(figures.count()):
            fig = figures.nth(i)
            on = fig.locator(f'img[src$="{want}"]')
            off = fig.locator(f'img[src$="{hide}"]')
            assert on.count() == 1 and off.count() == 1, fig.inner_html()[:300]
            on.scroll_into_view_if_needed()
            page.wait_for_function("img => img.complete && img.naturalWidth > 0",
                                   arg=on.element_handle(), timeout=10000)
            assert shown(on), f"{scheme}: {on.get_attribute('src')} is hidden"
            assert not shown(off), f"{scheme}: {off.get_attribute('src')} is shown"
            if want == "#only-dark":
                assert on.get_attribute("src").endswith(".dark.svg#only-dark")


def test_screenshots_of_a_topic_in_both_palettes(open_page):
    """Full-page pictures for a person to look at (test-artifacts/screenshots/)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for scheme, name in (("light", "default"), ("dark", "slate")):
        page = open_page(TOPIC, scheme).page
        assert page.locator("body").get_attribute("data-md-color-scheme") == name
        wait_for_shown_images(page)
        page.evaluate("window.scrollTo(0, 0)")
        out = SCREENSHOTS / f"scaling-laws-{scheme}.png"
        page.screenshot(path=str(out), full_page=True)
        assert out.stat().st_size > 10_000


# --- search and keyboard ----------------------------------------------------------------

def wait_for_search_index(page) -> None:
    """Material drops a query typed while it still says "Initializing search"; a reader
    sees that message, so the tests wait for it to go too."""
    page.wait_for_function("() => !document.querySelector('.md-search-result__meta')"
                           ".textContent.includes('Initializing')", timeout=15000)


def test_search_reaches_a_topic_page(open_page):
    page = open_page(TOPIC).page
    term = page.title().split(" - ")[0]  # the page's own title, "Scaling laws"
    page.goto(page.url.split("/topics/")[0] + "/")
    box = page.locator("input.md-search__input")  # visible in the header at 1200 px
    box.click()
    wait_for_search_index(page)
    box.press_sequentially(term)  # Material reads the query on key events, not on input
    hit = page.locator(f'a.md-search-result__link[href*="{TOPIC.strip("/")}"]').first
    hit.wait_for(timeout=15000)
    hit.click()
    page.wait_for_url(re.compile(re.escape(TOPIC)))
    assert page.title().startswith(term)


def test_search_opens_and_works_from_the_keyboard(open_page):
    page = open_page("/").page
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.matches('input.md-search__input')")
    wait_for_search_index(page)
    page.keyboard.type("transfer")
    page.locator(".md-search-result__item").first.wait_for(timeout=15000)
    page.keyboard.press("ArrowDown")
    href = page.evaluate("document.activeElement.getAttribute('href')")
    assert href, "ArrowDown does not move focus to a search result"
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: url.rstrip("/").endswith(href.split("#")[0].rstrip("/")))


FOCUS_JS = """
() => {
  const e = document.activeElement, s = getComputedStyle(e), r = e.getBoundingClientRect();
  return {tag: e.tagName, cls: e.className, text: (e.innerText || '').trim().slice(0, 40),
          inContent: !!e.closest('.md-content'),
          outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0
                   && s.outlineColor !== 'rgba(0, 0, 0, 0)',
          shadow: s.boxShadow !== 'none',
          box: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight};
}
"""


def test_keyboard_skip_link_and_focus(open_page):
    page = open_page(TOPIC).page
    page.keyboard.press("Tab")
    first = page.evaluate(FOCUS_JS)
    assert first["text"] == "Skip to content", first
    assert first["box"], "the skip link stays off screen when focused"
    page.keyboard.press("Enter")
    assert page.url.endswith("#" + page.locator(".md-content h1").get_attribute("id"))
    seen = []
    for _ in range(12):  # the skip link moved the focus start: Tab continues in the content
        page.keyboard.press("Tab")
        now = page.evaluate(FOCUS_JS)
        seen.append(now)
        assert now["inContent"], f"Tab after the skip link left the content: {now}"
        assert now["box"], f"focused element is not on screen: {now}"
        assert now["outline"] or now["shadow"], f"no visible focus indicator: {now}"
    assert len({(s["tag"], s["text"]) for s in seen}) > 3


SCROLLERS_JS = """
() => [...document.querySelectorAll('.md-typeset__scrollwrap, .rc-math')].map(e => ({
  overflows: e.scrollWidth > e.clientWidth, focusable: e.getAttribute('tabindex') === '0',
  label: e.getAttribute('aria-label')}))
"""


def scrollers_settled(page) -> list[dict]:
    """The scrolling regions, once the site's script has caught up with the viewport."""
    try:
        page.wait_for_function(f"() => ({SCROLLERS_JS})()"
                               ".every(r => r.overflows === r.focusable)", timeout=5000)
    except Exception:
        pass  # the assertions below show what is wrong
    return page.evaluate(SCROLLERS_JS)


def test_regions_that_scroll_sideways_take_keyboard_focus(open_page):
    """On a narrow screen wide tables and equations scroll; the keyboard must reach them."""
    page = open_page(TOPIC).page
    page.set_viewport_size({"width": 480, "height": 900})
    narrow = scrollers_settled(page)
    assert sum(r["overflows"] for r in narrow) >= 3
    page.set_viewport_size({"width": 1600, "height": 900})  # wide: fewer tab stops
    wide = scrollers_settled(page)
    assert sum(r["overflows"] for r in wide) < sum(r["overflows"] for r in narrow)
    for r in narrow + wide:
        assert r["focusable"] == r["overflows"], r
        assert bool(r["label"]) == r["overflows"], r


# --- accessibility ----------------------------------------------------------------------

@functools.cache
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", [*PAGES, MISSING])
def test_no_serious_accessibility_violations(open_page, path, scheme):
    page = open_page(path, scheme).page
    want = {"light": "default", "dark": "slate"}[scheme]
    assert page.locator("body").get_attribute("data-md-color-scheme") == want
    results = axe().run(page).response
    found = []
    for v in results["violations"]:
        if v["impact"] not in ("serious", "critical"):
            continue
        nodes = v["nodes"]
        for n in nodes[:5]:
            found.append(f"{v['id']} ({v['impact']}): {n['target']}: "
                         f"{n.get('failureSummary', '').splitlines()[-1].strip()}")
        if len(nodes) > 5:
            found.append(f"{v['id']}: ... and {len(nodes) - 5} more")
    assert not found, "\n".join(found)
