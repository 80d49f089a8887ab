"""What an artifact's result depends on, as a content hash (never modification times).

The key of an artifact hashes its *parts* (:func:`artifact_parts`), each named
for what it stands for, so that a build can say which one changed:

- ``function M.F``: the source of its function, and of every function of the same
  module that it calls (so editing one artifact leaves its neighbours cached);
  ``constant M.NAME`` and ``class M.C`` for module-level values and classes it reads;
- ``module M``: the source file of every ``recomputed`` module it uses, directly or
  through other modules (so editing ``powerlaw.py`` recomputes exactly its users);
- ``data NAME``: the bytes of each data set it reads (CSV and schema);
- ``params``, ``kind``, ``name``, and ``python`` (major.minor);
- ``library L``: the version of each of NumPy, SciPy and matplotlib that its code
  imports (found statically, like the modules; data sets arrive as NumPy arrays, and
  figures always use matplotlib), so upgrading matplotlib leaves values cached.
"""

from __future__ import annotations

import ast
import dis
import hashlib
import importlib.metadata
import importlib.util
import inspect
import json
import linecache
import sys
import types
from functools import cache
from pathlib import Path

from recomputed import sourcememo

PACKAGE = "recomputed"
# The engine itself is not part of any artifact's key: it decides *how* to cache,
# not *what* is computed. These never count as dependencies.
ENGINE_MODULES = {f"{PACKAGE}.{m}" for m in ("registry", "engine", "cache", "fingerprint", "cli",
                                               "explain", "sourcememo")}
# Answers of the slow analyses below (parsing, disassembling), by their input's digest.
MEMO = sourcememo.Memo()


def remember_in(root: Path) -> sourcememo.Memo:
    """Keep the analyses' answers in the cache folder ``root`` from now on (see
    :mod:`recomputed.sourcememo`); call ``save()`` on the result once keys are made."""
    global MEMO
    if MEMO.path != Path(root) / sourcememo.FILE:
        answers = MEMO.used  # worked out before (notebooks' keys): as good as any
        MEMO = sourcememo.Memo(root, version=_analyser_version())
        MEMO.used.update(answers)
    return MEMO


@cache
def _analyser_version() -> str:
    """A digest of the code that computes the remembered answers (this module's and the
    memo's), so that answers worked out by other code are never reused."""
    return sourcememo.digest(Path(__file__).read_bytes(), Path(sourcememo.__file__).read_bytes())


def _strings(x) -> bool:
    return isinstance(x, list) and all(isinstance(s, str) for s in x)


def _ours(name: str) -> bool:
    return (name == PACKAGE or name.startswith(PACKAGE + ".")) and name not in ENGINE_MODULES


def _code_digest(code: types.CodeType, h=None) -> str:
    """A digest of all that :func:`_code_names` reads: the bytecode and names of ``code``
    and of the code nested in it (each piece length-prefixed, so none can run into another)."""
    top = h is None
    h = hashlib.sha256(sys.version.encode()) if top else h
    nested = [c for c in code.co_consts if isinstance(c, types.CodeType)]
    for piece in (code.co_code, "\0".join(code.co_names).encode()):
        h.update(len(piece).to_bytes(8, "little") + piece)
    h.update(len(nested).to_bytes(8, "little"))
    for c in nested:
        _code_digest(c, h)
    return h.hexdigest() if top else ""


def _code_names(code: types.CodeType) -> set[str]:
    """Names a code object loads as globals (attribute names such as ``x.rows`` excluded,
    so they never match an unrelated global), including in nested functions."""
    return set(MEMO.get(f"names {_code_digest(code)}",
                        lambda: sorted(_disassembled_names(code)), _strings))


def _disassembled_names(code: types.CodeType) -> set[str]:
    names = {i.argval for i in dis.get_instructions(code)
             if i.opname in ("LOAD_GLOBAL", "LOAD_NAME", "IMPORT_NAME", "IMPORT_FROM")}
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _disassembled_names(const)
    return names


@cache
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


def _statements(body: list) -> list[ast.AST]:
    """Every statement in ``body``, at any depth (in functions, classes, ifs, trys...).
    Imports and function definitions are statements, so this finds all of them while
    skipping the expressions, which ``ast.walk`` would visit one node at a time."""
    found = []
    todo = list(body)
    while todo:
        node = todo.pop()
        found.append(node)
        for name in ("body", "orelse", "finalbody", "handlers", "cases"):
            inner = getattr(node, name, None)
            if isinstance(inner, list):
                todo.extend(inner)
    return found


