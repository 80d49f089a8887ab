"""The example site in examples/minimal: a second site, nothing of this one, built with the
plugin from the outside (its own data folder and an artifact module outside recomputed)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "minimal"


def run(args: list[str], cwd: Path, cache: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, RECOMPUTED_CACHE=str(cache), NO_MKDOCS_2_WARNING="true",
               RECOMPUTED_JOBS="1", MPLBACKEND="Agg")
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=600)


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    """A copy of the example, built with ``mkdocs build --strict -f`` from another folder
    (its paths are relative to its mkdocs.yml), into a cache of its own."""
    tmp = tmp_path_factory.mktemp("example")
    shutil.copytree(EXAMPLE, tmp / "minimal",
                    ignore=shutil.ignore_patterns("site", ".cache", "__pycache__"))
    proc = run(["-m", "mkdocs", "build", "--strict", "-f", "minimal/mkdocs.yml"], tmp,
               tmp / "cache")
    assert proc.returncode == 0, proc.stderr[-3000:]
    (tmp / "minimal" / "build.log").write_text(proc.stderr)
    return tmp / "minimal"


def test_the_page_shows_the_computed_value_table_figure_and_claim(example):
    html = (example / "site" / "index.html").read_text(encoding="utf-8")
    assert "<!-- rc:" not in html
    assert re.search(r'<span class="rc-value" tabindex="0" title="1\.49\d*, computed at '
                     r'build time[^"]*\(orbits\.period_exponent\)"', html)
    assert ">1.498</span>" in html
    assert '<td style="text-align: left;">Neptune</td>' in html  # the table
    assert 'src="figures/orbits.period_plot.svg#only-light"' in html
    assert (example / "site" / "figures" / "orbits.period_plot.svg").read_bytes().startswith(
        b"<?xml")
    assert ('<a class="rc-claim rc-holds" href="claims/#claim-orbits-claim-third-law"'
            in html)
    ledger = (example / "site" / "claims" / "index.html").read_text(encoding="utf-8")
    assert 'id="claim-orbits-claim-third-law"' in ledger
    catalogue = (example / "site" / "data" / "index.html").read_text(encoding="utf-8")
    assert 'id="planets"' in catalogue and "file <code>data/planets.csv</code>" in catalogue


def test_its_registry_holds_its_artifacts_only(example):
    assert "recomputed: 4 artifacts, 4 computed" in (example / "build.log").read_text()
    site = example / "site"
    assert sorted(p.name for p in (site / "figures").iterdir()) == [
        "orbits.period_plot.dark.svg", "orbits.period_plot.narrow.dark.svg",
        "orbits.period_plot.narrow.svg", "orbits.period_plot.png",
        "orbits.period_plot.points.json", "orbits.period_plot.svg"]
    assert sorted(p.name for p in (site / "data").glob("*.csv")) == [
        "orbits.period_plot.csv", "orbits.planets.csv"]
    assert [p.name for p in (site / "data" / "sources").iterdir()] == ["planets.csv"]


def test_nothing_of_this_site_is_in_the_example():
    text = "\n".join(p.read_text(encoding="utf-8") for p in EXAMPLE.rglob("*")
                     if p.is_file() and p.suffix in (".md", ".py", ".yml", ".toml", ".csv"))
    for word in ("newsletter", "AN #", "recomputed.artifacts", "glossary", "build_hooks"):
        assert word not in text, word


REBUILD = """
import sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config

root = Path(sys.argv[1])
build(load_config(str(root / "mkdocs.yml")))
before = (root / "site" / "index.html").read_text()
module = root / "orbits.py"
module.write_text(module.read_text().replace("Distance, period and Kepler's ratio",
                                             "Edited while serving"))
build(load_config(str(root / "mkdocs.yml")))  # what `mkdocs serve` does after a save
after = (root / "site" / "index.html").read_text()
print("before:", "Kepler&#x27;s ratio" in before or "Kepler's ratio" in before,
      "after:", "Edited while serving" in after)
"""


def test_a_rebuild_in_one_process_uses_the_edited_artifact_module(example, tmp_path):
    """`mkdocs serve` rebuilds in one process: the site's own artifact module, outside
    recomputed, is imported afresh too."""
    shutil.copytree(example, tmp_path / "minimal", ignore=shutil.ignore_patterns("site"))
    proc = run(["-c", REBUILD, str(tmp_path / "minimal")], tmp_path,
               example.parent / "cache")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.strip() == "before: True after: True"
