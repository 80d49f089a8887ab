"""The data catalogue (``<!-- rc:datasets -->``): every data set with its provenance.

Each data set gets a heading whose id is its name, which is where provenance notes and
the ledger link to (:func:`recomputed.site.provenance.data_file_link`).
"""

from __future__ import annotations

import os
from pathlib import Path

from recomputed.engine import datafiles
from recomputed.site.escape import md_text
from recomputed.site.paths import dataset_csv_path, rel


def datasets_catalogue(names: list[str], page_src: str, data_dir: Path = datafiles.DATA_DIR,
                       shown_dir: str | None = None) -> str:
    """The data sets ``names`` with their columns, units and sources. ``shown_dir`` is the
    data folder as a reader of the repository finds it (by default: relative to the
    working folder)."""
    shown_dir = shown_dir or Path(os.path.relpath(data_dir)).as_posix()
    parts = []
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
