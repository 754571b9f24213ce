"""Running the server: from the command line (blocking; SIGTERM or Ctrl+C drains the
requests in flight, then exits 0) or in the window's process (a background thread).

Binding to anything but the loopback interface needs a token: the server would otherwise
answer anyone on the network. The listening socket is bound before anything loads (a taken
port is one line, at once) and handed to uvicorn, which runs our bounded HTTP/1.1 protocol
(`serve.connections`). A model that cannot be loaded ends the command with one line and exit
status 1, never a traceback.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import ipaddress
import logging
import socket
import sys
import threading
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

from inception_desktop.errors import AppError, PortInUse, ServeError, UsageError
from inception_desktop.serve.app import ServerState, create_app, guard
from inception_desktop.serve.connections import (
    BACKLOG,
    LOG_EVERY_S,
    ConnectionLimits,
    default_max_connections,
    protocol_for,
)
from inception_desktop.serve.metrics import Metrics
from inception_desktop.serve.models import BatchingOptions, serve_model

TOKEN_ENV = "INCEPTION_DESKTOP_TOKEN"
log = logging.getLogger("inception_desktop.serve")


@dataclass
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 8000
    max_upload_mb: float = 50.0
    token: str | None = None
    batching: BatchingOptions = field(default_factory=BatchingOptions)
    drain_seconds: float = 30.0
    head_timeout_s: float = 10.0
    keep_alive_s: float = 5.0
    max_connections: int | None = None  # None: as the descriptor limit allows


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_options(options: ServeOptions) -> None:
    """Refuse an unsafe or impossible setup before anything loads."""
    if not is_loopback(options.host) and not options.token:
        raise UsageError(f"--host {options.host} would answer anyone on the network: give "
                         f"a token (--token, --token-file, or {TOKEN_ENV}), or serve on "
                         "127.0.0.1")
    if options.token is not None and len(options.token) < 16:
        raise UsageError("the token must be at least 16 characters (use a random one, such as "
                         "`python -c 'import secrets; print(secrets.token_urlsafe(24))'`)")
    bind_socket(options).close()


def bind_socket(options: ServeOptions) -> socket.socket:
    """The listening socket, bound (ServeError in one line when it cannot be)."""
    family = socket.AF_INET6 if ":" in options.host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((options.host, options.port))  # listening starts when the models are ready
    except socket.gaierror as exc:
        sock.close()
        why = exc.strerror or "unknown host"
        raise ServeError(f"cannot listen on {options.host}:{options.port} ({why}): give --host "
                         "as an address of this machine, such as 127.0.0.1, or 0.0.0.0 for "
                         "every network") from None
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise PortInUse(f"cannot listen on {options.host}:{options.port} "
                            f"({exc.strerror or exc}): choose another --port, or stop the "
                            "program that uses it", options.port) from None
        raise ServeError(f"cannot listen on {options.host}:{options.port} "
                         f"({exc.strerror or exc}): give --host as an address of this machine "
                         "and --port from 1024 up (lower ones need administrator rights)"
                         ) from None
    return sock


def build_app(options: ServeOptions, load: Callable[[], list[Any]],
              metrics: Metrics | None = None, own: bool = True) -> tuple[Any, ServerState]:
    """The ASGI app; `load()` returns the predictors (run in a thread at start-up); with
    `own` the server closes them when it stops (the window keeps using its own). A load that
    fails is kept in `state.load_error`; the server then stops before it listens."""
    state = ServerState(int(options.max_upload_mb * 1_000_000), options.token,
                        metrics or Metrics())

    @contextlib.asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[None]:
        try:
            predictors = await asyncio.to_thread(load)
            for predictor in predictors:
                served = serve_model(predictor, options.batching, state.metrics.batch)
                if served.name in state.models:
                    raise ServeError(f"two models would be served as {served.name!r}")
                served.batcher.start()
                state.models[served.name] = served
        except Exception as exc:  # said once, by whoever started the server
            state.load_error = str(exc) if isinstance(exc, AppError) else \
                f"{type(exc).__name__}: {exc}"
            state.load_exception = exc
            yield
            return
        state.ready = True
        try:
            yield
        finally:
            state.ready = False
            for served in state.models.values():
                await served.batcher.stop()
                if own:
                    served.predictor.close()
            state.parser.close()

    app = create_app(state, lifespan)
    return guard(app, state), state


def _uvicorn_server(app: Any, options: ServeOptions, state: ServerState) -> Any:
    import uvicorn

    class Server(uvicorn.Server):
        """Stops before listening when the models did not load (no sys.exit from inside the
        event loop, no traceback); after a signal's clean drain, the exit status is 0."""

        async def startup(self, sockets: Any = None) -> None:
            await self.lifespan.startup()
            if self.lifespan.should_exit or state.load_error is not None:
                self.should_exit = True
                if not self.lifespan.should_exit:
                    await self.lifespan.shutdown()
                return

            async def started() -> None:  # uvicorn's startup would run the lifespan again
                return None

            self.lifespan.startup = started
            await super().startup(sockets=sockets)

        async def serve(self, sockets: Any = None) -> None:
            with self.capture_signals():
                await self._serve(sockets)
                self._captured_signals.clear()  # drained: not killed by the signal after

    limits = ConnectionLimits(head_timeout_s=options.head_timeout_s,
                              keep_alive_s=options.keep_alive_s,
                              body_idle_s=options.head_timeout_s,
                              max_connections=options.max_connections or
                              default_max_connections())
    config = uvicorn.Config(app, host=options.host, port=options.port, log_level="warning",
                            access_log=False, lifespan="on", http=protocol_for(limits),
                            timeout_keep_alive=max(1, int(options.keep_alive_s)),
                            timeout_graceful_shutdown=int(options.drain_seconds),
                            backlog=BACKLOG, h11_max_incomplete_event_size=64 * 1024)
    quiet_repeats()
    return Server(config)


