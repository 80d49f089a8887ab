"""Executing the site's notebooks at build time, cached by content hash.

The notebooks in ``docs/notebooks/`` are committed without outputs. :func:`execute`
runs one with nbclient (errors are never allowed) and writes the executed copy into
a cache folder, never into ``docs/``. The cache key is a SHA-256 of

- the notebook file's bytes,
- the source files of every ``recomputed`` module the notebook imports, with the
  modules those import in turn (:func:`recomputed.fingerprint.module_closure`),
- the data files in ``src/recomputed/data/`` (notebooks may load any of them), and
- the versions of Python, nbclient and ipykernel,

so an unchanged notebook is not re-executed, and a change to the science it uses is.
A failed run is never cached. The MkDocs hook hands the executed copy to
mkdocs-jupyter, which renders it with ``execute: false``.

:func:`readable_figures` is for the notebooks themselves: figures with a transparent
background and mid-grey text, readable on the light and the dark theme alike.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import sys
import tempfile
from pathlib import Path

CACHE_DIR = Path(".cache") / "recomputed" / "notebooks"
GREY = "#808080"  # readable on white and on Material's slate background


class NotebookError(RuntimeError):
    """A notebook cell failed; the message names the notebook and the cell."""


def _imported_modules(nb) -> set[str]:
    """``recomputed`` modules imported by the notebook's code cells (IPython magics skipped)."""
    found = set()
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = cell["source"]  # a list of lines in the file, a string once nbformat reads it
        source = "".join(source) if isinstance(source, list) else source
        src = "\n".join(line for line in source.splitlines()
                        if not line.lstrip().startswith(("%", "!")))
        try:
            tree = ast.parse(src)
        except SyntaxError:
            continue  # the kernel will report it, naming the cell
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found |= {a.name for a in node.names if a.name.split(".")[0] == "recomputed"}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                if node.module.split(".")[0] == "recomputed":
                    found.add(node.module)
                    found |= {f"{node.module}.{a.name}" for a in node.names}
    return {m for m in found if _is_module(m)}


def _is_module(name: str) -> bool:
    """``from recomputed.numbers import format_number`` names a function, not a module."""
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def cache_key(path: Path) -> str:
    """The content hash that decides whether ``path`` must be executed again."""
    from recomputed import datafiles, fingerprint

    raw = Path(path).read_bytes()
    # Plain JSON: only the code cells matter here, and nbformat's schema validation would
    # cost more than the rest of the key (this runs on every build; execute() validates).
    nb = json.loads(raw)
    if "cells" not in nb:  # nbformat 3 keeps cells in worksheets: let nbformat convert it
        import nbformat

        nb = nbformat.reads(raw.decode("utf-8"), as_version=4)
    h = hashlib.sha256(raw)
    modules = set()
    for m in _imported_modules(nb):
        modules |= fingerprint.module_closure(m)
    for m in sorted(modules | {"recomputed.notebooks"}):
        spec = importlib.util.find_spec(m)
        if spec is not None and spec.origin and spec.origin.endswith(".py"):
            h.update(m.encode() + b"\0" + Path(spec.origin).read_bytes() + b"\0")
    for name in datafiles.available():
        h.update(name.encode() + datafiles.digest(name).encode())
    for dist in ("nbclient", "ipykernel"):
        h.update(f"{dist}={importlib.metadata.version(dist)}".encode())
    h.update(sys.version.encode())
    return h.hexdigest()


def cached_path(path: Path, cache_dir: Path = CACHE_DIR) -> Path:
    """Where the executed copy of ``path`` lives (whether or not it exists yet):
    ``cache_dir/KEY/<notebook's folder name>/<notebook's file name>``, so that a site
    generator can treat ``cache_dir/KEY`` as a docs folder with the same layout."""
    path = Path(path)
    return Path(cache_dir) / cache_key(path)[:20] / path.parent.name / path.name


def execute(path: Path, cache_dir: Path = CACHE_DIR, timeout: int = 600) -> tuple[Path, bool]:
    """Execute the notebook at ``path`` unless a cached run exists.

    Returns ``(executed_copy, from_cache)``. Raises :class:`NotebookError` naming the
    notebook and the failing cell (its number among code cells and first line).
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError
    from traitlets.config import Config

    path = Path(path)
    out = cached_path(path, cache_dir)
    if out.exists():
        return out, True
    nb = nbformat.read(path, as_version=4)
    # The kernel talks to us over Unix sockets in a private temporary folder, not TCP on
    # 127.0.0.1: the build then needs no network at all (not even loopback), and nothing
    # else on the machine can connect to the kernel.
    sockets = tempfile.TemporaryDirectory(prefix="rc-kernel-")
    config = Config({"KernelManager": {"transport": "ipc",
                                       "connection_file": f"{sockets.name}/kernel.json"}})
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=False,
                            record_timing=False, config=config,
                            resources={"metadata": {"path": str(path.parent.resolve())}})
    # Figures in notebooks come out the same on every run, and BLAS threads stay off
    # (the build may run other work on the same cores).
    env = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError) as exc:
        raise NotebookError(_describe_failure(path, nb, exc)) from None
    finally:
        sockets.cleanup()
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    out.parent.mkdir(parents=True, exist_ok=True)
    # Write to a temporary file and rename, so a half-written notebook is never cached.
    fd, tmp = tempfile.mkstemp(dir=out.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        nbformat.write(nb, f)
    os.replace(tmp, out)
    _evict_older_runs(out, Path(cache_dir))
    return out, False


def _evict_older_runs(out: Path, cache_dir: Path) -> None:
    """Remove earlier executions of the same notebook, so the cache does not grow with
    every edit (each key folder holds one notebook; the newest is kept)."""
    import shutil

    rel = out.relative_to(cache_dir)  # KEY/folder/name.ipynb
    for other in cache_dir.glob(f"*/{rel.parent.name}/{rel.name}"):
        if other != out:
            shutil.rmtree(other.parents[1], ignore_errors=True)


def _describe_failure(path: Path, nb, exc) -> str:
    shown = os.path.relpath(path)  # docs/notebooks/x.ipynb, as other build errors name files
    path = path if shown.startswith("..") else shown
    code_no = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        code_no += 1
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if errors:
            first = (cell.source.strip().splitlines() or [""])[0]
            e = errors[0]
            return (f"{path}: code cell {code_no} ({first!r}) failed: "
                    f"{e.get('ename')}: {e.get('evalue')}")
    first_line = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
    return f"{path}: a cell failed: {first_line}"


def readable_figures() -> None:
    """Matplotlib settings for notebook figures that read well on light and dark pages:
    transparent background, mid-grey text, ticks and spines, and stable SVG output
    (fixed ids, no date)."""
    import matplotlib  # not recomputed.plotting: it selects the Agg back-end, no inline

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
