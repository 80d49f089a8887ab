"""The schema of a data set (``NAME.toml``): its title, sources, row key and columns,
checked as it is read. See :mod:`recomputed.engine.datafiles` for the format."""

from __future__ import annotations

import re
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


SAFE_SCHEMES = ("https://", "http://")
ARXIV_ID = r"(\d{4}\.\d{4,5}|[a-z-]+(\.[A-Z]{2})?/\d{7})(v\d+)?"  # 2001.08361, hep-th/9901001


def is_safe_url(url: str) -> bool:
    """Whether ``url`` is an absolute ``https:`` or ``http:`` address with nothing in it
    that could end a Markdown link or an HTML attribute (spaces, quotes, brackets)."""
    return (url.lower().startswith(SAFE_SCHEMES) and len(url) > len("https://")
            and not re.search(r"[\s<>\"'`()\[\]{}\\]", url))


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


def _line_of(text: str, pattern: str, nth: int = 1) -> int:
    """The line (1-based) of the ``nth`` match of ``pattern`` at a line's start, or 1."""
    found = list(re.finditer(rf"(?m)^[ \t]*{pattern}", text))
    return text[: found[nth - 1].start()].count("\n") + 1 if len(found) >= nth else 1


def _toml_error_line(message: str) -> int:
    """The line tomllib's message names ("... (at line 3, column 5)"), or 1."""
    m = re.search(r"at line (\d+)", message)
    return int(m.group(1)) if m else 1


