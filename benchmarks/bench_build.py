"""Benchmark the site build: cold, warm, after edits, against plain MkDocs and against notebooks.

    uv run python benchmarks/bench_build.py [--repeat 3] [--skip-notebooks]

Every build is ``python -m mkdocs build`` in a subprocess, in a scratch copy of the
repository's tracked files (so edits never touch the working tree), with BLAS threads
capped at one and its own caches. Scenarios:

- cold: empty caches (artifacts and executed notebooks), every artifact computed;
- warm: nothing changed (median of ``--repeat`` runs);
- prose edit: a sentence appended to one page (median);
- data edit: one cell of the data set with the fewest readers changed (provenance text,
  so every claim keeps its verdict); all its readers must be recomputed, nothing else;
- plain MkDocs: the same pages built with the hook and the plugin removed from a copy of
  ``mkdocs.yml`` (citations stay HTML comments, notebooks are rendered un-executed)
  (median);
- notebooks: the topic pages' figures computed the usual way instead, by one generated
  notebook per topic page that calls the same figure functions and shows the SVGs, built
  by mkdocs-jupyter with ``execute: true`` (its own cache off, as its cache key is the
  notebook's bytes only and would serve stale figures after a code or data change).

Columns: wall seconds; CPU seconds (user + system) of the whole process tree, including
worker processes and kernels (this process becomes their "subreaper" so orphans are
counted too); peak resident memory of the largest single process in the tree; artifacts
computed; wall time as a multiple of the plain MkDocs build. The targets at the end are
printed as met or not met, never asserted: timings on shared machines are noisy.

Bytecode is written to a scratch folder (``PYTHONPYCACHEPREFIX``), as on a normal
install, and one untimed plain build primes it, so warm builds measure building rather
than compiling Python.
"""

from __future__ import annotations

import argparse
import csv
import ctypes
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PR_SET_CHILD_SUBREAPER = 36  # linux/prctl.h
SUMMARY = re.compile(r"recomputed: (\d+) artifacts, (\d+) computed")
COMPUTING = re.compile(r"recomputed: computing took ([\d.]+) s in all; slowest: (\S+) ([\d.]+) s")
NOTEBOOK = re.compile(r"recomputed: notebook (\S+) (executed|from cache), ([\d.]+) s")


@dataclass
class Run:
    wall: float
    cpu: float
    peak_mib: float
    log: str
    artifacts: int | None = None
    computed: int | None = None
    notebooks_executed: float = 0.0  # seconds spent executing notebooks (0 if all cached)
    notebooks_run: int = 0

    @classmethod
    def parse(cls, wall, cpu, peak_mib, log):
        run = cls(wall, cpu, peak_mib, log)
        if m := SUMMARY.search(log):
            run.artifacts, run.computed = int(m.group(1)), int(m.group(2))
        for m in NOTEBOOK.finditer(log):
            if m.group(2) == "executed":
                run.notebooks_run += 1
                run.notebooks_executed += float(m.group(3))
        return run


@dataclass
class Row:
    name: str
    runs: list[Run] = field(default_factory=list)
    note: str = ""

    def median(self, attr: str) -> float:
        return statistics.median(getattr(r, attr) for r in self.runs)


def become_subreaper() -> bool:
    """Make orphaned descendants (multiprocessing's fork server, say) our children, so
    their CPU time is counted when we reap them. Linux only; elsewhere they are missed."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def measure(cmd: list[str], cwd: Path, env: dict, label: str) -> Run:
    """Run ``cmd``; wall time, CPU of its whole tree, peak RSS, and its log."""
    log_path = cwd / f".bench-{label}.log"
    with open(log_path, "wb") as log:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    peak = usage.ru_maxrss  # KiB on Linux: the largest process among it and its reaped children
    deadline = time.monotonic() + 60
    while True:  # orphans handed to us: wait for them (a fork server exits when its parent does)
        try:
            pid, status, usage = os.wait4(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid == 0:
            if time.monotonic() > deadline:
                print(f"warning: {label}: descendants still running; their CPU is not counted")
                break
            time.sleep(0.05)
            continue
        cpu += usage.ru_utime + usage.ru_stime
        peak = max(peak, usage.ru_maxrss)
    text = log_path.read_text(encoding="utf-8", errors="replace")
    if proc.returncode != 0:
        raise SystemExit(f"{label}: {' '.join(cmd)} failed in {cwd}:\n{text[-4000:]}")
    return Run.parse(wall, cpu, peak / 1024, text)


def copy_tracked(dest: Path) -> Path:
    """The repository's tracked files (as they are in the working tree) copied to ``dest``."""
    names = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, check=True,
                           capture_output=True).stdout.decode().split("\0")
    for name in filter(None, names):
        src = ROOT / name
        if src.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    return dest


