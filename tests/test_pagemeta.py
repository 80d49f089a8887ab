"""What the site says about its pages: last-update dates from git, edit links, the RSS feed."""

from __future__ import annotations

import email.utils
import os
import re
import subprocess
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from mkdocs.config import load_config

from conftest import mkdocs
from newsletter import feed
from recomputed.engine import registry
from recomputed.site import citations, gitdates

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
HOOK = ROOT / "build_hooks" / "recomputed_hooks.py"
UPDATED = re.compile(r'title="Last update">.*?</span>\s*(\d{4}-\d{2}-\d{2})\s*</span>', re.S)
RFC822 = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} "
                    r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} "
                    r"\d{2}:\d{2}:\d{2} GMT$")


def git(*args: str, cwd: Path = ROOT, env: dict | None = None) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                          check=True, env=env).stdout


def built(site: Path, src: str) -> Path:
    """The HTML file MkDocs writes for docs/``src`` (directory URLs)."""
    stem = src.rsplit(".", 1)[0]
    return site / ("index.html" if stem == "index" else f"{stem}/index.html")


def shown_date(html_file: Path) -> str | None:
    m = UPDATED.search(html_file.read_text(encoding="utf-8"))
    return m.group(1) if m else None


# -- last update ---------------------------------------------------------------------------


def _expected_date(src: str) -> str | None:
    """Newest commit over the page, the files it includes, and the modules and data of
    every artifact it cites,
    asked of git directly (one `git log -1` per page, not the plugin's batched history)."""
    page = DOCS / src
    if not git("log", "-1", "--format=%ct", "--", str(page)).strip():
        return None  # never committed: no date
    artifacts = registry.load_all()
    text = page.read_text(encoding="utf-8")
    paths = {page, *gitdates.snippet_files(text, [ROOT / "includes", ROOT])}  # --8<-- files
    for c in citations.find(text, src):
        paths |= gitdates.artifact_sources(artifacts[c.name])
    stamp = git("log", "-1", "--format=%ct", "--", *map(str, sorted(paths))).strip()
    return gitdates.iso_date(int(stamp))


@pytest.mark.parametrize("src", sorted(p.relative_to(DOCS).as_posix() for p in
                                       (DOCS / "topics").glob("*.md")) + ["contributing.md"])
def test_page_shows_the_last_commit_date_of_its_content(site, src):
    assert shown_date(built(site, src)) == _expected_date(src)


def test_a_topic_page_is_dated_by_what_it_cites_not_only_by_its_text(site):
    # Sanity for the test above: topic pages really do have inputs beyond their file.
    page = DOCS / "topics" / "transfer.md"
    names = [c.name for c in citations.find(page.read_text(encoding="utf-8"), "transfer.md")]
    sources = set().union(*(gitdates.artifact_sources(registry.load_all()[n]) for n in names))
    assert any(p.suffix == ".csv" for p in sources) and any(p.suffix == ".py" for p in sources)
    assert ROOT / "src" / "recomputed" / "science" / "transfer.py" in sources


def test_git_log_is_read_by_extremes_not_by_order():
    log = "\x1e200\n\na.md\nb.md\n\x1e300\n\na.md\n\x1e100\n\nb.md\n"
    last, first = gitdates.parse_log(log)
    assert last == {"a.md": 300, "b.md": 200}
    assert first == {"a.md": 200, "b.md": 100}


def test_dates_are_utc_and_fixed_format():
    assert gitdates.iso_date(0) == "1970-01-01"
    assert gitdates.iso_date(86399) == "1970-01-01" and gitdates.iso_date(86400) == "1970-01-02"
    assert feed.rfc822(0) == "Thu, 01 Jan 1970 00:00:00 GMT"


