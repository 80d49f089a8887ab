"""Folders are layers and imports only go down: science <- engine <- artifacts; the site
layer (the MkDocs plugin) is the only part of the package that imports MkDocs."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "recomputed"

# For each folder of the package: the top-level or ``recomputed.*`` names it must not import.
FORBIDDEN = {
    "science": ("mkdocs", "matplotlib", "recomputed.engine", "recomputed.artifacts",
                "recomputed.site", "recomputed.cli"),
    "engine": ("mkdocs", "recomputed.artifacts", "recomputed.site", "recomputed.cli"),
    "artifacts": ("mkdocs", "recomputed.site", "recomputed.cli"),
    "site": ("recomputed.artifacts", "recomputed.cli"),
    "cli": ("mkdocs",),
}


def imported(path: Path) -> set[str]:
    """Every module a file imports, anywhere in it (inside functions too)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_bytes(), filename=str(path))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{a.name}" for a in node.names}
    return names


def breaks(names: set[str], forbidden) -> list[str]:
    return sorted(n for n in names for f in forbidden if n == f or n.startswith(f + "."))


@pytest.mark.parametrize("folder", sorted(FORBIDDEN))
def test_imports_only_go_down(folder):
    for path in sorted((PACKAGE / folder).rglob("*.py")):
        assert not breaks(imported(path), FORBIDDEN[folder]), path.relative_to(ROOT)


def test_only_the_site_layer_imports_mkdocs():
    outside = [p for p in PACKAGE.rglob("*.py") if "site" not in p.relative_to(PACKAGE).parts]
    for path in outside:
        assert not breaks(imported(path), ("mkdocs",)), path.relative_to(ROOT)


def test_this_sites_helpers_take_what_the_plugin_loaded():
    # build_hooks/newsletter is handed data by the hook; it never computes or loads.
    for path in sorted((ROOT / "build_hooks" / "newsletter").glob("*.py")):
        assert not breaks(imported(path), ("recomputed", "mkdocs")), path.relative_to(ROOT)
