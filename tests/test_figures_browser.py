"""Figures in a real browser: the dark palette shows the dark rendering, and a figure
opens enlarged from the keyboard and closes with Escape (recomputed.js)."""

from __future__ import annotations

import pytest

# Importing test_browser also applies its module-level skip when there is no browser.
from test_browser import base_url, browser  # noqa: F401 - shared fixtures

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