def test_history_of_a_small_repository(tmp_path):
    T1, T2, T3 = 1_600_000_000, 1_700_000_000, 1_750_000_000
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org")
    git("init", "-q", cwd=tmp_path)
    for when, name in ((T1, "page.md"), (T2, "data.csv"), (T3, "page.md")):
        (tmp_path / name).write_text(f"{when}\n")
        git("add", name, cwd=tmp_path)
        git("commit", "-q", "-m", name, cwd=tmp_path,
            env=env | {"GIT_COMMITTER_DATE": f"@{when} +0000", "GIT_AUTHOR_DATE": f"@{when} +0000"})
    (tmp_path / "draft.md").write_text("never committed\n")
    h = gitdates.History.read(tmp_path)
    page, data, draft = tmp_path / "page.md", tmp_path / "data.csv", tmp_path / "draft.md"
    assert h.last_changed([page]) == T3 and h.first_added(page) == T1
    assert h.last_changed([data]) == T2
    assert gitdates.page_date(h, data, [page]) == T3
    assert gitdates.page_date(h, draft, [data]) is None  # a draft has no date
    assert h.first_added(draft) is None


def test_no_history_outside_a_checkout(tmp_path):
    assert gitdates.History.read(tmp_path) is None


# -- edit links ----------------------------------------------------------------------------


@pytest.mark.parametrize("src", ["topics/transfer.md", "notebooks/plan-a-training-run.ipynb",
                                 "index.md"])
def test_edit_link_points_at_the_page_source(site, src):
    config = load_config(str(ROOT / "mkdocs.yml"))
    html = built(site, src).read_text(encoding="utf-8")
    links = re.findall(r'<a href="([^"]+)" title="Edit this page"', html)
    assert links == [config.repo_url.rstrip("/") + "/" + config.edit_uri + src]
    assert "edit/main/docs/" + src in links[0]


# -- the RSS feed --------------------------------------------------------------------------


def _first_commit(path: Path) -> int | None:
    stamps = git("log", "--format=%ct", "--", str(path)).split()
    return min(map(int, stamps)) if stamps else None


def test_feed_is_rss_2_with_one_item_per_issue_page(site):
    root = ET.parse(site / feed.PATH).getroot()
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    for tag in ("title", "link", "description"):
        assert (channel.findtext(tag) or "").strip(), tag
    items = channel.findall("item")
    issues = sorted((DOCS / "issues").glob("*.md"))
    assert len(items) == len(issues) > 0
    site_url = load_config(str(ROOT / "mkdocs.yml")).site_url
    by_page = {}
    for item in items:
        for tag in ("title", "link", "description", "guid"):
            assert (item.findtext(tag) or "").strip(), tag
        link = item.findtext("link")
        assert item.findtext("guid") == link
        rel = link.removeprefix(site_url) if site_url else link
        assert "://" not in rel, f"{link} is not on this site"
        page = site / rel / "index.html"
        assert page.exists(), link
        by_page[page] = item
    for src in issues:
        item = by_page[built(site, src.relative_to(DOCS).as_posix())]
        expected = _first_commit(src)
        if expected is None:
            assert item.find("pubDate") is None
            continue
        date = item.findtext("pubDate")
        assert RFC822.match(date), date
        assert email.utils.parsedate_to_datetime(date).timestamp() == expected
    dates = [email.utils.parsedate_to_datetime(i.findtext("pubDate")) for i in items
             if i.find("pubDate") is not None]
    assert dates == sorted(dates, reverse=True), "newest first"


def test_feed_description_is_the_issue_pages_own_opening(site):
    root = ET.parse(site / feed.PATH).getroot()
    text = {i.findtext("title"): i.findtext("description") for i in root.iter("item")}
    opening = (DOCS / "issues" / "an-125.md").read_text(encoding="utf-8").split("\n\n")[2]
    assert " ".join(opening.split()) in text["AN #125"]
    assert "##" not in text["AN #125"] and "<" not in text["AN #125"]


