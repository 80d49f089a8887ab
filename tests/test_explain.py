"""`recomputed build --explain` names what changed; library versions count only where used."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys

import pytest

from recomputed import datafiles, engine, explain, fingerprint, registry

ALL = ("toy.total", "toy.doubled", "toy.scaled", "toy.rows", "toy.plot", "toy.claim_total_is_five")
READERS = {"toy.total", "toy.doubled", "toy.rows", "toy.plot", "toy.claim_total_is_five"}


def _explained(stdout: str) -> dict[str, str]:
    """{artifact: reasons} from the ``recomputed NAME: reasons`` lines of --explain."""
    found = {}
    for line in stdout.splitlines():
        if line.startswith("recomputed ") and ": " in line:
            name, reasons = line.removeprefix("recomputed ").split(": ", 1)
            found[name] = reasons
    return found


def test_explain_names_each_changed_input(toy):
    first = _explained(toy.run("build", "--out", str(toy.root / "out"), "--explain").stdout)
    assert first == {name: "no previous entry" for name in ALL}

    (toy.data / "toy.csv").write_text(  # total 5.1: the toy claim still holds
        "label,x,source,where\na,2.1,toy,Table 1\nb,3.0,toy,Table 1\n")
    toy.edit("toyscience.py", "return 2 * x", "return x + x")
    toy.edit("artifacts/toy.py", 'params={"factor": 10}', 'params={"factor": 20}')
    toy.edit("artifacts/toy.py", "return BASE * factor", "return factor * BASE")
    toy.edit("artifacts/toy.py", "return text.upper()", "return text.upper()  # helper")
    second = _explained(toy.run("build", "--out", str(toy.root / "out"), "--explain").stdout)
    assert second == {
        "toy.total": "data file toy changed",
        "toy.doubled": "data file toy changed; module recomputed.toyscience changed",
        "toy.scaled": 'params changed: {"factor": 10} -> {"factor": 20}; '
                      "code of function recomputed.artifacts.toy.scaled changed",
        "toy.rows": "data file toy changed; "
                    "code of function recomputed.artifacts.toy._label changed",
        "toy.plot": "data file toy changed",
        "toy.claim_total_is_five": "data file toy changed",
    }
    third = toy.run("build", "--out", str(toy.root / "out"), "--explain").stdout
    assert _explained(third) == {}  # nothing recomputed, nothing to explain


def _build_with_versions(toy, versions: dict[str, str]) -> subprocess.CompletedProcess:
    """``recomputed build --explain`` in a process where libraries report other versions."""
    code = ("import sys; from recomputed import cli, fingerprint; real = fingerprint._version; "
            f"fake = {versions!r}; "
            "fingerprint._version = lambda dist: fake.get(dist) or real(dist); "
            "sys.exit(cli.main(sys.argv[1:]))")
    return subprocess.run([sys.executable, "-c", code, "build", "--out", str(toy.root / "out"),
                           "--explain"], cwd=toy.root, env=toy.env(), capture_output=True,
                          text=True, timeout=300, check=True)


def test_library_upgrade_recomputes_exactly_its_users(toy):
    toy.build()
    numpy = importlib.metadata.version("numpy")
    mpl = importlib.metadata.version("matplotlib")
    # Every data set arrives as NumPy arrays; toy.scaled reads no data and imports nothing.
    after_numpy = _explained(_build_with_versions(toy, {"numpy": "99.0"}).stdout)
    assert after_numpy == {name: f"library numpy {numpy} -> 99.0" for name in READERS}
    # Only the figure draws with matplotlib.
    both = {"numpy": "99.0", "matplotlib": "99.1"}
    after_mpl = _explained(_build_with_versions(toy, both).stdout)
    assert after_mpl == {"toy.plot": f"library matplotlib {mpl} -> 99.1"}


@pytest.fixture(scope="module")
def real_parts():
    reg = registry.load_all()
    return reg, engine.key_parts(reg.values(), datafiles.DATA_DIR)


def _changed_keys(monkeypatch, arts, lib: str) -> set[str]:
    before = engine.keys(arts, datafiles.DATA_DIR)
    real = fingerprint._version
    monkeypatch.setattr(fingerprint, "_version", lambda d: "0.0.0" if d == lib else real(d))
    after = engine.keys(arts, datafiles.DATA_DIR)
    monkeypatch.undo()
    return {n for n in before if before[n] != after[n]}


@pytest.mark.parametrize("lib", fingerprint.LIBRARIES)
def test_library_version_is_in_exactly_the_keys_that_use_it(monkeypatch, real_parts, lib):
    reg, parts = real_parts
    users = {n for n, p in parts.items() if f"library {lib}" in p}
    assert _changed_keys(monkeypatch, list(reg.values()), lib) == users
    assert users and users != set(reg)  # some artifacts use it, some do not
    if lib == "matplotlib":
        figures = {n for n, a in reg.items() if a.kind == "figure"}
        assert figures <= users
        assert not any(reg[n].kind in ("value", "claim") for n in users - figures)


def test_scipy_and_matplotlib_users_depend_on_numpy_too(real_parts):
    _, parts = real_parts
    for p in parts.values():
        if "library scipy" in p or "library matplotlib" in p:
            assert "library numpy" in p


def test_library_used_inside_a_function_is_found():
    def helper():
        import scipy.special

        return scipy.special.gamma(3)

    _, _, libs = fingerprint.function_deps(helper)
    assert libs == {"scipy"}


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
