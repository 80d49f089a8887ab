"""The build date of a reproducible build: the time of the last commit, not the clock.

Tools that stamp their output with a date (MkDocs' sitemap and its gzip header, among
others) read it from ``SOURCE_DATE_EPOCH`` (seconds since 1970-01-01 UTC) when it is
set; see https://reproducible-builds.org/specs/source-date-epoch/. Two builds of the
same commit then agree byte for byte, whenever and wherever they run.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


def last_commit_time(root: Path) -> str | None:
    """Committer time of ``HEAD`` in the git checkout at ``root`` (seconds since the
    epoch, as text), or ``None`` when ``root`` is not a git checkout or git is missing."""
    try:
        proc = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root,
                              capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    out = proc.stdout.strip()
    return out if proc.returncode == 0 and out.isdigit() else None


def set_source_date_epoch(root: Path) -> str | None:
    """Set ``SOURCE_DATE_EPOCH`` from the last commit unless it is set already (an
    explicit value wins). Returns the value in effect, or ``None`` if there is none."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    value = last_commit_time(root)
    if value is not None:
        os.environ["SOURCE_DATE_EPOCH"] = value
    return value
