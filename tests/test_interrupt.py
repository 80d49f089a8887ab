"""Ctrl-C during a cold build of the real site, as a terminal sends it (SIGINT to the whole
process group): the build stops within 2 seconds with one line and status 130, no
traceback from it, its workers or a notebook's kernel; ``site/`` stays as it was; what
was computed before the interrupt is in the cache, and the next build uses it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = [pytest.mark.slow]  # cold builds of the real site
MESSAGE = ("recomputed: interrupted; nothing was published, and every result computed so "
           "far is kept in the cache")


def start(cache: Path, site: Path) -> tuple[subprocess.Popen, list[str]]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="true", RECOMPUTED_CACHE=str(cache),
               RECOMPUTED_JOBS="2")
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-d", str(site)],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)
    lines: list[str] = []
    def read():
        with proc.stdout:
            lines.extend(proc.stdout)

    threading.Thread(target=read, daemon=True).start()
    return proc, lines


def wait_for(lines: list[str], needle: str, timeout: float = 300) -> None:
    end = time.monotonic() + timeout
    while not any(needle in line for line in lines):
        assert time.monotonic() < end, f"{needle!r} never appeared:\n{''.join(lines)[-2000:]}"
        time.sleep(0.05)


def interrupt(proc: subprocess.Popen, lines: list[str]) -> float:
    t0 = time.monotonic()
    os.killpg(proc.pid, signal.SIGINT)  # the whole group, as a terminal does
    proc.wait(timeout=30)
    took = time.monotonic() - t0
    time.sleep(0.5)  # let the reader thread take the last lines
    return took


def check_stopped_cleanly(proc, lines, took, site: Path, before: dict) -> None:
    text = "".join(lines)
    assert proc.returncode == 130, text[-2000:]
    assert took < 2.0, f"took {took:.1f} s to stop"
    shown = [ln.rstrip() for ln in lines if ln.strip() and not ln.startswith("INFO")]
    assert shown == [MESSAGE], text[-3000:]
    assert "Traceback" not in text
    after = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*")
             if p.is_file()}
    assert after == before, "an interrupted build changed the published site"
    assert not [p for p in site.parent.iterdir() if p.name.startswith(f".{site.name}.new-")]


@pytest.fixture
def old_site(tmp_path) -> tuple[Path, dict]:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("the previous site")
    return site, {"index.html": b"the previous site"}


def test_ctrl_c_while_artifacts_compute(tmp_path, old_site):
    site, before = old_site
    cache = tmp_path / "cache"
    proc, lines = start(cache, site)
    wait_for(lines, "Building documentation")
    time.sleep(6)  # well into computing the artifacts of a cold build
    took = interrupt(proc, lines)
    check_stopped_cleanly(proc, lines, took, site, before)
    kept = [p for p in cache.glob("??/*") if p.is_dir() and not p.name.startswith(".")]
    assert kept, "nothing computed before the interrupt was kept"
    # The next build takes what was kept from the cache.
    proc, lines = start(cache, site)
    wait_for(lines, "recomputed: ")
    wait_for(lines, " artifacts, ")
    summary = next(ln for ln in lines if " artifacts, " in ln)
    interrupt(proc, lines)
    total, computed = (int(s.split()[0]) for s in summary.split(": ", 1)[1].split(", ")[:2])
    assert computed < total, summary


def test_ctrl_c_while_a_notebook_runs(tmp_path, old_site):
    site, before = old_site
    proc, lines = start(tmp_path / "cache", site)
    wait_for(lines, " artifacts, ")  # the artifacts are done; the notebooks come next
    time.sleep(2)
    took = interrupt(proc, lines)
    # A kernel that outlived the build would say so ("Parent appears to have exited")
    # within a second or two, on the same output.
    time.sleep(2.5)
    check_stopped_cleanly(proc, lines, took, site, before)
