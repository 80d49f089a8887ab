"""Figures in a real browser: the dark palette shows the dark rendering; a figure opens
enlarged from the keyboard and closes with Escape (recomputed.js); figure text is large
enough as displayed at 1280 and 390 px; a phone gets the narrow rendering."""

from __future__ import annotations

import pytest

from recomputed.engine import numbers

# Importing test_browser also applies its module-level skip when there is no browser.
from test_browser import ROOT, base_url, browser, page_urls, switch_palette  # noqa: F401

pytestmark = pytest.mark.slow


def test_dark_palette_shows_dark_figures_and_enter_enlarges_one(browser, base_url):  # noqa: F811
    context = browser.new_context(viewport={"width": 1200, "height": 900}, color_scheme="dark")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{base_url}/topics/transfer/")
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    shown = page.locator(".rc-figure img:visible")
    assert shown.count() >= 2
    for i in range(shown.count()):
        assert shown.nth(i).get_attribute("src").endswith(".dark.svg#only-dark")

    link = page.locator("a.rc-zoom").first
    link.focus()
    page.keyboard.press("Enter")
    dialog = page.locator("dialog.rc-lightbox")
    dialog.wait_for(state="visible")
    big = dialog.locator("img:visible")
    assert big.count() == 1 and big.get_attribute("src").endswith(".dark.svg#only-dark")
    page.wait_for_function("img => img.complete && img.naturalWidth > 0",
                           arg=big.element_handle(), timeout=10000)
    page.keyboard.press("Escape")
    assert not dialog.evaluate("d => d.open")
    assert page.evaluate("document.activeElement.classList.contains('rc-zoom')")
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


# -- figures drawn for the column: text size as displayed -------------------------------------

TOPICS = sorted("/topics/" + p.stem + "/" for p in (ROOT / "docs" / "topics").glob("*.md"))
# The smallest text of a figure as Chromium displays it: the SVG the <img> shows (its
# currentSrc: the wide or the narrow rendering), opened on its own (the pages' CSP would
# drop its inline styles if it were pasted into one) at the image's displayed width, and
# each text's computed font size times its scale on screen.
SMALLEST_TEXT_JS = """width => {
  const svg = document.documentElement;
  const [, , w, h] = svg.getAttribute("viewBox").split(" ").map(Number);
  svg.setAttribute("width", width);
  svg.setAttribute("height", width * h / w);
  let smallest = Infinity, count = 0;
  for (const t of svg.querySelectorAll("text, tspan")) {
    if (!t.textContent.trim()) continue;
    const m = t.getScreenCTM();
    smallest = Math.min(smallest, parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b));
    count += 1;
  }
  return [smallest, count];
}"""


def _figures_shown(page) -> list:
    """Every figure image displayed on the page, scrolled to and loaded."""
    shown = []
    for img in page.locator("figure.rc-figure img").all():
        if img.evaluate("i => getComputedStyle(i).display") == "none":
            continue
        img.scroll_into_view_if_needed()
        page.wait_for_function("i => i.complete && i.naturalWidth > 0", arg=img.element_handle(),
                               timeout=10000)
        shown.append(img)
    return shown


