"""The engine: caching by content, invalidation by file, artifacts that read artifacts,
identical bytes, failures not cached. In this process, on the toy project
(:mod:`toyengine`); one test drives the command line."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from recomputed.engine import build, registry
from recomputed.engine.cache import Cache
from toyengine import ALL, MODULES


def test_second_build_recomputes_nothing(toy_engine):
    first = toy_engine.build()
    assert set(first) == ALL and set(first.values()) == {"computed"}
    assert set(toy_engine.build().values()) == {"cache"}


def test_data_change_recomputes_exactly_its_readers(toy_engine):
    toy_engine.build()
    (toy_engine.data / "toy.csv").write_text(
        "label,x,source,where\na,2.0,toy,Table 1\nb,3.5,toy,Table 1\n")
    # The claim reads toy.total, which reads the data: it is a reader too (and now fails,
    # so build without the guard).
    assert toy_engine.computed(check_claims=False) == ALL - {"toy.scaled"}


def test_science_module_change_recomputes_exactly_its_users(toy_engine):
    toy_engine.build()
    toy_engine.edit("toyscience.py", "return 2 * x", "return x + x  # same result, new code")
    assert toy_engine.computed() == {"toy.doubled"}


def test_an_edit_to_an_artifact_module_recomputes_its_artifacts_not_others(toy_engine):
    toy_engine.build()
    toy_engine.edit("artifacts/toy.py", "return BASE * factor", "return BASE * factor / 1")
    # Keys are per file: every artifact of the module is recomputed, and the claim with
    # its value; the artifact in another module is not.
    assert toy_engine.computed() == ALL - {"toy.doubled"}


@pytest.mark.parametrize("old, new, expected", [
    ("BASE = 1.5", "BASE = 2.5", 25.0),  # a module-level constant
    ('params={"factor": 10}', 'params={"factor": 20}', 30.0),  # a parameter
])
def test_an_edit_reaches_the_published_value(toy_engine, old, new, expected):
    toy_engine.build()
    toy_engine.edit("artifacts/toy.py", old, new)
    toy_engine.build()
    assert toy_engine.outputs["toy.scaled"].result == expected


def test_a_claim_reads_its_value_and_is_keyed_on_it(toy_engine):
    toy_engine.build()
    claim, total = toy_engine.outputs["toy.claim_total_is_five"], toy_engine.outputs["toy.total"]
    assert claim.result == total.result == 5.0 and claim.artifact.fmt == total.artifact.fmt
    (toy_engine.data / "toy.csv").write_text(
        "label,x,source,where\na,2.0,toy,Table 1\nb,9.0,toy,Table 1\n")
    with pytest.raises(build.BuildError) as err:
        toy_engine.build()
    msg = str(err.value)
    assert "claim 'toy.claim_total_is_five'" in msg and "expected 'holds', but it is 'fails'" in msg
    assert "computed 11" in msg and "stated range 4.50 to 5.50" in msg


def test_failed_computation_is_reported_stored_results_kept_and_nothing_stale(toy_engine):
    toy_engine.build()
    toy_engine.edit("artifacts/toy.py", "return BASE * factor", "return BASE * factor / 0")
    with pytest.raises(build.BuildError, match=r"artifact 'toy.scaled' failed: "
                                               r"ZeroDivisionError.*toy\.py:\d+"):
        toy_engine.build()
    assert not list(toy_engine.cache.rglob(".tmp*"))
    # Fixed, it is computed again (nothing of the failure was stored).
    toy_engine.edit("artifacts/toy.py", "return BASE * factor / 0", "return BASE * factor * 1")
    assert "toy.scaled" in toy_engine.computed()


def test_results_are_stored_as_they_are_computed(toy_engine):
    """One artifact failing in a cold build loses none of the others' results."""
    toy_engine.edit("artifacts/toy.py", "return BASE * factor", "return BASE * factor / 0")
    with pytest.raises(build.BuildError):
        toy_engine.build(jobs=2)
    toy_engine.edit("artifacts/toy.py", "return BASE * factor / 0", "return BASE * factor")
    # Editing the module recomputes its artifacts; the one in the other module was kept.
    assert "toy.doubled" not in toy_engine.computed()


