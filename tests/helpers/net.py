"""Loopback networking for tests: a free port, the serve tests' bearer token, waiting for a
server that starts in another process."""

from __future__ import annotations

import socket
import subprocess
import time

TOKEN = "a-test-token-of-enough-length"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_ready(url: str, proc: subprocess.Popen | None = None,
                     timeout: float = 120) -> None:
    """Until `url`'s /v2/health/ready answers 200, the timeout passes, or `proc` (the server's
    process, when given) has exited."""
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and (proc is None or proc.poll() is None):
        try:
            if requests.get(f"{url}/v2/health/ready", timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
