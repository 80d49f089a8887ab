"""fingerprint.function_source must give exactly inspect.getsource's text: that text is
hashed into cache keys, so any difference would silently change (or freeze) them."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import sys
import types

import pytest

import recomputed
from recomputed import fingerprint

TRICKY = '''\
import functools


def plain(x):
    return x + 1


def one_liner(x): return x * 2


@functools.lru_cache(
    maxsize=None,
)
def decorated(x):
    """A docstring."""
    return x
    # a comment indented like the body belongs to it
        # and a deeper one too

# a comment at the margin does not
x = 1


def followed_by_comments(x):
    if x:
        return 1
    return 2
# margin comment
    # indented again after the margin: still taken by getsource


@functools.cache
def bare_decorator(x):
    def inner(y):
        return y
    # belongs to bare_decorator, not to inner
    return inner


async def coroutine():
    return (1,
            2)


class Holder:
    def method(self):
        return 1

    @staticmethod
    def static(): return 2


def last_in_file(x):
    return [
        x,
    ]
    # trailing comment at the end of the file'''


def _functions(module):
    """Every function defined in ``module``: module level, in classes, and nested ones."""
    found = []
    for obj in vars(module).values():
        if isinstance(obj, type) and obj.__module__ == module.__name__:
            for member in vars(obj).values():
                member = getattr(member, "__func__", member)
                if isinstance(member, types.FunctionType):
                    found.append(member)
        obj = inspect.unwrap(obj) if callable(obj) else obj
        if isinstance(obj, types.FunctionType) and obj.__module__ == module.__name__:
            found.append(obj)
    return found


def test_same_text_as_getsource_on_tricky_layouts(tmp_path, monkeypatch):
    (tmp_path / "tricky_layouts.py").write_text(TRICKY)
    monkeypatch.syspath_prepend(str(tmp_path))
    mod = importlib.import_module("tricky_layouts")
    try:
        funcs = _functions(mod) + [mod.bare_decorator(0)]  # the nested `inner`
        assert len(funcs) >= 9
        for f in funcs:
            assert fingerprint.function_source(f) == inspect.getsource(f), f.__qualname__
        # the comment rules are exercised, not skipped
        assert "deeper one" in fingerprint.function_source(mod.decorated)
        assert "still taken" in fingerprint.function_source(mod.followed_by_comments)
        assert "belongs to" not in fingerprint.function_source(mod.bare_decorator(0))
    finally:
        sys.modules.pop("tricky_layouts", None)


def test_same_text_as_getsource_for_every_function_of_the_package():
    count = 0
    for info in pkgutil.walk_packages(recomputed.__path__, "recomputed."):
        module = importlib.import_module(info.name)
        for f in _functions(module):
            try:
                expected = inspect.getsource(f)
            except OSError:  # generated code (a dataclass's __init__): no source either way
                with pytest.raises(OSError):
                    fingerprint.function_source(f)
                continue
            assert fingerprint.function_source(f) == expected, f"{info.name}.{f.__qualname__}"
            count += 1
    assert count > 300  # the artifacts and the science modules were all seen
