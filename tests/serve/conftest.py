"""Server fixtures: an in-process server on a free loopback port with an untrained
Inception-v3 (its export shared with the other tests of this session)."""

from __future__ import annotations

import pytest

from inception_desktop.engine.predictor import Predictor
from inception_desktop.serve.models import BatchingOptions
from inception_desktop.serve.server import BackgroundServer, ServeOptions
from tests.helpers.net import free_port


@pytest.fixture(scope="module")
def predictor(tmp_path_factory):
    return Predictor("inception_v3", random_weights=True, backend="onnxruntime")


@pytest.fixture
def start_server(predictor):
    servers = []

    def start(**options) -> BackgroundServer:
        batching = BatchingOptions(options.pop("max_batch", 8), options.pop("max_delay_ms", 5.0),
                                   options.pop("max_queue", 64), options.pop("max_wait_s", 10.0))
        server = BackgroundServer(ServeOptions(port=free_port(), batching=batching, **options),
                                  [predictor])
        server.start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def server(start_server):
    return start_server()
