"""Results do not depend on the order artifacts are computed in, on how many processes
compute them, or on another build writing to the same cache at the same time.

These build most real artifacts from scratch several times, so they are marked slow.
Left out are only the scaling-theory simulations (``theory_simulations.py``, the bulk of
a cold build; seeded from their params like every random draw here) and what reads them.
Kept are the seeded bootstraps, random MDPs and random gate inputs, and the artifacts
that read a shared intermediate (the bandit solution, the AlexNet bootstrap): computed
one after another in one process here, apart in workers there.
"""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest

from recomputed.engine import registry
from recomputed.engine.cache import Cache

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def _names() -> list[str]:
    """Registry order, without the slow simulations and their readers."""
    reg = registry.load_all()
    sims = "recomputed.artifacts.theory_simulations"
    return [n for n, a in reg.items()
            if a.module != sims and not any(reg[r].module == sims for r in a.reads)]


def _start(cache: Path, out: Path, names: list[str], jobs: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "recomputed.cli", "--cache", str(cache), "build",
         "--out", str(out), "--jobs", str(jobs), "--only", *names],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def _finish(proc: subprocess.Popen) -> str:
    stdout, stderr = proc.communicate(timeout=1800)
    assert proc.returncode == 0, stderr[-3000:]
    assert "WARNING" not in stderr, stderr[-3000:]
    return stdout


def _origins(stdout: str) -> dict[str, str]:
    return {p[4]: p[2] for p in map(str.split, stdout.splitlines()) if len(p) == 5 and p[1] == "s"}


def _stored(cache: Path, names: list[str]) -> dict[str, dict[str, bytes]]:
    """Every artifact's cached files, found through the key recorded under its name."""
    c = Cache(cache)
    found = {}
    for name in names:
        key = c.recorded(name)["key"]
        found[name] = c.get(key, name)
        assert found[name] is not None, name
    return found


def _differences(a: dict, b: dict) -> list[str]:
    assert a.keys() == b.keys()
    return [f"{n}/{f}" for n in a for f in sorted(a[n].keys() | b[n].keys())
            if a[n].get(f) != b[n].get(f)]


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """A cold build, one process, registry order."""
    root = tmp_path_factory.mktemp("reference")
    names = _names()
    _finish(_start(root / "cache", root / "out", names, jobs=1))
    return names, _stored(root / "cache", names)


def test_order_and_parallelism_do_not_change_any_byte(reference, tmp_path):
    names, expected = reference
    shuffled = names[:]
    random.Random(20240601).shuffle(shuffled)
    stdout = _finish(_start(tmp_path / "cache", tmp_path / "out", shuffled, jobs=2))
    assert set(_origins(stdout).values()) == {"computed"}
    got = _stored(tmp_path / "cache", names)
    assert _differences(expected, got) == []
    kinds = {registry.get(n).kind for n in names}
    assert kinds == set(registry.KINDS)  # values, tables, figures and claims all compared
    assert sum("figure.svg" in files for files in got.values()) >= 10


def test_two_builds_at_once_leave_a_sound_cache(reference, tmp_path):
    names, expected = reference
    cache = tmp_path / "cache"
    # Same order in both, so they compute and store the same entries at about the same time.
    both = [_start(cache, tmp_path / f"out{i}", names, jobs=1) for i in (1, 2)]
    for proc in both:
        _finish(proc)
    assert Cache(cache).problems() == {}
    third = _finish(_start(cache, tmp_path / "out3", names, jobs=1))
    assert set(_origins(third).values()) == {"cache"} and len(_origins(third)) == len(names)
    assert _differences(expected, _stored(cache, names)) == []
    for i in (1, 2):
        assert ((tmp_path / f"out{i}" / "values.json").read_bytes()
                == (tmp_path / "out3" / "values.json").read_bytes())
