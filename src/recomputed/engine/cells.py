"""How one cell of a data file's CSV is read: the text of a cell as a typed value, and the
quotes Python's csv module would let through. Used by :mod:`recomputed.engine.datafiles`."""

from __future__ import annotations

import datetime as dt
import math
import re

from recomputed.engine.schema import Column

INT = re.compile(r"[+-]?[0-9]+")
FLOAT = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")


def stray_quote(text: str) -> int | None:
    """The line of the first quote inside an unquoted cell (``den"se``), which Python's
    csv module accepts as part of the cell; ``None`` if there is none."""
    line, at_start, quoted, i = 1, True, False, 0
    while i < len(text):
        ch = text[i]
        if quoted:
            if ch == '"':
                if text[i + 1:i + 2] == '"':
                    i += 1  # a doubled quote inside a quoted cell
                else:
                    quoted = False
        elif ch == '"':
            if not at_start:
                return line
            quoted = True
        at_start = not quoted and ch in ",\n"
        line += ch == "\n"
        i += 1
    return None


def parse_cell(text: str, col: Column):
    text = text.strip()
    if text == "":
        if col.required:
            raise ValueError("empty, but the column is required")
        return None
    if col.type == "str":
        return text
    if col.type == "date":
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"{text!r} is not a date (YYYY-MM-DD)") from None
    # Python's int() and float() also take "1_000" and full-width digits; a data file
    # should hold numbers as every reader of a CSV understands them.
    if not (INT if col.type == "int" else FLOAT).fullmatch(text):
        kind = "an integer (digits 0-9)" if col.type == "int" else (
            "a number (digits 0-9, a point, an optional exponent: 1000, 0.076, 1.5e9)")
        raise ValueError(f"{text!r} is not {kind}")
    value = int(text) if col.type == "int" else float(text)
    if col.type == "float" and not math.isfinite(value):
        raise ValueError(f"{text!r} is not a finite number")
    if col.positive and value <= 0:
        raise ValueError(f"{text} must be positive")
    if col.min is not None and value < col.min:
        raise ValueError(f"{text} is below the minimum {col.min}")
    if col.max is not None and value > col.max:
        raise ValueError(f"{text} is above the maximum {col.max}")
    return value
