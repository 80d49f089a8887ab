"""Find and replace artifact citations in Markdown: ``<!-- rc:NAME -->``.

A citation is an HTML comment, so an un-built page shows nothing odd on GitHub.
Citations inside code (fenced or indented blocks, inline code) are left alone, as
written (that is how the contributor guide shows the syntax). Three special names are
built in and are not artifacts (:data:`BUILTIN`): ``rc:ledger`` (the claims ledger), ``rc:datasets``
(the data catalogue) and ``rc:stats`` (what this build computed); a site's hooks may
add more (``Adapter.add_citation`` in :mod:`recomputed.site.adapter`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

MARKER = re.compile(r"<!--\s*rc:(?P<name>[^\s>]*)\s*-->")
LOOSE = re.compile(r"<!--\s*rc\b", re.I)  # anything that looks like a citation attempt
FENCE = re.compile(r"^\s*(```|~~~)")
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
BUILTIN = ("ledger", "datasets", "stats")


class CitationError(ValueError):
    """A malformed or unknown citation; the message starts with ``page.md:line``."""


@dataclass(frozen=True)
class Citation:
    name: str
    line: int


def _outside_code(line: str) -> list[tuple[int, int]]:
    """Spans of ``line`` that are not inline code."""
    spans, pos = [], 0
    for m in CODE_SPAN.finditer(line):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(line)))
    return spans


INDENTED = re.compile(r"^( {4}|\t)")
CONTAINER = re.compile(r"^\s*([-*+]|\d+[.)]|!!!|\?\?\?\+?|===)(\s|$)")  # list, admonition, tab


def _lines(markdown: str):
    """Yield ``(line number, text, in_code_block)``: in a fenced block, or in an indented
    one (a line indented by four spaces after a blank line, unless the text before the
    blank line opened a list item or an admonition, or was itself indented: then the
    indent is that container's)."""
    fence, indented, before_blank, previous = None, False, "", ""
    for i, line in enumerate(markdown.split("\n"), start=1):
        m = FENCE.match(line) if not indented else None
        if m:
            if fence is None:
                fence = m.group(1)
                yield i, line, True
                continue
            if m.group(1) == fence:
                fence = None
                yield i, line, True
                continue
        if fence is None:
            if not line.strip():
                before_blank = previous if previous.strip() else before_blank
            elif not INDENTED.match(line):
                indented = False
            elif not previous.strip() and not indented and before_blank and not (
                    CONTAINER.match(before_blank) or INDENTED.match(before_blank)
                    or before_blank.startswith(" ")):
                indented = True
        previous = line
        yield i, line, fence is not None or (indented and bool(line.strip()))


def find(markdown: str, page: str) -> list[Citation]:
    """Every citation in ``markdown``; :class:`CitationError` for a malformed one."""
    found = []
    for lineno, line, in_code in _lines(markdown):
        if in_code:
            continue
        for start, end in _outside_code(line):
            part = line[start:end]
            good = list(MARKER.finditer(part))
            for m in good:
                name = m.group("name")
                if not name:
                    raise CitationError(f"{page}:{lineno}: citation without a name")
                found.append(Citation(name, lineno))
            if len(list(LOOSE.finditer(part))) != len(good):
                raise CitationError(
                    f"{page}:{lineno}: malformed citation; write it as <!-- rc:NAME -->"
                )
    return found


def check(citations: list[Citation], known, page: str) -> None:
    """Fail on the first citation of a name not in ``known`` (the registered artifacts and
    the special names)."""
    import difflib

    for c in citations:
        if c.name in known:
            continue
        near = difflib.get_close_matches(c.name, list(known), n=3)
        hint = f" (did you mean {', '.join(near)}?)" if near else ""
        raise CitationError(f"{page}:{c.line}: unknown artifact {c.name!r}{hint}")


def replace(markdown: str, render: Callable[[str], str]) -> str:
    """Replace each citation outside code with ``render(name)``."""
    out = []
    for _lineno, line, in_code in _lines(markdown):
        if in_code or "rc:" not in line:
            out.append(line)
            continue
        pieces, pos = [], 0
        for start, end in _outside_code(line):
            pieces.append(line[pos:start])
            pieces.append(MARKER.sub(lambda m: render(m.group("name")), line[start:end]))
            pos = end
        out.append("".join(pieces))
    return "\n".join(out)