@cache
def _imported(modname: str) -> frozenset[str]:
    """Every module name ``modname``'s source imports (for ``from a import b``, both ``a``
    and ``a.b``), read from its source: nothing is imported, since hashing must not load
    matplotlib for a figure that is already cached."""
    text = _origin(modname).read_text(encoding="utf-8")
    key = f"imports {sourcememo.digest(modname, text)}"
    return frozenset(MEMO.get(key, lambda: sorted(_parsed_imports(modname, text)), _strings))


def _parsed_imports(modname: str, text: str) -> set[str]:
    tree = ast.parse(text)
    found = set()
    for node in _statements(tree.body):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative import inside the package
                parent = modname.rsplit(".", node.level)[0]
                base = f"{parent}.{base}" if base else parent
            if base != PACKAGE:  # ``from recomputed import x`` uses x, not the package
                found.add(base)
            found |= {f"{base}.{a.name}" for a in node.names}
    return found


def _imports(modname: str) -> set[str]:
    """``recomputed`` modules that ``modname`` imports."""
    return {m for m in _imported(modname) if _ours(m) and _exists(m)}


@cache
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


# Third-party libraries whose version can change what is computed. SciPy and matplotlib
# compute on NumPy arrays, so their users depend on NumPy's version too.
LIBRARIES = ("numpy", "scipy", "matplotlib")
LIBRARY_NEEDS = {"scipy": ("numpy",), "matplotlib": ("numpy",)}


def _library(name: str | None) -> str | None:
    """The tracked library that module ``name`` belongs to, if any."""
    top = (name or "").split(".")[0]
    return top if top in LIBRARIES else None


@cache
def module_libraries(modname: str) -> frozenset[str]:
    """The tracked libraries that ``modname`` imports (from its source)."""
    return frozenset(filter(None, map(_library, _imported(modname))))


def libraries(modules, direct=()) -> set[str]:
    """Tracked libraries used by ``modules`` and ``direct``, with the ones they need."""
    found = set(direct)
    for m in modules:
        found |= module_libraries(m)
    for lib in list(found):
        found |= set(LIBRARY_NEEDS.get(lib, ()))
    return found


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
        _ANALYSED[f] = (function_source(f), _code_names(f.__code__))
    return _ANALYSED[f]


@cache
def _blocks(filename: str) -> tuple[list[str], dict[int, int]]:
    """The lines of ``filename`` and, for every function defined in it, its first line
    (decorators included) -> its last line, by the rules of ``inspect.getsource``."""
    linecache.checkcache(filename)
    lines = linecache.getlines(filename)
    text = "".join(lines)
    spans = MEMO.get(f"spans {sourcememo.digest(text)}", lambda: _spans(lines, text), _pairs)
    return lines, dict(spans)


def _pairs(x) -> bool:
    return isinstance(x, list) and all(
        isinstance(p, list) and len(p) == 2 and all(type(n) is int for n in p) for p in x)


def _spans(lines: list[str], text: str) -> list[list[int]]:
    spans = {}
    for node in _statements(ast.parse(text).body):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        first = min([node.lineno] + [d.lineno for d in node.decorator_list])
        last = node.end_lineno
        body_col = node.body[0].col_offset
        if node.body[0].lineno > node.lineno:  # a body on lines of its own (not `def f(): x`)
            # getsource also takes the comments that follow the body, up to the next code,
            # when indented at least as far as the body.
            for i in range(last, len(lines)):
                text = lines[i].lstrip(" \t")
                if text.startswith("#"):
                    if len(lines[i]) - len(text) >= body_col:
                        last = i + 1
                elif text.strip():
                    break
        spans[first] = last
    return sorted([first, last] for first, last in spans.items())


def function_source(f) -> str:
    """``inspect.getsource(f)``, found in its file's syntax tree rather than by tokenising
    (the slow part of a warm build's hashing); anything unusual is left to ``inspect``.
    The text must stay identical to getsource's, as it is part of cache keys (a test
    compares the two for every function of the package)."""
    f = inspect.unwrap(f)
    code = getattr(f, "__code__", None)
    filename = code and code.co_filename
    if filename and filename.endswith(".py") and filename == inspect.getsourcefile(f):
        lines, spans = _blocks(filename)
        last = spans.get(code.co_firstlineno)
        if last is not None:
            return "".join(lines[code.co_firstlineno - 1:last])
    return inspect.getsource(f)


