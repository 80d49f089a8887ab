"""The one module that opens data files, and checks them as it reads them.

Every data set is a pair of files in ``src/recomputed/data/``:

``NAME.csv``
    One row per published number (or group of numbers). Two columns are always
    there: ``source`` (a key of ``[sources]`` in the schema) and ``where`` (the
    table, figure, equation or section of that source the row was typed from).
``NAME.toml``
    The schema and the provenance: a ``title``, the ``[sources.KEY]`` the rows
    cite (paper, authors, year, arXiv id or URL), the row ``key`` (the columns
    that tell rows apart, e.g. ``key = ["model"]``: no two rows may share them),
    and one ``[[columns]]`` entry per data column with its ``type`` (``str``,
    ``float``, ``int`` or ``date``), its ``unit`` and a ``description``;
    optionally ``required = false`` (empty cells allowed), ``min``, ``max`` and
    ``positive = true``.

Anything wrong raises :class:`DataError`, whose message starts with
``file:line`` and names the column, so a contributor can go straight to it. No
other exception escapes the loader, whatever the files hold (a property the
tests check by fuzzing).
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from recomputed.engine.cells import parse_cell, stray_quote
from recomputed.engine.estimates import stated_range
from recomputed.engine.schema import (  # noqa: F401 - DataError is part of this API
    PROVENANCE_COLUMNS,
    Column,
    DataError,
    Source,
    _display,
    parse_schema,
)

DATA_DIR = Path(__file__).parent.parent / "data"


@dataclass(frozen=True)
class Row:
    """One row of a data set: typed values, its provenance, and the line it came from."""

    line: int
    values: dict
    source: str
    where: str
    written: dict = field(default_factory=dict, compare=False)  # each cell's text

    def __getitem__(self, name: str):
        return self.values[name]

    def rounding(self, name: str) -> tuple[float, float]:
        """``(low, high)``: every number that rounds to the cell as written ("0.076" is
        0.0755 to 0.0765), the range a published constant stands for."""
        _, low, high = stated_range(self.written[name])
        return low, high


@dataclass(frozen=True)
class Dataset:
    name: str
    title: str
    description: str
    csv_path: Path
    schema_path: Path
    columns: tuple[Column, ...]
    sources: dict[str, Source]
    rows: tuple[Row, ...]
    digest: str = field(repr=False)
    key: tuple[str, ...] = ()  # the columns that tell rows apart

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def column(self, name: str) -> np.ndarray:
        """A numeric column as a float array (NaN where a cell is empty)."""
        col = self._col(name)
        if col.type not in ("float", "int"):
            raise DataError(f"{_display(self.schema_path)}: column {name!r} is not numeric")
        return np.array([math.nan if r[name] is None else float(r[name]) for r in self.rows])

    def labels(self, name: str) -> list:
        self._col(name)
        return [r[name] for r in self.rows]

    def where(self, **equal) -> list[Row]:
        """Rows whose values equal all of ``equal`` (e.g. ``where(task="2D+")``)."""
        for k in equal:
            self._col(k)
        return [r for r in self.rows if all(r[k] == v for k, v in equal.items())]

    def one(self, **equal) -> Row:
        """The single row matching ``equal``; a clear error if there is not exactly one."""
        found = self.where(**equal)
        if len(found) != 1:
            raise DataError(
                f"{_display(self.csv_path)}: expected one row with {equal}, found {len(found)}"
            )
        return found[0]

    def error(self, row: Row, column: str, message: str) -> DataError:
        """An error about a value in this data set, pointing at its line and column."""
        return DataError(f"{_display(self.csv_path)}:{row.line}: column {column!r}: {message}")

    def _col(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        known = ", ".join(c.name for c in self.columns)
        raise DataError(f"{_display(self.csv_path)}: no column {name!r} (columns: {known})")


DATASET_NAME = re.compile(r"[a-z][a-z0-9_]*")  # it becomes a page anchor and a file name
def parse(name: str, csv_path: Path, schema_path: Path) -> Dataset:
    """Read and validate one data set; raise :class:`DataError` naming file, line and column."""
    where = _display(csv_path)
    if not DATASET_NAME.fullmatch(name):
        raise DataError(f"{where}: a data set's name (its file name) must be lower-case "
                        f"letters, digits and underscores, like kaplan_2020_constants")
    title, description, columns, sources, key = parse_schema(schema_path)
    try:
        raw_bytes = csv_path.read_bytes()
    except FileNotFoundError:
        raise DataError(f"{where}: data file is missing") from None
    try:
        text = raw_bytes.decode("utf-8-sig")  # a spreadsheet's byte-order mark is harmless
    except UnicodeDecodeError as exc:
        line = raw_bytes[: exc.start].count(b"\n") + 1
        raise DataError(f"{where}:{line}: not UTF-8 (byte {raw_bytes[exc.start]:#04x}); save "
                        "the file as UTF-8") from None
    stray = stray_quote(text)
    if stray is not None:
        raise DataError(f'{where}:{stray}: a quote inside a cell; quote the whole cell and '
                        'double the quote inside it ("den""se")')
    # strict: a stray quote is an error, not a cell that silently swallows the lines after it.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records = _records(reader, where)
    try:
        _, header = next(records)
    except StopIteration:
        raise DataError(f"{where}:1: the file is empty") from None
    expected = [c.name for c in columns] + list(PROVENANCE_COLUMNS)
    header = [h.strip() for h in header]
    if sorted(header) != sorted(expected):
        missing = [c for c in expected if c not in header]
        extra = [c for c in header if c not in expected]
        twice = sorted({c for c in header if header.count(c) > 1})
        parts = []
        if missing:
            parts.append(f"missing column(s) {missing}")
        if extra:
            parts.append(f"undeclared column(s) {extra}")
        if twice:
            parts.append(f"repeated column(s) {twice}")
        raise DataError(f"{where}:1: header does not match {schema_path.name}: {'; '.join(parts)}")
    by_name = {c.name: c for c in columns}
    rows = []
    seen: dict[tuple, int] = {}
    for line, record in records:
        if not record or all(not cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            raise DataError(f"{where}:{line}: expected {len(header)} cells, found {len(record)}")
        cells = dict(zip(header, record, strict=True))
        values = {}
        for col_name, cell in cells.items():
            if col_name in PROVENANCE_COLUMNS:
                continue
            try:
                values[col_name] = parse_cell(cell, by_name[col_name])
            except ValueError as exc:
                raise DataError(f"{where}:{line}: column {col_name!r}: {exc}") from None
        source = cells["source"].strip()
        if source not in sources:
            raise DataError(
                f"{where}:{line}: column 'source': {source!r} is not one of "
                f"the sources in {schema_path.name} ({', '.join(sources)})"
            )
        if not cells["where"].strip():
            raise DataError(f"{where}:{line}: column 'where': say which table or figure")
        row_key = tuple(values[k] for k in key)
        if row_key in seen:
            shown = ", ".join(f"{k}={v!r}" for k, v in zip(key, row_key, strict=True))
            raise DataError(f"{where}:{line}: duplicate row: {shown} is already on line "
                            f"{seen[row_key]} (the key in {schema_path.name} is {list(key)})")
        seen[row_key] = line
        rows.append(Row(line=line, values=values, source=source, where=cells["where"].strip(),
                        written={k: cells[k].strip() for k in values}))
    if not rows:
        raise DataError(f"{where}: no data rows")
    digest = hashlib.sha256(raw_bytes + b"\0" + schema_path.read_bytes()).hexdigest()
    return Dataset(
        name=name,
        title=title,
        description=description,
        csv_path=csv_path,
        schema_path=schema_path,
        columns=columns,
        sources=sources,
        rows=tuple(rows),
        digest=digest,
        key=key,
    )


def _records(reader, where: str) -> Iterator[tuple[int, list[str]]]:
    """``(first line, cells)`` per CSV record; bad CSV is a :class:`DataError` at its line."""
    while True:
        start = reader.line_num + 1  # a quoted cell may run over several lines
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "unexpected end of data" in str(exc):
                raise DataError(f"{where}:{start}: a quoted cell that starts on this line is "
                                "never closed (unbalanced \")") from None
            raise DataError(f"{where}:{reader.line_num}: not valid CSV: {exc}") from None
        yield start, record


def digest(name: str, data_dir: Path = DATA_DIR) -> str:
    """Content hash of a data set's two files, without parsing them."""
    h = hashlib.sha256()
    for suffix in (".csv", ".toml"):
        path = data_dir / f"{name}{suffix}"
        try:
            h.update(path.read_bytes())
        except FileNotFoundError:
            raise DataError(f"{_display(path)}: data file is missing") from None
        h.update(b"\0")
    return h.hexdigest()


