"""Turn computed artifacts into Markdown for pages, and into CSV for downloads.

:func:`render` is what a citation ``<!-- rc:NAME -->`` becomes: a value, a table, a
figure or a claim's verdict mark. Links are relative to the citing page (see
:mod:`recomputed.site.paths`), so MkDocs can check them.

Each figure is published under ``figures/`` as ``NAME.svg`` and ``NAME.dark.svg`` (laid
out for the content column), ``NAME.narrow.svg`` and ``NAME.narrow.dark.svg`` (for
phones), ``NAME.points.json`` (its drawn points, read by ``figure-values.js``) and
``NAME.png``: the wide rendering on white, 1200 px across, deterministic, for a page's
link preview (Open Graph ``og:image``, Twitter ``twitter:image``); see
:func:`render_figure` and :func:`recomputed.engine.plotting.renderings`.
"""

from __future__ import annotations

import csv
import html
import io
import re

from recomputed.engine import numbers
from recomputed.engine.estimates import Estimate, interval
from recomputed.engine.registry import Table, datasets_behind
from recomputed.engine.results import Output
from recomputed.site.escape import md_text
from recomputed.site.paths import (
    DEFAULT,
    Places,
    claim_anchor,
    figure_file,
    mark_anchor,
    md_escape,
    rel,
    table_csv_path,
    url_rel,
)
from recomputed.site.provenance import provenance, source_line

MAX_TABLE_ROWS = 300  # rows a page may show of a table (this site's longest: about 60)


class TooLargeError(ValueError):
    """A table with more rows than a page should show; ``name`` is the artifact's."""

    def __init__(self, message: str, name: str):
        super().__init__(message)
        self.name = name


VERDICT_LABEL = {"holds": "✓ holds", "fails": "✗ does not hold",
                 "inconclusive": "≈ inconclusive", "unchecked": "? not checkable"}


def cell_text(value, col) -> str:
    if value is None:
        return "—"
    if col.fmt is not None and isinstance(value, int | float) and not isinstance(value, bool):
        return numbers.format_number(value, col.fmt)
    return str(value)


def shown_order(t: Table, *, detail: bool = True) -> list[int]:
    """Column indices in the order a page shows them: the first column (it names the
    rows), then the columns that carry the conclusion (``lead``), then the rest in their
    own order; ``detail=False`` leaves out the raw detail columns."""
    cols = t.columns
    rest = range(1, len(cols))
    return ([0] if cols else []) + [i for i in rest if cols[i].lead] + [
        i for i in rest if not cols[i].lead and (detail or not cols[i].detail)]


def markdown_table(t: Table, order: list[int] | None = None) -> str:
    """A pipe table of the columns in ``order`` (default: all, in the data's order);
    numbers formatted by their column's spec."""
    order = list(range(len(t.columns))) if order is None else order
    cols = [t.columns[i] for i in order]
    heads = [c.header + (f" ({c.unit})" if c.unit else "") for c in cols]
    align = {"right": "---:", "left": ":---", "center": ":---:"}
    lines = [
        "| " + " | ".join(md_text(h) for h in heads) + " |",
        "| " + " | ".join(align[c.align] for c in cols) + " |",
    ]
    for row in t.rows:
        # Text cells often come from data files: published as their characters, never markup.
        cells = [md_text(cell_text(row[i], t.columns[i])) for i in order]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def page_table(t: Table) -> str:
    """A table as a page shows it: the conclusion next to the row names and, when some
    columns are raw detail, the whole table again inside a disclosure under it."""
    main = markdown_table(t, shown_order(t, detail=False))
    hidden = len(t.columns) - len(shown_order(t, detail=False))
    if not hidden:
        return main
    return (f'{main}\n\n<details class="rc-table-all" markdown="block">\n'
            f"<summary>All {len(t.columns)} columns ({hidden} more)</summary>\n\n"
            f"{markdown_table(t, shown_order(t))}\n\n</details>")


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


def range_text(out: Output) -> str:
    """``"78.6% to 82.1%"``: the interval of a value that is an :class:`Estimate`."""
    lo, hi = (numbers.format_number(x, out.artifact.fmt) for x in interval(out.result))
    return f"{lo} to {hi}"


def render_value(out: Output, page_src: str, places: Places = DEFAULT) -> str:
    """The number, with its name, unrounded value and interval (if any) on hover."""
    raw = repr(float(out.result))
    unit = f" {out.artifact.unit}" if out.artifact.unit else ""
    extra = (f"; {out.result.why}: {range_text(out)}" if isinstance(out.result, Estimate)
             else "")
    # For a reader first (the unrounded number), then for a contributor (its name).
    title = html.escape(f"{raw}{unit}, computed at build time{extra} ({out.name})", quote=True)
    # Focusable, so a keyboard reaches the explanation too (shown on focus: Material's
    # tooltip, or the CSS one; see accessibility.js).
    return f'<span class="rc-value" tabindex="0" title="{title}">{value_text(out)}</span>'


def render_table(out: Output, page_src: str, places: Places = DEFAULT) -> str:
    """A table, then a caption like a figure's: sources, CSV download, provenance."""
    if len(out.result.rows) > MAX_TABLE_ROWS:
        raise TooLargeError(
            f"table {out.name!r} has {len(out.result.rows):,} rows, more than the "
            f"{MAX_TABLE_ROWS:,} a page may show; aggregate it in the artifact (bin, average "
            "or keep the rows a reader needs), or cite a figure of it instead", out.name)
    sources = source_line(datasets_behind(out.artifact), places.data_dir)
    caption = (
        f'<div class="rc-caption" markdown="block">\n\n'
        f"**{md_escape(out.artifact.title)}** · {sources} · "
        f"[Download CSV]({rel(page_src, table_csv_path(out.name))}) · `{out.name}`\n\n"
        f"{provenance(out, page_src, places)}\n\n</div>"
    )
    return (f'\n\n<div class="rc-table" markdown="block">\n\n{page_table(out.result)}\n\n'
            f"{caption}\n\n</div>\n\n")


