"""The foundation artifacts (scaling, transfer, forecasting) build, check and are cited."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from recomputed.engine import build as engine
from recomputed.engine import registry
from recomputed.engine.cache import Cache

ROOT = Path(__file__).resolve().parent.parent
MODULES = ("recomputed.artifacts.scaling", "recomputed.artifacts.scaling_loss",
           "recomputed.artifacts.kaplan_crossing",
           "recomputed.artifacts.kaplan_box",
           "recomputed.artifacts.transfer", "recomputed.artifacts.forecasting",
           "recomputed.artifacts.forecasting_dorner")
PAGES = {"recomputed.artifacts.scaling": "docs/topics/scaling-laws.md",
         "recomputed.artifacts.scaling_loss": "docs/topics/scaling-laws.md",
         "recomputed.artifacts.kaplan_crossing": "docs/topics/scaling-laws.md",
         "recomputed.artifacts.kaplan_box": "docs/topics/scaling-laws.md",
         "recomputed.artifacts.transfer": "docs/topics/transfer.md",
         "recomputed.artifacts.forecasting": "docs/topics/forecasting.md",
         "recomputed.artifacts.forecasting_dorner": "docs/topics/forecasting.md"}


def ours():
    return {n: a for n, a in registry.load_all().items() if a.module in MODULES}


@pytest.fixture(scope="module")
def built():
    # The project's own cache, as the site build uses it: warm after any build.
    return engine.build(list(ours()), cache=Cache(ROOT / ".cache" / "recomputed"), jobs=2)


def test_every_figure_publishes_its_data_and_every_table_has_rows(built):
    assert set(built) == set(ours())
    for name, out in built.items():
        art = out.artifact
        if art.kind == "figure":
            assert out.svg and out.svg.startswith(b"<?xml"), name
            assert out.svg_dark and out.svg_dark.startswith(b"<?xml"), name
            assert out.data.rows, f"{name}: a figure must publish the data it draws"
            assert out.alt, name
        elif art.kind == "table":
            assert out.result.rows, name


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
    issues = {"AN #87", "AN #99", "AN #102", "AN #125", "AN #137", "AN #139", "AN #140"}
    for name, art in ours().items():
        if art.kind == "claim":
            assert art.claim.issue in issues, name