READ_LOG = "RECOMPUTED_DATA_READ_LOG"  # see recomputed.site.notebooks


def load(name: str, data_dir: Path = DATA_DIR) -> Dataset:
    """Load the data set ``name`` from ``data_dir``.

    Where the environment names a log file in ``$RECOMPUTED_DATA_READ_LOG`` (a notebook's
    kernel), the name is appended to it, so the caller can check what was read."""
    if os.environ.get(READ_LOG):
        with open(os.environ[READ_LOG], "a", encoding="utf-8") as log:
            log.write(name + "\n")
    return parse(name, data_dir / f"{name}.csv", data_dir / f"{name}.toml")


_SHARED: dict = {}  # (name, folder, digest) -> Dataset, for load_shared


def load_shared(name: str, data_dir: Path = DATA_DIR) -> Dataset:
    """:func:`load`, but parsed once per content of the files in this process: for code that
    only reads a data set to show it (pages, the build's check of every data set), which
    asks for the same ones many times. Artifacts use :func:`load`, so that no computation
    could ever see what another one did to its copy."""
    try:
        key = (name, Path(data_dir), digest(name, data_dir))
    except DataError:
        return load(name, data_dir)  # raises, naming the missing file as load says it
    if key not in _SHARED:
        _SHARED[key] = load(name, data_dir)
    return _SHARED[key]


def available(data_dir: Path = DATA_DIR) -> list[str]:
    """Names of every data set in ``data_dir``."""
    return sorted(p.stem for p in data_dir.glob("*.csv"))
