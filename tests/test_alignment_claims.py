"""The one checkable number in the alignment summaries: Hubinger's 44 combinations."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from recomputed.artifacts import alignment
from recomputed.engine import datafiles, registry

CLAIM = "alignment.claim_hubinger_combinations"


@given(st.lists(st.integers(0, 50), max_size=6), st.integers(0, 6))
def test_pair_count_is_product_of_proposals_and_axes(families, axes):
    # Count the pairs by listing them, independently of the closed form.
    pairs = [(f, i, ax) for f, n in enumerate(families) for i in range(n) for ax in range(axes)]
    assert alignment.proposal_axis_pairs(families, axes) == len(pairs)


def test_summary_breakdown_covers_the_eleven_proposals_of_the_title():
    # "11" is the published count in the post's title; the families must add up to it.
    ds = datafiles.load("hubinger_2020_proposals")
    assert sum(r["count"] for r in ds.where(kind="proposals")) == 11


def test_claim_reaches_the_published_verdict():
    reg = registry.load_all()
    art = reg[CLAIM]
    ds = datafiles.load("hubinger_2020_proposals")
    verdict, _ = art.claim.verdict(reg[art.reads[0]].func(ds))
    assert verdict == art.claim.expect == "holds"


def test_claim_would_fail_if_the_breakdown_missed_a_proposal():
    # The regression guard must bite: drop STEM AI and the stated 44 no longer follows.
    spec = registry.load_all()[CLAIM].claim
    ds = datafiles.load("hubinger_2020_proposals")
    short = [r["count"] for r in ds.where(kind="proposals") if r["group"] != "STEM AI"]
    verdict, _ = spec.verdict(alignment.proposal_axis_pairs(short, 4))
    assert verdict == "fails"
