"""Add the page's line to MkDocs' warnings about broken links and anchors.

MkDocs validates internal links and anchors (``validation:`` in ``mkdocs.yml``; a
warning, so an error under ``--strict``) and names the page and the link, but not
the line. :func:`install` adds a logging filter that finds the link in the page's
Markdown and puts ``docs/page.md:LINE:`` in front of the warning, as every other
build error in this project does. A link that is not in the page's own source (one
made by a rendered artifact or an included snippet) keeps MkDocs' message as it is.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

LOGGER = "mkdocs.structure.pages"
WARNING = re.compile(
    r"^Doc file '(?P<page>[^']+)' contains (?:a|an absolute|an unrecognized relative) "
    r"link '(?P<link>[^']+)'"
)


def find_line(markdown: str, link: str) -> int | None:
    """The first line of ``markdown`` that holds ``link`` as a link target."""
    forms = (f"]({link})", f"]({link} ", f"]: {link}", f'href="{link}"', f"<{link}>")
    for lineno, line in enumerate(markdown.split("\n"), start=1):
        if any(form in line for form in forms):
            return lineno
    return None


class LinkLines(logging.Filter):
    """Rewrites MkDocs' broken-link warnings to start with ``docs/page.md:LINE:``."""

    recomputed_link_lines = True  # found again by install() after the module is re-imported

    def __init__(self, docs_dir: str) -> None:
        super().__init__()
        self.docs_dir = Path(docs_dir)

    def filter(self, record: logging.LogRecord) -> bool:
        m = WARNING.match(record.getMessage())
        if not m:
            return True
        path = self.docs_dir / m.group("page")
        try:
            line = find_line(path.read_text(encoding="utf-8"), m.group("link"))
        except OSError:
            line = None
        if line is not None:
            shown = os.path.relpath(path)
            shown = str(path) if shown.startswith("..") else shown
            record.msg, record.args = f"{shown}:{line}: {record.getMessage()}", ()
        return True


def install(docs_dir: str) -> None:
    """Put a :class:`LinkLines` filter on MkDocs' page logger (replacing an earlier one)."""
    logger = logging.getLogger(LOGGER)
    for old in [f for f in logger.filters if getattr(f, "recomputed_link_lines", False)]:
        logger.removeFilter(old)
    logger.addFilter(LinkLines(docs_dir))


def where_in(path, text: str) -> str:
    """``docs/x.md:LINE`` (relative to the working folder) where ``text`` first appears in
    the file at ``path``; ``""`` if it cannot be read or does not hold ``text``."""
    try:
        source = Path(path).read_text(encoding="utf-8")
    except (OSError, TypeError, UnicodeDecodeError):
        return ""
    at = source.find(text)
    return f"{os.path.relpath(path)}:{source[:at].count(chr(10)) + 1}" if at >= 0 else ""