def test_parallel_build_gives_the_same_bytes_as_serial(toy_engine):
    toy_engine.build()
    serial = {n: (o.result, o.svg, o.svg_dark, o.data) for n, o in toy_engine.outputs.items()}
    assert toy_engine.computed(cache=toy_engine.root / "cache2", jobs=2) == ALL
    parallel = {n: (o.result, o.svg, o.svg_dark, o.data) for n, o in toy_engine.outputs.items()}
    assert parallel == serial
    svg = serial["toy.plot"][1]
    assert svg.startswith(b"<?xml") and b"<svg" in svg


def test_artifacts_are_ordered_after_what_they_read(toy_engine):
    registry.forget(["toyart"])
    reg = registry.load_all(MODULES)
    order = [a.name for a in build.plan(None, reg)]
    assert order.index("toy.total") < order.index("toy.claim_total_is_five")
    # Asking for the claim alone builds its value too, and returns just the claim.
    assert set(toy_engine.build("toy.claim_total_is_five")) == {"toy.claim_total_is_five"}


def test_a_cycle_is_an_error_naming_its_members(toy_engine):
    (toy_engine.pkg / "artifacts" / "loop.py").write_text(
        "from recomputed.engine.registry import value\n\n\n"
        "@value('loop.a', inputs=['loop.b'], fmt='sig:2')\ndef a(b):\n    return b\n\n\n"
        "@value('loop.b', inputs=['loop.a'], fmt='sig:2')\ndef b(a):\n    return a\n")
    with pytest.raises(build.BuildError, match=r"cycle: loop\.a -> loop\.b -> loop\.a"):
        toy_engine.build()


def test_reading_an_unknown_artifact_names_the_declaration(toy_engine):
    (toy_engine.pkg / "artifacts" / "typo.py").write_text(
        "from recomputed.engine.registry import value\n\n\n"
        "@value('typo.x', inputs=['toy.totl'], fmt='sig:2')\ndef x(totl):\n    return totl\n")
    with pytest.raises(registry.RegistryError,
                       match=r"typo\.py:4: artifact 'typo.x' reads 'toy.totl', which is not "
                             r"registered; did you mean toy.total"):
        toy_engine.build()


