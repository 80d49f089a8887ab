"""Data files: every shipped file validates; each kind of mistake names file, line and column."""

from __future__ import annotations

import re

import pytest

from conftest import TOY_CSV, TOY_SCHEMA
from recomputed.engine import datafiles
from recomputed.engine.datafiles import DataError


def write(tmp_path, csv_text=TOY_CSV, schema=TOY_SCHEMA):
    (tmp_path / "toy.csv").write_text(csv_text)
    (tmp_path / "toy.toml").write_text(schema)
    return tmp_path


@pytest.mark.parametrize("name", datafiles.available())
def test_every_shipped_data_set_validates_with_provenance(name):
    ds = datafiles.load(name)
    assert len(ds) > 0
    for row in ds:
        assert row.source in ds.sources and row.where
    for src in ds.sources.values():
        assert src.link and src.link.startswith("https://")
    for col in ds.columns:
        assert col.description


def test_good_file_loads_typed_values(tmp_path):
    ds = datafiles.load("toy", write(tmp_path))
    assert ds.labels("label") == ["a", "b"]
    assert ds.column("x").tolist() == [2.0, 3.0]
    assert ds.one(label="b")["x"] == 3.0
    assert [r.line for r in ds] == [2, 3]


@pytest.mark.parametrize(
    ("csv_text", "message"),
    [
        ("label,x,source,where\na,abc,toy,Table 1\n",
         "toy.csv:2: column 'x': 'abc' is not a number"),
        ("label,x,source,where\na,2,toy,Table 1\nb,-1,toy,Table 1\n",
         "toy.csv:3: column 'x': -1 must be positive"),
        ("label,x,source,where\na,,toy,Table 1\n",
         "toy.csv:2: column 'x': empty, but the column is required"),
        ("label,x,source,where\na,2,nosuch,Table 1\n",
         "toy.csv:2: column 'source': 'nosuch' is not one of"),
        ("label,x,source,where\na,2,toy,\n",
         "toy.csv:2: column 'where'"),
        ("label,x,source\na,2,toy\n",
         "toy.csv:1: header does not match toy.toml: missing column(s) ['where']"),
        ("label,x,y,source,where\na,2,3,toy,T\n",
         "undeclared column(s) ['y']"),
        ("label,x,source,where\na,2,toy\n",
         "toy.csv:2: expected 4 cells, found 3"),
        ("label,x,source,where\na,inf,toy,Table 1\n",
         "toy.csv:2: column 'x': 'inf' is not a number (digits 0-9"),
        ("label,x,source,where\na,nan,toy,Table 1\n",
         "toy.csv:2: column 'x': 'nan' is not a number"),
        ("label,x,source,where\na,2,toy,Table 1\nb,1_000,toy,Table 1\n",
         "toy.csv:3: column 'x': '1_000' is not a number"),
        ("label,x,source,where\na,\uff12,toy,Table 1\n",  # a full-width digit 2
         "toy.csv:2: column 'x': '\uff12' is not a number"),
        ("label,x,source,where\na,2,toy,Table 1\nden\"se,3,toy,Table 1\n",
         'toy.csv:3: a quote inside a cell; quote the whole cell and double the quote'),
        ("label,x,source,where\na,0,toy,Table 1\n",
         "toy.csv:2: column 'x': 0 must be positive"),
        ("label,x,source,where\na,2,toy,Table 1\nb,\"3,toy,Table 1\nc,4,toy,Table 1\n",
         "toy.csv:3: a quoted cell that starts on this line is never closed"),
        ("label,x,source,where\na,\"2\"x,toy,Table 1\n",
         "toy.csv:2: not valid CSV: ',' expected after '\"'"),
        ("label,x,source,where\na,2,toy,Table 1\nb,3,toy,Table 1\na,4,toy,Table 2\n",
         "toy.csv:4: duplicate row: label='a' is already on line 2 (the key in toy.toml is "
         "['label'])"),
        ("label,label,source,where\na,2,toy,T\n",
         "header does not match toy.toml: missing column(s) ['x']; repeated column(s) "
         "['label']"),
    ],
)
def test_bad_csv_names_file_line_and_column(tmp_path, csv_text, message):
    with pytest.raises(DataError) as err:
        datafiles.load("toy", write(tmp_path, csv_text))
    assert message in str(err.value)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda s: s.replace('type = "float"', 'type = "number"'), "unknown type 'number'"),
        (lambda s: s.replace('url = "https://example.org/toy"\n', ""), "needs an 'arxiv' id"),
        (lambda s: s.replace("[[columns]]", "[[columns]]\nbogus = 1", 1),
         "unknown keys ['bogus']"),
        (lambda s: s.replace('title = "Toy data"', "title = "), "not valid TOML"),
        (lambda s: s.replace('key = ["label"]\n', ""), "missing top-level key 'key'"),
        (lambda s: s.replace('key = ["label"]', 'key = ["lable"]'),
         "'key' names 'lable', which is not a declared column (columns: label, x)"),
        (lambda s: s.replace('key = ["label"]', 'key = "label"'), "'key' must be a list"),
        (lambda s: s.replace('key = ["label"]', 'key = []'), "'key' is empty"),
        (lambda s: s.replace('paper = "A toy paper"\n', ""), "source 'toy' lacks paper"),
        (lambda s: s.replace("year = 2024", 'year = "2024"'),
         "source 'toy': 'year' must be a whole number"),
        (lambda s: s.replace("positive = true", 'positive = "yes"'),
         "column 'x': 'positive' must be true or false"),
        (lambda s: s.replace('unit = ""', 'unit = ""\nmin = 0'),
         "column 'label': min need a numeric type"),
        (lambda s: s.replace("description = ", "descripton = ", 1),
         "unknown top-level keys ['descripton']"),
        (lambda s: s.replace("[sources.toy]", "[sources]\ntoy = 3"),
         "source 'toy' must be a table, not 3"),
    ],
)
def test_bad_schema_is_named(tmp_path, edit, message):
    with pytest.raises(DataError) as err:
        datafiles.load("toy", write(tmp_path, schema=edit(TOY_SCHEMA)))
    assert re.search(r"toy\.toml:\d+: ", str(err.value)) and message in str(err.value)


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


