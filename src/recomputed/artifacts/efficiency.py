"""DeepSpeed's memory arithmetic (AN #125) and ELECTRA's compute claims (GPT-3 issue)."""

from __future__ import annotations

import numpy as np

from recomputed.engine import numbers
from recomputed.engine.registry import (
    Col,
    Plot,
    Table,
    claim,
    figure,
    table,
    unchecked_claim,
    value,
)
from recomputed.science import memory

AN125 = "AN #125"
DEEPSPEED = "DeepSpeed: Extreme-scale model training for everyone"
ELECTRA = "More Efficient NLP Model Pre-training with ELECTRA"
C = ["capabilities_constants"]
GB = 1e9  # the ZeRO paper's GB: 7.5e9 parameters x 16 bytes = 120 GB


def _c(ds, name):
    return ds.one(name=name)["value"]


def _precision(ds):
    return memory.Precision(param=_c(ds, "fp16_param_bytes"), grad=_c(ds, "fp16_grad_bytes"),
                            optimizer=_c(ds, "adam_state_bytes"))


def _v100(ds):
    return _c(ds, "v100_memory_gb") * GB


# -- values -------------------------------------------------------------------------------


@value("memory.bytes_per_param", inputs=C, fmt="int", unit="bytes")
def bytes_per_param(capabilities_constants):
    """Model-state bytes per parameter with mixed-precision Adam: 2 + 2 + K."""
    return _precision(capabilities_constants).total


@value("memory.gpt2_example_gb", inputs=C, fmt="sig:3", unit="GB")
def gpt2_example_gb(capabilities_constants):
    """Model states of the 1.5B-parameter GPT-2 under mixed-precision Adam."""
    return memory.model_state_bytes(_c(capabilities_constants, "zero_gpt2_example_params"),
                                    _precision(capabilities_constants)) / GB


@value("memory.full_13b_gb", inputs=C, fmt="sig:3", unit="GB")
def full_13b_gb(capabilities_constants):
    """All model states of a 13B-parameter model, kept on one GPU."""
    return memory.model_state_bytes(_c(capabilities_constants, "offload_params"),
                                    _precision(capabilities_constants)) / GB


@value("memory.full_13b_over_v100", inputs=["memory.full_13b_gb"] + C, fmt="times:2")
def full_13b_over_v100(full_13b_gb, capabilities_constants):
    """How many times a 32 GB V100 the 13B model's full model states would fill."""
    return full_13b_gb * GB / _v100(capabilities_constants)


def _offload_13b(ds):
    return memory.offload_split(_c(ds, "offload_params"), _precision(ds))


@value("memory.offload_13b_gpu_gb", inputs=C, fmt="sig:3", unit="GB")
def offload_13b_gpu_gb(capabilities_constants):
    """ZeRO-Offload, 13B parameters: fp16 parameters left on the GPU."""
    return _offload_13b(capabilities_constants).gpu / GB


@value("memory.offload_13b_cpu_gb", inputs=C, fmt="sig:3", unit="GB")
def offload_13b_cpu_gb(capabilities_constants):
    """ZeRO-Offload, 13B parameters: gradients and Adam states moved to CPU memory."""
    return _offload_13b(capabilities_constants).cpu / GB


@value("memory.offload_13b_headroom_gb", inputs=C, fmt="sig:2", unit="GB")
def offload_13b_headroom_gb(capabilities_constants):
    """What a 32 GB V100 has left for activations once the 13B model's fp16 weights are in."""
    return (_v100(capabilities_constants) - _offload_13b(capabilities_constants).gpu) / GB


@value("memory.v100_max_params_plain", inputs=C, fmt="sci:2", unit="parameters")
def v100_max_params_plain(capabilities_constants):
    """Largest model whose full model states fit in 32 GB (no activations)."""
    return memory.max_params(_v100(capabilities_constants),
                             _precision(capabilities_constants).total)


@value("memory.v100_max_params_offload", inputs=C, fmt="sci:2", unit="parameters")
def v100_max_params_offload(capabilities_constants):
    """Largest model whose fp16 parameters alone fill 32 GB (the offload ceiling)."""
    return memory.max_params(_v100(capabilities_constants),
                             _precision(capabilities_constants).param)


