"""Benchmark a large data set: load it, aggregate it into a table and a figure, and see an
un-aggregated one refused by the size limits (``recomputed.engine.results``).

    uv run python benchmarks/bench_large_data.py            # 200 and 100,000 rows
    uv run python benchmarks/bench_large_data.py --rows 300000

Each size is written as a data set (a run number, x log-normal, y = x^-0.3 with 5% noise)
in a scratch folder, then timed in this process: loading and validating it; binning it
into 40 rows (a table) and plotting those (a figure) through the engine's checks; and
handing the engine the whole data set as a table and as a figure's data, which must be
refused in about the time it takes to count the rows. The baseline is the smallest size,
measured in the same run, so the printed ratios do not depend on the machine. Targets:
100,000 rows load in under 5 s, and each step grows at most linearly with the rows
(ratio of per-row times at most 2).
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

import numpy as np

from recomputed.engine import datafiles, plotting, results
from recomputed.engine.registry import Artifact, Col, Plot, Table

SCHEMA = """title = "Benchmark runs"
key = ["run"]
[sources.s]
paper = "Synthetic"
authors = "Benchmark"
year = 2026
url = "https://example.org/benchmark"
[[columns]]
name = "run"
type = "int"
unit = ""
description = "Run number"
[[columns]]
name = "x"
type = "float"
unit = ""
description = "Size"
positive = true
[[columns]]
name = "y"
type = "float"
unit = ""
description = "Loss"
positive = true
"""


def write(folder: Path, rows: int) -> None:
    rng = np.random.default_rng(0)
    x = rng.lognormal(10, 2, rows)
    y = x ** -0.3 * rng.lognormal(0, 0.05, rows)
    (folder / "runs.toml").write_text(SCHEMA)
    with (folder / "runs.csv").open("w") as f:
        f.write("run,x,y,source,where\n")
        f.writelines(f"{i},{a:.6g},{b:.6g},s,Table 1\n"
                     for i, (a, b) in enumerate(zip(x, y, strict=True)))


def artifact(kind: str) -> Artifact:
    return Artifact(name=f"bench.{kind}", kind=kind, func=len, inputs=("runs",), params={},
                    title="bench")


def binned(ds, bins: int = 40) -> Table:
    x, y = ds.column("x"), ds.column("y")
    edges = np.quantile(np.log(x), np.linspace(0, 1, bins + 1))
    which = np.clip(np.searchsorted(edges, np.log(x), side="right") - 1, 0, bins - 1)
    rows = [(float(np.exp(np.log(x[which == b]).mean())), float(y[which == b].mean()),
             int((which == b).sum())) for b in range(bins)]
    return Table([Col("x", fmt="sci:2"), Col("mean y", fmt="sig:3"), Col("runs", fmt="int")],
                 rows)


def timed(f):
    t0 = time.perf_counter()
    out = f()
    return out, time.perf_counter() - t0


def one_size(rows: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="rc-bench-large-") as tmp:
        folder = Path(tmp)
        write(folder, rows)
        ds, t_load = timed(lambda: datafiles.load("runs", folder))
        table, t_table = timed(lambda: results.to_files(artifact("table"), binned(ds)))

        def figure():
            t = binned(ds)
            fig, ax = plotting.new_figure(4, 3)
            ax.loglog([r[0] for r in t.rows], [r[1] for r in t.rows], marker="o")
            return results.to_files(artifact("figure"), Plot(fig, t, alt="binned runs"))

        _, t_figure = timed(figure)
        whole = Table([Col("run", fmt="int"), Col("x", fmt="sig:3"), Col("y", fmt="sig:3")],
                      [(r["run"], r["x"], r["y"]) for r in ds])
        t0 = time.perf_counter()
        try:
            results.to_files(artifact("table"), whole)
            refused = False
        except results.TooLargeError:
            refused = True
        t_refuse = time.perf_counter() - t0
    return {"load": t_load, "table (binned)": t_table, "figure (binned)": t_figure,
            "whole table": t_refuse, "refused": refused}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, default=100_000)
    p.add_argument("--baseline", type=int, default=200)  # under MAX_TABLE_ROWS: accepted
    args = p.parse_args()
    base, big = one_size(args.baseline), one_size(args.rows)
    scale = args.rows / args.baseline
    print(f"{'step':<18} {args.baseline:>10,} rows {args.rows:>10,} rows   per-row ratio")
    for step in ("load", "table (binned)", "figure (binned)", "whole table"):
        ratio = (big[step] / base[step]) / scale
        print(f"{step:<18} {base[step]:>13.3f} s {big[step]:>13.3f} s   {ratio:>8.2f}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"whole table refused: {args.baseline:,} rows {base['refused']}, "
          f"{args.rows:,} rows {big['refused']}; peak memory {peak:.0f} MB")
    ok = big["load"] < 5 and big["refused"] and not base["refused"]
    print("targets met" if ok else "TARGETS MISSED: load under 5 s, large table refused")


if __name__ == "__main__":
    main()
