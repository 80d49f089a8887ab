"""What a page shows when it is shared: its description and its preview image.

The description is the page's lead paragraph, cut at a word near 160 characters (what
search engines and link cards show); the image is the PNG rendering of the first figure
the page cites (``figures/NAME.png``, published by the plugin), if any.
"""

from __future__ import annotations

import html
import re

from recomputed.site.citations import find

LIMIT = 160
PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.S)


def lead_description(page_html: str) -> str:
    """The first paragraph's text with at least a few words, shortened to :data:`LIMIT`."""
    for m in PARAGRAPH.finditer(page_html):
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", m.group(1))).split())
        if len(text.split()) >= 6:
            if len(text) <= LIMIT:
                return text
            cut = text[: LIMIT - 1].rsplit(" ", 1)[0].rstrip(",;:")
            return cut + "…"
    return ""


def lead_image(markdown: str, files) -> str | None:
    """``figures/NAME.png`` of the first cited figure whose PNG the build publishes."""
    for c in find(markdown, "page"):
        path = f"figures/{c.name}.png"
        if files.get_file_from_path(path) is not None:
            return path
    return None
