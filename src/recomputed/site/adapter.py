"""What the ``recomputed`` plugin does at each MkDocs event, for any site.

No science here, and nothing of one site: the engine computes, this moves its
results into the site. :class:`Adapter` is made afresh for every build by
:class:`recomputed.site.plugin.RecomputedPlugin`, from freshly imported modules.

- ``on_config``: stop at once if a Markdown extension the renderings need is
  missing; show the engine's log; add line numbers to broken-link warnings; take
  the build date from the last commit;
- ``on_files``: check every data set, build every artifact (cached), execute the
  notebooks (cached), add
  figures and CSVs as virtual files (nothing is written into ``docs/``), scan all
  pages for citations, fail on an unknown one with ``docs/page.md:line``, warn about
  artifacts no page cites (an error under ``--strict``);
- ``on_page_markdown``: replace each ``<!-- rc:NAME -->`` with its rendering;
- ``on_page_content``: turn TeX into MathML;
- ``on_env`` (every page rendered, nothing written yet): date each page from git.

For a site's own hooks (they run after the plugin's handler of the same event; the
adapter is ``config.plugins["recomputed"].adapter``):

- :meth:`Adapter.add_citation` (in ``on_config``) adds a special citation
  ``<!-- rc:NAME -->``: a function of the citing page that returns Markdown, and the
  files it is made from (they date the pages that cite it);
- :attr:`Adapter.ledger_order` (in ``on_config``) sorts the ledger's groups;
- :meth:`Adapter.dataset` loads one of the site's data sets (from ``on_files`` on);
- :attr:`Adapter.history` is the site's git history (in ``on_env``; ``None`` outside git).
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from recomputed.engine import build as engine
from recomputed.engine import datafiles, explain, keys, registry
from recomputed.engine.cache import Cache
from recomputed.site import (
    catalogue,
    citations,
    gitdates,
    ledger,
    linklines,
    mathml,
    notebooks,
    reproducible,
    tree,
)
from recomputed.site.paths import Places, dataset_csv_path, figure_file, table_csv_path
from recomputed.site.render import TooLargeError, render, table_csv

log = logging.getLogger("mkdocs.plugins.recomputed")
# What the renderings are written with: attributes on links and images ({ .rc-claim }),
# Markdown inside <figure> and <div> (markdown="block"), and pipe tables.
NEEDED_EXTENSIONS = ("attr_list", "md_in_html", "tables")
IN_EXTRA = {"abbr", "attr_list", "def_list", "fenced_code", "footnotes", "md_in_html", "tables"}
PAGE_OPTIONS = {"ledger": "claims_page", "datasets": "data_page"}


def missing_extensions(configured: Iterable) -> list[str]:
    """The :data:`NEEDED_EXTENSIONS` that MkDocs' ``markdown_extensions`` lacks."""
    have = set()
    for ext in configured:
        name = ext if isinstance(ext, str) else type(ext).__module__
        name = name.removeprefix("markdown.extensions.")
        have |= IN_EXTRA if name == "extra" else {name}
    return [e for e in NEEDED_EXTENSIONS if e not in have]


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


def _page_at(page, text: str) -> str:
    """``docs/x.md:LINE`` where ``text`` first appears in the page's source (as citation
    errors name pages), or the page alone."""
    return linklines.where_in(page.file.abs_src_path, text) or page.file.src_uri


