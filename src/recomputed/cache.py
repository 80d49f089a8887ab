"""A content-addressed store of artifact results, under ``.cache/recomputed/`` (git-ignored).

Each entry is a folder named by the artifact's key (see :mod:`fingerprint`)
holding the files the computation produced. Entries are written to a temporary
folder and renamed into place, so a crash never leaves half an entry, and only
successful computations are ever stored.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

DEFAULT_DIR = Path(".cache") / "recomputed"


def default_dir() -> Path:
    """``$RECOMPUTED_CACHE`` if set, else ``.cache/recomputed`` in the working folder."""
    return Path(os.environ.get("RECOMPUTED_CACHE", DEFAULT_DIR))


class Cache:
    def __init__(self, root: Path | None = None):
        self.root = Path(root) if root is not None else default_dir()

    def _entry(self, key: str) -> Path:
        return self.root / key[:2] / key

    def get(self, key: str) -> dict[str, bytes] | None:
        """The files stored under ``key``, or ``None`` on a miss."""
        entry = self._entry(key)
        if not entry.is_dir():
            return None
        try:
            return {p.name: p.read_bytes() for p in sorted(entry.iterdir())}
        except OSError:
            return None

    def put(self, key: str, files: dict[str, bytes]) -> None:
        """Store ``files`` under ``key`` atomically (temporary folder, then rename)."""
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
            os.replace(tmp, entry)
        except OSError:
            # Another process stored the same key first: its entry is just as good.
            shutil.rmtree(tmp, ignore_errors=True)
            if not entry.is_dir():
                raise

    def clear(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
