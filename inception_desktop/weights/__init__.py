"""Weights: every checkpoint format, the app's own format, the cache, downloads, imports, the
catalog of ONNX exports and the one resolver of a `--weights` choice."""

from inception_desktop.errors import WeightsError
from inception_desktop.weights.checkpoint import (
    CheckpointInfo,
    inspect_checkpoint,
    load_model,
    load_weights,
    read_checkpoint,
    save_app_checkpoint,
)

__all__ = ["CheckpointInfo", "WeightsError", "inspect_checkpoint", "load_model", "load_weights",
           "read_checkpoint", "save_app_checkpoint"]
