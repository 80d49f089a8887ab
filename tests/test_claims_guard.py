"""The regression guard on real data: break a claim's input and the build fails."""

from __future__ import annotations

import shutil

import pytest

from recomputed.engine import build as engine
from recomputed.engine import datafiles, registry
from recomputed.engine.cache import Cache

CLAIM = "scaling.claim_nopt_mean"  # Henighan et al.: the optimal-size exponent is "about 0.7"


def test_every_claim_reaches_its_published_verdict(tmp_path):
    claims = [n for n, a in registry.load_all().items() if a.kind == "claim"]
    assert len(claims) >= 30
    outs = engine.build(claims, cache=Cache(tmp_path / "cache"), jobs=2)  # raises if not
    issues = {o.artifact.claim.issue for o in outs.values()}
    assert {"AN #125", "AN #139", "AN #140", "Transfer issue", "GPT-3 issue"} <= issues


def test_breaking_a_claims_input_fails_the_build_naming_both_values(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(datafiles.DATA_DIR, data)
    csv = data / "henighan_2020_table1.csv"
    rows = csv.read_text().splitlines()
    # Pretend Table 1 printed 0.07 instead of 0.7 for every image modality.
    broken = [r.replace(",0.7,henighan2020", ",0.07,henighan2020") for r in rows]
    assert broken != rows
    csv.write_text("\n".join(broken) + "\n")
    with pytest.raises(engine.BuildError) as err:
        engine.build([CLAIM], cache=Cache(tmp_path / "cache"), data_dir=data)
    message = str(err.value)
    assert f"claim {CLAIM!r}" in message
    assert "expected it to hold, but it fails" in message
    assert "stated" in message and "computed" in message and "tolerance" in message
