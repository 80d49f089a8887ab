"""Mentions of newsletter issues become links; code, links and headings are left alone."""

from newsletter import issues
from recomputed.engine import datafiles

KNOWN = {87: "Scaling Laws for Neural Language Models (Kaplan et al.)"}


def test_own_issue_links_to_its_page_and_earlier_issue_to_the_archive():
    out = issues.link_mentions("As in AN #87 and AN #125.", "topics/x.md", KNOWN)
    assert '[AN #87](https://rohinshah.com/alignment-newsletter/ "Alignment Newsletter #87: ' \
           'Scaling Laws for Neural Language Models (Kaplan et al.)")' in out
    assert '[AN #125](../issues/an-125.md "' in out


def test_existing_links_code_and_headings_are_untouched():
    text = "## AN #87\n\nSee [AN #87](x.md) and `AN #87`.\n\n```\nAN #87\n```"
    assert issues.link_mentions(text, "p.md", KNOWN) == text


def test_a_page_does_not_link_to_itself():
    assert issues.link_mentions("This is AN #125.", "issues/an-125.md", KNOWN) == \
        "This is AN #125."


def test_every_cross_reference_in_the_data_is_known():
    known = issues.known_issues(datafiles.load(issues.DATASET))
    assert 87 in known and 58 in known
    assert all(isinstance(k, int) and v for k, v in known.items())


def test_ledger_orders_issues_by_number_including_those_named_by_their_highlight():
    names = ["Transfer issue", "Some paper", "AN #140", "GPT-3 issue", "AN #125", "AN #139"]
    assert sorted(names, key=issues.issue_order) == [
        "GPT-3 issue", "AN #125", "Transfer issue", "AN #139", "AN #140", "Some paper"]


def test_the_two_confirmed_numbers_link_to_their_pages():
    out = issues.link_mentions("See AN #102 and AN #137.", "topics/x.md", KNOWN)
    assert '[AN #102](../issues/gpt-3-issue.md "Alignment Newsletter #102' in out
    assert '[AN #137](../issues/transfer-issue.md "Alignment Newsletter #137' in out


def test_a_claim_filed_under_an_unknown_issue_is_refused():
    known = {87: "Kaplan et al.", 99: "AI and Efficiency"}
    for good in ("AN #125", "AN #87", "AN #99", "GPT-3 issue", "Hoffmann et al. 2022 (a paper)"):
        assert issues.is_known(good, known), good
    for bad in ("AN #999", "AN#125", "AN 125", "AN #12 5"):
        assert not issues.is_known(bad, known), bad


def test_the_hook_names_the_claim_and_its_line(monkeypatch):
    import pytest
    from mkdocs.exceptions import PluginError

    import recomputed_hooks
    from recomputed.engine.claims import ClaimSpec
    from recomputed.engine.registry import Artifact

    spec = ClaimSpec(issue="AN #999", summary="s", stated="about 5", target="5", exact="a count")
    art = Artifact(name="x.claim_y", kind="claim", func=len, inputs=(), params={}, title="t",
                   claim=spec, declared_at="src/x.py:12")

    class Out:
        name, artifact = "x.claim_y", art

    class FakeAdapter:
        outputs = {"x.claim_y": Out()}

        def dataset(self, name):
            return [{"number": 87, "covers": "Kaplan et al."}]

    monkeypatch.setattr(recomputed_hooks, "_adapter", lambda config: FakeAdapter())
    with pytest.raises(PluginError, match=r"recomputed: src/x\.py:12: claim 'x\.claim_y' is "
                                          r"filed under 'AN #999', which is no issue"):
        recomputed_hooks.on_files([], None)
