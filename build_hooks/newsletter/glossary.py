"""The glossary page (``<!-- rc:glossary -->``), from the abbreviations that make the tooltips.

``includes/abbreviations.md`` holds ``*[ABBR]: meaning`` lines; ``pymdownx.snippets``
appends it to every page (``abbr`` turns each into a tooltip), and the glossary lists
the same lines as a table.
"""

from __future__ import annotations

import re


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def table(abbreviations_md: str) -> str:
    """A pipe table of the ``*[ABBR]: meaning`` lines, sorted by term."""
    rows = re.findall(r"^\*\[(.+?)\]:\s*(.+)$", abbreviations_md, flags=re.M)
    lines = ["| Term | Meaning |", "| :--- | :--- |"]
    for abbr, meaning in sorted(rows, key=lambda r: r[0].lower()):
        lines.append(f"| **{_cell(abbr)}** | {_cell(meaning)} |")
    return "\n".join(lines)
