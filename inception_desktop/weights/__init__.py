"""Weights: every checkpoint format, the app's own format, the cache, downloads and imports."""

from inception_desktop.weights.checkpoint import (
    CheckpointInfo,
    inspect_checkpoint,
    load_model,
    load_weights,
    read_checkpoint,
    save_app_checkpoint,
)
from inception_desktop.weights.errors import WeightsError

__all__ = ["CheckpointInfo", "WeightsError", "inspect_checkpoint", "load_model", "load_weights",
           "read_checkpoint", "save_app_checkpoint"]
