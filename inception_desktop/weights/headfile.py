"""Head-only checkpoints: the app's own format for head-mode fine-tuning.

Head mode trains only the classifier on the pooled features of a base network, so its
checkpoint holds just the new classifier (`classifier.weight`, `classifier.bias`) and metadata
naming the base network and the sha256 of the base weights it was trained on. It is tiny, is
written and read with numpy and safetensors only (no torch), and runs on either backend: the
base network's features go through this classifier.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from inception_desktop.errors import WeightsError, msg
from inception_desktop.fileio import atomic_path
from inception_desktop.weights.appformat import (
    AppMetadata,
    BaseWeights,
    build_metadata,
    read_app_metadata,
)


@dataclass
class HeadCheckpoint:
    path: Path
    network: str
    weight: np.ndarray  # classes x features
    bias: np.ndarray
    class_names: list[str]
    base: BaseWeights
    metadata: AppMetadata

    @property
    def num_classes(self) -> int:
        return int(self.weight.shape[0])


def is_head_checkpoint(path: str | os.PathLike[str]) -> bool:
    """True for a head-only app checkpoint (a damaged app file counts as not one: reading it
    then says what is wrong)."""
    try:
        meta = read_app_metadata(path)
    except WeightsError:
        return False
    return meta is not None and meta.contents == "head"


def read_head_checkpoint(path: str | os.PathLike[str]) -> HeadCheckpoint:
    """Read and check a head file (numpy only); WeightsError naming the file otherwise."""
    from safetensors.numpy import load_file

    path = Path(path)
    meta = read_app_metadata(path)
    if meta is None or meta.contents != "head":
        raise WeightsError(msg("{name} is not a head-only inception-desktop checkpoint",
                               name=path.name))
    try:
        tensors = load_file(str(path))
    except Exception:  # an untrusted file: any failure is this file's error
        raise WeightsError(msg("{name} is truncated or corrupt: it is not a complete "
                               "safetensors file; get the file again", name=path.name)) from None
    weight, bias = tensors.get("classifier.weight"), tensors.get("classifier.bias")
    if weight is None or bias is None or weight.ndim != 2 or bias.ndim != 1 or \
            bias.shape[0] != weight.shape[0] or weight.shape[0] != meta.num_classes:
        raise WeightsError(msg("{name} has no valid classifier for its {classes} classes; the "
                               "file is incomplete", name=path.name, classes=meta.num_classes))
    from inception_desktop.models import get_spec

    # The pooled width; on an imported Keras model with a Dense stack, its last Dense's
    # width (recorded; the base's backend checks it again when they run together).
    features = meta.values.get("num_features", get_spec(meta.network).num_features)
    if weight.shape[1] != features:
        raise WeightsError(msg("{name}: its classifier takes {width} features, {network} gives "
                               "{features}", name=path.name, width=weight.shape[1],
                               network=get_spec(meta.network).display_name, features=features))
    if not (np.isfinite(weight).all() and np.isfinite(bias).all()):
        raise WeightsError(msg("{name} holds values that are not finite numbers; the file is "
                               "corrupt", name=path.name))
    names = meta.class_names or [f"class {i}" for i in range(weight.shape[0])]
    assert meta.base is not None  # parse_app_metadata requires it for heads
    return HeadCheckpoint(path, meta.network, weight.astype(np.float32),
                          bias.astype(np.float32), list(names), meta.base, meta)


def save_head_checkpoint(path: str | os.PathLike[str], network: str, weight: np.ndarray,
                         bias: np.ndarray, class_names: list[str], base: dict[str, Any],
                         extra: dict[str, Any] | None = None) -> Path:
    """Write atomically: a crash or cancel never leaves a half-written checkpoint."""
    from safetensors.numpy import save_file

    metadata = build_metadata(network, "head", int(weight.shape[0]), class_names,
                              {"base_weights": base, "num_features": int(weight.shape[1]),
                               **(extra or {})})
    path = Path(path)
    tensors = {"classifier.weight": np.ascontiguousarray(weight, np.float32),
               "classifier.bias": np.ascontiguousarray(bias, np.float32)}
    with atomic_path(path) as tmp:
        save_file(tensors, str(tmp), metadata=metadata)
    return path
