"""Never stale: whatever is edited, a warm build publishes what a cold build publishes.

Edits are made mechanically (:mod:`mutations`: every literal of a module changed in turn,
a constant, a default argument, an argument of a module-level call, a string in a dict
of helpers...), not picked by hand. For each edit, a build with the cache of the
unedited code and a build with an empty cache must give the same results byte for byte,
or fail with the same message.

- Default tier: every literal of a toy package whose artifacts reach their numbers
  through closures, default arguments, dicts of helpers and module-level calls (built in
  this process, so it takes seconds); and the edit the issue describes, in the real
  ``fewshot.py``.
- Slow tier: a sample across the real package (science, artifacts, engine), each
  compared on the whole published site.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from mutations import literals, sample

ROOT = Path(__file__).resolve().parent.parent

TRICKY = '''\
"""Artifacts whose numbers reach them through closures, defaults, dicts and calls."""

from recomputed.engine.registry import Col, Table, claim, table, value

SCALE = 3.0
HELPERS = {"square": lambda x: x * x, "cube": lambda x: x ** 3}
WHICH = "square"


def _offset(x, by=0.5):
    return x + by


def _make(name, factor, label):
    @value(name, inputs=["toy"], fmt="sig:4", title=label)
    def made(toy):
        return float(sum(toy.column("x"))) * factor * SCALE

    made.__qualname__ = "made_" + name.rsplit(".", 1)[-1]
    return made


_make("tricky.made", 2.0, "Made by a module-level call")


@value("tricky.through_dict", inputs=["toy"], fmt="sig:4")
def through_dict(toy):
    """A helper reached through a dict."""
    return float(HELPERS[WHICH](toy.rows[0]["x"]))


@value("tricky.offset", inputs=["toy"], fmt="sig:4")
def offset(toy):
    """A helper's default argument."""
    return _offset(toy.rows[1]["x"])


@table("tricky.both", inputs=["tricky.made", "tricky.offset"], title="Read from artifacts")
def both(made, offset):
    return Table([Col("What", align="left"), Col("Number", fmt="sig:4")],
                 [("made", made), ("offset", offset)])


claim("tricky.claim_made", of="tricky.made", issue="AN #1", summary="Toy summary",
      stated="about 30", target="30", within=(15, 45), reading="a loose toy reading",
      exact="arithmetic")
