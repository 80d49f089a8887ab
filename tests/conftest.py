"""Shared fixtures: a throw-away copy of the engine with a tiny artifact module of its own."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests give the same verdict on every run: examples come from a fixed seed, no
# example database carries failures from one run to the next, and no timing deadline
# (a first call that imports SciPy is slow). `--hypothesis-profile=explore` searches anew.
settings.register_profile("fixed", derandomize=True, database=None, deadline=None)
settings.register_profile("explore", deadline=None, max_examples=500)
settings.load_profile("fixed")

pytest_plugins = ["toyengine"]  # the in-process toy project's fixture, toy_engine

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "recomputed"
# This site's own hook helpers (the `newsletter` package), importable as the hook imports them.
sys.path.insert(0, str(ROOT / "build_hooks"))

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


BASE = 1.5  # a module-level constant: its value is part of the artifact's key


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
      stated="the total is about 5", target=5.0, rel_tol=0.05)
'''

# In a module of its own: keys are per file, so only this artifact reads toyscience.
TOY_SCIENCE_USER = '''\
"""The toy artifact that uses the toy science module."""

from recomputed.engine.registry import value
from recomputed.science import toyscience


@value("toy.doubled", inputs=["toy"], fmt="sig:3")
def doubled(toy):
    """Twice the first x, through the toy science module."""
    return float(toyscience.double(toy.rows[0]["x"]))
'''


@dataclass
class ToyProject:
    root: Path

    @property
    def pkg(self) -> Path:
        return self.root / "src" / "recomputed"

    @property
    def data(self) -> Path:
        return self.pkg / "data"

    def env(self) -> dict:
        env = dict(os.environ)
        env["PYTHONPATH"] = str(self.root / "src")
        env["RECOMPUTED_CACHE"] = str(self.root / "cache")
        env["MPLBACKEND"] = "Agg"
        return env

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        proc = subprocess.run(
            [sys.executable, "-m", "recomputed.cli", *args],
            cwd=self.root, env=self.env(), capture_output=True, text=True, timeout=300,
        )
        if check and proc.returncode != 0:
            raise AssertionError(f"recomputed {' '.join(args)} failed:\n{proc.stderr}")
        return proc

    def build(self, *extra: str) -> dict[str, str]:
        """Run ``recomputed build`` and return {artifact: 'computed' | 'cache'}."""
        proc = self.run("build", "--out", str(self.root / "out"), *extra)
        origin = {}
        for line in proc.stdout.splitlines():
            parts = line.split()
            if len(parts) == 5 and parts[1] == "s":
                origin[parts[4]] = parts[2]
        return origin

    def edit(self, relpath: str, old: str, new: str) -> None:
        path = self.pkg / relpath
        text = path.read_text()
        assert old in text, f"{old!r} not in {relpath}"
        path.write_text(text.replace(old, new, 1))


@pytest.fixture
def toy(tmp_path) -> ToyProject:
    """A copy of the engine whose only artifacts are the toy ones above."""
    dest = tmp_path / "src" / "recomputed"

    def ignore(folder, names):
        skip = {"__pycache__", "data"}
        if Path(folder).name == "artifacts":
            skip |= {n for n in names if n != "__init__.py"}
        return skip & set(names)

    shutil.copytree(PACKAGE, dest, ignore=ignore)
    (dest / "data").mkdir()
    (dest / "data" / "toy.toml").write_text(TOY_SCHEMA)
    (dest / "data" / "toy.csv").write_text(TOY_CSV)
    (dest / "science" / "toyscience.py").write_text(TOY_SCIENCE)
    (dest / "artifacts" / "toy.py").write_text(textwrap.dedent(TOY_ARTIFACTS))
    (dest / "artifacts" / "toy_doubled.py").write_text(TOY_SCIENCE_USER)
    return ToyProject(tmp_path)


def mkdocs(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run MkDocs with the real project's artifact cache (tiny sites reuse its results)."""
    env = dict(os.environ)
    env["RECOMPUTED_CACHE"] = str(ROOT / ".cache" / "recomputed")
    env["NO_MKDOCS_2_WARNING"] = "true"
    return subprocess.run([sys.executable, "-m", "mkdocs", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real site, built once per test session with ``mkdocs build --strict``."""
    out = tmp_path_factory.mktemp("site")
    proc = mkdocs("build", "--strict", "--site-dir", str(out), cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-4000:]
    return out


TOY_NAMES = ("toy.total", "toy.doubled", "toy.scaled", "toy.rows", "toy.plot",
             "toy.claim_total_is_five")


def plugin(data_dir: str | Path = "src/recomputed/data", **options) -> dict:
    """The ``plugins:`` entry of the recomputed plugin, for this package's own artifacts."""
    return {"recomputed": {"modules": ["recomputed.artifacts"], "data_dir": str(data_dir),
                           **options}}


@dataclass
class ToySite:
    """The toy engine as an MkDocs project: one page citing every toy artifact, the real
    plugin (with a claims page and a data page), and the real project's link validation
    settings."""

    toy: ToyProject
    cache: Path

    @property
    def root(self) -> Path:
        return self.toy.root

    @property
    def page(self) -> Path:
        return self.root / "docs" / "index.md"

    def config(self, options: dict | None = None, **extra) -> None:
        """Write mkdocs.yml; ``options`` change the plugin's, ``extra`` the top-level keys
        (``plugins`` are added after the recomputed plugin)."""
        import yaml
        from mkdocs.utils.yaml import get_yaml_loader  # understands !ENV, like MkDocs

        real = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=get_yaml_loader())
        options = {"claims_page": "claims.md", "data_page": "data.md", **(options or {})}
        plugins = ["search", plugin(**options), *extra.pop("plugins", [])]
        cfg = {"site_name": "toy", "plugins": plugins,
               "markdown_extensions": ["attr_list", "md_in_html", "tables"],
               "validation": real["validation"], **extra}
        (self.root / "mkdocs.yml").write_text(yaml.safe_dump(cfg))

    def mkdocs(self, *args: str) -> subprocess.CompletedProcess:
        """Run ``mkdocs ARGS`` in the toy project (artifact cache shared by the session)."""
        env = self.toy.env()
        env["RECOMPUTED_CACHE"] = str(self.cache)
        env["RECOMPUTED_JOBS"] = "1"  # a handful of toy artifacts: no worker pool to start
        env["NO_MKDOCS_2_WARNING"] = "true"
        return subprocess.run([sys.executable, "-m", "mkdocs", *args], cwd=self.root, env=env,
                              capture_output=True, text=True, timeout=600)

    def staging_leftovers(self) -> list[str]:
        return sorted(p.name for p in self.root.iterdir() if p.name.startswith(".site."))


@pytest.fixture(scope="session")
def toy_cache(tmp_path_factory) -> Path:
    """One artifact cache for every toy site (content-addressed, so sharing is safe)."""
    return tmp_path_factory.mktemp("toy-cache")


@pytest.fixture
def toy_site(toy, toy_cache) -> ToySite:
    (toy.root / "docs").mkdir()
    (toy.root / "docs" / "index.md").write_text(
        "# Toy\n\n" + "\n\n".join(f"<!-- rc:{n} -->" for n in TOY_NAMES) + "\n")
    # Claims link to their entry in the ledger, tables to their data set in the catalogue.
    (toy.root / "docs" / "claims.md").write_text("# Claims\n\n<!-- rc:ledger -->\n")
    (toy.root / "docs" / "data.md").write_text("# Data\n\n<!-- rc:datasets -->\n")
    site = ToySite(toy, toy_cache)
    site.config()
    return site
def pytest_terminal_summary(terminalreporter):
    """Say at the very end, where nobody misses it, which browser tests were skipped and why."""
    skipped = []
    for report in terminalreporter.stats.get("skipped", []):
        ours = report.nodeid.startswith("tests/test_browser.py")
        if ours and isinstance(report.longrepr, tuple):  # (path, line, reason)
            skipped.append((report.nodeid, report.longrepr[2].removeprefix("Skipped: ")))
    if skipped:
        whole = any("::" not in nodeid for nodeid, _ in skipped)
        title = "ALL BROWSER TESTS SKIPPED" if whole else "SOME BROWSER TESTS SKIPPED"
        terminalreporter.write_sep("!", title, yellow=True, bold=True)
        for nodeid, reason in sorted(set(skipped)):
            terminalreporter.write_line(f"{nodeid}: {reason}", yellow=True)
