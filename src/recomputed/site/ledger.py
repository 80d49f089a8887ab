"""The claims ledger (``<!-- rc:ledger -->``) and the build's one-line summary (``rc:stats``).

The ledger lists every claim with its verdict, grouped by where it was stated (a
claim's ``issue``); each entry carries the anchor that verdict marks link to
(:func:`recomputed.site.paths.claim_anchor`).
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Callable

from recomputed.engine.registry import datasets_behind
from recomputed.engine.results import Output
from recomputed.site.paths import DEFAULT, Places, claim_anchor, mark_anchor, md_escape, rel
from recomputed.site.provenance import data_file_link
from recomputed.site.render import VERDICT_LABEL, value_text


def natural_order(group: str) -> list:
    """Sort key that compares the numbers inside names as numbers (``AN #99`` < ``AN #125``)."""
    return [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"(\d+)", group)]


def ledger(outputs: list[Output], cited_on: dict[str, str], page_src: str,
           places: Places = DEFAULT, order: Callable[[str], object] = natural_order) -> str:
    """Every claim, grouped by where it was stated (groups sorted by ``order``), with its
    verdict, the page that discusses it (``cited_on``: name -> page) and how it is checked."""
    claims = [o for o in outputs if o.artifact.kind == "claim"]
    counts = defaultdict(int)
    for o in claims:
        counts[o.verdict[0]] += 1
    plural = {"holds": "hold", "fails": "do not hold", "inconclusive": "are inconclusive",
              "unchecked": "cannot be checked"}
    singular = {"holds": "holds", "fails": "does not hold", "inconclusive": "is inconclusive",
                "unchecked": "cannot be checked"}
    lines = [
        f"**{len(claims)} claim{'s' * (len(claims) != 1)}** checked at this build: "
        + ", ".join(f"{counts[v]} {(singular if counts[v] == 1 else plural)[v]}"
                    for v in VERDICT_LABEL) + ".",
        "",
    ]
    lines += summary(claims)
    by_issue = defaultdict(list)
    for o in claims:
        by_issue[o.artifact.claim.issue].append(o)
    for issue in sorted(by_issue, key=order):
        lines += [f"## {issue}", ""]
        for o in sorted(by_issue[issue], key=lambda o: (o.artifact.claim.summary, o.name)):
            lines += _entry(o, cited_on.get(o.name), page_src, places)
    return "\n".join(lines)


FIRST = ("fails", "inconclusive", "unchecked", "holds")  # the claims that do not hold first
FILTER_LABEL = {"fails": "do not hold", "inconclusive": "inconclusive",
                "unchecked": "not checkable", "holds": "hold"}


def summary(claims: list[Output]) -> list[str]:
    """One table of every claim (verdict, claim, stated, computed, where stated), those that
    do not hold first, with a filter by verdict. The filter is radio buttons that CSS
    reads (``:has``), so it needs no script; without CSS support every row shows."""
    counts = defaultdict(int)
    for o in claims:
        counts[o.verdict[0]] += 1
    radios = ['<input type="radio" name="rc-filter" id="rc-filter-all" checked>'
              f'<label for="rc-filter-all">all {len(claims)}</label>']
    for v in FIRST:
        radios.append(f'<input type="radio" name="rc-filter" id="rc-filter-{v}">'
                      f'<label for="rc-filter-{v}">{counts[v]} {FILTER_LABEL[v]}</label>')
    rows = []
    order = {v: i for i, v in enumerate(FIRST)}
    for o in sorted(claims, key=lambda o: (order[o.verdict[0]], o.artifact.claim.issue, o.name)):
        spec, verdict = o.artifact.claim, o.verdict[0]
        stated = "—" if verdict == "unchecked" else html.escape(spec.stated_text(brief=True))
        computed = "—" if o.result is None else html.escape(
            value_text(o) + (f" {o.artifact.unit}" if o.artifact.unit else ""))
        rows.append(
            f'<tr class="rc-row-{verdict}"><td class="rc-{verdict}">{VERDICT_LABEL[verdict]}'
            f'</td><td><a href="#{claim_anchor(o.name)}">{html.escape(spec.stated)}</a></td>'
            # A no-break space: the issue stays on one line, and "AN #87" in raw HTML is not
            # turned into a Markdown link by a site's hooks.
            f"<td>{stated}</td><td>{computed}</td>"
            f"<td>{html.escape(spec.issue).replace(' ', '&nbsp;')}</td></tr>")
    return [
        '<div class="rc-claims-summary">',
        '<fieldset class="rc-filter"><legend>Show</legend>' + "".join(radios) + "</fieldset>",
        '<div class="rc-table-scroll" tabindex="0"><table class="rc-summary-table">',
        "<thead><tr><th>Verdict</th><th>Claim</th><th>Stated range</th><th>Computed</th>"
        "<th>Stated in</th></tr></thead>",
        "<tbody>", *rows, "</tbody></table></div>", "</div>", "",
    ]


def _entry(o: Output, where: str | None, page_src: str, places: Places) -> list[str]:
    spec = o.artifact.claim
    verdict, detail = o.verdict
    computed = "—" if o.result is None else value_text(o)
    where_link = (f"[discussed here]({rel(page_src, where)}#{mark_anchor(o.name)})" if where
                  else "not cited")
    data = datasets_behind(o.artifact)
    return [
        f'<div class="rc-ledger-entry rc-{verdict}" id="{claim_anchor(o.name)}" markdown>',
        "",
        f"**{VERDICT_LABEL[verdict]}** · *{md_escape(spec.summary)}* · {where_link}",
        "",
        f"- **Stated:** {spec.stated}",
        f"- **Computed:** {computed}"
        + (f" {o.artifact.unit}" if o.artifact.unit and o.result is not None else "")
        + f" — {detail}",
        f"- **How:** {spec.how or o.artifact.doc}",
        f"- **Artifact:** `{o.name}`"
        + (f" · checks `{o.artifact.reads[0]}`" if o.artifact.reads else "")
        + (" · data " + ", ".join(data_file_link(n, page_src, places) for n in data)
           if data else ""),
        "",
        "</div>",
        "",
    ]


def stats(outputs: list[Output], n_datasets: int) -> str:
    """One sentence on what the pages show (``outputs``: those cited, and every claim), for a
    home page."""
    by_kind = defaultdict(int)
    verdicts = defaultdict(int)
    for o in outputs:
        by_kind[o.artifact.kind] += 1
        if o.verdict:
            verdicts[o.verdict[0]] += 1
    return (
        f"This build computed the **{by_kind['figure']} figures**, **{by_kind['table']} "
        f"tables** and **{by_kind['value']} values** on these pages from **{n_datasets} data "
        f"files**, and checked "
        f"**{by_kind['claim']} claims**: {verdicts['holds']} hold, {verdicts['fails']} do not, "
        f"{verdicts['inconclusive']} are inconclusive within the precision of what was "
        f"stated and computed, and {verdicts['unchecked']} cannot be checked with public data."
    )
