"""The foundation artifacts (scaling, transfer, forecasting) build, check and are cited."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from recomputed.engine import build as engine
from recomputed.engine import registry
from recomputed.engine.cache import Cache

ROOT = Path(__file__).resolve().parent.parent
MODULES = ("recomputed.artifacts.scaling", "recomputed.artifacts.kaplan_crossing",
           "recomputed.artifacts.transfer", "recomputed.artifacts.forecasting")
PAGES = {"recomputed.artifacts.scaling": "docs/topics/scaling-laws.md",
         "recomputed.artifacts.kaplan_crossing": "docs/topics/scaling-laws.md",
         "recomputed.artifacts.transfer": "docs/topics/transfer.md",
         "recomputed.artifacts.forecasting": "docs/topics/forecasting.md"}


def ours():
    return {n: a for n, a in registry.load_all().items() if a.module in MODULES}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    # check_claims=True: a claim whose verdict differs from its `expect` raises here.
    return engine.build(list(ours()), cache=Cache(tmp_path_factory.mktemp("cache")))


def test_every_artifact_builds_and_claims_reach_their_published_verdicts(built):
    assert set(built) == set(ours())
    for name, out in built.items():
        art = out.artifact
        if art.kind == "claim":
            assert out.verdict[0] == art.claim.expect, name
        elif art.kind == "figure":
            assert out.svg and out.svg.startswith(b"<?xml"), name
            assert out.svg_dark and out.svg_dark.startswith(b"<?xml"), name
            assert out.data.rows, f"{name}: a figure must publish the data it draws"
            assert out.alt, name
        elif art.kind == "table":
            assert out.result.rows, name


def test_figures_are_deterministic(tmp_path):
    figures = [n for n, a in ours().items() if a.kind == "figure"][:2]
    a = engine.build(figures, cache=Cache(tmp_path / "a"))
    b = engine.build(figures, cache=Cache(tmp_path / "b"))
    for n in figures:
        assert a[n].svg == b[n].svg, n
        assert a[n].svg_dark == b[n].svg_dark != a[n].svg, n


def test_each_artifact_is_cited_on_its_topic_page():
    reg = ours()
    # A value that only exists for a claim to check needs no citation of its own.
    checked = {a.reads[0] for a in reg.values() if a.kind == "claim" and a.reads}
    for name, art in reg.items():
        if art.kind == "value" and name in checked:
            continue
        page = (ROOT / PAGES[art.module]).read_text()
        assert re.search(rf"<!--\s*rc:{re.escape(name)}\s*-->", page), (
            f"{name} is not cited on {PAGES[art.module]}")


def test_claims_name_a_known_issue():
    issues = {"AN #125", "AN #139", "AN #140", "Transfer issue", "GPT-3 issue"}
    for name, art in ours().items():
        if art.kind == "claim":
            assert art.claim.issue in issues, name
