"""Compute artifacts, through the cache: the part of the build that knows nothing of MkDocs.

``build()`` returns an :class:`Output` per artifact. A result comes from the
cache when the artifact's key (code, data, parameters) is unchanged; otherwise
it is computed, checked for the declared kind, stored, and returned. Any
failure raises :class:`BuildError` naming the artifact, and nothing of it is
stored, so a later build tries again instead of publishing a stale result.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import time
import traceback
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

from recomputed import datafiles, explain, fingerprint, registry
from recomputed.cache import Cache
from recomputed.registry import Artifact, Col, Table


class BuildError(RuntimeError):
    """An artifact that could not be computed, or a claim whose verdict changed."""


@dataclass
class Output:
    artifact: Artifact
    key: str
    result: object  # float for values and claims (None if unchecked), Table for tables
    svg: bytes | None  # figures only: the light rendering
    data: Table | None  # the table behind a figure (figures), or the table itself
    alt: str
    cached: bool
    seconds: float
    svg_dark: bytes | None = None  # figures only: the same figure recoloured for dark pages
    reasons: tuple[str, ...] = ()  # why it was computed rather than read (see explain.py)

    @property
    def name(self) -> str:
        return self.artifact.name

    @property
    def verdict(self) -> tuple[str, str] | None:
        if self.artifact.kind != "claim":
            return None
        return self.artifact.claim.verdict(self.result)


# -- (de)serialisation of results -----------------------------------------------------------


def _cell(x):
    if isinstance(x, dt.date):
        return x.isoformat()
    if isinstance(x, float) and not math.isfinite(x):
        return repr(x)
    return x


def table_to_json(t: Table) -> dict:
    return {
        "columns": [vars(c) for c in t.columns],
        "rows": [[_cell(c) for c in r] for r in t.rows],
    }


def table_from_json(d: dict) -> Table:
    def back(x):
        return float(x) if x in ("nan", "inf", "-inf") else x

    return Table([Col(**c) for c in d["columns"]], [[back(c) for c in r] for r in d["rows"]])


def _check_number(art: Artifact, x, allow_none=False):
    if x is None and allow_none:
        return None
    x = registry._plain(x)  # noqa: SLF001 - NumPy scalar to float
    if isinstance(x, bool) or not isinstance(x, int | float):
        raise TypeError(f"a {art.kind} must return a number, got {type(x).__name__}")
    if not math.isfinite(x):
        raise ValueError(f"computed a non-finite {art.kind}: {x}")
    return x


def _serialise(art: Artifact, result) -> dict[str, bytes]:
    """Check a fresh result against its kind and turn it into the files we cache."""
    if art.kind == "value":
        payload = {"result": _check_number(art, result)}
    elif art.kind == "claim":
        payload = {"result": _check_number(art, result, allow_none=art.claim.expect == "unchecked")}
    elif art.kind == "table":
        if not isinstance(result, Table):
            raise TypeError(f"a table must return recomputed.registry.Table, got {type(result)}")
        payload = {"table": table_to_json(result)}
    else:
        if not isinstance(result, registry.Plot):
            raise TypeError(f"a figure must return recomputed.registry.Plot, got {type(result)}")
        from recomputed import plotting  # lazy: only a figure that is computed needs matplotlib

        svg, svg_dark = plotting.svg_renderings(result.figure)
        return {
            "figure.svg": svg,
            "figure.dark.svg": svg_dark,
            "result.json": json.dumps(
                {"table": table_to_json(result.data), "alt": result.alt}, sort_keys=True
            ).encode(),
        }
    return {"result.json": json.dumps(payload, sort_keys=True).encode()}


def _output(art: Artifact, key: str, files: dict[str, bytes], cached: bool, seconds: float):
    meta = json.loads(files["result.json"])
    if art.kind in ("value", "claim"):
        return Output(art, key, meta["result"], None, None, "", cached, seconds)
    table = table_from_json(meta["table"])
    if art.kind == "table":
        return Output(art, key, table, None, table, "", cached, seconds)
    return Output(art, key, None, files["figure.svg"], table, meta["alt"], cached, seconds,
                  files["figure.dark.svg"])


# -- computing ------------------------------------------------------------------------------


def _call(art: Artifact, data_dir: Path):
    kwargs = {name: datafiles.load(name, data_dir) for name in art.inputs}
    kwargs.update(art.params)
    return art.func(**kwargs)


def compute_files(name: str, data_dir: Path) -> dict[str, bytes]:
    """Compute one artifact and return the files to cache (also run in worker processes)."""
    import scipy.linalg  # noqa: F401 - load SciPy's own BLAS now, so the limit below covers it
    from threadpoolctl import threadpool_limits  # lazy: only computing needs it

    art = registry.get(name)
    try:
        # One BLAS/OpenMP thread, in workers and in this process alike: the number of
        # threads changes the order of floating-point sums, and so the last digits of a
        # result (seen in theory.variance_limited), which must not depend on --jobs.
        with threadpool_limits(limits=1):
            return _serialise(art, _call(art, data_dir))
    except datafiles.DataError as exc:
        # Raised while loading, the message names the data file's line; raised by the
        # artifact's code (a misspelt column), it also needs the line of that code.
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if "recomputed" in f.filename
                  and Path(f.filename).name not in ("engine.py", "datafiles.py")]
        at = f" (at {Path(frames[-1].filename).name}:{frames[-1].lineno})" if frames else ""
        raise BuildError(f"artifact {name!r}: {exc}{at}") from None
    except Exception as exc:  # noqa: BLE001 - any failure of science code is reported, not cached
        frames = traceback.extract_tb(exc.__traceback__)
        ours = [f for f in frames if "recomputed" in f.filename] or frames
        at = f" (at {Path(ours[-1].filename).name}:{ours[-1].lineno})" if ours else ""
        raise BuildError(f"artifact {name!r} failed: {type(exc).__name__}: {exc}{at}") from None


def _timed(name: str, data_dir: Path):
    t0 = time.perf_counter()
    files = compute_files(name, data_dir)
    return files, time.perf_counter() - t0


def default_jobs() -> int:
    """Worker processes for cache misses: ``$RECOMPUTED_JOBS`` if set, else every core this
    process may run on (artifacts are independent, so a cold build uses them all)."""
    if os.environ.get("RECOMPUTED_JOBS"):
        return max(1, int(os.environ["RECOMPUTED_JOBS"]))
    try:
        return len(os.sched_getaffinity(0))  # respects CPU limits (taskset, containers)
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def key_parts(artifacts: Iterable[Artifact], data_dir: Path) -> dict[str, dict[str, str]]:
    """The parts of each artifact's cache key (see :func:`fingerprint.artifact_parts`)."""
    digests: dict[str, str] = {}
    out = {}
    for art in artifacts:
        for name in art.inputs:
            if name not in digests:
                digests[name] = datafiles.digest(name, data_dir)
        extra = ["recomputed.plotting"] if art.kind == "figure" else []
        out[art.name] = fingerprint.artifact_parts(art, digests, extra)
    return out


