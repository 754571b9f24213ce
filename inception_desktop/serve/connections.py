"""The server's connections, bounded: uvicorn's HTTP/1.1 protocol (h11) with the limits it
does not have.

- A request head must be complete within `head_timeout_s` of the connection opening or of
  the previous answer (slowloris: a head sent a byte at a time is closed all the same);
  an idle keep-alive connection is closed after `keep_alive_s`; a body that stops arriving
  for `body_idle_s` is closed.
- At most `max_connections` are open, below the process's descriptor limit: one more is
  answered 503 and closed at once (its descriptor is given back), never left to exhaust
  the descriptors the server needs to answer anybody.
- A request with both Transfer-Encoding and Content-Length is refused with 400 and its
  connection closed (RFC 9112 section 6.3: the two framings disagree, the classic request
  smuggling).
- Shutting down gives a request still being sent `upload_grace_s` to arrive, then closes
  its connection: the drain waits for work in progress, not for a slow upload.
- Each of these conditions is logged as one line, at most once per `LOG_EVERY_S` with the
  count since (a flood of them is one line every few seconds, not a line each).

Measured on this machine (uvicorn 0.55 + h11, httptools, hypercorn 0.18, granian 2.8, each
with its own settings for these): none closes a body that stops arriving; only granian
(header read timeout) and hypercorn (keep-alive timer) close a half-sent head; none caps
open connections; uvicorn-h11, hypercorn and granian answer a request with both framings
(granian even answers it 200). So the limits live here, over uvicorn's h11 protocol, which
also runs inside the window's process.
"""

from __future__ import annotations

import asyncio
import json
import logging
import resource
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

log = logging.getLogger("inception_desktop.serve")
LOG_EVERY_S = 10.0
# Descriptors kept back from connections: model files, logs, spooled uploads, and a burst of
# connections accepted before they can be refused (the listen backlog).
RESERVED_DESCRIPTORS = 256
BACKLOG = 128


def default_max_connections() -> int:
    """As many connections as the descriptor limit allows, less what the server needs."""
    try:
        soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    except (OSError, ValueError):
        soft = 1024
    if soft == resource.RLIM_INFINITY:
        soft = 65536
    return max(16, min(10_000, soft - RESERVED_DESCRIPTORS))


class ConditionLog:
    """One log line per condition, at most once per `every` seconds, with the count of the
    times it happened since the last line."""

    def __init__(self, every: float = LOG_EVERY_S) -> None:
        self.every = every
        self._lock = threading.Lock()
        self._last: dict[str, float] = {}
        self._unsaid: dict[str, int] = {}
        self.counts: dict[str, int] = {}

    def note(self, condition: str, line: str) -> None:
        now = time.monotonic()
        with self._lock:
            self.counts[condition] = self.counts.get(condition, 0) + 1
            last = self._last.get(condition)
            if last is not None and now - last < self.every:
                self._unsaid[condition] = self._unsaid.get(condition, 0) + 1
                return
            more = self._unsaid.pop(condition, 0)
            self._last[condition] = now
        suffix = f" (and {more} more in the last {self.every:.0f} s)" if more else ""
        log.warning("%s%s", line, suffix)


@dataclass
class ConnectionLimits:
    head_timeout_s: float = 10.0
    keep_alive_s: float = 5.0
    body_idle_s: float = 10.0
    upload_grace_s: float = 5.0
    max_connections: int = field(default_factory=default_max_connections)
    conditions: ConditionLog = field(default_factory=ConditionLog)


def _raw_answer(status: int, reason: str, message: str,
                extra: tuple[tuple[str, str], ...] = ()) -> bytes:
    """A whole HTTP/1.1 answer with a JSON error, for a connection that is then closed
    (written as bytes: the request may be one h11 could not parse)."""
    body = json.dumps({"error": message}).encode()
    head = [f"HTTP/1.1 {status} {reason}", "content-type: application/json",
            "connection: close", f"content-length: {len(body)}",
            *(f"{k}: {v}" for k, v in extra)]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


class _Framing(h11.RemoteProtocolError):
    """A request head h11 accepts but this server refuses."""


