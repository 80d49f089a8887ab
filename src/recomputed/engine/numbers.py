"""The one place that decides how a number looks: prose, tables and axis ticks alike.

A format spec is a short string, ``"kind"`` or ``"kind:digits"``:

========  ==========================================  =====================
spec      meaning                                     31415.9 becomes
========  ==========================================  =====================
sig:3     3 significant figures, plain digits         31,400
fixed:2   2 decimals                                  31,415.90
sci:2     2 significant figures as a × 10ⁿ            3.1 × 10⁴
auto:3    sig below 1e5 and above 1e-3, else sci      31,400
pct:1     a fraction shown as a percentage            3,141,590.0%
times:2   a ratio shown as a factor, 2 sig. figures   31,000×
int       rounded to an integer                       31,416
========  ==========================================  =====================

Integer parts of five digits or more get thousands separators (1234, 12,345).

Minus signs are the typographic U+2212, so numbers read well next to text.
Inputs must be plain numbers; NumPy scalars are converted first (NumPy 2 would
otherwise print ``np.float64(...)``).
"""

from __future__ import annotations

import math
from numbers import Real

MINUS = "\u2212"
TIMES = "\u00d7"
_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
KINDS = ("sig", "fixed", "sci", "auto", "pct", "times", "int")


class FormatError(ValueError):
    """A format spec that this module does not know."""


def parse_spec(spec: str) -> tuple[str, int]:
    """Split ``"kind:digits"`` into its parts, checking both."""
    kind, _, digits = spec.partition(":")
    if kind not in KINDS:
        raise FormatError(f"unknown number format {spec!r}; known kinds: {', '.join(KINDS)}")
    if kind == "int":
        if digits:
            raise FormatError(f"format 'int' takes no digits, got {spec!r}")
        return kind, 0
    if not digits:
        return kind, 3 if kind in ("sig", "sci", "auto", "times") else 2
    if not digits.isdigit():
        raise FormatError(f"digits in number format {spec!r} must be a whole number")
    n = int(digits)
    if kind in ("sig", "sci", "auto", "times") and n < 1:
        raise FormatError(f"format {spec!r} needs at least one significant figure")
    return kind, n


def _plain(x: Real) -> float:
    if isinstance(x, bool) or not isinstance(x, Real):
        raise TypeError(f"expected a real number, got {type(x).__name__}: {x!r}")
    return float(x)


def _sign(s: str) -> str:
    return s.replace("-", MINUS)


def _round_sig(x: float, n: int) -> float:
    if x == 0:
        return 0.0
    return round(x, n - 1 - math.floor(math.log10(abs(x))))


def _group(s: str) -> str:
    """Thousands separators on the integer part of a plain decimal string."""
    neg = s.startswith("-")
    body = s[1:] if neg else s
    whole, dot, frac = body.partition(".")
    if len(whole) > 4:  # 1234 stays as is; 12,345 gets a separator
        whole = f"{int(whole):,}"
    return ("-" if neg else "") + whole + dot + frac


def sig(x: Real, n: int = 3) -> str:
    """``x`` to ``n`` significant figures, in plain digits (no exponent)."""
    v = _round_sig(_plain(x), n)
    if v == 0:
        return "0"
    decimals = max(0, n - 1 - math.floor(math.log10(abs(v))))
    return _sign(_group(f"{v:.{decimals}f}"))


def fixed(x: Real, n: int = 2) -> str:
    """``x`` with ``n`` decimals."""
    v = _plain(x)
    s = f"{v:.{n}f}"
    if float(s) == 0:
        s = s.lstrip("-")
    return _sign(_group(s))


def sci(x: Real, n: int = 2) -> str:
    """``x`` as ``a × 10ⁿ`` with ``n`` significant figures in ``a``."""
    v = _plain(x)
    if v == 0:
        return "0"
    mantissa, exponent = f"{v:.{n - 1}e}".split("e")
    exp = int(exponent)
    if exp == 0:
        return _sign(mantissa)
    return _sign(mantissa) + f" {TIMES} 10" + str(exp).translate(_SUPERSCRIPT)


def auto(x: Real, n: int = 3) -> str:
    """Plain digits for ordinary magnitudes, scientific notation for extreme ones."""
    v = _plain(x)
    if v != 0 and not (1e-3 <= abs(v) < 1e5):
        return sci(v, n)
    return sig(v, n)


def pct(x: Real, n: int = 1) -> str:
    """A fraction (0.42) shown as a percentage (42.0%)."""
    return fixed(100 * _plain(x), n) + "%"


def times(x: Real, n: int = 2) -> str:
    """A ratio shown as a factor: 44.35 -> 44×."""
    return auto(x, n) + TIMES


def integer(x: Real) -> str:
    """Rounded to the nearest integer, with thousands separators."""
    return _sign(_group(str(round(_plain(x)))))


def format_number(x: Real, spec: str = "auto:3") -> str:
    """Format ``x`` by ``spec`` (see the module docstring)."""
    kind, n = parse_spec(spec)
    v = _plain(x)
    if math.isnan(v):
        return "n/a"
    if math.isinf(v):
        return ("" if v > 0 else MINUS) + "∞"
    if kind == "int":
        return integer(v)
    return {"sig": sig, "fixed": fixed, "sci": sci, "auto": auto, "pct": pct, "times": times}[
        kind
    ](v, n)