@pytest.mark.parametrize(("width", "least", "layout"), [(1280, 11.0, ""), (390, 9.0, ".narrow")])
def test_figure_text_is_readable_as_displayed(browser, base_url, width, least, layout):  # noqa: F811
    """Every figure on every topic page: its smallest text, measured in Chromium, is 11 px
    or more at 1280 px and 9 px or more on a 390 px phone (there: the narrow rendering)."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page, svg_page = context.new_page(), context.new_page()
    measured = {}
    for url in TOPICS:
        page.goto(f"{base_url}{url}")
        for img in _figures_shown(page):
            src, shown_width = img.evaluate("i => [i.currentSrc.split('#')[0], "
                                            "i.getBoundingClientRect().width]")
            name = src.rsplit("/", 1)[1]
            assert name.endswith(f"{layout}.svg") and name.count(".") == 2 + bool(layout), src
            svg_page.goto(src)
            smallest, count = svg_page.evaluate(SMALLEST_TEXT_JS, shown_width)
            assert count > 5, src
            measured[name] = (round(smallest, 1), round(shown_width))
    context.close()
    assert len(measured) >= 20, measured
    small = {n: m for n, m in measured.items() if m[0] < least}
    print(f"\nsmallest figure text at {width} px: {min(m[0] for m in measured.values())} px "
          f"({min(measured.values())}); figures measured: {len(measured)}")
    assert not small, f"figure text under {least} px at {width} px: {small}"


@pytest.mark.parametrize("width", [1280, 390])
def test_palette_switch_shows_one_rendering_per_figure_and_loads_only_it(browser, base_url,  # noqa: F811
                                                                        width):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme="light")
    page = context.new_page()
    loaded = []
    page.on("request", lambda r: "/figures/" in r.url and loaded.append(r.url.rsplit("/", 1)[1]))
    page.goto(f"{base_url}/topics/scaling-theory/")
    narrow = ".narrow" if width < 600 else ""
    for scheme, suffix in (("default", f"{narrow}.svg"), ("slate", f"{narrow}.dark.svg")):
        switch_palette(page, scheme)
        shown = _figures_shown(page)
        assert len(shown) == page.locator("figure.rc-figure").count() >= 4
        for img in shown:
            src = img.evaluate("i => i.currentSrc.split('/').pop().split('#')[0]")
            assert src.endswith(suffix) and src.count(".") == suffix.count(".") + 1, src
    names = {".".join(f.split(".")[:2]) for f in loaded}  # artifact names: module.name
    # One file per figure and palette: no other layout, no hidden palette fetched.
    assert len(set(loaded)) == len(loaded) == 2 * len(names), loaded
    context.close()


# -- exact values by hover, tap and keyboard (figure-values.js) ------------------------------

FEWSHOT = "/topics/few-shot-learning/"


def _csv_rows(site_url, name):
    import csv
    import io
    import urllib.request

    with urllib.request.urlopen(f"{site_url}/data/{name}.csv") as r:
        return list(csv.DictReader(io.StringIO(r.read().decode())))


def _point_on_screen(page, img, series: int, index: int):
    """Where point ``index`` of ``series`` is on screen, from the figure's points.json."""
    return img.evaluate("""async (img, [s, k]) => {
      const url = img.currentSrc.split('#')[0]
        .replace(/(\\.narrow)?(\\.dark)?\\.svg$/, '.points.json');
      const doc = await (await fetch(url)).json();
      const lay = doc.layouts[/\\.narrow/.test(img.currentSrc) ? 'narrow' : 'wide'];
      let flat = 0;
      for (let i = 0; i < s; i++) flat += doc.series[i].x.length;
      flat += k;
      const box = img.getBoundingClientRect();
      return [box.left + lay.xy[2 * flat] * box.width / lay.width,
              box.top + lay.xy[2 * flat + 1] * box.height / lay.height];
    }""", [series, index])


def test_hovering_a_point_shows_its_series_x_and_y_as_in_the_csv(browser, base_url):  # noqa: F811
    rows = _csv_rows(base_url, "fewshot.arithmetic_by_size")
    row = next(r for r in rows if r["Task"] == "2D+" and r["Setting"] == "zero-shot"
               and r["Model"] == "GPT-3 Large")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{base_url}{FEWSHOT}")
    figure = page.locator("figure.rc-figure").first
    img = _figures_shown(page)[0]
    x, y = _point_on_screen(page, img, 0, 2)  # zero-shot, 2D+, the third model: GPT-3 Large
    page.mouse.move(x + 2, y - 1)
    tip = figure.locator(".rc-tip")
    tip.wait_for(state="visible")
    lines = tip.inner_text().splitlines()
    assert lines[0] == "zero-shot · 2D+: 2-digit addition", lines
    assert lines[1] == "parameters: " + numbers.format_number(float(row["Parameters"]), "auto:3")
    assert lines[2] == "accuracy (%): " + numbers.format_number(float(row["Accuracy [%]"]),
                                                                "sig:3")
    page.mouse.move(5, 5)  # away: the value goes
    tip.wait_for(state="hidden")
    page.mouse.click(x + 2, y - 1)  # a mouse click still enlarges
    page.locator("dialog.rc-lightbox").wait_for(state="visible")
    page.keyboard.press("Escape")

    # Keyboard: focus the figure, arrow keys step through the points (from the one last
    # read: GPT-3 Large) and announce them.
    link = figure.locator("a.rc-zoom")
    link.focus()
    page.keyboard.press("ArrowRight")
    first = tip.inner_text()
    assert first.startswith("zero-shot · 2D+") and "parameters: 1.30 × 10⁹" in first, first
    page.keyboard.press("ArrowRight")
    assert "parameters: 2.70 × 10⁹" in tip.inner_text()
    page.keyboard.press("ArrowDown")
    assert tip.inner_text().startswith("one-shot · 2D+")
    live = figure.locator(".rc-tip-live")
    assert live.get_attribute("role") == "status" and "one-shot" in live.inner_text()
    page.keyboard.press("Escape")
    tip.wait_for(state="hidden")
    assert link.get_attribute("aria-describedby")
    context.close()
    assert not errors, errors


