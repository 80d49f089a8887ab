"""The one registry of artifacts: every figure, table, value and claim has one name here.

Artifact modules (for this site, ``recomputed/artifacts/``, one per topic) declare
artifacts with the decorators below. The decorated function receives, as keyword
arguments, its ``inputs`` and its ``params``. An input is either

- a data set (a name without a dot, like ``kaplan_2020_constants``), passed as a
  :class:`~recomputed.engine.datafiles.Dataset`; or
- another artifact (a dotted name, like ``theory.variance_sweep``), passed under the
  last part of its name (``variance_sweep``): a value's or claim's number, a table's
  :class:`Table`, or the :class:`Table` of data behind a figure.

The function returns:

- ``@value``: a plain ``float`` (or ``int``), shown in prose with ``fmt``, or an
  :class:`Estimate` (the number with its interval and what the interval is);
- ``@table``: a :class:`Table`;
- ``@figure``: a :class:`Plot` (a matplotlib figure and the data it shows).

A :func:`claim` has no function: it checks the number of a registered value against
a number stated in a newsletter (or its paper), so no number is computed twice.

Pages cite artifacts by name with ``<!-- rc:NAME -->`` (see the contributor guide).
"""

from __future__ import annotations

import pkgutil
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from recomputed.engine import modules as artifact_modules
from recomputed.engine import numbers
from recomputed.engine.claims import ClaimError, ClaimSpec
from recomputed.engine.estimates import Estimate, span  # noqa: F401 - API
from recomputed.engine.tables import Col, Plot, Table, TableError, _plain  # noqa: F401 - API

KINDS = ("value", "table", "figure", "claim")
NAME_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")


class RegistryError(ValueError):
    """An artifact declared wrongly, or a name that is not registered."""


@dataclass(frozen=True)
class Artifact:
    name: str
    kind: str
    func: Callable
    inputs: tuple[str, ...]  # data sets (no dot) and artifacts (dotted names)
    params: dict
    title: str
    fmt: str | None = None  # values and claims
    unit: str = ""
    claim: ClaimSpec | None = None
    module: str = field(default="", compare=False)
    declared_at: str = field(default="", compare=False)  # file:line

    @property
    def doc(self) -> str:
        return (self.func.__doc__ or "").strip()

    @property
    def datasets(self) -> tuple[str, ...]:
        """The data sets this artifact reads."""
        return tuple(n for n in self.inputs if not is_artifact_name(n))

    @property
    def reads(self) -> tuple[str, ...]:
        """The artifacts this artifact reads."""
        return tuple(n for n in self.inputs if is_artifact_name(n))


def is_artifact_name(name: str) -> bool:
    """Artifact names are dotted (``topic.what``); data-set names have no dot."""
    return "." in name


def argument(name: str) -> str:
    """The keyword under which an input reaches the function: a data set's name, or the
    last part of an artifact's name (``theory.variance_sweep`` -> ``variance_sweep``)."""
    return name.rsplit(".", 1)[-1]


_REGISTRY: dict[str, Artifact] = {}
# Where each name was declared: the same declaration met again (a module imported twice)
# is harmless, two declarations of one name are a mistake.
_DECLARED_AT: dict[str, str] = {}


def _declared_at(func) -> str:
    """``file:line`` of a function's definition (relative to the working folder if inside it)."""
    code = func.__code__
    return f"{_relative(code.co_filename)}:{code.co_firstlineno}"


def _caller(depth: int = 2) -> tuple[str, str]:
    """``file:line`` and module of the call ``depth`` frames up: where an artifact without a
    function of its own is declared."""
    frame = sys._getframe(depth)
    where = f"{_relative(frame.f_code.co_filename)}:{frame.f_lineno}"
    return where, frame.f_globals.get("__name__", "")


_relative = artifact_modules.relative


def _check_format(name: str, fmt: str) -> None:
    try:
        numbers.parse_spec(fmt)
    except ValueError as exc:
        raise RegistryError(f"artifact {name!r}: {exc}") from None


