"""Fixtures for the weight cache tests: a loopback server publishing test checkpoints whose
hashes are injected into the specs in place of the real ones."""

from __future__ import annotations

import hashlib

import pytest

from tests.helpers.httpserver import LocalServer
from tests.helpers.reference import make_checkpoint


@pytest.fixture(scope="session")
def v3_checkpoint(tmp_path_factory):
    """A torchvision-format Inception-v3 checkpoint with random weights, and its sha256."""
    path = make_checkpoint("inception_v3", "torchvision", tmp_path_factory.mktemp("v3"))
    return path, hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def server():
    with LocalServer() as srv:
        yield srv