def plain_config(repo: Path) -> Path:
    """A copy of mkdocs.yml without the ``hooks:`` entry and the ``recomputed`` plugin: what
    MkDocs alone builds."""
    text = (repo / "mkdocs.yml").read_text(encoding="utf-8")
    plain = re.sub(r"^hooks:\n(?:[ \t]+-.*\n)+", "", text, flags=re.M)
    plain = re.sub(r"^  - recomputed:\n(?:[ \t]{4,}\S.*\n)+", "", plain, flags=re.M)
    assert "hooks:" not in plain and "recomputed_hooks" not in plain, "could not remove hooks"
    assert "- recomputed:" not in plain, "could not remove the plugin"
    path = repo / "mkdocs.plain.yml"
    path.write_text(plain, encoding="utf-8")
    return path


REGISTRY_DUMP = """
import json
from recomputed.engine import registry
out = {}
for a in registry.load_all().values():
    mod = __import__(a.func.__module__, fromlist=["_"])
    out[a.name] = {"kind": a.kind, "inputs": list(a.inputs), "params": a.params,
                   "module": a.func.__module__, "func": a.func.__name__,
                   "by_name": getattr(mod, a.func.__name__, None) is a.func}
print(json.dumps(out, default=repr))
"""


def registry_dump(repo: Path, env: dict) -> dict:
    proc = subprocess.run([sys.executable, "-c", REGISTRY_DUMP], cwd=repo, env=env,
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


def fewest_readers(reg: dict) -> tuple[str, list[str]]:
    readers: dict[str, list[str]] = {}
    for name, a in reg.items():
        for ds in a["inputs"]:
            readers.setdefault(ds, []).append(name)
    ds = min(readers, key=lambda d: (len(readers[d]), d))
    return ds, readers[ds]


def edit_provenance(csv_path: Path) -> None:
    """Change the first row's ``where`` text: new bytes, same numbers, same verdicts."""
    with open(csv_path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    rows[1][rows[0].index("where")] += " (benchmark edit)"
    with open(csv_path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


NB_CONFIG = """\
site_name: Figures by notebooks
docs_dir: nbdocs
site_dir: nbsite
theme:
  name: material
  font: false
plugins:
  - mkdocs-jupyter:
      include: ["*.ipynb"]
      execute: true
      allow_errors: false
      include_source: false
      cache: false
"""


def figure_notebooks(repo: Path, reg: dict) -> int:
    """One notebook per topic page, computing that page's figures with the same functions.
    Returns the number of figures."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    out = repo / "nbdocs"
    out.mkdir()
    (out / "index.md").write_text("# Figures computed by notebooks\n")
    cite = re.compile(r"<!--\s*rc:([\w.\-]+)\s*-->")
    count = 0
    for page in sorted((repo / "docs" / "topics").glob("*.md")):
        names = [n for n in dict.fromkeys(cite.findall(page.read_text(encoding="utf-8")))
                 if reg.get(n, {}).get("kind") == "figure"]
        if not names:
            continue
        cells = [new_markdown_cell(f"# {page.stem}: figures"), new_code_cell(
            "from IPython.display import SVG, display\n\n"
            "from recomputed.engine import datafiles, plotting, registry")]
        for name in names:
            a = reg[name]
            args = ", ".join(f"{ds}=datafiles.load({ds!r})" for ds in a["inputs"])
            if a["params"]:
                args += (", " if args else "") + f"**{a['params']!r}"
            if a["by_name"]:
                call = f"from {a['module']} import {a['func']}\n\nplot = {a['func']}({args})"
            else:
                call = f"plot = registry.get({name!r}).func({args})"
            cells.append(new_code_cell(f"{call}\ndisplay(SVG(plotting.svg_bytes(plot.figure)))"))
            count += 1
        nbformat.write(new_notebook(cells=cells), out / f"{page.stem}.ipynb")
    (repo / "mkdocs.nb.yml").write_text(NB_CONFIG)
    return count


def fmt(x: float | None, digits: int = 1) -> str:
    return "-" if x is None else f"{x:.{digits}f}"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeat", type=int, default=3, help="runs of warm, prose and plain builds")
    p.add_argument("--skip-notebooks", action="store_true",
                   help="skip the mkdocs-jupyter execute: true comparison")
    p.add_argument("--keep", action="store_true", help="keep the scratch folder")
    args = p.parse_args()
    reaper = become_subreaper()
    scratch = Path(tempfile.mkdtemp(prefix="bench-build-"))
    ours, plain = copy_tracked(scratch / "ours"), copy_tracked(scratch / "plain")
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONDONTWRITEBYTECODE", "RECOMPUTED_CACHE")}
    env.update(NO_MKDOCS_2_WARNING="true", PYTHONPYCACHEPREFIX=str(scratch / "pycache"),
               OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1",
               MPLBACKEND="Agg", PYTHONPATH=str(ours / "src"))
    from recomputed.engine import (
        build as engine,  # only for the default number of workers, as the plugin does
    )

    jobs = engine.default_jobs()
    build = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    plain_build = [sys.executable, "-m", "mkdocs", "build", "-f", str(plain_config(plain))]
    rows: dict[str, Row] = {}
    try:
        print(f"scratch copy in {scratch}; {jobs} worker processes; BLAS threads 1; "
              f"load average {os.getloadavg()[0]:.1f}", flush=True)
        measure(plain_build, plain, env, "prime")  # untimed: compiles MkDocs' bytecode

        def scenario(key, label, cmd, cwd, repeat=1, before=None, note=""):
            rows.setdefault(key, Row(label, note=note))
            for i in range(repeat):
                if before:
                    before(i)
                run = measure(cmd, cwd, env, f"{key}-{len(rows[key].runs)}")
                rows[key].runs.append(run)
                print(f"  {label}: {run.wall:.1f} s", flush=True)

        scenario("cold", "cold (empty caches)", build, ours)
        for _ in range(args.repeat):  # alternate, so a change in the machine's load hits both
            scenario("warm", "warm (nothing changed)", build, ours)
            scenario("plain", "plain MkDocs, hook and plugin removed", plain_build, plain)
        page = ours / "docs" / "topics" / "transfer.md"
        scenario("prose", "prose edit (one page)", build, ours, args.repeat,
                 before=lambda i: page.write_text(
                     page.read_text() + f"\nA sentence added by the benchmark ({i}).\n"))
        reg = registry_dump(ours, env)
        dataset, readers = fewest_readers(reg)
        scenario("data", f"data edit ({dataset})", build, ours,
                 before=lambda i: edit_provenance(ours / "src/recomputed/data" / f"{dataset}.csv"),
                 note=f"{len(readers)} artifact(s) read it")
        n_figures = 0
        if not args.skip_notebooks:
            n_figures = figure_notebooks(ours, reg)
            scenario("nb", "notebooks, mkdocs-jupyter execute", [
                sys.executable, "-m", "mkdocs", "build", "-f", "mkdocs.nb.yml"], ours,
                note=f"{n_figures} figures only")
    finally:
        if args.keep:
            print(f"kept {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)

    base = rows["plain"].median("wall")
    print()
    print(f"{'build':<38} {'wall s':>7} {'CPU s':>7} {'peak MiB':>9} {'computed':>10} "
          f"{'x plain':>8}  note")
    for row in rows.values():
        wall = row.median("wall")
        computed = "-"
        if row.runs[0].computed is not None:
            computed = f"{int(row.median('computed'))}/{row.runs[0].artifacts}"
        note = row.note
        if row.runs[0].notebooks_run:
            note = f"{note}; " if note else ""
            note += f"{row.runs[0].notebooks_run} notebooks executed"
        if len(row.runs) > 1:
            note = (f"{note}; " if note else "") + f"median of {len(row.runs)}"
        print(f"{row.name:<38} {wall:7.2f} {row.median('cpu'):7.2f} "
              f"{max(r.peak_mib for r in row.runs):9.0f} {computed:>10} {wall / base:8.2f}  {note}")
    print("peak MiB: the largest single process of the build's process tree"
          + ("" if reaper else "; CPU misses orphaned processes (no subreaper on this system)"))
    print(f"{os.cpu_count()} cores; load average at the end {os.getloadavg()[0]:.1f} "
          "(other work on the machine stretches wall times, not CPU times)")

    print("\nTargets")
    cold, warm = rows["cold"], rows["warm"]
    ratio = warm.median("wall") / base
    cpu_ratio = warm.median("cpu") / rows["plain"].median("cpu")
    print(f"  warm <= 1.2 x plain: {ratio:.2f} x -> {'met' if ratio <= 1.2 else 'NOT met'} "
          f"(CPU time: {cpu_ratio:.2f} x, less disturbed by other work on the machine)")
    prose = [r.computed for r in rows["prose"].runs]
    print(f"  prose edit recomputes nothing: computed {prose} -> "
          f"{'met' if not any(prose) else 'NOT met'}")
    data = rows["data"].runs[0]
    print(f"  data edit recomputes only readers of {dataset}: {len(readers)} read it, "
          f"{data.computed} computed -> {'met' if data.computed == len(readers) else 'NOT met'}"
          + (f" (and {data.notebooks_run} notebooks re-executed: their key covers every data set)"
             if data.notebooks_run else ""))
    m = COMPUTING.search(cold.runs[0].log)
    if m:
        total, slowest, longest = float(m.group(1)), m.group(2), float(m.group(3))
        nb = cold.runs[0].notebooks_executed
        ideal = base + nb + max(longest, total / jobs)
        got = cold.median("wall")
        print(f"  cold close to plain + longest chain: computing {total:.1f} s in all, slowest "
              f"{slowest} {longest:.1f} s, notebooks {nb:.1f} s (run before the artifacts), "
              f"{jobs} workers; bound plain + notebooks + max(slowest, all/{jobs}) = "
              f"{ideal:.1f} s, cold {got:.1f} s = {got / ideal:.2f} x bound -> "
              f"{'met' if got <= 1.25 * ideal else 'NOT met'} (within 1.25 x)")
    if "nb" in rows:
        nbw = rows["nb"].median("wall")
        print(f"  notebooks (mkdocs-jupyter execute, {n_figures} figures): {nbw:.1f} s = "
              f"{nbw / warm.median('wall'):.1f} x our warm build, "
              f"{nbw / cold.median('wall'):.2f} x our cold build ({cold.runs[0].artifacts} "
              "artifacts)")


if __name__ == "__main__":
    main()
