"""Every kind of contributor mistake, as the contributor meets it: ``mkdocs build --strict``.

Each test makes one mistake in a small site (the toy engine of ``conftest.py`` with
one page citing its artifacts, or a copy of the real site) and checks that the build
exits non-zero, that its message names the file and line (or row, or artifact), and
that no site was written. Finer cases of each kind are tested where the code lives:
``test_datafiles.py`` (every data-file check), ``test_datafiles_fuzz.py`` (no input
crashes the loader), ``test_engine.py``, ``test_notebooks.py``,
``test_fitcli.py`` and ``test_sitedir.py`` (the previous site survives a failed build).
"""

from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from conftest import ROOT, TOY_CSV, TOY_NAMES, TOY_SCHEMA, ToySite, mkdocs

CSV = "data/toy.csv"
TOML = "data/toy.toml"


def line_of(text: str, needle: str) -> int:
    """The 1-based line of ``text`` where ``needle`` first occurs."""
    return text[: text.index(needle)].count("\n") + 1


def fails(site: ToySite, *messages: str) -> str:
    """Build strictly; the build must fail with every message, and write no site."""
    proc = site.mkdocs("build", "--strict")
    output = proc.stderr + proc.stdout  # MkDocs prints "Aborted with ..." to stdout
    shown = [line for line in output.splitlines()
             if line.strip() and not line.startswith(("INFO", "DEBUG", "["))]
    print("\n".join(shown))  # with `pytest -rP`: the messages a contributor reads
    assert proc.returncode != 0, output[-3000:]
    for message in messages:
        assert message in output, f"{message!r} not in:\n{output[-3000:]}"
    assert not (site.root / "site").exists(), "a failed build wrote a site"
    assert site.staging_leftovers() == []
    return output


# -- data files --------------------------------------------------------------------------

def _csv(old: str, new: str) -> str:
    assert old in TOY_CSV
    return TOY_CSV.replace(old, new, 1)


B = line_of(TOY_CSV, "b,")  # the second data row


def test_bad_data_file(toy_site):
    """One data error, end to end: the loader's one line reaches MkDocs' output (every
    kind of data error is checked where the loader lives, in test_datafiles.py)."""
    (toy_site.toy.data / "toy.csv").write_text(TOY_CSV.replace("b,3.0", 'b,"3.0', 1))
    fails(toy_site, f"ERROR   -  recomputed: {CSV}:{B}: a quoted cell that starts on this "
                    "line is never closed (unbalanced \")")


def test_bad_provenance_or_schema(toy_site):
    (toy_site.toy.data / "toy.toml").write_text(
        TOY_SCHEMA.replace('paper = "A toy paper"\n', "", 1))
    fails(toy_site, f"recomputed: {TOML}:{line_of(TOY_SCHEMA, '[sources.toy]')}: "
                    "source 'toy' lacks paper")


def test_artifact_reading_a_misspelt_column(toy_site):
    toy_site.toy.edit("artifacts/toy.py", 'toy.column("x")', 'toy.column("X")')
    at = line_of((toy_site.toy.pkg / "artifacts" / "toy.py").read_text(), 'column("X")')
    fails(toy_site, f"recomputed: artifact 'toy.total': {CSV}: no column 'X' (columns: label, x) "
                    f"(at toy.py:{at})")


# -- pages and the registry ----------------------------------------------------------------

def test_page_citing_an_unknown_artifact(toy_site):
    text = toy_site.page.read_text() + "\nSee <!-- rc:toy.totl -->.\n"
    toy_site.page.write_text(text)
    fails(toy_site, f"recomputed: docs/index.md:{line_of(text, 'rc:toy.totl')}: unknown "
                    "artifact 'toy.totl' (did you mean toy.total")


def test_two_artifacts_registered_under_one_name(toy_site):
    module = toy_site.toy.pkg / "artifacts" / "toy_copy.py"
    module.write_text(textwrap.dedent('''\
        """A copy of a module that keeps a name by mistake (even the function's name)."""

        from recomputed.engine.registry import value


        @value("toy.total", fmt="sig:3")
        def total():
            return 1.0
        '''))
    first = line_of((toy_site.toy.pkg / "artifacts" / "toy.py").read_text(), '"toy.total"')
    again = line_of(module.read_text(), '"toy.total"')
    fails(toy_site, "recomputed: artifact 'toy.total' is registered twice: at "
                    f"toyart/artifacts/toy.py:{first} and at "
                    f"toyart/artifacts/toy_copy.py:{again}")