def _register(kind: str, name: str, *, inputs=(), params=None, title="", fmt=None, unit="",
              claim=None, declared_at=None, module=None):
    if not NAME_RE.match(name):
        raise RegistryError(
            f"artifact name {name!r} must be dotted lower-case, like 'scaling.nopt_exponent_mean'"
        )
    if fmt is not None:
        _check_format(name, fmt)
    inputs = tuple(inputs)
    keywords = [argument(n) for n in inputs] + list(params or {})
    clash = sorted({k for k in keywords if keywords.count(k) > 1})
    if clash:
        raise RegistryError(f"artifact {name!r}: two inputs or params arrive as argument "
                            f"{clash[0]!r}; rename one")

    def decorate(func):
        here = declared_at or _declared_at(func)
        if name in _REGISTRY and _DECLARED_AT[name] != here:
            raise RegistryError(
                f"artifact {name!r} is registered twice: at {_DECLARED_AT[name]} and at {here}"
            )
        _DECLARED_AT[name] = here
        _REGISTRY[name] = Artifact(
            name=name,
            kind=kind,
            func=func,
            inputs=inputs,
            params=dict(params or {}),
            title=title or (func.__doc__ or name).strip().splitlines()[0],
            fmt=fmt,
            unit=unit,
            claim=claim,
            module=module or func.__module__,
            declared_at=here,
        )
        return func

    return decorate


def value(name: str, *, inputs: Sequence[str] = (), params: dict | None = None, fmt: str,
          unit: str = "", title: str = ""):
    """Declare an inline value: the function returns a float; pages show it with ``fmt``."""
    return _register("value", name, inputs=inputs, params=params, fmt=fmt, unit=unit, title=title)


def table(name: str, *, inputs: Sequence[str] = (), params: dict | None = None, title: str = ""):
    """Declare a table: the function returns a :class:`Table`."""
    return _register("table", name, inputs=inputs, params=params, title=title)


def figure(name: str, *, inputs: Sequence[str] = (), params: dict | None = None, title: str = ""):
    """Declare a figure: the function returns a :class:`Plot`."""
    return _register("figure", name, inputs=inputs, params=params, title=title)


def _spec(name: str, **spec) -> ClaimSpec:
    try:
        return ClaimSpec(**spec)
    except (ClaimError, TypeError) as exc:
        raise RegistryError(f"claim {name!r}: {exc}") from None


def claim(name: str, *, of: str, fmt: str | None = None, unit: str | None = None,
          **spec) -> Artifact:
    """Declare a claim: the stated number in ``spec`` (see :class:`ClaimSpec`) checked
    against the registered value ``of``. It is shown with the value's format and unit,
    unless it gives its own (a ledger may need more digits than the prose: "44.4×", where
    the page says "44×")."""
    if fmt is not None:
        _check_format(name, fmt)
    if not NAME_RE.match(of):
        raise RegistryError(f"claim {name!r}: 'of' must name a value, not {of!r}")
    arg = argument(of)
    checked = _spec(name, **spec)

    def computed(**inputs):
        number = inputs[arg]
        checked.computed_bounds(number)  # an interval, or a reason it is exact
        return number

    computed.__qualname__ = f"claim<{name}>"
    computed.__doc__ = spec.get("stated", "")
    here, module = _caller()
    _register("claim", name, inputs=[of], claim=checked, title=spec.get("stated", ""),
              fmt=fmt, unit=unit, declared_at=here, module=module)(computed)
    return _REGISTRY[name]


