"""What hashing learnt from source text, remembered between builds (a warm build's speed).

Working out a cache key parses modules (their imports, where each function ends) and
disassembles functions (the globals they read). The answers depend only on the text
parsed or the bytecode read, and the Python version, so they are stored under a SHA-256
of exactly that input: an edited file or function is a new entry, never a stale one.

The memo is one JSON file in the cache folder, with a checksum of its own and the
version (a digest) of the code that worked the answers out: a damaged file, or one
written by other code, is ignored and everything is worked out again. It is rewritten
atomically when a build learnt something new, keeping only the entries that build used.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

FILE = "source-analysis.json"


def digest(*texts: str | bytes) -> str:
    """SHA-256 of ``texts`` (and the Python version, which parses and compiles them)."""
    h = hashlib.sha256(sys.version.encode())
    for t in texts:
        h.update(b"\0")
        h.update(t.encode() if isinstance(t, str) else t)
    return h.hexdigest()


class Memo:
    """``{input digest: answer}``, in memory, or backed by ``root/source-analysis.json``."""

    def __init__(self, root: Path | None = None, version: str = ""):
        self.path = Path(root) / FILE if root is not None else None
        self.version = version  # of the code that works the answers out: new code, new memo
        self.known: dict[str, object] = self._read() if self.path else {}
        self.used: dict[str, object] = {}

    def _read(self) -> dict:
        try:
            stored = json.loads(self.path.read_bytes())
            body = stored["entries"]
            if stored["version"] != self.version or stored["sha256"] != _checksum(body) \
                    or not isinstance(body, dict):
                return {}
            return body
        except (OSError, ValueError, KeyError, TypeError):
            return {}  # missing or damaged: work everything out again

    def get(self, key: str, compute: Callable[[], object], valid: Callable[[object], bool]):
        """The answer stored under ``key`` if it passes ``valid``, else ``compute()``."""
        if key in self.used:
            return self.used[key]
        answer = self.known.get(key)
        if answer is None or not valid(answer):
            answer = compute()
        self.used[key] = answer
        return answer

    def save(self) -> None:
        """Write the entries this build used, if they differ from the file's."""
        if self.path is None or self.used == self.known:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = json.dumps({"version": self.version, "sha256": _checksum(self.used),
                           "entries": self.used}).encode()
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=self.path.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, self.path)
        except OSError:
            Path(tmp).unlink(missing_ok=True)  # a read-only cache: just slower next time
        self.known = dict(self.used)


def _checksum(entries) -> str:
    return hashlib.sha256(json.dumps(entries, sort_keys=True).encode()).hexdigest()
