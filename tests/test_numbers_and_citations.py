"""The number formatter, citation parsing and table rendering (verdicts: test_verdicts.py)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from recomputed.engine import numbers, registry
from recomputed.engine.registry import Col, Table
from recomputed.engine.tables import TableError
from recomputed.site import citations, render
from recomputed.site.citations import CitationError


@pytest.mark.parametrize(
    ("x", "spec", "text"),
    [
        (3141.59, "sig:3", "3140"), (31415.9, "sig:3", "31,400"),
        (3141.59, "fixed:2", "3141.59"),
        (3141.59, "sci:2", "3.1 × 10³"),
        (3.14e23, "sci:3", "3.14 × 10²³"),
        (0.00042, "auto:2", "4.2 × 10⁻⁴"),
        (0.693, "fixed:2", "0.69"),
        (0.4235, "pct:1", "42.4%"),
        (44.35, "times:2", "44×"),
        (-0.5, "fixed:1", "−0.5"),
        (-0.0001, "fixed:2", "0.00"),
        (1234, "int", "1234"),
        (123456.7, "int", "123,457"),
        (1.0, "sci:2", "1.0"),
        (np.float64(2.5), "fixed:1", "2.5"),
        (math.nan, "fixed:1", "n/a"),
    ],
)
def test_format_number(x, spec, text):
    assert numbers.format_number(x, spec) == text


@pytest.mark.parametrize("spec", ["bogus", "sig:x", "sig:0", "int:2"])
def test_bad_format_specs_are_rejected(spec):
    with pytest.raises(numbers.FormatError):
        numbers.parse_spec(spec)


@given(st.floats(min_value=1e-300, max_value=1e300), st.integers(1, 6))
def test_sci_round_trips_to_the_stated_precision(x, n):
    text = numbers.sci(x, n)
    mantissa, _, exp = text.partition(" × 10")
    sup = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
    value = float(mantissa.replace("−", "-")) * 10 ** int(exp.translate(sup) or 0)
    assert math.isclose(value, x, rel_tol=0.5 * 10 ** (1 - n) * 1.0001)


PAGE = """# Title

Value <!-- rc:a.b --> and <!--rc:c.d-->.

```markdown
<!-- rc:in.fence -->
```

Inline `<!-- rc:in.code -->` is shown, not cited.
"""


def test_find_citations_skips_code():
    found = citations.find(PAGE, "p.md")
    assert [(c.name, c.line) for c in found] == [("a.b", 3), ("c.d", 3)]


def test_replace_leaves_code_alone():
    out = citations.replace(PAGE, lambda name: f"[{name}]")
    assert "Value [a.b] and [c.d]." in out
    assert "<!-- rc:in.fence -->" in out and "`<!-- rc:in.code -->`" in out


def test_unknown_citation_names_page_and_line_and_suggests():
    found = citations.find("x\n\n<!-- rc:scaling.nopt_mean -->\n", "topics/s.md")
    with pytest.raises(CitationError) as err:
        citations.check(found, {"scaling.nopt_exponent_mean": 1}, "topics/s.md")
    assert str(err.value).startswith("topics/s.md:3: unknown artifact 'scaling.nopt_mean'")
    assert "did you mean scaling.nopt_exponent_mean" in str(err.value)


@pytest.mark.parametrize("bad", ["<!-- rc: a.b -->", "<!-- rc:a.b", "<!-- rc:-->"])
def test_malformed_citations_are_errors(bad):
    with pytest.raises(CitationError, match="p.md:2"):
        citations.find(f"line one\n{bad}\n", "p.md")


def test_markdown_table_formats_each_column():
    t = Table([Col("Name", align="left"), Col("C", fmt="sci:2", unit="FLOP")],
              [("GPT-3", np.float64(3.14e23)), ("none", None)])
    md = render.markdown_table(t)
    assert md.splitlines()[0] == "| Name | C (FLOP) |"
    assert "| GPT-3 | 3.1 × 10²³ |" in md and "| none | — |" in md
    assert render.table_csv(t).decode().splitlines()[1] == "GPT-3,3.14e+23"


def test_the_conclusion_leads_and_raw_detail_waits_in_a_disclosure():
    t = Table([Col("Task", align="left"), Col("Raw", fmt="int", detail=True),
               Col("Gain", fmt="int"), Col("Verdict", align="left", lead=True)],
              [("2D+", 12, 44, "steep"), ("3D+", 1, 8, "late")])
    html_md = render.page_table(t)
    main, _, rest = html_md.partition('<details class="rc-table-all"')
    assert main.splitlines()[0] == "| Task | Verdict | Gain |"
    assert "| 2D+ | steep | 44 |" in main and "12" not in main
    assert "<summary>All 4 columns (1 more)</summary>" in rest
    assert "| Task | Verdict | Raw | Gain |" in rest and "| 2D+ | steep | 12 | 44 |" in rest
    # The data, its CSV and anything that reads the table keep the column order.
    assert render.table_csv(t).decode().splitlines()[0] == "Task,Raw,Gain,Verdict"
    plain = Table([Col("Task", align="left"), Col("Gain", fmt="int")], [("2D+", 44)])
    assert render.page_table(plain) == render.markdown_table(plain)  # no disclosure


@pytest.mark.parametrize("cols, why", [
    ([Col("Task", lead=True), Col("x")], "names the rows"),
    ([Col("Task", detail=True), Col("x")], "names the rows"),
])
def test_the_first_column_names_the_rows_and_stays_first(cols, why):
    with pytest.raises(TableError, match=why):
        Table(cols, [])


def test_a_column_cannot_both_lead_and_be_detail():
    with pytest.raises(TableError, match="cannot both lead and be detail"):
        Col("x", lead=True, detail=True)


def test_table_rows_must_match_columns():
    with pytest.raises(TableError, match="row 0 has 1 cells for 2 columns"):
        Table([Col("a"), Col("b")], [(1,)])


def test_artifact_names_are_checked():
    with pytest.raises(registry.RegistryError, match="dotted lower-case"):
        registry.value("NoDots", fmt="sig:3")
