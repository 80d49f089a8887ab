"""MkDocs adapter: compute artifacts with the engine, publish them, fill in citations.

No science here. The engine (``recomputed``) runs the same without MkDocs; this
file only moves its results into the site:

- ``on_files``: build every artifact (cached), add figures and CSVs as virtual
  files (nothing is written into ``docs/``), scan all pages for citations,
  fail on an unknown one with ``page.md:line``, warn about artifacts no page cites
  (an error under ``--strict``);
- ``on_page_markdown``: replace each ``<!-- rc:NAME -->`` with its rendering, and link
  mentions of newsletter issues ("AN #87");
- ``on_page_content``: turn TeX into MathML.

After editing this file, restart ``mkdocs serve`` (it imports hooks once).
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from recomputed import citations, crossrefs, datafiles, engine, mathml, registry, render
from recomputed.cache import Cache

log = logging.getLogger("mkdocs.hooks.recomputed")
ABBREVIATIONS = Path(__file__).parent.parent / "includes" / "abbreviations.md"
_state: dict = {}


def on_files(files, config):
    t0 = time.perf_counter()
    jobs = int(os.environ.get("RECOMPUTED_JOBS", "2"))
    try:
        outputs = engine.build(cache=Cache(), jobs=jobs)
    except (engine.BuildError, datafiles.DataError, registry.RegistryError) as exc:
        raise PluginError(f"recomputed: {exc}") from None
    fresh = [o.name for o in outputs.values() if not o.cached]
    log.info(f"recomputed: {len(outputs)} artifacts, {len(fresh)} computed, "
             f"{len(outputs) - len(fresh)} from cache, {time.perf_counter() - t0:.1f} s")

    cited: dict[str, str] = {}
    for f in files.documentation_pages():
        label = os.path.relpath(os.path.join(config["docs_dir"], f.src_uri))  # docs/x.md
        try:
            found = citations.find(f.content_string, label)
            citations.check(found, outputs, label)
        except citations.CitationError as exc:
            raise PluginError(f"recomputed: {exc}") from None
        for c in found:
            cited.setdefault(c.name, f.src_uri)
    for name in outputs:
        if name not in cited:
            log.warning(f"recomputed: artifact {name!r} is registered but no page cites it")

    for out in outputs.values():
        if out.artifact.kind == "figure":
            files.append(File.generated(config, render.figure_path(out.name), content=out.svg))
        if out.data is not None:
            files.append(File.generated(config, render.table_csv_path(out.name),
                                        content=render.table_csv(out.data)))
    for name in datafiles.available():
        csv_path = datafiles.DATA_DIR / f"{name}.csv"
        files.append(File.generated(config, render.dataset_csv_path(name),
                                    content=csv_path.read_bytes()))
    _state.update(outputs=outputs, cited=cited, issues=crossrefs.known_issues())
    return files


def on_page_markdown(markdown, page, config, files):
    outputs, src = _state["outputs"], page.file.src_uri

    def one(name: str) -> str:
        if name == "ledger":
            return render.ledger(list(outputs.values()), _state["cited"], src)
        if name == "datasets":
            return render.datasets_catalogue(datafiles.available(), src)
        if name == "stats":
            return render.stats(list(outputs.values()), len(datafiles.available()))
        if name == "glossary":
            return render.glossary(ABBREVIATIONS.read_text(encoding="utf-8"))
        return render.render(outputs[name], src)

    markdown = citations.replace(markdown, one)
    return crossrefs.link_mentions(markdown, src, _state["issues"])


def on_page_content(html, page, config, files):
    try:
        return mathml.convert_html(html)
    except mathml.MathError as exc:
        raise PluginError(f"recomputed: {page.file.src_uri}: {exc}") from None
