"""This site's stylesheets and scripts, published without their comments.

``docs/assets/*.css`` and ``*.js`` explain themselves at length (why each rule exists,
which test checks it); a reader's browser needs none of that. Every page loads them, and
the comments were about half of their gzipped size. The site publishes the same files
with the comments taken out:

- CSS: every ``/* ... */`` (CSS has no other comments, and ours has none inside strings);
- JavaScript: ``/* ... */`` blocks and ``//`` comments that fill a whole line. A ``//`` after
  code is left alone, since telling it from ``//`` in a string or a regular expression
  needs a parser. Comment-like text inside a string would be cut too: ours have none, and
  tests/test_site.py checks the published files against the sources.

The result is the same for the same source, so warm and cold builds agree byte for byte.
"""

from __future__ import annotations

import re

CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
JS_BLOCK = re.compile(r"^[ \t]*/\*.*?\*/[ \t]*\n", re.S | re.M)
JS_LINE = re.compile(r"^[ \t]*//[^\n]*\n", re.M)
BLANK_LINES = re.compile(r"\n\s*\n")


def strip_comments(text: str, suffix: str) -> str:
    """``text`` of a ``.css`` or ``.js`` file without its comments and blank lines."""
    if suffix == ".css":
        text = CSS_COMMENT.sub("", text)
    elif suffix == ".js":
        text = JS_LINE.sub("", JS_BLOCK.sub("", text))
    else:
        raise ValueError(f"no comment syntax known for {suffix!r}")
    return BLANK_LINES.sub("\n", text).strip() + "\n"
