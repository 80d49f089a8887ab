"""The package's folders are layers, and imports only go down.

    science/    pure functions: arrays and floats in and out
    engine/     data, registry, keys, cache, build         (may use science? no need)
    artifacts/  declarations                                (science, engine)
    site/       the MkDocs adapter: the only layer that imports MkDocs (engine)
    cli/        the command line                            (science, engine, site)

Read from the source (every import, those inside functions too), not from what happens
to be imported at run time.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "recomputed"
LAYERS = ("science", "engine", "artifacts", "site", "cli")
MAY_IMPORT = {
    "science": set(),
    "engine": set(),
    "artifacts": {"science", "engine"},
    "site": {"engine"},
    "cli": {"science", "engine", "site"},
}
# Third-party modules a layer must never import.
FORBIDDEN = {
    "science": {"matplotlib", "mkdocs", "pathlib", "os", "io", "csv", "tomllib", "json"},
    "engine": {"mkdocs"},
    "artifacts": {"mkdocs"},
    "cli": {"mkdocs"},
    "site": set(),
}


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
            if node.module == "recomputed":
                found += [(node.lineno, f"recomputed.{a.name}") for a in node.names]
    return found


def _modules(layer: str) -> list[Path]:
    return sorted((PACKAGE / layer).glob("*.py"))


def test_every_module_lives_in_a_layer():
    loose = sorted(p.name for p in PACKAGE.glob("*.py") if p.name != "__init__.py")
    assert loose == []
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and not p.name.startswith("__")}
    assert folders == set(LAYERS) | {"data"}


@pytest.mark.parametrize("layer", LAYERS)
def test_imports_only_go_down(layer):
    wrong = []
    for path in _modules(layer):
        for line, name in _imports(path):
            parts = name.split(".")
            if parts[0] == "recomputed" and len(parts) > 1:
                target = parts[1]
                if target != layer and target not in MAY_IMPORT[layer]:
                    wrong.append(f"{path.relative_to(PACKAGE)}:{line}: imports {name}")
            elif parts[0] in FORBIDDEN[layer]:
                wrong.append(f"{path.relative_to(PACKAGE)}:{line}: imports {name}")
    assert wrong == []


def test_science_opens_no_files():
    opened = [f"{p.name}:{n.lineno}" for p in _modules("science")
              for n in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
              if isinstance(n, ast.Call) and getattr(n.func, "id", None) == "open"]
    assert opened == []


def test_modules_stay_small():
    """About 300 lines at most, so each can be read in one sitting."""
    big = {str(p.relative_to(PACKAGE)): n for p in PACKAGE.rglob("*.py")
           if (n := len(p.read_text(encoding="utf-8").splitlines())) > 330}
    assert big == {}


def test_this_sites_helpers_take_what_the_plugin_loaded():
    """build_hooks/newsletter is handed data by the hook; it never computes or loads."""
    for path in sorted((PACKAGE.parent.parent / "build_hooks" / "newsletter").glob("*.py")):
        bad = [name for _, name in _imports(path) if name.split(".")[0] in ("recomputed", "mkdocs")]
        assert bad == [], path.name