@value("memory.trillion_total_tb", inputs=C, fmt="sig:3", unit="TB")
def trillion_total_tb(capabilities_constants):
    """Model states of a trillion-parameter model, in terabytes."""
    return memory.model_state_bytes(_c(capabilities_constants, "trillion_params"),
                                    _precision(capabilities_constants)) / 1e12


def _trillion_per_gpu(ds):
    return memory.zero_bytes_per_gpu(_c(ds, "trillion_params"), int(_c(ds, "trillion_gpus")),
                                     3, _precision(ds))


@value("memory.trillion_per_gpu_gb", inputs=C, fmt="sig:3", unit="GB")
def trillion_per_gpu_gb(capabilities_constants):
    """Each GPU's share of a trillion-parameter model's states, split evenly over 800 GPUs."""
    return _trillion_per_gpu(capabilities_constants) / GB


@value("memory.trillion_min_gpus", inputs=C, fmt="int", unit="GPUs")
def trillion_min_gpus(capabilities_constants):
    """Fewest 32 GB GPUs whose memory could hold a trillion parameters' model states at all."""
    return float(np.ceil(memory.min_gpus(_c(capabilities_constants, "trillion_params"),
                                         _v100(capabilities_constants),
                                         _precision(capabilities_constants))))


# -- tables and figures -------------------------------------------------------------------

_STAGES = (
    (0, "Plain data parallelism", "(2 + 2 + K)Ψ", "zero_fig1_baseline_gb"),
    (1, "Stage 1: optimizer states split", "4Ψ + KΨ/N_d", "zero_fig1_pos_gb"),
    (2, "Stage 2: + gradients split", "2Ψ + (2 + K)Ψ/N_d", "zero_fig1_posg_gb"),
    (3, "Stage 3: + parameters split", "(2 + 2 + K)Ψ/N_d", "zero_fig1_posgp_gb"),
)


@table("memory.zero_stages", inputs=C,
       title="Per-GPU model states of a 7.5B-parameter model on 64 GPUs, by ZeRO stage")
def zero_stages(capabilities_constants):
    """ZeRO's Figure 1 example recomputed from 2 + 2 + K bytes per parameter."""
    ds = capabilities_constants
    psi, nd, prec = _c(ds, "zero_fig1_params"), int(_c(ds, "zero_fig1_dp_degree")), _precision(ds)
    rows = []
    for stage, label, formula, published in _STAGES:
        got = memory.zero_bytes_per_gpu(psi, nd, stage, prec) / GB
        rows.append((label, formula, got, _c(ds, published), got / _c(ds, published)))
    return Table([Col("Configuration", align="left"), Col("Bytes per GPU", align="left"),
                  Col("Computed", fmt="fixed:2", unit="GB"),
                  Col("ZeRO Figure 1", fmt="sig:3", unit="GB"),
                  Col("Ratio", fmt="fixed:3")], rows)


@figure("memory.per_gpu_vs_params", inputs=C,
        title="Model-state memory per GPU against model size")
