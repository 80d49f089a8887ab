"""Compute artifacts, through the cache: the part of the build that knows nothing of MkDocs.

:func:`build` orders the artifacts so that each comes after those it reads (a cycle
is an error naming its members), keys each on its files and on the keys of its inputs
(:mod:`recomputed.engine.keys`), takes from the cache what is there, and computes the
rest, in worker processes when ``jobs > 1``: an artifact starts as soon as its inputs
are ready, and each result is stored the moment it is computed, so a failure or an
interruption loses nothing that was finished. A failure raises :class:`BuildError`
naming the artifact; nothing of it is stored, so a later build tries again instead of
publishing a stale result.
"""

from __future__ import annotations

import os
import sys
import time
import traceback
from collections.abc import Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from multiprocessing import get_context
from pathlib import Path

from recomputed.engine import datafiles, explain, interrupt, keys, registry, results
from recomputed.engine.cache import Cache
from recomputed.engine.registry import Artifact
from recomputed.engine.results import Output

__all__ = ["BuildError", "Output", "build", "default_jobs", "plan"]


class BuildError(RuntimeError):
    """An artifact that could not be computed, or a claim whose verdict changed."""


# -- order ------------------------------------------------------------------------------------


def plan(names: Iterable[str] | None, reg: dict[str, Artifact]) -> list[Artifact]:
    """The artifacts ``names`` (all if ``None``) and everything they read, each after its
    inputs (ties in name order, so every build takes the same order)."""
    wanted = sorted(reg) if names is None else list(names)
    for name in wanted:
        if name not in reg:
            raise registry.RegistryError(f"unknown artifact {name!r}{registry._near(name, reg)}")
    order: list[Artifact] = []
    state: dict[str, str] = {}  # name -> "open" while its inputs are visited, then "done"

    def visit(name: str, path: list[str]) -> None:
        if state.get(name) == "done":
            return
        if state.get(name) == "open":
            cycle = path[path.index(name):] + [name]
            raise BuildError("artifacts read each other in a cycle: " + " -> ".join(cycle))
        state[name] = "open"
        for dep in sorted(reg[name].reads):
            visit(dep, [*path, name])
        state[name] = "done"
        order.append(reg[name])

    for name in sorted(set(wanted)):
        visit(name, [])
    return order


def key_parts(order: Sequence[Artifact], data_dir: Path,
              roots: keys.Roots = keys.ROOTS) -> dict[str, dict[str, str]]:
    """The parts of each artifact's key, in ``order`` (inputs first)."""
    digests = {n: datafiles.digest(n, data_dir) for a in order for n in a.datasets}
    parts, made = {}, {}
    for art in order:
        parts[art.name] = keys.artifact_parts(art, digests, made, roots)
        made[art.name] = keys.key_of(parts[art.name])
    return parts


# -- computing ----------------------------------------------------------------------------------


