"""What `mkdocs serve` recomputes after an edit, modelled as it runs: one process calling
MkDocs' build (with a fresh load_config) after each save."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from toyengine import make

ROOT = Path(__file__).resolve().parent.parent

SERVE_SESSION = """
import json, logging, os, re, sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config

root = Path(sys.argv[1])
records = []
handler = logging.Handler()
handler.emit = lambda r: records.append(r.getMessage())
logging.getLogger("mkdocs").addHandler(handler)
logging.getLogger("mkdocs").setLevel(logging.INFO)


def rebuild():
    records.clear()
    build(load_config(str(root / "mkdocs.yml")))  # what `mkdocs serve` does after a save
    total, computed = map(int, re.search(r"(\\d+) artifacts, (\\d+) computed",
                                         "\\n".join(records)).groups())
    page = (root / "site" / "index.html").read_text()
    return {"total": total, "computed": computed, "page": page, "log": list(records)}


def edit(rel, old, new):
    path = root / rel
    text = path.read_text()
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1))


steps = {"first": rebuild()}
edit("docs/index.md", "# Toy", "# Toy\\n\\nA sentence written while serving.")
steps["prose"] = rebuild()
edit("data/toy.csv", "a,2.0,", "a,2.1,")
steps["data"] = rebuild()
edit("toyart/toyscience.py", "return 2 * x", "return 3 * x")
steps["code"] = rebuild()
# A second save within the same second, of the same size: Python's bytecode cache (checked
# by whole-second modification time and size) would hand back the first save's code.
science = root / "toyart" / "toyscience.py"
stamp = science.stat().st_mtime_ns
edit("toyart/toyscience.py", "return 3 * x", "return 4 * x")
os.utime(science, ns=(stamp, stamp))
steps["code again"] = rebuild()
edit("build_hooks/recomputed_hooks.py", "def on_config(config):\\n",
     "def on_config(config):\\n    log.info('recomputed: the edited hook ran')\\n")
steps["hook"] = rebuild()
print(json.dumps(steps))
"""


def shows_doubled(value: str, page: str) -> bool:
    """The page shows toy.doubled's value (its unrounded number starts with ``value``)."""
    return re.search(rf'title="{re.escape(value)}\d*, computed at build time[^"]*'
                     r"\(toy\.doubled\)", page) is not None


def test_serve_recomputes_only_what_an_edit_touches(tmp_path):
    """Prose edit: nothing recomputed. Data edit: exactly that data set's readers. Code edit in
    src/recomputed: picked up (the plugin re-imports the engine). Hook edit: not picked up,
    since MkDocs imports a hook file once per process; hence "restart serve" in
    CONTRIBUTING.md. The toy site runs the plugin and this site's real hooks."""
    toy = make(tmp_path)
    # This site's hooks refuse a claim filed under an issue they do not know.
    toy.edit("artifacts/toy.py", 'issue="AN #1"', 'issue="AN #5"')
    for suffix in (".csv", ".toml"):  # the hook links newsletter mentions with this data set
        shutil.copy(ROOT / "src/recomputed/data" / f"newsletter_crossrefs{suffix}", toy.data)
    shutil.copytree(ROOT / "build_hooks", toy.root / "build_hooks",
                    ignore=shutil.ignore_patterns("__pycache__"))
    names = ["toy.total", "toy.doubled", "toy.scaled", "toy.rows", "toy.plot",
             "toy.claim_total_is_five"]
    (toy.root / "docs").mkdir()
    (toy.root / "docs" / "index.md").write_text(
        "# Toy\n\n" + "\n\n".join(f"<!-- rc:{n} -->" for n in names) + "\n")
    (toy.root / "mkdocs.yml").write_text(
        "site_name: toy\n"
        "plugins:\n  - recomputed:\n      modules: [toyart.artifacts]\n"
        "      data_dir: data\n      paths: [.]\n"
        'hooks: ["build_hooks/recomputed_hooks.py"]\n'
        "markdown_extensions: [attr_list, md_in_html, tables]\n")
    env = dict(os.environ, RECOMPUTED_CACHE=str(toy.cache), RECOMPUTED_JOBS="1")
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # bytecode caches, as on most machines
    proc = subprocess.run([sys.executable, "-c", SERVE_SESSION, str(toy.root)], cwd=toy.root,
                          env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    steps = json.loads(proc.stdout)
    readers = {"toy.total", "toy.doubled", "toy.rows", "toy.plot", "toy.claim_total_is_five"}

    assert steps["first"]["computed"] == steps["first"]["total"] == len(names)
    assert shows_doubled("4.0", steps["first"]["page"])

    assert steps["prose"]["computed"] == 0
    assert "A sentence written while serving." in steps["prose"]["page"]

    assert steps["data"]["computed"] == len(readers)  # toy.scaled reads no data: cached
    assert shows_doubled("4.2", steps["data"]["page"])

    assert steps["code"]["computed"] == 1  # only toy.doubled uses toyscience
    assert shows_doubled("6.3", steps["code"]["page"])
    assert shows_doubled("8.4", steps["code again"]["page"])

    assert steps["hook"]["computed"] == 0
    assert "recomputed: the edited hook ran" not in steps["hook"]["log"]
    assert any("artifacts, 0 computed" in m for m in steps["hook"]["log"])
