"""Which numeric precision and memory format full fine-tuning runs in, and why.

- CUDA: automatic mixed precision, bf16 where the GPU supports it, else fp16 with a gradient
  scaler; channels-last (tensor cores prefer it).
- CPU: bf16 autocast only on a CPU with native bf16 (AVX512-BF16 or AMX-BF16, read from the
  CPU's instruction-set flags), and only when a short measured check shows it is really faster;
  channels-last where it measures faster. Elsewhere fp32. bf16 asked for on a CPU without
  native bf16 (it would be emulated, slower than fp32) and fp16 on a CPU are usage errors.
- The measurement (a few forward+backward passes of the run's own network, no weights
  changed; only the configurations the choice needs) is cached per CPU, network, input size
  and batch size in the data folder.
"""

from __future__ import annotations

import contextlib
import functools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from inception_desktop.cpu import cpu_has_native_bf16, cpu_identity
from inception_desktop.errors import UsageError, msg
from inception_desktop.tasks import TaskState

# bf16 must beat fp32 by this much in the measured check to be chosen by `auto`.
MIN_SPEEDUP = 1.15


@dataclass
class PrecisionPlan:
    name: str  # "fp32", "bf16" or "fp16"
    reason: str
    channels_last: bool
    device_type: str

    @property
    def dtype(self) -> Any:
        import torch

        return {"bf16": torch.bfloat16, "fp16": torch.float16}.get(self.name)

    def autocast(self, device: Any) -> contextlib.AbstractContextManager[Any]:
        import torch

        if self.name == "fp32":
            return contextlib.nullcontext()
        return torch.autocast(device.type, dtype=self.dtype)

    def grad_scaler(self) -> Any:
        import torch

        return torch.amp.GradScaler("cuda", enabled=self.name == "fp16" and
                                    self.device_type == "cuda")

    def prepare_model(self, model: Any) -> None:
        import torch

        if self.channels_last:
            model.to(memory_format=torch.channels_last)

    def prepare_input(self, x: Any) -> Any:
        import torch

        return x.contiguous(memory_format=torch.channels_last) if self.channels_last else x


