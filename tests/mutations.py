"""Mechanical edits of Python source for the never-stale property tests: each literal of a
module (a number, a string, a boolean), except docstrings and the pieces of f-strings,
changed into another value of its type."""

from __future__ import annotations

import ast
import random
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Mutation:
    path: Path
    line: int
    col: int
    end_col: int
    old: str
    new: str

    def __str__(self) -> str:
        return f"{self.path.name}:{self.line}: {self.old} -> {self.new}"

    def apply(self) -> str:
        """The file's text with this literal replaced; the original text is returned by
        :meth:`revert`'s caller, which keeps it."""
        lines = self.path.read_text(encoding="utf-8").splitlines(keepends=True)
        text = lines[self.line - 1]
        data = text.encode("utf-8")  # ast columns count bytes
        assert data[self.col:self.end_col].decode() == self.old, (self, text)
        lines[self.line - 1] = (data[:self.col] + self.new.encode() + data[self.end_col:]).decode()
        return "".join(lines)


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _changed(value) -> str | None:
    if isinstance(value, bool):
        return repr(not value)
    if isinstance(value, int):
        return repr(value + 1)
    if isinstance(value, float):
        return repr(value * 1.5 + 0.25)
    if isinstance(value, str):
        return repr(value + "~") if "\n" not in value else None
    return None


def literals(path: Path) -> list[Mutation]:
    """Every literal of ``path`` that can be changed in place, in order."""
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text)
    skip = _docstrings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):  # f-string pieces have no span of their own
            skip |= {id(v) for v in ast.walk(node) if isinstance(v, ast.Constant)}
        if isinstance(node, ast.ImportFrom):  # `from __future__ import annotations`
            skip.add(id(node))
    lines = text.splitlines()
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or id(node) in skip:
            continue
        if node.lineno != node.end_lineno:
            continue
        new = _changed(node.value)
        if new is None:
            continue
        old = lines[node.lineno - 1].encode()[node.col_offset:node.end_col_offset].decode()
        if old.startswith(("'", '"')) and old[0] * 3 == old[:3]:
            continue  # a one-line triple-quoted string: leave it
        if old.startswith(("r", "b", "u", "R", "B", "U")):
            continue  # prefixed strings: their repr would differ in kind
        found.append(Mutation(path, node.lineno, node.col_offset, node.end_col_offset, old, new))
    return sorted(found, key=lambda m: (m.line, m.col))


def sample(paths: list[Path], count: int, seed: int) -> list[Mutation]:
    """``count`` literals drawn (without replacement, reproducibly) from all of ``paths``."""
    pool = [m for p in sorted(paths) for m in literals(p)]
    rng = random.Random(seed)
    return sorted(rng.sample(pool, min(count, len(pool))), key=lambda m: (str(m.path), m.line))
