"""How much a reader downloads for each topic page.

    uv run python benchmarks/bench_pages.py              # builds the site into a temp folder
    uv run python benchmarks/bench_pages.py --site site  # measures an existing build

For each topic page: its HTML, the figures and images it references, and our own
stylesheets and scripts (``extra_css``/``extra_javascript``), in bytes and gzipped
(servers compress text, and SVG and HTML are text). A figure referenced for both colour
palettes (``#only-light``/``#only-dark``) comes as two files, but a reader's browser
fetches only the visible one (the other is hidden and lazy), so the table counts the
light files; the dark ones are the same figures recoloured and within bytes of them.
Images are counted even though they load lazily: a reader who scrolls gets them all.
Material's own assets are shared by every page and cached after the first, so they are
reported once, separately. They include what Material's script fetches right after the
page loads (seen in Chromium): the search worker, the search index and ``sitemap.xml``.

Targets are printed, not asserted (the numbers are facts about the content, not a test).
"""

from __future__ import annotations

import argparse
import gzip
import os
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
IMAGE = {".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif"}
PAGE_TARGET_GZ = 500 * 1024  # a topic page with its figures and our assets, gzipped
FIRST_VISIT_TARGET_GZ = 1024 * 1024  # the same plus Material's shared assets


class Refs(HTMLParser):
    """Local files a page makes the browser fetch: images, stylesheets, scripts."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "img" and a.get("src"):
            self.urls.append(a["src"])
        if tag in ("img", "source") and a.get("srcset"):
            self.urls += [part.split()[0] for part in a["srcset"].split(",") if part.strip()]
        if tag == "link" and a.get("href") and a.get("rel") in ("stylesheet", "icon"):
            self.urls.append(a["href"])
        if tag == "script" and a.get("src"):
            self.urls.append(a["src"])
        if tag == "object" and a.get("data"):
            self.urls.append(a["data"])


def refs(html_file: Path, site: Path) -> set[Path]:
    parser = Refs()
    parser.feed(html_file.read_text(encoding="utf-8"))
    out = set()
    for url in parser.urls:
        parts = urlsplit(url)
        if parts.fragment == "only-dark":
            continue  # the other palette's copy: hidden, so never fetched with this one
        if parts.scheme or parts.netloc:
            continue  # another host: the site loads none (no CDN), and would show here
        path = (html_file.parent / unquote(parts.path)).resolve()
        if path.is_file() and path.is_relative_to(site.resolve()):
            out.add(path)
    return out


def sizes(path: Path) -> tuple[int, int]:
    """Bytes, and bytes after gzip at level 6 (the usual server setting)."""
    data = path.read_bytes()
    return len(data), len(gzip.compress(data, compresslevel=6, mtime=0))


def _sum(paths) -> tuple[int, int]:
    got = [sizes(p) for p in paths]
    return sum(r for r, _ in got), sum(g for _, g in got)


def kb(n: int) -> str:
    return f"{n / 1024:,.1f}"


def build(site: Path) -> None:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="true")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir",
                    str(site)], cwd=ROOT, env=env, check=True, capture_output=True)


def report(site: Path) -> None:
    site = site.resolve()
    ours = {(site / p).resolve() for p in _extra_assets()}
    pages = sorted((ROOT / "docs" / "topics").glob("*.md"))
    rows, shared, figures = [], set(), set()
    for src in pages:
        html = site / "topics" / src.stem / "index.html"
        found = refs(html, site)
        imgs = {p for p in found if p.suffix.lower() in IMAGE and p not in ours
                and "assets/images" not in p.as_posix()}
        mine = found & ours
        shared |= found - imgs - mine
        figures |= imgs
        page, fig, asset = sizes(html), _sum(imgs), _sum(mine)
        rows.append((src.stem, *page, len(imgs), *fig, *asset,
                     page[0] + fig[0] + asset[0], page[1] + fig[1] + asset[1]))

    print("Topic pages: what one page costs a reader (kB; gz = gzip level 6)\n")
    head = (f"{'page':<24} {'HTML':>8} {'gz':>7} {'figs':>5} {'figures':>9} {'gz':>7} "
            f"{'ours':>6} {'gz':>5} {'total':>9} {'gz':>7}")
    print(head)
    print("-" * len(head))
    for name, hr, hg, n, fr, fg, ar, ag, tr, tg in sorted(rows, key=lambda r: -r[-1]):
        print(f"{name:<24} {kb(hr):>8} {kb(hg):>7} {n:>5} {kb(fr):>9} {kb(fg):>7} "
              f"{kb(ar):>6} {kb(ag):>5} {kb(tr):>9} {kb(tg):>7}")
    print("-" * len(head))
    tot = [sum(r[i] for r in rows) for i in range(1, 10)]
    print(f"{'all ' + str(len(rows)) + ' topic pages':<24} {kb(tot[0]):>8} {kb(tot[1]):>7} "
          f"{tot[2]:>5} {kb(tot[3]):>9} {kb(tot[4]):>7} {'':>6} {'':>5} "
          f"{kb(tot[7]):>9} {kb(tot[8]):>7}")
    print("(light palette; the dark figures are the same SVGs recoloured, within bytes)")

    shared |= {p.resolve() for p in (site / "search" / "search_index.json", site / "sitemap.xml",
                                     *(site / "assets" / "javascripts" / "workers").glob("*.js"))
               if p.is_file()}
    print("\nShared by every page: theme, search, sitemap (fetched once, then cached)\n")
    print(f"{'file':<64} {'kB':>8} {'gz':>7}")
    shared_gz = 0
    for p in sorted(shared):
        r, g = sizes(p)
        shared_gz += g
        print(f"{p.relative_to(site).as_posix():<64} {kb(r):>8} {kb(g):>7}")
    print(f"{'total':<64} {kb(sum(sizes(p)[0] for p in shared)):>8} {kb(shared_gz):>7}")

    print("\nLargest figures\n")
    print(f"{'figure':<64} {'kB':>8} {'gz':>7}")
    for p in sorted(figures, key=lambda p: -p.stat().st_size)[:10]:
        r, g = sizes(p)
        print(f"{p.relative_to(site).as_posix():<64} {kb(r):>8} {kb(g):>7}")

    worst = max(rows, key=lambda r: r[-1])
    print("\nTargets (printed, not asserted)")
    for label, value, target in [
        (f"heaviest topic page ({worst[0]}), gzipped", worst[-1], PAGE_TARGET_GZ),
        ("  the same on a first visit, with shared assets", worst[-1] + shared_gz,
         FIRST_VISIT_TARGET_GZ),
    ]:
        verdict = "met" if value <= target else "NOT met"
        print(f"{label:<50} {kb(value):>8} kB  target {kb(target)} kB: {verdict}")


def _extra_assets() -> list[str]:
    """Our own stylesheets and scripts, as listed in mkdocs.yml."""
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    return [str(p) for p in [*config.extra_css, *config.extra_javascript]]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--site", type=Path, help="measure this built site instead of building one")
    args = p.parse_args()
    if args.site:
        report(args.site)
        return
    with tempfile.TemporaryDirectory() as tmp:
        build(Path(tmp) / "site")
        report(Path(tmp) / "site")


if __name__ == "__main__":
    main()