_DEPS: dict = {}  # function -> function_deps(function); see clear()


def function_deps(func) -> tuple[dict[str, str], set[str], set[str]]:
    """What ``func`` is made of: ``{part: text}`` for its source, its same-module helpers'
    sources and the module-level constants (values) and classes they read; the
    ``recomputed`` modules it uses (transitively); and the tracked libraries it uses.

    Worked out once per function object (the cache key and the page dates both ask)."""
    if func not in _DEPS:
        _DEPS[func] = _function_deps(func)
    sources, modules, libs = _DEPS[func]
    return dict(sources), set(modules), set(libs)  # copies: callers may add to them


def _function_deps(func) -> tuple[dict[str, str], set[str], set[str]]:
    sources: dict[str, str] = {}
    modules: set[str] = set()
    libs: set[str] = set()
    todo = [func]
    home = func.__module__
    while todo:
        f = inspect.unwrap(todo.pop())
        key = f"function {f.__module__}.{f.__qualname__}"
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
                elif _library(name):  # ``import numpy`` inside the function
                    libs.add(_library(name))
                continue
            lib = _library(_module_of(obj)) or _library(type(obj).__module__)
            if lib:  # np, scipy.stats, curve_fit, a NumPy array constant, ...
                libs.add(lib)
            if not isinstance(obj, types.ModuleType | types.FunctionType | type):
                value = _constant(obj)
                if value is not None:  # a constant: its value is part of what is computed
                    sources[f"constant {f.__module__}.{name}"] = value
                    continue
            dep = _module_of(obj)
            if not dep or not _ours(dep):
                continue
            if dep == home and isinstance(obj, types.FunctionType):
                todo.append(obj)
            elif dep != home:
                modules.add(dep)
            elif isinstance(obj, type):  # a class of the artifact module itself
                sources[f"class {dep}.{obj.__qualname__}"] = inspect.getsource(obj)
                # Its methods are not followed: count whatever its module imports.
                libs |= module_libraries(dep)
    closure: set[str] = set()
    for m in modules:
        closure |= module_closure(m)
    return sources, closure, libs


@cache
def _file_digest(modname: str) -> str:
    return hashlib.sha256(_origin(modname).read_bytes()).hexdigest()


@cache
def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "absent"


def artifact_parts(artifact, data_digests: dict[str, str], extra_modules=()) -> dict[str, str]:
    """The parts of ``artifact``'s key, ``{part: digest or readable value}`` (see the
    module docstring for the part names). Libraries and Python keep their version as is,
    and ``params`` its JSON text, so a build can say what they changed from and to."""
    sources, modules, libs = function_deps(artifact.func)
    for m in extra_modules:
        modules |= module_closure(m)
    direct = set(libs)
    if artifact.inputs:  # data sets arrive as NumPy arrays (Dataset.column)
        direct |= module_libraries(f"{PACKAGE}.datafiles")
    if artifact.kind == "figure":
        direct.add("matplotlib")
    parts = {
        "name": artifact.name,
        "kind": artifact.kind,
        "params": json.dumps(artifact.params, sort_keys=True, default=repr),
        "python": "{}.{}".format(*sys.version_info[:2]),
    }
    for label, text in sources.items():
        parts[label] = hashlib.sha256(text.encode()).hexdigest()
    for m in sorted(modules):
        parts[f"module {m}"] = _file_digest(m)
    for name in artifact.inputs:
        parts[f"data {name}"] = data_digests[name]
    for lib in sorted(libraries(modules, direct)):
        parts[f"library {lib}"] = _version(lib)
    return parts


def key_of(parts: dict[str, str]) -> str:
    """The content hash of a key's parts."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def artifact_key(artifact, data_digests: dict[str, str], extra_modules=()) -> str:
    """The content hash that names ``artifact``'s cached result."""
    return key_of(artifact_parts(artifact, data_digests, extra_modules))


def clear() -> None:
    """Forget memoised digests (after editing source files in the same process)."""
    module_closure.cache_clear()
    _imported.cache_clear()
    module_libraries.cache_clear()
    _file_digest.cache_clear()
    _submodule.cache_clear()
    _exists.cache_clear()
    _blocks.cache_clear()
    _ANALYSED.clear()
    _DEPS.clear()