def _step_seconds(model: Any, size: int, batch: int, dtype: Any, channels_last: bool,
                  repeats: int = 2, check: Callable[[], None] | None = None) -> float:
    """The median time of a forward + backward pass in eval mode (BatchNorm statistics and
    weights untouched; gradients are thrown away). `check` (a task's cancel check) runs
    before every block of the network, so a cancel stops the measurement within a block."""
    import torch

    x = torch.randn(batch, 3, size, size)
    if channels_last:
        model.to(memory_format=torch.channels_last)
        x = x.contiguous(memory_format=torch.channels_last)
    was_training = model.training
    model.eval()
    times = []
    hooks = [child.register_forward_pre_hook(lambda *_: check())
             for child in model.children()] if check is not None else []
    try:
        for i in range(repeats + 1):
            if check is not None:
                check()
            t0 = time.perf_counter()
            with torch.autocast("cpu", dtype=dtype, enabled=dtype is not None):
                out = model(x)
            out.float().sum().backward()
            model.zero_grad(set_to_none=True)
            if i:  # the first run warms up
                times.append(time.perf_counter() - t0)
    finally:
        for hook in hooks:
            hook.remove()
        model.zero_grad(set_to_none=True)
        model.train(was_training)
        if channels_last:
            model.to(memory_format=torch.contiguous_format)
    return sorted(times)[len(times) // 2]


# A measurement's keys: "fp32", "fp32-cl", "bf16", "bf16-cl" (-cl: channels-last).
Measure = Callable[[Any, int, int, list[str]], dict[str, float]]


def measure_cpu_options(model: Any, size: int, batch: int, keys: list[str],
                        check: Callable[[], None] | None = None) -> dict[str, float]:
    """Seconds per step of each configuration in `keys` (`check` raises Cancelled to stop)."""
    import torch

    dtypes = {"fp32": None, "bf16": torch.bfloat16}
    return {key: _step_seconds(model, size, batch, dtypes[key.split("-")[0]],
                               key.endswith("-cl"), check=check) for key in keys}


def _cached_measure(model: Any, size: int, batch: int, keys: list[str],
                    measure: Measure) -> dict[str, float]:
    """The configurations' step times, measured once per CPU, network, size and batch."""
    from inception_desktop.paths import data_subdir

    name = f"precision-{cpu_identity()}-{model.spec.name}-{size}-{batch}.json"
    path = data_subdir("tuning") / name
    known: dict[str, float] = {}
    try:
        cached = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(cached, dict):
            known = {str(k): float(v) for k, v in cached.items()
                     if isinstance(v, (int, float)) and v > 0}
    except (OSError, ValueError):
        pass
    missing = [k for k in keys if k not in known]
    if not missing:
        return known
    known.update(measure(model, size, batch, missing))
    try:
        from inception_desktop.fileio import atomic_write_json
        from inception_desktop.paths import writable_data_subdir

        writable_data_subdir("tuning")
        atomic_write_json(path, known)
    except Exception:
        pass  # a cache that cannot be written costs a measurement next time, nothing more
    return known


def check_precision(requested: str, device: Any) -> None:
    """A precision this device cannot run well is a usage error, said before any work."""
    kind = device.type
    if kind == "cuda":
        import torch

        if requested == "bf16" and not torch.cuda.is_bf16_supported():
            raise UsageError(msg("--precision bf16: this GPU has no bf16 support; use fp16 or "
                                 "auto"))
        return
    if kind != "cpu":
        if requested not in ("auto", "fp32"):
            raise UsageError(msg("--precision {requested} runs on a CPU with native bf16 or on "
                                 "CUDA; on {kind} use fp32 (or auto)",
                                 requested=requested, kind=kind))
        return
    if requested == "fp16":
        raise UsageError(msg("--precision fp16 is for CUDA GPUs; on a CPU use bf16 (where the "
                             "CPU has it natively) or fp32"))
    if requested == "bf16" and not cpu_has_native_bf16():
        raise UsageError(msg("--precision bf16: this CPU has no native bf16 (AVX512-BF16 or "
                             "AMX); emulated bf16 is slower than fp32, so use --precision fp32 "
                             "or auto"))


def choose_precision(requested: str, device: Any, model: Any, size: int, batch: int,
                     state: TaskState | None = None, distributed: bool = False,
                     measure: Measure | None = None) -> PrecisionPlan:
    """The plan for this run; a precision this device cannot run well is a usage error."""
    check_precision(requested, device)
    kind = device.type
    if kind == "cuda":
        return _cuda_plan(requested)
    if kind != "cpu":
        return PrecisionPlan("fp32", msg("{device}: fp32", device=kind), False, kind)
    native = cpu_has_native_bf16()
    if requested == "fp32" or (requested == "auto" and not native):
        why = msg("asked for") if requested == "fp32" else msg("this CPU has no native bf16")
        name = "fp32"
    else:
        name = "bf16"
        why = msg("asked for") if requested == "bf16" else msg("this CPU has native bf16")
    if distributed:  # every rank must choose alike: no per-rank measurement
        return PrecisionPlan(name, msg("{why}; distributed run, not measured", why=why), False,
                             "cpu")
    if state is not None:
        state.status(msg("measuring the training speed of this CPU (once per network and "
                         "size)..."))
    candidates = ["fp32", "bf16"] if requested == "auto" and name == "bf16" else [name]
    times = _cached_measure(model, size, batch, [f"{p}{cl}" for p in candidates
                                                 for cl in ("", "-cl")],
                            measure or functools.partial(
                                measure_cpu_options,
                                check=state.check if state is not None else None))
    best_cl = {p: times[f"{p}-cl"] < times[p] for p in candidates}
    if requested == "auto" and name == "bf16":
        fp32 = min(times["fp32"], times["fp32-cl"])
        bf16 = min(times["bf16"], times["bf16-cl"])
        speedup = fp32 / bf16
        if speedup < MIN_SPEEDUP:
            name = "fp32"
            why = msg("native bf16 measured only {speedup:.2f}x faster than fp32 here",
                      speedup=speedup)
        else:
            why = msg("native bf16, measured {speedup:.2f}x faster than fp32", speedup=speedup)
    if best_cl[name]:
        return PrecisionPlan(name, msg("{why}; channels-last measured faster", why=why), True,
                             "cpu")
    return PrecisionPlan(name, msg("{why}; default memory format measured faster", why=why),
                         False, "cpu")


def _cuda_plan(requested: str) -> PrecisionPlan:
    import torch

    bf16_ok = bool(torch.cuda.is_bf16_supported())
    if requested == "fp32":
        return PrecisionPlan("fp32", msg("asked for"), True, "cuda")
    if requested == "auto":
        name = "bf16" if bf16_ok else "fp16"
        why = msg("automatic mixed precision: the GPU supports bf16") if bf16_ok else \
            msg("automatic mixed precision: no bf16 on this GPU, fp16 with a gradient scaler")
    else:
        name, why = requested, msg("asked for")
    return PrecisionPlan(name, why, True, "cuda")

