"""How much a reader downloads for each topic page.

    uv run python benchmarks/bench_pages.py              # builds the site into a temp folder
    uv run python benchmarks/bench_pages.py --site site  # measures an existing build
    uv run python benchmarks/bench_pages.py --site site --baseline 89fac22
        # ... and compares each page with the site as built at that commit (a cold build
        # of it, a few minutes): 89fac22 is main just before issue 13's readability work

For each topic page, as a reader at 1280 px fetches it: its HTML, the figures and images
it references, and our own stylesheets and scripts (the .css and .js files directly
under ``assets/``), in bytes and gzipped
(servers compress text, and SVG and HTML are text). A figure referenced for both colour
palettes (``#only-light``/``#only-dark``) comes as two files, but a reader's browser
fetches only the visible one (the other is hidden and lazy), so the table counts the
light files; the dark ones are the same figures recoloured and within bytes of them.
Images are counted even though they load lazily: a reader who scrolls gets them all.
Material's own assets are shared by every page and cached after the first, so they are
reported once, separately. They include what Material's script fetches right after the
page loads (seen in Chromium): the search worker, the search index and ``sitemap.xml``.

The interactive part, ``figure-values.js`` and the ``NAME.points.json`` files it fetches
when a reader points at a figure, is its own column, and ``--baseline`` compares pages
without it: issue 13 asks for topic pages no heavier than before apart from that script.

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
INTERACTIVE = ["assets/figure-values.js"]  # issue 13's hover script, reported apart
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
        # A <picture>'s <source> is the phone rendering (media="(max-width: 600px)"): at
        # 1280 px the browser fetches the <img> instead, so sources are not counted.
        if tag == "img" and a.get("srcset"):
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


def build(site: Path, tree: Path = ROOT, env: dict | None = None) -> None:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="true", **(env or {}))
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site)],
                   cwd=tree, env=env, check=True, capture_output=True)


def build_ref(ref: str, site: Path, tmp: Path) -> None:
    """Build the site as it was at git ``ref``: its sources checked out in a temporary
    worktree, imported ahead of this checkout's (PYTHONPATH), with an empty cache."""
    tree = tmp / "tree"
    subprocess.run(["git", "worktree", "add", "--detach", str(tree), ref], cwd=ROOT,
                   check=True, capture_output=True)
    try:
        build(site, tree, {"PYTHONPATH": str(tree / "src"),
                           "RECOMPUTED_CACHE": str(tmp / "cache")})
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT,
                       capture_output=True)


def measure(site: Path) -> tuple[dict, set, set]:
    """Per topic page, gzipped bytes of its HTML, figures, our assets and the interactive
    part (figure-values.js and the points files it fetches when a reader points at a
    figure); and the shared files and figures seen."""
    site = site.resolve()
    ours = {(site / p).resolve() for p in _extra_assets(site)}
    interactive = {(site / p).resolve() for p in INTERACTIVE}
    rows, shared, figures = {}, set(), set()
    for html in sorted((site / "topics").glob("*/index.html")):
        found = refs(html, site)
        imgs = {p for p in found if p.suffix.lower() in IMAGE and p not in ours
                and "assets/images" not in p.as_posix()}
        points = {p.with_name(p.name.removesuffix(".svg") + ".points.json") for p in imgs}
        mine = found & ours
        shared |= found - imgs - mine
        figures |= imgs
        rows[html.parent.name] = {
            "html": sizes(html), "figs": len(imgs), "figures": _sum(imgs),
            "ours": _sum(mine - interactive),
            "interactive": _sum((mine & interactive) | {p for p in points if p.is_file()}),
        }
    return rows, shared, figures


def total(row: dict, i: int = 1, interactive: bool = True) -> int:
    """A page's bytes (i=0) or gzipped bytes (i=1), with or without the interactive part."""
    parts = ["html", "figures", "ours"] + (["interactive"] if interactive else [])
    return sum(row[k][i] for k in parts)