# -- computations ----------------------------------------------------------------------------

def test_computation_that_raises(toy_site):
    toy_site.toy.edit("artifacts/toy.py", "return BASE * factor", "return BASE * factor / 0")
    code = (toy_site.toy.pkg / "artifacts" / "toy.py").read_text()
    fails(toy_site, "recomputed: artifact 'toy.scaled' failed: ZeroDivisionError: float division "
                    f"by zero (at toy.py:{line_of(code, 'factor / 0')})")


FIT = '''

@value("toy.fitted_exponent", params={"max_iter": 2}, fmt="sig:3")
def fitted_exponent(max_iter):
    """The exponent of L(x) = L_inf + (x0/x)^alpha fitted to noisy runs."""
    import numpy as np

    from recomputed.science import fitting

    x = np.logspace(6, 10, 12)
    noise = np.exp(np.random.default_rng(0).normal(0, 0.01, x.size))
    loss = fitting.power_loss(x, 300.0, 0.2, 2.5) * noise
    return fitting.fit("power_plus_constant", x, loss, n_boot=0, max_iter=max_iter)["alpha"].value
'''


def test_fit_that_does_not_converge(toy_site):
    with (toy_site.toy.pkg / "artifacts" / "toy.py").open("a") as f:
        f.write(FIT)
    toy_site.page.write_text(toy_site.page.read_text() + "\n<!-- rc:toy.fitted_exponent -->\n")
    fails(toy_site, "recomputed: artifact 'toy.fitted_exponent' failed: FitError: the "
                    "power_plus_constant fit did not converge", "within 2 iterations",
          "(at fitting.py:")


def test_claim_whose_verdict_flips(toy_site):
    (toy_site.toy.data / "toy.csv").write_text(_csv("b,3.0", "b,9.0"))
    fails(toy_site, "recomputed: claim verdicts changed:",
          "claim 'toy.claim_total_is_five' (AN #1, Toy summary): expected 'holds', but it is "
          "'fails': stated 'the total is about 5'; computed 11.0 (exact: the sum of the data "
          "file's numbers) lies outside the stated range 4.50 to 5.50")


def test_notebook_cell_that_fails(toy_site):
    nb = new_notebook(cells=[new_markdown_cell("# Bad"), new_code_cell("x = 1"),
                             new_code_cell("x / 0")],
                      metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                               "language": "python"}})
    path = toy_site.root / "docs" / "notebooks" / "bad.ipynb"
    path.parent.mkdir()
    nbformat.write(nb, path)
    toy_site.config(plugins=[{"mkdocs-jupyter": {"execute": False, "allow_errors": False}}])
    fails(toy_site, "recomputed: docs/notebooks/bad.ipynb: code cell 2 ('x / 0') failed: "
                    "ZeroDivisionError: division by zero")


def _notebook(toy_site, name: str, *code: str) -> None:
    nb = new_notebook(cells=[new_markdown_cell("# A notebook"), *map(new_code_cell, code)],
                      metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                               "language": "python"}})
    path = toy_site.root / "docs" / "notebooks" / name
    path.parent.mkdir(exist_ok=True)
    nbformat.write(nb, path)
    toy_site.config(plugins=[{"mkdocs-jupyter": {"execute": False, "allow_errors": False}}])


def test_a_data_mistake_stops_the_build_before_any_notebook_runs(toy_site):
    _notebook(toy_site, "slow.ipynb", "import time\ntime.sleep(30)")
    (toy_site.toy.data / "toy.csv").write_text(_csv("b,3.0", "b,three"))
    out = fails(toy_site, f"recomputed: {CSV}:{B}: column 'x': 'three' is not a number")
    assert "notebook" not in out


def test_a_notebook_names_a_bad_data_file_from_the_repository(toy_site):
    """The kernel runs in the notebook's folder and sees absolute paths; the build's
    message names the file from the repository, as every other message does."""
    bad = toy_site.root / "data" / "bad"
    bad.mkdir()
    (bad / "toy.csv").write_text(_csv("b,3.0", "b,three"))
    (bad / "toy.toml").write_text(TOY_SCHEMA)
    _notebook(toy_site, "reads.ipynb", "from pathlib import Path\n"
              "from recomputed.engine import datafiles",
              f"datafiles.load('toy', Path({str(bad.resolve())!r}))")
    out = fails(toy_site, "recomputed: docs/notebooks/reads.ipynb: code cell 2",
                f"data/bad/toy.csv:{B}: column 'x': 'three' is not a number")
    assert f"DataError: {bad.resolve()}" not in out