NARROW_MEDIA = "(max-width: 600px)"  # screens that get a figure's narrow rendering


def render_figure(out: Output, page_src: str, places: Places = DEFAULT) -> str:
    """A figure: its renderings inside a link that enlarges it, then a caption.

    A ``<picture>`` per palette, of which a reader's browser shows and loads one file:

    - Material shows an image whose address ends in ``#only-light`` on the light palette
      only, and ``#only-dark`` on the dark one, so the page switches with the reader's
      toggle (the hidden one is lazy, so it is not loaded);
    - each holds the wide rendering, drawn for the content column, and a ``<source>``
      with the narrow one, drawn for phones (:mod:`recomputed.engine.plotting`), for
      screens of :data:`NARROW_MEDIA` (there the column is 568 px or less, and the wide
      rendering's smallest text would fall under 9.5 px).

    The ``<img>`` is Markdown, so MkDocs checks its link; the ``<source>`` is raw HTML,
    whose ``srcset`` is written relative to the page as served
    (:func:`recomputed.site.paths.url_rel`).

    The link opens the SVG itself; ``recomputed.js`` turns it into an enlarged view in
    a dialog, and ``figure-values.js`` reads exact values from ``NAME.points.json``
    beside the SVGs. The caption names the sources, and holds a provenance note
    (:func:`recomputed.site.provenance.provenance`).

    Published with each figure, under ``figures/``: ``NAME.svg`` and ``NAME.dark.svg``
    (wide), ``NAME.narrow.svg`` and ``NAME.narrow.dark.svg``, ``NAME.points.json``, and
    ``NAME.png``: the wide rendering on white, 1200 px across, for link previews
    (Open Graph ``og:image``).
    """
    alt = md_text(out.alt.replace("[", "(").replace("]", ")"))
    files = out.figure_files
    pictures = []
    for wide, narrow, palette in (("svg", "narrow.svg", "only-light"),
                                  ("dark.svg", "narrow.dark.svg", "only-dark")):
        width, height = svg_size(files[wide])
        n_width, n_height = svg_size(files[narrow])
        srcset = url_rel(page_src, figure_file(out.name, narrow), places.directory_urls)
        pictures.append(
            f'<picture><source media="{NARROW_MEDIA}" srcset="{html.escape(srcset)}" '
            f'width="{n_width}" height="{n_height}">'
            f"![{alt}]({rel(page_src, figure_file(out.name, wide))}#{palette})"
            f"{{ loading=lazy width={width} height={height} }}</picture>")  # no layout shift
    light = rel(page_src, figure_file(out.name, "svg"))
    sources = source_line(datasets_behind(out.artifact), places.data_dir)
    return (
        f'\n\n<figure class="rc-figure" markdown="block">\n\n'
        f"[{''.join(pictures)}]({light})"
        f'{{ .rc-zoom title="Show larger" }}\n\n'
        f'<figcaption markdown="block">\n\n'
        f"**{md_escape(out.artifact.title)}** · {sources} · "
        f"[Data (CSV)]({rel(page_src, table_csv_path(out.name))}) · `{out.name}`\n\n"
        f"{provenance(out, page_src, places)}\n\n"
        f"</figcaption>\n\n</figure>\n\n"
    )


def svg_size(svg: bytes) -> tuple[int, int]:
    """Width and height in CSS pixels of a matplotlib SVG (it states them in points)."""
    m = re.search(rb'<svg[^>]*\swidth="([\d.]+)pt"[^>]*\sheight="([\d.]+)pt"', svg)
    if not m:
        raise ValueError("the figure's SVG does not state its width and height in points")
    return tuple(round(float(x) * 96 / 72) for x in m.groups())


def claim_summary(out: Output) -> str:
    spec = out.artifact.claim
    verdict, detail = out.verdict
    computed = "—" if out.result is None else value_text(out)
    return f"Stated: {spec.stated}. Computed: {computed}. {VERDICT_LABEL[verdict]}: {detail}."


def render_claim(out: Output, page_src: str, places: Places = DEFAULT) -> str:
    """The computed number, then a small verdict mark linked to the claim's entry in the
    ledger if the site has one. The number is always shown: a verdict alone would leave
    the reader to guess what was checked."""
    verdict, _ = out.verdict
    number = "" if out.result is None else render_value(out, page_src, places)
    # A percent sign is part of how the number is written; other units stay in the prose.
    number += "%" * (out.artifact.unit == "%" and out.result is not None) + " " * bool(number)
    title = html.escape(claim_summary(out), quote=True).replace('"', "&quot;")
    at = mark_anchor(out.name)
    if places.claims_page is None:
        return (f'{number}<span class="rc-claim rc-{verdict}" id="{at}" title="{title}">'
                f"{VERDICT_LABEL[verdict]}</span>")
    href = rel(page_src, places.claims_page) + f"#{claim_anchor(out.name)}"
    return (f'{number}[{VERDICT_LABEL[verdict]}]({href})'
            f'{{ #{at} .rc-claim .rc-{verdict} title="{title}" }}')


def render(out: Output, page_src: str, places: Places = DEFAULT) -> str:
    """The Markdown a citation of ``out`` on the page ``page_src`` becomes."""
    return {"value": render_value, "table": render_table, "figure": render_figure,
            "claim": render_claim}[out.artifact.kind](out, page_src, places)
