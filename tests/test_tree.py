"""The rendered tree's config and links (site/tree.py); the builds: test_engines.py."""

from recomputed.site import tree


def test_the_tree_config_keeps_the_site_but_not_its_hooks_and_plugins():
    raw = {"site_name": "S", "hooks": ["h.py"], "watch": ["src"],
           "plugins": ["search", {"recomputed": {"modules": ["x"]}}, {"mkdocs-jupyter": {}}],
           "markdown_extensions": ["tables", {"toc": {"permalink": True}}],
           "nav": [{"Home": "index.md"}, {"Notebooks": [{"Fit": "notebooks/fit.ipynb"}]}]}
    cfg = tree.tree_config(raw)
    assert "hooks" not in cfg and "watch" not in cfg and cfg["plugins"] == ["search"]
    assert cfg["markdown_extensions"][-1] == "recomputed.site.mathml_ext"
    assert cfg["nav"][1] == {"Notebooks": [{"Fit": "notebooks/fit.md"}]}
    assert raw["plugins"][1] == {"recomputed": {"modules": ["x"]}}  # the site's is untouched


def test_links_to_notebooks_point_at_their_pages():
    md = "[a](../notebooks/fit.ipynb) [b](fit.ipynb#top) [c](https://x.org/n.ipynb) `x.ipynb`"
    assert tree._md_links(md) == ("[a](../notebooks/fit.md) [b](fit.md#top) "
                                  "[c](https://x.org/n.ipynb) `x.ipynb`")


def test_snippet_includes_are_found():
    assert tree._snippets(['--8<-- "CONTRIBUTING.md"\ntext', 'x\n-8<- "a/b.md"']) == {
        "CONTRIBUTING.md", "a/b.md"}
