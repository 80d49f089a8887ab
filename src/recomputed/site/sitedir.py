"""Publish a site only when its build succeeds: build into a staging folder, then swap.

MkDocs empties ``site_dir`` before it writes anything, so a build that stops halfway
leaves an empty or half-written site, and the previous good one is lost. For
``mkdocs build`` and ``mkdocs gh-deploy`` (not ``serve``, which builds into a
folder of its own, and not ``--dirty``, which reuses the old files) the ``recomputed``
plugin uses a :class:`Staging` instead:

- :meth:`Staging.start` (first ``on_config``) points ``site_dir`` at a new, empty
  sibling folder, ``.NAME.new-XXXXXXXX`` next to ``NAME`` (so a rename stays on one
  file system);
- :meth:`Staging.publish` (the last ``on_post_build``, after the search index is
  written) gives the staged files the modes the umask asks for, renames the old site
  away, the new one into place, deletes the old one, and points ``site_dir`` back at
  its own folder, which is what ``gh-deploy`` pushes. A strict build that logged a
  warning is not published: MkDocs aborts it right after ``on_post_build``;
- :meth:`Staging.discard` (``on_build_error``, and ``on_shutdown`` for an
  interrupted build) deletes the staging folder; the previous site is untouched.
"""

from __future__ import annotations

import logging
import os
import secrets
import shutil
import tempfile
from pathlib import Path

COMMANDS = ("build", "gh-deploy")
log = logging.getLogger("mkdocs.plugins.recomputed")


def wanted(command: str, dirty: bool) -> bool:
    """Whether a build started by ``mkdocs COMMAND`` should be staged."""
    return command in COMMANDS and not dirty


class Staging:
    """One staged build: where it is written, and where it is published."""

    def __init__(self) -> None:
        self.config = None
        self.site_dir: str | None = None  # as configured (e.g. "site" or from --site-dir)
        self.final: Path | None = None
        self.tmp: Path | None = None

    def start(self, config) -> None:
        """Redirect the build into a fresh staging folder next to the site folder."""
        self.discard()
        self.config, self.site_dir = config, config["site_dir"]
        # Through a symbolic link to the real folder: the link itself stays as it is.
        self.final = Path(os.path.realpath(self.site_dir))
        self.final.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = Path(tempfile.mkdtemp(prefix=f".{self.final.name}.new-",
                                         dir=self.final.parent))
        config["site_dir"] = str(self.tmp)

    def publish(self, config) -> None:
        """Put the staged site in place of the old one (unless a strict build will abort)."""
        if self.tmp is None:
            return
        if config["strict"] and _strict_warnings():
            return  # MkDocs raises "Aborted with N warnings" next; on_build_error discards
        _readable(self.tmp)
        _swap(self.tmp, self.final)
        log.info(f"recomputed: the build succeeded; {self.tmp.name} is now {self.site_dir}")
        self.tmp = None
        config["site_dir"] = self.site_dir

    def discard(self) -> None:
        """Delete the staging folder (if any) and leave the published site alone."""
        if self.tmp is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)
            self.tmp = None
            self.config["site_dir"] = self.site_dir


def _strict_warnings() -> bool:
    """Whether MkDocs' strict-mode counter has seen a warning in this build."""
    from mkdocs.utils import CountHandler

    return any(h.get_counts() for h in logging.getLogger("mkdocs").handlers
               if isinstance(h, CountHandler))


def _umask() -> int:
    mask = os.umask(0o022)  # the only way to read it is to set it; put it back at once
    os.umask(mask)
    return mask


def _readable(tree: Path) -> None:
    """Give the staged site the modes a site built in place would have: folders 0755
    and files 0644 under the usual umask 022. ``mkdtemp`` makes its folder 0700 and
    files written through a temporary file are 0600, which a web server could not
    read."""
    mask = _umask()
    os.chmod(tree, 0o777 & ~mask)
    for root, dirs, files in os.walk(tree):
        for names, mode in ((dirs, 0o777), (files, 0o666)):
            for name in names:
                path = os.path.join(root, name)
                if not os.path.islink(path):  # a link's target is not ours to change
                    os.chmod(path, mode & ~mask)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()


def _swap(new: Path, final: Path) -> None:
    """Replace ``final`` by ``new``: two renames, so the site is never half-written."""
    if not (final.exists() or final.is_symlink()):
        os.rename(new, final)
        return
    old = final.with_name(f".{final.name}.old-{secrets.token_hex(4)}")
    try:
        os.rename(final, old)
    except OSError:
        # The folder itself cannot move (a mount point, say): replace what it holds.
        for child in final.iterdir():
            _remove(child)
        for child in new.iterdir():
            os.rename(child, final / child.name)
        new.rmdir()
        return
    try:
        os.rename(new, final)
    except OSError:
        os.rename(old, final)  # put the previous site back, then report the failure
        raise
    _remove(old)
