"""The memo of source analyses (recomputed.sourcememo): same keys with it as without it,
and a damaged memo is ignored, never trusted. (tests/test_engine.py's edit tests run with
the memo in place, so they check that edits still change keys.)"""

from __future__ import annotations

import json
import subprocess
import sys

from recomputed import sourcememo

KEYS = """
import json, sys
from pathlib import Path
from recomputed import datafiles, engine, fingerprint, registry
if sys.argv[1] == "memo":
    fingerprint.remember_in(Path(sys.argv[2]))
print(json.dumps(engine.keys(registry.load_all().values(), datafiles.DATA_DIR)))
"""


def _keys(toy, *args):
    proc = subprocess.run([sys.executable, "-c", KEYS, *args], cwd=toy.root, env=toy.env(),
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


def test_keys_are_the_same_with_the_memo_as_without(toy):
    toy.build()
    memo = toy.root / "cache" / sourcememo.FILE
    entries = json.loads(memo.read_text())["entries"]
    assert any(k.startswith("names ") for k in entries)
    assert any(k.startswith("spans ") for k in entries)
    assert any(k.startswith("imports ") for k in entries)
    assert _keys(toy, "memo", str(toy.root / "cache")) == _keys(toy, "none")


def test_edited_module_after_memo_gives_the_new_key(toy):
    toy.build()
    before = _keys(toy, "memo", str(toy.root / "cache"))
    toy.edit("artifacts/toy.py", "return BASE * factor", "return BASE * factor / 1")
    after = _keys(toy, "memo", str(toy.root / "cache"))
    assert after == _keys(toy, "none")
    assert {n for n in before if before[n] != after[n]} == {"toy.scaled"}


def test_damaged_memo_is_ignored_and_rewritten(toy):
    toy.build()
    memo = toy.root / "cache" / sourcememo.FILE
    memo.write_text('{"sha256": "0", "entries": {}}')
    assert set(toy.build().values()) == {"cache"}
    assert json.loads(memo.read_text())["entries"]  # written again, whole
    memo.write_bytes(b"\x00not json")
    assert set(toy.build().values()) == {"cache"}


def test_memo_of_other_analysing_code_is_not_used(toy):
    toy.build()
    memo = toy.root / "cache" / sourcememo.FILE
    stored = json.loads(memo.read_text())
    # the same entries, as if written by another version of fingerprint.py, all emptied
    wrong = {k: [] for k in stored["entries"]}
    memo.write_text(json.dumps({"version": "other", "sha256": sourcememo._checksum(wrong),
                                "entries": wrong}))
    assert _keys(toy, "memo", str(toy.root / "cache")) == _keys(toy, "none")
    # the check is real: the same emptied entries under this version change the keys
    memo.write_text(json.dumps({"version": stored["version"],
                                "sha256": sourcememo._checksum(wrong), "entries": wrong}))
    assert _keys(toy, "memo", str(toy.root / "cache")) != _keys(toy, "none")


def test_memo_checks_its_checksum_and_entries(tmp_path):
    memo = sourcememo.Memo(tmp_path)
    assert memo.get("k", lambda: ["a"], lambda x: isinstance(x, list)) == ["a"]
    memo.save()
    assert sourcememo.Memo(tmp_path).known == {"k": ["a"]}
    # an entry of the wrong shape is worked out again, not used
    assert sourcememo.Memo(tmp_path).get("k", lambda: 1, lambda x: isinstance(x, int)) == 1
    # an entry edited without its checksum: the whole file is ignored
    stored = json.loads((tmp_path / sourcememo.FILE).read_text())
    stored["entries"]["k"] = ["b"]
    (tmp_path / sourcememo.FILE).write_text(json.dumps(stored))
    assert sourcememo.Memo(tmp_path).known == {}
