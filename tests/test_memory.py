"""Memory arithmetic of mixed-precision Adam and ZeRO against the ZeRO paper's numbers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recomputed.engine import datafiles
from recomputed.science import memory


@pytest.fixture(scope="module")
def consts():
    ds = datafiles.load("zero_2019_constants")
    return lambda name: ds.one(name=name)["value"]


@pytest.fixture(scope="module")
def prec(consts):
    return memory.Precision(consts("fp16_param_bytes"), consts("fp16_grad_bytes"),
                            consts("adam_state_bytes"))


def test_sixteen_bytes_per_parameter(prec):
    """ZeRO Sec. 3.1: 2 Psi + 2 Psi + K Psi = 16 Psi with K = 12."""
    assert prec.total == 16


def test_gpt2_example(consts, prec):
    """ZeRO Sec. 3.1: GPT-2 (1.5B) needs at least 24 GB of model states, 3 GB in fp16."""
    psi = consts("zero_gpt2_example_params")
    assert memory.model_state_bytes(psi, prec) / 1e9 == pytest.approx(
        consts("zero_gpt2_example_gb"), rel=1e-9)
    assert memory.offload_split(psi, prec).gpu / 1e9 == pytest.approx(
        consts("zero_gpt2_fp16_gb"), rel=1e-9)


@pytest.mark.parametrize("stage,published", [(0, "zero_fig1_baseline_gb"),
                                             (1, "zero_fig1_pos_gb"),
                                             (2, "zero_fig1_posg_gb"),
                                             (3, "zero_fig1_posgp_gb")])
def test_zero_figure_1(consts, prec, stage, published):
    """7.5B parameters on 64 GPUs; the figure prints GB to one decimal."""
    got = memory.zero_bytes_per_gpu(consts("zero_fig1_params"),
                                    int(consts("zero_fig1_dp_degree")), stage, prec) / 1e9
    assert got == pytest.approx(consts(published), abs=0.05)


def test_zero_reductions_at_large_dp_degree(prec):
    """ZeRO's stated limits: stage 1 saves 4x, stage 2 saves 8x, stage 3 saves N_d."""
    psi, nd = 1e9, 10**9
    full = memory.model_state_bytes(psi, prec)
    assert full / memory.zero_bytes_per_gpu(psi, nd, 1, prec) == pytest.approx(4, rel=1e-6)
    assert full / memory.zero_bytes_per_gpu(psi, nd, 2, prec) == pytest.approx(8, rel=1e-6)
    assert full / memory.zero_bytes_per_gpu(psi, 64, 3, prec) == pytest.approx(64)


@given(st.floats(1e6, 1e13), st.integers(1, 4096))
def test_stage_identities(psi, nd):
    prec = memory.Precision()
    per_gpu = [memory.zero_bytes_per_gpu(psi, nd, s, prec) for s in memory.STAGES]
    # Each stage partitions more, never less.
    assert all(a >= b * (1 - 1e-12) for a, b in zip(per_gpu, per_gpu[1:], strict=False))
    # Stage 3 is an exact even split; with one GPU every stage is plain training.
    assert per_gpu[3] * nd == pytest.approx(memory.model_state_bytes(psi, prec), rel=1e-12)
    one = {memory.zero_bytes_per_gpu(psi, 1, s, prec) for s in memory.STAGES}
    assert max(one) == pytest.approx(min(one), rel=1e-12)


@given(st.floats(1e6, 1e13))
def test_offload_moves_everything_but_fp16_weights(psi):
    prec = memory.Precision()
    split = memory.offload_split(psi, prec)
    assert split.gpu + split.cpu == pytest.approx(memory.model_state_bytes(psi, prec))
    assert split.gpu == pytest.approx(2 * psi)


def test_min_gpus_and_max_params_are_inverse(prec):
    gpu = 32e9
    n = memory.max_params(gpu, prec.total)
    assert memory.min_gpus(n, gpu, prec) == pytest.approx(1.0)


def test_invalid_inputs():
    with pytest.raises(ValueError):
        memory.zero_bytes_per_gpu(1e9, 8, 4, memory.Precision())
    with pytest.raises(ValueError):
        memory.zero_bytes_per_gpu(1e9, 0, 1, memory.Precision())
    with pytest.raises(ValueError):
        memory.max_params(1e9, 0)




@pytest.mark.parametrize("model,printed", [("BERT", 0.27), ("RoBERTa-100K", 0.90),
                                           ("RoBERTa-500K", 4.5), ("XLNet", 5.4),
                                           ("ELECTRA-1.75M", 4.4)])
def test_electra_table_2_relative_compute(model, printed):
    """Table 2 prints each model's FLOP relative to ELECTRA-400K in brackets (two digits)."""
    ds = datafiles.load("clark_2020_electra")
    ratio = ds.one(model=model)["train_flop"] / ds.one(model="ELECTRA-400K")["train_flop"]
    assert ratio == pytest.approx(printed, rel=0.02)
