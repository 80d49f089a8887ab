"""Reading a user's CSV of training runs, with errors that name the row and column.

This is user input for ``recomputed fit``, not one of the site's data sets (those go
through :mod:`recomputed.engine.datafiles`, which requires provenance columns). A runs file
has a header and one row per training run; by default the columns ``params``
(N, parameters), ``tokens`` (D, training tokens) and ``loss`` (final loss, e.g. nats
per token). Instead of tokens a compute column C (FLOP) may be given; tokens are then
D = C / (6 N). Extra columns are ignored.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np


class RunsError(ValueError):
    """A runs file that cannot be used; the message starts with ``file:line``."""


@dataclass(frozen=True)
class Runs:
    """Runs as float arrays: N (parameters), D (tokens) and loss, one entry per run."""

    params: np.ndarray
    tokens: np.ndarray
    loss: np.ndarray
    source: str

    def __len__(self) -> int:
        return int(self.loss.size)


def parse(text: str, source: str = "<runs>", *, params_col: str = "params",
          tokens_col: str | None = "tokens", loss_col: str = "loss",
          compute_col: str | None = None, need_tokens: bool = True) -> Runs:
    """Parse CSV ``text``; ``source`` names it in errors.

    Give ``compute_col`` to derive tokens from compute (then ``tokens_col`` is
    ignored); ``need_tokens=False`` for one-variable fits (tokens are NaN then).
    """
    reader = csv.reader(io.StringIO(text))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise RunsError(f"{source}:1: the file is empty; it needs a header row") from None
    wanted = {"params": params_col, "loss": loss_col}
    if compute_col:
        wanted["compute"] = compute_col
    elif need_tokens:
        wanted["tokens"] = tokens_col or "tokens"
    missing = [col for col in wanted.values() if col not in header]
    if missing:
        hint = ""
        if "tokens" in wanted and wanted["tokens"] in missing:
            hint = " (or give --compute-col to derive tokens as C/(6N))"
        raise RunsError(
            f"{source}:1: missing column(s) {', '.join(repr(m) for m in missing)}; "
            f"the header has {', '.join(repr(h) for h in header)}{hint}"
        )
    pos = {key: header.index(col) for key, col in wanted.items()}
    values = {key: [] for key in wanted}
    for record in reader:
        line = reader.line_num
        if not record or all(not c.strip() for c in record):
            continue
        for key, i in pos.items():
            col = wanted[key]
            cell = record[i].strip() if i < len(record) else ""
            if cell == "":
                raise RunsError(f"{source}:{line}: column {col!r}: empty cell")
            try:
                v = float(cell)
            except ValueError:
                raise RunsError(f"{source}:{line}: column {col!r}: {cell!r} is not a number"
                                ) from None
            if not math.isfinite(v) or v <= 0:
                raise RunsError(f"{source}:{line}: column {col!r}: {cell} must be a positive "
                                "finite number")
            values[key].append(v)
    if not values["loss"]:
        raise RunsError(f"{source}: no runs (only a header)")
    n = np.array(values["params"])
    if "compute" in values:
        d = np.array(values["compute"]) / (6.0 * n)
    elif "tokens" in values:
        d = np.array(values["tokens"])
    else:
        d = np.full(n.shape, math.nan)
    return Runs(params=n, tokens=d, loss=np.array(values["loss"]), source=source)


def read(path, **columns) -> Runs:
    """Read a runs CSV from ``path`` (see :func:`parse` for the column options)."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise RunsError(f"{path}: no such file") from None
    except UnicodeDecodeError as exc:
        raise RunsError(f"{path}: not UTF-8 text ({exc})") from None
    return parse(text, str(path), **columns)
