"""Shared test set-up: offscreen Qt, a private data folder, reference checkpoints."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path_factory, monkeypatch):
    """No test touches the user's real data folder or the network."""
    data = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("INCEPTION_DESKTOP_DATA_DIR", str(data))
    monkeypatch.delenv("INCEPTION_DESKTOP_MIRROR", raising=False)
    return data
