"""The interface every inference backend implements, and the probes of what this machine
has (torch and its devices, onnxruntime, OpenVINO).

The registry of backends (what each runs, how it is named and opened) and the choice of one
live in `engine.registry`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from inception_desktop.errors import BackendError, msg

DEVICES = ("auto", "cpu", "cuda", "mps")

__all__ = ["DEVICES", "Backend", "BackendError", "BackendOutput", "torch_device"]


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
    cam_exact: bool = True  # the logits are a linear map of the pooled last block

    def run(self, batch: np.ndarray, blocks: Sequence[str] = ()) -> BackendOutput:
        raise NotImplementedError

    def close(self) -> None:
        """Release the model (sessions, GPU memory)."""


# ---------------------------------------------------------------------- availability probes

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


def onnxruntime_available() -> bool:
    try:
        import onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def onnxruntime_cuda_available() -> bool:
    if not onnxruntime_available():
        return False
    import onnxruntime

    return "CUDAExecutionProvider" in onnxruntime.get_available_providers()


def openvino_available() -> bool:
    try:
        import openvino  # noqa: F401
    except Exception:
        return False
    return True


def torch_device(device: str = "auto") -> str:
    """The torch device to train or run on: `auto` picks CUDA, then MPS, then the CPU; an
    explicitly requested device that this machine lacks is an error, never a silent CPU."""
    if device not in DEVICES:
        raise BackendError(msg("unknown device {device!r}; choose one of: {devices}",
                               device=device, devices=', '.join(DEVICES)))
    if not torch_available():
        raise BackendError(msg("torch is not installed in this build; full fine-tuning and the "
                               "torch backend need it"))
    present = available_devices()
    if device == "auto":
        return next((d for d in ("cuda", "mps") if d in present), "cpu")
    if device not in present:
        raise BackendError(msg("device {device!r} is not available here; available: {present}",
                               device=device, present=', '.join(present)))
    return device
