"""Benchmark the engine: a cold build, a warm build, and the MkDocs build on a warm cache.

    uv run python benchmarks/bench_engine.py [--jobs 2]

Prints wall-clock seconds and peak memory of each, and the ratios against the cold
build measured in the same run (absolute seconds vary between machines; the ratios
say whether caching does its job). Not a test: timings on shared machines are noisy.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(cmd: list[str], env: dict) -> tuple[float, float]:
    """Seconds and peak resident memory (MiB) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, env=env, check=True, capture_output=True)
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--jobs", type=int, default=2)
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, RECOMPUTED_CACHE=str(Path(tmp) / "cache"),
                   NO_MKDOCS_2_WARNING="true", RECOMPUTED_JOBS=str(args.jobs))
        build = [sys.executable, "-m", "recomputed.cli", "build", "--jobs", str(args.jobs),
                 "--out", str(Path(tmp) / "out")]
        cold, cold_mem = run(build, env)
        warm, warm_mem = run(build, env)
        site, site_mem = run([sys.executable, "-m", "mkdocs", "build", "--strict",
                              "--site-dir", str(Path(tmp) / "site")], env)
    print(f"{'step':<34} {'seconds':>8} {'vs cold':>8} {'peak MiB':>9}")
    for name, s, m in [("recomputed build, cold cache", cold, cold_mem),
                       ("recomputed build, warm cache", warm, warm_mem),
                       ("mkdocs build --strict, warm cache", site, site_mem)]:
        print(f"{name:<34} {s:8.2f} {s / cold:8.3f} {m:9.0f}")
    print("(peak MiB is the largest child process so far, so it never decreases down the table)")


if __name__ == "__main__":
    main()
