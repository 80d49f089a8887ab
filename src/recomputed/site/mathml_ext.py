"""A Python-Markdown extension: math as MathML (see :mod:`recomputed.site.mathml`)."""

from markdown import Extension
from markdown.postprocessors import Postprocessor

from recomputed.site import mathml


class _ToMathML(Postprocessor):
    def run(self, text: str) -> str:
        return mathml.convert_html(text)


class MathMLExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 - Python-Markdown's name
        md.postprocessors.register(_ToMathML(md), "recomputed_mathml", 0)


def makeExtension(**kwargs):  # noqa: N802 - Python-Markdown's name
    return MathMLExtension(**kwargs)