# -- links -------------------------------------------------------------------------------------

def test_broken_link_and_anchor(toy_site):
    text = toy_site.page.read_text() + textwrap.dedent("""\

        ## Notes

        See [the method](method.md) and [the notes](#notes), not [these](#nothing-here).
        """)
    toy_site.page.write_text(text)
    at = f"docs/index.md:{line_of(text, '(method.md)')}"
    fails(toy_site,
          f"{at}: Doc file 'index.md' contains a link 'method.md', but the target is not "
          "found among documentation files.",
          f"{at}: Doc file 'index.md' contains a link '#nothing-here', but there is no such "
          "anchor on this page.",
          "Aborted with 2 warnings in strict mode!")


def test_broken_anchor_on_the_real_site_keeps_the_previous_site(site, tmp_path):
    """The real configuration (Material, mkdocs-jupyter, search), one page with a link to a
    missing anchor: the strict build fails after writing everything, and the site built
    before it (the session's real site) stays exactly as it was."""
    for name in ("docs", "includes", "build_hooks", "overrides"):
        shutil.copytree(ROOT / name, tmp_path / name)
    for name in ("mkdocs.yml", "CONTRIBUTING.md"):
        shutil.copy(ROOT / name, tmp_path / name)
    # mkdocs.yml watches it and reads its data; the engine is unchanged. Notebooks and
    # artifacts come from the session's cache (conftest.mkdocs sets RECOMPUTED_CACHE).
    (tmp_path / "src").symlink_to(ROOT / "src")
    shutil.copytree(site, tmp_path / "site")
    before = _tree(tmp_path / "site")
    page = tmp_path / "docs" / "glossary.md"
    text = page.read_text() + "\nSee [the scaling laws](topics/scaling-laws.md#no-such-part).\n"
    page.write_text(text)
    proc = mkdocs("build", "--strict", cwd=tmp_path)
    output = proc.stderr + proc.stdout
    print(output[-1500:])
    assert proc.returncode != 0
    assert (f"docs/glossary.md:{line_of(text, '#no-such-part')}: Doc file 'glossary.md' contains "
            "a link 'topics/scaling-laws.md#no-such-part', but the doc 'topics/scaling-laws.md' "
            "does not contain an anchor '#no-such-part'.") in output
    assert re.search(r"Aborted with \d+ warnings? in strict mode!", output)
    assert _tree(tmp_path / "site") == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site.")]


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_the_toy_site_itself_builds(toy_site):
    """The control: without a mistake the same tiny site builds and cites every artifact."""
    proc = toy_site.mkdocs("build", "--strict")
    assert proc.returncode == 0, proc.stderr[-3000:]
    html = (toy_site.root / "site" / "index.html").read_text()
    assert "<!-- rc:" not in html
    for name in TOY_NAMES:  # each rendering names its artifact, a claim by its anchor
        assert name in html or name.replace(".", "-").replace("_", "-") in html, name
    assert toy_site.staging_leftovers() == []


# -- mistakes in artifact modules, citations and TeX: one line with file:line ----------------

TOY_PY = "toyart/artifacts/toy.py"


def _toy_line(needle: str, toy_site) -> int:
    return line_of((toy_site.toy.pkg / "artifacts" / "toy.py").read_text(), needle)


@pytest.mark.parametrize(("old", "new", "needle", "message"), [
    ('fmt="sig:3")\ndef total', 'fmt="times:two")\ndef total', '"toy.total"',
     "artifact 'toy.total': digits in number format 'times:two' must be a whole number"),
    ("def total(toy):", "def total(toy:", "def total", "syntax error: '(' was never closed"),
    ('exact="the sum', 'expect="hold", exact="the sum', "claim(",
     "claim 'toy.claim_total_is_five': expect must be one of"),
    ('"toy.total", inputs', '"toy.Total", inputs', '"toy.Total"',
     "artifact name 'toy.Total' must be dotted lower-case"),
])
def test_a_mistake_in_an_artifact_module_names_its_line(toy_site, old, new, needle, message):
    toy_site.toy.edit("artifacts/toy.py", old, new)
    out = fails(toy_site, f"recomputed: {TOY_PY}:{_toy_line(needle, toy_site)}: {message}")
    assert "Traceback" not in out


