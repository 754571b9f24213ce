"""Engine test fixtures: reference-format checkpoints with random weights."""

from __future__ import annotations

import pytest

from tests.reference import make_checkpoint


@pytest.fixture(scope="session")
def checkpoints(tmp_path_factory):
    """Reference-format files with random (but informative) weights, one per network."""
    folder = tmp_path_factory.mktemp("ckpt")
    made = {}

    def get(name: str):
        if name not in made:
            fmt = "torchvision" if name == "inception_v3" else "timm-safetensors"
            made[name] = make_checkpoint(name, fmt, folder / name)
        return made[name]

    return get