@pytest.mark.parametrize(("edit", "needle", "message"), [
    (lambda s: s.replace('paper = "A toy paper"\n', ""), "[sources.toy]", "lacks paper"),
    (lambda s: s.replace('type = "float"', 'type = "number"'), 'name = "x"',
     "unknown type 'number'"),
    (lambda s: s.replace('key = ["label"]', 'key = ["lable"]'), "key =", "names 'lable'"),
    (lambda s: s.replace('url = "https://example.org/toy"', 'url = "javascript:alert(6)"'),
     "[sources.toy]", "url must be an https:// or http:// address"),
    (lambda s: s.replace('url = "https://example.org/toy"', 'url = "https://x.org/a b"'),
     "[sources.toy]", "url must be an https:// or http:// address"),
])
def test_schema_errors_name_the_line(tmp_path, edit, needle, message):
    """A schema error points at the line of the source, column or key it is about (a
    column's errors at its [[columns]] header, the line before its name)."""
    bad = edit(TOY_SCHEMA)
    with pytest.raises(DataError) as err:
        datafiles.load("toy", write(tmp_path, schema=bad))
    line = line_of(bad, needle) - (needle.startswith("name ="))
    assert f"toy.toml:{line}: " in str(err.value) and message in str(err.value)


def test_byte_order_mark_and_latin1_in_a_schema_are_named(tmp_path):
    write(tmp_path)
    (tmp_path / "toy.toml").write_bytes(b"\xef\xbb\xbf" + TOY_SCHEMA.encode())
    with pytest.raises(DataError, match=r"toy\.toml:1: the file starts with a byte-order mark"):
        datafiles.load("toy", tmp_path)
    latin = TOY_SCHEMA.replace('paper = "A toy paper"', 'paper = "A toy p\u00e4per"')
    (tmp_path / "toy.toml").write_bytes(latin.encode("latin-1"))
    with pytest.raises(DataError) as err:
        datafiles.load("toy", tmp_path)
    assert f"toy.toml:{line_of(latin, 'paper =')}: not UTF-8 (byte 0xe4)" in str(err.value)


def test_latin1_csv_names_the_line(tmp_path):
    write(tmp_path)
    (tmp_path / "toy.csv").write_bytes(TOY_CSV.replace("b,", "\u00e4b,").encode("latin-1"))
    with pytest.raises(DataError) as err:
        datafiles.load("toy", tmp_path)
    assert f"toy.csv:{line_of(TOY_CSV, 'b,')}: not UTF-8 (byte 0xe4)" in str(err.value)


def test_missing_file_is_named(tmp_path):
    (tmp_path / "toy.toml").write_text(TOY_SCHEMA)
    with pytest.raises(DataError, match="toy.csv: data file is missing"):
        datafiles.load("toy", tmp_path)


def test_digest_changes_with_content_not_time(tmp_path):
    write(tmp_path)
    before = datafiles.digest("toy", tmp_path)
    (tmp_path / "toy.csv").touch()
    assert datafiles.digest("toy", tmp_path) == before
    write(tmp_path, TOY_CSV.replace("3.0", "3.5"))
    assert datafiles.digest("toy", tmp_path) != before


def test_multi_line_cell_reports_the_line_it_starts_on(tmp_path):
    text = 'label,x,source,where\na,2,toy,"Table 1,\ncontinued"\nb,-3,toy,Table 1\n'
    ds_err = pytest.raises(DataError, datafiles.load, "toy", write(tmp_path, text))
    assert "toy.csv:4: column 'x'" in str(ds_err.value)
    good = 'label,x,source,where\na,2,toy,"Table 1,\ncontinued"\nb,3,toy,Table 1\n'
    ds = datafiles.load("toy", write(tmp_path, good))
    assert [r.line for r in ds] == [2, 4] and ds.rows[0].where == "Table 1,\ncontinued"


def test_byte_order_mark_and_crlf_are_read_as_plain_csv(tmp_path):
    (tmp_path / "toy.toml").write_text(TOY_SCHEMA)
    (tmp_path / "toy.csv").write_bytes(b"\xef\xbb\xbf" + TOY_CSV.replace("\n", "\r\n").encode())
    assert datafiles.load("toy", tmp_path).column("x").tolist() == [2.0, 3.0]


def test_every_shipped_data_set_declares_a_key_that_tells_rows_apart():
    for name in datafiles.available():
        ds = datafiles.load(name)
        assert ds.key, name
        keys = [tuple(r[k] for k in ds.key) for r in ds]
        assert len(set(keys)) == len(keys), name
