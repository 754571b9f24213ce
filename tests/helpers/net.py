"""Loopback networking for tests: a free port, the serve tests' bearer token."""

from __future__ import annotations

import socket

TOKEN = "a-test-token-of-enough-length"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
