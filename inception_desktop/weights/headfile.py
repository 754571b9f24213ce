"""Head-only checkpoints: the app's own format for head-mode fine-tuning.

Head mode trains only the classifier on the pooled features of a base network, so its
checkpoint holds just the new classifier (`classifier.weight`, `classifier.bias`) and metadata
naming the base network and the sha256 of the base weights it was trained on. It is tiny, is
written and read without torch (safetensors' numpy API), and runs on either backend: the base
network's features go through this classifier.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from inception_desktop.weights.errors import WeightsError
from inception_desktop.weights.fileio import atomic_path

APP_FORMAT = "inception-desktop"
HEAD_CONTENTS = "head"


@dataclass
class HeadCheckpoint:
    path: Path
    network: str
    weight: np.ndarray  # classes x features
    bias: np.ndarray
    class_names: list[str]
    base_sha256: str | None  # None with base_untrained
    base_name: str
    base_untrained: bool
    metadata: dict[str, Any]

    @property
    def num_classes(self) -> int:
        return int(self.weight.shape[0])


def _metadata(path: Path) -> dict[str, str] | None:
    """Safetensors metadata, or None when the file is not safetensors."""
    try:
        with open(path, "rb") as f:
            head = f.read(8)
            if len(head) < 8:
                return None
            n = int.from_bytes(head, "little")
            if n <= 0 or n > 100_000_000 or n > path.stat().st_size:
                return None
            header = json.loads(f.read(n))
        meta = header.get("__metadata__") if isinstance(header, dict) else None
        return meta if isinstance(meta, dict) else {}
    except (OSError, ValueError, UnicodeDecodeError):
        return None


def is_head_checkpoint(path: str | os.PathLike) -> bool:
    meta = _metadata(Path(path))
    return bool(meta) and meta.get("format") == APP_FORMAT and \
        json.loads(meta.get("contents", '"full"')) == HEAD_CONTENTS


def app_metadata(path: str | os.PathLike) -> dict[str, Any] | None:
    """The decoded metadata of an app checkpoint (full or head), None for other files."""
    meta = _metadata(Path(path))
    if not meta or meta.get("format") != APP_FORMAT:
        return None
    out: dict[str, Any] = {}
    for key, value in meta.items():
        try:
            out[key] = json.loads(value)
        except ValueError:
            out[key] = value
    return out


def read_head_checkpoint(path: str | os.PathLike) -> HeadCheckpoint:
    from safetensors import SafetensorError
    from safetensors.numpy import load_file

    path = Path(path)
    meta = app_metadata(path)
    if not meta or meta.get("contents") != HEAD_CONTENTS:
        raise WeightsError(f"{path.name} is not a head-only inception-desktop checkpoint")
    try:
        tensors = load_file(str(path))
    except (SafetensorError, OSError, ValueError) as exc:
        raise WeightsError(f"{path.name} is truncated or corrupt ({exc})") from None
    weight, bias = tensors.get("classifier.weight"), tensors.get("classifier.bias")
    if weight is None or bias is None or weight.ndim != 2 or bias.shape != weight.shape[:1]:
        raise WeightsError(f"{path.name} has no valid classifier; the file is incomplete")
    names = meta.get("class_names") or [f"class {i}" for i in range(weight.shape[0])]
    if len(names) != weight.shape[0]:
        raise WeightsError(f"{path.name}: {len(names)} class names for {weight.shape[0]} "
                           "classes")
    base = meta.get("base_weights") or {}
    return HeadCheckpoint(path, meta.get("model", ""), weight.astype(np.float32),
                          bias.astype(np.float32), list(names), base.get("sha256"),
                          base.get("name", ""), bool(base.get("untrained")), meta)


def save_head_checkpoint(path: str | os.PathLike, network: str, weight: np.ndarray,
                         bias: np.ndarray, class_names: list[str], base: dict[str, Any],
                         extra: dict[str, Any] | None = None) -> Path:
    """Write atomically: a crash or cancel never leaves a half-written checkpoint."""
    from safetensors.numpy import save_file

    from inception_desktop import __version__
    from inception_desktop.models import get_spec

    spec = get_spec(network)
    meta: dict[str, Any] = {
        "format_version": "1",
        "contents": HEAD_CONTENTS,
        "model": network,
        "num_classes": int(weight.shape[0]),
        "class_names": list(class_names),
        "base_weights": base,
        "preprocessing": {"input_size": spec.input_size, "resize_size": spec.resize_size,
                          "crop_pct": spec.crop_pct, "interpolation": spec.interpolation,
                          "mean": list(spec.mean), "std": list(spec.std)},
        "app_version": __version__,
        **(extra or {}),
    }
    encoded = {k: json.dumps(v) for k, v in meta.items()}
    encoded["format"] = APP_FORMAT
    path = Path(path)
    tensors = {"classifier.weight": np.ascontiguousarray(weight, np.float32),
               "classifier.bias": np.ascontiguousarray(bias, np.float32)}
    with atomic_path(path) as tmp:
        save_file(tensors, str(tmp), metadata=encoded)
    return path
