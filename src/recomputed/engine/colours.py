"""Figure colours for the site's two backgrounds, and the recolouring that makes a dark figure.

Light pages are white; dark pages use Material's "slate" background,
hsl(225, 15%, 14%), about ``#1e2129``. A figure is drawn once, with
:data:`PALETTE` on white, and saved as SVG. Its dark rendering is the same SVG
with every colour replaced (:func:`dark_svg`), so both show the same
computation, point for point:

- a colour of :data:`PALETTE` becomes the colour at the same place in
  :data:`DARK_PALETTE`;
- any other colour keeps its hue and chroma and has its lightness turned over
  in OKLab (Ottosson 2020): black ink becomes light ink, white paper becomes
  the dark background, and greys, grids and colour maps fall in between in
  reverse order (mid-tones lifted slightly, see :func:`dark_colour`). That
  covers matplotlib's default black text and axes, and colours written out in
  artifact code (``"k"``, ``"0.3"``, ``"gray"``, ``cmap="Blues"``).

Matplotlib leaves black fills implicit in SVG (text drawn as paths has no
``fill``), so the dark file also sets the light ink as the fill that every
element inherits unless it names its own.
"""

from __future__ import annotations

import re

# Okabe & Ito (2008), colour-blind safe; on white. Their yellow (#F0E442) is 1.3:1 on
# white, so the last colour is that hue at OKLab lightness 0.62: 3.6:1.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000",
           "#928A00")
# The same hues on slate (OKLab hue kept): the blue, vermilion and green are lifted to
# lightness 0.64 (at least 4.5:1 against DARK_BACKGROUND, like body text), the sky blue
# to 0.78 so it stays apart from the lifted blue, and black becomes DARK_INK. The others
# already contrast 5:1 or more with slate and stay as they are.
DARK_PALETTE = ("#3793D6", "#DC6410", "#16A479", "#CC79A7", "#E69F00", "#65C3F8", "#D1D1D1",
                "#F0E442")
DARK_BACKGROUND = "#1e2129"  # Material slate: hsl(225, 15%, 14%)
DARK_INK = "#D1D1D1"  # what black becomes: OKLab lightness 0.86, about 10:1 on slate

_INK_L = 0.86
_MID_LIFT = 0.6  # mid-grey keeps its contrast: #808080 is 3.9:1 on white, its dark twin 4.1:1
_SWAP = {a.lower(): b.lower() for a, b in zip(PALETTE, DARK_PALETTE, strict=True)}
# A colour in a fill/stroke property or attribute of matplotlib's SVG (it writes #rrggbb).
_COLOUR = re.compile(r'((?:fill|stroke|stop-color)(?::\s*|=")#)([0-9a-fA-F]{6})\b')


class ColourError(ValueError):
    """A figure whose SVG cannot be recoloured for dark pages."""


# -- colour arithmetic: sRGB hex <-> OKLab ---------------------------------------------------


def _to_linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _from_linear(c: float) -> float:
    c = min(max(c, 0.0), 1.0)
    return 12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055


def _rgb(hex_colour: str) -> tuple[float, float, float]:
    h = hex_colour.lstrip("#")
    return tuple(int(h[i:i + 2], 16) / 255 for i in (0, 2, 4))


def _hex(rgb) -> str:
    return "#" + "".join(f"{round(c * 255):02x}" for c in rgb)


def luminance(hex_colour: str) -> float:
    """Relative luminance (WCAG 2), 0 for black to 1 for white."""
    r, g, b = (_to_linear(c) for c in _rgb(hex_colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours, from 1 (same) to 21 (black on white)."""
    la, lb = sorted((luminance(a), luminance(b)))
    return (lb + 0.05) / (la + 0.05)


def oklab(hex_colour: str) -> tuple[float, float, float]:
    """OKLab (L, a, b) of an sRGB colour; L runs from 0 (black) to 1 (white)."""
    r, g, b = (_to_linear(c) for c in _rgb(hex_colour))
    lms = (0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b,
           0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b,
           0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b)
    l_, m_, s_ = (x ** (1 / 3) for x in lms)
    return (0.2104542553 * l_ + 0.7936177850 * m_ - 0.0040720468 * s_,
            1.9779984951 * l_ - 2.4285922050 * m_ + 0.4505937099 * s_,
            0.0259040371 * l_ + 0.7827717662 * m_ - 0.8086757660 * s_)


def _linear_from_oklab(L: float, a: float, b: float) -> tuple[float, float, float]:
    l_ = L + 0.3963377774 * a + 0.2158037573 * b
    m_ = L - 0.1055613458 * a - 0.0638541728 * b
    s_ = L - 0.0894841775 * a - 1.2914855480 * b
    lo, mi, sh = l_ ** 3, m_ ** 3, s_ ** 3  # long, medium, short cone responses
    return (4.0767416621 * lo - 3.3077115913 * mi + 0.2309699292 * sh,
            -1.2684380046 * lo + 2.6097574011 * mi - 0.3413193965 * sh,
            -0.0041960863 * lo - 0.7034186147 * mi + 1.7076147010 * sh)


def from_oklab(L: float, a: float, b: float) -> str:
    """The sRGB colour nearest (L, a, b) with the same lightness and hue: chroma is
    reduced until it fits the sRGB gamut."""
    lo, hi = 0.0, 1.0
    if not _in_gamut(_linear_from_oklab(L, a, b)):
        for _ in range(24):  # bisect on the chroma scale
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if _in_gamut(_linear_from_oklab(L, a * mid, b * mid)) else (lo, mid)
        a, b = a * lo, b * lo
    return _hex(_from_linear(c) for c in _linear_from_oklab(L, a, b))


def _in_gamut(rgb, eps: float = 1e-6) -> bool:
    return all(-eps <= c <= 1 + eps for c in rgb)


# -- the dark rendering ----------------------------------------------------------------------


def dark_colour(hex_colour: str) -> str:
    """The colour that takes the place of ``hex_colour`` (``#rrggbb``) on dark pages."""
    key = hex_colour.lower()
    if key in _SWAP:
        return _SWAP[key]
    L, a, b = oklab(key)
    bg_l = oklab(DARK_BACKGROUND)[0]
    # White -> the background, black -> the ink; the power lifts mid-greys a little, so
    # that a grey reference line keeps about the contrast on slate it has on white.
    return from_oklab(bg_l + (_INK_L - bg_l) * max(1.0 - L, 0.0) ** _MID_LIFT, a, b)


def dark_svg(svg: bytes) -> bytes:
    """The dark rendering of a matplotlib SVG: every colour replaced by :func:`dark_colour`,
    and :data:`DARK_INK` as the fill that elements without their own inherit."""
    text = svg.decode("utf-8")
    if "<image" in text:
        raise ColourError("the figure holds a raster image, which the dark rendering "
                          "cannot recolour; draw it as vector artists instead")
    cache: dict[str, str] = {}

    def swap(m: re.Match) -> str:
        old = m.group(2).lower()
        if old not in cache:
            cache[old] = dark_colour("#" + old)[1:]
        return m.group(1) + cache[old]

    text = _COLOUR.sub(swap, text)
    text, found = re.subn(r"<svg ", f'<svg fill="{DARK_INK.lower()}" ', text, count=1)
    if not found:
        raise ColourError("no <svg> element in the figure's SVG")
    return text.encode("utf-8")
