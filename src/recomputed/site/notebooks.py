"""Executing the site's notebooks at build time, cached by content hash.

The notebooks in ``docs/notebooks/`` are committed without outputs. :func:`execute`
runs one with nbclient (errors are never allowed) and keeps the executed copy in the
artifact cache, never in ``docs/``. Its key is a SHA-256 of

- the notebook file's bytes,
- the files of every project module its code imports, with the modules those import
  in turn (:func:`recomputed.engine.keys.closure`, as for artifacts),
- the data sets its code names (a string equal to a data set's name, as in
  ``datafiles.load("kaplan_2020_constants")``): a run that loads any other data set
  fails, so the key can never miss one,
- the versions of Python, nbclient and ipykernel,

so an unchanged notebook is not re-executed, and a change to what it uses is. A failed
run is never cached. The cache entry carries checksums like an artifact's: a damaged
one is discarded with a warning and the notebook runs again. The executed copy is also
written to ``CACHE_DIR/KEY/<folder>/<name>.ipynb``, for mkdocs-jupyter to render with
``execute: false``.

:func:`readable_figures` is for the notebooks themselves: figures with a transparent
background and mid-grey text, readable on the light and the dark theme alike.
"""

from __future__ import annotations

import ast
import asyncio
import importlib.metadata
import json
import os
import platform
import tempfile
import threading
from pathlib import Path

from recomputed.engine import datafiles, interrupt, keys
from recomputed.engine.cache import Cache

CACHE_DIR = Path(".cache") / "recomputed" / "notebooks"
GREY = "#808080"  # readable on white and on Material's slate background
FILE = "notebook.ipynb"  # its name in a cache entry


class NotebookError(RuntimeError):
    """A notebook cell failed; the message names the notebook and the cell."""


def _code(nb) -> str:
    """The notebook's code cells as one source (IPython magics and shell lines dropped)."""
    cells = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = cell["source"]  # a list of lines in the file, a string once nbformat reads it
        source = "".join(source) if isinstance(source, list) else source
        cells.append("\n".join(line for line in source.splitlines()
                               if not line.lstrip().startswith(("%", "!"))))
    return "\n".join(cells)


def _read(path: Path) -> tuple[bytes, dict]:
    raw = Path(path).read_bytes()
    # Plain JSON: only the code cells matter here, and nbformat's schema validation would
    # cost more than the rest of the key (this runs on every build; execute() validates).
    nb = json.loads(raw)
    if "cells" not in nb:  # nbformat 3 keeps cells in worksheets: let nbformat convert it
        import nbformat

        nb = nbformat.reads(raw.decode("utf-8"), as_version=4)
    return raw, nb


def uses(path: Path, data_dir: Path = datafiles.DATA_DIR) -> tuple[dict[str, Path], list[str]]:
    """The project modules (with their files) and the data sets the notebook's code uses."""
    _, nb = _read(path)
    try:
        tree = ast.parse(_code(nb))
    except SyntaxError:  # the kernel will report it, naming the cell
        tree = ast.Module(body=[], type_ignores=[])
    modules: dict[str, Path] = {}
    for name in sorted(keys.imports_in(tree) | {__name__}):
        modules |= keys.closure(name)
    strings = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)
               and isinstance(n.value, str)}
    return modules, sorted(strings & set(datafiles.available(data_dir)))


def cache_key(path: Path, data_dir: Path = datafiles.DATA_DIR) -> str:
    """The content hash that decides whether ``path`` must be executed again."""
    raw, _ = _read(path)
    modules, data = uses(path, data_dir)
    pieces = [raw, platform.python_version().encode()]
    pieces += [f"{dist}={importlib.metadata.version(dist)}".encode()
               for dist in ("nbclient", "ipykernel")]
    pieces += [m.encode() + b"=" + keys.file_digest(p).encode() for m, p in modules.items()]
    pieces += [n.encode() + b"=" + datafiles.digest(n, data_dir).encode() for n in data]
    return keys.digest(*pieces)


def cached_path(path: Path, key: str, cache_dir: Path = CACHE_DIR) -> Path:
    """Where the executed copy of ``path`` is written: ``cache_dir/KEY/<notebook's folder
    name>/<notebook's file name>``, so that a site generator can treat ``cache_dir/KEY``
    as a docs folder with the same layout."""
    path = Path(path)
    return Path(cache_dir) / key[:20] / path.parent.name / path.name