def test_every_page_announces_the_feed_and_home_links_to_it(site):
    pages = list(site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        if page.name == "404.html":
            continue  # served at any depth, so its relative links cannot resolve
        html = page.read_text(encoding="utf-8")
        m = re.search(r'<link rel="alternate" type="application/rss\+xml"\s+'
                      r'title="[^"]+" href="([^"]+)"', html)
        assert m, page
        assert (page.parent / m.group(1)).resolve() == (site / feed.PATH).resolve(), page
    assert 'href="feed.xml"' in (site / "index.html").read_text(encoding="utf-8")
    issue = (site / "issues" / "an-125" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../feed.xml"' in issue


def test_feed_escapes_text_and_orders_newest_first():
    items = [feed.Item("old <&> one", "a/", "x & y", 100),
             feed.Item("undated", "c/", "z", None),
             feed.Item("new", "b/", "w", 200)]
    xml = feed.rss("T & co", "./", "D", items, self_url="https://example.org/feed.xml")
    root = ET.fromstring(xml)
    assert [i.findtext("title") for i in root.iter("item")] == ["new", "old <&> one", "undated"]
    assert root.find("channel").findtext("pubDate") == feed.rfc822(200)
    assert root.find("channel/item/guid").get("isPermaLink") == "false"
    assert feed.rss("T & co", "./", "D", list(reversed(items))) == feed.rss(
        "T & co", "./", "D", items)


def test_lead_is_the_text_before_the_first_section():
    html = ('<h1 id="t">Title<a class="headerlink" href="#t">¶</a></h1>\n'
            '<p><em>Byline</em> and a <a href="x">link</a>.</p>\n'
            '<div class="admonition"><p>aside</p></div>\n<p>Second &amp; last.<br>line</p>\n'
            '<h2>Section</h2><p>later</p>')
    assert feed.lead(html) == "Byline and a link. Second & last.line"


# -- without git, and with a site URL ------------------------------------------------------


def test_site_outside_git_builds_without_dates_and_feed_links_are_absolute_with_site_url(
        tmp_path):
    docs = tmp_path / "docs"
    (docs / "issues").mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n\nSee the [feed](feed.xml).\n")
    (docs / "issues" / "one.md").write_text("# Issue one\n\nIt led with <b>bold</b> news.\n")
    (tmp_path / "mkdocs.yml").write_text(textwrap.dedent(f"""\
        site_name: tiny
        site_url: https://example.org/tiny/
        repo_url: https://example.org/repo
        edit_uri: edit/main/docs/
        plugins:
          - recomputed:
              modules: [recomputed.artifacts]
              data_dir: {ROOT / "src" / "recomputed" / "data"}
        hooks: ["{HOOK}"]
        markdown_extensions: [attr_list, md_in_html, tables]
        """))
    proc = mkdocs("build", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "no git history" in proc.stderr
    root = ET.parse(tmp_path / "site" / feed.PATH).getroot()
    (item,) = root.iter("item")
    assert item.findtext("link") == "https://example.org/tiny/issues/one/"
    assert item.findtext("description") == "It led with bold news."
    assert item.find("pubDate") is None
    assert root.find(f"channel/{{{feed.ATOM}}}link").get("href") == (
        "https://example.org/tiny/feed.xml")


def test_deploy_gives_the_build_the_site_url_full_history_and_repository():
    wf = yaml.safe_load((ROOT / ".github" / "workflows" / "deploy.yml").read_text())
    build = wf["jobs"]["build"]
    steps = build["steps"]
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0
    assert any(s.get("id") == "pages" and s["uses"].startswith("actions/configure-pages")
               for s in steps)
    strict = next(s for s in steps if "mkdocs build --strict" in s.get("run", ""))
    assert "steps.pages.outputs.base_url" in strict["env"]["RECOMPUTED_SITE_URL"]
    assert "github.repository" in build["env"]["RECOMPUTED_REPO_URL"]


def test_repository_link_does_not_fetch_facts_from_github(site):
    # Material's "source" component asks api.github.com for stars and forks on every page;
    # overrides/partials/source.html keeps the link and drops the component.
    html = (site / "index.html").read_text(encoding="utf-8")
    repo_url = load_config(str(ROOT / "mkdocs.yml")).repo_url
    assert f'href="{repo_url}"' in html and 'class="md-source"' in html
    assert 'data-md-component="source"' not in html
