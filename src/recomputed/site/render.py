"""Turn computed artifacts into Markdown for pages, and into CSV for downloads.

Paths are given relative to the citing page, so the Markdown links stay
checkable by MkDocs (``validation:`` in ``mkdocs.yml``).
"""

from __future__ import annotations

import csv
import html
import io
import posixpath
import re
from collections import defaultdict

from recomputed.engine import datafiles, numbers
from recomputed.engine.build import Output
from recomputed.engine.registry import Table, datasets_behind

FIGURE_DIR = "figures"  # site paths of generated files
DATA_DIR = "data"
VERDICT_LABEL = {"holds": "✓ holds", "fails": "✗ does not hold", "unchecked": "? not checkable"}


def figure_path(name: str, dark: bool = False) -> str:
    """A figure's SVG: ``NAME.svg`` for light pages, ``NAME.dark.svg`` for dark ones."""
    return f"{FIGURE_DIR}/{name}{'.dark' if dark else ''}.svg"


def table_csv_path(name: str) -> str:
    return f"{DATA_DIR}/{name}.csv"


def dataset_csv_path(name: str) -> str:
    return f"{DATA_DIR}/sources/{name}.csv"


def rel(page_src: str, target: str) -> str:
    """``target`` (a docs-relative path) as seen from the page ``page_src``."""
    return posixpath.relpath(target, posixpath.dirname(page_src) or ".")