def _where(exc: BaseException) -> str:
    """`` (at file.py:LINE)`` for the innermost frame of project code in a traceback."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if Path(f.filename).name not in ("build.py", "datafiles.py", "results.py")
              and "site-packages" not in f.filename and not f.filename.startswith("<")]
    return f" (at {Path(frames[-1].filename).name}:{frames[-1].lineno})" if frames else ""


def compute_files(name: str, modules: Sequence[str], data_dir: Path, inputs: dict
                  ) -> dict[str, bytes]:
    """Compute one artifact from its ``inputs`` (the results of the artifacts it reads,
    by keyword) and return the files to cache. Runs in worker processes too."""
    import scipy.linalg  # noqa: F401 - load SciPy's own BLAS now, so the limit below covers it
    from threadpoolctl import threadpool_limits  # lazy: only computing needs it

    art = registry.get(name, modules)
    try:
        kwargs = {registry.argument(n): datafiles.load(n, data_dir) for n in art.datasets}
        kwargs |= inputs | art.params
        # One BLAS/OpenMP thread, in workers and in this process alike: the number of
        # threads changes the order of floating-point sums, and so the last digits of a
        # result (seen in theory.variance_limited), which must not depend on --jobs.
        with threadpool_limits(limits=1):
            return results.to_files(art, art.func(**kwargs))
    except datafiles.DataError as exc:
        # Raised while loading, the message names the data file's line; raised by the
        # artifact's code (a misspelt column), it also needs the line of that code.
        raise BuildError(f"artifact {name!r}: {exc}{_where(exc)}") from None
    except Exception as exc:  # noqa: BLE001 - any failure of science code is reported, not cached
        # A result the engine refuses (NaN, a string for a value) was raised by the engine,
        # not by the artifact's code: point at the artifact's declaration instead.
        where = _where(exc) or f" (at {art.declared_at})"
        raise BuildError(f"artifact {name!r} failed: {type(exc).__name__}: {exc}"
                         f"{where}") from None


def _timed(name: str, modules: Sequence[str], data_dir: Path, inputs: dict):
    t0 = time.perf_counter()
    files = compute_files(name, modules, data_dir, inputs)
    return files, time.perf_counter() - t0


def _init_worker(path: list[str], pycache_prefix: str | None) -> None:
    interrupt.ignore_in_worker()  # Ctrl-C is the parent's to handle (engine/interrupt.py)
    sys.path[:] = path  # the artifact modules of a site outside this package
    sys.pycache_prefix = pycache_prefix  # where the parent compiles (see site/plugin.py)


def default_jobs() -> int:
    """Worker processes for cache misses: ``$RECOMPUTED_JOBS`` if set, else every core this
    process may run on."""
    if os.environ.get("RECOMPUTED_JOBS"):
        return max(1, int(os.environ["RECOMPUTED_JOBS"]))
    try:
        return len(os.sched_getaffinity(0))  # respects CPU limits (taskset, containers)
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def build(
    names: Iterable[str] | None = None,
    cache: Cache | None = None,
    data_dir: Path = datafiles.DATA_DIR,
    jobs: int = 1,
    check_claims: bool = True,
    modules: Sequence[str] = registry.DEFAULT_MODULES,
) -> dict[str, Output]:
    """Compute (or fetch from the cache) the named artifacts, or all of them, and the
    artifacts they read; return the named ones (all if ``names`` is ``None``).

    With ``check_claims``, a claim whose verdict differs from the one it expects raises
    :class:`BuildError` (the regression guard)."""
    cache = cache or Cache()
    modules = tuple(modules)
    keys.forget()  # files may have changed since the last build in this process
    reg = registry.load_all(modules)
    order = plan(names, reg)
    for art in order:
        for name in art.datasets:
            if not (data_dir / f"{name}.csv").exists():
                raise BuildError(f"{art.declared_at}: artifact {art.name!r} reads data set "
                                 f"{name!r}, but {data_dir / (name + '.csv')} does not exist")
    parts = key_parts(order, data_dir, keys.roots_for(modules))
    art_keys = {n: keys.key_of(p) for n, p in parts.items()}

    done: dict[str, Output] = {}
    missing: list[Artifact] = []
    for art in order:
        t0 = time.perf_counter()
        files = cache.get(art_keys[art.name], art.name)
        if files is not None:
            try:
                done[art.name] = results.from_files(art, art_keys[art.name], files, True,
                                                    time.perf_counter() - t0)
                continue
            except results.MALFORMED as exc:
                cache.discard(art_keys[art.name], art.name,
                              f"unreadable result: {type(exc).__name__}: {exc}")
        missing.append(art)
    reasons = {a.name: explain.reasons(cache.recorded(a.name), parts[a.name],
                                       cache.discarded.pop(art_keys[a.name], None))
               for a in missing}

    def finish(art: Artifact, files: dict[str, bytes], seconds: float) -> None:
        cache.put(art_keys[art.name], files)  # at once: a later failure loses nothing
        out = results.from_files(art, art_keys[art.name], files, False, seconds)
        out.reasons = reasons[art.name]
        done[art.name] = out

    _run(missing, done, finish, modules, data_dir, jobs)
    for art in order:  # so the next build can tell what changed since this one
        cache.record(art.name, art_keys[art.name], parts[art.name])
    if check_claims:
        check_verdicts(done.values())
    wanted = sorted(reg) if names is None else list(dict.fromkeys(names))
    return {n: done[n] for n in wanted}


def _inputs(art: Artifact, done: dict[str, Output]) -> dict:
    return {registry.argument(n): done[n].as_input for n in art.reads}


def _cheap(art: Artifact) -> bool:
    """A claim only passes on its value's number: no worker needed."""
    return art.kind == "claim"


