"""The ``recomputed`` MkDocs plugin: its options, what it needs of a configuration, and
how a site's hooks add to it. Each site here is the toy engine of ``conftest.py``."""

from __future__ import annotations

import textwrap
from importlib.metadata import entry_points

import pytest

from conftest import TOY_NAMES, ToySite
from recomputed.site import adapter


def strict_build(site: ToySite):
    proc = site.mkdocs("build", "--strict")
    return proc, proc.stderr + proc.stdout


def test_the_plugin_is_registered_for_mkdocs():
    (ep,) = [e for e in entry_points(group="mkdocs.plugins") if e.name == "recomputed"]
    from mkdocs.plugins import BasePlugin

    assert issubclass(ep.load(), BasePlugin)


@pytest.mark.parametrize("configured, missing", [
    (["tables"], ["attr_list", "md_in_html"]),
    (["attr_list", "tables", "toc"], ["md_in_html"]),
    (["markdown.extensions.attr_list", "md_in_html", "tables"], []),
    (["extra"], []),
])
def test_missing_extensions(configured, missing):
    assert adapter.missing_extensions(configured) == missing


def test_a_missing_markdown_extension_stops_the_build_with_one_line(toy_site):
    toy_site.config(markdown_extensions=["attr_list"])  # MkDocs adds tables by itself
    proc, output = strict_build(toy_site)
    assert proc.returncode != 0
    message = ("recomputed: the plugin needs the Markdown extension 'md_in_html'; "
               'add "- md_in_html" under "markdown_extensions:" in mkdocs.yml')
    assert [line for line in output.splitlines() if "md_in_html" in line] == [
        f"ERROR   -  {message}"]
    assert not (toy_site.root / "site").exists()
    assert toy_site.staging_leftovers() == []


def test_without_claims_and_data_pages_nothing_links_to_them(toy_site):
    for page in ("claims.md", "data.md"):
        (toy_site.root / "docs" / page).unlink()
    toy_site.config(options={"claims_page": None, "data_page": None})
    proc, output = strict_build(toy_site)
    assert proc.returncode == 0, output[-3000:]
    html = (toy_site.root / "site" / "index.html").read_text()
    assert ('<span class="rc-claim rc-holds" id="at-claim-toy-claim-total-is-five" '
            'title="Stated: the total is about 5.') in html
    assert "claims/" not in html and "data/#toy" not in html
    assert all(name in html for name in TOY_NAMES if "claim" not in name)


def test_the_ledger_goes_on_the_claims_page(toy_site):
    toy_site.page.write_text(toy_site.page.read_text() + "\n<!-- rc:ledger -->\n")
    line = toy_site.page.read_text().splitlines().index("<!-- rc:ledger -->") + 1
    proc, output = strict_build(toy_site)
    assert proc.returncode != 0
    assert (f"recomputed: docs/index.md:{line}: <!-- rc:ledger --> goes on the page named by "
            "the plugin's option claims_page (now claims.md); set claims_page: index.md") in output


def test_the_claims_page_must_cite_the_ledger(toy_site):
    (toy_site.root / "docs" / "claims.md").write_text("# Claims\n\nSoon.\n")
    proc, output = strict_build(toy_site)
    assert proc.returncode != 0
    assert ("recomputed: the plugin's option claims_page names 'claims.md', which is not a "
            "page in docs/ that cites <!-- rc:ledger -->") in output


HOOK = '''
from pathlib import Path

NOTE = Path(__file__).parent / "note.txt"


def on_config(config):
    config.plugins["recomputed"].adapter.add_citation(
        "note", lambda page_src: f"**{NOTE.read_text().strip()}** (cited on {page_src})",
        sources=[NOTE])
'''


def test_a_hook_adds_a_special_citation(toy_site):
    (toy_site.root / "hooks.py").write_text(textwrap.dedent(HOOK))
    (toy_site.root / "note.txt").write_text("A note from the hook\n")
    toy_site.page.write_text(toy_site.page.read_text() + "\n<!-- rc:note -->\n")
    toy_site.config(hooks=["hooks.py"])
    proc, output = strict_build(toy_site)
    assert proc.returncode == 0, output[-3000:]
    html = (toy_site.root / "site" / "index.html").read_text()
    assert "<strong>A note from the hook</strong> (cited on index.md)" in html


def test_without_the_hook_the_special_citation_is_unknown(toy_site):
    toy_site.page.write_text(toy_site.page.read_text() + "\n<!-- rc:note -->\n")
    proc, output = strict_build(toy_site)
    assert proc.returncode != 0
    assert "docs/index.md:" in output and "unknown artifact 'note'" in output
