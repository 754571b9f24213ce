"""Fixtures for the weight cache tests: a loopback server publishing test checkpoints whose
hashes are injected into the specs in place of the real ones."""

from __future__ import annotations

import dataclasses
import hashlib

import pytest

from inception_desktop.models import specs
from tests.httpserver import LocalServer, Route
from tests.reference import make_checkpoint


@pytest.fixture(scope="session")
def v3_checkpoint(tmp_path_factory):
    """A torchvision-format Inception-v3 checkpoint with random weights, and its sha256."""
    path = make_checkpoint("inception_v3", "torchvision", tmp_path_factory.mktemp("v3"))
    return path, hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def server():
    with LocalServer() as srv:
        yield srv


def publish(monkeypatch, server: LocalServer, network: str, data: bytes, sha256: str | None = None,
            **route_options) -> Route:
    """Serve `data` as `network`'s published weights and make the spec expect its hash."""
    spec = specs.SPECS[network]
    source = spec.weight_sources[0]
    path = f"/official/{network}/{source.filename}"
    route = Route(data, **route_options)
    server.routes[path] = route
    digest = sha256 or hashlib.sha256(data).hexdigest()
    new_source = dataclasses.replace(
        source, url=server.url(path),
        sha256=None if source.sha256_prefix else digest,
        sha256_prefix=digest[:8] if source.sha256_prefix else None)
    monkeypatch.setitem(specs.SPECS, network,
                        dataclasses.replace(spec, weight_sources=(new_source,)))
    return route
