"""An artifact's result as files for the cache, and back: the one place that knows how.

A value or claim is ``result.json`` holding its number; a table is ``result.json``
holding its columns and rows; a figure is every file published for it
(:func:`recomputed.engine.plotting.renderings`: its SVG wide and narrow, each light and
recoloured for dark pages, a PNG, and its drawn points), each stored as ``figure.SUFFIX``,
and ``result.json`` holding the table of data behind it and its alt text.
This module is part of every artifact's key (:data:`recomputed.engine.keys.ALWAYS`), and
the plotting module of every figure's (:data:`recomputed.engine.keys.FIGURES`).
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import math
from dataclasses import dataclass

from recomputed.engine import numbers, registry
from recomputed.engine.estimates import Estimate
from recomputed.engine.registry import Artifact, Col, Table


@dataclass
class Output:
    artifact: Artifact
    key: str
    result: object  # float or Estimate for values and claims (None if unchecked), Table
    svg: bytes | None  # figures only: the light rendering
    data: Table | None  # the table behind a figure (figures), or the table itself
    alt: str
    cached: bool
    seconds: float
    svg_dark: bytes | None = None  # figures only: the same figure recoloured for dark pages
    # Figures only: every file published for it by suffix ("svg", "dark.svg", "narrow.svg",
    # "narrow.dark.svg", "png", "points.json"); see plotting.renderings.
    figure_files: dict[str, bytes] | None = None
    reasons: tuple[str, ...] = ()  # why it was computed rather than read (see explain.py)

    @property
    def name(self) -> str:
        return self.artifact.name

    @property
    def verdict(self) -> tuple[str, str] | None:
        if self.artifact.kind != "claim":
            return None
        fmt = self.artifact.fmt or "auto:3"
        return self.artifact.claim.verdict(self.result, lambda x: numbers.format_number(x, fmt))

    @property
    def as_input(self):
        """What an artifact that reads this one receives: a number, or a table."""
        return self.data if self.artifact.kind in ("table", "figure") else self.result


def _cell(x):
    if isinstance(x, dt.date):
        return x.isoformat()
    if isinstance(x, float) and not math.isfinite(x):
        return repr(x)
    return x


def table_to_json(t: Table) -> dict:
    return {
        "columns": [vars(c) for c in t.columns],
        "rows": [[_cell(c) for c in r] for r in t.rows],
    }


def table_from_json(d: dict) -> Table:
    def back(x):
        return float(x) if x in ("nan", "inf", "-inf") else x

    return Table([Col(**c) for c in d["columns"]], [[back(c) for c in r] for r in d["rows"]])


def _check_number(art: Artifact, x, allow_none=False):
    if x is None and allow_none:
        return None
    x = registry._plain(x)  # noqa: SLF001 - NumPy scalar to float
    if isinstance(x, bool) or not isinstance(x, int | float):
        raise TypeError(f"a {art.kind} must return a number, got {type(x).__name__}")
    if not math.isfinite(x):
        raise ValueError(f"computed a non-finite {art.kind}: {x}")
    return x


def _number_payload(x) -> dict:
    return x.as_json() if isinstance(x, Estimate) else {"result": x}


def _number_back(meta: dict):
    if "low" in meta:
        return Estimate(meta["result"], meta["low"], meta["high"], meta["why"])
    return meta["result"]


# What a site publishes for one table or figure. Over these, it is almost always a data
# set plotted or listed whole, which a reader cannot use and a page should not carry (a
# 100,000-row table made a 20 MB page and two 10 MB SVGs). This site's largest: a
# figure's data of 2,300 rows, an SVG of 200 KB, a CSV of 130 KB. (The rows a page may
# show of a table are limited where it is rendered: site/render.py, MAX_TABLE_ROWS.)
MAX_DATA_ROWS = 25_000  # rows of the numbers behind a table or figure (its CSV)
MAX_SVG_BYTES = 2_000_000  # each rendering of a figure
MAX_DATA_BYTES = 5_000_000  # a table's or figure's numbers, as published


class TooLargeError(ValueError):
    """A table or figure larger than a page should embed."""


def _check_size(table: Table, what: str, max_rows: int) -> bytes:
    if len(table.rows) > max_rows:
        raise TooLargeError(
            f"{what} has {len(table.rows):,} rows, more than the {max_rows:,} a page may "
            "embed; aggregate in the artifact (bin, average or keep the rows a reader "
            "needs) and leave the full data in its data set, which the site publishes")
    data = json.dumps(table_to_json(table), sort_keys=True).encode()
    if len(data) > MAX_DATA_BYTES:
        raise TooLargeError(f"{what}'s numbers take {len(data):,} bytes, more than the "
                            f"{MAX_DATA_BYTES:,} a page may link to; aggregate in the artifact")
    return data


def to_files(art: Artifact, result) -> dict[str, bytes]:
    """Check a fresh result against its kind and size, and turn it into the files we cache."""
    if art.kind == "value":
        payload = _number_payload(_check_number(art, result))
    elif art.kind == "claim":
        payload = _number_payload(
            _check_number(art, result, allow_none=art.claim.expect == "unchecked"))
    elif art.kind == "table":
        if not isinstance(result, Table):
            raise TypeError(f"a table must return a registry.Table, got {type(result).__name__}")
        _check_size(result, "the table", MAX_DATA_ROWS)
        payload = {"table": table_to_json(result)}
    else:
        if not isinstance(result, registry.Plot):
            raise TypeError(f"a figure must return a registry.Plot, got {type(result).__name__}")
        # Imported by name, not by an import statement: only figures' keys count the
        # plotting module and matplotlib (keys.FIGURES), and only a figure computed needs them.
        _check_size(result.data, "the figure's data", MAX_DATA_ROWS)
        plotting = importlib.import_module("recomputed.engine.plotting")
        files = plotting.renderings(result.figure)
        largest = max(len(b) for k, b in files.items() if k.endswith("svg"))
        if largest > MAX_SVG_BYTES:
            raise TooLargeError(
                f"the figure's SVG takes {largest:,} bytes, more than "
                f"the {MAX_SVG_BYTES:,} a page may embed; plot fewer points (bin or "
                "subsample them in the artifact) or draw dense ones with rasterized=True")
        return {
            **{f"figure.{suffix}": b for suffix, b in files.items()},
            "result.json": json.dumps(
                {"table": table_to_json(result.data), "alt": result.alt}, sort_keys=True
            ).encode(),
        }
    return {"result.json": json.dumps(payload, sort_keys=True).encode()}


def from_files(art: Artifact, key: str, files: dict[str, bytes], cached: bool,
               seconds: float) -> Output:
    """The :class:`Output` stored in ``files`` (raises on a malformed entry)."""
    meta = json.loads(files["result.json"])
    if art.kind in ("value", "claim"):
        return Output(art, key, _number_back(meta), None, None, "", cached, seconds)
    table = table_from_json(meta["table"])
    if art.kind == "table":
        return Output(art, key, table, None, table, "", cached, seconds)
    figure = {k[len("figure."):]: files[k] for k in FIGURE_FILES}
    return Output(art, key, None, figure["svg"], table, meta["alt"], cached, seconds,
                  figure["dark.svg"], figure_files=figure)


# The files of a figure's cache entry; an entry without one of them is malformed.
FIGURE_FILES = ("figure.svg", "figure.dark.svg", "figure.narrow.svg", "figure.narrow.dark.svg",
                "figure.png", "figure.points.json")


# What reading a well-formed entry written by other code can raise: a missing field, a
# wrong type. The entry is then discarded like a corrupt one, never published.
MALFORMED = (KeyError, TypeError, ValueError, AttributeError, IndexError)
