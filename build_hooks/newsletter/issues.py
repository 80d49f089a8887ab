"""Newsletter issues: links for their mentions ("AN #87") in page Markdown, and their order.

Issues with a page on this site link there; earlier issues link to the newsletter's
archive, with what they are cited for (from the ``newsletter_crossrefs`` data set) as
the link's tooltip. Code, headings and text already inside a link are left alone.
"""

from __future__ import annotations

import html
import posixpath
import re

MENTION = re.compile(r"\bAN #(\d+)\b")
LINK = re.compile(r"!?\[[^\]]*\]\([^)]*\)|<a\b[^>]*>.*?</a>|`[^`]*`|<[^>]+>")
ARCHIVE = "https://rohinshah.com/alignment-newsletter/"
OWN_PAGES = {102: "issues/gpt-3-issue.md", 125: "issues/an-125.md", 137: "issues/transfer-issue.md",
             139: "issues/an-139.md", 140: "issues/an-140.md"}
# Two issues are named by their highlight in the claims ledger, because our copies of them
# print no number; the published posts give it (see each issue's page for the evidence).
NAMED = {"GPT-3 issue": 102, "Transfer issue": 137}
DATASET = "newsletter_crossrefs"


def known_issues(crossrefs) -> dict[int, str]:
    """Issue number -> what the five issues cite it for, from the rows of :data:`DATASET`."""
    return {r["number"]: r["covers"] for r in crossrefs}


def is_known(issue: str, known: dict[int, str]) -> bool:
    """Whether a claim's ``issue`` is one the ledger can file it under: "AN #N" for an issue
    with a page here or a row in :data:`DATASET`, a highlight in :data:`NAMED`, or a label
    that names no newsletter issue at all (a paper's own claim). Anything else that looks
    like an issue ("AN #999", "AN#125", "AN 125") is a mistake."""
    m = re.fullmatch(r"AN #(\d+)", issue)
    if m:
        return int(m.group(1)) in OWN_PAGES or int(m.group(1)) in known
    return issue in NAMED or not re.search(r"\bAN\b|#\d", issue)


def issue_order(issue: str):
    """Sort key for the claims ledger's groups: the issues in number order, whether named
    "AN #125" or by their highlight (:data:`NAMED`); then anything else."""
    m = re.fullmatch(r"AN #(\d+)", issue)
    if m:
        return (0, int(m.group(1)), issue)
    if issue in NAMED:
        return (0, NAMED[issue], issue)
    return (1, 0, issue)


def _target(number: int, page_src: str, known: dict[int, str]) -> tuple[str, str]:
    if number in OWN_PAGES:
        rel = posixpath.relpath(OWN_PAGES[number], posixpath.dirname(page_src) or ".")
        return rel, f"Alignment Newsletter #{number}, covered on this site"
    covers = known.get(number)
    title = f"Alignment Newsletter #{number}" + (f": {covers}" if covers else "")
    return ARCHIVE, title


def link_mentions(markdown: str, page_src: str, known: dict[int, str]) -> str:
    """Turn each bare ``AN #N`` outside links, code and headings into a link."""
    out, fence = [], False
    for line in markdown.split("\n"):
        stripped = line.lstrip()
        if stripped.startswith(("```", "~~~")):
            fence = not fence
        if fence or stripped.startswith("#") or "AN #" not in line:
            out.append(line)
            continue
        pieces, pos = [], 0
        for m in LINK.finditer(line):
            pieces.append(_link_plain(line[pos:m.start()], page_src, known))
            pieces.append(m.group(0))
            pos = m.end()
        pieces.append(_link_plain(line[pos:], page_src, known))
        out.append("".join(pieces))
    return "\n".join(out)


def _link_plain(text: str, page_src: str, known: dict[int, str]) -> str:
    def one(m):
        number = int(m.group(1))
        if posixpath.normpath(page_src) == OWN_PAGES.get(number):
            return m.group(0)  # a page does not link to itself
        href, title = _target(number, page_src, known)
        return f'[AN #{number}]({href} "{html.escape(title, quote=True)}")'

    return MENTION.sub(one, text)
