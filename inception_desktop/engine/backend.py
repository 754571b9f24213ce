"""The interface every inference backend implements, and how one is chosen.

Backends: `torch` (eager, CPU/CUDA/MPS), `onnxruntime` and `openvino` (both run the same ONNX
exports, fp32 or a quantized int8 export; OpenVINO also runs fp32 exports in bf16 on CPUs with
native bf16). `auto` takes torch on a GPU; on a CPU the runtime that measures fastest on this
machine for the network and precision asked (`engine.autotune`, measured once and cached).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from inception_desktop.errors import BackendError

BACKENDS = ("auto", "torch", "onnxruntime", "openvino")
DEVICES = ("auto", "cpu", "cuda", "mps")
PRECISIONS = ("fp32", "bf16", "int8")
CPU_RUNTIMES = ("onnxruntime", "openvino")
AUTO_CPU = "auto-cpu"  # choose_backend's answer when a measurement must decide

__all__ = ["BACKENDS", "DEVICES", "PRECISIONS", "Backend", "BackendError", "BackendOutput",
           "choose_backend"]


@dataclass
class BackendOutput:
    logits: np.ndarray  # N x classes, float32
    features: np.ndarray  # N x C pooled features (the classifier's input)
    blocks: dict[str, np.ndarray] = field(default_factory=dict)  # path -> N x C x H x W


class Backend:
    """Runs one network with one set of weights on preprocessed batches (N x 3 x H x W)."""

    name: str = ""
    device: str = "cpu"
    network: str = ""
    num_classes: int = 0
    head_weight: np.ndarray  # classes x C, for class activation maps
    head_bias: np.ndarray

    def run(self, batch: np.ndarray, blocks: Sequence[str] = ()) -> BackendOutput:
        raise NotImplementedError

    def close(self) -> None:
        """Release the model (sessions, GPU memory)."""


def torch_available() -> bool:
    try:
        import torch  # noqa: F401
    except Exception:  # ImportError, or a broken install (missing CUDA libraries, ...)
        return False
    return True


def cuda_available() -> bool:
    if not torch_available():
        return False
    import torch

    return bool(torch.cuda.is_available())


def mps_available() -> bool:
    if not torch_available():
        return False
    import torch

    return bool(getattr(torch.backends, "mps", None) and torch.backends.mps.is_available())


def available_devices() -> list[str]:
    """The devices present on this machine, CPU always."""
    out = ["cpu"]
    if cuda_available():
        out.append("cuda")
    if mps_available():
        out.append("mps")
    return out


def onnxruntime_cuda_available() -> bool:
    try:
        import onnxruntime
    except ImportError:
        return False
    return "CUDAExecutionProvider" in onnxruntime.get_available_providers()


def openvino_available() -> bool:
    try:
        import openvino  # noqa: F401
    except Exception:
        return False
    return True


def cpu_runtimes() -> list[str]:
    """The ONNX runtimes installed here."""
    return [name for name, ok in (("onnxruntime", _onnxruntime_importable()),
                                  ("openvino", openvino_available())) if ok]


def choose_backend(backend: str = "auto", device: str = "auto",
                   precision: str = "fp32") -> tuple[str, str]:
    """-> (backend, device); the backend is AUTO_CPU when several CPU runtimes can run the
    precision and a measurement should pick (see engine.autotune)."""
    if backend not in BACKENDS:
        raise BackendError(f"unknown backend {backend!r}; choose one of: {', '.join(BACKENDS)}")
    if device not in DEVICES:
        raise BackendError(f"unknown device {device!r}; choose one of: {', '.join(DEVICES)}")
    if precision not in PRECISIONS:
        raise BackendError(f"unknown precision {precision!r}; choose one of: "
                           f"{', '.join(PRECISIONS)}")
    if device in ("cuda", "mps") and device not in available_devices():
        raise BackendError(f"device {device!r} is not available here; available: "
                           f"{', '.join(available_devices())}")
    if precision != "fp32":
        return _reduced_precision(backend, device, precision)
    if backend == "openvino":
        if not openvino_available():
            raise BackendError("openvino is not installed; pip install openvino, or use "
                               "--backend onnxruntime")
        if device in ("cuda", "mps"):
            raise BackendError("the openvino backend runs on the CPU here; use --backend torch "
                               f"for {device}")
        return "openvino", "cpu"
    if backend == "auto":
        if device == "auto":
            gpu = [d for d in available_devices() if d != "cpu"]
            if gpu:
                return "torch", gpu[0]
        if device in ("auto", "cpu"):
            runtimes = cpu_runtimes()
            if len(runtimes) > 1:
                return AUTO_CPU, "cpu"
            return (runtimes[0] if runtimes else "torch"), "cpu"
        return "torch", device
    if backend == "onnxruntime":
        if not _onnxruntime_importable():
            raise BackendError("onnxruntime is not installed; pip install onnxruntime, or use "
                               "--backend torch")
        if device == "mps":
            raise BackendError("the onnxruntime backend runs on cpu or cuda; use --backend torch "
                               "for mps")
        if device == "cuda" and not onnxruntime_cuda_available():
            raise BackendError("this onnxruntime has no CUDA support (install onnxruntime-gpu), "
                               "or use --backend torch")
        return "onnxruntime", "cpu" if device == "auto" else device
    if not torch_available():
        raise BackendError("torch is not installed in this build; use --backend onnxruntime")
    if device == "auto":
        gpu = [d for d in available_devices() if d != "cpu"]
        return "torch", gpu[0] if gpu else "cpu"
    return "torch", device


def _reduced_precision(backend: str, device: str, precision: str) -> tuple[str, str]:
    from inception_desktop.cpu import cpu_has_native_bf16

    if device in ("cuda", "mps"):
        raise BackendError(f"--precision {precision} runs on the CPU here; on a GPU use fp32 "
                           "(torch) or its own mixed precision")
    if backend == "torch":
        raise BackendError(f"--precision {precision} runs on the onnxruntime or openvino "
                           "backends (an ONNX export), not torch")
    if precision == "bf16":
        if not cpu_has_native_bf16():
            raise BackendError("--precision bf16: this CPU has no native bf16 (AVX512-BF16 or "
                               "AMX); emulated bf16 is slower than fp32: use fp32, or int8 "
                               "after `inception-desktop quantize`")
        if backend == "onnxruntime":
            raise BackendError("--precision bf16 runs on the openvino backend (onnxruntime has "
                               "no bf16 kernels for these networks on a CPU)")
        if not openvino_available():
            raise BackendError("--precision bf16 needs the openvino package (pip install "
                               "openvino)")
        return "openvino", "cpu"
    runtimes = cpu_runtimes()
    if backend == "auto":
        if not runtimes:
            raise BackendError("--precision int8 needs onnxruntime or openvino")
        return (AUTO_CPU if len(runtimes) > 1 else runtimes[0]), "cpu"
    if backend not in runtimes:
        raise BackendError(f"the {backend} backend is not installed here")
    return backend, "cpu"


def _onnxruntime_importable() -> bool:
    try:
        import onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def torch_device(device: str = "auto") -> str:
    """The torch device to train or run on: `auto` picks CUDA, then MPS, then the CPU; an
    explicitly requested device that this machine lacks is an error, never a silent CPU."""
    if device not in DEVICES:
        raise BackendError(f"unknown device {device!r}; choose one of: {', '.join(DEVICES)}")
    if not torch_available():
        raise BackendError("torch is not installed in this build; full fine-tuning and the "
                           "torch backend need it")
    present = available_devices()
    if device == "auto":
        return next((d for d in ("cuda", "mps") if d in present), "cpu")
    if device not in present:
        raise BackendError(f"device {device!r} is not available here; available: "
                           f"{', '.join(present)}")
    return device
