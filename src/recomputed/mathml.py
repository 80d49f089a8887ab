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
