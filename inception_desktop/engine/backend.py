"""The interface both inference backends implement, and how one is chosen."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from inception_desktop.errors import BackendError

BACKENDS = ("auto", "torch", "onnxruntime")
DEVICES = ("auto", "cpu", "cuda", "mps")

__all__ = ["BACKENDS", "DEVICES", "Backend", "BackendError", "BackendOutput", "choose_backend"]


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


def choose_backend(backend: str = "auto", device: str = "auto") -> tuple[str, str]:
    """-> (backend, device). On a CPU onnxruntime is the default (1.7x-2.6x faster than eager
    torch); with CUDA (or MPS), torch."""
    if backend not in BACKENDS:
        raise BackendError(f"unknown backend {backend!r}; choose one of: {', '.join(BACKENDS)}")
    if device not in DEVICES:
        raise BackendError(f"unknown device {device!r}; choose one of: {', '.join(DEVICES)}")
    if device in ("cuda", "mps") and device not in available_devices():
        raise BackendError(f"device {device!r} is not available here; available: "
                           f"{', '.join(available_devices())}")
    if backend == "auto":
        if device == "auto":
            gpu = [d for d in available_devices() if d != "cpu"]
            if gpu:
                return "torch", gpu[0]
            return ("onnxruntime" if _onnxruntime_importable() else "torch"), "cpu"
        if device == "cpu":
            return ("onnxruntime" if _onnxruntime_importable() else "torch"), "cpu"
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
