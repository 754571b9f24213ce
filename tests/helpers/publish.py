"""Publishing test checkpoints as a network's "official" weights on a loopback server."""

from __future__ import annotations

import dataclasses
import hashlib

from inception_desktop.models import specs
from tests.helpers.httpserver import LocalServer, Route


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
