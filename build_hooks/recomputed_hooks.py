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
- ``on_page_content``: turn TeX into MathML;
- ``on_env`` (every page rendered, nothing written yet): date each page from git and
  fill in the RSS feed of newsletter issues.
- ``on_startup``/``on_post_build``/``on_build_error``/``on_shutdown``: for ``mkdocs
  build`` and ``gh-deploy``, build into a staging folder and replace ``site/`` only
  when the build succeeds (``recomputed.site.sitedir``).

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
MODULES = {"cache": "engine.cache", "citations": "site.citations", "crossrefs": "site.crossrefs",
           "datafiles": "engine.datafiles", "engine": "engine.build", "explain": "engine.explain",
           "feed": "site.feed", "gitdates": "site.gitdates",
           "mathml": "site.mathml", "registry": "engine.registry", "render": "site.render"}
_state: dict = {}
_site = None  # a recomputed.site.sitedir.Staging for `mkdocs build` and `gh-deploy`, else None


def _fresh_engine() -> SimpleNamespace:
    """Import ``recomputed`` anew, so ``mkdocs serve`` computes with the code on disk.

    ``serve`` keeps one process across rebuilds; without this, an edited science
    module would be hashed as new but run as old, and the stale result cached.
    """
    for name in [m for m in sys.modules if m == "recomputed" or m.startswith("recomputed.")]:
        del sys.modules[name]
    linecache.clearcache()
    return SimpleNamespace(**{k: importlib.import_module(f"recomputed.{m}")
                              for k, m in MODULES.items()})


def on_startup(command, dirty):
    global _site
    sitedir = importlib.import_module("recomputed.site.sitedir")
    _site = sitedir.Staging() if sitedir.wanted(command, dirty) else None


class _ToMkDocs(logging.Handler):
    """Show the engine's own log records (e.g. a damaged cache entry discarded) in MkDocs'
    output. Warnings are printed, not passed to MkDocs' logger: the engine has already
    recovered (the entry is recomputed), and counting them under ``--strict`` would fail
    every CI run that restores the same damaged cache."""

    def emit(self, record):
        if record.levelno >= logging.WARNING:
            print(f"WARNING -  {record.getMessage()}", file=sys.stderr)
        else:
            log.handle(record)


@event_priority(100)  # first, so that every plugin writes into the staging folder
def on_config(config):
    engine_log = logging.getLogger("recomputed")
    if not any(type(h).__name__ == "_ToMkDocs" for h in engine_log.handlers):
        engine_log.addHandler(_ToMkDocs())
    _state.clear()
    _state["rc"] = _fresh_engine()
    # MkDocs' broken-link warnings name the page; this adds the line.
    importlib.import_module("recomputed.site.linklines").install(config["docs_dir"])
    if _site:
        _site.start(config)
    # Dates MkDocs writes (the sitemap) come from the last commit, not the clock.
    importlib.import_module("recomputed.site.reproducible").set_source_date_epoch(
        Path(config.config_file_path).parent)
    return config


@event_priority(-100)  # last: after every plugin (search index included) wrote its files
def on_post_build(config):
    if _site:
        _site.publish(config)


def on_build_error(error):
    if _site:
        _site.discard()


def on_shutdown():
    if _site:
        _site.discard()  # an interrupted build (Ctrl-C skips on_build_error)


