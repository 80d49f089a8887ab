"""Alignment summaries (GPT-3 issue, AN #125, AN #139, AN #140, Transfer issue).

These summaries are almost all argument rather than measurement, so the only number
checked here is an arithmetic one: Rohin Shah's summary of Hubinger's "An overview of
11 proposals for building safe advanced AI" (arXiv:2012.07532) sorts the proposals
into families and says the post discusses all 44 proposal-by-axis combinations.
"""

from __future__ import annotations

from recomputed.engine.registry import claim, value


def proposal_axis_pairs(families: list[int], axes: int) -> int:
    """Number of (proposal, axis) pairs: (sum of family sizes) × (number of axes).

    A count, so the result is an exact integer; no units.
    """
    return sum(families) * axes


@value("alignment.hubinger_combinations", inputs=["hubinger_2020_proposals"], fmt="int")
def hubinger_combinations(hubinger_2020_proposals):
    """Proposal-by-axis combinations in Hubinger's overview: proposals × evaluation axes."""
    families = [r["count"] for r in hubinger_2020_proposals.where(kind="proposals")]
    axes = hubinger_2020_proposals.one(kind="axes")["count"]
    return proposal_axis_pairs(families, axes)


claim("alignment.claim_hubinger_combinations", of="alignment.hubinger_combinations",
      issue="AN #102", summary="An overview of 11 proposals for building safe advanced AI",
      stated="the full post discusses all 44 combinations of proposal and axis",
      target="44",
      exact="a count: proposals in the summary's families times its evaluation axes",
      how=("Add up the proposal families of the summary (seven recursive, two "
           "non-recursive, Microscope AI, STEM AI) and multiply by its four "
           "evaluation axes. A consistency check of the summary's own breakdown, "
           "not of the post's analysis."))
