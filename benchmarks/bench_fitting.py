"""Benchmark the Chinchilla fit: 250 runs, 1,000 bootstrap resamples.

    uv run python benchmarks/bench_fitting.py [--runs 250] [--boot 1000] [--repeat 3]

Prints wall-clock and CPU seconds for the point estimate alone and for the whole fit
with the bootstrap in one and in two processes (best of ``--repeat``), and checks
that the two give identical results. Not a test: timings on shared machines are noisy, so
CPU time of this process is printed too (it excludes the worker processes; on a loaded
machine wall time can be several times larger).
"""

from __future__ import annotations

import argparse
import os

# Before NumPy is imported: multi-threaded BLAS on tiny matrices only adds overhead.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import time  # noqa: E402

import numpy as np  # noqa: E402

from recomputed.science import fitting  # noqa: E402

# Synthetic truth in the range of the published fits (Besiroglu et al. 2024, rounded).
TRUTH = {"E": 1.82, "A": 482.0, "B": 2085.0, "alpha": 0.348, "beta": 0.366}


def timed(fn, repeat: int):
    best = None
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        result = fn()
        sample = (time.perf_counter() - w, time.process_time() - c)
        best = sample if best is None or sample[0] < best[0] else best
    return result, best


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=250)
    p.add_argument("--boot", type=int, default=1000)
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args()
    n, d, loss = fitting.synthetic_runs(np.random.default_rng(0), args.runs, **TRUTH,
                                        noise=0.02)
    print(f"Chinchilla fit, {args.runs} runs, {args.boot} bootstrap resamples, "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    _, (w, c) = timed(lambda: fitting.fit("chinchilla", n, loss, d=d, n_boot=0), args.repeat)
    print(f"  point estimate only       {w:6.2f} s wall  {c:6.2f} s CPU")
    results = {}
    for jobs in (1, 2):
        results[jobs], (w, c) = timed(
            lambda jobs=jobs: fitting.fit("chinchilla", n, loss, d=d, n_boot=args.boot,
                                          seed=0, jobs=jobs), args.repeat)
        print(f"  with bootstrap, {jobs} process{'es' if jobs > 1 else '  '}  {w:6.2f} s wall  "
              f"{c:6.2f} s CPU  ({results[jobs].n_failed} resamples failed)")
    same = results[1] == results[2]
    print(f"  one and two processes give identical fits: {same}")
    for e in results[1].estimates:
        print(f"    {e.name:6} {e.value:10.4g}  95% interval {e.low:.4g} to {e.high:.4g}")


if __name__ == "__main__":
    main()
