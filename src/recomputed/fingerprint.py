"""What an artifact's result depends on, as a content hash (never modification times).

The key of an artifact hashes:

- its function's source, and the source of every function of the same module
  that it calls (so editing one artifact leaves its neighbours cached);
- the source files of every ``recomputed`` module it uses, directly or through
  other modules (so editing ``powerlaw.py`` recomputes exactly its users);
- the bytes of each data set it reads (CSV and schema);
- its kind, inputs and parameters, and the versions of the libraries that
  shape its output (NumPy and SciPy for numbers, matplotlib for SVG bytes).
"""

from __future__ import annotations

import ast
import dis
import hashlib
import importlib.metadata
import importlib.util
import inspect
import json
import sys
import types
from functools import cache
from pathlib import Path

PACKAGE = "recomputed"
# The engine itself is not part of any artifact's key: it decides *how* to cache,
# not *what* is computed. These never count as dependencies.
ENGINE_MODULES = {f"{PACKAGE}.{m}" for m in ("registry", "engine", "cache", "fingerprint", "cli")}


def _ours(name: str) -> bool:
    return (name == PACKAGE or name.startswith(PACKAGE + ".")) and name not in ENGINE_MODULES


def _code_names(code: types.CodeType) -> set[str]:
    """Names a code object loads as globals (attribute names such as ``x.rows`` excluded,
    so they never match an unrelated global), including in nested functions."""
    names = {i.argval for i in dis.get_instructions(code)
             if i.opname in ("LOAD_GLOBAL", "LOAD_NAME", "IMPORT_NAME", "IMPORT_FROM")}
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _code_names(const)
    return names


def _submodule(name: str) -> str | None:
    """``recomputed.NAME`` if that module exists (for imports inside a function)."""
    full = f"{PACKAGE}.{name}"
    if full in sys.modules:
        return full
    try:
        return full if importlib.util.find_spec(full) is not None else None
    except (ImportError, ValueError):
        return None


def _module_of(obj) -> str | None:
    if isinstance(obj, types.ModuleType):
        return obj.__name__
    return getattr(obj, "__module__", None)


def _origin(modname: str) -> Path:
    mod = sys.modules.get(modname)
    if mod is not None and getattr(mod, "__file__", None):
        return Path(mod.__file__)
    spec = importlib.util.find_spec(modname)
    if spec is None or spec.origin is None:
        raise ImportError(f"no module {modname}")
    return Path(spec.origin)


def _imports(modname: str) -> set[str]:
    """``recomputed`` modules that ``modname`` imports, read from its source (nothing is
    imported: hashing must not load matplotlib for a figure that is already cached)."""
    tree = ast.parse(_origin(modname).read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if _ours(a.name)}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative import inside the package
                parent = modname.rsplit(".", node.level)[0]
                base = f"{parent}.{base}" if base else parent
            if base == PACKAGE:
                found |= {f"{PACKAGE}.{a.name}" for a in node.names}
            elif _ours(base):
                found.add(base)
    return {m for m in found if _ours(m) and _exists(m)}


def _exists(modname: str) -> bool:
    try:
        return importlib.util.find_spec(modname) is not None
    except (ImportError, ValueError):
        return False


@cache
def module_closure(modname: str) -> frozenset[str]:
    """``modname`` and every ``recomputed`` module it imports, transitively."""
    seen: set[str] = set()
    todo = [modname]
    while todo:
        name = todo.pop()
        if name in seen or not _ours(name):
            continue
        seen.add(name)
        todo.extend(_imports(name) - seen)
    return frozenset(seen)


PLAIN = (int, float, complex, str, bytes, bool, type(None), tuple, list, dict, set, frozenset,
         types.MappingProxyType)


def _constant(obj) -> str | None:
    """A stable text for a module-level constant (numbers, strings, containers, arrays)."""
    if isinstance(obj, PLAIN):
        text = repr(obj)
        return None if " at 0x" in text else text  # an object without a stable repr
    if type(obj).__module__ == "numpy" and hasattr(obj, "tobytes"):
        return f"{obj.dtype}{obj.shape}:{hashlib.sha256(obj.tobytes()).hexdigest()}"
    return None


_ANALYSED: dict = {}  # function -> (source, global names); see clear()


def _analysed(f) -> tuple[str, set[str]]:
    """``f``'s source and the global names it loads, worked out once per function object:
    a shared helper is reached from many artifacts, and reading the source is slow."""
    if f not in _ANALYSED:
        _ANALYSED[f] = (inspect.getsource(f), _code_names(f.__code__))
    return _ANALYSED[f]


def function_deps(func) -> tuple[list[str], set[str]]:
    """Sources of ``func`` and its same-module helpers, the values of the module-level
    constants they read, and the modules they use."""
    sources: dict[str, str] = {}
    modules: set[str] = set()
    todo = [func]
    home = func.__module__
    while todo:
        f = inspect.unwrap(todo.pop())
        key = f"{f.__module__}.{f.__qualname__}"
        if key in sources:
            continue
        sources[key], names = _analysed(f)
        for name in names:
            if name.startswith(PACKAGE + ".") and _ours(name):  # import recomputed.x inside
                modules.add(name)
                continue
            obj = f.__globals__.get(name)
            if callable(obj) and hasattr(obj, "__wrapped__"):
                obj = inspect.unwrap(obj)  # functools.cache and friends: hash the real function
            if obj is None:
                sub = _submodule(name)
                if sub:
                    modules.add(sub)
                continue
            if not isinstance(obj, types.ModuleType | types.FunctionType | type):
                value = _constant(obj)
                if value is not None:  # a constant: its value is part of what is computed
                    sources[f"{f.__module__}.{name} (constant)"] = value
                    continue
            dep = _module_of(obj)
            if not dep or not _ours(dep):
                continue
            if dep == home and isinstance(obj, types.FunctionType):
                todo.append(obj)
            elif dep != home:
                modules.add(dep)
            elif isinstance(obj, type):  # a class of the artifact module itself
                sources[f"{dep}.{obj.__qualname__}"] = inspect.getsource(obj)
    closure: set[str] = set()
    for m in modules:
        closure |= module_closure(m)
    return [sources[k] for k in sorted(sources)], closure


@cache
def _file_digest(modname: str) -> str:
    return hashlib.sha256(_origin(modname).read_bytes()).hexdigest()


@cache
def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "absent"


def artifact_key(artifact, data_digests: dict[str, str], extra_modules=()) -> str:
    """The content hash that names ``artifact``'s cached result."""
    sources, modules = function_deps(artifact.func)
    for m in extra_modules:
        modules |= module_closure(m)
    libs = ["numpy", "scipy"] + (["matplotlib"] if artifact.kind == "figure" else [])
    payload = {
        "name": artifact.name,
        "kind": artifact.kind,
        "inputs": {name: data_digests[name] for name in artifact.inputs},
        "params": artifact.params,
        "sources": sources,
        "modules": {m: _file_digest(m) for m in sorted(modules)},
        "libs": {lib: _version(lib) for lib in libs},
        "python": sys.version_info[:2],
    }
    blob = json.dumps(payload, sort_keys=True, default=repr).encode()
    return hashlib.sha256(blob).hexdigest()


def clear() -> None:
    """Forget memoised digests (after editing source files in the same process)."""
    module_closure.cache_clear()
    _file_digest.cache_clear()
    _ANALYSED.clear()
