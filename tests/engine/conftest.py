"""Engine tests share one data folder per session, so each ONNX export is made once."""

from __future__ import annotations

import pytest

from tests.reference import make_checkpoint


@pytest.fixture(scope="session")
def shared_data_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("engine-data")


@pytest.fixture(autouse=True)
def _private_data_dir(shared_data_dir, monkeypatch):
    monkeypatch.setenv("INCEPTION_DESKTOP_DATA_DIR", str(shared_data_dir))
    monkeypatch.delenv("INCEPTION_DESKTOP_MIRROR", raising=False)
    return shared_data_dir


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
