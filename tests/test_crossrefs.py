"""Mentions of newsletter issues become links; code, links and headings are left alone."""

from recomputed.site import crossrefs

KNOWN = {87: "Scaling Laws for Neural Language Models (Kaplan et al.)"}


def test_own_issue_links_to_its_page_and_earlier_issue_to_the_archive():
    out = crossrefs.link_mentions("As in AN #87 and AN #125.", "topics/x.md", KNOWN)
    assert '[AN #87](https://rohinshah.com/alignment-newsletter/ "Alignment Newsletter #87: ' \
           'Scaling Laws for Neural Language Models (Kaplan et al.)")' in out
    assert '[AN #125](../issues/an-125.md "' in out


def test_existing_links_code_and_headings_are_untouched():
    text = "## AN #87\n\nSee [AN #87](x.md) and `AN #87`.\n\n```\nAN #87\n```"
    assert crossrefs.link_mentions(text, "p.md", KNOWN) == text


def test_a_page_does_not_link_to_itself():
    assert crossrefs.link_mentions("This is AN #125.", "issues/an-125.md", KNOWN) == \
        "This is AN #125."


def test_every_cross_reference_in_the_data_is_known():
    known = crossrefs.known_issues()
    assert 87 in known and 58 in known
    assert all(isinstance(k, int) and v for k, v in known.items())
