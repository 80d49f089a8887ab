"""When a page's content last changed, and when it was first published, from git history.

A page's content is its source file plus whatever it cites: each artifact's module,
the ``recomputed`` modules that artifact uses, and the data sets it reads. Its date is
the newest commit that touched any of these. Dates are commit dates (``%ct``, UTC), so
they are the same for every build of a given commit; nothing here reads the clock or
modification times.

All of history is read with one ``git log`` call (see :meth:`History.read`). Outside a
git checkout, or without git, there is no history and pages simply show no date; a file
never committed has no date either. A shallow clone (CI's default) knows only its own
commits, so every file looks as if it was added by the newest one: deploy with the full
history (``fetch-depth: 0``).
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from recomputed.engine import datafiles, keys

COMMIT = "\x1e"  # starts a commit's line in our `git log` format; never part of a path


@dataclass(frozen=True)
class History:
    """Per file (path relative to the repository top): newest and oldest commit time."""

    top: Path
    last: Mapping[str, int]
    first: Mapping[str, int]
    shallow: bool = False

    @classmethod
    def read(cls, where: Path) -> History | None:
        """The history of the repository holding ``where``, or None if there is none."""
        try:
            head = _git(where, "rev-parse", "--show-toplevel", "--is-shallow-repository")
            log = _git(where, "-c", "core.quotePath=false", "log",
                       f"--format={COMMIT}%ct", "--name-only")
        except (OSError, subprocess.CalledProcessError):
            return None  # no git, not a checkout, or no commits yet
        top, shallow = head.splitlines()[:2]
        return cls(Path(top), *parse_log(log), shallow=shallow == "true")

    def _key(self, path: Path) -> str | None:
        try:
            return _resolved(Path(path)).relative_to(_resolved(self.top)).as_posix()
        except ValueError:
            return None  # outside the repository

    def last_changed(self, paths: Iterable[Path]) -> int | None:
        """Newest commit time over ``paths`` (those never committed are ignored)."""
        times = [self.last[k] for k in map(self._key, paths) if k in self.last]
        return max(times, default=None)

    def first_added(self, path: Path) -> int | None:
        """Time of the oldest commit that touched ``path`` (after a rename: the rename)."""
        return self.first.get(self._key(path))


def _git(where: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(where), *args], capture_output=True, text=True,
                          check=True, encoding="utf-8").stdout


def parse_log(text: str) -> tuple[dict[str, int], dict[str, int]]:
    """``git log --format=<COMMIT>%ct --name-only`` output to (newest, oldest) per path.

    Extremes, not first/last seen: log order follows the graph, not the clock.
    Merge commits list no files, so a file dates from the commit that changed it.
    """
    last: dict[str, int] = {}
    first: dict[str, int] = {}
    when = None
    for line in text.split("\n"):  # not splitlines(): it would split at COMMIT too
        if line.startswith(COMMIT):
            when = int(line[1:])
        elif line and when is not None:
            last[line] = max(last.get(line, when), when)
            first[line] = min(first.get(line, when), when)
    return last, first


def iso_date(timestamp: int) -> str:
    """``2026-11-22``: the UTC date, the same whatever the machine's locale or zone."""
    return dt.datetime.fromtimestamp(timestamp, tz=dt.UTC).date().isoformat()


@cache  # every page asks for the same few paths; a build is too short for them to move
def _resolved(path: Path) -> Path:
    return path.resolve()


def artifact_sources(artifact, data_dir: Path = datafiles.DATA_DIR,
                     roots: keys.Roots = keys.ROOTS) -> set[Path]:
    """Files an artifact's result comes from: its module and the project modules it imports
    (its module's import closure, as the cache key counts them), and its data."""
    files = set(keys.closure(artifact.module, roots).values())
    for name in artifact.datasets:
        files |= {data_dir / f"{name}.csv", data_dir / f"{name}.toml"}
    return files


def citation_sources(artifacts: Iterable, data_dir: Path = datafiles.DATA_DIR,
                     roots: keys.Roots = keys.ROOTS,
                     extra: Mapping[str, Iterable[Path]] | None = None) -> dict[str, set[Path]]:
    """For every name a page can cite, the files behind what the citation shows.

    The built-in special names (see :mod:`recomputed.site.citations`) stand for many
    artifacts: the ledger for every claim, the statistics for everything. ``extra`` gives
    the files behind the special names a site adds.
    """
    artifacts = {a.name: a for a in artifacts}
    out: dict[str, set[Path]] = {}

    def sources(name: str) -> set[Path]:  # its own, and those of the artifacts it reads
        if name not in out:
            art = artifacts[name]
            out[name] = artifact_sources(art, data_dir, roots).union(*map(sources, art.reads))
        return out[name]

    for name in artifacts:
        sources(name)
    artifacts = list(artifacts.values())
    data = {p for n in datafiles.available(data_dir) for p in
            (data_dir / f"{n}.csv", data_dir / f"{n}.toml")}
    special = {
        "ledger": set().union(*(out[a.name] for a in artifacts if a.kind == "claim")),
        "datasets": data,
        "stats": set().union(data, *out.values()),
    }
    return out | special | {name: set(paths) for name, paths in (extra or {}).items()}


SNIPPET = re.compile(r'^\s*-{1,}8<-{1,}\s+"([^"]+)"\s*$', re.M)


def snippet_files(markdown: str, bases: Iterable[Path]) -> list[Path]:
    """Files a page includes with pymdownx.snippets (``--8<-- "FILE"``), found in the first
    of the snippet ``bases`` that has them: their edits change the page."""
    found = []
    for name in SNIPPET.findall(markdown):
        for base in bases:
            if (base / name).is_file():
                found.append(base / name)
                break
    return found


def page_date(history: History, page: Path, sources: Iterable[Path]) -> int | None:
    """Newest commit over a page and the files behind what it cites, or None while the
    page itself has never been committed (a draft has no date of its own yet)."""
    if history.last_changed([page]) is None:
        return None
    return history.last_changed([page, *sources])
