"""Builds you can trust: two cold builds of one commit give the same bytes, with no network.

The slow test clones the committed ``HEAD`` (uncommitted edits are not part of what is
tested) twice, into folders with different paths, and builds each with ``mkdocs build
--strict`` and an empty cache of its own:

- ``a``: as a developer would, with two worker processes;
- ``b``: one worker, in a network namespace with no interface up (``unshare -n``, or
  ``unshare -rn`` when not root), so the build can use no network, not even loopback.

Both run at once with this test run's Python (its environment has every dependency),
and neither sets ``SOURCE_DATE_EPOCH``: the plugin must take it from the commit. Every file
of the two sites must be equal, and none may mention the folder it was built in.
"""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from recomputed.site import reproducible

ROOT = Path(__file__).resolve().parent.parent
BUILD_TIMEOUT = 1800  # seconds; a cold build takes minutes on a busy two-core machine


def _no_network_prefix() -> tuple[list[str], str | None]:
    """The command prefix that cuts the network off, and why there is none if so."""
    if shutil.which("unshare") is None:
        return [], "the unshare command is not installed (util-linux)"
    tried = []
    for prefix in (["unshare", "-n"], ["unshare", "-rn"]):
        proc = subprocess.run([*prefix, "true"], capture_output=True, text=True)
        if proc.returncode == 0:
            return prefix, None
        tried.append(f"`{' '.join(prefix)}`: {proc.stderr.strip() or proc.returncode}")
    return [], "no network namespace could be made (" + "; ".join(tried) + ")"


@dataclass
class Build:
    root: Path  # the clone
    cache: Path  # its own, initially empty, artifact cache
    proc: subprocess.CompletedProcess

    @property
    def site(self) -> Path:
        return self.root / "site"


@dataclass
class Builds:
    a: Build
    b: Build
    commit_time: int
    no_network: str | None  # why build b ran with the network, or None if it had none


def _clone(dest: Path, commit: str) -> None:
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", "--no-checkout",
                    str(ROOT), str(dest)], check=True)
    subprocess.run(["git", "-C", str(dest), "checkout", "--quiet", "--detach", commit],
                   check=True)


def _start(root: Path, jobs: int, prefix: list[str]) -> tuple[subprocess.Popen, Path]:
    cache = root / ".cache" / "recomputed"
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env.update(RECOMPUTED_CACHE=str(cache), RECOMPUTED_JOBS=str(jobs),
               NO_MKDOCS_2_WARNING="true",
               PYTHONPATH=str(root / "src"))  # the clone's engine, not this checkout's
    proc = subprocess.Popen([*prefix, sys.executable, "-m", "mkdocs", "build", "--strict"],
                            cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    return proc, cache


def _finish(root: Path, started: tuple[subprocess.Popen, Path]) -> Build:
    popen, cache = started
    out, err = popen.communicate(timeout=BUILD_TIMEOUT)
    return Build(root, cache, subprocess.CompletedProcess(popen.args, popen.returncode, out, err))


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> Builds:
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], check=True,
                            capture_output=True, text=True).stdout.strip()
    base = tmp_path_factory.mktemp("repro")
    a, b = base / "first-clone", base / "second" / "clone"
    _clone(a, commit)
    _clone(b, commit)
    prefix, no_network = _no_network_prefix()
    started_a = _start(a, jobs=2, prefix=[])
    started_b = _start(b, jobs=1, prefix=prefix)
    result = Builds(_finish(a, started_a), _finish(b, started_b),
                    int(reproducible.last_commit_time(a)), no_network)
    for name, build in (("a", result.a), ("b (no network)", result.b)):
        assert build.proc.returncode == 0, (
            f"build {name} in {build.root} failed:\n{build.proc.stderr[-6000:]}")
    return result


def _files(site: Path) -> dict[str, Path]:
    return {p.relative_to(site).as_posix(): p for p in sorted(site.rglob("*")) if p.is_file()}


def _difference(name: str, x: bytes, y: bytes) -> str:
    """Where two versions of a file part: the text around the first differing byte in
    each (pages hold long lines and base64 images, so a line diff would not show it)."""
    if name.endswith(".gz"):
        if x[:10] != y[:10]:
            return f"{name}: gzip headers differ: {x[:10].hex()} vs {y[:10].hex()}"
        x, y = gzip.decompress(x), gzip.decompress(y)
    at = next((i for i, (p, q) in enumerate(zip(x, y, strict=False)) if p != q),
              min(len(x), len(y)))
    around = slice(max(0, at - 160), at + 160)
    return (f"{name}: first difference at byte {at} (sizes {len(x)}, {len(y)})\n"
            f"  a: {x[around].decode('utf-8', 'replace')!r}\n"
            f"  b: {y[around].decode('utf-8', 'replace')!r}")


