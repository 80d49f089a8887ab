"""GPU memory for model states in mixed-precision Adam training, and how ZeRO splits it.

Source: Rajbhandari et al. (2019), "ZeRO: Memory Optimizations Toward Training Trillion
Parameter Models", arXiv 1910.02054, Sec. 3.1 and 5. With Psi parameters, mixed-precision
Adam keeps fp16 parameters (2 Psi bytes), fp16 gradients (2 Psi) and K Psi bytes of
optimizer state (fp32 parameters, momentum and variance: K = 12), so 16 Psi bytes in all.
Only model states are counted here: activations, temporary buffers and fragmentation come
on top. Bytes are bytes; callers convert to GB (10^9 bytes, as the ZeRO paper does).
"""

from __future__ import annotations

from dataclasses import dataclass

STAGES = (0, 1, 2, 3)


@dataclass(frozen=True)
class Precision:
    """Bytes per parameter of each model state (ZeRO Sec. 3.1)."""

    param: float = 2.0  # fp16 parameters
    grad: float = 2.0  # fp16 gradients
    optimizer: float = 12.0  # K: fp32 parameters + momentum + variance

    @property
    def total(self) -> float:
        """Bytes per parameter of all model states: 2 + 2 + K."""
        return self.param + self.grad + self.optimizer


def model_state_bytes(n_params: float, precision: Precision) -> float:
    """All model states of one replica: (2 + 2 + K) Psi bytes."""
    return float(n_params * precision.total)


def zero_bytes_per_gpu(n_params: float, dp_degree: int, stage: int,
                       precision: Precision) -> float:
    """Model-state bytes per GPU under ZeRO-DP with N_d data-parallel GPUs (ZeRO Fig. 1).

    stage 0 (plain data parallelism): (2 + 2 + K) Psi
    stage 1 (P_os, optimizer states partitioned): (2 + 2) Psi + K Psi / N_d
    stage 2 (P_os+g, gradients too): 2 Psi + (2 + K) Psi / N_d
    stage 3 (P_os+g+p, parameters too): (2 + 2 + K) Psi / N_d
    """
    if stage not in STAGES:
        raise ValueError(f"ZeRO stage must be one of {STAGES}")
    if dp_degree < 1:
        raise ValueError("need at least one GPU")
    p, g, k = precision.param, precision.grad, precision.optimizer
    replicated = {0: p + g + k, 1: p + g, 2: p, 3: 0.0}[stage]
    partitioned = p + g + k - replicated
    return float(n_params * (replicated + partitioned / dp_degree))


@dataclass(frozen=True)
class OffloadSplit:
    """Where ZeRO-Offload keeps the model states of one model on one GPU (bytes)."""

    gpu: float  # fp16 parameters stay on the GPU for the forward and backward passes
    cpu: float  # fp16 gradients and the fp32 optimizer states move to host memory


def offload_split(n_params: float, precision: Precision) -> OffloadSplit:
    """ZeRO-Offload's partition (Ren et al. 2021, arXiv 2101.06840, Sec. 4).

    GPU: 2 Psi (fp16 parameters). CPU: 2 Psi (fp16 gradients) + K Psi (Adam states), where
    the optimizer step also runs.
    """
    return OffloadSplit(gpu=float(n_params * precision.param),
                        cpu=float(n_params * (precision.grad + precision.optimizer)))


def max_params(memory_bytes: float, bytes_per_param: float) -> float:
    """Largest Psi whose model states fit in ``memory_bytes``: memory / bytes per parameter."""
    if bytes_per_param <= 0:
        raise ValueError("bytes per parameter must be positive")
    return float(memory_bytes / bytes_per_param)


def min_gpus(n_params: float, gpu_bytes: float, precision: Precision) -> float:
    """Fewest GPUs whose combined memory holds all model states, fully partitioned.

    A real-valued lower bound, (2 + 2 + K) Psi / memory per GPU; round up for a count.
    """
    return float(model_state_bytes(n_params, precision) / gpu_bytes)
