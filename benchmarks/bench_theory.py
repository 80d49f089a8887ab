"""Benchmark the scaling-theory experiments (artifacts ``theory.*``) from a cold cache.

    uv run python benchmarks/bench_theory.py [--jobs 2]

Prints the wall-clock seconds of building every ``theory.*`` artifact with ``--jobs``
workers into an empty cache, and of a second, warm build (which should compute
nothing); then, for each artifact, the wall-clock and CPU seconds its computation takes
on one core (each in a fresh process, with BLAS limited to one thread as in the build's
workers, so each pays its own imports, matplotlib included for figures), and their sums.
An artifact that reads other artifacts gets them from the cold build's cache, as in a
build, so each simulation is counted once, in the artifact that runs it. The budget is
60 s for all the experiments on two cores. Not a test: timings on shared machines are
noisy.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET = 60.0

ONE = """
import sys, time
from pathlib import Path
from recomputed.engine import datafiles, build as engine, registry
from recomputed.engine.cache import Cache
art = registry.load_all()[sys.argv[1]]
reads = engine.build(list(art.reads), cache=Cache(Path(sys.argv[2]))) if art.reads else {}
inputs = {registry.argument(n): out.as_input for n, out in reads.items()}
assert all(out.cached for out in reads.values())
t0, c0 = time.perf_counter(), time.process_time()
engine.compute_files(art.name, registry.DEFAULT_MODULES, datafiles.DATA_DIR, inputs)
print(time.perf_counter() - t0, time.process_time() - c0)
"""

BUILD = """
import sys, time
from pathlib import Path
from recomputed.engine import build as engine, registry
from recomputed.engine.cache import Cache
names = [n for n in registry.load_all() if n.startswith("theory.")]
t0 = time.perf_counter()
outs = engine.build(names, cache=Cache(Path(sys.argv[1])), jobs=int(sys.argv[2]))
print(time.perf_counter() - t0, sum(not o.cached for o in outs.values()))
"""


def names(env) -> list[str]:
    code = ("from recomputed.engine import registry\n"
            "print('\\n'.join(n for n in registry.load_all() if n.startswith('theory.')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True).stdout
    return out.split()


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--jobs", type=int, default=2)
    args = p.parse_args()
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    total = cpu_total = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        runs = []
        for _ in range(2):
            t0 = time.perf_counter()
            out = subprocess.run([sys.executable, "-c", BUILD, tmp, str(args.jobs)], cwd=ROOT,
                                 env=env, check=True, capture_output=True, text=True).stdout
            inner, computed = out.split()
            runs.append((float(inner), int(computed), time.perf_counter() - t0))
        print(f"{'artifact':<40} {'wall s':>8} {'CPU s':>8}")
        for name in names(env):
            out = subprocess.run([sys.executable, "-c", ONE, name, tmp], cwd=ROOT, env=env,
                                 check=True, capture_output=True, text=True).stdout
            seconds, cpu = (float(v) for v in out.split()[-2:])
            total += seconds
            cpu_total += cpu
            print(f"{name:<40} {seconds:8.2f} {cpu:8.2f}")
    print(f"{'sum (one core at a time)':<40} {total:8.2f} {cpu_total:8.2f}")
    (cold, n_cold, cold_proc), (warm, n_warm, warm_proc) = runs
    print(f"cold build, {args.jobs} workers: {cold:.2f} s ({n_cold} computed; "
          f"{cold_proc:.2f} s with interpreter start-up)")
    print(f"warm build: {warm:.3f} s ({n_warm} computed)")
    # On a shared machine wall time includes waiting for other processes, so the budget
    # is judged on CPU seconds: their sum must fit in 60 s, which on two idle cores means
    # a cold build of about half that. The load average says how shared the machine was.
    load = os.getloadavg()[0]
    verdict = "within" if cpu_total <= BUDGET else "OVER"
    print(f"load average during the run: {load:.1f} on {os.cpu_count()} cores")
    print(f"budget: {cpu_total:.1f} CPU s for all experiments against {BUDGET:.0f} s: {verdict}")


if __name__ == "__main__":
    main()