def cell_text(value, col) -> str:
    if value is None:
        return "—"
    if col.fmt is not None and isinstance(value, int | float) and not isinstance(value, bool):
        return numbers.format_number(value, col.fmt)
    return str(value)


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown_table(t: Table) -> str:
    """A pipe table; numbers formatted by their column's spec."""
    heads = [c.header + (f" ({c.unit})" if c.unit else "") for c in t.columns]
    align = {"right": "---:", "left": ":---", "center": ":---:"}
    lines = [
        "| " + " | ".join(_md_escape(h) for h in heads) + " |",
        "| " + " | ".join(align[c.align] for c in t.columns) + " |",
    ]
    for row in t.rows:
        cells = [_md_escape(cell_text(v, c)) for v, c in zip(row, t.columns, strict=True)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def table_csv(t: Table) -> bytes:
    """The raw (unformatted) values of a table, as CSV."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([c.header + (f" [{c.unit}]" if c.unit else "") for c in t.columns])
    for row in t.rows:
        w.writerow(["" if v is None else (repr(v) if isinstance(v, float) else v) for v in row])
    return buf.getvalue().encode()


def value_text(out: Output) -> str:
    return numbers.format_number(out.result, out.artifact.fmt)


def render_value(out: Output, page_src: str) -> str:
    raw = repr(out.result)
    unit = f" {out.artifact.unit}" if out.artifact.unit else ""
    title = html.escape(f"{out.name} = {raw}{unit} (computed at build time)", quote=True)
    return f'<span class="rc-value" title="{title}">{value_text(out)}</span>'


def render_table(out: Output, page_src: str) -> str:
    """A table, then a caption like a figure's: sources, CSV download, provenance."""
    caption = (
        f'<div class="rc-caption" markdown="block">\n\n'
        f"**{_md_escape(out.artifact.title)}** · {_source_line(datasets_behind(out.artifact))} · "
        f"[Download CSV]({rel(page_src, table_csv_path(out.name))}) · `{out.name}`\n\n"
        f"{provenance(out, page_src)}\n\n</div>"
    )
    return (f'\n\n<div class="rc-table" markdown="block">\n\n{markdown_table(out.result)}\n\n'
            f"{caption}\n\n</div>\n\n")


def render_figure(out: Output, page_src: str) -> str:
    """A figure: both renderings inside a link that enlarges it, then a caption.

    Material shows an image whose address ends in ``#only-light`` on the light
    palette only, and ``#only-dark`` on the dark one, so the page switches with
    the reader's toggle. The link opens the SVG itself; ``recomputed.js`` turns
    it into an enlarged view in a dialog. The caption names the sources, and
    holds a provenance note (:func:`provenance`).
    """
    light = rel(page_src, figure_path(out.name))
    dark = rel(page_src, figure_path(out.name, dark=True))
    alt = out.alt.replace("[", "(").replace("]", ")").replace("\n", " ")
    width, height = svg_size(out.svg)
    attrs = f"{{ loading=lazy width={width} height={height} }}"  # no layout shift on load
    return (
        f'\n\n<figure class="rc-figure" markdown="block">\n\n'
        f"[![{alt}]({light}#only-light){attrs}![{alt}]({dark}#only-dark){attrs}]({light})"
        f'{{ .rc-zoom title="Show larger" }}\n\n'
        f'<figcaption markdown="block">\n\n'
        f"**{_md_escape(out.artifact.title)}** · {_source_line(datasets_behind(out.artifact))} · "
        f"[Data (CSV)]({rel(page_src, table_csv_path(out.name))}) · `{out.name}`\n\n"
        f"{provenance(out, page_src)}\n\n"
        f"</figcaption>\n\n</figure>\n\n"
    )


def svg_size(svg: bytes) -> tuple[int, int]:
    """Width and height in CSS pixels of a matplotlib SVG (it states them in points)."""
    m = re.search(rb'<svg[^>]*\swidth="([\d.]+)pt"[^>]*\sheight="([\d.]+)pt"', svg)
    if not m:
        raise ValueError("the figure's SVG does not state its width and height in points")
    return tuple(round(float(x) * 96 / 72) for x in m.groups())


def _short_cite(src: datafiles.Source) -> str:
    """``Kaplan et al. (2020)``: the first author, and "et al." when there are more."""
    first = src.authors.split(",")[0].split(" (")[0].strip()
    more = "," in src.authors or "et al" in src.authors
    return f"{first}{' et al.' if more else ''} ({src.year})"


def _sources(inputs) -> list[tuple[datafiles.Source, list[str]]]:
    """Each paper behind the data sets ``inputs`` (once), with the places its rows come from."""
    found: dict[tuple, tuple[datafiles.Source, set[str]]] = {}
    for name in inputs:
        ds = datafiles.load_shared(name)
        for src in ds.sources.values():
            where = {r.where for r in ds.rows if r.source == src.key}
            key = (src.paper, src.year)
            found.setdefault(key, (src, set()))[1].update(where)
    return [(src, sorted(where)) for src, where in found.values()]


def _source_line(inputs) -> str:
    if not inputs:
        return "Computed here: no data file"
    cites = [f"[{_short_cite(src)}]({src.link})" if src.link else _short_cite(src)
             for src, _ in _sources(inputs)]
    return "Source: " + "; ".join(cites)


def provenance(out: Output, page_src: str) -> str:
    """A collapsed note: the papers, the function, its parameters, the data files with their
    digests, the numbers plotted, and the artifact's cache key (the hash of all of these)."""
    art = out.artifact
    items = []
    for src, where in _sources(datasets_behind(art)):
        ident = f"arXiv:{src.arxiv}" if src.arxiv else "source"
        link = f", [{ident}]({src.link})" if src.link else ""
        items.append(f"- **Paper:** {_md_escape(src.authors)} ({src.year}), "
                     f"*{_md_escape(src.paper)}*{link}: {_md_escape('; '.join(where))}")
    items.append(f"- **Computed by:** `{art.module}.{art.func.__qualname__}`"
                 + ("" if not art.params else " with " + ", ".join(
                     f"`{k} = {v!r}`" for k, v in sorted(art.params.items()))))
    if art.reads:
        items.append("- **Reads:** " + ", ".join(f"`{n}`" for n in art.reads))
    for name in datasets_behind(art):
        items.append(f"- **Data file:** [`{name}`]({rel(page_src, 'data.md')}#{name}) "
                     f"([CSV]({rel(page_src, dataset_csv_path(name))}), SHA-256 "
                     f"`{datafiles.digest(name)[:12]}`)")
    what = "Numbers plotted" if art.kind == "figure" else "The table"
    items.append(f"- **{what}:** [`{out.name}.csv`]({rel(page_src, table_csv_path(out.name))})")
    items.append(f'- **Inputs\' hash:** <code title="{out.key}">{out.key[:12]}</code> '
                 "(the cache key: code, data, parameters and library versions)")
    return ('<details class="rc-provenance" markdown="block">\n'
            "<summary>Provenance</summary>\n\n" + "\n".join(items) + "\n\n</details>")


def claim_summary(out: Output) -> str:
    spec = out.artifact.claim
    verdict, detail = out.verdict
    computed = "—" if out.result is None else value_text(out)
    return f"Stated: {spec.stated}. Computed: {computed}. {VERDICT_LABEL[verdict]}: {detail}."


def render_claim(out: Output, page_src: str) -> str:
    verdict, _ = out.verdict
    title = html.escape(claim_summary(out), quote=True).replace('"', "&quot;")
    href = rel(page_src, "claims.md") + f"#{anchor(out.name)}"
    return f'[{VERDICT_LABEL[verdict]}]({href}){{ .rc-claim .rc-{verdict} title="{title}" }}'


def anchor(name: str) -> str:
    return "claim-" + name.replace(".", "-").replace("_", "-")


def render(out: Output, page_src: str) -> str:
    return {"value": render_value, "table": render_table, "figure": render_figure,
            "claim": render_claim}[out.artifact.kind](out, page_src)


def ledger(outputs: list[Output], cited_on: dict[str, str], page_src: str) -> str:
    """The Claims page: every claim, grouped by newsletter issue, with its verdict."""
    claims = [o for o in outputs if o.artifact.kind == "claim"]
    counts = defaultdict(int)
    for o in claims:
        counts[o.verdict[0]] += 1
    lines = [
        f"**{len(claims)} claims** checked at this build: "
        + ", ".join(f"{counts[v]} {VERDICT_LABEL[v].split(' ', 1)[1]}" for v in VERDICT_LABEL)
        + ".",
        "",
    ]
    by_issue = defaultdict(list)
    for o in claims:
        by_issue[o.artifact.claim.issue].append(o)
    for issue in sorted(by_issue, key=_issue_order):
        lines += [f"## {issue}", ""]
        for o in sorted(by_issue[issue], key=lambda o: (o.artifact.claim.summary, o.name)):
            spec = o.artifact.claim
            verdict, detail = o.verdict
            computed = "—" if o.result is None else value_text(o)
            where = cited_on.get(o.name)
            where_link = f"[discussed here]({rel(page_src, where)})" if where else "not cited"
            lines += [
                f'<div class="rc-ledger-entry rc-{verdict}" id="{anchor(o.name)}" markdown>',
                "",
                f"**{VERDICT_LABEL[verdict]}** · *{_md_escape(spec.summary)}* · {where_link}",
                "",
                f"- **Stated:** {spec.stated}",
                f"- **Computed:** {computed}"
                + (f" {o.artifact.unit}" if o.artifact.unit and o.result is not None else "")
                + f" — {detail}",
                f"- **How:** {spec.how or o.artifact.doc}",
                f"- **Artifact:** `{o.name}`"
                + (f" · checks `{o.artifact.reads[0]}`" if o.artifact.reads else "")
                + (" · data " + ", ".join(
                    f"[`{n}`]({rel(page_src, 'data.md')}#{n})"
                    for n in datasets_behind(o.artifact)) if datasets_behind(o.artifact) else ""),
                "",
                "</div>",
                "",
            ]
    return "\n".join(lines)


ISSUE_ORDER = ("GPT-3 issue", "Transfer issue")  # unnumbered issues, by date


def _issue_order(issue: str):
    """AN #125, #139, #140 in number order; then the unnumbered issues; then anything else."""
    import re

    m = re.fullmatch(r"AN #(\d+)", issue)
    if m:
        return (0, int(m.group(1)), issue)
    if issue in ISSUE_ORDER:
        return (1, ISSUE_ORDER.index(issue), issue)
    return (2, 0, issue)


def datasets_catalogue(names: list[str], page_src: str, data_dir=datafiles.DATA_DIR) -> str:
    """The Data page: every data set with its provenance, columns and units."""
    parts = []
    for name in names:
        ds = datafiles.load_shared(name, data_dir)
        parts += [
            f'### {ds.title} {{ #{name} }}',
            "",
            ds.description.strip(),
            "",
            f"[Download `{name}.csv`]({rel(page_src, dataset_csv_path(name))}) · "
            f"{len(ds)} rows · file `src/recomputed/data/{name}.csv`",
            "",
            "| Column | Type | Unit | Meaning |",
            "| :--- | :--- | :--- | :--- |",
        ]
        for c in ds.columns:
            parts.append(f"| `{c.name}` | {c.type} | {c.unit or '—'} | "
                         f"{_md_escape(c.description)} |")
        parts += ["", "Sources:", ""]
        for src in ds.sources.values():
            link = src.link
            ident = f"arXiv:{src.arxiv}" if src.arxiv else src.url
            where = sorted({r.where for r in ds.rows if r.source == src.key})
            parts.append(f"- {src.authors} ({src.year}), *{src.paper}*, [{ident}]({link}): "
                         + "; ".join(where))
        parts.append("")
    return "\n".join(parts)


def glossary(abbreviations_md: str) -> str:
    """The glossary page, from the same ``*[ABBR]: meaning`` lines that make the tooltips."""
    import re

    rows = re.findall(r"^\*\[(.+?)\]:\s*(.+)$", abbreviations_md, flags=re.M)
    lines = ["| Term | Meaning |", "| :--- | :--- |"]
    for abbr, meaning in sorted(rows, key=lambda r: r[0].lower()):
        lines.append(f"| **{_md_escape(abbr)}** | {_md_escape(meaning)} |")
    return "\n".join(lines)


def stats(outputs: list[Output], n_datasets: int) -> str:
    """One sentence on what this build computed, for the home page."""
    by_kind = defaultdict(int)
    verdicts = defaultdict(int)
    for o in outputs:
        by_kind[o.artifact.kind] += 1
        if o.verdict:
            verdicts[o.verdict[0]] += 1
    return (
        f"This build computed **{by_kind['figure']} figures**, **{by_kind['table']} tables** "
        f"and **{by_kind['value']} values** from **{n_datasets} data files**, and checked "
        f"**{by_kind['claim']} claims**: {verdicts['holds']} hold, {verdicts['fails']} do not, "
        f"and {verdicts['unchecked']} cannot be checked with public data."
    )
