"""Text in data files never becomes markup: every path data text takes into a page.

Data-derived text is escaped by :func:`recomputed.site.escape.md_text`. The unit tests run
it through the site's own Markdown configuration on arbitrary text (hypothesis) and check
that the HTML shows exactly the characters written, with no element or attribute made
from them. The end-to-end test puts hostile text into every field of a data file that
reaches a page (title, description, a column's description and unit, a source's authors
and paper, a row's ``where``, a cell) and checks the built site.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.utils.yaml import get_yaml_loader

from conftest import ROOT, TOY_CSV, TOY_SCHEMA
from recomputed.engine.datafiles import DataError, load
from recomputed.site.escape import md_text

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(2)>',
    "[x](javascript:alert(3))",
    "![i](javascript:alert(4))",
    "<javascript:alert(5)>",
    "*emph* _u_ `code` {: onclick=alert(7) } | pipe \\(x\\) $y$ &amp; &#106;",
    "<!-- comment --> <div markdown=1>**b**</div> [^1] \\",
    "[0]",  # with a backslash before each bracket, arithmatex read display math
]


def site_markdown() -> markdown.Markdown:
    """Python-Markdown with this site's extensions (those that read inline text)."""
    cfg = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=get_yaml_loader())
    names, configs = [], {}
    for ext in cfg["markdown_extensions"]:
        name, conf = next(iter(ext.items())) if isinstance(ext, dict) else (ext, {})
        if name.startswith("pymdownx.snippets") or name.startswith("pymdownx.emoji"):
            continue  # reads files / needs a theme; neither reads inline text differently
        names.append(name)
        configs[name] = conf or {}
    return markdown.Markdown(extensions=names, extension_configs=configs)


class Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attrs, self.text = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs

    def handle_data(self, data):
        self.text.append(data)


def rendered(text: str) -> Elements:
    md = site_markdown()
    parser = Elements()
    parser.feed(md.convert(md_text(text)))
    return parser


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_renders_as_its_characters(text):
    got = rendered(text.replace("`code`", "code"))
    assert set(got.tags) <= {"p"}, got.tags
    assert got.attrs == []
    assert "".join(got.text) == text.replace("`code`", "code")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40))
def test_any_text_without_code_spans_renders_as_its_characters(text):
    text = text.replace("`", "'")  # code spans are kept as code (their own test)
    got = rendered(text)
    assert set(got.tags) <= {"p"}, (text, got.tags)
    assert got.attrs == []
    assert "".join(got.text).strip() == text.strip()


def test_code_spans_stay_code_and_their_contents_stay_text():
    got = rendered("the `<b>model</b>` column")
    assert got.tags == ["p", "code"] and "".join(got.text) == "the <b>model</b> column"


# -- every path, end to end ------------------------------------------------------------------

FIELDS = {  # where in the schema, what to replace (text as in TOY_SCHEMA)
    "title": 'title = "Toy data"',
    "description": 'description = "Two numbers for the engine tests."',
    "column description": 'description = "Row label"',
    "unit": 'unit = "widgets"',
    "paper": 'paper = "A toy paper"',
    "authors": 'authors = "Nobody"',
}


def _toml(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def hostile_schema(text: str) -> str:
    schema = TOY_SCHEMA
    for old in FIELDS.values():
        schema = schema.replace(old, old.split("=")[0] + "= " + _toml(text), 1)
    return schema


def hostile_csv(text: str) -> str:
    cell = '"' + text.replace('"', '""') + '"'
    return TOY_CSV.replace("a,2.0,toy,Table 1", f"{cell},2.0,toy,{cell}", 1)


class Page(HTMLParser):
    """Every element, attribute and script on a built page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts, self.bad = [], []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.bad.append(f"<{tag} {name}>")
            if name in ("href", "src") and (value or "").strip().lower().startswith(
                    ("javascript:", "data:text/html")):
                self.bad.append(f"<{tag} {name}={value}>")
        if tag == "script":
            self.scripts.append(dict(attrs))
        if tag in ("img",) and dict(attrs).get("src") == "x":
            self.bad.append("<img src=x>")


def test_hostile_text_in_every_data_field_is_published_escaped(toy_site):
    text = HOSTILE[0] + " " + HOSTILE[1] + " " + HOSTILE[2]
    data = toy_site.toy.data
    (data / "toy.toml").write_text(hostile_schema(text))
    (data / "toy.csv").write_text(hostile_csv(text))
    load("toy", data)  # the loader accepts it: it is text, and text is allowed
    proc = toy_site.mkdocs("build", "--strict")
    assert proc.returncode == 0, proc.stderr[-3000:]
    site = toy_site.root / "site"
    shown = 0
    for page in site.rglob("*.html"):
        body = page.read_text()
        parser = Page()
        parser.feed(body)
        assert parser.bad == [], (page.name, parser.bad)
        # The only scripts are the theme's and the site's own files, none inline with data.
        assert "alert(1)</script>" not in body, page.name
        for s in parser.scripts:
            assert "alert" not in str(s), page.name
        shown += html.unescape(re.sub(r"<[^>]+>", "", body)).count("<script>alert(1)</script>")
    # The text is there, as text: on the topic page (table cell, caption, provenance) and
    # on the data page (title, description, columns, sources, rows).
    assert shown >= 6, shown


def test_a_javascript_url_in_a_data_file_is_refused_with_its_line(tmp_path):
    (tmp_path / "toy.csv").write_text(TOY_CSV)
    bad = TOY_SCHEMA.replace('"https://example.org/toy"', '"javascript:alert(6)"')
    (tmp_path / "toy.toml").write_text(bad)
    with pytest.raises(DataError) as err:
        load("toy", Path(tmp_path))
    line = bad[: bad.index("[sources.toy]")].count("\n") + 1
    assert str(err.value).endswith(
        f"toy.toml:{line}: source 'toy': url must be an https:// or http:// address without "
        "spaces, quotes or brackets, not 'javascript:alert(6)'")
