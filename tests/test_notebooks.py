"""Notebook execution: cached by content, failures name the notebook and cell, and the
committed notebooks carry no outputs."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from recomputed import notebooks

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


def test_cache_key_follows_the_notebook_and_the_modules_it_imports(tmp_path):
    a = _write(tmp_path / "nb" / "a.ipynb", "from recomputed import allocation\nprint(1)")
    b = _write(tmp_path / "nb" / "b.ipynb", "from recomputed import allocation\nprint(2)")
    assert notebooks.cache_key(a) != notebooks.cache_key(b)
    assert notebooks.cache_key(a) == notebooks.cache_key(a)
    nb = nbformat.read(a, as_version=4)
    found = notebooks._imported_modules(nb)
    assert "recomputed.allocation" in found and "recomputed.fitting" not in found


@pytest.mark.parametrize("path", SITE_NOTEBOOKS, ids=lambda p: p.name)
def test_the_key_reads_imports_from_plain_json_as_nbformat_would(path):
    # cache_key parses the file as JSON (cells' sources are lists of lines there) to skip
    # nbformat's validation; it must find the same modules.
    raw = json.loads(path.read_text(encoding="utf-8"))
    found = notebooks._imported_modules(raw)
    assert found and found == notebooks._imported_modules(nbformat.read(path, as_version=4))


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
