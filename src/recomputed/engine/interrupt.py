"""Ctrl-C: stop a build at once, with one line, and leave nothing half made.

A terminal sends SIGINT to the whole foreground process group: the build, its worker
processes and (unless it runs in a session of its own) a notebook's kernel. Left to
Python, each prints a ``KeyboardInterrupt`` traceback and the pool waits for its
workers. Instead, workers ignore SIGINT (:func:`ignore_in_worker`), and the build's
process, on the first one, runs the caller's clean-up (the plugin discards its staging
folder), stops its child processes, prints one line and exits with status 130, as a
shell expects of a process that SIGINT ended.

Every result computed before the interrupt is already in the cache (each is stored
atomically the moment it is computed, see :mod:`recomputed.engine.build`); a result
being written is a temporary folder the cache ignores.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.util
import os
import signal
import sys
from collections.abc import Callable

EXIT_STATUS = 130  # 128 + SIGINT


_ALSO: list[Callable[[], None]] = []  # what else to stop: a notebook's kernel, say


@contextlib.contextmanager
def also_stop(stop: Callable[[], None]):
    """While in this block, an interrupt also calls ``stop`` (before it exits)."""
    _ALSO.append(stop)
    try:
        yield
    finally:
        _ALSO.remove(stop)


def ignore_in_worker() -> None:
    """In a worker process: leave SIGINT to the parent, which stops the workers."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def stop_on_interrupt(message: str, cleanup: Callable[[], None] | None = None) -> None:
    """From now on, SIGINT runs ``cleanup``, stops child processes, prints ``message``
    (one line, to stderr) and exits. Only from the main thread (Python's rule)."""

    def handler(signum, frame):
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C changes nothing
        try:
            # The module as imported now: the plugin re-imports the package on each build
            # (site/plugin.py, fresh_import), and notebooks register with the new copy.
            also = getattr(sys.modules.get(__name__), "_ALSO", _ALSO)
            for stop in [*also, *([cleanup] if cleanup else [])]:
                try:
                    stop()
                except Exception:  # stopping is best effort; the exit below is not
                    pass
        finally:
            for child in multiprocessing.active_children():
                child.kill()
            # What multiprocessing does at a normal exit, after its children end: remove
            # the pool's named semaphores, so its resource tracker has nothing left to
            # warn about. (A private function, but the one its own exit handler calls.)
            try:
                multiprocessing.util._run_finalizers(0)
            except Exception:
                pass
            print(message, file=sys.stderr, flush=True)
            os._exit(EXIT_STATUS)  # no interpreter shutdown: no thread or pool to wait for

    signal.signal(signal.SIGINT, handler)
