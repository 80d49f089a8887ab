"""Math becomes MathML at build time, in pages and in notebook Markdown cells."""

import pytest

from recomputed.site import mathml


def test_arithmatex_wrappers_become_mathml():
    html = ('<p><span class="arithmatex">\\(x^2\\)</span></p>'
            '<div class="arithmatex">\\[\\frac{a}{b}\\]</div>')
    out = mathml.convert_html(html)
    assert "arithmatex" not in out
    assert out.count("<math") == 2 and 'display="block"' in out and "<mfrac>" in out


def test_notebook_dollars_become_mathml_but_code_and_prices_do_not():
    cell = ('<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown jp-MarkdownOutput">'
            "<p>With $C = 6ND$ and</p><p>$$L = E + A/N^{\\alpha}$$</p>"
            "<p><code>$HOME</code> costs $5 and $6</p></div>")
    out = mathml.convert_notebook_html(cell)
    assert out.count("<math") == 2
    assert "<code>$HOME</code>" in out


def test_outside_markdown_cells_dollars_are_left_alone():
    html = '<div class="jp-OutputArea">$x$</div>'
    assert mathml.convert_notebook_html(html) == html


def test_bad_tex_is_a_clear_error():
    with pytest.raises(mathml.MathError, match="cannot convert TeX"):
        mathml.to_mathml("\\frac{", False)


def test_a_slash_is_a_solidus_without_operator_spacing():
    out = mathml.to_mathml("C/C_0", display=False)
    assert '<mo lspace="0em" rspace="0em">/</mo>' in out and "&#x0002F;" not in out


@pytest.mark.parametrize("tex, signs, binary", [
    (r"\sigma(-u-v)", 1, 1),             # a sign after "(", then a binary minus
    (r"a = -b", 1, 0),                   # a sign after another operator
    (r"\left(-\frac{a}{b}\right) - c", 1, 1),  # after a stretchy "(", and after its ")"
    (r"(a) - b", 0, 1),                  # after a closing bracket: binary
    (r"a_1 + \dots - a_n", 0, 1),        # after an ellipsis: binary
])
def test_a_minus_after_an_operator_is_a_sign(tex, signs, binary):
    out = mathml.to_mathml(tex, display=False)
    assert out.count('<mo form="prefix">&#x02212;</mo>') == signs
    assert out.count("<mo>&#x02212;</mo>") == binary