@pytest.mark.slow
def test_two_cold_builds_of_one_commit_are_identical(builds):
    fa, fb = _files(builds.a.site), _files(builds.b.site)
    assert fa.keys() == fb.keys(), (
        f"only in a: {sorted(fa.keys() - fb.keys())[:10]}, "
        f"only in b: {sorted(fb.keys() - fa.keys())[:10]}")
    differ = [n for n in fa if fa[n].read_bytes() != fb[n].read_bytes()]
    assert not differ, (f"{len(differ)} of {len(fa)} files differ: {differ[:10]}\n\n"
                        + "\n\n".join(_difference(n, fa[n].read_bytes(), fb[n].read_bytes())
                                      for n in differ[:3]))
    assert len(fa) > 100  # the whole site, figures and data included, was compared


@pytest.mark.slow
def test_builds_do_not_mention_where_they_were_built(builds):
    leaks = []
    for build in (builds.a, builds.b):
        places = (build.root, build.cache, ROOT, sys.prefix, sys.base_prefix)
        needles = {str(p).encode() for p in places}
        for name, path in _files(build.site).items():
            data = path.read_bytes()
            if name.endswith(".gz"):
                data = gzip.decompress(data)
            leaks += [f"{path}: {n.decode()}" for n in sorted(needles) if n in data]
    assert not leaks, "absolute paths in the output:\n" + "\n".join(leaks[:20])


@pytest.mark.slow
def test_build_dates_come_from_the_last_commit(builds):
    # MkDocs stamps the sitemap's gzip header with the build date (the day, at 00:00 UTC).
    # Neither build set SOURCE_DATE_EPOCH, so this is the plugin's doing.
    for build in (builds.a, builds.b):
        header = (build.site / "sitemap.xml.gz").read_bytes()[:10]
        mtime = int.from_bytes(header[4:8], "little")
        assert mtime == builds.commit_time - builds.commit_time % 86400, build.root


@pytest.mark.slow
def test_build_is_hermetic(builds):
    # The build itself was checked in the fixture; here we only say whether it was
    # cut off from the network, loudly if it could not be.
    if builds.no_network is not None:
        pytest.skip(f"HERMETIC BUILD NOT TESTED: {builds.no_network}; build b ran "
                    "with the network available")
    assert builds.b.proc.returncode == 0
    assert "over TCP" not in builds.b.proc.stderr  # the notebook kernel uses Unix sockets


def test_source_date_epoch_comes_from_the_last_commit(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "")  # so that monkeypatch removes it afterwards
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    expected = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, check=True,
                              capture_output=True, text=True).stdout.strip()
    assert reproducible.set_source_date_epoch(ROOT) == expected
    assert os.environ["SOURCE_DATE_EPOCH"] == expected


def test_an_explicit_source_date_epoch_wins(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")
    assert reproducible.set_source_date_epoch(ROOT) == "86400"
    assert os.environ["SOURCE_DATE_EPOCH"] == "86400"


def test_outside_a_git_checkout_there_is_no_date(monkeypatch, tmp_path):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    assert reproducible.last_commit_time(tmp_path) is None
    assert reproducible.set_source_date_epoch(tmp_path) is None
    assert "SOURCE_DATE_EPOCH" not in os.environ


def test_notebook_figures_carry_no_date(tmp_path):
    # The inline back-end would stamp each SVG with the time it was drawn.
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    from recomputed.site import notebooks

    nb = new_notebook(cells=[new_code_cell(
        '%config InlineBackend.figure_formats = ["svg"]\n'
        "import matplotlib.pyplot as plt\n"
        "from recomputed.site import notebooks\n"
        "notebooks.readable_figures()\n"
        "plt.plot([1, 2], [3, 4])\n"
        "plt.show()")], metadata={"kernelspec": {"name": "python3", "language": "python",
                                                 "display_name": "Python 3"}})
    path = tmp_path / "nb" / "figure.ipynb"
    path.parent.mkdir()
    nbformat.write(nb, path)
    out, _ = notebooks.execute(path, cache_dir=tmp_path / "cache")
    svgs = [o["data"]["image/svg+xml"] for o in nbformat.read(out, as_version=4).cells[0].outputs
            if "image/svg+xml" in o.get("data", {})]
    assert len(svgs) == 1 and "<svg" in svgs[0]
    assert "<dc:date>" not in svgs[0]
