"""The data catalogue (``<!-- rc:datasets -->``): every data set with its provenance.

Each data set gets a heading whose id is its name, which is where provenance notes and
the ledger link to (:func:`recomputed.site.provenance.data_file_link`).
"""

from __future__ import annotations

import os
from pathlib import Path

from recomputed.engine import datafiles
from recomputed.engine.registry import datasets_behind
from recomputed.site.escape import md_text
from recomputed.site.paths import dataset_csv_path, rel
from recomputed.site.provenance import short_cite


def pages_using(cited: dict[str, str], outputs: dict) -> dict[str, list[str]]:
    """Data set -> the pages that cite something computed from it (``cited``: artifact
    name -> page), sorted."""
    using: dict[str, set[str]] = {}
    for name, page_src in cited.items():
        if name in outputs:
            for ds in datasets_behind(outputs[name].artifact):
                using.setdefault(ds, set()).add(page_src)
    return {ds: sorted(pages) for ds, pages in using.items()}


def overview(names: list[str], page_src: str, data_dir: Path,
             used_by: dict[str, list[str]]) -> list[str]:
    """One table first: each data set, its rows, its sources and the pages that use it."""
    lines = ["| Data set | Rows | Source | Used on |", "| :--- | ---: | :--- | :--- |"]
    for name in names:
        ds = datafiles.load_shared(name, data_dir)
        cites = "; ".join(md_text(short_cite(src)) for src in ds.sources.values())
        pages = ", ".join(f"[{md_text(_page_name(p))}]({rel(page_src, p)})"
                          for p in used_by.get(name, [])) or "—"
        lines.append(f"| [{md_text(ds.title)}](#{name}) | {len(ds)} | {cites} | {pages} |")
    return lines + [""]


def _page_name(page: str) -> str:
    """``topics/scaling-laws.md`` -> ``scaling laws``; ``index.md`` -> ``home``."""
    stem = Path(page).stem
    name = Path(page).parent.name if stem == "index" else stem
    return (name or "home").replace("-", " ")  # the site's own index.md is its home page


def datasets_catalogue(names: list[str], page_src: str, data_dir: Path = datafiles.DATA_DIR,
                       shown_dir: str | None = None,
                       used_by: dict[str, list[str]] | None = None) -> str:
    """The data sets ``names``: an overview table (rows, sources, the pages that use each,
    from ``used_by``), then each with its columns, units and sources. ``shown_dir`` is the
    data folder as a reader of the repository finds it (by default: relative to the
    working folder)."""
    shown_dir = shown_dir or Path(os.path.relpath(data_dir)).as_posix()
    parts = overview(names, page_src, data_dir, used_by or {})
    for name in names:
        ds = datafiles.load_shared(name, data_dir)
        parts += [
            f'### {md_text(ds.title)} {{ #{name} }}',
            "",
            md_text(ds.description.strip()),
            "",
            f"[Download `{name}.csv`]({rel(page_src, dataset_csv_path(name))}) · "
            f"{len(ds)} rows · file `{shown_dir}/{name}.csv`",
            "",
            "| Column | Type | Unit | Meaning |",
            "| :--- | :--- | :--- | :--- |",
        ]
        for c in ds.columns:
            parts.append(f"| `{c.name}` | {c.type} | {md_text(c.unit) or '—'} | "
                         f"{md_text(c.description)} |")
        parts += ["", "Sources:", ""]
        for src in ds.sources.values():
            link = src.link
            ident = f"arXiv:{src.arxiv}" if src.arxiv else md_text(src.url)
            where = sorted({r.where for r in ds.rows if r.source == src.key})
            parts.append(f"- {md_text(src.authors)} ({src.year}), *{md_text(src.paper)}*, "
                         f"[{ident}]({link}): " + md_text("; ".join(where)))
        parts.append("")
    return "\n".join(parts)
