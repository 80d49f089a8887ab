"""Fuzzing the data loader: whatever the files hold, it loads them or raises DataError.

A loader that crashes with a KeyError or a TypeError on a contributor's typo gives a
traceback instead of ``file:line``; one that silently accepts a mangled file can
publish a wrong figure. Hypothesis generates arbitrary CSV and TOML text and mutates
a real data file (flipped bytes, deleted or repeated lines, replaced cells); for every
input the loader must either return a data set whose rows all pass its schema, or
raise :class:`DataError` whose message names the file. Runs are derandomized (the
same examples every time, no example database), so CI is reproducible.
"""

from __future__ import annotations

import csv
import io
import math
import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import TOY_CSV, TOY_SCHEMA
from recomputed.engine import datafiles
from recomputed.engine.datafiles import DataError

REAL = "hoffmann_2022_table_a3"  # strings, ints with bounds, positive floats, a two-column key
REAL_CSV = (datafiles.DATA_DIR / f"{REAL}.csv").read_bytes()
REAL_TOML = (datafiles.DATA_DIR / f"{REAL}.toml").read_bytes()

FUZZ = settings(max_examples=200, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])

# Text that looks like CSV: the characters that matter to a CSV reader, and a few others.
CSV_ALPHABET = st.sampled_from(list(',"\n\r\t ;x.-+e0123456789abnfi\\\x00é\ufeff'))
CELLS = st.one_of(
    st.sampled_from(["", " ", "0", "-1", "1e3", "nan", "inf", "-inf", "1e999", "2.5", "x",
                     '"', '""', "hoffmann2022", "nosuch", "Table 3", "2020-01-01", "1_0",
                     "3", "4", "True", "0x10"]),
    st.text(max_size=8),
)


def load_bytes(tmp: Path, csv_bytes: bytes, toml_bytes: bytes, name: str = "fuzz"):
    """Write the pair, load it, and check what came back (or the error's message)."""
    csv_path, toml_path = tmp / f"{name}.csv", tmp / f"{name}.toml"
    csv_path.write_bytes(csv_bytes)
    toml_path.write_bytes(toml_bytes)
    try:
        ds = datafiles.load(name, tmp)
    except DataError as exc:
        message = str(exc)
        assert f"{name}.csv" in message or f"{name}.toml" in message, message
        return None
    check_loaded(ds)
    return ds


def check_loaded(ds: datafiles.Dataset) -> None:
    """A data set that loaded must really satisfy its schema: the loader let nothing by."""
    assert len(ds) > 0
    seen = set()
    for row in ds:
        assert row.source in ds.sources and row.where.strip()
        for col in ds.columns:
            v = row[col.name]
            if v is None:
                assert not col.required
                continue
            if col.type == "float":
                assert isinstance(v, float) and math.isfinite(v)
            if col.type == "int":
                assert isinstance(v, int)
            if col.type in ("float", "int"):
                assert not col.positive or v > 0
                assert col.min is None or v >= col.min
                assert col.max is None or v <= col.max
        key = tuple(row[k] for k in ds.key)
        assert key not in seen
        seen.add(key)


@FUZZ
@given(text=st.text(CSV_ALPHABET, max_size=200), with_header=st.booleans())
def test_arbitrary_csv_text(tmp_path, text, with_header):
    text = ("label,x,source,where\n" if with_header else "") + text
    load_bytes(tmp_path, text.encode("utf-8", "surrogatepass"), TOY_SCHEMA.encode())


# Rows that are often almost right: four cells, a label, a number-like cell, a source.
NUMBERS = st.floats(min_value=1e-300, allow_infinity=False).map(repr)
ROWS = st.one_of(
    st.tuples(st.text("abcé ", min_size=1, max_size=3), st.one_of(NUMBERS, NUMBERS, CELLS),
              st.sampled_from(["toy"] * 6 + [" toy", "nosuch", ""]),
              st.sampled_from(["Table 1"] * 6 + [" ", ""])).map(list),
    st.lists(CELLS, min_size=2, max_size=6),
)


@FUZZ
@given(rows=st.lists(ROWS, min_size=1, max_size=4),
       header=st.sampled_from(["label,x,source,where", "label,x,source,where",
                               "x,label,where,source", "label,x,source",
                               "label,x,source,where,extra", "label,X,source,where"]))
