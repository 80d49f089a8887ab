"""DeepSpeed's memory arithmetic (AN #125): ZeRO, ZeRO-Offload and 3D parallelism."""

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
Z = "zero_2019_constants"  # bytes per parameter and ZeRO's worked examples
DS = "deepspeed_2020_constants"  # DeepSpeed's model sizes and GPU counts, the V100
C = [Z, DS]
GB = 1e9  # the ZeRO paper's GB: 7.5e9 parameters x 16 bytes = 120 GB


def _c(ds, name):
    return ds.one(name=name)["value"]


def _precision(ds):
    return memory.Precision(param=_c(ds, "fp16_param_bytes"), grad=_c(ds, "fp16_grad_bytes"),
                            optimizer=_c(ds, "adam_state_bytes"))


def _v100(ds):
    return _c(ds, "v100_memory_gb") * GB


# -- values -------------------------------------------------------------------------------


@value("memory.bytes_per_param", inputs=[Z], fmt="int", unit="bytes")
def bytes_per_param(zero_2019_constants):
    """Model-state bytes per parameter with mixed-precision Adam: 2 + 2 + K."""
    return _precision(zero_2019_constants).total


@value("memory.gpt2_example_gb", inputs=[Z], fmt="sig:3", unit="GB")
def gpt2_example_gb(zero_2019_constants):
    """Model states of the 1.5B-parameter GPT-2 under mixed-precision Adam."""
    return memory.model_state_bytes(_c(zero_2019_constants, "zero_gpt2_example_params"),
                                    _precision(zero_2019_constants)) / GB


@value("memory.full_13b_gb", inputs=C, fmt="sig:3", unit="GB")
def full_13b_gb(zero_2019_constants, deepspeed_2020_constants):
    """All model states of a 13B-parameter model, kept on one GPU."""
    return memory.model_state_bytes(_c(deepspeed_2020_constants, "offload_params"),
                                    _precision(zero_2019_constants)) / GB


@value("memory.full_13b_over_v100", inputs=["memory.full_13b_gb"] + C, fmt="times:2")
def full_13b_over_v100(full_13b_gb, zero_2019_constants, deepspeed_2020_constants):
    """How many times a 32 GB V100 the 13B model's full model states would fill."""
    return full_13b_gb * GB / _v100(deepspeed_2020_constants)


def _offload_13b(zero, deepspeed):
    return memory.offload_split(_c(deepspeed, "offload_params"), _precision(zero))


@value("memory.offload_13b_gpu_gb", inputs=C, fmt="sig:3", unit="GB")
def offload_13b_gpu_gb(zero_2019_constants, deepspeed_2020_constants):
    """ZeRO-Offload, 13B parameters: fp16 parameters left on the GPU."""
    return _offload_13b(zero_2019_constants, deepspeed_2020_constants).gpu / GB


@value("memory.offload_13b_cpu_gb", inputs=C, fmt="sig:3", unit="GB")
def offload_13b_cpu_gb(zero_2019_constants, deepspeed_2020_constants):
    """ZeRO-Offload, 13B parameters: gradients and Adam states moved to CPU memory."""
    return _offload_13b(zero_2019_constants, deepspeed_2020_constants).cpu / GB


@value("memory.offload_13b_headroom_gb", inputs=["memory.offload_13b_gpu_gb"] + C, fmt="sig:2",
       unit="GB")
def offload_13b_headroom_gb(offload_13b_gpu_gb, zero_2019_constants, deepspeed_2020_constants):
    """What a 32 GB V100 has left for activations once the 13B model's fp16 weights are in."""
    return _v100(deepspeed_2020_constants) / GB - offload_13b_gpu_gb


@value("memory.v100_max_params_plain", inputs=C, fmt="sci:2", unit="parameters")
def v100_max_params_plain(zero_2019_constants, deepspeed_2020_constants):
    """Largest model whose full model states fit in 32 GB (no activations)."""
    return memory.max_params(_v100(deepspeed_2020_constants),
                             _precision(zero_2019_constants).total)


