"""Notebook pages, lighter and more readable than mkdocs-jupyter makes them.

mkdocs-jupyter inlines JupyterLab's whole theme (about 570 KB of CSS) into every notebook
page; the few rules these pages need are in ``docs/assets/notebook.css``. Figures come
out of nbconvert with the alt text "No description has been provided for this image";
each gets the first sentence of the Markdown cell before it, which says what it shows.
"""

from __future__ import annotations

import html
import re

JUPYTER_THEME = re.compile(r"<style[^>]*>\s*@charset \"UTF-8\";\s*\.jupyter-wrapper\{.*?</style>",
                           re.S)
DEFAULT_ALT = 'alt="No description has been provided for this image"'
MARKDOWN_CELL = re.compile(
    r'<div class="jp-Cell jp-MarkdownCell[^"]*"[^>]*>(.*?)(?=<div class="jp-Cell )', re.S)


def _first_sentence(fragment: str) -> str:
    """The cell's heading and first sentence, as plain text (math as its TeX if it is kept,
    else its symbols run together)."""
    fragment = re.sub(r"<a [^>]*>¶</a>", "", fragment)  # heading permalinks
    fragment = re.sub(r"</h\d>", ". ", fragment)
    fragment = re.sub(r'<math\b.*?(?:<annotation[^>]*>(.*?)</annotation>.*?)?</math>',
                      lambda m: m.group(1) or re.sub(r"<[^>]+>", "", m.group(0)), fragment,
                      flags=re.S)
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())
    text = text.replace(" .", ".").replace(" ,", ",")
    m = re.match(r"(.+?[.!?:])\s+(.+?[.!?:])(\s|$)", text)  # the heading, one sentence
    return (f"{m.group(1)} {m.group(2)}" if m else text)[:240]


def slim(page_html: str) -> str:
    """The notebook page without JupyterLab's theme, its figures described."""
    page_html = JUPYTER_THEME.sub("", page_html)
    out, pos, said = [], 0, ""
    for m in re.finditer(re.escape(DEFAULT_ALT) + "|" + MARKDOWN_CELL.pattern, page_html,
                         re.S):
        if m.group(0) == DEFAULT_ALT:
            out.append(page_html[pos:m.start()])
            alt = f"Figure: {said}" if said else "A figure computed by the code cell above"
            out.append(f'alt="{html.escape(alt, quote=True)}"')
            pos = m.end()
        else:
            said = _first_sentence(m.group(1))
    out.append(page_html[pos:])
    return "".join(out)