def keys(artifacts: Iterable[Artifact], data_dir: Path) -> dict[str, str]:
    """Each artifact's cache key."""
    return {n: fingerprint.key_of(p) for n, p in key_parts(artifacts, data_dir).items()}


# What reading a well-formed entry written by other code can raise: a missing field, a
# wrong type. The entry is then discarded like a corrupt one, never published.
_MALFORMED = (KeyError, TypeError, ValueError, AttributeError, IndexError)


def build(
    names: Iterable[str] | None = None,
    cache: Cache | None = None,
    data_dir: Path = datafiles.DATA_DIR,
    jobs: int = 1,
    check_claims: bool = True,
) -> dict[str, Output]:
    """Compute (or fetch from the cache) the named artifacts, or all of them.

    With ``jobs > 1``, artifacts missing from the cache run in that many worker
    processes. With ``check_claims``, a claim whose verdict differs from the one
    it expects raises :class:`BuildError` (the regression guard).
    """
    cache = cache or Cache()
    reg = registry.load_all()
    arts = [registry.get(n) for n in names] if names is not None else list(reg.values())
    for art in arts:
        for name in art.inputs:
            if not (data_dir / f"{name}.csv").exists():
                raise BuildError(
                    f"artifact {art.name!r} reads data set {name!r}, but "
                    f"{data_dir / (name + '.csv')} does not exist"
                )
    memo = fingerprint.remember_in(cache.root)  # what hashing learnt in earlier builds
    parts = key_parts(arts, data_dir)
    memo.save()
    art_keys = {n: fingerprint.key_of(p) for n, p in parts.items()}
    outputs: dict[str, Output] = {}
    missing = []
    for art in arts:
        t0 = time.perf_counter()
        files = cache.get(art_keys[art.name], art.name)
        if files is not None:
            try:
                outputs[art.name] = _output(art, art_keys[art.name], files, True,
                                            time.perf_counter() - t0)
                continue
            except _MALFORMED as exc:
                cache.discard(art_keys[art.name], art.name,
                              f"unreadable result: {type(exc).__name__}: {exc}")
        missing.append(art)
    reasons = {a.name: explain.reasons(cache.recorded(a.name), parts[a.name],
                                       cache.discarded.pop(art_keys[a.name], None))
               for a in missing}
    if jobs > 1 and len(missing) > 1:
        ctx = get_context("forkserver")
        # Each computation caps BLAS at one thread itself (compute_files), here as in workers.
        with ProcessPoolExecutor(min(jobs, len(missing)), mp_context=ctx) as pool:
            futures = {a.name: pool.submit(_timed, a.name, data_dir) for a in missing}
            results = {n: f.result() for n, f in futures.items()}
    else:
        results = {a.name: _timed(a.name, data_dir) for a in missing}
    for art in missing:
        files, seconds = results[art.name]
        cache.put(art_keys[art.name], files)
        outputs[art.name] = _output(art, art_keys[art.name], files, False, seconds)
        outputs[art.name].reasons = reasons[art.name]
    for art in arts:  # so the next build can tell what changed since this one
        cache.record(art.name, art_keys[art.name], parts[art.name])
    if check_claims:
        check_verdicts(outputs.values())
    return {a.name: outputs[a.name] for a in arts}


def check_verdicts(outputs: Iterable[Output]) -> None:
    """The regression guard: every claim must reach the verdict it expects."""
    from recomputed import numbers

    problems = []
    for out in outputs:
        if out.artifact.kind != "claim":
            continue
        spec = out.artifact.claim
        verdict, detail = spec.verdict(out.result)
        if verdict != spec.expect:
            computed = ("none" if out.result is None
                        else numbers.format_number(out.result, out.artifact.fmt))
            problems.append(
                f"claim {out.name!r} ({spec.issue}, {spec.summary}): expected it to "
                f"{'hold' if spec.expect == 'holds' else spec.expect}, but it {verdict}: "
                f"stated {spec.stated!r} (target {spec.target}), computed {computed}; {detail}"
            )
    if problems:
        raise BuildError("claim verdicts changed:\n  " + "\n  ".join(problems))