def per_gpu_vs_params(capabilities_constants):
    """Bytes per GPU for plain training, ZeRO-Offload and an even split over 800 GPUs."""
    from recomputed.engine import plotting

    ds = capabilities_constants
    prec, v100 = _precision(ds), _v100(ds)
    n13, n1t = _c(ds, "offload_params"), _c(ds, "trillion_params")
    gpus = int(_c(ds, "trillion_gpus"))
    sizes = np.logspace(8, 13, 51)
    curves = {
        "all model states on one GPU": [memory.model_state_bytes(n, prec) for n in sizes],
        "ZeRO-Offload: fp16 weights on GPU": [memory.offload_split(n, prec).gpu for n in sizes],
        f"states split over {gpus} GPUs": [memory.zero_bytes_per_gpu(n, gpus, 3, prec)
                                           for n in sizes],
    }
    fig, ax = plotting.new_figure(7.0, 4.4)
    rows = []
    for label, ys in curves.items():
        ys = np.array(ys) / GB
        ax.plot(sizes, ys, label=label)
        rows += [(label, n, y) for n, y in zip(sizes, ys, strict=True)]
    ax.axhline(v100 / GB, color="black", linestyle="--", linewidth=1)
    ax.text(1.2e8, v100 / GB * 1.25, "one 32 GB V100", fontsize=9)
    y13 = memory.offload_split(n13, prec).gpu / GB
    y1t = memory.zero_bytes_per_gpu(n1t, gpus, 3, prec) / GB
    ax.plot([n13], [y13], "o", color=plotting.PALETTE[1])
    ax.annotate("13B, offloaded", (n13, y13), textcoords="offset points", xytext=(8, -14),
                fontsize=9)
    ax.plot([n1t], [y1t], "o", color=plotting.PALETTE[2])
    ax.annotate(f"1 trillion on {gpus} GPUs", (n1t, y1t), textcoords="offset points",
                xytext=(8, -14), fontsize=9)
    plotting.log_axes(ax)
    ax.set_xlabel("model size (parameters)")
    ax.set_ylabel("model states per GPU (GB)")
    ax.legend(loc="upper left", fontsize=9)
    data = Table([Col("Configuration", align="left"), Col("Parameters", fmt="sci:2"),
                  Col("Per GPU", fmt="sig:3", unit="GB")], rows)
    total, fp16 = (numbers.format_number(b, "int") for b in (prec.total, prec.param))
    return Plot(fig, data=data, alt=(
        f"Log-log lines of model-state memory per GPU against parameters: {total} bytes per "
        f"parameter on one GPU, {fp16} bytes with ZeRO-Offload, and {total} bytes divided "
        f"by {gpus} GPUs, against a dashed line at one V100's memory. The offloaded "
        "13-billion-parameter point and the trillion-parameter point both sit below it."))


# -- claims -------------------------------------------------------------------------------


claim("memory.claim_offload_13b_one_v100", of="memory.offload_13b_gpu_gb", issue=AN125,
      summary=DEEPSPEED,
      stated="ZeRO-Offload trains models of up to 13 billion parameters on one V100",
      target=32, compare="<",
      how="With optimizer states and gradients on the CPU, the GPU keeps the fp16 "
          "parameters: 2 bytes × 13e9 = GPU memory needed, against 32 GB. Necessary, not "
          "sufficient: activations must fit in what is left.")
claim("memory.claim_trillion_800_v100", of="memory.trillion_per_gpu_gb", issue=AN125,
      summary=DEEPSPEED,
      stated="3D parallelism can fit a model of over a trillion parameters on 800 V100s",
      target=32, compare="<",
      how="16 bytes × 1e12 parameters split evenly over 800 GPUs, against 32 GB per GPU. "
          "Assumes the states are fully partitioned (pipeline and tensor slicing for "
          "weights, ZeRO for optimizer states); activations come on top.")


_SPARSE_WHY = ("A measured speed-up of DeepSpeed's block-sparse kernels on specific "
               "hardware and sequence lengths; no published timings are in the data here, and "
               "the attainable ratio depends on the sparsity pattern chosen.")
claim_sparse_longer = unchecked_claim(
    "memory.claim_sparse_attention_10x_longer", issue=AN125, summary=DEEPSPEED,
    stated="sparse attention handles sequences 10× longer than dense attention",
    target=10, unit="×",
    why=_SPARSE_WHY)
claim_sparse_faster = unchecked_claim(
    "memory.claim_sparse_attention_6_3x_faster", issue=AN125, summary=DEEPSPEED,
    stated="sparse attention trains up to 6.3× faster than dense attention",
    target=6.3, unit="×",
    why=_SPARSE_WHY)
_ONEBIT_WHY = ("The overall reduction mixes an uncompressed warm-up stage with a 1-bit "
               "compressed stage, so it depends on the share of steps spent warming up, "
               "which the blog post does not give.")
claim_onebit_comm = unchecked_claim(
    "memory.claim_onebit_adam_5x_less_communication", issue=AN125, summary=DEEPSPEED,
    stated="1-bit Adam needs up to 5× less communication", target=5, unit="×",
    why=_ONEBIT_WHY)
