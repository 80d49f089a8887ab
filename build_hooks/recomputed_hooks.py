"""This site's own additions to the ``recomputed`` plugin, which does all the generic work
(``- recomputed:`` under ``plugins:`` in mkdocs.yml; :mod:`recomputed.site.adapter`).

- ``on_config``: let pages cite ``<!-- rc:glossary -->`` (the abbreviations as a table),
  and order the claims ledger by newsletter issue;
- ``on_page_markdown``: link mentions of newsletter issues ("AN #87");
- ``on_page_markdown``/``on_page_content``: a description (the lead paragraph) and a
  preview image (the lead figure's PNG) for each page's link cards;
- ``on_files``: refuse a claim filed under an issue the site does not know;
- ``on_files``/``on_env``: publish the RSS feed of the newsletter-issue pages;
- ``on_files``: publish our stylesheets and scripts without their comments.

Each runs after the plugin's handler of the same event. The helpers live in the
``newsletter`` package next to this file. After editing this folder, restart
``mkdocs serve`` (MkDocs imports hooks once per process).
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

# MkDocs puts this file's folder on sys.path while it imports the hook (tests add it too).
from newsletter import assets, feed, glossary, issues, notebook_pages, sharing

log = logging.getLogger("mkdocs.hooks.recomputed")
ABBREVIATIONS = Path(__file__).parent.parent / "includes" / "abbreviations.md"
PAGE_ASSETS = ["assets/notebook.css", "assets/claims.css"]  # one page kind each: main.html
_state: dict = {}


def _adapter(config):
    plugin = config.plugins.get("recomputed")
    if plugin is None:
        raise PluginError("build_hooks/recomputed_hooks.py needs the recomputed plugin: add "
                          "'- recomputed:' under 'plugins:' in mkdocs.yml")
    return plugin.adapter


def on_config(config):
    rc = _adapter(config)
    rc.add_citation("glossary", lambda page_src: glossary.table(
        ABBREVIATIONS.read_text(encoding="utf-8")), sources=[ABBREVIATIONS])
    rc.ledger_order = issues.issue_order
    return config


def on_files(files, config):
    rc = _adapter(config)
    _state["issues"] = issues.known_issues(rc.dataset(issues.DATASET))
    for out in rc.outputs.values():  # a claim filed under a typo would open a new section
        claim = out.artifact.claim
        if claim is not None and not issues.is_known(claim.issue, _state["issues"]):
            raise PluginError(
                f"recomputed: {out.artifact.declared_at}: claim {out.name!r} is filed under "
                f"{claim.issue!r}, which is no issue this site knows; write 'AN #N' for an "
                f"issue with a page here or a row in {issues.DATASET}.csv")
    _state["feed"] = File.generated(config, feed.PATH, content=b"")  # filled in by on_env
    files.append(_state["feed"])
    for name in [*config.extra_css, *config.extra_javascript, *PAGE_ASSETS]:
        f = files.get_file_from_path(str(name))
        if f is not None:  # a page's own asset; an address elsewhere has no file
            files.remove(f)
            files.append(File.generated(config, f.src_uri, content=assets.strip_comments(
                f.content_string, Path(f.src_uri).suffix)))
    return files


def on_page_markdown(markdown, page, config, files):
    # The preview image for link cards: the PNG of the first figure the page cites.
    image = sharing.lead_image(_adapter(config).figures_cited(markdown), files)
    if image and not page.meta.get("image"):
        page.meta["image"] = image
    return issues.link_mentions(markdown, page.file.src_uri, _state["issues"])


def on_page_content(html, page, config, files):
    if page.file.src_uri.endswith(".ipynb"):
        html = notebook_pages.slim(html)
    if not page.meta.get("description"):  # for search results and link cards
        page.meta["description"] = sharing.lead_description(html)
        page.meta["description_is_lead"] = True  # the feed then gives the whole opening
    return html


def on_env(env, config, files):
    history, docs = _adapter(config).history, Path(config.docs_dir)
    items = []
    for f in files.documentation_pages():
        if f.src_uri.startswith("issues/"):
            page = f.page
            items.append(feed.Item(
                page.title, page.canonical_url or page.url,
                (not page.meta.get("description_is_lead") and page.meta.get("description"))
                or feed.lead(page.content or ""),
                history.first_added(docs / f.src_uri) if history else None))
    site_url = config.site_url
    if not site_url:
        log.info("recomputed: site_url is not set, so the feed's links are relative")
    _state["feed"].content_bytes = feed.rss(
        f"{config.site_name}: newsletter issues", site_url or "./",
        f"Alignment Newsletter issues as they are covered on {config.site_name}.",
        items, self_url=site_url and site_url + feed.PATH)
    return env
