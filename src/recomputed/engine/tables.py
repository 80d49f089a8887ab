"""What figure and table functions return: a :class:`Table` of plain values (columns with
their number formats) and a :class:`Plot` (a matplotlib figure and the table it draws)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from recomputed.engine import numbers


class TableError(ValueError):
    """A table whose rows do not fit its columns."""


def _plain(x):
    """NumPy scalars to Python numbers, so nothing prints as np.float64(...)."""
    if hasattr(x, "item") and callable(x.item) and getattr(x, "shape", None) == ():
        return x.item()
    return x


@dataclass(frozen=True)
class Col:
    """A table column: its header, the number format of its cells, and its unit.

    Two flags say how a page shows the column; neither changes the data, its order or
    its CSV, so artifacts that read the table by header or position are unaffected:

    - ``lead``: the column carries the table's conclusion, so a page shows it right
      after the first column (which names the row), where a reader sees it first;
    - ``detail``: raw detail behind the conclusion, so a page shows it only in the
      "all columns" disclosure under the table (and the CSV has it).
    """

    header: str
    fmt: str | None = None  # None: cells are text
    unit: str = ""
    align: str = "right"
    lead: bool = False
    detail: bool = False

    def __post_init__(self):
        if self.fmt is not None:
            numbers.parse_spec(self.fmt)
        if self.lead and self.detail:
            raise TableError(f"column {self.header!r} cannot both lead and be detail")


@dataclass(frozen=True)
class Table:
    """A table of plain values; numbers are formatted by :mod:`recomputed.engine.numbers`."""

    columns: tuple[Col, ...]
    rows: tuple[tuple, ...]

    def __init__(self, columns: Sequence[Col], rows: Sequence[Sequence]):
        columns = tuple(columns)
        rows = tuple(tuple(r) for r in rows)
        if columns and (columns[0].lead or columns[0].detail):
            raise TableError(f"the first column, {columns[0].header!r}, names the rows: "
                             "it is always shown first, so it cannot lead or be detail")
        for i, r in enumerate(rows):
            if len(r) != len(columns):
                raise TableError(f"table row {i} has {len(r)} cells for {len(columns)} columns")
        object.__setattr__(self, "columns", columns)
        object.__setattr__(self, "rows", tuple(tuple(_plain(c) for c in r) for r in rows))


@dataclass
class Plot:
    """What a figure function returns: the matplotlib figure and the data it draws.

    ``data`` is published next to the figure as CSV, so readers can check it.
    """

    figure: Any
    data: Table
    alt: str
