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
    """TeX that cannot be converted; ``tex`` is the TeX as written in the page."""

    def __init__(self, message: str, tex: str):
        super().__init__(message)
        self.tex = tex


NAMED_ERRORS = {
    "MissingEndError": "an environment opened with \\begin is never closed with \\end",
    "MissingSuperScriptOrSubscriptError": "a ^ or _ has nothing after it",
    "DenominatorNotFoundError": "a \\frac has no denominator",
    "NumeratorNotFoundError": "a \\frac has no numerator",
    "DoubleSubscriptsError": "two subscripts in a row; group them with braces",
    "DoubleSuperscriptsError": "two superscripts in a row; group them with braces",
}
UNKNOWN_COMMAND = re.compile(r"<m(?:i|o|n|text)>(\\[A-Za-z]+)</m")


def _unbalanced(tex: str) -> str | None:
    """What is wrong with the braces of ``tex`` (escaped ``\\{`` and ``\\}`` aside)."""
    depth = 0
    for ch in re.sub(r"\\[{}\\]", "", tex):
        depth += (ch == "{") - (ch == "}")
        if depth < 0:
            return "a } closes no {"
    return f"{depth} {{ never closed" if depth else None


# A minus right after another operator, as in σ(−u) or a = −b, is a sign, not a binary
# operator: browsers set it with binary spacing unless it is marked prefix (MathML Core
# only treats an operator that opens its row as prefix). After what ends an operand (a
# closing bracket or bar, an ellipsis, a prime, a factorial), as in (a) − b or
# a₁ + … − aₙ, it stays binary.
UNARY_MINUS = re.compile(r"(<mo\b[^>]*>([^<]*)</mo>)<mo>&#x02212;</mo>")
AFTER_OPERAND = {"&#x00029;", "&#x0005D;", "&#x0007D;", "&#x0007C;", "&#x02016;", "&#x027E9;",
                 "&#x02026;", "&#x022EF;", "&#x02032;", "&#x00021;"}


def _minus(m: re.Match) -> str:
    if m.group(2) in AFTER_OPERAND:
        return m.group(0)
    return m.group(1) + '<mo form="prefix">&#x02212;</mo>'


def to_mathml(tex: str, display: bool) -> str:
    from latex2mathml.converter import convert

    tex = html.unescape(tex).strip()
    problem = _unbalanced(tex)
    if problem is None:
        try:
            out = convert(tex, display="block" if display else "inline")
        except Exception as exc:  # noqa: BLE001 - the converter raises many types
            # Some of its errors carry no message, only a name (MissingEndError).
            name = type(exc).__name__
            problem = str(exc) or NAMED_ERRORS.get(name) or re.sub(
                r"(?<!^)([A-Z])", r" \1", name).lower()
        else:
            # The converter keeps a command it does not know as text: "\notacommand".
            unknown = UNKNOWN_COMMAND.search(out)
            if unknown is None:
                # "/" as in C/C₀ is a solidus, not a binary operator: no space around it.
                out = out.replace("<mo>&#x0002F;</mo>", '<mo lspace="0em" rspace="0em">/</mo>')
                return UNARY_MINUS.sub(_minus, out)
            problem = f"unknown command {unknown.group(1)}"
    raise MathError(f"cannot convert TeX '{tex}': {problem}", tex)


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
