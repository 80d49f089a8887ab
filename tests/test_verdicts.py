"""Verdicts that know about precision: a stated number read with the digits it was
written with, a computed number with its interval, and four verdicts."""

from __future__ import annotations

import json
import math
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recomputed.engine import registry, results
from recomputed.engine.claims import VERDICTS, ClaimError, ClaimSpec
from recomputed.engine.estimates import (
    Estimate,
    EstimateError,
    over_ranges,
    span,
    stated_range,
)


def claim(**kw):
    base = dict(issue="AN #1", summary="s", stated="about 0.7", target="0.7")
    base.update(kw)
    return ClaimSpec(**base)


@pytest.mark.parametrize("written, expected", [
    ("0.7", (0.7, 0.65, 0.75)), ("44", (44, 43.5, 44.5)), ("1.5e9", (1.5e9, 1.45e9, 1.55e9)),
    ("10e12", (10e12, 9.5e12, 10.5e12)), ("50", (50, 49.5, 50.5)),
    ("3,640", (3640, 3639.5, 3640.5)),
])
def test_a_stated_number_stands_for_everything_that_rounds_to_it(written, expected):
    assert stated_range(written) == pytest.approx(expected)


@given(st.decimals(min_value=-1e6, max_value=1e6, places=3, allow_nan=False,
                   allow_infinity=False))
def test_the_stated_number_rounds_back_from_both_ends_of_its_range(d):
    written = str(d)
    x, lo, hi = stated_range(written)
    digits = -d.as_tuple().exponent
    for inside in (lo + (hi - lo) * 0.01, hi - (hi - lo) * 0.01):
        assert round(inside, digits) == pytest.approx(x, abs=1e-9)


def test_an_estimate_is_its_number_and_arithmetic_forgets_the_interval():
    e = Estimate(2.0, 1.5, 3.0, "a test interval")
    assert e == 2.0 and e * 2 == 4.0 and type(e * 2) is float
    assert pickle.loads(pickle.dumps(e)).low == 1.5
    assert span([3.0, 1.0, 2.0], "corners").low == 1.0 and span([3.0, 1.0], "c") == 3.0
    with pytest.raises(EstimateError, match="does not contain"):
        Estimate(4.0, 1.5, 3.0, "x")
    with pytest.raises(EstimateError, match="say what"):
        Estimate(2.0, 1.5, 3.0, "")


@pytest.mark.parametrize("computed, verdict", [
    (Estimate(0.70, 0.68, 0.72, "fit"), "holds"),
    (Estimate(0.80, 0.78, 0.82, "fit"), "fails"),
    (Estimate(0.74, 0.72, 0.76, "fit"), "inconclusive"),
    (Estimate(0.70, 0.60, 0.80, "fit"), "inconclusive"),  # wider than the statement
])
def test_approx_verdicts_compare_the_two_ranges(computed, verdict):
    assert claim().verdict(computed)[0] == verdict


def test_inconclusive_says_how_much_of_the_computed_range_agrees():
    v, detail = claim(compare=">", target="80").verdict(Estimate(80.4, 78.6, 82.1, "CP"))
    assert v == "inconclusive"
    assert "60% of it lies inside" in detail  # (82.1 - 80) / (82.1 - 78.6)
    # A margin whose range ends exactly at zero: inconclusive, and not "100% inside".
    v, detail = claim(compare=">", target="0").verdict(Estimate(0.1, 0.0, 0.2, "rounding"))
    assert v == "inconclusive" and "all of it but its edge lies inside" in detail


@pytest.mark.parametrize("compare, computed, verdict", [
    (">", 80.5, "holds"), (">", 80.0, "fails"), (">=", 80.0, "holds"), ("<", 79.0, "holds"),
    ("<=", 81.0, "fails"),
])
def test_inequalities_on_exact_numbers(compare, computed, verdict):
    assert claim(compare=compare, target="80", exact="a count").verdict(computed)[0] == verdict