def _run(missing: list[Artifact], done: dict[str, Output], finish, modules, data_dir,
         jobs: int) -> None:
    """Compute ``missing`` (in an order where inputs come first), each once its inputs are
    in ``done``; ``finish`` stores each result at once. A failure does not stop the others:
    everything that does not read a failed artifact is computed and stored, then every
    failure is raised together, in build order (so the report does not depend on which
    worker finished first)."""
    failed: dict[str, BuildError] = {}

    def blocked(art: Artifact) -> bool:
        return any(d in failed or d in blocked_names for d in art.reads)

    blocked_names: set[str] = set()
    heavy = [a for a in missing if not _cheap(a)]
    if jobs <= 1 or len(heavy) <= 1:
        for art in missing:
            if blocked(art):
                blocked_names.add(art.name)
                continue
            try:
                files, seconds = _timed(art.name, modules, data_dir, _inputs(art, done))
            except BuildError as exc:
                failed[art.name] = exc
                continue
            finish(art, files, seconds)
    else:
        waiting = list(missing)
        running: dict[Future, Artifact] = {}
        ctx = get_context("forkserver")
        with ProcessPoolExecutor(min(jobs, len(heavy)), mp_context=ctx,
                                 initializer=_init_worker,
                                 initargs=(list(sys.path), sys.pycache_prefix)) as pool:
            while waiting or running:
                for art in [a for a in waiting if blocked(a)]:
                    waiting.remove(art)
                    blocked_names.add(art.name)
                ready = [a for a in waiting if all(d in done for d in a.reads)]
                for art in ready:
                    waiting.remove(art)
                    if not _cheap(art):
                        running[pool.submit(_timed, art.name, modules, data_dir,
                                            _inputs(art, done))] = art
                        continue
                    try:
                        files, seconds = _timed(art.name, modules, data_dir, _inputs(art, done))
                    except BuildError as exc:
                        failed[art.name] = exc
                        continue
                    finish(art, files, seconds)
                if ready and not running:
                    continue  # cheap ones may have readied others
                if not running:
                    break
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for fut in finished:
                    art = running.pop(fut)
                    try:
                        files, seconds = fut.result()
                    except BuildError as exc:
                        failed[art.name] = exc
                        continue
                    finish(art, files, seconds)
    if failed:
        order = [a.name for a in missing]
        messages = [str(failed[n]) for n in sorted(failed, key=order.index)]
        raise BuildError("\n".join(messages))


def check_verdicts(outputs: Iterable[Output]) -> None:
    """The regression guard: every claim must reach the verdict it expects."""
    problems = []
    for out in outputs:
        if out.artifact.kind != "claim":
            continue
        spec = out.artifact.claim
        verdict, detail = out.verdict
        if verdict != spec.expect:
            problems.append(
                f"claim {out.name!r} ({spec.issue}, {spec.summary}): expected {spec.expect!r}, "
                f"but it is {verdict!r}: stated {spec.stated!r}; {detail}"
            )
    if problems:
        raise BuildError("claim verdicts changed:\n  " + "\n  ".join(problems))
