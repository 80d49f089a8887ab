"""A Content-Security-Policy for each published page, as a ``<meta>`` tag.

The policy lets a page use only what the site itself serves: scripts, styles, images,
fonts and data from its own origin, and no plugins, frames or form targets elsewhere.
A page's inline scripts and styles (the theme's few lines that set the palette before the
first paint, the tables' ``style="text-align: right"``, a notebook's CSS) are allowed by
their SHA-256 hashes, computed from the page as written; so text that reached a page
unescaped still could not run a script (see :mod:`recomputed.site.escape`, which keeps it
from getting there).

A ``<meta>`` policy applies from where it stands, so it goes first in ``<head>``; it
cannot say ``frame-ancestors`` or where to report, which only an HTTP header can.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from pathlib import Path

SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
STYLE_ELEMENT = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.S | re.I)
STYLE_ATTR = re.compile(r"""\sstyle\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)
RUNS = ("", "text/javascript", "application/javascript", "module")  # types a browser runs
META = '<meta http-equiv="Content-Security-Policy" content="{}">'


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def policy(page: str) -> str:
    """The policy for one page's HTML: its own origin, plus its inline code by hash."""
    scripts = set()
    for attrs, body in SCRIPT.findall(page):
        kind = TYPE.search(attrs)
        if "src=" not in attrs.lower() and (kind.group(1).lower() if kind else "") in RUNS:
            scripts.add(_hash(body))
    styles = {_hash(body) for body in STYLE_ELEMENT.findall(page)}
    attrs = {_hash(html.unescape(a or b)) for a, b in STYLE_ATTR.findall(page)}
    style_src = " ".join(["'self'", *(["'unsafe-hashes'"] if attrs else []),
                          *sorted(styles | attrs)])
    return "; ".join([
        "default-src 'self'",
        "script-src " + " ".join(["'self'", *sorted(scripts)]),
        "style-src " + style_src,
        "img-src 'self' data:",  # the theme draws some icons as data: URLs
        "font-src 'self'",
        "connect-src 'self'",  # search reads its index from the site
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ])


def add_policy(page: str) -> str:
    """``page`` with its policy early in ``<head>`` (unchanged if it has no ``<head>``, or
    a policy already)."""
    if re.search(r"http-equiv=[\"']?Content-Security-Policy", page, re.I):
        return page
    # Right after the charset, which browsers look for in the first 1024 bytes.
    at = (re.search(r"<meta\s+charset\b[^>]*>", page, re.I)
          or re.search(r"<head\b[^>]*>", page, re.I))
    if at is None:
        return page
    meta = META.format(html.escape(policy(page), quote=False))  # it holds no double quote
    return page[: at.end()] + "\n" + meta + page[at.end():]


def add_to_site(site_dir) -> int:
    """Add a policy to every HTML file under ``site_dir``; the number of files changed."""
    changed = 0
    for path in sorted(Path(site_dir).rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        new = add_policy(text)
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed += 1
    return changed
