"""Benchmark the site build: cold (now and before the engine rework), warm against a fair
baseline, after edits, ``mkdocs serve`` from a save to the rebuilt page, and notebooks.

    uv run python benchmarks/bench_build.py                      # everything (~5-8 min)
    uv run python benchmarks/bench_build.py --repeat 1 --skip-before --skip-notebooks
    uv run python benchmarks/bench_build.py --before REV --keep  # another "before"; keep scratch

Every build is ``python -m mkdocs build`` (this run's Python, ``sys.executable``) in a
subprocess, in a scratch copy of the repository's tracked files (so edits never touch the
working tree, and there is no git history: pages carry no dates), with BLAS threads
capped at one and its own caches. Scenarios (rows of the table):

- cold: empty caches (artifacts and executed notebooks), every artifact computed;
- before, cold: the same, for the tree of ``--before REV`` (default ``58a22fc``, the last
  commit before the engine rework), unpacked by ``git archive`` and built with its own
  code (its ``src`` first on ``PYTHONPATH``; it wires the engine in with ``hooks:``);
- warm: nothing changed (median of ``--repeat`` runs);
- static: the fair baseline for warm. Plain MkDocs (none of our plugin or hooks) builds
  the *same rendered pages*: the Markdown of every page as our plugin and hooks hand it
  to Python-Markdown (citations replaced by values, tables, figures, claim marks, the
  ledger, the data catalogue, issue links), every generated file (figures light and dark,
  CSVs, data downloads, the feed) and the executed notebooks as static files. The tree is
  captured from one untimed build by a benchmark-only hook (:data:`CAPTURE_HOOK`, appended
  to a copy of ``mkdocs.yml``, running after ours); the plain config keeps mkdocs-jupyter
  with ``execute: false``. So warm / static is the plugin's own overhead (computing
  nothing: reading the cache, checking citations, rendering them, MathML). A check prints
  whether both builds publish the same HTML files and the same computed values;
- plain: the pages as they are in ``docs/``, with the hook and the plugin removed
  (citations stay HTML comments, notebooks un-executed): the previous baseline;
- prose edit: a sentence appended to one page (median);
- data edit: one cell of the data set with the fewest readers changed (provenance text,
  so every claim keeps its verdict); all its readers must be recomputed, nothing else;
- notebooks: the topic pages' figures computed the usual way instead, by one generated
  notebook per topic page that calls the same figure functions and shows the SVGs, built
  by mkdocs-jupyter with ``execute: true`` (its own cache off, as its cache key is the
  notebook's bytes only and would serve stale figures after a code or data change).

Columns: wall seconds; CPU seconds (user + system) of the whole process tree, including
worker processes and kernels (this process becomes their "subreaper" so orphans are
counted too); peak resident memory of the largest single process in the tree; artifacts
computed; wall time as a multiple of the static build and of the plain build.

``mkdocs serve`` (second table): the server runs on a free port of 127.0.0.1 in the scratch
copy; after its first build, a file is saved (written elsewhere, then renamed into place,
as editors do) and the page that shows the edit is fetched every 50 ms until it contains
the new text: seconds from the save to that page, and the server's own build time. Edits:
a page's prose (median of ``--repeat``), the provenance text of one row of a data file
that the page shows, and the title of an artifact in its module (its artifacts are
recomputed). The same prose edit is timed with plain MkDocs serving the plain tree and the
static tree. MkDocs polls for changes every 0.5 s, so every figure includes up to that.

The targets at the end are printed as met or NOT met, never asserted: timings on shared
machines are noisy. Bytecode is written to a scratch folder (``PYTHONPYCACHEPREFIX``), as
on a normal install, and one untimed plain build primes it, so warm builds measure
building rather than compiling Python.
"""

from __future__ import annotations

