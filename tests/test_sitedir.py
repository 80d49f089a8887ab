"""A failed build leaves the previous site exactly as it was (``recomputed.site.sitedir``).

``mkdocs build`` and ``gh-deploy`` build into a staging folder next to ``site/`` and
swap it in only when the build succeeds; ``serve`` and ``--dirty`` are left alone.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from conftest import TOY_CSV
from recomputed.site import sitedir


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` and its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def test_failed_builds_leave_the_previous_site_byte_for_byte(toy_site):
    first = toy_site.mkdocs("build", "--strict")
    assert first.returncode == 0, first.stderr[-3000:]
    good = tree(toy_site.root / "site")
    assert "index.html" in good and "figures/toy.plot.svg" in good

    # A broken data file: the build stops in on_files, before any page is written.
    csv = toy_site.toy.data / "toy.csv"
    csv.write_text(TOY_CSV.replace("b,3.0", "b,-3.0"))
    proc = toy_site.mkdocs("build", "--strict")
    assert proc.returncode != 0 and "column 'x': -3.0 must be positive" in proc.stderr
    assert tree(toy_site.root / "site") == good
    assert toy_site.staging_leftovers() == []

    # A broken link under --strict: every file is written, then MkDocs aborts after
    # on_post_build; the staged site must not have been published.
    csv.write_text(TOY_CSV)
    toy_site.page.write_text(toy_site.page.read_text() + "\n[Gone](gone.md)\n")
    proc = toy_site.mkdocs("build", "--strict")
    assert proc.returncode != 0 and "Aborted with 1 warnings in strict mode!" in proc.stdout
    assert tree(toy_site.root / "site") == good
    assert toy_site.staging_leftovers() == []

    # Fixed: the new site replaces the old one completely (a file only the old had is gone).
    (toy_site.root / "site" / "stale.txt").write_text("from an older build")
    toy_site.page.write_text(toy_site.page.read_text().replace("[Gone](gone.md)", "Fixed."))
    proc = toy_site.mkdocs("build", "--strict")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert f"is now {toy_site.root / 'site'}" in proc.stderr
    after = tree(toy_site.root / "site")
    assert "stale.txt" not in after and b"Fixed." in after["index.html"]
    assert toy_site.staging_leftovers() == []


def test_published_site_is_readable_by_a_web_server(toy_site):
    """Folders 0755 and files 0644 under umask 022 (mkdtemp alone would make the site
    folder 0700); under umask 077 the site stays private, as a build in place would."""
    import stat

    for umask, d_mode, f_mode in ((0o022, 0o755, 0o644), (0o077, 0o700, 0o600)):
        old = os.umask(umask)
        try:
            proc = toy_site.mkdocs("build", "--strict")
        finally:
            os.umask(old)
        assert proc.returncode == 0, proc.stderr[-3000:]
        site = toy_site.root / "site"
        modes = {p.relative_to(site).as_posix(): stat.S_IMODE(p.stat().st_mode)
                 for p in [site, *site.rglob("*")] if not p.is_symlink()}
        wrong = {p: oct(m) for p, m in modes.items()
                 if m != (d_mode if (site / p).is_dir() else f_mode)}
        assert len(modes) > 20 and wrong == {}, (oct(umask), wrong)


def test_site_dir_option_is_honoured(toy_site):
    proc = toy_site.mkdocs("build", "--strict", "-d", "out/here")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert (toy_site.root / "out" / "here" / "index.html").exists()
    assert not (toy_site.root / "site").exists()
    assert not [p for p in (toy_site.root / "out").iterdir() if p.name.startswith(".")]


def test_gh_deploy_pushes_the_published_site(toy_site, tmp_path):
    root = toy_site.root
    remote = tmp_path.parent / f"{tmp_path.name}-remote.git"
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}

    def git(*args, cwd=root):
        return subprocess.run(["git", *args], cwd=cwd, env=env, check=True,
                              capture_output=True, text=True).stdout

    git("init", "-q", "--bare", str(remote), cwd=tmp_path)
    git("init", "-q")
    git("remote", "add", "origin", str(remote))
    proc = toy_site.mkdocs("gh-deploy", "--force", "--message", "toy deploy")
    assert proc.returncode == 0, proc.stderr[-3000:]
    pushed = git("ls-tree", "-r", "--name-only", "gh-pages", cwd=remote).split()
    assert "index.html" in pushed and "figures/toy.plot.svg" in pushed
    published = tree(root / "site")
    assert git("show", "gh-pages:index.html", cwd=remote).encode() == published["index.html"]
    assert toy_site.staging_leftovers() == []


def test_notebook_page_is_rendered_into_the_published_site(site):
    """The real site (built by `mkdocs build --strict --site-dir`, so through the staging
    folder): mkdocs-jupyter's pages and the search index end up in the published folder."""
    html = (site / "notebooks" / "fit-your-own-scaling-law" / "index.html").read_text("utf-8")
    assert "jp-Notebook" in html and "jp-OutputArea" in html  # rendered, with its outputs
    assert (site / "search" / "search_index.json").stat().st_size > 0
    assert not [p for p in site.parent.iterdir() if p.name.startswith(f".{site.name}.")]


@pytest.mark.parametrize(("command", "dirty", "staged"), [
    ("build", False, True), ("gh-deploy", False, True), ("serve", False, False),
    ("build", True, False),
])
def test_which_commands_are_staged(command, dirty, staged):
    assert sitedir.wanted(command, dirty) is staged


def test_swap_falls_back_to_replacing_contents_when_the_folder_cannot_move(tmp_path,
                                                                           monkeypatch):
    final, new = tmp_path / "site", tmp_path / ".site.new-x"
    final.mkdir()
    (final / "old.html").write_text("old")
    new.mkdir()
    (new / "index.html").write_text("new")
    real_rename = os.rename

    def rename(src, dst):
        if Path(src) == final:  # like a mount point: the folder itself cannot be renamed
            raise OSError(16, "Device or resource busy")
        real_rename(src, dst)

    monkeypatch.setattr(sitedir.os, "rename", rename)
    sitedir._swap(new, final)  # noqa: SLF001
    assert tree(final) == {"index.html": b"new"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
