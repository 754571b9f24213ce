"""The default batch size of full fine-tuning on a CPU: the largest that keeps the run's memory
under a stated bound, from the training memory measured for each network.

On CUDA the default stays 16 and running out of memory halves it (see `full._train`); a CPU
has no such signal before the operating system starts swapping, so the batch is chosen up
front: the largest of 16, 8, 4, 2 whose estimated peak resident memory is under
`memory_bound_mb()` (4 GB, or half the machine's memory where that is less).
"""

from __future__ import annotations

from inception_desktop.cpu import total_memory_bytes

BATCH_CHOICES = (16, 8, 4, 2)  # BatchNorm cannot train on a batch of one
BOUND_MB = 4096

# Peak resident memory of a training step at 299 x 299 (AdamW, channels-last), measured with
# scripts/bench_finetune.py's bare step at batch 2 and 8 on x86-64 Linux, torch 2.14:
# (MB of the process without a batch, MB per image), for fp32 and bf16 autocast.
MEASURED_MB = {
    "inception_v3": {"fp32": (1076, 112), "bf16": (1101, 56)},
    "inception_v4": {"fp32": (1319, 171), "bf16": (1364, 85)},
    "inception_resnet_v2": {"fp32": (1518, 193), "bf16": (1610, 91)},
}
_UNKNOWN = (1600, 200)  # a network not in the table: the largest figures, rounded up


def memory_bound_mb() -> float:
    total = total_memory_bytes()
    if not total:
        return float(BOUND_MB)
    return min(float(BOUND_MB), total / 2 / 2**20)


def estimated_peak_mb(network: str, precision: str, batch: int, size: int = 299) -> float:
    base, per_image = MEASURED_MB.get(network, {}).get(
        "bf16" if precision == "bf16" else "fp32", _UNKNOWN)
    return base + per_image * batch * (size / 299) ** 2


def default_cpu_batch(network: str, precision: str, size: int = 299,
                      processes: int = 1) -> int:
    """The largest batch of BATCH_CHOICES under the bound (the smallest if none is); the
    bound is shared by the training processes of one machine (torchrun)."""
    bound = memory_bound_mb() / max(1, processes)
    for batch in BATCH_CHOICES:
        if estimated_peak_mb(network, precision, batch, size) <= bound:
            return batch
    return BATCH_CHOICES[-1]
