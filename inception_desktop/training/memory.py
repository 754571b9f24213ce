"""The default batch size of full fine-tuning on a CPU: the largest that keeps the run's memory
under a stated bound, from the training memory measured for each network.

On CUDA the default stays 16 and running out of memory halves it (see `full._train`); a CPU
has no such signal before the operating system starts swapping, so the batch is chosen up
front: the largest of 16, 8, 4, 2 whose estimated peak resident memory is under
`memory_bound_mb()` (4 GB, or half the machine's memory where that is less).
"""

from __future__ import annotations

from inception_desktop.cpu import total_memory_bytes
from inception_desktop.models import get_spec, list_models

BATCH_CHOICES = (16, 8, 4, 2)  # BatchNorm cannot train on a batch of one
BOUND_MB = 4096

_UNKNOWN = (1600.0, 200.0)  # a network without a measurement: the largest figures, rounded up


def memory_bound_mb() -> float:
    total = total_memory_bytes()
    if not total:
        return float(BOUND_MB)
    return min(float(BOUND_MB), total / 2 / 2**20)


def estimated_peak_mb(network: str, precision: str, batch: int, size: int | None = None
                      ) -> float:
    """The peak of a training step from the spec's measured memory (per image scaled by the
    input's area against the network's own input size)."""
    spec = get_spec(network) if network in list_models() else None
    measured = spec.memory(precision) if spec is not None else None
    base, per_image = (measured.fixed_mb, measured.per_image_mb) if measured else _UNKNOWN
    native = spec.input_size if spec is not None else 299
    return base + per_image * batch * ((size or native) / native) ** 2


def default_cpu_batch(network: str, precision: str, size: int | None = None,
                      processes: int = 1) -> int:
    """The largest batch of BATCH_CHOICES under the bound (the smallest if none is); the
    bound is shared by the training processes of one machine (torchrun)."""
    bound = memory_bound_mb() / max(1, processes)
    for batch in BATCH_CHOICES:
        if estimated_peak_mb(network, precision, batch, size) <= bound:
            return batch
    return BATCH_CHOICES[-1]
