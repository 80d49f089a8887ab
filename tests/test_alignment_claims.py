"""The one checkable number in the alignment summaries: Hubinger's 44 combinations."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from recomputed import registry
from recomputed.artifacts import alignment

CLAIM = "alignment.claim_hubinger_combinations"


@given(st.dictionaries(st.text(min_size=1), st.integers(0, 50), max_size=6),
       st.lists(st.text(), max_size=6))
def test_pair_count_is_product_of_proposals_and_axes(families, axes):
    # Closed form: every proposal meets every axis exactly once.
    expected = sum(families.values()) * len(axes)
    assert alignment.proposal_axis_pairs(families, axes) == expected


def test_pair_count_enumerates_the_pairs():
    # Count the pairs by listing them, independently of the closed form.
    families = {"a": 2, "b": 1}
    axes = ("x", "y", "z")
    pairs = [(f, i, ax) for f, n in families.items() for i in range(n) for ax in axes]
    assert alignment.proposal_axis_pairs(families, axes) == len(pairs)


def test_summary_breakdown_covers_the_eleven_proposals_of_the_title():
    # "11" is the published count in the post's title; the families must add up to it.
    assert sum(alignment.HUBINGER_FAMILIES.values()) == 11
    assert len(alignment.HUBINGER_AXES) == 4  # the four axes the summary lists


def test_claim_reaches_the_published_verdict():
    art = registry.load_all()[CLAIM]
    spec = art.claim
    verdict, _ = spec.verdict(art.func())
    assert verdict == spec.expect == "holds"
    assert spec.issue == "GPT-3 issue"


def test_claim_would_fail_if_the_breakdown_missed_a_proposal():
    # The regression guard must bite: drop STEM AI and the stated 44 no longer follows.
    spec = registry.load_all()[CLAIM].claim
    short = {k: v for k, v in alignment.HUBINGER_FAMILIES.items() if k != "STEM AI"}
    verdict, _ = spec.verdict(alignment.proposal_axis_pairs(short, alignment.HUBINGER_AXES))
    assert verdict == "fails"