class _OncePer(logging.Filter):
    """Lets each message through at most once per `every` seconds (a flood of the same
    warning from uvicorn or asyncio is a line every few seconds)."""

    def __init__(self, every: float) -> None:
        super().__init__()
        self.every = every
        self._last: dict[str, float] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        key = str(record.msg)[:200]
        now = time.monotonic()
        if now - self._last.get(key, -self.every) < self.every:
            return False
        self._last[key] = now
        return True


def quiet_repeats() -> None:
    for name in ("uvicorn.error", "asyncio"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, _OncePer) for f in logger.filters):
            logger.addFilter(_OncePer(LOG_EVERY_S))


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is when a line is logged (a server started again in one
    process, as the tests do, never writes to an earlier, closed stream)."""

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        pass


def setup_logging() -> None:
    handler = _StderrHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%H:%M:%S"))
    log.handlers[:] = [handler]
    log.setLevel(logging.INFO)
    log.propagate = False


def run_server(options: ServeOptions, load: Callable[[], list[Any]],
               on_ready: Callable[[ServerState], None] | None = None) -> int:
    """Serve until SIGTERM or Ctrl+C (both drain the requests in flight) -> exit status 0.
    ServeError (or the load's own AppError) in one line when it cannot start."""
    from inception_desktop.serve.memory import tune_allocator

    check_options(options)
    setup_logging()
    tune_allocator()
    app, state = build_app(options, load)
    server = _uvicorn_server(app, options, state)
    sock = bind_socket(options)
    original_startup = server.startup

    async def startup(sockets: Any = None) -> None:
        await original_startup(sockets=sockets)
        if state.ready and server.started and on_ready is not None:
            on_ready(state)

    server.startup = startup
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
    if state.load_error is not None:
        if isinstance(state.load_exception, AppError):  # its own line and exit status
            raise state.load_exception
        raise ServeError(f"cannot load the models: {state.load_error}")
    return 0


class BackgroundServer:
    """The same server in the window's process, on a thread of its own."""

    def __init__(self, options: ServeOptions, predictors: list[Any]) -> None:
        check_options(options)
        self.options = options
        self.app, self.state = build_app(options, lambda: predictors, own=False)
        self.server = _uvicorn_server(self.app, options, self.state)
        self._socket = bind_socket(options)
        self.thread = threading.Thread(target=self._run, name="serve", daemon=True)

    def _run(self) -> None:
        try:
            self.server.run(sockets=[self._socket])
        finally:
            self._socket.close()

    @property
    def url(self) -> str:
        return f"http://{self.options.host}:{self.options.port}"

    @property
    def requests(self) -> int:
        return self.state.metrics.total_requests

    def start(self, timeout: float = 30.0) -> None:
        self.thread.start()
        deadline = threading.Event()
        for _ in range(int(timeout * 20)):
            if (self.state.ready and self.server.started) or not self.thread.is_alive():
                break
            deadline.wait(0.05)
        if not self.state.ready:
            raise ServeError(self.state.load_error or f"the server on {self.url} did not start")

    def stop(self, timeout: float = 30.0) -> None:
        self.server.should_exit = True
        self.thread.join(timeout)
