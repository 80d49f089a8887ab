"""Keys from files: the import closure, its libraries, files a module declares."""

from __future__ import annotations

import ast
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from recomputed.engine import keys

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted((ROOT / "src" / "recomputed").rglob("*.py")) + sorted(
    (ROOT / "build_hooks").rglob("*.py"))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_fast_import_scan_finds_every_import_the_syntax_tree_has(path):
    source = path.read_bytes()
    full = keys.imports_in(ast.parse(source), "recomputed.x")
    fast = keys.imports_in(keys.import_statements(source), "recomputed.x")
    assert full <= fast


def _package(tmp_path: Path, files: dict[str, str]) -> dict[str, Path]:
    for rel, text in files.items():
        path = tmp_path / "pkg" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return {**keys.ROOTS, "pkg": tmp_path / "pkg"}


def test_the_closure_follows_relative_lazy_and_parenthesised_imports(tmp_path):
    roots = _package(tmp_path, {
        "__init__.py": "",
        "a.py": "from . import b\n\ndef f():\n    from .sub import c\n    return c\n",
        "b.py": "from pkg.sub.d import (\n    thing,\n    other,\n)\nimport numpy as np\n",
        "sub/__init__.py": "",
        "sub/c.py": "x = 1\n",
        "sub/d.py": "thing = other = 2\n",
        "unused.py": "y = 3\n",
    })
    found = keys.closure("pkg.a", roots)
    assert set(found) == {"pkg", "pkg.a", "pkg.b", "pkg.sub", "pkg.sub.c", "pkg.sub.d"}
    assert keys.libraries("pkg.a", roots) == {"numpy": keys._version("numpy")}


def test_the_key_counts_each_module_of_the_closure_and_the_files_a_module_declares(
        tmp_path, monkeypatch):
    roots = _package(tmp_path, {"__init__.py": "",
                                "a.py": "from pkg import b\n\nEXTRA_FILES = ['notes.txt']\n",
                                "b.py": "K = 1\n", "notes.txt": "read by a\n"})
    monkeypatch.syspath_prepend(str(tmp_path))
    __import__("pkg.a")
    art = SimpleNamespace(name="p.x", kind="value", params={}, inputs=(), title="x",
                          fmt="sig:2", unit="", claim=None, module="pkg.a", datasets=(),
                          reads=())

    def parts():
        keys.forget()
        return keys.artifact_parts(art, {}, {}, roots)

    first = parts()
    assert {"module pkg.a", "module pkg.b", "file notes.txt"} <= set(first)
    for rel, text in (("b.py", "K = 2\n"), ("notes.txt", "read by a, edited\n")):
        (tmp_path / "pkg" / rel).write_text(text)
        again = parts()
        assert keys.key_of(again) != keys.key_of(first), rel
        first = again
    for name in [m for m in sys.modules if m == "pkg" or m.startswith("pkg.")]:
        del sys.modules[name]