@event_priority(50)  # before mkdocs-jupyter's on_files, which wraps .ipynb pages
def on_files(files, config):
    rc, cache = _state["rc"], _state["rc"].cache.Cache()
    _notebook_files(files, config)
    t0 = time.perf_counter()
    try:
        for name in rc.datafiles.available():  # every data set, whether an artifact reads it
            rc.datafiles.load_shared(name)
        outputs = rc.engine.build(cache=cache, jobs=rc.engine.default_jobs())
    except (rc.engine.BuildError, rc.datafiles.DataError, rc.registry.RegistryError) as exc:
        raise PluginError(f"recomputed: {exc}") from None
    fresh = sum(not o.cached for o in outputs.values())
    log.info(f"recomputed: {len(outputs)} artifacts, {fresh} computed, "
             f"{len(outputs) - fresh} from cache, {time.perf_counter() - t0:.1f} s")
    for line in rc.explain.lines(outputs.values(), group_new=True):
        log.info(line)
    if fresh:  # where a cold build's time goes (benchmarks/bench_build.py reads this line)
        slow = sorted((o for o in outputs.values() if not o.cached), key=lambda o: -o.seconds)
        log.info(f"recomputed: computing took {sum(o.seconds for o in slow):.1f} s in all; "
                 "slowest: " + ", ".join(f"{o.name} {o.seconds:.1f} s" for o in slow[:3]))

    cited: dict[str, str] = {}
    cites: dict[str, list[str]] = {}  # page -> names it cites, to date the page
    for f in files.documentation_pages():
        label = os.path.relpath(os.path.join(config["docs_dir"], f.src_uri))  # docs/x.md
        try:
            found = rc.citations.find(f.content_string, label)
            rc.citations.check(found, outputs, label)
        except rc.citations.CitationError as exc:
            raise PluginError(f"recomputed: {exc}") from None
        for c in found:
            cited.setdefault(c.name, f.src_uri)
        cites[f.src_uri] = [c.name for c in found]
    read = {dep for out in outputs.values() for dep in out.artifact.reads}
    for name in outputs:
        if name not in cited and name not in read:
            log.warning(f"recomputed: artifact {name!r} is registered but no page cites it, "
                        "and no artifact reads it")

    for out in outputs.values():
        if out.artifact.kind == "figure":
            files.append(File.generated(config, rc.render.figure_path(out.name), content=out.svg))
            files.append(File.generated(config, rc.render.figure_path(out.name, dark=True),
                                        content=out.svg_dark))
        if out.data is not None:
            files.append(File.generated(config, rc.render.table_csv_path(out.name),
                                        content=rc.render.table_csv(out.data)))
    for name in rc.datafiles.available():
        files.append(File.generated(config, rc.render.dataset_csv_path(name),
                                    content=(rc.datafiles.DATA_DIR / f"{name}.csv").read_bytes()))
    feed = File.generated(config, rc.feed.PATH, content=b"")  # filled in by on_env
    files.append(feed)
    _state.update(outputs=outputs, cited=cited, cites=cites, feed=feed,
                  issues=rc.crossrefs.known_issues())
    return files


def _notebook_files(files, config):
    """Swap each docs/notebooks/*.ipynb for its executed copy (run or cached by
    ``recomputed.site.notebooks``), which mkdocs-jupyter then renders without executing."""
    nbs = importlib.import_module("recomputed.site.notebooks")
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


def on_env(env, config, files):
    rc, docs = _state["rc"], Path(config.docs_dir)
    history = rc.gitdates.History.read(docs)
    if history is None:
        log.info("recomputed: no git history, so pages show no last-update date")
    elif history.shallow:
        log.info("recomputed: shallow clone, so page dates stop at its oldest commit")
    sources = rc.gitdates.citation_sources([o.artifact for o in _state["outputs"].values()],
                                           ABBREVIATIONS)
    items = []
    for f in files.documentation_pages():
        page, path = f.page, docs / f.src_uri
        cited = [p for name in _state["cites"].get(f.src_uri, []) for p in sources[name]]
        when = rc.gitdates.page_date(history, path, cited) if history else None
        if when:
            page.meta["git_revision_date_localized"] = rc.gitdates.iso_date(when)
        if f.src_uri.startswith("issues/"):
            items.append(rc.feed.Item(
                page.title, page.canonical_url or page.url,
                page.meta.get("description") or rc.feed.lead(page.content or ""),
                history.first_added(path) if history else None))
    site_url = config.site_url
    if not site_url:
        log.info("recomputed: site_url is not set, so the feed's links are relative")
    _state["feed"].content_bytes = rc.feed.rss(
        f"{config.site_name}: newsletter issues", site_url or "./",
        f"Alignment Newsletter issues as they are covered on {config.site_name}.",
        items, self_url=site_url and site_url + rc.feed.PATH)
