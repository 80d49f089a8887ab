"""`recomputed build --explain` names what changed; library versions count only where used."""

from __future__ import annotations

import pytest

from recomputed.engine import build as engine
from recomputed.engine import datafiles, explain, keys, registry
from toyengine import ALL


def _explained(outputs) -> dict[str, str]:
    """{artifact: reasons} from the ``recomputed NAME: reasons`` lines the build prints."""
    found = {}
    for line in explain.lines(outputs.values()):
        name, reasons = line.removeprefix("recomputed ").split(": ", 1)
        found[name] = reasons
    return found


def test_explain_names_each_changed_input(toy_engine):
    toy_engine.build()
    assert _explained(toy_engine.outputs) == {name: "no previous entry" for name in ALL}

    (toy_engine.data / "toy.csv").write_text(  # total 5.1: the toy claim still holds
        "label,x,source,where\na,2.1,toy,Table 1\nb,3.0,toy,Table 1\n")
    toy_engine.edit("toyscience.py", "return 2 * x", "return x + x")
    toy_engine.edit("artifacts/toy.py", 'params={"factor": 10}', 'params={"factor": 20}')
    toy_engine.build()
    module = "module toyart.artifacts.toy changed"
    assert _explained(toy_engine.outputs) == {
        "toy.total": f"data file toy changed; {module}",
        "toy.doubled": "data file toy changed; module toyart.toyscience changed",
        "toy.scaled": f'params changed: {{"factor": 10}} -> {{"factor": 20}}; {module}',
        "toy.rows": f"data file toy changed; {module}",
        "toy.plot": f"data file toy changed; {module}",
        "toy.claim_total_is_five": f"input artifact toy.total changed; {module}",
    }
    toy_engine.build()
    assert _explained(toy_engine.outputs) == {}  # nothing recomputed, nothing to explain


@pytest.fixture(scope="module")
def real_parts():
    reg = registry.load_all()
    return reg, engine.key_parts(engine.plan(None, reg), datafiles.DATA_DIR)


def test_every_part_of_a_key_is_a_file_a_version_an_input_or_the_declaration(real_parts):
    _, parts = real_parts
    kinds = {p.split(" ")[0] for ps in parts.values() for p in ps}
    assert kinds == {"name", "kind", "params", "declaration", "python", "module", "library",
                     "data", "input"}


def test_matplotlib_counts_for_figures_and_their_modules_only(real_parts):
    reg, parts = real_parts
    users = {n for n, p in parts.items() if "library matplotlib" in p}
    figures = {n for n, a in reg.items() if a.kind == "figure"}
    assert figures <= users
    # Artifacts in modules that draw nothing do not depend on matplotlib.
    assert not any(reg[n].module == "recomputed.artifacts.units" for n in users)
    assert all("library numpy" in p for p in parts.values())  # data arrive as arrays


def test_a_claim_is_keyed_on_the_value_it_checks(real_parts):
    reg, parts = real_parts
    claims = [a for a in reg.values() if a.kind == "claim" and a.reads]
    assert claims
    for art in claims:
        value = art.reads[0]
        assert parts[art.name][f"input {value}"] == keys.key_of(parts[value])


def test_library_used_inside_a_function_is_found(tmp_path):
    pkg = tmp_path / "lazy"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "mod.py").write_text("def f():\n    import scipy.special\n    return 1\n")
    roots = {"recomputed": keys.ROOTS["recomputed"], "lazy": pkg}
    assert set(keys.libraries("lazy.mod", roots)) == {"scipy"}


def test_changes_describe_added_removed_and_versions():
    old = {"python": "3.11", "library numpy": "1.26.4", "data a": "1", "module recomputed.x": "m"}
    new = {"python": "3.12", "library numpy": "2.0.0", "data a": "1", "data b": "2"}
    assert explain.changes(old, new) == [
        "new dependency: data file b",
        "no longer depends on module recomputed.x",
        "library numpy 1.26.4 -> 2.0.0",
        "python 3.11 -> 3.12",
    ]
    assert explain.reasons(None, new) == ("no previous entry",)
    assert explain.reasons({"parts": new}, new, "no MANIFEST.json") == (
        "corrupt entry (no MANIFEST.json)",)
