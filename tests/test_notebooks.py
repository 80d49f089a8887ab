"""Notebook execution: cached by content, failures name the notebook and cell, and the
committed notebooks carry no outputs."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from recomputed.site import notebooks

ROOT = Path(__file__).resolve().parent.parent
SITE_NOTEBOOKS = sorted((ROOT / "docs" / "notebooks").glob("*.ipynb"))


def _write(path: Path, *sources: str) -> Path:
    nb = new_notebook(cells=[new_markdown_cell("# Tiny")] + [new_code_cell(s) for s in sources],
                      metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                               "language": "python"}})
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def test_site_has_the_two_notebooks_without_outputs():
    names = {p.name for p in SITE_NOTEBOOKS}
    assert {"fit-your-own-scaling-law.ipynb", "plan-a-training-run.ipynb"} <= names
    for path in SITE_NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, path.name


def test_cache_key_follows_the_notebook_the_modules_and_the_data_it_names(tmp_path):
    a = _write(tmp_path / "nb" / "a.ipynb", "from recomputed.science import allocation\nprint(1)")
    b = _write(tmp_path / "nb" / "b.ipynb", "from recomputed.science import allocation\nprint(2)")
    assert notebooks.cache_key(a) != notebooks.cache_key(b)
    assert notebooks.cache_key(a) == notebooks.cache_key(a)
    modules, data = notebooks.uses(a)
    assert "recomputed.science.allocation" in modules
    assert "recomputed.science.fitting" not in modules
    assert data == []
    c = _write(tmp_path / "nb" / "c.ipynb", "from recomputed.engine import datafiles\n"
               "d = datafiles.load('kaplan_2020_constants')")
    assert notebooks.uses(c)[1] == ["kaplan_2020_constants"]


@pytest.mark.parametrize("path", SITE_NOTEBOOKS, ids=lambda p: p.name)
def test_the_site_notebooks_name_only_the_data_they_read(path):
    modules, data = notebooks.uses(path)
    assert "recomputed.science.allocation" in modules
    assert data and len(data) < 4  # not every data set: a data edit reruns only its readers


def test_a_notebook_reading_data_it_does_not_name_fails(tmp_path):
    nb = _write(tmp_path / "nb" / "sly.ipynb", "from recomputed.engine import datafiles\n"
                "name = 'kaplan_2020' + '_constants'\nd = datafiles.load(name)")
    with pytest.raises(notebooks.NotebookError, match=r"sly\.ipynb: loads data set "
                       r"'kaplan_2020_constants' without naming it"):
        notebooks.execute(nb, cache_dir=tmp_path / "cache")


def test_a_damaged_executed_notebook_is_run_again(tmp_path, caplog):
    nb = _write(tmp_path / "nb" / "ok.ipynb", "print(6 * 7)")
    cache = tmp_path / "cache"
    out, _ = notebooks.execute(nb, cache_dir=cache)
    entry = next((cache / "entries").rglob(notebooks.FILE))
    entry.write_bytes(entry.read_bytes()[:100])  # truncated
    out.write_bytes(b"{}")
    again, cached = notebooks.execute(nb, cache_dir=cache)
    assert not cached and "42" in again.read_text()
    assert "corrupt" in caplog.text


def test_executes_once_then_comes_from_the_cache(tmp_path):
    nb = _write(tmp_path / "nb" / "ok.ipynb", "x = 6 * 7\nprint(x)")
    cache = tmp_path / "cache"
    out, cached = notebooks.execute(nb, cache_dir=cache)
    assert not cached
    assert "42" in nbformat.read(out, as_version=4).cells[1].outputs[0]["text"]
    assert out.parts[-2:] == ("nb", "ok.ipynb") and cache in out.parents
    again, cached = notebooks.execute(nb, cache_dir=cache)
    assert cached and again == out
    # the source notebook is untouched: outputs go only to the cache
    assert nbformat.read(nb, as_version=4).cells[1].outputs == []
    # an edit executes again, and the earlier run is evicted
    _write(nb, "x = 6 * 7 + 1\nprint(x)")
    newer, cached = notebooks.execute(nb, cache_dir=cache)
    assert not cached and newer != out and not out.exists() and newer.exists()


def test_a_failing_cell_names_notebook_and_cell(tmp_path):
    nb = _write(tmp_path / "nb" / "bad.ipynb", "a = 1", "1 / 0  # boom")
    with pytest.raises(notebooks.NotebookError,
                       match=r"bad\.ipynb: code cell 2 \('1 / 0  # boom'\) failed: "
                             r"ZeroDivisionError"):
        notebooks.execute(nb, cache_dir=tmp_path / "cache")
    assert not any((tmp_path / "cache").rglob("*.ipynb"))  # a failed run is not cached
