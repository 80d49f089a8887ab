"""The ``recomputed`` MkDocs plugin: its options, and the hand-over to a fresh adapter.

In ``mkdocs.yml`` (paths are relative to that file)::

    plugins:
      - recomputed:
          modules: [my_artifacts]   # artifact modules or packages to import (required)
          paths: [.]                # folders to import them from (added to sys.path)
          data_dir: data            # the data files: NAME.csv + NAME.toml
          cache_dir: .cache/recomputed
          jobs: 0                   # worker processes; 0: one per core
          claims_page: claims.md    # the page that cites <!-- rc:ledger --> (optional)
          data_page: data.md        # the page that cites <!-- rc:datasets --> (optional)
          notebooks: notebooks      # the docs folder whose notebooks are executed
          content_security_policy: false  # true: each page may load only the site's own
                                    # scripts, styles, images and fonts (not in `serve`)

``RECOMPUTED_CACHE`` and ``RECOMPUTED_JOBS``, when set, override ``cache_dir`` and
``jobs``. The work is done by :class:`recomputed.site.adapter.Adapter`; this module only
makes one per build, from freshly imported code (see :meth:`RecomputedPlugin.on_config`),
and keeps the staging of ``site/`` (:mod:`recomputed.site.sitedir`), which spans a
whole ``mkdocs build`` command.
"""

from __future__ import annotations

import importlib
import linecache
import sys
import tempfile

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority


class RecomputedConfig(base.Config):
    modules = c.ListOfItems(c.Type(str))
    paths = c.ListOfItems(c.Dir(exists=True), default=[])
    data_dir = c.Dir(exists=True, default="data")
    cache_dir = c.Dir(default=".cache/recomputed")
    jobs = c.Optional(c.Type(int))
    claims_page = c.Optional(c.Type(str))
    data_page = c.Optional(c.Type(str))
    notebooks = c.Type(str, default="notebooks")
    content_security_policy = c.Type(bool, default=False)


def fresh_import(name: str, tops: set[str]):
    """Import ``name`` after removing every module under the top-level names ``tops`` (this
    one excepted), so ``mkdocs serve`` computes with the code on disk.

    ``serve`` keeps one process across rebuilds; without this, an edited science module
    would be hashed as new but run as old, and the stale result cached.
    """
    stale = [m for m in sys.modules if m.split(".")[0] in tops and m != __name__]
    for mod in stale:
        del sys.modules[mod]
    if stale and name in stale:
        # A rebuild in this process (serve): compile the code afresh instead of trusting
        # bytecode caches, which are checked by modification time (whole seconds) and size
        # only, so a second save within the second would run the first one's code.
        _fresh_bytecode_folder()
    linecache.clearcache()
    return importlib.import_module(name)


def _fresh_bytecode_folder() -> None:
    global _PYCACHE
    if _PYCACHE is not None:
        _PYCACHE.cleanup()
    _PYCACHE = tempfile.TemporaryDirectory(prefix="recomputed-pyc-")
    sys.pycache_prefix = _PYCACHE.name  # worker processes take it too (engine.build)


_PYCACHE: tempfile.TemporaryDirectory | None = None


class RecomputedPlugin(BasePlugin[RecomputedConfig]):
    """Compute a site's artifacts at build time and fill in the pages that cite them."""

    def __init__(self) -> None:
        self.adapter = None  # a recomputed.site.adapter.Adapter, made at each on_config
        self.staging = None  # a recomputed.site.sitedir.Staging for `build` and `gh-deploy`
        self.command = None

    def on_startup(self, *, command, dirty) -> None:
        self.command = command
        sitedir = importlib.import_module("recomputed.site.sitedir")
        self.staging = sitedir.Staging() if sitedir.wanted(command, dirty) else None
        if self.staging:  # `serve` has its own Ctrl-C: it stops the server
            importlib.import_module("recomputed.engine.interrupt").stop_on_interrupt(
                "recomputed: interrupted; nothing was published, and every result computed "
                "so far is kept in the cache", cleanup=self.staging.discard)

    @event_priority(100)  # first, so that every plugin writes into the staging folder
    def on_config(self, config):
        for path in self.config.paths:
            if path not in sys.path:
                sys.path.insert(0, path)
        tops = {"recomputed"} | {m.split(".")[0] for m in self.config.modules}
        self.adapter = fresh_import("recomputed.site.adapter", tops).Adapter(self.config, config)
        self.adapter.on_config(config)
        if self.staging:
            self.staging.start(config)
        return config

    @event_priority(50)  # before mkdocs-jupyter's on_files, which wraps .ipynb pages
    def _compute(self, files, *, config):
        return self.adapter.on_files(files, config)

    @event_priority(-1000)  # after every plugin and hook: the files as MkDocs will write them
    def _files_for_tree(self, files, *, config):
        if self.adapter.tree:
            self.adapter.tree.files = files
        return files

    on_files = CombinedEvent(_compute, _files_for_tree)

    def _substitute(self, markdown, *, page, config, files):
        return self.adapter.on_page_markdown(markdown, page)

    @event_priority(-1000)  # the Markdown as every plugin and hook left it
    def _page_for_tree(self, markdown, *, page, config, files):
        if self.adapter.tree:
            self.adapter.tree.page(page.file.src_uri, page.meta, markdown)
        return markdown

    on_page_markdown = CombinedEvent(_substitute, _page_for_tree)

    def on_page_content(self, html, *, page, config, files):
        return self.adapter.on_page_content(html, page)

    def on_env(self, env, *, config, files):
        self.adapter.on_env(config, files)
        return env

    @event_priority(-100)  # last: after every plugin (search index included) wrote its files
    def on_post_build(self, *, config) -> None:
        # Not for `serve`: its live-reload script is added to each page as it is served.
        if self.config.content_security_policy and self.command != "serve":
            importlib.import_module("recomputed.site.csp").add_to_site(config["site_dir"])
        if self.adapter.tree:  # `recomputed render`: the pages and files as a docs tree
            self.adapter.tree.write(config)
        if self.staging:
            self.staging.publish(config)
        self.adapter.cleanup()

    def on_build_error(self, *, error) -> None:
        if self.staging:
            self.staging.discard()
        if self.adapter:
            self.adapter.cleanup()

    def on_shutdown(self) -> None:
        if self.staging:
            self.staging.discard()  # an interrupted build (Ctrl-C skips on_build_error)
        if self.adapter:
            self.adapter.cleanup()