import argparse
import csv
import ctypes
import io
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BEFORE = "58a22fc"  # the last commit before the engine rework
PR_SET_CHILD_SUBREAPER = 36  # linux/prctl.h
SUMMARY = re.compile(r"recomputed: (\d+) artifacts, (\d+) computed")
COMPUTING = re.compile(r"recomputed: computing took ([\d.]+) s in all; slowest: (\S+) ([\d.]+) s")
NOTEBOOK = re.compile(r"recomputed: notebook (\S+) (executed|from cache), ([\d.]+) s")
BUILT = re.compile(r"Documentation built in ([\d.]+) seconds")
CITE = re.compile(r"<!--\s*rc:([\w.\-]+)\s*-->")
VALUE = re.compile(r'<span class="rc-value"[^>]*>.*?</span>', re.S)
PAGE = "topics/transfer.md"  # the page the prose edits go to


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


def reap_orphans(label: str, timeout: float = 60) -> tuple[float, int]:
    """Wait for descendants handed to us (a fork server exits when its parent does); their
    CPU seconds and the largest peak RSS (KiB)."""
    cpu, peak = 0.0, 0
    deadline = time.monotonic() + timeout
    while True:
        try:
            pid, _, usage = os.wait4(-1, os.WNOHANG)
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
    return cpu, peak


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
    orphan_cpu, orphan_peak = reap_orphans(label)
    cpu, peak = cpu + orphan_cpu, max(peak, orphan_peak)
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