def execute(path: Path, cache_dir: Path = CACHE_DIR, timeout: int = 600,
            data_dir: Path = datafiles.DATA_DIR) -> tuple[Path, bool]:
    """Execute the notebook at ``path`` unless a cached run exists.

    Returns ``(executed_copy, from_cache)``. Raises :class:`NotebookError` naming the
    notebook and the failing cell (its number among code cells and first line), or a
    data set it loaded without naming it.
    """
    path = Path(path)
    key = cache_key(path, data_dir)
    store = Cache(Path(cache_dir) / "entries")
    files = store.get(key, _shown(path))
    cached = files is not None
    if not cached:
        files = {FILE: _run(path, timeout, data_dir)}
        store.put(key, files)
    out = cached_path(path, key, cache_dir)
    if not out.is_file() or out.read_bytes() != files[FILE]:
        out.parent.mkdir(parents=True, exist_ok=True)
        # Write to a temporary file and rename: a half-written notebook is never rendered.
        fd, tmp = tempfile.mkstemp(dir=out.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(files[FILE])
        os.replace(tmp, out)
        _evict_older_runs(out, Path(cache_dir))
    return out, cached


def _shown(path: Path) -> str:
    shown = os.path.relpath(path)  # docs/notebooks/x.ipynb, as other build errors name files
    return str(path) if shown.startswith("..") else shown


def _run(path: Path, timeout: int, data_dir: Path) -> bytes:
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError
    from traitlets.config import Config

    nb = nbformat.read(path, as_version=4)
    _, named = uses(path, data_dir)
    # The kernel talks to us over Unix sockets in a private temporary folder, not TCP on
    # 127.0.0.1: the build then needs no network at all (not even loopback), and nothing
    # else on the machine can connect to the kernel.
    tmp = tempfile.TemporaryDirectory(prefix="rc-kernel-")
    config = Config({"KernelManager": {"transport": "ipc",
                                       "connection_file": f"{tmp.name}/kernel.json"}})
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=False,
                            record_timing=False, config=config,
                            resources={"metadata": {"path": str(path.parent.resolve())}})
    log = Path(tmp.name) / "data-read.log"
    # Figures in notebooks come out the same on every run, and BLAS threads stay off
    # (the build may run other work on the same cores). The kernel logs the data sets
    # it loads, to check them against those its key counts.
    env = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
           datafiles.READ_LOG: str(log)}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        client.km = client.create_kernel_manager()  # ours, so Ctrl-C can stop its kernel
        with interrupt.also_stop(lambda: _kill_kernel(client.km)):
            _in_a_thread(client.execute)
        read = set(log.read_text().split()) if log.exists() else set()
    except (CellExecutionError, CellTimeoutError) as exc:
        raise NotebookError(_describe_failure(path, nb, exc)) from None
    finally:
        tmp.cleanup()
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    unnamed = sorted(read - set(named))
    if unnamed:
        raise NotebookError(
            f"{_shown(path)}: loads data set {unnamed[0]!r} without naming it in its code, "
            f"so its cache key cannot count it; load it as datafiles.load({unnamed[0]!r})")
    return nbformat.writes(nb).encode()


def _kill_kernel(km) -> None:
    process = getattr(km.provisioner, "process", None)  # None until it is started
    if process is not None:
        process.kill()


def _in_a_thread(run) -> None:
    """``run()`` in a thread of its own, its exception raised here.

    On the main thread, nbclient sets asyncio's SIGINT handler while it runs and leaves
    Python's default one behind, so Ctrl-C would raise tracebacks through its clean-up
    instead of reaching the build's handler (:mod:`recomputed.engine.interrupt`). Off
    the main thread it sets none; the main thread waits in ``join``, which a signal
    interrupts, and the kernel, which runs in a session of its own, exits when its
    parent does (ipykernel watches the parent's pid).
    """
    failed: list[BaseException] = []

    def body():
        try:
            run()
        except BaseException as exc:  # handed to the main thread, which raises it
            failed.append(exc)
        finally:
            # nbclient made this thread an event loop of its own; nothing else will close it.
            try:
                loop = asyncio.get_event_loop_policy().get_event_loop()
            except RuntimeError:  # it failed before making one
                loop = None
            if loop is not None and not loop.is_closed():
                loop.close()

    worker = threading.Thread(target=body, name="recomputed-notebook", daemon=True)
    worker.start()
    worker.join()
    if failed:
        raise failed[0]


def _evict_older_runs(out: Path, cache_dir: Path) -> None:
    """Remove earlier copies of the same notebook, so the folder does not grow with every
    edit (each key folder holds one notebook; the newest is kept)."""
    import shutil

    rel = out.relative_to(cache_dir)  # KEY/folder/name.ipynb
    for other in cache_dir.glob(f"*/{rel.parent.name}/{rel.name}"):
        if other != out:
            shutil.rmtree(other.parents[1], ignore_errors=True)


def _describe_failure(path: Path, nb, exc) -> str:
    path = _shown(path)
    code_no = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        code_no += 1
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if errors:
            first = (cell.source.strip().splitlines() or [""])[0]
            e = errors[0]
            # The kernel runs in the notebook's folder, so it names files by absolute path;
            # name them from where the build runs, as every other build error does.
            evalue = str(e.get("evalue")).replace(os.getcwd() + os.sep, "")
            return f"{path}: code cell {code_no} ({first!r}) failed: {e.get('ename')}: {evalue}"
    first_line = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
    return f"{path}: a cell failed: {first_line}"


def readable_figures() -> None:
    """Matplotlib settings for notebook figures that read well on light and dark pages:
    transparent background, mid-grey text, ticks and spines, and stable SVG output
    (fixed ids, no date)."""
    import matplotlib  # not recomputed.engine.plotting: it selects the Agg back-end, no inline

    matplotlib.rcParams.update({
        "svg.hashsalt": "recomputed",
        "svg.fonttype": "path",
        "font.size": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "legend.frameon": False,
        "figure.facecolor": "none",
        "axes.facecolor": "none",
        "savefig.transparent": True,
        "text.color": GREY,
        "axes.labelcolor": GREY,
        "axes.edgecolor": GREY,
        "axes.titlecolor": GREY,
        "xtick.color": GREY,
        "ytick.color": GREY,
        "legend.labelcolor": GREY,
        "grid.color": GREY,
    })
    # The inline back-end stamps each SVG with the time it was drawn; leave it out so
    # two runs of a notebook give the same bytes.
    from IPython import get_ipython

    shell = get_ipython()
    if shell is not None:
        shell.run_line_magic("config", "InlineBackend.print_figure_kwargs = "
                             "{'bbox_inches': 'tight', 'metadata': {'Date': None}}")