def report(site: Path, base: Path | None = None) -> None:
    site = site.resolve()
    rows, shared, figures = measure(site)
    print("Topic pages: what one page costs a reader at 1280 px (kB; gz = gzip level 6)\n")
    head = (f"{'page':<24} {'HTML':>8} {'gz':>7} {'figs':>5} {'figures':>9} {'gz':>7} "
            f"{'ours':>6} {'gz':>5} {'inter.':>6} {'gz':>5} {'total':>9} {'gz':>7}")
    print(head)
    print("-" * len(head))
    for name, r in sorted(rows.items(), key=lambda kv: -total(kv[1])):
        print(f"{name:<24} {kb(r['html'][0]):>8} {kb(r['html'][1]):>7} {r['figs']:>5} "
              f"{kb(r['figures'][0]):>9} {kb(r['figures'][1]):>7} {kb(r['ours'][0]):>6} "
              f"{kb(r['ours'][1]):>5} {kb(r['interactive'][0]):>6} "
              f"{kb(r['interactive'][1]):>5} {kb(total(r, 0)):>9} {kb(total(r)):>7}")
    print("-" * len(head))
    print("(light palette; the dark figures are the same SVGs recoloured, within bytes;")
    print(" 'inter.' is figure-values.js and every points file it may fetch on hover)")

    shared |= {p.resolve() for p in (site / "search" / "search_index.json", site / "sitemap.xml",
                                     *(site / "assets" / "javascripts" / "workers").glob("*.js"),
                                     *(site / "assets" / "fonts").glob("*.woff2"))
               if p.is_file()}
    print("\nShared by every page: theme, search, sitemap, the math font (fetched once)\n")
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

    name, worst = max(rows.items(), key=lambda kv: total(kv[1]))
    print("\nTargets (printed, not asserted)")
    for label, value, target in [
        (f"heaviest topic page ({name}), gzipped", total(worst), PAGE_TARGET_GZ),
        ("  the same on a first visit, with shared assets", total(worst) + shared_gz,
         FIRST_VISIT_TARGET_GZ),
    ]:
        verdict = "met" if value <= target else "NOT met"
        print(f"{label:<50} {kb(value):>8} kB  target {kb(target)} kB: {verdict}")
    if base is not None:
        compare(rows, measure(base.resolve())[0])


def compare(rows: dict, base: dict) -> None:
    """Each page against the baseline build: gzipped, and without the interactive part
    (the target: no heavier than the baseline apart from that script)."""
    print("\nAgainst the baseline build (gzipped kB; ratio = now without inter. / baseline)\n")
    head = (f"{'page':<24} {'baseline':>9} {'now':>8} {'now w/o inter.':>15} {'ratio':>7} "
            f"{'bytes':>7}")
    print(head)
    print("-" * len(head))
    ratios = {}
    for name in sorted(rows.keys() & base.keys()):
        b, now, bare = total(base[name]), total(rows[name]), total(rows[name], interactive=False)
        ratios[name] = bare / b
        print(f"{name:<24} {kb(b):>9} {kb(now):>8} {kb(bare):>15} {ratios[name]:>7.3f} "
              f"{bare - b:>+7,}")
    print("-" * len(head))
    heavier = sorted(n for n, r in ratios.items() if r > 1.0)
    print("(bytes: gzipped, now without the interactive part minus the baseline)")
    print(f"pages heavier than the baseline apart from the interactive part: "
          f"{', '.join(heavier) if heavier else 'none'}")
    for name in sorted(rows.keys() ^ base.keys()):
        print(f"(only in {'this build' if name in rows else 'the baseline'}: {name})")


def _extra_assets(site: Path) -> list[str]:
    """Our own stylesheets and scripts: every file under the built site's assets/ that is
    not Material's (its own are under assets/javascripts and assets/stylesheets)."""
    return [p.relative_to(site).as_posix() for p in (site / "assets").glob("*")
            if p.suffix in (".css", ".js")]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--site", type=Path, help="measure this built site instead of building one")
    p.add_argument("--baseline", metavar="REF",
                   help="also build git REF (a commit, tag or branch) and compare each page")
    p.add_argument("--baseline-site", type=Path,
                   help="compare with this built site (with --baseline: build REF here, kept)")
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        site = args.site
        if site is None:
            site = tmp / "site"
            build(site)
        base = args.baseline_site
        if args.baseline:
            base = base or tmp / "base"
            build_ref(args.baseline, base, tmp)
        report(site, base)


if __name__ == "__main__":
    main()
