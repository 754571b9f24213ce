"""Shared test set-up: offscreen Qt, private data and settings folders, no network."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

# Tests in these folders share one data folder, so each ONNX export and feature cache is made
# once per session; none of them installs weights a neighbour could see as a network's default.
SHARED_DATA = ("engine", "training", "gui", "serve")


@pytest.fixture(scope="session")
def shared_data_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("shared-data")


@pytest.fixture(autouse=True)
def _private_data_dir(request, tmp_path_factory, tmp_path, monkeypatch):
    """No test touches the user's real folders or the network."""
    if request.path.parent.name in SHARED_DATA:
        data = request.getfixturevalue("shared_data_dir")
    else:
        data = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("INCEPTION_DESKTOP_DATA_DIR", str(data))
    monkeypatch.setenv("INCEPTION_DESKTOP_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv("INCEPTION_DESKTOP_MIRROR", raising=False)
    return data


@pytest.fixture(scope="session")
def checkpoints(tmp_path_factory):
    """Reference-format files with random (but informative) weights, one per network."""
    from tests.reference import make_checkpoint

    folder = tmp_path_factory.mktemp("ckpt")
    made = {}

    def get(name: str):
        if name not in made:
            fmt = "torchvision" if name == "inception_v3" else "timm-safetensors"
            made[name] = make_checkpoint(name, fmt, folder / name)
        return made[name]

    return get
