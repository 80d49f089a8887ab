"""The engine: caching by content, exact invalidation, identical bytes, failures not cached."""

from __future__ import annotations

import json
import subprocess
import sys

ALL = {"toy.total", "toy.doubled", "toy.scaled", "toy.rows", "toy.plot",
       "toy.claim_total_is_five"}


def test_second_build_recomputes_nothing(toy):
    first = toy.build()
    assert set(first) == ALL and set(first.values()) == {"computed"}
    second = toy.build()
    assert set(second.values()) == {"cache"}


def test_rebuild_gives_identical_bytes(toy):
    toy.build()
    svg1 = (toy.root / "out/figures/toy.plot.svg").read_bytes()
    values1 = (toy.root / "out/values.json").read_bytes()
    # A cold rebuild into another folder with another cache must give the same bytes.
    proc = subprocess.run(
        [sys.executable, "-m", "recomputed.cli", "--cache", str(toy.root / "cache2"), "build",
         "--out", str(toy.root / "out2")],
        cwd=toy.root, env=toy.env(), capture_output=True, text=True, check=True,
    )
    assert "computed" in proc.stdout
    assert (toy.root / "out2/figures/toy.plot.svg").read_bytes() == svg1
    dark = "figures/toy.plot.dark.svg"
    assert (toy.root / "out2" / dark).read_bytes() == (toy.root / "out" / dark).read_bytes()
    assert (toy.root / "out2/values.json").read_bytes() == values1
    assert svg1.startswith(b"<?xml") and b"<svg" in svg1


def test_data_change_recomputes_exactly_its_readers(toy):
    toy.build()
    (toy.data / "toy.csv").write_text(
        "label,x,source,where\na,2.0,toy,Table 1\nb,3.5,toy,Table 1\n")
    origin = toy.build("--only", "toy.total", "toy.doubled", "toy.scaled", "toy.rows",
                       "toy.plot")
    readers = {"toy.total", "toy.doubled", "toy.rows", "toy.plot"}
    assert {n for n, o in origin.items() if o == "computed"} == readers


def test_science_module_change_recomputes_exactly_its_users(toy):
    toy.build()
    toy.edit("science/toyscience.py", "return 2 * x", "return x + x  # same result, new code")
    origin = toy.build()
    assert {n for n, o in origin.items() if o == "computed"} == {"toy.doubled"}


def test_an_edit_to_an_artifact_module_recomputes_its_artifacts_not_others(toy):
    toy.build()
    toy.edit("artifacts/toy.py", "return BASE * factor", "return BASE * factor / 1")
    origin = toy.build()
    # Keys are per file: every artifact of the module is recomputed, and the claim with
    # its value; the artifact in another module is not.
    assert {n for n, o in origin.items() if o == "computed"} == ALL - {"toy.doubled"}


def test_module_constant_change_reaches_the_published_value(toy):
    toy.build()
    toy.edit("artifacts/toy.py", "BASE = 1.5", "BASE = 2.5")
    toy.build()
    values = json.loads((toy.root / "out/values.json").read_text())
    assert values["toy.scaled"]["value"] == 2.5 * 10


def test_parameter_change_recomputes_that_artifact(toy):
    toy.build()
    toy.edit("artifacts/toy.py", 'params={"factor": 10}', 'params={"factor": 20}')
    toy.build()
    values = json.loads((toy.root / "out/values.json").read_text())
    assert values["toy.scaled"]["value"] == 1.5 * 20


def test_failed_computation_is_reported_and_not_cached(toy):
    toy.build()
    toy.edit("artifacts/toy.py", "return BASE * factor", "return BASE * factor / 0")
    proc = toy.run("build", "--out", str(toy.root / "out"), check=False)
    assert proc.returncode == 1
    assert "artifact 'toy.scaled' failed: ZeroDivisionError" in proc.stderr
    assert "toy.py:" in proc.stderr
    entries_after_failure = sorted(p.name for p in (toy.root / "cache").rglob("*") if p.is_dir())
    # Fix it: the fixed artifact is computed (nothing stale was stored), the others are cached.
    toy.edit("artifacts/toy.py", "return BASE * factor / 0", "return BASE * factor * 1")
    toy.build()
    assert not any(name.startswith(".tmp") for name in entries_after_failure)


def test_fully_cached_build_does_not_import_matplotlib(toy):
    toy.build()
    code = ("import sys; from recomputed.engine import build as engine; outs = engine.build(); "
            "assert all(o.cached for o in outs.values()), 'not all cached'; "
            "print('matplotlib' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", code], cwd=toy.root, env=toy.env(),
                          capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "False"


def test_broken_claim_input_fails_the_build_with_both_values(toy):
    toy.build()
    (toy.data / "toy.csv").write_text(
        "label,x,source,where\na,2.0,toy,Table 1\nb,9.0,toy,Table 1\n")
    proc = toy.run("build", "--out", str(toy.root / "out"), check=False)
    assert proc.returncode == 1
    err = proc.stderr
    assert "claim 'toy.claim_total_is_five'" in err
    assert "expected it to hold, but it fails" in err
    assert "target 5.0" in err and "computed 11" in err and "tolerance ±5%" in err


def test_list_json_names_every_artifact_with_values(toy):
    rows = json.loads(toy.run("list", "--json").stdout)
    by_name = {r["name"]: r for r in rows}
    assert set(by_name) == ALL
    assert by_name["toy.total"]["value"] == 5.0
    assert by_name["toy.total"]["inputs"] == ["toy"]
    assert by_name["toy.plot"]["kind"] == "figure"
    assert by_name["toy.claim_total_is_five"]["claim"]["verdict"] == "holds"


def test_unknown_artifact_name_is_a_clear_error(toy):
    proc = toy.run("build", "--only", "toy.totl", check=False)
    assert proc.returncode == 1
    assert "unknown artifact 'toy.totl'" in proc.stderr and "toy.total" in proc.stderr


def test_parallel_build_matches_serial(toy):
    toy.build()
    serial = (toy.root / "out/values.json").read_text()
    svg = (toy.root / "out/figures/toy.plot.svg").read_bytes()
    proc = subprocess.run(
        [sys.executable, "-m", "recomputed.cli", "--cache", str(toy.root / "cache3"), "build",
         "--jobs", "2", "--out", str(toy.root / "out3")],
        cwd=toy.root, env=toy.env(), capture_output=True, text=True, check=True,
    )
    assert proc.stdout.count("computed") >= len(ALL)
    assert (toy.root / "out3/values.json").read_text() == serial
    assert (toy.root / "out3/figures/toy.plot.svg").read_bytes() == svg
