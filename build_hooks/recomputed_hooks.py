"""MkDocs adapter: compute artifacts with the engine, publish them, fill in citations.

No science here. The engine (``recomputed``) runs the same without MkDocs; this
file only moves its results into the site:

- ``on_config``: import the engine afresh (see :func:`_fresh_engine`);
- ``on_files``: build every artifact (cached), add figures and CSVs as virtual
  files (nothing is written into ``docs/``), scan all pages for citations,
  fail on an unknown one with ``docs/page.md:line``, warn about artifacts no page
  cites (an error under ``--strict``);
- ``on_page_markdown``: replace each ``<!-- rc:NAME -->`` with its rendering, and link
  mentions of newsletter issues ("AN #87");
- ``on_page_content``: turn TeX into MathML.

After editing this file, restart ``mkdocs serve`` (it imports hooks once).
"""

from __future__ import annotations

import importlib
import linecache
import logging
import os
import sys
import time
from pathlib import Path
from types import SimpleNamespace

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

log = logging.getLogger("mkdocs.hooks.recomputed")
ABBREVIATIONS = Path(__file__).parent.parent / "includes" / "abbreviations.md"
MODULES = ("cache", "citations", "crossrefs", "datafiles", "engine", "mathml", "registry",
           "render")
_state: dict = {}


def _fresh_engine() -> SimpleNamespace:
    """Import ``recomputed`` anew, so ``mkdocs serve`` computes with the code on disk.

    ``serve`` keeps one process across rebuilds; without this, an edited science
    module would be hashed as new but run as old, and the stale result cached.
    """
    for name in [m for m in sys.modules if m == "recomputed" or m.startswith("recomputed.")]:
        del sys.modules[name]
    linecache.clearcache()
    return SimpleNamespace(**{m: importlib.import_module(f"recomputed.{m}") for m in MODULES})


def on_config(config):
    _state.clear()
    _state["rc"] = _fresh_engine()
    return config


@event_priority(50)  # before mkdocs-jupyter's on_files, which wraps .ipynb pages
def on_files(files, config):
    _notebook_files(files, config)
    rc = _state["rc"]
    t0 = time.perf_counter()
    try:
        outputs = rc.engine.build(cache=rc.cache.Cache(), jobs=rc.engine.default_jobs())
    except (rc.engine.BuildError, rc.datafiles.DataError, rc.registry.RegistryError) as exc:
        raise PluginError(f"recomputed: {exc}") from None
    fresh = sum(not o.cached for o in outputs.values())
    log.info(f"recomputed: {len(outputs)} artifacts, {fresh} computed, "
             f"{len(outputs) - fresh} from cache, {time.perf_counter() - t0:.1f} s")
    if fresh:  # where a cold build's time goes (benchmarks/bench_build.py reads this line)
        slow = sorted((o for o in outputs.values() if not o.cached), key=lambda o: -o.seconds)
        log.info(f"recomputed: computing took {sum(o.seconds for o in slow):.1f} s in all; "
                 "slowest: " + ", ".join(f"{o.name} {o.seconds:.1f} s" for o in slow[:3]))

    cited: dict[str, str] = {}
    for f in files.documentation_pages():
        label = os.path.relpath(os.path.join(config["docs_dir"], f.src_uri))  # docs/x.md
        try:
            found = rc.citations.find(f.content_string, label)
            rc.citations.check(found, outputs, label)
        except rc.citations.CitationError as exc:
            raise PluginError(f"recomputed: {exc}") from None
        for c in found:
            cited.setdefault(c.name, f.src_uri)
    for name in outputs:
        if name not in cited:
            log.warning(f"recomputed: artifact {name!r} is registered but no page cites it")

    for out in outputs.values():
        if out.artifact.kind == "figure":
            files.append(File.generated(config, rc.render.figure_path(out.name), content=out.svg))
        if out.data is not None:
            files.append(File.generated(config, rc.render.table_csv_path(out.name),
                                        content=rc.render.table_csv(out.data)))
    for name in rc.datafiles.available():
        files.append(File.generated(config, rc.render.dataset_csv_path(name),
                                    content=(rc.datafiles.DATA_DIR / f"{name}.csv").read_bytes()))
    _state.update(outputs=outputs, cited=cited, issues=rc.crossrefs.known_issues())
    return files


def _notebook_files(files, config):
    """Swap each docs/notebooks/*.ipynb for its executed copy (run or cached by
    ``recomputed.notebooks``), which mkdocs-jupyter then renders without executing."""
    nbs = importlib.import_module("recomputed.notebooks")
    cache_dir = Path(config.config_file_path).parent / nbs.CACHE_DIR
    for f in [f for f in files if f.src_uri.startswith("notebooks/")
              and f.src_uri.endswith(".ipynb") and f.abs_src_path]:
        t0 = time.perf_counter()
        try:
            executed, cached = nbs.execute(Path(f.abs_src_path), cache_dir=cache_dir)
        except nbs.NotebookError as exc:
            raise PluginError(f"recomputed: {exc}") from None
        log.info(f"recomputed: notebook {f.src_uri} "
                 f"{'from cache' if cached else 'executed'}, {time.perf_counter() - t0:.1f} s")
        # A real File rooted in the cache (not File.generated): mkdocs-jupyter's wrapper
        # recomputes abs_src_path from src_dir, which a generated file does not have.
        root = executed.parents[len(Path(f.src_uri).parts) - 1]
        files.remove(f)
        files.append(File(f.src_uri, src_dir=str(root), dest_dir=config.site_dir,
                          use_directory_urls=config.use_directory_urls))


def on_page_markdown(markdown, page, config, files):
    rc, outputs, src = _state["rc"], _state["outputs"], page.file.src_uri

    def one(name: str) -> str:
        if name == "ledger":
            return rc.render.ledger(list(outputs.values()), _state["cited"], src)
        if name == "datasets":
            return rc.render.datasets_catalogue(rc.datafiles.available(), src)
        if name == "stats":
            return rc.render.stats(list(outputs.values()), len(rc.datafiles.available()))
        if name == "glossary":
            return rc.render.glossary(ABBREVIATIONS.read_text(encoding="utf-8"))
        return rc.render.render(outputs[name], src)

    markdown = rc.citations.replace(markdown, one)
    return rc.crossrefs.link_mentions(markdown, src, _state["issues"])


def on_page_content(html, page, config, files):
    mathml = _state["rc"].mathml
    try:
        if page.file.src_uri.endswith(".ipynb"):
            html = mathml.convert_notebook_html(html)
        return mathml.convert_html(html)
    except mathml.MathError as exc:
        raise PluginError(f"recomputed: {page.file.src_uri}: {exc}") from None
