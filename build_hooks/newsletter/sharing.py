"""What a page shows when it is shared: its description and its preview image.

The description is the page's lead paragraph, cut at a word near 160 characters (what
search engines and link cards show); the image is the PNG rendering of the first figure
the page cites (``figures/NAME.png``, published by the plugin), if any.
"""

from __future__ import annotations

import html
import re

LIMIT = 160
PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.S)


def lead_description(page_html: str) -> str:
    """The first paragraph's text with at least a few words, shortened to :data:`LIMIT`
    (a byline, a paragraph that opens in italics, is passed over)."""
    for m in PARAGRAPH.finditer(page_html):
        if m.group(1).lstrip().startswith("<em>"):
            continue
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", m.group(1))).split())
        if len(text.split()) >= 6:
            if len(text) <= LIMIT:
                return text
            cut = text[: LIMIT - 1].rsplit(" ", 1)[0].rstrip(",;:")
            return cut + "…"
    return ""


def lead_image(figures: list[str], files) -> str | None:
    """``figures/NAME.png`` of the first of the page's ``figures`` (in the order it cites
    them) whose PNG the build publishes."""
    for name in figures:
        path = f"figures/{name}.png"
        if files.get_file_from_path(path) is not None:
            return path
    return None
