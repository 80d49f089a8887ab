"""A content-addressed store of artifact results, under ``.cache/recomputed/`` (git-ignored).

Each entry is a folder named by the artifact's key (see :mod:`recomputed.engine.keys`)
holding the files the computation produced, plus ``MANIFEST.json`` with the
size and SHA-256 of each of them. Entries are written to a temporary folder
(manifest last) and renamed into place, so a crash never leaves half an entry,
and only successful computations are ever stored.

Reading checks every file against the manifest. An entry that fails the check
(a truncated or edited file, a missing or unreadable manifest) is never used:
it is moved aside and deleted, a warning names the artifact and the entry, and
the caller sees a miss, so the artifact is computed again.

Next to the entries, ``names/ARTIFACT.json`` records the key and the key's parts
(see :func:`recomputed.engine.keys.artifact_parts`) of each artifact's latest build, so
that a later build can say *why* an artifact had to be recomputed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import uuid
from pathlib import Path

DEFAULT_DIR = Path(".cache") / "recomputed"
MANIFEST = "MANIFEST.json"
NAMES = "names"

log = logging.getLogger(__name__)


def default_dir() -> Path:
    """``$RECOMPUTED_CACHE`` if set, else ``.cache/recomputed`` in the working folder."""
    return Path(os.environ.get("RECOMPUTED_CACHE", DEFAULT_DIR))


def _manifest(files: dict[str, bytes]) -> bytes:
    return json.dumps(
        {name: {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
         for name, data in files.items()},
        sort_keys=True, indent=1,
    ).encode()


def _problem(entry: Path) -> tuple[str | None, dict[str, bytes]]:
    """What is wrong with ``entry`` (``None`` if nothing), and its files."""
    try:
        manifest = json.loads((entry / MANIFEST).read_bytes())
    except FileNotFoundError:
        return f"no {MANIFEST}", {}
    except ValueError as exc:  # not JSON, or not UTF-8
        return f"{MANIFEST} is unreadable ({exc})", {}
    if not isinstance(manifest, dict) or not all(
        isinstance(m, dict) and isinstance(m.get("size"), int)
        and isinstance(m.get("sha256"), str) for m in manifest.values()
    ):
        return f"{MANIFEST} is malformed", {}
    present = {p.name for p in entry.iterdir()} - {MANIFEST}
    extra = sorted(present - set(manifest))
    if extra:
        return f"{extra[0]} is not in {MANIFEST}", {}
    files = {}
    for name in sorted(manifest):
        want = manifest[name]
        if name not in present:
            return f"{name} is missing", {}
        data = (entry / name).read_bytes()
        if len(data) != want["size"]:
            return f"{name} has {len(data)} bytes, {MANIFEST} says {want['size']}", {}
        if hashlib.sha256(data).hexdigest() != want["sha256"]:
            return f"{name} does not match its SHA-256 in {MANIFEST}", {}
        files[name] = data
    return None, files


class Cache:
    def __init__(self, root: Path | None = None):
        self.root = Path(root) if root is not None else default_dir()
        # Entries found corrupt and discarded by this object: key -> what was wrong.
        self.discarded: dict[str, str] = {}

    def _entry(self, key: str) -> Path:
        return self.root / key[:2] / key

    def get(self, key: str, name: str = "") -> dict[str, bytes] | None:
        """The files stored under ``key``, or ``None`` on a miss.

        A corrupt entry is discarded with a warning (naming the artifact ``name``)
        and counts as a miss."""
        entry = self._entry(key)
        if not entry.is_dir():
            return None
        try:
            problem, files = _problem(entry)
        except OSError:
            if not entry.is_dir():  # another build discarded it meanwhile: a plain miss
                return None
            raise
        if problem is None:
            return files
        if not entry.is_dir():
            return None
        self.discard(key, name, problem)
        return None

    def discard(self, key: str, name: str, problem: str) -> None:
        """Remove the entry under ``key`` because of ``problem``, with a warning."""
        entry = self._entry(key)
        log.warning(f"recomputed cache: the entry of artifact {name or '?'!r} is corrupt "
                    f"({problem}); discarded {entry}, computing it again")
        self.discarded[key] = problem
        # Rename first (atomic), so no other build reads a half-deleted folder.
        aside = entry.parent / f".corrupt-{uuid.uuid4().hex}"
        try:
            os.rename(entry, aside)
        except OSError:
            return  # another build moved it first
        shutil.rmtree(aside, ignore_errors=True)

    def put(self, key: str, files: dict[str, bytes]) -> None:
        """Store ``files`` under ``key`` atomically (temporary folder, then rename)."""
        if MANIFEST in files:
            raise ValueError(f"{MANIFEST} is reserved for the cache's own checksums")
        entry = self._entry(key)
        if entry.is_dir():
            if all((entry / name).is_file() for name in files):
                return
            # An entry written by an older engine that stored fewer files: replace it.
            shutil.rmtree(entry, ignore_errors=True)
        entry.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=entry.parent))
        try:
            for name, data in files.items():
                (tmp / name).write_bytes(data)
            (tmp / MANIFEST).write_bytes(_manifest(files))  # last: it vouches for the rest
            os.replace(tmp, entry)
        except OSError:
            # Another process stored the same key first: its entry is just as good.
            shutil.rmtree(tmp, ignore_errors=True)
            if not entry.is_dir():
                raise

    def problems(self) -> dict[str, str]:
        """Every stored entry that would be discarded, as ``{key: problem}`` (nothing is
        changed), plus leftover temporary folders."""
        found = {}
        for shard in sorted(p for p in self.root.glob("??") if p.is_dir()):
            for entry in sorted(shard.iterdir()):
                if entry.name.startswith("."):
                    found[entry.name] = "leftover temporary folder"
                    continue
                problem, _ = _problem(entry)
                if problem is not None:
                    found[entry.name] = problem
        return found

    # -- what each artifact's latest key was made of ---------------------------------------

    def _record_path(self, name: str) -> Path:
        return self.root / NAMES / f"{name}.json"

    def recorded(self, name: str) -> dict | None:
        """``{"key": ..., "parts": {...}}`` of the latest build of artifact ``name``."""
        try:
            record = json.loads(self._record_path(name).read_bytes())
        except (OSError, ValueError):
            return None
        ok = isinstance(record, dict) and isinstance(record.get("parts"), dict)
        return record if ok else None

    def record(self, name: str, key: str, parts: dict[str, str]) -> None:
        """Remember that artifact ``name`` was last built with ``key`` made of ``parts``
        (written atomically; skipped when the record already says so)."""
        previous = self.recorded(name)
        if previous is not None and previous.get("key") == key:
            return
        path = self._record_path(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(json.dumps({"key": key, "parts": parts}, sort_keys=True,
                                   indent=1).encode())
            os.replace(tmp, path)
        except OSError:
            Path(tmp).unlink(missing_ok=True)
            raise

    def clear(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