def test_fully_cached_build_does_not_import_matplotlib(toy_engine):
    toy_engine.build()
    code = ("import sys; from recomputed.engine import build; "
            "from pathlib import Path; "
            f"outs = build.build(modules={MODULES!r}, data_dir=Path('data')); "
            "assert all(o.cached for o in outs.values()), 'not all cached'; "
            "print('matplotlib' in sys.modules)")
    env = {"PYTHONPATH": str(toy_engine.root), "RECOMPUTED_CACHE": str(toy_engine.cache),
           "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([sys.executable, "-c", code], cwd=toy_engine.root, env=env,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "False"


def test_the_command_line_builds_lists_and_explains(toy_engine):
    def cli(*args):
        return subprocess.run(
            [sys.executable, "-m", "recomputed.cli", "--cache", str(toy_engine.cache),
             "--modules", ",".join(MODULES), "--data", "data", *args],
            cwd=toy_engine.root, capture_output=True, text=True, timeout=300)

    built = cli("build", "--out", "out")
    assert built.returncode == 0, built.stderr
    values = json.loads((toy_engine.root / "out" / "values.json").read_text())
    assert values["toy.total"]["value"] == 5.0
    assert (toy_engine.root / "out/figures/toy.plot.svg").read_bytes().startswith(b"<?xml")
    rows = {r["name"]: r for r in json.loads(cli("list", "--json").stdout)}
    assert set(rows) == ALL
    assert rows["toy.claim_total_is_five"]["claim"]["verdict"] == "holds"
    assert rows["toy.claim_total_is_five"]["inputs"] == ["toy.total"]
    bad = cli("build", "--only", "toy.totl")
    assert bad.returncode == 1
    assert "unknown artifact 'toy.totl'" in bad.stderr and "toy.total" in bad.stderr


def test_two_caches_agree(toy_engine, tmp_path):
    a = toy_engine.build(cache=tmp_path / "a")
    b = toy_engine.build(cache=tmp_path / "b")
    assert a == b and Cache(tmp_path / "a").problems() == Cache(tmp_path / "b").problems() == {}


@pytest.mark.parametrize("jobs", [1, 2])
def test_every_failure_is_reported_in_build_order_and_the_rest_is_stored(toy_engine, jobs):
    toy_engine.edit("artifacts/toy.py", "return BASE * factor", "return BASE * factor / 0")
    toy_engine.edit("toyscience.py", "return 2 * x", "return x / 0")
    with pytest.raises(build.BuildError) as err:
        toy_engine.build(jobs=jobs)
    lines = str(err.value).splitlines()
    assert [line.split("'")[1] for line in lines] == ["toy.doubled", "toy.scaled"]
    # The four that do not fail were computed and stored all the same.
    entries = [e for shard in toy_engine.cache.glob("??") for e in shard.iterdir()
               if not e.name.startswith(".")]
    assert len(entries) == len(ALL) - 2


SPREAD = '''

from recomputed.engine.registry import Estimate


@value("toy.spread", inputs=["toy"], fmt="fixed:2")
def spread(toy):
    """The total with a made-up interval that straddles the statement's edge."""
    t = float(sum(toy.column("x")))
    return Estimate(t, t - 1, t + 1, "a toy interval")


claim("toy.claim_spread", of="toy.spread", issue="AN #1", summary="Toy summary",
      stated="above 5.5", target="5.5", compare=">", expect="inconclusive")
'''


def test_the_regression_guard_and_the_listing_know_all_four_verdicts(toy_engine):
    toy_engine.edit("artifacts/toy.py", "BASE = 1.5", SPREAD + "\n\nBASE = 1.5")
    toy_engine.build()
    verdict, detail = toy_engine.outputs["toy.claim_spread"].verdict
    assert verdict == "inconclusive" and "25% of it lies inside" in detail
    toy_engine.edit("artifacts/toy.py", 'expect="inconclusive"', 'expect="holds"')
    with pytest.raises(build.BuildError, match="expected 'holds', but it is 'inconclusive'"):
        toy_engine.build()


def test_size_limits_on_what_a_page_embeds(monkeypatch):
    """Tables, a figure's data and its SVG each have a limit, with advice in the message."""
    from recomputed.engine import plotting, results
    from recomputed.engine.registry import Artifact, Col, Plot, Table

    def art(kind):
        return Artifact(name=f"x.{kind}", kind=kind, func=len, inputs=(), params={}, title="t")

    rows = [(float(i),) for i in range(results.MAX_DATA_ROWS + 1)]
    with pytest.raises(results.TooLargeError, match="has 25,001 rows, more than the 25,000"):
        results.to_files(art("table"), Table([Col("x", fmt="sig:3")], rows))
    results.to_files(art("table"), Table([Col("x", fmt="sig:3")], rows[:-1]))  # at the limit

    def plot(n):
        fig, ax = plotting.new_figure(3, 2)
        ax.plot(range(n), range(n))
        return Plot(fig, Table([Col("x", fmt="sig:3")], [(float(i),) for i in range(n)]), "a")

    with pytest.raises(results.TooLargeError, match="the figure's data has 25,001 rows"):
        results.to_files(art("figure"), plot(results.MAX_DATA_ROWS + 1))
    monkeypatch.setattr(results, "MAX_SVG_BYTES", 1000)
    with pytest.raises(results.TooLargeError, match="the figure's SVG takes .* bytes, more "
                                                    "than the 1,000 .* rasterized=True"):
        results.to_files(art("figure"), plot(10))