def test_a_stated_range_reads_both_ends_with_their_rounding():
    c = claim(compare="range", target="10", upper="18", exact="x")
    assert c.stated_bounds() == (9.5, 18.5)
    assert c.verdict(18.4)[0] == "holds" and c.verdict(18.6)[0] == "fails"


def test_an_explicit_reading_replaces_the_rounding_and_is_shown():
    c = claim(target="10", within=(5, 20), reading="order of magnitude", exact="x")
    assert c.verdict(19.0)[0] == "holds"
    assert "order of magnitude" in c.stated_text()


def test_a_value_without_an_interval_must_say_why_it_is_exact():
    with pytest.raises(ClaimError, match="return an Estimate"):
        claim().verdict(0.7)
    assert claim(exact="counted").verdict(0.7)[0] == "holds"


@pytest.mark.parametrize("kw", [
    dict(target=0.7, compare="=="), dict(compare="range"), dict(upper="2"),
    dict(within=(0, 1)), dict(within=(0.8, 1), reading="r"), dict(target="seven"),
    dict(expect="hold"), dict(expect="unchecked"),
])
def test_claims_declared_wrongly_are_rejected(kw):
    with pytest.raises(ClaimError):
        claim(**kw)
    with pytest.raises(registry.RegistryError, match="claim 'x.claim_y'"):
        registry.claim("x.claim_y", of="x.value", **dict(
            dict(issue="AN #1", summary="s", stated="about 10", target="10"), **kw))


def test_an_estimate_survives_the_cache():
    art = registry.Artifact("x.v", "value", lambda: None, (), {}, "t", fmt="fixed:2")
    e = Estimate(0.7, 0.6, 0.8, "why")
    files = results.to_files(art, e)
    back = results.from_files(art, "k", files, True, 0.0).result
    assert isinstance(back, Estimate) and (back.low, back.high, back.why) == (0.6, 0.8, "why")
    assert json.loads(files["result.json"])["result"] == 0.7
    assert math.isclose(back, 0.7)


def test_over_ranges_finds_the_extremes_of_a_monotone_function():
    e = over_ranges(lambda a, b: a / b, {"a": 6.0, "b": 2.0},
                    {"a": (5.5, 6.5), "b": (1.5, 2.5)}, "rounding")
    assert float(e) == 3.0 and (e.low, e.high) == pytest.approx((5.5 / 2.5, 6.5 / 1.5))


def test_a_cell_knows_the_range_its_digits_stand_for(tmp_path):
    from recomputed.engine import datafiles

    (tmp_path / "t.csv").write_text("x,source,where\n0.076,p,Table 1\n6.9e13,p,Table 1\n")
    (tmp_path / "t.toml").write_text(
        'title = "T"\ndescription = "d"\nkey = ["x"]\n'
        '[sources.p]\nauthors = "A"\nyear = 2020\npaper = "P"\narxiv = "2001.08361"\n'
        '[[columns]]\nname = "x"\ntype = "float"\nunit = ""\ndescription = "x"\n')
    rows = datafiles.parse("t", tmp_path / "t.csv", tmp_path / "t.toml").rows
    assert rows[0].rounding("x") == pytest.approx((0.0755, 0.0765))
    assert rows[1].rounding("x") == pytest.approx((6.85e13, 6.95e13))


def test_a_number_with_a_hand_picked_tolerance_is_no_claim():
    """The old form (a float target and a tolerance that happened to pass) is gone: the
    target is the stated number as written, and its precision is the tolerance."""
    with pytest.raises(ClaimError, match="written as a string"):
        claim(target=0.7)
    with pytest.raises(TypeError):
        claim(rel_tol=0.05)


def test_the_site_checks_at_least_eighty_claims_stated_as_written():
    arts = registry.load_all()
    claims = [a for a in arts.values() if a.kind == "claim"]
    assert len(claims) >= 80
    assert {a.claim.expect for a in claims} <= set(VERDICTS)
    for a in claims:  # a checked claim states its target with the digits it was given
        assert a.claim.expect == "unchecked" or isinstance(a.claim.target, str), a.name
