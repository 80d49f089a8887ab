"""What an artifact's result can depend on, as a content hash of files (never of guesses).

An artifact's key hashes its *parts*, each named for what it stands for, so that a
build can say which one changed (:mod:`recomputed.engine.explain`):

- ``module M``: the bytes of every project module in the import closure of the
  artifact's module, plus the engine modules that load its data and turn its result
  into files (:data:`ALWAYS`, and :data:`FIGURES` for figures). Imports are read from
  each file's import statements, those inside functions included; a module is *project* code
  when its file lies under a project root (the ``recomputed`` package, and the package
  of each artifact module);
- ``file F``: files an artifact module says it reads (``EXTRA_FILES``, paths relative
  to the module's folder);
- ``data NAME``: the bytes of each data set it reads (CSV and schema);
- ``input NAME``: the key of each artifact it reads, so an edit reaches every reader;
- ``declaration`` and ``params``: what the decorator was given;
- ``library L``: the version of each third-party library the closure imports;
- ``python``: the interpreter's version.

Whatever reaches a function (a closure, a default argument, a dict of helpers, a
module-level call) lives in one of those files, so a warm build publishes exactly
what a cold build would. The price is coarseness: editing a module recomputes
everything it feeds, so slow simulations live in modules of their own.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.metadata
import importlib.util
import json
import platform
import re
import sys
from functools import cache
from pathlib import Path

import recomputed

# Every artifact's result also depends on how its data are loaded and how its result
# is turned into files (the SVG of a figure), whatever its module imports.
ALWAYS = ("recomputed.engine.datafiles", "recomputed.engine.results")
FIGURES = ("recomputed.engine.plotting",)  # results.py imports it by name, for figures only
Roots = dict[str, Path]  # top-level name -> package folder (or the file of a lone module)
ROOTS: Roots = {"recomputed": Path(recomputed.__file__).resolve().parent}


def digest(*pieces: bytes) -> str:
    """SHA-256 of length-prefixed pieces (so no piece can run into the next)."""
    h = hashlib.sha256()
    for piece in pieces:
        h.update(len(piece).to_bytes(8, "little") + piece)
    return h.hexdigest()


def module_file(modname: str, roots: Roots) -> Path | None:
    """The source file of a project module, found from its name alone (nothing is
    imported), or ``None`` if it is not project code or not a module."""
    top, *rest = modname.split(".")
    root = roots.get(top)
    if root is None:
        return None
    if root.suffix == ".py":  # a project made of one module
        return root if not rest else None
    base = root.joinpath(*rest)
    for path in (base / "__init__.py", base.with_suffix(".py") if rest else None):
        if path is not None and path.is_file():
            return path
    return None


@cache
def _file_bytes(path: Path) -> bytes:
    return path.read_bytes()


def imports_in(tree: ast.AST, package: str = "") -> frozenset[str]:
    """Modules a syntax tree imports, anywhere in it (``from a import b`` names both ``a``
    and ``a.b``; which of them are modules is decided by :func:`module_file`), with the
    parent packages of each (they run first on import)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against this module's package
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            found.add(base)
            found |= {f"{base}.{a.name}" for a in node.names if a.name != "*"}
    for name in list(found):
        parts = name.split(".")
        found |= {".".join(parts[:i]) for i in range(1, len(parts))}
    return frozenset(found)


# An import statement at the start of a line, a parenthesised list of names included.
# Parsing just these is 20 times faster than parsing the whole file, which every build
# does for every module; a test checks that this finds every import the full syntax tree
# has, in every module of the package.
_STATEMENT = re.compile(rb"^[ \t]*(?:from[ \t]+[\w.]+[ \t]+import[ \t]*\([^)]*\)"
                        rb"|(?:from[ \t]+[\w.]+[ \t]+)?import[ \t]+[^\n]*)", re.M)


def import_statements(source: bytes) -> ast.Module:
    """The import statements of a source file, as one syntax tree (lines that only look
    like one, in a docstring say, are kept if they parse: an extra name is harmless)."""
    body = []
    for statement in _STATEMENT.findall(source):
        try:
            body += ast.parse(statement.strip()).body
        except SyntaxError:
            continue
    return ast.Module(body=body, type_ignores=[])


