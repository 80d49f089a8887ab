"""The ``recomputed`` command: list and build artifacts without MkDocs.

    recomputed list [--json] [--kind KIND]
    recomputed build [--out DIR] [--jobs N] [--only NAME ...] [--explain]

Each sub-command module adds itself in :data:`COMMANDS`; errors print one line
(naming file and line where there is one) and exit with status 1.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from pathlib import Path

from recomputed.engine import build as engine
from recomputed.engine import datafiles, explain, interrupt, numbers, registry
from recomputed.engine.cache import Cache
from recomputed.engine.estimates import Estimate
from recomputed.site import paths, render


class CommandError(Exception):
    """A user error: printed without a traceback, exit status 1."""


def _row(out: engine.Output | None, art: registry.Artifact) -> dict:
    d = {
        "name": art.name,
        "kind": art.kind,
        "title": art.title,
        "inputs": list(art.inputs),
        "params": art.params,
    }
    if art.kind in ("value", "claim"):
        d["fmt"] = art.fmt
        d["unit"] = art.unit
        if out is not None:
            d["value"] = None if out.result is None else float(out.result)
            if isinstance(out.result, Estimate):
                d["interval"] = {"low": out.result.low, "high": out.result.high,
                                 "why": out.result.why}
            d["formatted"] = None if out.result is None else render.value_text(out)
    if art.kind == "claim":
        spec = art.claim
        d["claim"] = {"issue": spec.issue, "summary": spec.summary, "stated": spec.stated,
                      "target": spec.target, "compare": spec.compare, "upper": spec.upper,
                      "within": spec.within, "reading": spec.reading, "exact": spec.exact,
                      "expect": spec.expect}
        if out is not None:
            d["claim"]["verdict"], d["claim"]["detail"] = out.verdict
    return d


def _modules(args) -> tuple[str, ...]:
    return tuple(m.strip() for m in args.modules.split(",") if m.strip())


def cmd_list(args) -> int:
    reg = registry.load_all(_modules(args))
    if args.kind:
        reg = {n: a for n, a in reg.items() if a.kind == args.kind}
    needs_values = [n for n, a in reg.items() if a.kind in ("value", "claim")]
    outs = engine.build(needs_values, cache=Cache(args.cache), check_claims=False,
                        data_dir=args.data, modules=_modules(args))
    rows = [_row(outs.get(n), a) for n, a in reg.items()]
    if args.json:
        json.dump(rows, sys.stdout, indent=2, default=str)
        sys.stdout.write("\n")
        return 0
    width = max((len(r["name"]) for r in rows), default=10)
    for r in rows:
        shown = r.get("formatted") or ""
        if r["kind"] == "claim":
            shown = f"{shown}  [{r['claim']['verdict']}]"
        inputs = ",".join(r["inputs"]) or "-"
        print(f"{r['name']:<{width}}  {r['kind']:<6}  {inputs:<32}  {shown}")
    print(f"{len(rows)} artifacts")
    return 0


def cmd_build(args) -> int:
    out_dir = Path(args.out)
    t0 = time.perf_counter()
    outs = engine.build(args.only or None, cache=Cache(args.cache), jobs=args.jobs,
                        data_dir=args.data, modules=_modules(args))
    (out_dir / "figures").mkdir(parents=True, exist_ok=True)
    (out_dir / "data").mkdir(parents=True, exist_ok=True)
    values = {}
    for o in outs.values():
        origin = "cache" if o.cached else "computed"
        print(f"{o.seconds:8.3f} s  {origin:<8}  {o.artifact.kind:<6}  {o.name}")
        for suffix, content in (o.figure_files or {}).items():
            (out_dir / paths.figure_file(o.name, suffix)).write_bytes(content)
        if o.data is not None:
            (out_dir / paths.table_csv_path(o.name)).write_bytes(render.table_csv(o.data))
        if o.artifact.kind == "table":
            (out_dir / "data" / f"{o.name}.md").write_text(render.markdown_table(o.result) + "\n")
        if o.artifact.kind in ("value", "claim"):
            values[o.name] = {"value": None if o.result is None else float(o.result),
                              "formatted": None if o.result is None else render.value_text(o)}
            if o.verdict:
                values[o.name]["verdict"] = o.verdict[0]
    (out_dir / "values.json").write_text(json.dumps(values, indent=2, sort_keys=True) + "\n")
    fresh = sum(not o.cached for o in outs.values())
    print(f"{len(outs)} artifacts into {out_dir}: {fresh} computed, {len(outs) - fresh} from "
          f"cache, {numbers.fixed(time.perf_counter() - t0, 2)} s")
    if args.explain:
        for line in explain.lines(outs.values()):
            print(line)
    return 0


def cmd_render(args) -> int:
    """Write the site as a plain docs tree that MkDocs, ProperDocs and Zensical build."""
    from recomputed.site import tree

    out = Path(args.out)
    try:
        tree.render(args.config_file, out)
    except tree.TreeError as exc:
        raise CommandError(str(exc)) from None
    print(f"recomputed: wrote the docs tree to {out}; build it with `mkdocs build`, "
          f"`properdocs build` or `zensical build` in that folder")
    return 0


COMMANDS = {
    "list": (cmd_list, "list every artifact: name, kind, inputs, and values"),
    "build": (cmd_build, "compute every artifact into a folder, without MkDocs"),
    "render": (cmd_render, "write the site as a docs tree that builds without our plugin"),
}


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="recomputed", description=__doc__.splitlines()[0])
    p.add_argument("--cache", type=Path, default=None,
                   help="cache folder (default: $RECOMPUTED_CACHE or .cache/recomputed)")
    p.add_argument("--modules", default=",".join(registry.DEFAULT_MODULES),
                   help="artifact modules or packages to load, comma-separated "
                        "(default: %(default)s)")
    p.add_argument("--data", type=Path, default=datafiles.DATA_DIR,
                   help="folder of data sets (default: this package's)")
    p.add_argument("--path", type=Path, action="append", default=[],
                   help="a folder to import the artifact modules from (repeatable)")
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("list", help=COMMANDS["list"][1])
    s.add_argument("--json", action="store_true", help="machine-readable output")
    s.add_argument("--kind", choices=registry.KINDS)
    s = sub.add_parser("build", help=COMMANDS["build"][1])
    s.add_argument("--out", default="build/artifacts", help="output folder")
    s.add_argument("--jobs", type=int, default=1, help="worker processes for cache misses")
    s.add_argument("--only", nargs="+", metavar="NAME", help="only these artifacts")
    s.add_argument("--explain", action="store_true",
                   help="say why each computed artifact was not taken from the cache")
    s = sub.add_parser("render", help=COMMANDS["render"][1])
    s.add_argument("out", help="folder to write the tree to (replaced if it exists)")
    s.add_argument("-f", "--config-file", default="mkdocs.yml", help="the site's mkdocs.yml")
    for extra in _extra_commands():
        extra(sub)
    return p


def _extra_commands():
    """Sub-commands defined next to the science they expose (``add_commands(sub)``)."""
    import importlib

    found = []
    for mod in ("recomputed.cli.fit",):
        try:
            found.append(importlib.import_module(mod).add_commands)
        except ModuleNotFoundError as exc:
            if exc.name != mod:
                raise
    return found


def main(argv: list[str] | None = None) -> int:
    from recomputed.cli.fit import join_negative_numbers

    args = parser().parse_args(join_negative_numbers(list(sys.argv[1:] if argv is None
                                                          else argv)))
    for folder in reversed(args.path):  # a site's own artifact modules, outside this package
        sys.path.insert(0, str(folder.resolve()))
    # The engine logs warnings (e.g. a corrupt cache entry discarded) through logging.
    logging.basicConfig(format="%(levelname)s: %(message)s", level=logging.WARNING)
    interrupt.stop_on_interrupt("recomputed: interrupted; every result computed so far is "
                                "kept in the cache")
    try:
        return args.func(args) if hasattr(args, "func") else COMMANDS[args.command][0](args)
    except (CommandError, engine.BuildError, datafiles.DataError, registry.RegistryError) as exc:
        print(f"recomputed: error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
