"""Connections are bounded (issue 23, item 5), seen by real socket clients on 127.0.0.1:
a request head not complete in time is closed, however it trickles in; so is an idle
connection and a body that stops; connections over the cap are answered 503 and closed, and
the server keeps answering; a request with two framings is refused and its connection
closed; generated garbage heads are 4xx or closed, never a traceback; each condition is
logged as one line, rate-limited."""

from __future__ import annotations

import logging
import socket
import time

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

HEAD = b"GET /v2/health/live HTTP/1.1\r\nHost: x\r\n\r\n"


def connect(server) -> socket.socket:
    s = socket.create_connection((server.options.host, server.options.port), timeout=10)
    s.settimeout(0.2)
    return s


def closed_within(s: socket.socket, seconds: float, trickle: bytes = b"",
                  every: float = 0.3) -> float | None:
    """Seconds until the server closed `s` (reading and discarding what it sends), None if
    it was still open after `seconds`; `trickle` is sent every `every` seconds meanwhile."""
    started = last = time.monotonic()
    while time.monotonic() - started < seconds:
        try:
            if s.recv(65536) == b"":
                return time.monotonic() - started
        except TimeoutError:
            pass
        except OSError:
            return time.monotonic() - started
        if trickle and time.monotonic() - last > every:
            try:
                s.sendall(trickle)
            except OSError:
                return time.monotonic() - started
            last = time.monotonic()
    return None


def answer(s: socket.socket, seconds: float = 10) -> bytes:
    """Everything the server sends until it closes (or `seconds` pass)."""
    s.settimeout(seconds)
    data = b""
    try:
        while chunk := s.recv(65536):
            data += chunk
    except (TimeoutError, OSError):
        pass
    return data


@pytest.fixture
def quick(start_server):
    """A server whose timeouts are a second, so the tests wait little."""
    return start_server(head_timeout_s=1.0, keep_alive_s=1.0)


def test_half_open_heads_and_idle_connections_are_closed(quick):
    cases = {
        "nothing sent": (b"", b""),
        "half a head, then silence": (b"GET /v2/health/live HTTP/1.1\r\nHost: x\r\n", b""),
        "a head trickled a line at a time": (b"GET /v2/health/live HTTP/1.1\r\n", b"X-a: b\r\n"),
        "a body that stops": (b"POST /v1/classify HTTP/1.1\r\nHost: x\r\nContent-Type: "
                              b"image/png\r\nContent-Length: 100\r\n\r\n12345", b""),
    }
    sockets = {what: connect(quick) for what in cases}
    for what, (first, _) in cases.items():
        if first:
            sockets[what].sendall(first)
    for what, (_, trickle) in cases.items():
        closed = closed_within(sockets[what], 8.0, trickle)
        assert closed is not None, f"{what}: still open after 8 s (head timeout 1 s)"
        sockets[what].close()
    # After an answer, the next head has the same time; an idle keep-alive is closed too.
    s = connect(quick)
    s.sendall(HEAD)
    time.sleep(0.3)
    assert closed_within(s, 8.0, b"G", every=0.2) is not None
    s.close()
    assert requests.get(f"{quick.url}/v2/health/live", timeout=10).status_code == 200


def test_a_request_with_two_framings_is_refused_and_closed(quick, caplog):
    caplog.set_level(logging.WARNING, logger="inception_desktop.serve")
    for _ in range(20):
        s = connect(quick)
        s.sendall(b"POST /v1/classify HTTP/1.1\r\nHost: x\r\nContent-Type: image/png\r\n"
                  b"Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n"
                  b"\r\nGET /v2/health/live HTTP/1.1\r\nHost: x\r\n\r\n")
        data = answer(s)
        s.close()
        assert data.startswith(b"HTTP/1.1 400 ")
        assert b'"error": "a request may not have both Transfer-Encoding and Content-Length' \
            in data
        assert data.count(b"HTTP/1.1") == 1  # the smuggled request was never answered
    lines = [r for r in caplog.records if "Transfer-Encoding" in r.getMessage()]
    assert 1 <= len(lines) <= 2  # one line for the condition, not one per request
    assert requests.get(f"{quick.url}/v2/health/live", timeout=10).status_code == 200


def test_connections_over_the_cap_are_answered_503_and_closed(start_server, caplog):
    caplog.set_level(logging.WARNING, logger="inception_desktop.serve")
    server = start_server(max_connections=20)
    held = [connect(server) for _ in range(20)]
    try:
        time.sleep(0.3)
        refused = []
        for _ in range(30):
            s = connect(server)
            refused.append(answer(s, 5))
            s.close()
        assert all(r.startswith(b"HTTP/1.1 503 ") and b'"error"' in r for r in refused)
        assert b"retry-after: 1" in refused[0].lower()
    finally:
        for s in held:
            s.close()
    time.sleep(0.3)
    assert requests.get(f"{server.url}/v2/health/live", timeout=10).status_code == 200
    lines = [r for r in caplog.records if "refused a connection" in r.getMessage()]
    assert 1 <= len(lines) <= 2


def test_the_default_cap_is_below_the_descriptor_limit():
    import resource

    from inception_desktop.serve.connections import RESERVED_DESCRIPTORS, default_max_connections

    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    assert default_max_connections() <= max(16, soft - RESERVED_DESCRIPTORS)


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(head=st.one_of(
    st.binary(max_size=300),
    st.lists(st.text(alphabet=st.characters(min_codepoint=1, max_codepoint=255),
                     max_size=40), max_size=6).map(lambda lines: ("\r\n".join(lines) +
                                                                   "\r\n\r\n").encode("latin-1")),
    st.sampled_from([b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
                     b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n",
                     b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\n\r\n",
                     b"GET / HTTP/1.1\r\nHost: x\r\n" + b"X: y\r\n" * 5000 + b"\r\n"])))
def test_generated_heads_are_answered_4xx_or_closed(quick, head):
    server = quick
    s = connect(server)
    try:
        s.sendall(head)
    except OSError:
        pass
    data = answer(s, 15)
    s.close()
    if data:
        status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/1.1 ") else 0
        assert status and status < 500 or status == 503, data[:200]
    assert requests.get(f"{server.url}/v2/health/live", timeout=10).status_code == 200
