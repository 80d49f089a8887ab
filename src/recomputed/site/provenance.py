"""Where a figure or table comes from: its source line, and the collapsed provenance note.

The papers come from the data files' ``[sources]`` (see :mod:`recomputed.engine.datafiles`),
each with the tables and figures its rows were typed from.
"""

from __future__ import annotations

from pathlib import Path

from recomputed.engine import datafiles
from recomputed.engine.registry import datasets_behind, registered
from recomputed.engine.results import Output
from recomputed.site.escape import md_text
from recomputed.site.paths import DEFAULT, Places, dataset_csv_path, rel, table_csv_path


def short_cite(src: datafiles.Source) -> str:
    """``Kaplan et al. (2020)``: the first author, and "et al." when there are more."""
    first = src.authors.split(",")[0].split(" (")[0].strip()
    more = "," in src.authors or "et al" in src.authors
    return f"{first}{' et al.' if more else ''} ({src.year})"


def sources(inputs, data_dir: Path = datafiles.DATA_DIR
            ) -> list[tuple[datafiles.Source, list[str]]]:
    """Each paper behind the data sets ``inputs`` (once: by its link, or its title and
    year), with the places its rows come from."""
    found: dict[tuple, tuple[datafiles.Source, set[str]]] = {}
    for name in inputs:
        ds = datafiles.load_shared(name, data_dir)
        for src in ds.sources.values():
            where = {r.where for r in ds.rows if r.source == src.key}
            # One paper once, even when data files name it differently ("... (Eq. 10)").
            key = src.link or (src.paper, src.year)
            found.setdefault(key, (src, set()))[1].update(where)
    return [(src, sorted(where)) for src, where in found.values()]


def source_line(inputs, data_dir: Path = datafiles.DATA_DIR) -> str:
    """``Source: [Kaplan et al. (2020)](link); ...``, for a caption."""
    if not inputs:
        return "Computed here: no data file"
    cites = [f"[{md_text(short_cite(src))}]({src.link})" if src.link else md_text(short_cite(src))
             for src, _ in sources(inputs, data_dir)]
    return "Source: " + "; ".join(cites)


def data_file_link(name: str, page_src: str, places: Places) -> str:
    """A data set's name, linked to its entry in the catalogue if the site has one."""
    if places.data_page is None:
        return f"`{name}`"
    return f"[`{name}`]({rel(page_src, places.data_page)}#{name})"


def _with(art) -> str:
    """`` with `seed = 0`, ...``: an artifact's parameters, or nothing."""
    return "" if not art.params else " with " + ", ".join(
        f"`{k} = {v!r}`" for k, v in sorted(art.params.items()))


def provenance(out: Output, page_src: str, places: Places = DEFAULT) -> str:
    """A collapsed note: the papers, the function, its parameters, the data files with their
    digests, the numbers plotted, and the artifact's cache key (the hash of all of these)."""
    art = out.artifact
    items = []
    for src, where in sources(datasets_behind(art), places.data_dir):
        ident = f"arXiv:{src.arxiv}" if src.arxiv else "source"
        link = f", [{ident}]({src.link})" if src.link else ""
        items.append(f"- **Paper:** {md_text(src.authors)} ({src.year}), "
                     f"*{md_text(src.paper)}*{link}: {md_text('; '.join(where))}")
    items.append(f"- **Computed by:** `{art.module}.{art.func.__qualname__}`{_with(art)}")
    for name in art.reads:
        read = registered(name)
        what = f"`{name}`"
        if read.kind in ("table", "figure"):  # its numbers are published as CSV too
            what = f"[{what}]({rel(page_src, table_csv_path(name))})"
        items.append(f"- **Reads:** {what}, computed by "
                     f"`{read.module}.{read.func.__qualname__}`{_with(read)}")
    for name in datasets_behind(art):
        items.append(f"- **Data file:** {data_file_link(name, page_src, places)} "
                     f"([CSV]({rel(page_src, dataset_csv_path(name))}), SHA-256 "
                     f"`{datafiles.digest(name, places.data_dir)[:12]}`)")
    what = "Numbers plotted" if art.kind == "figure" else "The table"
    items.append(f"- **{what}:** [`{out.name}.csv`]({rel(page_src, table_csv_path(out.name))})")
    items.append(f'- **Inputs\' hash:** <code title="{out.key}">{out.key[:12]}</code> '
                 "(the cache key: code, data, parameters and library versions)")
    return ('<details class="rc-provenance" markdown="block">\n'
            "<summary>Provenance</summary>\n\n" + "\n".join(items) + "\n\n</details>")
