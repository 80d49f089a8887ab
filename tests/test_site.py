"""The site end to end: a strict build of the real site, and tiny sites that must fail."""

from __future__ import annotations

import re
import subprocess
import textwrap
from pathlib import Path

from conftest import mkdocs
from recomputed.engine import datafiles, registry

ROOT = Path(__file__).resolve().parent.parent


def test_strict_build_of_the_real_site(site):
    # The `site` fixture (conftest.py) runs `mkdocs build --strict` on the real project.
    assert (site / "index.html").exists()
    assert (site / "search" / "search_index.json").exists()


def test_every_figure_is_published_with_its_data(site):
    for art in registry.load_all().values():
        if art.kind == "figure":
            svg = site / "figures" / f"{art.name}.svg"
            assert svg.read_bytes().lstrip().startswith(b"<?xml"), art.name
            assert (site / "data" / f"{art.name}.csv").stat().st_size > 0, art.name
        if art.kind == "table":
            assert (site / "data" / f"{art.name}.csv").exists(), art.name


def test_pages_contain_no_unreplaced_citations_and_math_is_mathml(site):
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "<!-- rc:" not in text, page
        assert 'class="arithmatex"' not in text, f"TeX left unconverted in {page}"


def test_claims_page_lists_every_claim(site):
    text = (site / "claims" / "index.html").read_text(encoding="utf-8")
    claims = [a for a in registry.load_all().values() if a.kind == "claim"]
    for art in claims:
        anchor = "claim-" + art.name.replace(".", "-").replace("_", "-")
        assert f'id="{anchor}"' in text, art.name


def test_claims_summary_puts_what_does_not_hold_first_and_links_to_the_sentence(site):
    """The summary table has a row per claim, those that fail first, then inconclusive,
    not checkable, holding; each entry's "discussed here" reaches the verdict mark."""
    text = (site / "claims" / "index.html").read_text(encoding="utf-8")
    claims = [a for a in registry.load_all().values() if a.kind == "claim"]
    rows = re.findall(r'<tr class="rc-row-(\w+)">', text)
    assert len(rows) == len(claims)
    rank = {"fails": 0, "inconclusive": 1, "unchecked": 2, "holds": 3}
    assert [rank[r] for r in rows] == sorted(rank[r] for r in rows)
    for v in rank:
        assert f'id="rc-filter-{v}"' in text
    links = re.findall(r'href="\.\./([^"#]+)#(at-claim-[\w-]+)"[^>]*>discussed here', text)
    assert len(links) >= len(claims) - 5  # all but the few that no page cites
    for page, anchor in links:
        assert f'id="{anchor}"' in (site / page / "index.html").read_text(encoding="utf-8"), \
            (page, anchor)


def test_data_page_opens_with_an_overview(site):
    text = (site / "data" / "index.html").read_text(encoding="utf-8")
    first_table = text.index("<table")
    assert first_table < text.index('id="kaplan_2020_constants"')
    overview = text[first_table:text.index("</table>", first_table)]
    for name in datafiles.available():
        assert f'href="#{name}"' in overview, name
    assert "scaling laws</a>" in overview  # the pages that use a data set


def test_generated_files_are_not_written_into_docs():
    assert not (ROOT / "docs" / "figures").exists()
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True)
    assert not re.search(r"^(site/|\.cache/)|\.svg$", tracked.stdout, flags=re.M)


def tiny_site(tmp_path: Path, page: str, cite_all: bool = True) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text(textwrap.dedent(page))
    if cite_all:  # cite everything elsewhere so only the page under test matters
        names = "\n".join(f"<!-- rc:{n} -->" for n in registry.load_all())
        (docs / "all.md").write_text("# All\n\n" + names + "\n")
    (tmp_path / "mkdocs.yml").write_text(textwrap.dedent(f"""\
        site_name: tiny
        plugins:
          - recomputed:
              modules: [recomputed.artifacts]
              data_dir: {ROOT / "src" / "recomputed" / "data"}
        markdown_extensions: [attr_list, md_in_html, tables, pymdownx.arithmatex: {{generic: true}}]
        """))
    return tmp_path


def test_unknown_citation_fails_with_file_and_line(tmp_path):
    root = tiny_site(tmp_path, "# Page\n\nText.\n\nSee <!-- rc:no.such_artifact -->.\n")
    earlier = root / "site" / "figures" / "old.svg"  # published by an earlier build
    earlier.parent.mkdir(parents=True)
    earlier.write_text("<svg/>")
    proc = mkdocs("build", cwd=root)
    assert proc.returncode != 0
    assert "docs/index.md:5: unknown artifact 'no.such_artifact'" in proc.stderr
    # The failed build publishes nothing: the earlier site stays as it was, no half-made page.
    assert sorted((root / "site").rglob("*")) == [earlier.parent, earlier]
    assert earlier.read_text() == "<svg/>"
    assert not [p for p in root.iterdir() if p.name.startswith(".site.")]


def test_uncited_artifact_warns_and_strict_fails(tmp_path):
    root = tiny_site(tmp_path, "# Page\n\nNothing cited.\n", cite_all=False)
    loose = mkdocs("build", cwd=root)
    assert loose.returncode == 0, loose.stderr[-2000:]
    assert "is registered but no page cites it" in loose.stderr
    strict = mkdocs("build", "--strict", cwd=root)
    assert strict.returncode != 0
    assert "is registered but no page cites it" in strict.stderr


def test_notebook_pages_are_light_and_describe_their_figures(site):
    """Without JupyterLab's 570 KB theme (docs/assets/notebook.css has what they need),
    each notebook page stays under 300 KB, and its figures say what they show."""
    pages = list((site / "notebooks").glob("*/index.html"))
    assert len(pages) == 2
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert len(text.encode()) < 300_000, (page, len(text.encode()))
        assert "--md-red-50" not in text and "No description has been provided" not in text
        alts = re.findall(r'<img alt="Figure: ([^"]+)"', text)
        assert alts and all(len(a.split()) >= 4 for a in alts), alts
        assert "assets/notebook.css" in text
    # The notebook and Claims stylesheets are theirs alone: other pages do not download them.
    topic = (site / "topics" / "transfer" / "index.html").read_text()
    assert "notebook.css" not in topic and "claims.css" not in topic
    assert "assets/claims.css" in (site / "claims" / "index.html").read_text()


def test_our_stylesheets_and_scripts_are_published_without_comments(site):
    """build_hooks/newsletter/assets.py: the same rules and code, less to download."""
    from newsletter import assets

    css = "/* why */\n.a { color: red; } /* inline */\n\n.b{}\n"
    assert assets.strip_comments(css, ".css") == ".a { color: red; } \n.b{}\n"
    js = "/* header\n * more */\n(function () {\n  // why\n  f(); // kept: after code\n})();\n"
    assert assets.strip_comments(js, ".js") == "(function () {\n  f(); // kept: after code\n})();\n"
    for name in ("recomputed.css", "notebook.css", "claims.css", "recomputed.js",
                 "figure-values.js", "accessibility.js"):
        source = (ROOT / "docs" / "assets" / name).read_text(encoding="utf-8")
        published = (site / "assets" / name).read_text(encoding="utf-8")
        assert published == assets.strip_comments(source, Path(name).suffix)
        assert len(published) < len(source) and "/*" not in published, name
