"""Why an artifact was computed instead of read from the cache, in words.

The cache records, per artifact, the parts of the key it was last built with
(:meth:`Cache.record`). A new build compares its parts with that record: each
part that differs is one reason ("data file kaplan_table changed", "library numpy
1.26.4 -> 2.0.0"). An artifact never built before, or whose stored entry was
found corrupt, says so.
"""

from __future__ import annotations

from collections.abc import Iterable

NEW = "no previous entry"
# Reasons are listed in this order of part kinds, then by name.
ORDER = ("data", "input", "params", "declaration", "module", "file", "library", "python",
         "kind", "name")
WHAT = {"data": "data file", "input": "input artifact", "module": "module", "file": "file",
        "library": "library"}
SHORT = 60  # params longer than this are not quoted in full


def _kind(part: str) -> str:
    return part.split(" ", 1)[0]


def _label(part: str) -> str:
    kind, _, rest = part.partition(" ")
    return f"{WHAT[kind]} {rest}" if rest else kind


def _changed(part: str, old: str, new: str) -> str:
    kind = _kind(part)
    if kind in ("library", "python", "kind"):
        return f"{_label(part)} {old} -> {new}"
    if kind == "params" and len(old) + len(new) <= 2 * SHORT:
        return f"params changed: {old} -> {new}"
    return f"{_label(part)} changed"


def changes(old: dict[str, str], new: dict[str, str]) -> list[str]:
    """One line per part that differs between two sets of key parts."""
    def order(part):
        kind = _kind(part)
        return (ORDER.index(kind) if kind in ORDER else len(ORDER), part)

    out = []
    for part in sorted(set(old) | set(new), key=order):
        if part not in old:
            out.append(f"new dependency: {_label(part)}")
        elif part not in new:
            out.append(f"no longer depends on {_label(part)}")
        elif old[part] != new[part]:
            out.append(_changed(part, old[part], new[part]))
    return out


def reasons(previous: dict | None, parts: dict[str, str], corrupt: str | None = None
            ) -> tuple[str, ...]:
    """Why an artifact with key ``parts`` is being computed, given the ``previous``
    record of its last build (``None`` if there is none) and, if its entry was found
    corrupt, what was wrong with it."""
    found = [f"corrupt entry ({corrupt})"] if corrupt else []
    if previous is None:
        return tuple(found or [NEW])
    found += changes(previous["parts"], parts)
    return tuple(found or ["no stored entry, although its inputs are as last recorded"])


def lines(outputs: Iterable, group_new: bool = False) -> list[str]:
    """``recomputed NAME: reason; reason`` for each computed output. With
    ``group_new``, artifacts built for the first time share one line (a cold build
    would otherwise print one line per artifact saying just that)."""
    out, new = [], []
    for o in outputs:
        if o.cached:
            continue
        if group_new and tuple(o.reasons) == (NEW,):
            new.append(o.name)
        else:
            out.append(f"recomputed {o.name}: {'; '.join(o.reasons) or 'unknown'}")
    if new:
        out.append(f"recomputed {len(new)} artifact{'s' * (len(new) != 1)} with no "
                   f"previous entry")
    return out