class Adapter:
    """One build of one site, configured by the plugin's options (see
    :class:`recomputed.site.plugin.RecomputedConfig`)."""

    def __init__(self, options, config) -> None:
        self._notebook_dir: tempfile.TemporaryDirectory | None = None
        self.root = Path(config.config_file_path or ".").resolve().parent
        self.modules = tuple(options.modules)
        self.data_dir = Path(options.data_dir)
        # The environment wins, as for the `recomputed` command: CI and tests share a cache.
        self.cache_dir = Path(os.environ.get("RECOMPUTED_CACHE") or options.cache_dir)
        self.jobs = (engine.default_jobs() if os.environ.get("RECOMPUTED_JOBS")
                     or not options.jobs else options.jobs)
        self.places = Places(self.data_dir, options.claims_page, options.data_page,
                             directory_urls=config.use_directory_urls)
        self.notebooks = options.notebooks.strip("/")
        if "/" in self.notebooks:  # executed copies are cached as KEY/<folder>/<name>.ipynb
            raise PluginError("recomputed: the plugin's option notebooks must name a folder "
                              f"at the top of docs/, not {options.notebooks!r}")
        self.specials: dict[str, tuple[Callable[[str], str], frozenset[Path]]] = {}
        self.ledger_order: Callable[[str], object] = ledger.natural_order
        self.outputs: dict[str, engine.Output] = {}
        self.cited: dict[str, str] = {}  # name -> first page that cites it
        self.cites: dict[str, list[str]] = {}  # page -> names it cites, to date the page
        self.history: gitdates.History | None = None
        self.tree = tree.Tree.from_env()  # set by `recomputed render` (site/tree.py)

    # -- for a site's hooks ----------------------------------------------------------------

    def add_citation(self, name: str, render: Callable[[str], str],
                     sources: Iterable[Path] = ()) -> None:
        """Let pages cite ``<!-- rc:NAME -->``: it becomes ``render(page_src)`` (Markdown;
        ``page_src`` is the citing page, docs-relative), and pages that cite it are dated
        by the files ``sources`` too."""
        if name in citations.BUILTIN:
            raise PluginError(f"recomputed: {name!r} is a built-in citation")
        self.specials[name] = (render, frozenset(Path(p) for p in sources))

    def dataset(self, name: str) -> datafiles.Dataset:
        """The site's data set ``name``, loaded and checked once per build."""
        return datafiles.load_shared(name, self.data_dir)

    # -- events ----------------------------------------------------------------------------

    def on_config(self, config) -> None:
        missing = missing_extensions(config.markdown_extensions)
        if missing:
            names = " and ".join(f"'{m}'" for m in missing)
            items = " and ".join(f'"- {m}"' for m in missing)
            raise PluginError(
                f"recomputed: the plugin needs the Markdown extension{'s' * (len(missing) > 1)}"
                f" {names}; add {items} under \"markdown_extensions:\" in mkdocs.yml")
        engine_log = logging.getLogger("recomputed")
        if not any(type(h).__name__ == "_ToMkDocs" for h in engine_log.handlers):
            engine_log.addHandler(_ToMkDocs())
        # MkDocs' broken-link warnings name the page; this adds the line.
        linklines.install(config["docs_dir"])
        # Dates MkDocs writes (the sitemap) come from the last commit, not the clock.
        reproducible.set_source_date_epoch(self.root)

    def on_files(self, files, config):
        # Data first (a mistake there shows in a second), then the artifacts (each stored
        # as it is computed), then the notebooks, which take longest and read the same data.
        t0 = time.perf_counter()
        try:
            for name in datafiles.available(self.data_dir):  # each, whether or not it is read
                datafiles.load_shared(name, self.data_dir)
            outputs = engine.build(cache=Cache(self.cache_dir), data_dir=self.data_dir,
                                   jobs=self.jobs, modules=self.modules)
        except (engine.BuildError, datafiles.DataError, registry.RegistryError) as exc:
            raise PluginError(f"recomputed: {exc}") from None
        self.outputs = outputs
        self._log_build(outputs, time.perf_counter() - t0)
        self._notebook_files(files, config)
        self._scan_citations(files, config)
        for out in outputs.values():
            if out.artifact.kind == "figure":  # SVGs wide and narrow, PNG, points
                for suffix, content in out.figure_files.items():
                    files.append(File.generated(config, figure_file(out.name, suffix),
                                                content=content))
            if out.data is not None:
                files.append(File.generated(config, table_csv_path(out.name),
                                            content=table_csv(out.data)))
        for name in datafiles.available(self.data_dir):
            files.append(File.generated(config, dataset_csv_path(name),
                                        content=(self.data_dir / f"{name}.csv").read_bytes()))
        return files

    def on_page_markdown(self, markdown: str, page) -> str:
        src, outputs = page.file.src_uri, self.outputs

        def one(name: str) -> str:
            if name == "ledger":
                return ledger.ledger(list(outputs.values()), self.cited, src, self.places,
                                     self.ledger_order)
            if name == "datasets":
                shown = Path(os.path.relpath(self.data_dir, self.root)).as_posix()
                return catalogue.datasets_catalogue(datafiles.available(self.data_dir), src,
                                                    self.data_dir, shown,
                                                    catalogue.pages_using(self.cited, outputs))
            if name == "stats":  # what readers find on the pages (every claim: the ledger)
                shown = [o for o in outputs.values()
                         if o.name in self.cited or o.artifact.kind == "claim"]
                return ledger.stats(shown, len(datafiles.available(self.data_dir)))
            if name in self.specials:
                return self.specials[name][0](src)
            return render(outputs[name], src, self.places)

        try:
            return citations.replace(markdown, one)
        except TooLargeError as exc:
            raise PluginError(f"recomputed: {_page_at(page, f'rc:{exc.name}')}: {exc}") from None

    def figures_cited(self, markdown: str) -> list[str]:
        """The figures a page's Markdown cites, in order (for a site's hooks)."""
        return [c.name for c in citations.find(markdown, "page")
                if c.name in self.outputs and self.outputs[c.name].artifact.kind == "figure"]

    def on_page_content(self, html: str, page) -> str:
        try:
            if page.file.src_uri.endswith(".ipynb"):
                html = mathml.convert_notebook_html(html)
            return mathml.convert_html(html)
        except mathml.MathError as exc:
            raise PluginError(f"recomputed: {_page_at(page, exc.tex)}: {exc}") from None

    def on_env(self, config, files) -> None:
        """Date each page: the newest commit over its file and what it cites."""
        docs = Path(config.docs_dir)
        self.history = history = gitdates.History.read(docs)
        if history is None:
            log.info("recomputed: no git history, so pages show no last-update date")
            return
        if history.shallow:
            log.info("recomputed: shallow clone, so page dates stop at its oldest commit")
        sources = gitdates.citation_sources(
            [o.artifact for o in self.outputs.values()], self.data_dir,
            keys.roots_for(self.modules), {n: s for n, (_, s) in self.specials.items()})
        root = Path(config.config_file_path).parent
        snippets = config.mdx_configs.get("pymdownx.snippets", {}).get("base_path", ["."])
        bases = [root / b for b in ([snippets] if isinstance(snippets, str) else snippets)]
        for f in files.documentation_pages():
            cited = [p for name in self.cites.get(f.src_uri, []) for p in sources[name]]
            cited += gitdates.snippet_files(f.content_string, bases)
            when = gitdates.page_date(history, docs / f.src_uri, cited)
            if when:
                f.page.meta["git_revision_date_localized"] = gitdates.iso_date(when)

    # -- parts of on_files -----------------------------------------------------------------

    def _notebook_files(self, files, config) -> None:
        """Swap each notebook in the ``notebooks`` folder of the docs for its executed copy
        (run or cached by :mod:`recomputed.site.notebooks`), which mkdocs-jupyter then
        renders without executing."""
        cache_dir = self.cache_dir / "notebooks"
        for f in [f for f in files if f.abs_src_path and f.src_uri.endswith(".ipynb")
                  and Path(f.src_uri).parent.as_posix() == self.notebooks]:
            t0 = time.perf_counter()
            try:
                executed, cached = notebooks.execute(Path(f.abs_src_path), cache_dir=cache_dir,
                                                     data_dir=self.data_dir)
            except notebooks.NotebookError as exc:
                raise PluginError(f"recomputed: {exc}") from None
            log.info(f"recomputed: notebook {f.src_uri} "
                     f"{'from cache' if cached else 'executed'}, {time.perf_counter() - t0:.1f} s")
            # A copy of the build's own, so that deleting the cache while the site builds
            # cannot take the file from under mkdocs-jupyter, which reads it later. It is a
            # real File (not File.generated): mkdocs-jupyter's wrapper recomputes
            # abs_src_path from src_dir, which a generated file does not have. The copy is
            # <folder>/<name>.ipynb under the build's folder, which stands for docs/.
            copy = Path(self.executed_notebooks()) / f.src_uri
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_bytes(executed.read_bytes())
            files.remove(f)
            files.append(File(f.src_uri, src_dir=self.executed_notebooks(),
                              dest_dir=config.site_dir,
                              use_directory_urls=config.use_directory_urls))

    def executed_notebooks(self) -> str:
        """The build's folder of executed notebooks (made on first use; :meth:`cleanup`)."""
        if self._notebook_dir is None:
            self._notebook_dir = tempfile.TemporaryDirectory(prefix="recomputed-notebooks-")
        return self._notebook_dir.name

    def cleanup(self) -> None:
        """Remove what this build made outside the site (its executed notebooks' copies)."""
        if self._notebook_dir is not None:
            self._notebook_dir.cleanup()
            self._notebook_dir = None

    def _log_build(self, outputs: dict, seconds: float) -> None:
        fresh = sum(not o.cached for o in outputs.values())
        log.info(f"recomputed: {len(outputs)} artifacts, {fresh} computed, "
                 f"{len(outputs) - fresh} from cache, {seconds:.1f} s")
        for line in explain.lines(outputs.values(), group_new=True):
            log.info(line)
        if fresh:  # where a cold build's time goes (benchmarks/bench_build.py reads this line)
            slow = sorted((o for o in outputs.values() if not o.cached), key=lambda o: -o.seconds)
            log.info(f"recomputed: computing took {sum(o.seconds for o in slow):.1f} s in all; "
                     "slowest: " + ", ".join(f"{o.name} {o.seconds:.1f} s" for o in slow[:3]))

    def _scan_citations(self, files, config) -> None:
        """Check every citation on every page; warn about artifacts nothing uses."""
        known = set(self.outputs) | set(citations.BUILTIN) | set(self.specials)
        for f in files.documentation_pages():
            label = os.path.relpath(os.path.join(config["docs_dir"], f.src_uri))  # docs/x.md
            try:
                found = citations.find(f.content_string, label)
                citations.check(found, known, label)
            except citations.CitationError as exc:
                raise PluginError(f"recomputed: {exc}") from None
            for c in found:
                option = PAGE_OPTIONS.get(c.name)
                if option and getattr(self.places, option) != f.src_uri:
                    raise PluginError(
                        f"recomputed: {label}:{c.line}: <!-- rc:{c.name} --> goes on the page "
                        f"named by the plugin's option {option} (now "
                        f"{getattr(self.places, option)}); set {option}: {f.src_uri}")
                self.cited.setdefault(c.name, f.src_uri)
            self.cites[f.src_uri] = [c.name for c in found]
        for name, option in PAGE_OPTIONS.items():
            page = getattr(self.places, option)
            if page is not None and name not in self.cites.get(page, []):
                raise PluginError(f"recomputed: the plugin's option {option} names {page!r}, "
                                  f"which is not a page in docs/ that cites <!-- rc:{name} -->")
        read = {dep for out in self.outputs.values() for dep in out.artifact.reads}
        for name in self.outputs:
            if name not in self.cited and name not in read:
                log.warning(f"recomputed: artifact {name!r} is registered but no page cites "
                            "it, and no artifact reads it")
