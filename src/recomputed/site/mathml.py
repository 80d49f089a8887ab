"""Math as MathML, converted at build time: no JavaScript, no CDN, works offline.

``pymdownx.arithmatex`` (generic mode) wraps TeX in ``<span class="arithmatex">\\(...\\)</span>``
or ``<div class="arithmatex">\\[...\\]</div>``; :func:`convert_html` swaps each for MathML.
"""

from __future__ import annotations

import html
import re

INLINE = re.compile(r'<span class="arithmatex">\\\((?P<tex>.+?)\\\)</span>', re.S)
BLOCK = re.compile(r'<div class="arithmatex">\\\[(?P<tex>.+?)\\\]</div>', re.S)


class MathError(ValueError):
    """TeX that latex2mathml cannot convert."""


def to_mathml(tex: str, display: bool) -> str:
    from latex2mathml.converter import convert

    try:
        return convert(html.unescape(tex).strip(), display="block" if display else "inline")
    except Exception as exc:  # noqa: BLE001 - the converter raises many types
        raise MathError(f"cannot convert TeX {tex.strip()!r}: {exc}") from None


def convert_html(page_html: str) -> str:
    """Replace arithmatex's TeX wrappers in ``page_html`` with MathML."""
    page_html = BLOCK.sub(
        lambda m: f'<div class="rc-math">{to_mathml(m.group("tex"), True)}</div>', page_html
    )
    return INLINE.sub(lambda m: to_mathml(m.group("tex"), False), page_html)


NOTEBOOK_MARKDOWN = re.compile(
    r'(<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown[^"]*"[^>]*>)(.*?)(</div>)', re.S)
DOLLARS_BLOCK = re.compile(r"\$\$(?P<tex>.+?)\$\$", re.S)
DOLLARS_INLINE = re.compile(r"(?<![\\$\w])\$(?P<tex>[^$\n<>]+?)\$(?!\w)")
CODE = re.compile(r"<code\b.*?</code>", re.S)


def _dollars(fragment: str) -> str:
    pieces, pos = [], 0
    for m in CODE.finditer(fragment):  # leave code alone
        pieces.append(_dollars_plain(fragment[pos:m.start()]))
        pieces.append(m.group(0))
        pos = m.end()
    pieces.append(_dollars_plain(fragment[pos:]))
    return "".join(pieces)


def _dollars_plain(text: str) -> str:
    text = DOLLARS_BLOCK.sub(
        lambda m: f'<div class="rc-math">{to_mathml(m.group("tex"), True)}</div>', text)
    return DOLLARS_INLINE.sub(lambda m: to_mathml(m.group("tex"), False), text)


def convert_notebook_html(page_html: str) -> str:
    """Replace ``$...$`` and ``$$...$$`` in a rendered notebook's Markdown cells with MathML
    (mkdocs-jupyter leaves them for MathJax, which would need a CDN)."""
    return NOTEBOOK_MARKDOWN.sub(
        lambda m: m.group(1) + _dollars(m.group(2)) + m.group(3), page_html)
