"""Running the server: from the command line (blocking; SIGTERM or Ctrl+C drains the
requests in flight, then exits) or in the window's process (a background thread).

Binding to anything but the loopback interface needs a token: the server would otherwise
answer anyone on the network.
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
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

from inception_desktop.errors import ServeError, UsageError
from inception_desktop.serve.app import ServerState, create_app, guard
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
    family = socket.AF_INET6 if ":" in options.host else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((options.host, options.port))
    except socket.gaierror as exc:
        why = exc.strerror or "unknown host"
        raise ServeError(f"cannot listen on {options.host}:{options.port} ({why}): give --host "
                         "as an address of this machine, such as 127.0.0.1, or 0.0.0.0 for "
                         "every network") from None
    except OSError as exc:
        why = "choose another --port, or stop the program that uses it" \
            if exc.errno == errno.EADDRINUSE else \
            "give --host as an address of this machine and --port from 1024 up (lower ones " \
            "need administrator rights)"
        raise ServeError(f"cannot listen on {options.host}:{options.port} "
                         f"({exc.strerror or exc}): {why}") from None


def build_app(options: ServeOptions, load: Callable[[], list[Any]],
              metrics: Metrics | None = None, own: bool = True) -> tuple[Any, ServerState]:
    """The ASGI app; `load()` returns the predictors (run in a thread at start-up); with
    `own` the server closes them when it stops (the window keeps using its own)."""
    state = ServerState(int(options.max_upload_mb * 1_000_000), options.token,
                        metrics or Metrics())

    @contextlib.asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[None]:
        try:
            predictors = await asyncio.to_thread(load)
        except Exception as exc:
            state.load_error = str(exc)
            log.error("cannot load the models: %s", exc)
            raise
        for predictor in predictors:
            served = serve_model(predictor, options.batching, state.metrics.batch)
            if served.name in state.models:
                raise ServeError(f"two models would be served as {served.name!r}")
            served.batcher.start()
            state.models[served.name] = served
        state.ready = True
        try:
            yield
        finally:
            state.ready = False
            for served in state.models.values():
                await served.batcher.stop()
                if own:
                    served.predictor.close()

    app = create_app(state, lifespan)
    return guard(app, state), state


def _uvicorn_server(app: Any, options: ServeOptions) -> Any:
    import uvicorn

    config = uvicorn.Config(app, host=options.host, port=options.port, log_level="warning",
                            access_log=False, lifespan="on",
                            timeout_graceful_shutdown=int(options.drain_seconds))
    return uvicorn.Server(config)


def setup_logging() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%H:%M:%S"))
    log.handlers[:] = [handler]
    log.setLevel(logging.INFO)
    log.propagate = False


def run_server(options: ServeOptions, load: Callable[[], list[Any]],
               on_ready: Callable[[ServerState], None] | None = None) -> int:
    """Serve until SIGTERM or Ctrl+C (both drain the requests in flight) -> exit status."""
    check_options(options)
    setup_logging()
    app, state = build_app(options, load)
    server = _uvicorn_server(app, options)

    original_startup = server.startup

    async def startup(sockets: Any = None) -> None:
        await original_startup(sockets=sockets)
        if state.ready and on_ready is not None:
            on_ready(state)

    server.startup = startup
    server.run()
    if state.load_error:
        raise ServeError(f"cannot load the models: {state.load_error}")
    return 0


class BackgroundServer:
    """The same server in the window's process, on a thread of its own."""

    def __init__(self, options: ServeOptions, predictors: list[Any]) -> None:
        check_options(options)
        self.options = options
        self.app, self.state = build_app(options, lambda: predictors, own=False)
        self.server = _uvicorn_server(self.app, options)
        self.thread = threading.Thread(target=self.server.run, name="serve", daemon=True)

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
            if self.state.ready or not self.thread.is_alive():
                break
            deadline.wait(0.05)
        if not self.state.ready:
            raise ServeError(self.state.load_error or f"the server on {self.url} did not start")

    def stop(self, timeout: float = 30.0) -> None:
        self.server.should_exit = True
        self.thread.join(timeout)