def unchecked_claim(name: str, *, issue: str, summary: str, stated: str, why: str,
                    target: float | str | None = None, unit: str = "", how: str = "") -> Artifact:
    """Register a stated number that no public data can check, with the reason.

    It appears in the ledger as "not checkable"; there is nothing to compute.
    """

    def nothing():
        return None

    nothing.__qualname__ = f"unchecked<{name}>"
    nothing.__doc__ = stated
    here, module = _caller()
    _register("claim", name, fmt="sig:3", unit=unit, title=stated, declared_at=here,
              module=module, claim=_spec(name, issue=issue, summary=summary, stated=stated,
                                             target=None if target is None else str(target),
                                             expect="unchecked", how=how,
                                             why_unchecked=why))(nothing)
    return _REGISTRY[name]


DEFAULT_MODULES = ("recomputed.artifacts",)


def _import_one(modname: str):
    try:
        return artifact_modules.import_artifact_module(modname)
    except artifact_modules.ArtifactModuleError as exc:
        raise RegistryError(str(exc)) from None


def _import(modules: Sequence[str]) -> list[str]:
    """Import each module, and each submodule of a package; return their names."""
    names = []
    for modname in modules:
        mod = _import_one(modname)
        names.append(modname)
        if hasattr(mod, "__path__"):  # a package: every module in it
            for info in sorted(pkgutil.iter_modules(mod.__path__), key=lambda m: m.name):
                _import_one(f"{modname}.{info.name}")
                names.append(f"{modname}.{info.name}")
    return names


def load_all(modules: Sequence[str] = DEFAULT_MODULES) -> dict[str, Artifact]:
    """Import the artifact ``modules`` (packages: every module in them) and return their
    artifacts, sorted by name. A claim takes its value's format and unit; an input that
    names no artifact is an error naming the declaration."""
    wanted = set(_import(modules))
    found = {n: a for n, a in sorted(_REGISTRY.items()) if a.module in wanted}
    for art in found.values():
        for dep in art.reads:
            if dep not in found:
                raise RegistryError(f"{art.declared_at}: artifact {art.name!r} reads "
                                    f"{dep!r}, which is not registered{_near(dep, found)}")
        if art.kind == "claim" and art.reads:
            source = found[art.reads[0]]
            if source.kind != "value":
                raise RegistryError(f"{art.declared_at}: claim {art.name!r} checks "
                                    f"{source.name!r}, a {source.kind}; it must be a value")
            fmt = art.fmt or source.fmt
            unit = source.unit if art.unit is None else art.unit
            if (fmt, unit) != (art.fmt, art.unit):
                found[art.name] = _REGISTRY[art.name] = replace(art, fmt=fmt, unit=unit)
    return found


def forget(modules: Sequence[str]) -> None:
    """Unload the artifact ``modules`` (and their submodules) and drop their artifacts, so
    that the next :func:`load_all` imports them from the files as they are now (a long-lived
    process whose files were edited: ``mkdocs serve``, tests)."""
    def under(name: str) -> bool:
        return any(name == m or name.startswith(m + ".") for m in modules)

    for name in [n for n in sys.modules if under(n)]:
        del sys.modules[name]
    for name in [n for n, a in _REGISTRY.items() if under(a.module)]:
        del _REGISTRY[name], _DECLARED_AT[name]


def registered(name: str) -> Artifact:
    """The artifact ``name`` as last registered (modules already loaded by a build)."""
    return _REGISTRY[name]


def datasets_behind(art: Artifact) -> tuple[str, ...]:
    """The data sets an artifact's result comes from: those it reads, and those behind the
    artifacts it reads, in turn (sorted)."""
    found = set(art.datasets)
    for name in art.reads:
        found |= set(datasets_behind(_REGISTRY[name]))
    return tuple(sorted(found))


def _near(name: str, names) -> str:
    import difflib

    near = difflib.get_close_matches(name, list(names), n=3)
    return f"; did you mean {', '.join(near)}?" if near else ""


def get(name: str, modules: Sequence[str] = DEFAULT_MODULES) -> Artifact:
    """The artifact ``name``, or a :class:`RegistryError` that suggests near names."""
    reg = load_all(modules)
    if name in reg:
        return reg[name]
    raise RegistryError(f"unknown artifact {name!r}{_near(name, reg)}")