class _CheckedConnection(h11.Connection):
    """h11's connection, telling its protocol when a head or a body is complete, and
    refusing a head with two framings."""

    def __init__(self, owner: BoundedH11Protocol, max_incomplete: int) -> None:
        super().__init__(h11.SERVER, max_incomplete)
        self._owner = owner

    def next_event(self) -> Any:
        event = super().next_event()
        if isinstance(event, h11.Request):
            names = {name.lower() for name, _ in event.headers}
            if b"transfer-encoding" in names and b"content-length" in names:
                problem = ("a request may not have both Transfer-Encoding and Content-Length "
                           "(RFC 9112, 6.3)")
                self._owner.problem = problem
                raise _Framing(problem, error_status_hint=400)
            self._owner.head_complete()
        elif isinstance(event, h11.Data):
            self._owner.body_arrived()
        elif isinstance(event, h11.EndOfMessage):
            self._owner.body_complete()
        return event


class BoundedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with the limits of `ConnectionLimits` (see the module)."""

    limits: ConnectionLimits = ConnectionLimits()  # each server sets its own (`protocol_for`)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.conn = _CheckedConnection(self, self.config.h11_max_incomplete_event_size or
                                       16 * 1024)
        self._deadline: asyncio.TimerHandle | None = None
        self._refused = False
        self._draining = False  # shutting down: the upload's deadline is fixed
        self.problem: str | None = None  # why the request is refused, when it is

    # ------------------------------------------------------------------ timers

    def _arm(self, seconds: float, condition: str, line: str) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(seconds, self._expire, condition, line)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _expire(self, condition: str, line: str) -> None:
        self._deadline = None
        if self.transport is None or self.transport.is_closing():
            return
        self.limits.conditions.note(condition, line)
        if self.cycle is not None and not self.cycle.response_complete:
            self.cycle.disconnected = True
            self.cycle.message_event.set()
        self.transport.close()

    def _await_head(self) -> None:
        seconds = self.limits.head_timeout_s
        self._arm(seconds, "slow-head", f"closed a connection whose request head was not "
                                        f"complete within {seconds:g} s")

    def head_complete(self) -> None:
        self._disarm()
        seconds = self.limits.body_idle_s
        self._arm(seconds, "slow-body", f"closed a connection whose request body stopped "
                                        f"arriving for {seconds:g} s")

    def body_arrived(self) -> None:
        if self._deadline is not None and not self._draining:
            self.head_complete()  # the body's idle timer starts again

    def body_complete(self) -> None:
        self._disarm()

    # ------------------------------------------------------------------ connections

    def connection_made(self, transport: asyncio.Transport) -> None:
        if len(self.connections) >= self.limits.max_connections:
            self._refused = True
            self.transport = transport
            transport.write(_raw_answer(
                503, "Service Unavailable", f"the server has {len(self.connections)} "
                "connections open, its most; try again shortly", (("retry-after", "1"),)))
            transport.close()
            self.limits.conditions.note(
                "connections", f"refused a connection: {len(self.connections)} are open, "
                f"the most this server keeps (below its descriptor limit)")
            return
        super().connection_made(transport)
        self._await_head()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        if self._refused:
            return
        super().connection_lost(exc)

    def send_400_response(self, msg: str) -> None:
        """A request h11 cannot read, or one with two framings: 400 with a JSON error, the
        connection closed, one (rate-limited) log line."""
        self._disarm()
        problem = self.problem or "the request is not valid HTTP/1.1"
        self.limits.conditions.note("bad-http", f"refused a request: {problem}")
        self.transport.write(_raw_answer(400, "Bad Request", problem))
        self.transport.close()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._await_head()  # the next head, within the same time as the first

    def shutdown(self) -> None:
        """Graceful shutdown: a request being answered finishes; one still being sent has
        `upload_grace_s` more to arrive, then its connection is closed (a slow upload never
        holds the drain for its whole length)."""
        cycle = self.cycle
        uploading = cycle is not None and not cycle.response_complete and \
            cycle.more_body and not cycle.response_started
        super().shutdown()
        if uploading and not self.transport.is_closing():
            self._draining = True
            seconds = self.limits.upload_grace_s
            self._arm(seconds, "shutdown-upload", "closed a connection still sending its "
                                                  f"request {seconds:g} s into the shutdown")


def protocol_for(limits: ConnectionLimits) -> type[BoundedH11Protocol]:
    """A protocol class with these limits (uvicorn makes one protocol per connection)."""
    return type("BoundedH11Protocol", (BoundedH11Protocol,), {"limits": limits})