def test_on_a_phone_a_tap_reads_a_value_and_enlarging_shows_the_figure_larger_than_the_screen(
        browser, base_url):  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True,
                                  is_mobile=True, color_scheme="dark")
    page = context.new_page()
    page.goto(f"{base_url}{FEWSHOT}")
    figure = page.locator("figure.rc-figure").first
    img = _figures_shown(page)[0]
    assert ".narrow.dark.svg" in img.evaluate("i => i.currentSrc")
    x, y = _point_on_screen(page, img, 0, 2)
    page.touchscreen.tap(x, y)
    tip = figure.locator(".rc-tip")
    tip.wait_for(state="visible")
    assert tip.inner_text().splitlines()[1] == "parameters: 7.60 × 10⁸"
    dialog = page.locator("dialog.rc-lightbox")
    assert page.locator("dialog[open]").count() == 0  # the tap read a value, not enlarged

    figure.locator("button.rc-enlarge").tap()
    dialog.wait_for(state="visible")
    body = dialog.locator(".rc-lightbox__body")
    big = body.locator("img:visible")
    assert big.count() == 1 and big.get_attribute("src").endswith(".dark.svg#only-dark")
    page.wait_for_function("i => i.complete && i.naturalWidth > 0", arg=big.element_handle())
    shown = big.evaluate("i => i.getBoundingClientRect().width")
    assert shown > 1.5 * 390  # larger than the screen
    width, client = body.evaluate("b => [b.scrollWidth, b.clientWidth]")
    assert width > client  # it pans
    body.evaluate("b => b.scrollBy(200, 0)")
    assert body.evaluate("b => b.scrollLeft") > 0
    assert dialog.locator("a.rc-lightbox__open").get_attribute("href").endswith(
        "/figures/fewshot.arithmetic_by_size.svg")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()


def test_no_sideways_page_scroll_and_no_figure_cut_off_at_390px(browser, base_url):  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True,
                                  is_mobile=True)
    page = context.new_page()
    wide = {}
    for url in page_urls():  # every page: topics, notebooks, claims, data, issues...
        page.goto(f"{base_url}{url}")
        for img in _figures_shown(page):
            left, right = img.evaluate("i => [i.getBoundingClientRect().left, "
                                       "i.getBoundingClientRect().right]")
            assert 0 <= left and right <= 390, (url, img.get_attribute("src"))
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            wide[url] = width
    context.close()
    assert not wide, f"pages wider than a 390 px phone: {wide}"


def test_at_1280px_every_table_shows_all_its_columns_with_the_conclusion_first(
        browser, base_url):  # noqa: F811
    """A table on a topic page fits the content column at 1280 px, so no column (above
    all, the one with the conclusion) hides off to the right; wide tables keep their raw
    detail in the "All columns" disclosure under them, which may scroll sideways."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    cut, tables = {}, 0
    for url in TOPICS:
        page.goto(f"{base_url}{url}")
        for wrap in page.locator(".rc-table > .md-typeset__scrollwrap").all():
            tables += 1
            over = wrap.evaluate("w => w.scrollWidth - w.clientWidth")
            if over > 1:
                name = wrap.locator("xpath=..").locator(".rc-caption > p > code").first
                cut[f"{url} {name.inner_text()}"] = over
    page.close()
    assert tables >= 25, f"only {tables} tables found on the topic pages"
    assert not cut, f"tables wider than the column at 1280 px (px too wide): {cut}"
