"""A fine-tuned model without training: a random head over an untrained base, installed in the
data folder as the fine-tune command would (removed again by the caller)."""

from __future__ import annotations

from pathlib import Path

import numpy as np


def install_head(folder: Path, name: str, classes: list[str], network: str = "inception_v3",
                 seed: int = 0):
    """-> the installed entry (`.name`, `.network`, `.num_classes`)."""
    from inception_desktop.models import get_spec
    from inception_desktop.weights.headfile import save_head_checkpoint
    from inception_desktop.weights.importer import install_model

    features = get_spec(network).num_features
    rng = np.random.default_rng(seed)
    path = Path(folder) / f"{name}.safetensors"
    save_head_checkpoint(path, network, rng.standard_normal((len(classes), features)) * 0.05,
                         np.zeros(len(classes)), list(classes),
                         {"name": "untrained", "sha256": None, "untrained": True},
                         {"name": name})
    return install_model(path)


def remove_head(entry) -> None:
    from inception_desktop.weights.store import remove_entry

    remove_entry(entry.name)
