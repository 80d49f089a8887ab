"""A toy project for the engine tests, built in this process (no MkDocs, no subprocess).

The toy lives in a temporary folder as a package of its own, ``toyart``, next to one
data set, exactly as another site's artifacts would live outside ``recomputed``:

    toyart/artifacts/toy.py          values, a table, a figure and a claim
    toyart/artifacts/toy_doubled.py  the one artifact that uses toyart/toyscience.py
    toyart/toyscience.py             a science module
    data/toy.csv, data/toy.toml      the data set

Import it with ``from toyengine import toy_engine  # noqa: F401`` (a fixture).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from recomputed.engine import build, registry
from recomputed.engine.cache import Cache

TOY_SCHEMA = """\
title = "Toy data"
description = "Two numbers for the engine tests."
key = ["label"]

[sources.toy]
paper = "A toy paper"
authors = "Nobody"
year = 2024
url = "https://example.org/toy"

[[columns]]
name = "label"
type = "str"
unit = ""
description = "Row label"

[[columns]]
name = "x"
type = "float"
unit = "widgets"
description = "A number"
positive = true
"""

TOY_CSV = "label,x,source,where\na,2.0,toy,Table 1\nb,3.0,toy,Table 1\n"

TOY_SCIENCE = '''\
"""Toy science used by one artifact only."""


def double(x):
    return 2 * x
'''

TOY_ARTIFACTS = '''\
"""Toy artifacts for the engine tests."""

import functools

from recomputed.engine.registry import Col, Plot, Table, claim, figure, table, value


@value("toy.total", inputs=["toy"], fmt="sig:3")
def total(toy):
    """Sum of x."""
    return float(sum(toy.column("x")))


BASE = 1.5  # a module-level constant


@value("toy.scaled", params={"factor": 10}, fmt="sig:3")
def scaled(factor):
    """A constant times a parameter (reads no data)."""
    return BASE * factor


@functools.cache
def _label(text):
    return text.upper()


@table("toy.rows", inputs=["toy"], title="Toy rows")
def rows(toy):
    return Table([Col("Label", align="left"), Col("x", fmt="fixed:1")],
                 [(_label(r["label"]), r["x"]) for r in toy])


@figure("toy.plot", inputs=["toy"], title="Toy plot")
def plot(toy):
    from recomputed.engine import plotting

    fig, ax = plotting.new_figure(4, 3)
    ax.plot([1, 2], toy.column("x"), marker="o")
    ax.set_xlabel("index")
    return Plot(fig, Table([Col("x", fmt="fixed:1")], [(v,) for v in toy.column("x")]),
                alt="two points")


claim("toy.claim_total_is_five", of="toy.total", issue="AN #1", summary="Toy summary",
      stated="the total is about 5", target="5", exact="the sum of the data file's numbers")
'''

# In a module of its own: keys are per file, so only this artifact reads toyscience.
TOY_SCIENCE_USER = '''\
"""The toy artifact that uses the toy science module."""

from recomputed.engine.registry import value
from toyart import toyscience


@value("toy.doubled", inputs=["toy"], fmt="sig:3")
def doubled(toy):
    """Twice the first x, through the toy science module."""
    return float(toyscience.double(toy.rows[0]["x"]))
'''

ALL = {"toy.total", "toy.doubled", "toy.scaled", "toy.rows", "toy.plot",
       "toy.claim_total_is_five"}
MODULES = ("toyart.artifacts",)


@dataclass
class ToyEngine:
    root: Path
    outputs: dict = field(default_factory=dict)

    @property
    def pkg(self) -> Path:
        return self.root / "toyart"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def cache(self) -> Path:
        return self.root / "cache"

    def build(self, *names: str, cache: Path | None = None, jobs: int = 1,
              check_claims: bool = True) -> dict[str, str]:
        """Build (as from files just edited) and return {artifact: 'computed' | 'cache'}."""
        registry.forget(["toyart"])
        self.outputs = build.build(names or None, cache=Cache(cache or self.cache),
                                   data_dir=self.data, jobs=jobs, check_claims=check_claims,
                                   modules=MODULES)
        return {n: "cache" if o.cached else "computed" for n, o in self.outputs.items()}

    def computed(self, *names: str, **kw) -> set[str]:
        return {n for n, o in self.build(*names, **kw).items() if o == "computed"}

    def edit(self, relpath: str, old: str, new: str) -> None:
        path = self.pkg / relpath
        text = path.read_text()
        assert old in text, f"{old!r} not in {relpath}"
        path.write_text(text.replace(old, new, 1))


def make(root: Path) -> ToyEngine:
    toy = ToyEngine(root)
    (toy.pkg / "artifacts").mkdir(parents=True)
    (toy.pkg / "__init__.py").write_text("")
    (toy.pkg / "artifacts" / "__init__.py").write_text("")
    (toy.pkg / "toyscience.py").write_text(TOY_SCIENCE)
    (toy.pkg / "artifacts" / "toy.py").write_text(TOY_ARTIFACTS)
    (toy.pkg / "artifacts" / "toy_doubled.py").write_text(TOY_SCIENCE_USER)
    toy.data.mkdir()
    (toy.data / "toy.toml").write_text(TOY_SCHEMA)
    (toy.data / "toy.csv").write_text(TOY_CSV)
    return toy


@pytest.fixture
def toy_engine(tmp_path, monkeypatch) -> ToyEngine:
    """The toy project, importable as ``toyart`` while the test runs."""
    toy = make(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    # No bytecode: an edit within the second of the last import, of the same size, would
    # otherwise be run from the stale .pyc (it is checked by mtime and size only).
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    yield toy
    registry.forget(["toyart"])
    sys.path_importer_cache.clear()
