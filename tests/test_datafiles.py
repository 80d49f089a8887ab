"""Data files: every shipped file validates; each kind of mistake names file, line and column."""

from __future__ import annotations

import pytest

from conftest import TOY_CSV, TOY_SCHEMA
from recomputed import datafiles
from recomputed.datafiles import DataError


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
         "toy.csv:2: column 'x': 'inf' is not a finite number"),
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
    ],
)
def test_bad_schema_is_named(tmp_path, edit, message):
    with pytest.raises(DataError) as err:
        datafiles.load("toy", write(tmp_path, schema=edit(TOY_SCHEMA)))
    assert "toy.toml" in str(err.value) and message in str(err.value)


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