@value("memory.v100_max_params_offload", inputs=C, fmt="sci:2", unit="parameters")
def v100_max_params_offload(zero_2019_constants, deepspeed_2020_constants):
    """Largest model whose fp16 parameters alone fill 32 GB (the offload ceiling)."""
    return memory.max_params(_v100(deepspeed_2020_constants),
                             _precision(zero_2019_constants).param)


@value("memory.trillion_total_tb", inputs=C, fmt="sig:3", unit="TB")
def trillion_total_tb(zero_2019_constants, deepspeed_2020_constants):
    """Model states of a trillion-parameter model, in terabytes."""
    return memory.model_state_bytes(_c(deepspeed_2020_constants, "trillion_params"),
                                    _precision(zero_2019_constants)) / 1e12


def _split_label(gpus: int) -> str:
    return f"states split over {gpus} GPUs"


@value("memory.trillion_per_gpu_gb", inputs=["memory.per_gpu_vs_params"] + C, fmt="sig:3",
       unit="GB")
def trillion_per_gpu_gb(per_gpu_vs_params, zero_2019_constants, deepspeed_2020_constants):
    """Each GPU's share of a trillion-parameter model's states, split evenly over 800 GPUs.

    The point at a trillion parameters of memory.per_gpu_vs_params's split curve."""
    ds = deepspeed_2020_constants
    label, n = _split_label(int(_c(ds, "trillion_gpus"))), _c(ds, "trillion_params")
    return next(y for curve, x, y in per_gpu_vs_params.rows if curve == label and x == n)


@value("memory.trillion_min_gpus", inputs=C, fmt="int", unit="GPUs")
def trillion_min_gpus(zero_2019_constants, deepspeed_2020_constants):
    """Fewest 32 GB GPUs whose memory could hold a trillion parameters' model states at all."""
    return float(np.ceil(memory.min_gpus(_c(deepspeed_2020_constants, "trillion_params"),
                                         _v100(deepspeed_2020_constants),
                                         _precision(zero_2019_constants))))


# -- tables and figures -------------------------------------------------------------------

_STAGES = (
    (0, "Plain data parallelism", "(2 + 2 + K)Ψ", "zero_fig1_baseline_gb"),
    (1, "Stage 1: optimizer states split", "4Ψ + KΨ/N_d", "zero_fig1_pos_gb"),
    (2, "Stage 2: + gradients split", "2Ψ + (2 + K)Ψ/N_d", "zero_fig1_posg_gb"),
    (3, "Stage 3: + parameters split", "(2 + 2 + K)Ψ/N_d", "zero_fig1_posgp_gb"),
)


@table("memory.zero_stages", inputs=[Z],
       title="Per-GPU model states of a 7.5B-parameter model on 64 GPUs, by ZeRO stage")
def zero_stages(zero_2019_constants):
    """ZeRO's Figure 1 example (Rajbhandari et al. 2019: 7.5B parameters, 64-way data
    parallelism, K = 12) recomputed from 2 + 2 + K bytes per parameter, against the
    per-GPU memory the figure prints for each stage. Everything here comes from the ZeRO
    paper; nothing from DeepSpeed's blog post."""
    ds = zero_2019_constants
    psi, nd, prec = _c(ds, "zero_fig1_params"), int(_c(ds, "zero_fig1_dp_degree")), _precision(ds)
    rows = []
    for stage, label, formula, published in _STAGES:
        got = memory.zero_bytes_per_gpu(psi, nd, stage, prec) / GB
        rows.append((label, formula, got, _c(ds, published), got / _c(ds, published)))
    return Table([Col("Configuration", align="left"), Col("Bytes per GPU", align="left"),
                  Col("Computed", fmt="fixed:2", unit="GB"),
                  Col("ZeRO Figure 1", fmt="sig:3", unit="GB"),
                  Col("Computed / Figure 1", fmt="fixed:3", lead=True)], rows)