claim_onebit_speed = unchecked_claim(
    "memory.claim_onebit_adam_3_5x_faster", issue=AN125, summary=DEEPSPEED,
    stated="1-bit Adam trains up to 3.5× faster", target=3.5, unit="×",
    why="A wall-clock measurement on clusters with limited bandwidth; it cannot be "
        "derived from published constants.")
# -- ELECTRA ------------------------------------------------------------------------------

E = ["clark_2020_electra"]


def _electra(ds, model):
    return ds.one(model=model)


def _flop_ratio(ds, numerator, denominator):
    return _electra(ds, numerator)["train_flop"] / _electra(ds, denominator)["train_flop"]


@table("electra.compute_table", inputs=E, title="ELECTRA and its baselines: compute and GLUE")
def electra_compute_table(clark_2020_electra):
    """Each model's pre-training FLOP relative to ELECTRA of its size group, and its GLUE."""
    ref = {"small and base": "ELECTRA-Small", "large": "ELECTRA-400K"}
    rows = [(r["model"], r["family"], r["params_millions"], r["train_flop"],
             r["train_flop"] / _electra(clark_2020_electra, ref[r["table_group"]])["train_flop"],
             r["glue_dev"]) for r in clark_2020_electra]
    return Table([Col("Model", align="left"), Col("Objective", align="left"),
                  Col("Parameters", fmt="sig:3", unit="M"), Col("Train", fmt="sci:2", unit="FLOP"),
                  Col("vs ELECTRA of its group", fmt="times:2"),
                  Col("GLUE dev", fmt="fixed:1")], rows)


# Where the labels of the crowded top-right points go (points of text from the marker).
_LABEL_OFFSETS = {"ELECTRA-1.75M": (-62, 5), "RoBERTa-500K": (-30, -12), "XLNet": (5, 2),
                  "RoBERTa-100K": (-62, 3), "ELECTRA-400K": (-58, 2)}


@figure("electra.glue_vs_compute", inputs=E, title="GLUE score against pre-training compute")
def glue_vs_compute(clark_2020_electra):
    """GLUE dev score against training FLOP for ELECTRA and the models it is compared with."""
    from recomputed.engine import plotting

    fig, ax = plotting.new_figure(7.0, 4.4)
    families = sorted({r["family"] for r in clark_2020_electra})
    markers = dict(zip(families, ("o", "s", "^", "D"), strict=False))
    for fam in families:
        rows = [r for r in clark_2020_electra if r["family"] == fam]
        ax.plot([r["train_flop"] for r in rows], [r["glue_dev"] for r in rows],
                markers[fam], linestyle="none", label=fam)
        for r in rows:
            ax.annotate(r["model"], (r["train_flop"], r["glue_dev"]), fontsize=7,
                        textcoords="offset points", xytext=_LABEL_OFFSETS.get(r["model"],
                                                                               (4, -10)))
    plotting.log_axes(ax, y=False)
    ax.set_xlim(1e18, 1e22)
    ax.set_xlabel("pre-training compute (FLOP)")
    ax.set_ylabel("GLUE dev score")
    ax.legend(loc="lower right", fontsize=9)
    data = Table([Col("Model", align="left"), Col("Objective", align="left"),
                  Col("Train", fmt="sci:2", unit="FLOP"), Col("GLUE dev", fmt="fixed:1")],
                 [(r["model"], r["family"], r["train_flop"], r["glue_dev"])
                  for r in clark_2020_electra])
    return Plot(fig, data=data, alt=(
        "Scatter of GLUE dev score against pre-training FLOP on a log axis for ELMo, GPT, "
        "BERT, RoBERTa, XLNet and ELECTRA models. ELECTRA points sit above the others at "
        "equal compute: ELECTRA-Small beats GPT with far less compute, and ELECTRA-400K "
        "matches RoBERTa-500K with under a quarter of its compute."))


@value("electra.gpt_over_small", inputs=E, fmt="sig:2")
def gpt_over_small(clark_2020_electra):
    """GPT's training FLOP over ELECTRA-Small's (Table 1)."""
    return _flop_ratio(clark_2020_electra, "GPT", "ELECTRA-Small")


