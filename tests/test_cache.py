"""The cache never serves a damaged entry: every file is checked against the entry's
manifest, and anything that fails is discarded with a warning and computed again."""

from __future__ import annotations

import json
import logging

import pytest

from recomputed.engine.cache import MANIFEST, Cache

KEY = "ab" + "0" * 62
FILES = {"result.json": b'{"table": {"columns": [], "rows": []}, "alt": "x"}',
         "figure.svg": b"<?xml version='1.0'?><svg>" + b"<path d='M 0 0'/>" * 50 + b"</svg>"}


def _truncate(entry):
    path = entry / "figure.svg"
    path.write_bytes(path.read_bytes()[:-7])


def _flip_byte(entry):
    path = entry / "result.json"
    data = bytearray(path.read_bytes())
    data[5] ^= 0x01
    path.write_bytes(bytes(data))


def _delete_manifest(entry):
    (entry / MANIFEST).unlink()


def _empty_file(entry):
    (entry / "result.json").write_bytes(b"")


def _garbled_manifest(entry):
    (entry / MANIFEST).write_bytes(b'{"result.json": {"size": 3')


def _extra_file(entry):
    (entry / "stray.txt").write_bytes(b"left here by hand")


def _missing_file(entry):
    (entry / "figure.svg").unlink()


DAMAGE = {
    "truncated figure.svg": (_truncate, "figure.svg has"),
    "flipped byte in result.json": (_flip_byte, "result.json does not match its SHA-256"),
    "no manifest": (_delete_manifest, "no MANIFEST.json"),
    "empty result.json": (_empty_file, "result.json has 0 bytes"),
    "unreadable manifest": (_garbled_manifest, "MANIFEST.json is unreadable"),
    "unlisted file": (_extra_file, "stray.txt is not in MANIFEST.json"),
    "missing file": (_missing_file, "figure.svg is missing"),
}


def test_put_then_get_returns_the_files_and_writes_a_manifest(tmp_path):
    cache = Cache(tmp_path)
    cache.put(KEY, FILES)
    assert cache.get(KEY, "toy.plot") == FILES
    manifest = json.loads((tmp_path / KEY[:2] / KEY / MANIFEST).read_text())
    assert manifest["figure.svg"]["size"] == len(FILES["figure.svg"])
    assert cache.problems() == {}


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_damaged_entry_is_discarded_with_a_warning(tmp_path, caplog, damage):
    spoil, problem = damage
    cache = Cache(tmp_path)
    cache.put(KEY, FILES)
    entry = tmp_path / KEY[:2] / KEY
    spoil(entry)
    assert problem in Cache(tmp_path).problems()[KEY]
    with caplog.at_level(logging.WARNING, logger="recomputed.engine.cache"):
        assert cache.get(KEY, "toy.plot") is None
    [record] = caplog.records
    assert record.levelno == logging.WARNING
    assert "'toy.plot'" in record.message and str(entry) in record.message
    assert problem in record.message
    assert problem in cache.discarded[KEY]
    assert not entry.exists()
    assert [p.name for p in entry.parent.iterdir()] == []  # nothing left aside either
    # Stored again, the entry is whole.
    cache.put(KEY, FILES)
    assert cache.get(KEY, "toy.plot") == FILES


def test_manifest_is_a_reserved_file_name(tmp_path):
    with pytest.raises(ValueError, match="reserved"):
        Cache(tmp_path).put(KEY, {MANIFEST: b"{}"})


def test_record_keeps_the_latest_parts_per_artifact(tmp_path):
    cache = Cache(tmp_path)
    assert cache.recorded("toy.total") is None
    cache.record("toy.total", "k1", {"data toy": "d1"})
    cache.record("toy.total", "k2", {"data toy": "d2"})
    assert cache.recorded("toy.total") == {"key": "k2", "parts": {"data toy": "d2"}}
    (tmp_path / "names" / "toy.total.json").write_text("{not json")
    assert cache.recorded("toy.total") is None  # a broken record only loses the explanation
    assert [p.name for p in (tmp_path / "names").iterdir()] == ["toy.total.json"]


def _entry_of(toy, name):
    key = json.loads((toy.cache / "names" / f"{name}.json").read_text())["key"]
    return toy.cache / key[:2] / key, key


def _published(toy) -> dict:
    return {n: (o.result, o.svg, o.svg_dark, o.data, o.alt) for n, o in toy.outputs.items()}


def test_build_recomputes_damaged_entries_and_says_so(toy_engine, caplog):
    """Each kind of damage, on one artifact each, in one rebuild: the damaged artifacts are
    computed again (with a warning naming artifact and entry), the rest come from the
    cache, and every output is the same as from the fresh build."""
    toy = toy_engine
    toy.build()
    fresh = _published(toy)
    spoilt = {"toy.plot": _truncate, "toy.total": _flip_byte, "toy.doubled": _delete_manifest,
              "toy.rows": _empty_file}
    for name, spoil in spoilt.items():
        spoil(_entry_of(toy, name)[0])
    # A result.json that matches its manifest but is not what the engine wrote (a field
    # missing): reading it fails, so it is treated like a corrupt entry.
    entry, key = _entry_of(toy, "toy.claim_total_is_five")
    for p in entry.iterdir():
        p.unlink()
    entry.rmdir()
    Cache(toy.cache).put(key, {"result.json": b'{"value": 5.0}'})
    spoilt["toy.claim_total_is_five"] = None

    with caplog.at_level(logging.WARNING):
        origins = toy.build()
    assert {n for n, o in origins.items() if o == "computed"} == set(spoilt)
    for name in spoilt:
        warning = [r.message for r in caplog.records
                   if f"artifact {name!r} is corrupt" in r.message]
        assert len(warning) == 1 and str(_entry_of(toy, name)[0]) in warning[0]
        assert toy.outputs[name].reasons[0].startswith("corrupt entry (")
    assert "unreadable result: KeyError: 'result'" in caplog.text
    assert _published(toy) == fresh
    assert Cache(toy.cache).problems() == {}