@figure("memory.per_gpu_vs_params", inputs=C + ["memory.offload_13b_gpu_gb"],
        title="Offloading and splitting fit model states far larger than one GPU's memory")
def per_gpu_vs_params(zero_2019_constants, deepspeed_2020_constants, offload_13b_gpu_gb):
    """Model-state bytes per GPU for plain training, ZeRO-Offload and an even split over
    800 GPUs, against model size.

    The bytes per parameter come from the ZeRO paper (Rajbhandari et al. 2019, Sec. 3.1);
    what ZeRO-Offload keeps on the GPU from the ZeRO-Offload paper (Ren et al. 2021, Sec.
    4, see recomputed.science.memory); the 13 billion parameters, the trillion and the
    800 GPUs from DeepSpeed's blog post (2020); the 32 GB line from NVIDIA's V100
    specifications."""
    from recomputed.engine import annotate, plotting

    ds = deepspeed_2020_constants
    prec, v100 = _precision(zero_2019_constants), _v100(ds)
    n13, n1t = _c(ds, "offload_params"), _c(ds, "trillion_params")
    gpus = int(_c(ds, "trillion_gpus"))
    sizes = np.logspace(8, 13, 51)
    curves = {
        "all model states on one GPU": [memory.model_state_bytes(n, prec) for n in sizes],
        "ZeRO-Offload: fp16 weights on GPU": [memory.offload_split(n, prec).gpu for n in sizes],
        _split_label(gpus): [memory.zero_bytes_per_gpu(n, gpus, 3, prec) for n in sizes],
    }
    fig, ax = plotting.new_figure(7.0, 4.4)
    rows = []
    for label, ys in curves.items():
        ys = curves[label] = np.array(ys) / GB
        ax.plot(sizes, ys, label=label)
        rows += [(label, n, y) for n, y in zip(sizes, ys, strict=True)]
    ax.axhline(v100 / GB, color="black", linestyle="--", linewidth=1)
    ax.text(1.2e8, v100 / GB * 1.25, f"one {numbers.format_number(v100 / GB, 'int')} GB V100",
            fontsize=9)
    # The marked points: the value memory.offload_13b_gpu_gb, and the split curve's point at
    # a trillion parameters (which memory.trillion_per_gpu_gb reads).
    y13 = offload_13b_gpu_gb
    y1t = curves[_split_label(gpus)][list(sizes).index(n1t)]
    ax.plot([n13], [y13], "o", color=plotting.PALETTE[1])
    ax.annotate("13B, offloaded", (n13, y13), textcoords="offset points", xytext=(8, -14),
                fontsize=9)
    ax.plot([n1t], [y1t], "o", color=plotting.PALETTE[2])
    # A line lower than "13B, offloaded", which it ran into in the phone rendering.
    ax.annotate(f"1 trillion on {gpus} GPUs", (n1t, y1t), textcoords="offset points",
                xytext=(8, -28), fontsize=9)
    plotting.log_axes(ax)
    annotate.end_labels(ax, texts=["all on one GPU", "ZeRO-Offload", f"split over {gpus}"])
    ax.set_xlabel("model size (parameters)")
    ax.set_ylabel("model states per GPU (GB)")
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
      target="32", compare="<",
      exact="13 billion parameters is the statement's own size, and 2 bytes per fp16 "
            "parameter is definitional",
      how="With optimizer states and gradients on the CPU, the GPU keeps the fp16 "
          "parameters: 2 bytes × 13e9 = GPU memory needed, against 32 GB. Necessary, not "
          "sufficient: activations must fit in what is left.")
claim("memory.claim_trillion_800_v100", of="memory.trillion_per_gpu_gb", issue=AN125,
      summary=DEEPSPEED,
      stated="3D parallelism can fit a model of over a trillion parameters on 800 V100s",
      target="32", compare="<",
      exact="a trillion parameters and 800 GPUs are the statement's own figures, and "
            "16 bytes per parameter is definitional",
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