@value("electra.large_over_roberta", inputs=E, fmt="fixed:2")
def large_over_roberta(clark_2020_electra):
    """ELECTRA-400K's training FLOP as a fraction of RoBERTa-500K's (Table 2)."""
    return _flop_ratio(clark_2020_electra, "ELECTRA-400K", "RoBERTa-500K")


@value("electra.large_over_xlnet", inputs=E, fmt="fixed:2")
def large_over_xlnet(clark_2020_electra):
    """ELECTRA-400K's training FLOP as a fraction of XLNet's (Table 2)."""
    return _flop_ratio(clark_2020_electra, "ELECTRA-400K", "XLNet")


@value("electra.glue_margin_over_roberta", inputs=E, fmt="fixed:1")
def glue_margin_over_roberta(clark_2020_electra):
    """GLUE dev points of ELECTRA-400K above RoBERTa-500K."""
    return (_electra(clark_2020_electra, "ELECTRA-400K")["glue_dev"]
            - _electra(clark_2020_electra, "RoBERTa-500K")["glue_dev"])


@value("electra.glue_margin_over_gpt", inputs=E, fmt="fixed:1")
def glue_margin_over_gpt(clark_2020_electra):
    """GLUE dev points of ELECTRA-Small above GPT."""
    return (_electra(clark_2020_electra, "ELECTRA-Small")["glue_dev"]
            - _electra(clark_2020_electra, "GPT")["glue_dev"])


@value("electra.large_over_roberta_or_xlnet",
       inputs=["electra.large_over_roberta", "electra.large_over_xlnet"], fmt="fixed:2")
def large_over_roberta_or_xlnet(large_over_roberta, large_over_xlnet):
    """ELECTRA-400K's training FLOP as a fraction of RoBERTa-500K's or of XLNet's, whichever
    is larger (the less favourable ratio, Table 2)."""
    return max(large_over_roberta, large_over_xlnet)


claim("electra.claim_30x_less_than_gpt", of="electra.gpt_over_small",
      issue="GPT-3 issue", summary=ELECTRA,
      stated="a small ELECTRA model beats GPT on GLUE although GPT used 30× more compute "
             "(paper, abstract)",
      target=30, compare="approx", rel_tol=0.1,
      how="GPT's training FLOP over ELECTRA-Small's, both from the paper's Table 1; 10% "
          "tolerance for a round '30×'. The FLOP counts are the paper's estimates.")
claim("electra.claim_small_beats_gpt", of="electra.glue_margin_over_gpt",
      issue="GPT-3 issue", summary=ELECTRA,
      stated="ELECTRA-Small outscores GPT on GLUE (paper, abstract)", target=0, compare=">",
      how="GLUE dev average of ELECTRA-Small minus GPT's, Table 1.")
claim("electra.claim_quarter_of_roberta", of="electra.large_over_roberta_or_xlnet",
      issue="GPT-3 issue", summary=ELECTRA,
      stated="ELECTRA matches RoBERTa and XLNet with less than 1/4 of their compute "
             "(paper, abstract)",
      target=0.25, compare="<",
      how="The larger of ELECTRA-400K's training FLOP over RoBERTa-500K's and over "
          "XLNet's, i.e. the less favourable ratio (Table 2).")
claim("electra.claim_third_of_roberta", of="electra.large_over_roberta",
      issue="GPT-3 issue", summary=ELECTRA,
      stated="ELECTRA outperforms RoBERTa while needing less than a third of its compute",
      target=1 / 3, compare="<",
      how="ELECTRA-400K's training FLOP over RoBERTa-500K's (Table 2). Whether it "
          "'outperforms' is a separate claim: see the GLUE margin.")
claim("electra.claim_beats_roberta_glue", of="electra.glue_margin_over_roberta",
      issue="GPT-3 issue", summary=ELECTRA,
      stated="ELECTRA (400K steps) outperforms RoBERTa (500K steps) on GLUE",
      target=0, compare=">",
      how="GLUE dev average of ELECTRA-400K minus RoBERTa-500K's (Table 2). A margin "
          "this small is within run-to-run noise; the paper itself says 'comparably'.")
