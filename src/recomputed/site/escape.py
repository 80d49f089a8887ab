"""Text from data files, made safe for where it is published.

Data files are written by contributors, and their text (titles, descriptions, authors,
cells, the ``where`` of a row) reaches pages through Markdown, which passes raw HTML
through and turns ``[x](javascript:...)`` into a link. So every piece of data-derived
text goes through :func:`md_text` before it is written into a page's Markdown: it then
shows as the characters it holds, and nothing in it becomes markup. Inline code spans
(```name```) are kept, because the data sets' descriptions use them and Markdown
publishes their contents escaped.

Links in data are accepted only as ``https:`` or ``http:`` URLs
(:func:`recomputed.engine.schema.is_safe_url`; the loader refuses the rest with the file
and line); arXiv links are built by the code.
"""

from __future__ import annotations

import html
import re

# Characters that start Markdown (or attribute-list) syntax inline. Python-Markdown
# reads a backslash before any of them as the character itself.
# Not parentheses or brackets: with arithmatex, a backslash before "(" opens inline math,
# and "\[" display math (a cell "[0]" became an equation), so brackets become entities.
_MD_SPECIAL = re.compile(r"([\\`*_{}#!|$])")
_BRACKETS = {"[": "&#91;", "]": "&#93;"}
_CODE_SPAN = re.compile(r"(`+)([^`\n]*?[^`])\1(?!`)")


def _escape_plain(text: str) -> str:
    # HTML first (so no tag, comment or entity survives), then Markdown's own syntax.
    text = _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))
    return re.sub(r"[\[\]]", lambda m: _BRACKETS[m.group(0)], text)


def md_text(text: str) -> str:
    """``text`` as one line of Markdown that renders as exactly its characters.

    ``<``, ``>``, ``&``, ``[`` and ``]`` become entities; the rest of Markdown's inline
    syntax (emphasis, attribute lists, table pipes, math delimiters) is backslash-escaped;
    newlines become spaces, so the text cannot start a block. Code spans stay code.
    """
    text = str(text).replace("\r", " ").replace("\n", " ")
    out, pos = [], 0
    for m in _CODE_SPAN.finditer(text):
        out.append(_escape_plain(text[pos:m.start()]))
        # Inside a code span Markdown escapes HTML itself and reads no syntax, but a
        # pipe would still end a table cell.
        out.append(m.group(0).replace("|", "\\|"))
        pos = m.end()
    out.append(_escape_plain(text[pos:]))
    return "".join(out)


def attr_text(text: str) -> str:
    """``text`` for a double-quoted HTML attribute (or a Markdown link's title)."""
    return html.escape(str(text), quote=True).replace("\n", " ")

