"""The schema of a data set (``NAME.toml``): its title, sources, row key and columns,
checked as it is read. See :mod:`recomputed.engine.datafiles` for the format."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

PROVENANCE_COLUMNS = ("source", "where")
TYPES = ("str", "float", "int", "date")
SOURCE_FIELDS = ("paper", "authors", "year")
TOP_LEVEL = ("title", "description", "key", "sources", "columns")


class DataError(ValueError):
    """A data file that cannot be used; the message names the file, line and column."""


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    unit: str
    description: str
    required: bool = True
    min: float | None = None
    max: float | None = None
    positive: bool = False


@dataclass(frozen=True)
class Source:
    key: str
    paper: str
    authors: str
    year: int
    arxiv: str | None = None
    url: str | None = None

    @property
    def link(self) -> str | None:
        if self.arxiv:
            return f"https://arxiv.org/abs/{self.arxiv}"
        return self.url


def _expect(where: str, what: str, value, kind: type | tuple[type, ...], name: str) -> None:
    """Fail unless ``value`` is of ``kind`` (TOML can hold any type where we expect one)."""
    if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
        ok = False  # True is an int to Python, but never a number or a name here
    else:
        ok = isinstance(value, kind)
    if not ok:
        raise DataError(f"{where}: {what} must be {name}, not {value!r}")


def parse_schema(path: Path) -> tuple[str, str, tuple[Column, ...], dict[str, Source],
                                       tuple[str, ...]]:
    where = _display(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(f"{where}: schema file is missing (every CSV needs a .toml)") from None
    except UnicodeDecodeError as exc:
        raise DataError(f"{where}: not UTF-8 ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise DataError(f"{where}: not valid TOML: {exc}") from None
    for key in ("title", "key", "sources", "columns"):
        if key not in raw:
            hint = ' (the columns that tell rows apart, e.g. key = ["model"])'
            hint = hint if key == "key" else ""
            raise DataError(f"{where}: missing top-level key {key!r}{hint}")
    unknown = sorted(set(raw) - set(TOP_LEVEL))
    if unknown:
        raise DataError(
            f"{where}: unknown top-level keys {unknown} (known: {', '.join(TOP_LEVEL)})")
    _expect(where, "'title'", raw["title"], str, "text")
    _expect(where, "'description'", raw.get("description", ""), str, "text")
    _expect(where, "[sources]", raw["sources"], dict, "a table of [sources.KEY] tables")
    if not raw["sources"]:
        raise DataError(f"{where}: [sources] is empty; every row must cite a source")
    sources = {}
    for key, src in raw["sources"].items():
        _expect(where, f"source {key!r}", src, dict, "a table")
        missing = [f for f in SOURCE_FIELDS if f not in src]
        if missing:
            raise DataError(f"{where}: source {key!r} lacks {', '.join(missing)}")
        if not (src.get("arxiv") or src.get("url")):
            raise DataError(f"{where}: source {key!r} needs an 'arxiv' id or a 'url'")
        unknown = set(src) - {*SOURCE_FIELDS, "arxiv", "url"}
        if unknown:
            raise DataError(f"{where}: source {key!r} has unknown fields {sorted(unknown)}")
        for f in ("paper", "authors", "arxiv", "url"):
            if f in src:
                _expect(where, f"source {key!r}: {f!r}", src[f], str, "text")
        _expect(where, f"source {key!r}: 'year'", src["year"], int, "a whole number")
        sources[key] = Source(key=key, **src)
    _expect(where, "[[columns]]", raw["columns"], list, "a list of [[columns]] tables")
    columns = []
    for i, c in enumerate(raw["columns"], start=1):
        _expect(where, f"column #{i}", c, dict, "a [[columns]] table")
        for req in ("name", "type", "unit", "description"):
            if req not in c:
                raise DataError(f"{where}: column #{i} lacks {req!r}")
        _expect(where, f"column #{i}: 'name'", c["name"], str, "text")
        what = f"column {c['name']!r}"
        for f in ("type", "unit", "description"):
            _expect(where, f"{what}: {f!r}", c[f], str, "text")
        if c["type"] not in TYPES:
            raise DataError(f"{where}: {what} has unknown type {c['type']!r}")
        unknown = set(c) - {f.name for f in Column.__dataclass_fields__.values()}
        if unknown:
            raise DataError(f"{where}: {what} has unknown keys {sorted(unknown)}")
        for f in ("required", "positive"):
            _expect(where, f"{what}: {f!r}", c.get(f, False), bool, "true or false")
        for f in ("min", "max"):
            if c.get(f) is not None:
                _expect(where, f"{what}: {f!r}", c[f], (int, float), "a number")
        checks = [f for f in ("min", "max") if c.get(f) is not None] + (
            ["positive"] if c.get("positive") else [])
        if checks and c["type"] not in ("float", "int"):
            raise DataError(f"{where}: {what}: {', '.join(checks)} need a numeric type")
        columns.append(Column(**c))
    if not columns:
        raise DataError(f"{where}: no [[columns]] declared")
    names = [c.name for c in columns]
    if len(set(names)) != len(names):
        raise DataError(f"{where}: duplicate column names")
    if set(names) & set(PROVENANCE_COLUMNS):
        raise DataError(f"{where}: 'source' and 'where' are implicit; do not declare them")
    key = raw["key"]
    _expect(where, "'key'", key, list, 'a list of column names, e.g. ["model"]')
    if not key:
        raise DataError(f"{where}: 'key' is empty; name the columns that tell rows apart")
    by_name = {c.name: c for c in columns}
    for k in key:
        if k not in by_name:
            raise DataError(f"{where}: 'key' names {k!r}, which is not a declared column "
                            f"(columns: {', '.join(names)})")
        if not by_name[k].required:
            raise DataError(f"{where}: key column {k!r} must be required (no empty cells)")
    if len(set(key)) != len(key):
        raise DataError(f"{where}: 'key' names a column twice")
    return raw["title"], raw.get("description", ""), tuple(columns), sources, tuple(key)
