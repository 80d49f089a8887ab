"""The Content-Security-Policy each page carries (:mod:`recomputed.site.csp`); the browser
tests check that pages work under it and report no violation."""

from __future__ import annotations

import base64
import hashlib

from recomputed.site import csp

PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>t</title>
<script>var a = 1;</script><script type="application/json" id="c">{"x": 1}</script>
<script src="assets/x.js"></script><script type="module">import "./m.js";</script>
<style>p { color: red }</style></head><body>
<td style="text-align: right;">1</td><td style='text-align: right;'>2</td>
<p>a &lt;script&gt;evil()&lt;/script&gt; in text</p></body></html>"""


def sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def directives(page: str) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in csp.policy(page).split("; ")}


def test_inline_code_is_allowed_by_its_hash_and_nothing_else_is():
    d = directives(PAGE)
    assert d["default-src"] == ["'self'"] and d["object-src"] == ["'none'"]
    # The two inline scripts a browser runs, not the JSON, not the external file.
    assert sorted(d["script-src"]) == sorted(["'self'", sha("var a = 1;"),
                                              sha('import "./m.js";')])
    assert sorted(d["style-src"]) == sorted(["'self'", "'unsafe-hashes'",
                                             sha("p { color: red }"), sha("text-align: right;")])
    assert "'unsafe-inline'" not in csp.policy(PAGE)


def test_the_meta_tag_follows_the_charset_and_is_added_once():
    out = csp.add_policy(PAGE)
    assert out.index('<meta charset="utf-8">') < out.index("Content-Security-Policy") < \
        out.index("<script>")
    assert csp.add_policy(out) == out
    assert csp.add_policy("<p>no head</p>") == "<p>no head</p>"


def test_every_page_of_a_built_site_carries_one(toy_site):
    toy_site.config({"content_security_policy": True})
    proc = toy_site.mkdocs("build", "--strict")
    assert proc.returncode == 0, proc.stderr[-3000:]
    pages = list((toy_site.root / "site").rglob("*.html"))
    assert len(pages) >= 4  # index, claims, data, 404
    for page in pages:
        assert page.read_text().count('http-equiv="Content-Security-Policy"') == 1, page.name
