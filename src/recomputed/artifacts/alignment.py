"""Alignment summaries (GPT-3 issue, AN #125, AN #139, AN #140, Transfer issue).

These summaries are almost all argument rather than measurement, so the only number
checked here is an arithmetic one: Rohin Shah's summary of Hubinger's "An overview of
11 proposals for building safe advanced AI" (arXiv:2012.07532) sorts the proposals
into families and says the post discusses all 44 proposal-by-axis combinations.
"""

from __future__ import annotations

from types import MappingProxyType

from recomputed.registry import claim

# The families into which Rohin Shah's summary (GPT-3 issue, "An overview of 11
# proposals") sorts Hubinger's proposals, with the count the summary gives for each.
# These are stated numbers, typed as published; nothing here is derived.
HUBINGER_FAMILIES = MappingProxyType({
    "recursive outer alignment + robustness technique": 7,   # "Seven of the eleven"
    "non-recursive outer alignment + robustness technique": 2,  # "An additional two"
    "Microscope AI": 1,
    "STEM AI": 1,
})

# The four axes every proposal is evaluated on (outer alignment, inner alignment,
# training competitiveness, performance competitiveness), as listed in the summary.
HUBINGER_AXES = (
    "outer alignment",
    "inner alignment",
    "training competitiveness",
    "performance competitiveness",
)


def proposal_axis_pairs(families, axes) -> int:
    """Number of (proposal, axis) pairs: (sum of family sizes) × (number of axes).

    A count, so the result is an exact integer; no units.
    """
    return sum(families.values()) * len(axes)


@claim("alignment.claim_hubinger_combinations", fmt="int",
       issue="GPT-3 issue", summary="An overview of 11 proposals for building safe advanced AI",
       stated="the full post discusses all 44 combinations of proposal and axis",
       target=44, compare="approx", abs_tol=0.5,
       page="topics/alignment-problems.md",
       how=("Add up the proposal families of the summary (seven recursive, two "
            "non-recursive, Microscope AI, STEM AI) and multiply by its four "
            "evaluation axes. A consistency check of the summary's own breakdown, "
            "not of the post's analysis."))
def claim_hubinger_combinations():
    return proposal_axis_pairs(HUBINGER_FAMILIES, HUBINGER_AXES)