def test_csv_rows_of_arbitrary_cells(tmp_path, rows, header):
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(
        [[c.replace("\x00", "") for c in r] for r in rows])
    load_bytes(tmp_path, (header + "\n" + out.getvalue()).encode("utf-8", "surrogatepass"),
               TOY_SCHEMA.encode())


@FUZZ
@given(data=st.data())
def test_mutations_of_a_real_data_file(tmp_path, data):
    lines = REAL_CSV.split(b"\n")
    kind = data.draw(st.sampled_from(["flip", "delete", "duplicate", "cell", "swap"]))
    if kind == "flip":
        raw = bytearray(REAL_CSV)
        for _ in range(data.draw(st.integers(1, 4))):
            i = data.draw(st.integers(0, len(raw) - 1))
            raw[i] = data.draw(st.integers(0, 255))
        mutated = bytes(raw)
    elif kind == "delete":
        i = data.draw(st.integers(0, len(lines) - 1))
        mutated = b"\n".join(lines[:i] + lines[i + 1:])
    elif kind == "duplicate":
        i = data.draw(st.integers(0, len(lines) - 1))
        mutated = b"\n".join(lines[:i + 1] + lines[i:])
        repeated = lines[i].strip()
    elif kind == "swap":
        i, j = data.draw(st.integers(0, len(lines) - 1)), data.draw(st.integers(0, len(lines) - 1))
        lines[i], lines[j] = lines[j], lines[i]
        mutated = b"\n".join(lines)
    else:
        rows = list(csv.reader(io.StringIO(REAL_CSV.decode())))
        r = data.draw(st.integers(0, len(rows) - 1))
        c = data.draw(st.integers(0, len(rows[r]) - 1))
        rows[r][c] = data.draw(CELLS).replace("\x00", "")
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        mutated = out.getvalue().encode("utf-8", "surrogatepass")
    ds = load_bytes(tmp_path, mutated, REAL_TOML, name=REAL)
    if kind == "duplicate" and repeated:
        assert ds is None, "a repeated line loaded: the key must catch a repeated row"


# TOML values of every type, to put where the schema expects one type.
TOML_VALUES = st.sampled_from(['""', '"x"', "1", "-1", "0.5", "nan", "true", "[]", '["x"]',
                               "{}", '{a = 1}', "1979-05-27", '["label"]', '["x", "x"]',
                               '"float"', '"str"', '"date"'])


@FUZZ
@given(edits=st.lists(st.tuples(st.integers(0, 60), TOML_VALUES), min_size=1, max_size=3))
def test_schema_values_of_the_wrong_type(tmp_path, edits):
    lines = TOY_SCHEMA.splitlines()
    assignments = [i for i, line in enumerate(lines) if " = " in line]
    for pos, value in edits:
        i = assignments[pos % len(assignments)]
        lines[i] = lines[i].split(" = ")[0] + " = " + value
    load_bytes(tmp_path, TOY_CSV.encode(), "\n".join(lines).encode(), name="toy")


@FUZZ
@given(drop=st.sets(st.integers(0, 80), max_size=4), repeat=st.sets(st.integers(0, 80),
                                                                      max_size=2))
def test_schema_with_lines_deleted_or_repeated(tmp_path, drop, repeat):
    lines = REAL_TOML.decode().splitlines()
    kept = []
    for i, line in enumerate(lines):
        if i not in drop:
            kept += [line, line] if i in repeat else [line]
    load_bytes(tmp_path, REAL_CSV, "\n".join(kept).encode(), name=REAL)


@FUZZ
@given(text=st.text(st.sampled_from(list('[]{}=,."\n abcdefkeyntitlesourcecolumns123#\'')),
                    max_size=120))
def test_arbitrary_schema_text(tmp_path, text):
    load_bytes(tmp_path, TOY_CSV.encode(), (TOY_SCHEMA + text).encode(), name="toy")
    load_bytes(tmp_path, TOY_CSV.encode(), text.encode(), name="toy")


def test_the_real_file_itself_loads(tmp_path):
    shutil.copy(datafiles.DATA_DIR / f"{REAL}.csv", tmp_path)
    shutil.copy(datafiles.DATA_DIR / f"{REAL}.toml", tmp_path)
    assert load_bytes(tmp_path, REAL_CSV, REAL_TOML, name=REAL) is not None
