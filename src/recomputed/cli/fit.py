"""``recomputed fit`` and ``recomputed optimal``: the fitting toolkit on the command line.

    recomputed fit RUNS.csv [--law chinchilla|power|power_plus_constant] [--json]
                   [--params-col C] [--tokens-col C | --compute-col C] [--loss-col C]
                   [--x-col C] [--boot N] [--seed S] [--level L] [--jobs J]
    recomputed optimal --budget FLOP [--law hoffmann|hoffmann-tex|epoch | --fit FIT.json]
                   [--json]

User errors (a bad CSV, a fit that does not converge) print one line and exit 1
(:class:`recomputed.cli.CommandError`).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

from recomputed.engine import numbers, runs
from recomputed.science import allocation, fitting

PUBLISHED = {"hoffmann": "hoffmann_rounded", "hoffmann-tex": "hoffmann_tex",
             "epoch": "epoch_2024"}
CHINCHILLA_KEYS = ("E", "A", "B", "alpha", "beta")


def _error(message: str):
    from recomputed.cli import CommandError  # cli imports this module: import late

    return CommandError(message)


def _whole(least: int):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
        if value < least:
            raise argparse.ArgumentTypeError(f"must be at least {least}, got {value}")
        return value
    return parse


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not (value > 0 and math.isfinite(value)):
        raise argparse.ArgumentTypeError(f"must be a positive number, got {text}")
    return value


def _fraction(text: str) -> float:
    value = _positive(text)
    if value >= 1:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1 (like 0.95), got {text}")
    return value


# Options that take a number: "--budget -1e23" is read as "--budget=-1e23" (argparse
# would take "-1e23" for an option and say only "expected one argument").
NUMERIC_OPTIONS = ("--boot", "--seed", "--level", "--delta", "--max-iter", "--jobs", "--budget")


def join_negative_numbers(argv: list[str]) -> list[str]:
    out, i = [], 0
    while i < len(argv):
        if argv[i] in NUMERIC_OPTIONS and i + 1 < len(argv) and argv[i + 1].startswith("-"):
            try:
                float(argv[i + 1])
            except ValueError:
                pass
            else:
                out.append(f"{argv[i]}={argv[i + 1]}")
                i += 2
                continue
        out.append(argv[i])
        i += 1
    return out


def add_commands(sub) -> None:
    """Add ``fit`` and ``optimal`` to the ``recomputed`` sub-command parser."""
    p = sub.add_parser("fit", help="fit a scaling law to a CSV of training runs, with "
                                   "bootstrap intervals")
    p.add_argument("csv", type=Path, help="one row per run; columns params, tokens, loss")
    p.add_argument("--law", choices=fitting.LAWS, default="chinchilla",
                   help="chinchilla: L = E + A/N^alpha + B/D^beta (default); power or "
                        "power_plus_constant: L(x) of one column (--x-col)")
    p.add_argument("--params-col", default="params", help="column with N, parameters")
    p.add_argument("--tokens-col", default="tokens", help="column with D, training tokens")
    p.add_argument("--compute-col", default=None,
                   help="column with training compute C in FLOP; tokens become C/(6N)")
    p.add_argument("--loss-col", default="loss", help="column with the final loss")
    p.add_argument("--x-col", default=None,
                   help="for one-variable laws: the column to fit against (default: params)")
    p.add_argument("--boot", type=_whole(0), default=1000,
                   help="bootstrap resamples (default 1000; 0: none)")
    p.add_argument("--seed", type=_whole(0), default=0, help="bootstrap seed (default 0)")
    p.add_argument("--level", type=_fraction, default=0.95,
                   help="interval coverage (default 0.95)")
    p.add_argument("--delta", type=_positive, default=fitting.DELTA,
                   help="Huber delta on log-loss residuals (default 1e-3, Hoffmann et al.)")
    p.add_argument("--max-iter", type=_whole(1), default=1000, help="iterations per start")
    p.add_argument("--jobs", type=_whole(1), default=1,
                   help="worker processes for the bootstrap (default 1)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_fit)

    p = sub.add_parser("optimal", help="compute-optimal parameters and tokens for a budget")
    p.add_argument("--budget", type=_positive, required=True, help="training compute in FLOP")
    src = p.add_mutually_exclusive_group()
    src.add_argument("--law", choices=sorted(PUBLISHED), default=None,
                     help="a published fit (default: all three)")
    src.add_argument("--fit", type=Path, default=None,
                     help="JSON written by `recomputed fit --json`")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_optimal)


# --- fit ------------------------------------------------------------------------------


def _read_runs(args) -> runs.Runs:
    one_var = args.law != "chinchilla"
    try:
        if one_var:
            x_col = args.x_col or args.params_col
            return runs.read(args.csv, params_col=x_col, loss_col=args.loss_col,
                             compute_col=None, need_tokens=False)
        return runs.read(args.csv, params_col=args.params_col, tokens_col=args.tokens_col,
                         loss_col=args.loss_col, compute_col=args.compute_col)
    except runs.RunsError as exc:
        raise _error(str(exc)) from None


def fit_json(fit: fitting.Fit, source: str = "") -> dict:
    """The fit as JSON-ready data: one key per parameter with estimate, se, interval."""
    out = {"law": fit.law}
    for e in fit.estimates:
        out[e.name] = {"estimate": e.value, "se": _num(e.se), "interval": [_num(e.low),
                                                                          _num(e.high)]}
    out.update({"level": fit.level, "n_runs": fit.n_runs, "n_boot": fit.n_boot,
                "n_boot_failed": fit.n_failed, "seed": fit.seed, "delta": fit.delta,
                "objective": fit.objective, "source": source})
    return out


def _num(x: float):
    return x if math.isfinite(x) else None  # JSON has no NaN or infinity


LONG_BOOTSTRAP = 1_000_000  # resamples x runs beyond which progress is shown


def _columns_that_vary(args, r: runs.Runs) -> None:
    """A column the law fits against must take more than one value (named as in the CSV)."""
    if args.law == "chinchilla":
        tokens = (f"tokens (from {args.compute_col!r} / 6N)" if args.compute_col
                  else repr(args.tokens_col))
        used = [(repr(args.params_col), r.params), (tokens, r.tokens)]
    else:
        used = [(repr(args.x_col or args.params_col), r.params)]
    for name, values in used:
        if values is not None and len(set(values.tolist())) < 2:
            raise _error(f"{args.csv}: column {name} takes a single value in every run, "
                         "so the law cannot fit its exponent; the runs must vary it")


def _progress(done: int, total: int) -> None:
    print(f"\rbootstrap: {done:,} of {total:,} resamples refitted", end="",
          file=sys.stderr, flush=True)
    if done == total:
        print(file=sys.stderr)


def not_identified(fit: fitting.Fit) -> list[str]:
    """The parameters the runs do not pin down: an interval wider than the estimate is
    large, or a standard error over ten times the estimate."""
    loose = []
    for e in fit.estimates:
        if not math.isfinite(e.se):
            continue
        wide = (e.high - e.low) > abs(e.value)
        huge = e.se > 10 * abs(e.value)
        if wide or huge:
            loose.append(e.name)
    return loose


def cmd_fit(args) -> int:
    r = _read_runs(args)
    _columns_that_vary(args, r)
    long = args.boot * len(r.loss) >= LONG_BOOTSTRAP
    try:
        fit = fitting.fit(args.law, r.params, r.loss, d=r.tokens if args.law == "chinchilla"
                          else None, delta=args.delta, n_boot=args.boot, seed=args.seed,
                          level=args.level, max_iter=args.max_iter, jobs=args.jobs,
                          progress=_progress if long else None)
    except fitting.FitError as exc:
        raise _error(f"{args.csv}: {exc}") from None
    loose = not_identified(fit)
    if loose:
        print(f"warning: the runs do not pin down {', '.join(loose)}: the interval is wider "
              "than the estimate, or the standard error over ten times it; add runs that "
              "vary the inputs more, or fit a simpler law", file=sys.stderr)
    if args.json:
        json.dump(fit_json(fit, str(args.csv)), sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    pct = numbers.format_number(fit.level, "pct:0")
    print(f"{fit.law} fit to {fit.n_runs} runs from {args.csv}")
    if fit.law == "chinchilla":
        print("L(N, D) = E + A / N^alpha + B / D^beta")
    elif fit.law == "power":
        print("L(x) = (x0 / x)^alpha")
    else:
        print("L(x) = L_inf + (x0 / x)^alpha")
    print()
    print(f"{'parameter':<10} {'estimate':>12} {'std. error':>12}   {pct} interval")
    for e in fit.estimates:
        print(f"{e.name:<10} {_fmt(e.value):>12} {_fmt(e.se):>12}   "
              f"{_fmt(e.low)} to {_fmt(e.high)}")
    print()
    print(f"Huber delta {fit.delta:g} on log-loss residuals; {fit.n_boot} bootstrap "
          f"resamples (seed {fit.seed}), {fit.n_failed} did not converge.")
    if fit.n_boot and fit.n_failed > 0.05 * fit.n_boot:
        print("warning: more than 5% of resamples did not converge; the intervals are "
              "unreliable", file=sys.stderr)
    return 0


def _fmt(x: float) -> str:
    return numbers.format_number(x, "auto:4")


# --- optimal --------------------------------------------------------------------------


def _published_laws() -> dict[str, allocation.Law]:
    from recomputed.engine import datafiles

    return allocation.laws_from_rows(datafiles.load("chinchilla_parametric_fits"))


def _law_from_fit_json(path: Path) -> allocation.Law:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise _error(f"{path}: no such file") from None
    except json.JSONDecodeError as exc:
        raise _error(f"{path}: not JSON ({exc})") from None
    if not isinstance(data, dict):
        raise _error(f"{path}: expected a JSON object from `recomputed fit --json`")
    missing = [k for k in CHINCHILLA_KEYS if k not in data]
    if missing:
        raise _error(f"{path}: not a chinchilla fit: missing {', '.join(missing)} (fit with "
                     "`recomputed fit RUNS.csv --json`, law chinchilla)")
    try:
        p = {k: float(data[k]["estimate"] if isinstance(data[k], dict) else data[k])
             for k in CHINCHILLA_KEYS}
    except (KeyError, TypeError, ValueError):
        raise _error(f"{path}: each of {', '.join(CHINCHILLA_KEYS)} needs a numeric "
                     "'estimate'") from None
    return allocation.Law(**p)


def cmd_optimal(args) -> int:
    if not (args.budget > 0 and math.isfinite(args.budget)):
        raise _error(f"--budget must be a positive number of FLOP, got {args.budget}")
    if args.fit is not None:
        laws = {str(args.fit): _law_from_fit_json(args.fit)}
    else:
        published = _published_laws()
        keys = [args.law] if args.law else list(PUBLISHED)
        laws = {k: published[PUBLISHED[k]] for k in keys}
    plans = {name: allocation.optimal(law, args.budget) for name, law in laws.items()}
    if args.json:
        out = {name: {"budget": a.compute, "params": a.params, "tokens": a.tokens,
                      "tokens_per_param": a.tokens_per_param, "loss": a.loss}
               for name, a in plans.items()}
        json.dump(out, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    print(f"Compute-optimal allocation for C = {numbers.format_number(args.budget, 'sci:3')} "
          "FLOP (C = 6ND)")
    print()
    width = max(len(n) for n in plans)
    print(f"{'law':<{width}}  {'params N':>12}  {'tokens D':>12}  {'D/N':>6}  {'loss':>6}")
    for name, a in plans.items():
        print(f"{name:<{width}}  {numbers.format_number(a.params, 'sci:3'):>12}  "
              f"{numbers.format_number(a.tokens, 'sci:3'):>12}  "
              f"{numbers.format_number(a.tokens_per_param, 'sig:3'):>6}  "
              f"{numbers.format_number(a.loss, 'fixed:3'):>6}")
    return 0