@cache
def _imports(path: Path, modname: str) -> frozenset[str]:
    """Modules a source file imports (see :func:`imports_in`)."""
    tree = import_statements(_file_bytes(path))
    return imports_in(tree, modname if path.name == "__init__.py" else modname.rpartition(".")[0])


def closure(modname: str, roots: Roots = ROOTS) -> dict[str, Path]:
    """Every project module that ``modname`` imports, directly or in turn, with its file
    (``modname`` included)."""
    return dict(_closure(modname, tuple(sorted(roots.items()))))


@cache
def _closure(modname: str, roots: tuple) -> tuple:
    lookup = dict(roots)
    out: dict[str, Path] = {}
    todo = [modname]
    while todo:
        name = todo.pop()
        if name in out:
            continue
        path = module_file(name, lookup)
        if path is None:
            continue
        out[name] = path
        todo += sorted(_imports(path, name))
    return tuple(sorted(out.items()))


def libraries(modname: str, roots: Roots = ROOTS) -> dict[str, str]:
    """``{library: version}`` of the third-party libraries imported by the closure."""
    tops = set()
    for name, path in closure(modname, roots).items():
        tops |= {m.split(".")[0] for m in _imports(path, name)}
    tops -= set(sys.stdlib_module_names) | set(roots) | {"__future__"}
    return {top: v for top in sorted(tops) if (v := _version(top)) is not None}


@cache
def _version(top: str) -> str | None:
    """The installed version of the distribution that provides import name ``top``."""
    try:
        return importlib.metadata.version(top)  # numpy, scipy, matplotlib: the same name
    except importlib.metadata.PackageNotFoundError:
        dists = importlib.metadata.packages_distributions().get(top, [])
        return ",".join(f"{d}={importlib.metadata.version(d)}" for d in dists) or None


def roots_for(modules) -> Roots:
    """The project roots, by top-level name: the ``recomputed`` package and the top package
    (or single module) of each artifact module."""
    roots = dict(ROOTS)
    for modname in modules:
        top = modname.split(".")[0]
        if top in roots:
            continue
        spec = importlib.util.find_spec(top)  # a top-level name: imports nothing
        if spec and spec.submodule_search_locations:
            roots[top] = Path(list(spec.submodule_search_locations)[0]).resolve()
        elif spec and spec.origin:
            roots[top] = Path(spec.origin).resolve()
    return roots


def extra_files(modname: str) -> dict[str, Path]:
    """Files the (imported) artifact module declares it reads, in ``EXTRA_FILES``, as
    paths relative to its folder."""
    mod = sys.modules.get(modname)
    here = getattr(mod, "__file__", None)
    declared = getattr(mod, "EXTRA_FILES", ())
    return {str(p): (Path(here).parent / p).resolve() for p in declared} if here else {}


def file_digest(path: Path) -> str:
    return digest(_file_bytes(path))


def label(modname: str) -> str:
    return f"module {modname}"


def artifact_parts(art, data_digests: dict[str, str], input_keys: dict[str, str],
                   roots: Roots = ROOTS) -> dict[str, str]:
    """The named parts of an artifact's key (see the module's docstring)."""
    parts = {
        "name": art.name,
        "kind": art.kind,
        "params": json.dumps(art.params, sort_keys=True, default=repr),
        "declaration": json.dumps(
            {"inputs": art.inputs, "title": art.title, "fmt": art.fmt, "unit": art.unit,
             "claim": repr(art.claim)}, sort_keys=True),
        "python": platform.python_version(),
    }
    modules: dict[str, Path] = {}
    for modname in (art.module, *ALWAYS, *(FIGURES if art.kind == "figure" else ())):
        modules |= closure(modname, roots)
        parts |= {f"library {d}": v for d, v in libraries(modname, roots).items()}
    parts |= {label(m): file_digest(p) for m, p in modules.items()}
    parts |= {f"file {n}": file_digest(p) for n, p in extra_files(art.module).items()}
    parts |= {f"data {n}": data_digests[n] for n in art.datasets}
    parts |= {f"input {n}": input_keys[n] for n in art.reads}
    return dict(sorted(parts.items()))


def key_of(parts: dict[str, str]) -> str:
    """The cache key: a SHA-256 of the parts."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def forget() -> None:
    """Drop what this process learnt about files (``mkdocs serve``: files change)."""
    for f in (_file_bytes, _imports, _closure):
        f.cache_clear()