'''



def _published(toy, cache: Path) -> dict:
    """What a build with ``cache`` publishes, or the error it stops with."""
    try:
        toy.build(cache=cache)
    except Exception as exc:  # noqa: BLE001 - any failure, compared between the two builds
        return {"error": f"{type(exc).__name__}: {exc}"}
    return {n: (o.result, o.svg, o.svg_dark, o.data, o.alt)
            for n, o in sorted(toy.outputs.items())}


def _differences(warm: dict, cold: dict) -> list[str]:
    if "error" in warm or "error" in cold:
        return [] if warm.get("error") == cold.get("error") else [
            f"warm: {warm.get('error', 'built')}; cold: {cold.get('error', 'built')}"]
    return [n for n in sorted(set(warm) | set(cold)) if warm.get(n) != cold.get(n)]


@pytest.fixture
def tricky(toy_engine):
    (toy_engine.pkg / "artifacts" / "tricky.py").write_text(TRICKY)
    warm = toy_engine.root / "warm-cache"
    assert "error" not in _published(toy_engine, warm)
    return toy_engine, warm


def _toy_files(toy) -> list[Path]:
    return [toy.pkg / "artifacts" / "tricky.py", toy.pkg / "artifacts" / "toy.py",
            toy.pkg / "toyscience.py"]


def _check(toy, warm: Path, mutation, tmp: Path) -> None:
    original = mutation.path.read_text(encoding="utf-8")
    mutation.path.write_text(mutation.apply(), encoding="utf-8")
    cold = tmp / f"cold-{mutation.line}-{mutation.col}"
    try:
        w, c = _published(toy, warm), _published(toy, cold)
    finally:
        mutation.path.write_text(original, encoding="utf-8")
    assert not _differences(w, c), f"{mutation}: warm build differs from cold on " \
                                   f"{_differences(w, c)}"


def test_the_toy_package_has_literals_of_each_kind(tricky):
    toy, _ = tricky
    found = [m for p in _toy_files(toy) for m in literals(p)]
    olds = {m.old for m in found}
    assert {"3.0", "0.5", "2.0", '"square"', '"tricky.made"'} <= olds


def test_every_edit_to_a_literal_of_the_toy_package_never_publishes_stale_results(tricky,
                                                                                   tmp_path):
    toy, warm = tricky
    mutations = [m for p in _toy_files(toy) for m in literals(p)]
    assert len(mutations) > 40
    for mutation in mutations:
        _check(toy, warm, mutation, tmp_path)


# -- the real package ---------------------------------------------------------------------


def _copy_package(dest: Path) -> Path:
    shutil.copytree(ROOT / "src" / "recomputed", dest / "src" / "recomputed",
                    ignore=shutil.ignore_patterns("__pycache__"))
    return dest


def _run(root: Path, *args: str, cache: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(root / "src"), RECOMPUTED_CACHE=str(cache),
               MPLBACKEND="Agg")
    return subprocess.run([sys.executable, "-m", "recomputed.cli", *args], cwd=root, env=env,
                          capture_output=True, text=True, timeout=900)


def test_the_issue_edit_to_fewshot_fails_warm_as_it_fails_cold(tmp_path):
    """Checking the 13B model instead of the 175B one flips a claim: a warm build must
    fail on it exactly as a cold build does (it used to publish the old verdict)."""
    root = _copy_package(tmp_path)
    only = ["--only", "fewshot.claim_175b_3d_add_above_80"]
    warm = tmp_path / "warm"
    assert _run(root, "build", "--out", str(tmp_path / "o"), *only, cache=warm).returncode == 0
    path = root / "src" / "recomputed" / "artifacts" / "fewshot_claims.py"
    text = path.read_text()
    old = '_threshold_claim("fewshot.claim_175b_3d_add_above_80", "GPT-3 175B"'
    assert old in text
    path.write_text(text.replace(old, old.replace("175B", "13B", 1), 1))
    w = _run(root, "build", "--out", str(tmp_path / "o"), *only, cache=warm)
    c = _run(root, "build", "--out", str(tmp_path / "o"), *only, cache=tmp_path / "cold")
    assert w.returncode == c.returncode == 1
    assert "claim 'fewshot.claim_175b_3d_add_above_80'" in w.stderr
    assert w.stderr.splitlines()[-2:] == c.stderr.splitlines()[-2:]


def _git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout


def _site_build(clone: Path, cache: Path, site: Path) -> tuple[int, str]:
    env = dict(os.environ, PYTHONPATH=str(clone / "src"), RECOMPUTED_CACHE=str(cache),
               NO_MKDOCS_2_WARNING="true", RECOMPUTED_JOBS="2")
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
                          cwd=clone, env=env, capture_output=True, text=True, timeout=1800)
    errors = [line for line in proc.stderr.splitlines() if line.startswith(("ERROR", "WARNING"))]
    return proc.returncode, "\n".join(errors)


def _tree(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file()}


MUTATIONS = int(os.environ.get("RECOMPUTED_MUTATIONS", "4"))


@pytest.mark.slow
def test_edits_across_the_real_package_never_publish_a_stale_site(tmp_path):
    """A sample of literals across the package (``$RECOMPUTED_MUTATIONS``, 4 by default),
    each compared on the whole published site: warm (the cache of the unedited commit)
    against cold (an empty cache)."""
    clone = tmp_path / "clone"
    _git("clone", "-q", "--no-hardlinks", str(ROOT), str(clone), cwd=tmp_path)
    warm = tmp_path / "warm"
    code, errors = _site_build(clone, warm, tmp_path / "base")
    assert code == 0, errors
    pkg = clone / "src" / "recomputed"
    files = [p for layer in ("science", "artifacts", "engine") for p in (pkg / layer).glob("*.py")]
    seed = int(_git("rev-parse", "HEAD", cwd=ROOT)[:8], 16)  # new edits for every commit
    for mutation in sample(files, MUTATIONS, seed):
        original = mutation.path.read_text(encoding="utf-8")
        mutation.path.write_text(mutation.apply(), encoding="utf-8")
        try:
            shutil.rmtree(tmp_path / "cold", ignore_errors=True)
            w = _site_build(clone, warm, tmp_path / "w")
            c = _site_build(clone, tmp_path / "cold", tmp_path / "c")
        finally:
            mutation.path.write_text(original, encoding="utf-8")
        assert w[0] == c[0], f"{mutation}: warm exit {w[0]} ({w[1]}), cold exit {c[0]} ({c[1]})"
        if w[0]:
            assert w[1] == c[1], f"{mutation}: the two builds fail differently"
            continue
        tw, tc = _tree(tmp_path / "w"), _tree(tmp_path / "c")
        differ = sorted(n for n in set(tw) | set(tc) if tw.get(n) != tc.get(n))
        assert not differ, f"{mutation}: warm site differs from cold in {differ[:5]}"


def test_the_mutator_changes_exactly_one_literal(tmp_path):
    src = tmp_path / "m.py"
    src.write_text(textwrap.dedent('''\
        """Doc."""
        A = 1.5
        B = {"k": "v"}
        def f(x, by=2):
            """Doc too."""
            return f"{x}" + "s"
        '''))
    found = literals(src)
    assert [m.old for m in found] == ["1.5", '"k"', '"v"', "2", '"s"']
    assert found[0].apply().splitlines()[1] == "A = 2.5"
