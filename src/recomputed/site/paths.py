"""Where a site publishes what the engine computed, and how its pages link to it.

Paths are docs-relative (``figures/NAME.svg``) and links are relative to the citing
page, so MkDocs can check every link (``validation:`` in ``mkdocs.yml``).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path

from recomputed.engine import datafiles

FIGURE_DIR = "figures"  # site paths of generated files
DATA_DIR = "data"


@dataclass(frozen=True)
class Places:
    """What renderings read and link to: the site's data folder, and the pages that hold
    the claims ledger and the data catalogue (``None``: the site has no such page, and
    nothing links there)."""

    data_dir: Path = datafiles.DATA_DIR
    claims_page: str | None = None
    data_page: str | None = None
    directory_urls: bool = True  # MkDocs' use_directory_urls: page.md is served as page/


DEFAULT = Places()  # this package's data, and no ledger or catalogue page


def figure_path(name: str, dark: bool = False) -> str:
    """A figure's SVG: ``NAME.svg`` for light pages, ``NAME.dark.svg`` for dark ones."""
    return f"{FIGURE_DIR}/{name}{'.dark' if dark else ''}.svg"


def figure_file(name: str, suffix: str) -> str:
    """One of the files published for a figure (``suffix``: a key of
    :attr:`recomputed.engine.results.Output.figure_files`, ``"narrow.svg"``, ``"png"``...)."""
    return f"{FIGURE_DIR}/{name}.{suffix}"


def table_csv_path(name: str) -> str:
    return f"{DATA_DIR}/{name}.csv"


def dataset_csv_path(name: str) -> str:
    return f"{DATA_DIR}/sources/{name}.csv"


def rel(page_src: str, target: str) -> str:
    """``target`` (a docs-relative path) as seen from the page ``page_src``."""
    return posixpath.relpath(target, posixpath.dirname(page_src) or ".")


def url_rel(page_src: str, target: str, directory_urls: bool = True) -> str:
    """``target`` as seen from the page ``page_src`` once it is served: for raw HTML, whose
    links MkDocs neither checks nor rewrites (with directory URLs, ``topics/a.md`` is
    served as ``topics/a/``, one folder deeper than its source)."""
    folder, name = posixpath.split(page_src)
    stem = posixpath.splitext(name)[0]
    if directory_urls and stem not in ("index", "README"):
        folder = posixpath.join(folder, stem)
    return posixpath.relpath(target, folder or ".")


def md_escape(text: str) -> str:
    """Text for one line of Markdown, or one cell of a pipe table."""
    return text.replace("|", "\\|").replace("\n", " ")


def claim_anchor(name: str) -> str:
    """The id of a claim's entry in the ledger."""
    return "claim-" + name.replace(".", "-").replace("_", "-")


def mark_anchor(name: str) -> str:
    """The id of a claim's verdict mark on the page that states it (the ledger's
    "discussed here" links to the sentence, not to the top of the page)."""
    return "at-" + claim_anchor(name)
