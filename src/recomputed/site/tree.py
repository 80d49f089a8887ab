"""A plain docs tree, rendered: what `recomputed render OUT` writes.

The tree builds with any engine that reads ``mkdocs.yml`` and runs Python-Markdown
extensions, without a hook or plugin of ours: plain MkDocs, ProperDocs, Zensical. It is
captured from an ordinary build of the site, so it holds exactly what the plugin gives
MkDocs (one code path):

- ``docs/``: every page as the plugin and the site's hooks left its Markdown (citations
  replaced by values, tables, figure markup and claim marks), with its front matter;
  every other file of the build (figures in both palettes, CSVs, data downloads, the
  feed, the site's assets); each notebook, executed, as a Markdown page;
- ``overrides/`` and the snippets' folders, copied;
- ``mkdocs.yml``: the site's config without hooks and plugins (``search`` stays),
  with notebooks in the nav as Markdown pages, and with
  :mod:`recomputed.site.mathml_ext` to turn math into MathML.

:func:`render` runs that build; the plugin does the capturing (:class:`Tree`) when the
environment variable :data:`ENV` names the output folder.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import yaml

ENV = "RECOMPUTED_RENDER_TO"
KEEP_PLUGINS = ("search",)  # what every engine has; the rest is done in the tree
IPYNB_LINK = re.compile(r"(\]\((?!https?:)[^)\s]*?)\.ipynb(?=[#)])")


class TreeError(Exception):
    """The build behind the tree failed; the message is MkDocs' (one line from the plugin)."""


class Tree:
    """Collects the pages and files of one build, then writes them as a docs tree."""

    def __init__(self, out: Path):
        self.out = out
        self.pages: dict[str, tuple[dict, str]] = {}  # src_uri -> (meta, Markdown)
        self.files = None

    @classmethod
    def from_env(cls) -> Tree | None:
        out = os.environ.get(ENV)
        return cls(Path(out)) if out else None

    def page(self, src_uri: str, meta: dict, markdown: str) -> None:
        # ``meta`` itself, not a copy: the page's date is added to it later (on_env).
        self.pages[src_uri] = (meta, markdown)

    def write(self, config) -> None:
        """Write the tree (``config``: the build's MkDocs config)."""
        if self.out.exists():
            shutil.rmtree(self.out)
        docs = self.out / "docs"
        theme_dirs = {Path(d).resolve() for d in config.theme.dirs}
        for f in self.files:
            if getattr(f, "src_dir", None) and Path(f.src_dir).resolve() in theme_dirs:
                continue  # the theme's own files: every engine brings its own
            if f.src_uri.endswith(".ipynb"):
                _notebook_page(docs, f.src_uri, f.content_bytes)
                continue
            dest = docs / f.src_uri
            dest.parent.mkdir(parents=True, exist_ok=True)
            if f.src_uri in self.pages:
                meta, markdown = self.pages[f.src_uri]
                dest.write_text(_front_matter(meta) + _md_links(markdown), encoding="utf-8")
            else:
                dest.write_bytes(f.content_bytes)
        root = Path(config.config_file_path).parent
        raw = _raw_config(config)
        for folder in _copied_folders(raw, root):
            shutil.copytree(root / folder, self.out / folder)
        for name in _snippets(markdown for _, markdown in self.pages.values()):
            if (root / name).is_file() and not (self.out / name).exists():
                (self.out / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(root / name, self.out / name)
        (self.out / "mkdocs.yml").write_text(
            "# Written by `recomputed render`: a rendered tree; edit the site, not this.\n"
            + yaml.safe_dump(tree_config(raw), allow_unicode=True, sort_keys=False),
            encoding="utf-8")


def _front_matter(meta: dict) -> str:
    return ("---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n"
            if meta else "")


def _md_links(markdown: str) -> str:
    """Links to notebooks point at their Markdown pages in the tree."""
    return IPYNB_LINK.sub(r"\1.md", markdown)


def _notebook_page(docs: Path, src_uri: str, executed: bytes) -> None:
    """The executed notebook as a Markdown page; its images beside it (``NAME_files/``)."""
    import nbformat
    from nbconvert import MarkdownExporter

    nb = nbformat.reads(executed.decode("utf-8"), as_version=4)
    stem = Path(src_uri).stem
    body, resources = MarkdownExporter().from_notebook_node(
        nb, resources={"output_files_dir": f"{stem}_files"})
    dest = docs / Path(src_uri).with_suffix(".md")
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(_md_links(body), encoding="utf-8")
    for name, data in resources.get("outputs", {}).items():
        out = dest.parent / name
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)


SNIPPET = re.compile(r'^\s*-{1,}8<-{1,}\s+"([^"]+)"\s*$', re.M)


def _snippets(pages) -> set[str]:
    """Files the pages include with ``--8<-- "FILE"`` (pymdownx.snippets)."""
    return {name for markdown in pages for name in SNIPPET.findall(markdown)}


def _raw_config(config) -> dict:
    """The site's ``mkdocs.yml`` as written (``!ENV`` resolved)."""
    from mkdocs.utils import yaml_load

    with open(config.config_file_path, encoding="utf-8") as fh:
        return yaml_load(fh)


def _copied_folders(raw: dict, root: Path) -> list[str]:
    """Folders outside docs/ that the tree's config names: theme overrides, snippets."""
    folders = [raw.get("theme", {}).get("custom_dir")]
    for ext in raw.get("markdown_extensions", []):
        if isinstance(ext, dict) and "pymdownx.snippets" in ext:
            folders += [p for p in ext["pymdownx.snippets"].get("base_path", []) if p != "."]
    return [f for f in folders if f and (root / f).is_dir()]


def tree_config(raw: dict) -> dict:
    """The tree's config: the site's, less what the tree already holds done."""
    cfg = {k: v for k, v in raw.items() if k not in ("hooks", "watch", "plugins", "docs_dir",
                                                     "site_dir")}
    cfg["plugins"] = [p for p in raw.get("plugins", [])
                      if (p if isinstance(p, str) else next(iter(p))) in KEEP_PLUGINS]
    exts = list(raw.get("markdown_extensions", []))
    cfg["markdown_extensions"] = exts + ["recomputed.site.mathml_ext"]
    if "nav" in raw:
        cfg["nav"] = _nav(raw["nav"])
    return cfg


def _nav(items):
    if isinstance(items, list):
        return [_nav(i) for i in items]
    if isinstance(items, dict):
        return {k: _nav(v) for k, v in items.items()}
    if isinstance(items, str) and items.endswith(".ipynb"):
        return items[: -len(".ipynb")] + ".md"
    return items


def render(config_file: str, out: Path) -> None:
    """Build the site with MkDocs (into a throwaway folder) and write its tree to ``out``."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    before = os.environ.get(ENV)
    os.environ[ENV] = str(out.resolve())
    try:
        with tempfile.TemporaryDirectory(prefix="recomputed-render-") as site:
            build(load_config(config_file, site_dir=site))
    except MkDocsException as exc:  # the plugin's one-line errors (PluginError, Abort)
        raise TreeError(str(exc)) from None
    finally:
        if before is None:
            del os.environ[ENV]
        else:
            os.environ[ENV] = before