def unpack_commit(rev: str, dest: Path) -> str:
    """The tree of commit ``rev`` unpacked into ``dest`` (``git archive | tar -x``); its
    abbreviated hash."""
    sha = subprocess.run(["git", "rev-parse", "--verify", "--short", f"{rev}^{{commit}}"],
                         cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()
    dest.mkdir(parents=True)
    archive = subprocess.Popen(["git", "archive", "--format=tar", sha], cwd=ROOT,
                               stdout=subprocess.PIPE)
    subprocess.run(["tar", "-x", "-C", str(dest)], stdin=archive.stdout, check=True)
    archive.stdout.close()
    if archive.wait() != 0:
        raise SystemExit(f"git archive {sha} failed")
    return sha


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


# A hook for the benchmark only (never in the package): registered after this site's hooks,
# it runs last at each event, and writes what our plugin and hooks made of each page into a
# static docs tree that plain MkDocs can build.
CAPTURE_HOOK = '''\
"""Benchmark only: capture the pages as rendered by the recomputed plugin and the site's
hooks, and every file of the build, as a static docs tree (benchmarks/bench_build.py)."""

import shutil
from pathlib import Path

import yaml
from mkdocs.plugins import event_priority

OUT = Path({out!r})
_pages = {{}}  # src_uri -> (page, Markdown as handed to Python-Markdown)
_files = []


@event_priority(-1000)  # after every other handler: ours, this site's hooks, mkdocs-jupyter
def on_files(files, config):
    _files[:] = [files]
    return files


@event_priority(-1000)
def on_page_markdown(markdown, page, config, files):
    _pages[page.file.src_uri] = (page, markdown)
    return markdown


@event_priority(-1000)
def on_post_build(config):  # every file is final now (the feed is filled in by on_env)
    theme_dirs = [Path(d).resolve() for d in config.theme.dirs]
    if OUT.exists():
        shutil.rmtree(OUT)
    for f in _files[0]:
        src_dir = getattr(f, "src_dir", None)
        if src_dir and Path(src_dir).resolve() in theme_dirs:
            continue  # the theme's own files: plain MkDocs adds them itself
        dest = OUT / f.src_uri
        dest.parent.mkdir(parents=True, exist_ok=True)
        if f.src_uri in _pages and not f.src_uri.endswith(".ipynb"):
            page, markdown = _pages[f.src_uri]
            meta = dict(page.meta)
            head = ("---\\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
                    + "---\\n\\n") if meta else ""
            dest.write_text(head + markdown, encoding="utf-8")
        else:  # static and generated files, and the executed notebooks (from our cache)
            dest.write_bytes(f.content_bytes)
'''


def capture_config(repo: Path, hook: Path) -> Path:
    """A copy of mkdocs.yml with the capture hook appended to ``hooks:``."""
    text = (repo / "mkdocs.yml").read_text(encoding="utf-8")
    text, n = re.subn(r"^(hooks:\n(?:[ \t]+-.*\n)+)", lambda m: m.group(1) + f"  - {hook}\n",
                      text, flags=re.M)
    assert n == 1, "could not add the capture hook"
    path = repo / "mkdocs.capture.yml"
    path.write_text(text, encoding="utf-8")
    return path


def compare_sites(ours: Path, static: Path) -> tuple[bool, str]:
    """Whether two built sites have the same HTML files and the same computed values (the
    ``rc-value`` spans) on every page; a line saying so."""
    a = {p.relative_to(ours).as_posix() for p in ours.rglob("*.html")}
    b = {p.relative_to(static).as_posix() for p in static.rglob("*.html")}
    if a != b:
        return False, (f"HTML files differ: only ours {sorted(a - b)[:3]}, "
                       f"only static {sorted(b - a)[:3]}")
    values = differ = 0
    for rel in sorted(a):
        va = VALUE.findall((ours / rel).read_text(encoding="utf-8"))
        vb = VALUE.findall((static / rel).read_text(encoding="utf-8"))
        values += len(va)
        if va != vb:
            differ += 1
            first = rel
    if differ:
        return False, f"{len(a)} HTML files; computed values differ on {differ} (first: {first})"
    return True, f"same {len(a)} HTML files, same {values} computed values"


REGISTRY_DUMP = """
import json
from recomputed.engine import registry
out = {}
for a in registry.load_all().values():
    mod = __import__(a.func.__module__, fromlist=["_"])
    out[a.name] = {"kind": a.kind, "inputs": list(a.inputs), "params": a.params,
                   "module": a.func.__module__, "func": a.func.__name__,
                   "by_name": getattr(mod, a.func.__name__, None) is a.func,
                   "title": a.title, "file": mod.__file__}
print(json.dumps(out, default=repr))
"""


def registry_dump(repo: Path, env: dict) -> dict:
    proc = subprocess.run([sys.executable, "-c", REGISTRY_DUMP], cwd=repo, env=env,
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


def readers_of(reg: dict) -> dict[str, list[str]]:
    readers: dict[str, list[str]] = {}
    for name, a in reg.items():
        for ds in a["inputs"]:
            if "." not in ds:  # data sets have no dot; artifacts do
                readers.setdefault(ds, []).append(name)
    return readers


def fewest_readers(reg: dict) -> tuple[str, list[str]]:
    readers = readers_of(reg)
    ds = min(readers, key=lambda d: (len(readers[d]), d))
    return ds, readers[ds]


def depending_on(reg: dict, dataset: str) -> set[str]:
    """The artifacts that read ``dataset``, and those that read them, and so on: what an
    edit of the data set must recompute."""
    found = {n for n, a in reg.items() if dataset in a["inputs"]}
    while True:
        more = {n for n, a in reg.items() if n not in found and found & set(a["inputs"])}
        if not more:
            return found
        found |= more


def edit_provenance(csv_path: Path, text: str = " (benchmark edit)") -> bytes:
    """Append ``text`` to the first row's ``where``: new bytes, same numbers, same verdicts.
    Returns the new bytes (written by the caller)."""
    with open(csv_path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    rows[1][rows[0].index("where")] += text
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def citations_by_page(docs: Path) -> dict[str, list[str]]:
    return {p.relative_to(docs).as_posix(): CITE.findall(p.read_text(encoding="utf-8"))
            for p in sorted(docs.rglob("*.md"))}


def url_of(src: str) -> str:
    """The address of a page (use_directory_urls, MkDocs' default)."""
    stem = src.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return "/" + stem.removesuffix("index")
    return f"/{stem}/"


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


# In each notebook: what a figure reads from other artifacts, computed first (no cache), as
# the engine hands it over (a value's number; a table; the table behind a figure).
NB_COMPUTE = """\
def computed(name):
    art = registry.get(name)
    kwargs = {registry.argument(n): datafiles.load(n) for n in art.datasets}
    kwargs |= {registry.argument(n): computed(n) for n in art.reads}
    result = art.func(**kwargs, **art.params)
    return result.data if art.kind == "figure" else result"""


def figure_notebooks(repo: Path, reg: dict) -> int:
    """One notebook per topic page, computing that page's figures with the same functions.
    Returns the number of figures."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    out = repo / "nbdocs"
    out.mkdir()
    (out / "index.md").write_text("# Figures computed by notebooks\n")
    count = 0
    for page in sorted((repo / "docs" / "topics").glob("*.md")):
        names = [n for n in dict.fromkeys(CITE.findall(page.read_text(encoding="utf-8")))
                 if reg.get(n, {}).get("kind") == "figure"]
        if not names:
            continue
        cells = [new_markdown_cell(f"# {page.stem}: figures"), new_code_cell(
            "from IPython.display import SVG, display\n\n"
            "from recomputed.engine import datafiles, plotting, registry"), new_code_cell(
            NB_COMPUTE)]
        for name in names:
            a = reg[name]
            args = ", ".join(
                f"{ds.rsplit('.', 1)[-1]}=computed({ds!r})" if "." in ds
                else f"{ds}=datafiles.load({ds!r})" for ds in a["inputs"])
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


# -- mkdocs serve ----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``mkdocs serve`` on 127.0.0.1 in ``cwd``; always :meth:`stop` it (``with``)."""

    def __init__(self, args: list[str], cwd: Path, env: dict, label: str) -> None:
        self.cwd, self.label, self.port = cwd, label, free_port()
        self.log_path = cwd / f".bench-serve-{label}.log"
        self.log = open(self.log_path, "wb")  # closed by stop()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", *args, "-a", f"127.0.0.1:{self.port}"],
            cwd=cwd, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self.tmp = cwd / ".bench-edit.tmp"  # outside every watched folder

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    def text(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def get(self, path: str) -> str | None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=5) as r:
                return r.read().decode("utf-8", errors="replace")
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            return None

    def wait_for(self, path: str, text: str, timeout: float) -> float:
        """Seconds until ``path`` is served containing ``text`` (polled every 50 ms)."""
        t0 = time.perf_counter()
        while True:
            body = self.get(path)
            if body is not None and text in body:
                return time.perf_counter() - t0
            if self.proc.poll() is not None:
                raise SystemExit(f"serve {self.label} stopped:\n{self.text()[-3000:]}")
            if time.perf_counter() - t0 > timeout:
                raise SystemExit(f"serve {self.label}: {path} did not show {text!r} within "
                                 f"{timeout:.0f} s:\n{self.text()[-3000:]}")
            time.sleep(0.05)

    def settle(self, rebuilds: int, timeout: float = 300) -> None:
        """Wait until the server has finished ``rebuilds`` rebuilds (and is idle)."""
        deadline = time.monotonic() + timeout
        while self.text().count("Reloading browsers") < rebuilds:
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"serve {self.label}: rebuild {rebuilds} did not finish:\n"
                                 f"{self.text()[-3000:]}")
            time.sleep(0.05)
        time.sleep(0.6)  # one polling interval of MkDocs' watcher: no change left pending

    def save(self, target: Path, content: bytes) -> float:
        """Write ``content`` elsewhere, rename it onto ``target``; the time of the rename."""
        self.tmp.write_bytes(content)
        t0 = time.perf_counter()
        os.replace(self.tmp, target)
        return t0

    def edit(self, target: Path, content: bytes, path: str, text: str, rebuilds: int,
             timeout: float = 300) -> tuple[float, float | None]:
        """Save ``target``; seconds until the page ``path`` shows ``text``, and the
        server's own build time for it."""
        t0 = self.save(target, content)
        self.wait_for(path, text, timeout - (time.perf_counter() - t0))
        seconds = time.perf_counter() - t0
        self.settle(rebuilds)
        built = BUILT.findall(self.text())
        return seconds, float(built[-1]) if built else None

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)  # MkDocs shuts down and removes its site
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.terminate()
                try:
                    self.proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait()
        self.log.close()
        reap_orphans(f"serve {self.label}", timeout=20)


@dataclass
class ServeResult:
    name: str
    seconds: list[float] = field(default_factory=list)
    built: list[float] = field(default_factory=list)
    note: str = ""

    def median(self) -> float:
        return statistics.median(self.seconds)


def serve_prose(repo: Path, args: list[str], env: dict, label: str, repeat: int,
                result: ServeResult, server: Server | None = None) -> int:
    """Append a sentence to :data:`PAGE` ``repeat`` times while serving; returns the number
    of rebuilds so far."""
    page = repo / "docs" / PAGE
    original = page.read_bytes()
    own = server is None
    server = server or Server(args, repo, env, label)
    try:
        if own:
            server.wait_for(url_of(PAGE), "</html>", timeout=600)  # the first build
        rebuilds = server.text().count("Reloading browsers")
        text = original
        for i in range(repeat):
            token = f"Sentence {i + 1} saved while {label} was serving."
            text += f"\n\n{token}\n".encode()
            rebuilds += 1
            secs, built = server.edit(page, text, url_of(PAGE), token, rebuilds)
            result.seconds.append(secs)
            if built is not None:
                result.built.append(built)
            print(f"  serve {label}, prose edit: {secs:.2f} s", flush=True)
        return rebuilds
    finally:
        if own:
            server.stop()
            page.write_bytes(original)


def serve_ours(repo: Path, env: dict, reg: dict, repeat: int) -> list[ServeResult]:
    """Prose, data and artifact-module edits while our site is served."""
    cites = citations_by_page(repo / "docs")
    readers = readers_of(reg)
    shows_provenance = ("figure", "table")
    # (b) the data set with the fewest readers among those a page shows as a figure or
    # table (their captions list the rows' sources), and that page.
    shown = {}
    for page, names in cites.items():
        for name in names:
            if reg.get(name, {}).get("kind") in shows_provenance:
                for ds in reg[name]["inputs"]:
                    if "." not in ds:
                        shown.setdefault(ds, (page, name))
    dataset = min(shown, key=lambda d: (len(readers[d]), d))
    data_page, data_reader = shown[dataset]
    # (c) a figure or table cited on PAGE (else on any page) whose title is one literal in
    # its module.
    candidates = [(PAGE, n) for n in cites.get(PAGE, [])] + [
        (p, n) for p, ns in cites.items() for n in ns]
    module_edit = None
    for page, name in candidates:
        a = reg.get(name, {})
        if a.get("kind") not in shows_provenance:
            continue
        source = Path(a["file"]).read_text(encoding="utf-8")
        for q in ('"', "'"):
            literal = f"title={q}{a['title']}{q}"
            if source.count(literal) == 1:
                module_edit = (page, name, Path(a["file"]), literal)
                break
        if module_edit:
            break
    assert module_edit, "no artifact title to edit"

    prose = ServeResult(f"page prose ({PAGE})", note=f"median of {repeat}")
    data = ServeResult(f"data cell ({dataset})",
                       note=f"shown on {data_page}; {len(depending_on(reg, dataset))} "
                            "depend on it")
    mod_page, mod_name, mod_file, literal = module_edit
    module = ServeResult(f"artifact module ({mod_file.name})",
                         note=f"title of {mod_name}, on {mod_page}")
    csv_path = repo / "src/recomputed/data" / f"{dataset}.csv"
    saved = {p: p.read_bytes() for p in (csv_path, mod_file, repo / "docs" / PAGE)}
    with Server([], repo, env, "ours") as server:
        server.wait_for(url_of(PAGE), "</html>", timeout=600)  # the first build
        rebuilds = serve_prose(repo, [], env, "ours", repeat, prose, server)
        token = "edited while serving"
        secs, built = server.edit(csv_path, edit_provenance(csv_path, f" {token}"),
                                  url_of(data_page), token, rebuilds + 1)
        data.seconds.append(secs)
        data.built += [built] if built is not None else []
        data.note += f", {SUMMARY.findall(server.text())[-1][1]} recomputed"
        print(f"  serve ours, data edit: {secs:.2f} s", flush=True)
        token = "retitled while serving"
        text = saved[mod_file].decode("utf-8")
        new = literal[:-1] + f" {token}" + literal[-1]
        secs, built = server.edit(mod_file, text.replace(literal, new).encode("utf-8"),
                                  url_of(mod_page), token, rebuilds + 2)
        module.seconds.append(secs)
        module.built += [built] if built is not None else []
        module.note += f"; {SUMMARY.findall(server.text())[-1][1]} recomputed"
        print(f"  serve ours, module edit: {secs:.2f} s", flush=True)
    for p, content in saved.items():  # the server is stopped: put the files back
        p.write_bytes(content)
    return [prose, data, module]


# -- the report ------------------------------------------------------------------------------


def fmt(x: float | None, digits: int = 2) -> str:
    return "-" if x is None else f"{x:.{digits}f}"


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def print_builds(rows: dict[str, Row], reaper: bool) -> None:
    static = rows["static"].median("wall") if "static" in rows else None
    plain = rows["plain"].median("wall")
    print(f"{'build':<40} {'wall s':>7} {'CPU s':>7} {'peak MiB':>9} {'computed':>9} "
          f"{'x static':>8} {'x plain':>8}  note")
    for row in rows.values():
        wall = row.median("wall")
        computed = "-"
        if row.runs[0].computed is not None:
            computed = f"{int(row.median('computed'))}/{row.runs[0].artifacts}"
        notes = [row.note] if row.note else []
        if row.runs[0].notebooks_run:
            notes.append(f"{row.runs[0].notebooks_run} notebooks executed")
        if len(row.runs) > 1:
            notes.append(f"median of {len(row.runs)}")
        print(f"{row.name:<40} {wall:7.2f} {row.median('cpu'):7.2f} "
              f"{max(r.peak_mib for r in row.runs):9.0f} {computed:>9} "
              f"{fmt(static and wall / static):>8} {wall / plain:8.2f}  {'; '.join(notes)}")
    print("peak MiB: the largest single process of the build's process tree"
          + ("" if reaper else "; CPU misses orphaned processes (no subreaper on this system)"))


def print_serve(results: list[ServeResult], plain: ServeResult, static: ServeResult) -> None:
    print(f"\n{'mkdocs serve: save -> page shows it':<40} {'seconds':>7} {'build s':>7} "
          f"{'x static':>8} {'x plain':>8}  note")
    for r in [*results, static, plain]:
        built = statistics.median(r.built) if r.built else None
        print(f"{r.name:<40} {r.median():7.2f} {fmt(built):>7} "
              f"{r.median() / static.median():8.2f} {r.median() / plain.median():8.2f}  "
              f"{r.note}")
    print("build s: the server's own 'Documentation built in' time; the rest is MkDocs "
          "noticing the save (it polls every 0.5 s) and serving the page")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeat", type=int, default=3,
                   help="runs of warm, static, plain and prose builds, and serve prose edits")
    p.add_argument("--before", default=BEFORE, metavar="REV",
                   help=f"the commit to compare cold builds with (default {BEFORE})")
    p.add_argument("--skip-before", action="store_true", help="no cold build of --before")
    p.add_argument("--skip-serve", action="store_true", help="no mkdocs serve timings")
    p.add_argument("--skip-notebooks", action="store_true",
                   help="skip the mkdocs-jupyter execute: true comparison")
    p.add_argument("--keep", action="store_true", help="keep the scratch folder")
    args = p.parse_args()
    reaper = become_subreaper()
    scratch = Path(tempfile.mkdtemp(prefix="bench-build-"))
    ours, plain = copy_tracked(scratch / "ours"), copy_tracked(scratch / "plain")
    static = copy_tracked(scratch / "static")
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONDONTWRITEBYTECODE", "RECOMPUTED_CACHE", "RECOMPUTED_JOBS")}
    env.update(NO_MKDOCS_2_WARNING="true", PYTHONPYCACHEPREFIX=str(scratch / "pycache"),
               OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1",
               MPLBACKEND="Agg", PYTHONPATH=str(ours / "src"))
    from recomputed.engine import (
        build as engine,  # only for the default number of workers, as the plugin does
    )

    jobs = engine.default_jobs()
    mkdocs = [sys.executable, "-m", "mkdocs"]
    build = [*mkdocs, "build", "--strict"]
    plain_args = ["-f", str(plain_config(plain))]
    static_args = ["-f", str(plain_config(static))]
    rows: dict[str, Row] = {}
    serve: list[ServeResult] = []
    serve_plain = ServeResult("plain MkDocs serve, same prose edit", note="plain tree")
    serve_static = ServeResult("plain MkDocs serve of the static tree",
                               note="same prose edit")
    same_site = (False, "not compared")
    before_sha = None
    n_figures = 0
    try:
        print(f"scratch copy in {scratch}; {jobs} worker processes; BLAS threads 1; "
              f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}", flush=True)
        measure([*mkdocs, "build", *plain_args], plain, env, "prime")  # untimed: bytecode

        def scenario(key, label, cmd, cwd, repeat=1, before=None, note="", run_env=env):
            rows.setdefault(key, Row(label, note=note))
            for i in range(repeat):
                if before:
                    before(i)
                run = measure(cmd, cwd, run_env, f"{key}-{len(rows[key].runs)}")
                rows[key].runs.append(run)
                print(f"  {label}: {run.wall:.1f} s", flush=True)

        scenario("cold", "cold (empty caches)", build, ours)
        if not args.skip_before:
            before = scratch / "before"
            before_sha = unpack_commit(args.before, before)
            before_env = dict(env, PYTHONPATH=str(before / "src"))
            where = subprocess.run([sys.executable, "-c", "import recomputed; "
                                    "print(recomputed.__file__)"], cwd=before, env=before_env,
                                   check=True, capture_output=True, text=True).stdout.strip()
            assert Path(where).is_relative_to(before / "src"), f"before imports {where}"
            scenario("before", f"before ({before_sha}), cold", build, before,
                     run_env=before_env, note="its own code and mkdocs.yml")

        # The static tree: what our plugin and hooks made of every page and file.
        hook = scratch / "bench_capture.py"
        hook.write_text(CAPTURE_HOOK.format(out=str(static / "docs")), encoding="utf-8")
        measure([*build, "-f", str(capture_config(ours, hook))], ours, env, "capture")
        measure([*mkdocs, "build", "--strict", *static_args], static, env, "static-prime")

        for _ in range(args.repeat):  # alternate, so a change in the machine's load hits all
            scenario("warm", "warm (nothing changed)", build, ours)
            scenario("static", "static: same pages, plain MkDocs",
                     [*mkdocs, "build", "--strict", *static_args], static)
            scenario("plain", "plain: docs/ as is, hook+plugin removed",
                     [*mkdocs, "build", *plain_args], plain)
        same_site = compare_sites(ours / "site", static / "site")
        print(f"  static tree check: {same_site[1]}", flush=True)

        page = ours / "docs" / PAGE
        scenario("prose", "prose edit (one page)", build, ours, args.repeat,
                 before=lambda i: page.write_text(
                     page.read_text() + f"\nA sentence added by the benchmark ({i}).\n"))
        reg = registry_dump(ours, env)
        dataset, readers = fewest_readers(reg)
        affected = depending_on(reg, dataset)
        data_csv = ours / "src/recomputed/data" / f"{dataset}.csv"
        scenario("data", f"data edit ({dataset})", build, ours,
                 before=lambda i: data_csv.write_bytes(edit_provenance(data_csv)),
                 note=f"{len(readers)} artifact(s) read it, {len(affected)} with what "
                      "reads them")

        if not args.skip_serve:
            serve = serve_ours(ours, env, reg, args.repeat)
            serve_prose(plain, plain_args, env, "plain", args.repeat, serve_plain)
            serve_prose(static, static_args, env, "static", args.repeat, serve_static)

        if not args.skip_notebooks:
            n_figures = figure_notebooks(ours, reg)
            scenario("nb", "notebooks, mkdocs-jupyter execute", [
                *mkdocs, "build", "-f", "mkdocs.nb.yml"], ours,
                note=f"{n_figures} figures only")
    finally:
        if args.keep:
            print(f"kept {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)

    print()
    print_builds(rows, reaper)
    if serve:
        print_serve(serve, serve_plain, serve_static)
    print(f"{os.cpu_count()} cores; load average at the end {os.getloadavg()[0]:.1f} "
          "(other work on the machine stretches wall times, not CPU times)")

    cold, warm = rows["cold"], rows["warm"]
    if "before" in rows:
        b = rows["before"]
        print(f"\nCold build, after / before ({before_sha}): wall "
              f"{cold.median('wall') / b.median('wall'):.2f} x, CPU "
              f"{cold.median('cpu') / b.median('cpu'):.2f} x, peak memory "
              f"{cold.runs[0].peak_mib / b.runs[0].peak_mib:.2f} x; artifacts "
              f"{cold.runs[0].artifacts} now, {b.runs[0].artifacts} before")

    print("\nTargets")
    ratio = warm.median("wall") / rows["static"].median("wall")
    cpu_ratio = warm.median("cpu") / rows["static"].median("cpu")
    print(f"  warm <= 1.1 x static (same pages, plain MkDocs): {ratio:.2f} x -> "
          f"{verdict(ratio <= 1.1)} (CPU time: {cpu_ratio:.2f} x, less disturbed by other "
          f"work; x plain, the previous baseline: "
          f"{warm.median('wall') / rows['plain'].median('wall'):.2f} x)")
    print(f"  static tree publishes what we publish: {same_site[1]} -> "
          f"{verdict(same_site[0])}")
    prose = [r.computed for r in rows["prose"].runs]
    print(f"  prose edit recomputes nothing: computed {prose} -> {verdict(not any(prose))}")
    data = rows["data"].runs[0]
    print(f"  data edit recomputes only what depends on {dataset}: {len(readers)} read it, "
          f"{len(affected)} with what reads them; {data.computed} computed -> "
          f"{verdict(data.computed == len(affected))}"
          + (f" (and {data.notebooks_run} notebooks re-executed: their key covers every data set)"
             if data.notebooks_run else ""))
    m = COMPUTING.search(cold.runs[0].log)
    if m:
        base = rows["plain"].median("wall")
        total, slowest, longest = float(m.group(1)), m.group(2), float(m.group(3))
        nb = cold.runs[0].notebooks_executed
        ideal = base + nb + max(longest, total / jobs)
        got = cold.median("wall")
        print(f"  cold close to plain + longest chain: computing {total:.1f} s in all, slowest "
              f"{slowest} {longest:.1f} s, notebooks {nb:.1f} s (run before the artifacts), "
              f"{jobs} workers; bound plain + notebooks + max(slowest, all/{jobs}) = "
              f"{ideal:.1f} s, cold {got:.1f} s = {got / ideal:.2f} x bound -> "
              f"{verdict(got <= 1.25 * ideal)} (within 1.25 x)")
    if "nb" in rows:
        nbw = rows["nb"].median("wall")
        print(f"  notebooks (mkdocs-jupyter execute, {n_figures} figures): {nbw:.1f} s = "
              f"{nbw / warm.median('wall'):.1f} x our warm build, "
              f"{nbw / cold.median('wall'):.2f} x our cold build ({cold.runs[0].artifacts} "
              "artifacts)")


if __name__ == "__main__":
    main()