def parse_schema(path: Path) -> tuple[str, str, tuple[Column, ...], dict[str, Source],
                                       tuple[str, ...]]:
    shown = _display(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DataError(f"{shown}: schema file is missing (every CSV needs a .toml)") from None
    if data.startswith(b"\xef\xbb\xbf"):
        raise DataError(f"{shown}:1: the file starts with a byte-order mark; save it as "
                        "UTF-8 without one")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DataError(f"{shown}:{line}: not UTF-8 (byte {data[exc.start]:#04x}); save the "
                        "file as UTF-8") from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None) or _toml_error_line(str(exc))
        raise DataError(f"{shown}:{line}: not valid TOML: {exc}") from None
    where = f"{shown}:1"

    def src_at(key: str) -> str:  # a source's errors point at its [sources.KEY] header
        return f"{shown}:{_line_of(text, re.escape(f'[sources.{key}]'))}"

    def col_at(i: int) -> str:  # a column's, at its [[columns]] header
        return f"{shown}:{_line_of(text, re.escape('[[columns]]'), i)}"

    def top_at(key: str) -> str:
        line = _line_of(text, re.escape(key) + r"\s*=")
        return f"{shown}:{line}"

    for key in ("title", "key", "sources", "columns"):
        if key not in raw:
            hint = ' (the columns that tell rows apart, e.g. key = ["model"])'
            hint = hint if key == "key" else ""
            raise DataError(f"{where}: missing top-level key {key!r}{hint}")
    unknown = sorted(set(raw) - set(TOP_LEVEL))
    if unknown:
        raise DataError(
            f"{where}: unknown top-level keys {unknown} (known: {', '.join(TOP_LEVEL)})")
    _expect(top_at("title"), "'title'", raw["title"], str, "text")
    _expect(top_at("description"), "'description'", raw.get("description", ""), str, "text")
    _expect(where, "[sources]", raw["sources"], dict, "a table of [sources.KEY] tables")
    if not raw["sources"]:
        raise DataError(f"{where}: [sources] is empty; every row must cite a source")
    sources = {}
    for key, src in raw["sources"].items():
        _expect(src_at(key), f"source {key!r}", src, dict, "a table")
        missing = [f for f in SOURCE_FIELDS if f not in src]
        if missing:
            raise DataError(f"{src_at(key)}: source {key!r} lacks {', '.join(missing)}")
        if not (src.get("arxiv") or src.get("url")):
            raise DataError(f"{src_at(key)}: source {key!r} needs an 'arxiv' id or a 'url'")
        unknown = set(src) - {*SOURCE_FIELDS, "arxiv", "url"}
        if unknown:
            raise DataError(f"{src_at(key)}: source {key!r} has unknown fields {sorted(unknown)}")
        for f in ("paper", "authors", "arxiv", "url"):
            if f in src:
                _expect(src_at(key), f"source {key!r}: {f!r}", src[f], str, "text")
        _expect(src_at(key), f"source {key!r}: 'year'", src["year"], int, "a whole number")
        if "url" in src and not is_safe_url(src["url"]):
            raise DataError(f"{src_at(key)}: source {key!r}: url must be an https:// or http:// "
                            f"address without spaces, quotes or brackets, not {src['url']!r}")
        if "arxiv" in src and not re.fullmatch(ARXIV_ID, src["arxiv"]):
            raise DataError(f"{src_at(key)}: source {key!r}: arxiv must be an arXiv id like "
                            f"'2001.08361', not {src['arxiv']!r}")
        sources[key] = Source(key=key, **src)
    _expect(where, "[[columns]]", raw["columns"], list, "a list of [[columns]] tables")
    columns = []
    for i, c in enumerate(raw["columns"], start=1):
        _expect(col_at(i), f"column #{i}", c, dict, "a [[columns]] table")
        for req in ("name", "type", "unit", "description"):
            if req not in c:
                raise DataError(f"{col_at(i)}: column #{i} lacks {req!r}")
        _expect(col_at(i), f"column #{i}: 'name'", c["name"], str, "text")
        what = f"column {c['name']!r}"
        for f in ("type", "unit", "description"):
            _expect(col_at(i), f"{what}: {f!r}", c[f], str, "text")
        if c["type"] not in TYPES:
            raise DataError(f"{col_at(i)}: {what} has unknown type {c['type']!r}")
        unknown = set(c) - {f.name for f in Column.__dataclass_fields__.values()}
        if unknown:
            raise DataError(f"{col_at(i)}: {what} has unknown keys {sorted(unknown)}")
        for f in ("required", "positive"):
            _expect(col_at(i), f"{what}: {f!r}", c.get(f, False), bool, "true or false")
        for f in ("min", "max"):
            if c.get(f) is not None:
                _expect(col_at(i), f"{what}: {f!r}", c[f], (int, float), "a number")
        checks = [f for f in ("min", "max") if c.get(f) is not None] + (
            ["positive"] if c.get("positive") else [])
        if checks and c["type"] not in ("float", "int"):
            raise DataError(f"{col_at(i)}: {what}: {', '.join(checks)} need a numeric type")
        columns.append(Column(**c))
    if not columns:
        raise DataError(f"{where}: no [[columns]] declared")
    names = [c.name for c in columns]
    if len(set(names)) != len(names):
        raise DataError(f"{where}: duplicate column names")
    if set(names) & set(PROVENANCE_COLUMNS):
        i = next(i for i, n in enumerate(names, start=1) if n in PROVENANCE_COLUMNS)
        raise DataError(f"{col_at(i)}: 'source' and 'where' are implicit; do not declare them")
    key = raw["key"]
    key_at = top_at("key")
    _expect(key_at, "'key'", key, list, 'a list of column names, e.g. ["model"]')
    if not key:
        raise DataError(f"{key_at}: 'key' is empty; name the columns that tell rows apart")
    by_name = {c.name: c for c in columns}
    for k in key:
        if k not in by_name:
            raise DataError(f"{key_at}: 'key' names {k!r}, which is not a declared column "
                            f"(columns: {', '.join(names)})")
        if not by_name[k].required:
            raise DataError(f"{key_at}: key column {k!r} must be required (no empty cells)")
    if len(set(key)) != len(key):
        raise DataError(f"{key_at}: 'key' names a column twice")
    return raw["title"], raw.get("description", ""), tuple(columns), sources, tuple(key)