@pytest.mark.parametrize(("result", "message"), [
    ('float("nan")', "ValueError: computed a non-finite value: nan"),
    ('"five"', "TypeError: a value must return a number, got str"),
])
def test_a_value_the_engine_refuses_points_at_the_artifact(toy_site, result, message):
    toy_site.toy.edit("artifacts/toy.py", 'return float(sum(toy.column("x")))',
                      f"return {result}")
    fails(toy_site, f"recomputed: artifact 'toy.total' failed: {message} "
                    f"(at {TOY_PY}:{_toy_line('def total', toy_site) - 1})")


def test_a_citation_in_upper_case_is_not_silently_dropped(toy_site):
    text = toy_site.page.read_text() + "\nSee <!-- RC:toy.total -->.\n"
    toy_site.page.write_text(text)
    fails(toy_site, f"recomputed: docs/index.md:{line_of(text, 'RC:')}: malformed citation; "
                    "write it as <!-- rc:NAME -->")


def test_a_citation_in_an_indented_code_block_is_shown_as_written(toy_site):
    toy_site.page.write_text(toy_site.page.read_text()
                             + "\nWrite it like this:\n\n    <!-- rc:toy.nothing -->\n")
    proc = toy_site.mkdocs("build", "--strict")
    assert proc.returncode == 0, proc.stderr[-2000:]
    html = (toy_site.root / "site" / "index.html").read_text()
    assert "<pre><code>&lt;!-- rc:toy.nothing --&gt;" in html


@pytest.mark.parametrize(("tex", "message"), [
    (r"\notacommand{x}", r"unknown command \notacommand"),
    (r"\frac{1}{2", "1 { never closed"),
    (r"\begin{aligned} x", r"an environment opened with \begin is never closed with \end"),
])
def test_tex_that_does_not_parse_names_page_and_line(toy_site, tex, message):
    toy_site.config(markdown_extensions=["attr_list", "md_in_html", "tables",
                                         {"pymdownx.arithmatex": {"generic": True}}])
    text = toy_site.page.read_text() + f"\nThe law is ${tex}$ here.\n"
    toy_site.page.write_text(text)
    out = fails(toy_site, f"recomputed: docs/index.md:{line_of(text, 'The law')}: cannot convert "
                          f"TeX '{tex}': {message}")
    assert "&lt;" not in out and "&#x27;" not in out


# -- outputs of any size -------------------------------------------------------------------

def test_a_table_too_large_for_a_page_is_refused_with_advice(toy_site):
    """A page shows at most 300 rows of a table (its CSV may hold more); the whole data of
    a large data set is refused when it is computed."""
    toy_site.toy.edit("artifacts/toy.py",
                      '[(_label(r["label"]), r["x"]) for r in toy])',
                      '[(str(i), float(i)) for i in range(400)])')
    fails(toy_site, f"recomputed: docs/index.md:{line_of(toy_site.page.read_text(), 'rc:toy.rows')}"
                    ": table 'toy.rows' has 400 rows, more than the 300 a page may show; "
                    "aggregate it in the artifact")
    toy_site.toy.edit("artifacts/toy.py", "range(400)", "range(100_000)")
    fails(toy_site, "recomputed: artifact 'toy.rows' failed: TooLargeError: the table has "
                    "100,000 rows, more than the 25,000 a page may embed; aggregate in the "
                    "artifact", f"(at {TOY_PY}:")


def test_deleting_the_cache_while_the_site_builds_does_not_fail_it(toy_site, tmp_path):
    """The executed notebooks a build renders are its own copies, not the cache's files."""
    _notebook(toy_site, "ok.ipynb", "print(6 * 7)")
    cache = tmp_path / "own-cache"
    toy_site.cache = cache
    hook = toy_site.root / "delete_cache.py"
    hook.write_text(textwrap.dedent(f"""\
        import shutil
        from mkdocs.plugins import event_priority

        @event_priority(-500)  # after the plugin has executed the notebooks
        def on_files(files, config):
            shutil.rmtree({str(cache)!r})
            return files
        """))
    toy_site.config(plugins=[{"mkdocs-jupyter": {"execute": False, "allow_errors": False}}],
                    hooks=[str(hook)])
    proc = toy_site.mkdocs("build", "--strict")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert not cache.exists()
    assert "42" in (toy_site.root / "site" / "notebooks" / "ok" / "index.html").read_text()
