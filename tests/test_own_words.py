"""The site's prose is its own: no long run of words is shared with the newsletters.

Compares every page (and the contributor guide) with the five newsletter issues in
``../shared/seeds`` (beside the repository, as in CI). Paper titles are allowed;
anything else sharing RUN or more consecutive words with a newsletter fails, naming
the page and the words. Skipped, with a reason, where the newsletters are not present.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
RUN = 10  # words in a row; long enough that a shared run is not a coincidence

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"{SEEDS} not present")


def words(text: str) -> list[str]:
    text = re.sub(r"<!--.*?-->|`[^`]*`|\]\([^)]*\)|https?://\S+", " ", text, flags=re.S)
    return re.findall(r"[a-z0-9]+", text.lower().replace("’", "'").replace("'", ""))


def runs(ws: list[str]) -> set[tuple[str, ...]]:
    return {tuple(ws[i:i + RUN]) for i in range(len(ws) - RUN + 1)}


def titles(seed: str) -> set[tuple[str, ...]]:
    """Runs inside the titles and author lists of summarized works."""
    found = [" ".join(m) for m in re.findall(r"\*\*([^*]{10,300})\*\* \*\(([^)]{3,150})\)\*", seed)]
    found += re.findall(r"\*\*([^*]{20,300})\*\*", seed)
    found += [" ".join(m) for m in
              re.findall(r"([A-Z][^()\n]{10,300}?) \(([^()]{3,150})\) \(summarized by", seed)]
    return set().union(*(runs(words(t)) for t in found)) if found else set()


def cited_titles() -> set[tuple[str, ...]]:
    """Titles of earlier issues' works, as the site's own data file names them."""
    from recomputed.engine import datafiles

    ds = datafiles.load("newsletter_crossrefs")
    return set().union(*(runs(words(f"{r['covers']} AN {r['number']}")) for r in ds))


def test_no_page_shares_a_long_run_of_words_with_a_newsletter():
    seed_runs, allowed = set(), set()
    for f in sorted(SEEDS.glob("*.txt")):
        text = f.read_text(encoding="utf-8")
        seed_runs |= runs(words(text))
        allowed |= titles(text)
    suspicious = seed_runs - allowed - cited_titles()
    pages = sorted((ROOT / "docs").rglob("*.md")) + [ROOT / "CONTRIBUTING.md", ROOT / "README.md"]
    problems = []
    for page in pages:
        shared = sorted(runs(words(page.read_text(encoding="utf-8"))) & suspicious)
        if shared:
            problems.append(f"{page.relative_to(ROOT)}: {len(shared)} runs, e.g. "
                            f"'{' '.join(shared[0])}'")
    assert not problems, "text shared with the newsletters:\n" + "\n".join(problems)
