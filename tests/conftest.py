"""Shared fixtures: the Hypothesis profile, the real site built once per session, and the
toy project (:mod:`toyengine`) as a small MkDocs site on the plugin."""

from __future__ import annotations

import os
import subprocess
import sys
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


ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "recomputed"
# This site's own hook helpers (the `newsletter` package), importable as the hook imports them.
sys.path.insert(0, str(ROOT / "build_hooks"))

from toyengine import ALL as TOY_NAMES  # noqa: E402
from toyengine import (  # noqa: E402, F401 - for tests
    TOY_CSV,
    TOY_SCHEMA,
    ToyEngine,
    make,
    toy_engine,  # noqa: E402, F401 - the in-process toy project's fixture
)


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


@dataclass
class ToySite:
    """The toy engine as an MkDocs project: one page citing every toy artifact, the real
    plugin (with a claims page and a data page), and the real project's link validation
    settings."""

    toy: ToyEngine
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
        options = {"claims_page": "claims.md", "data_page": "data.md", "paths": ["."],
                   "modules": ["toyart.artifacts"], "data_dir": "data", **(options or {})}
        plugins = ["search", {"recomputed": options}, *extra.pop("plugins", [])]
        cfg = {"site_name": "toy", "plugins": plugins,
               "markdown_extensions": ["attr_list", "md_in_html", "tables"],
               "validation": real["validation"], **extra}
        (self.root / "mkdocs.yml").write_text(yaml.safe_dump(cfg))

    def mkdocs(self, *args: str) -> subprocess.CompletedProcess:
        """Run ``mkdocs ARGS`` in the toy project (artifact cache shared by the session)."""
        env = dict(os.environ, MPLBACKEND="Agg")
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
def toy_site(tmp_path, toy_cache) -> ToySite:
    toy = make(tmp_path)
    (toy.root / "docs").mkdir()
    (toy.root / "docs" / "index.md").write_text(
        "# Toy\n\n" + "\n\n".join(f"<!-- rc:{n} -->" for n in sorted(TOY_NAMES)) + "\n")
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
