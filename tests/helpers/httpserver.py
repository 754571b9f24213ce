"""A small HTTP server on 127.0.0.1 for download tests: Range requests, dropped connections,
stalls and error statuses, all bounded in time."""

from __future__ import annotations

import re
import socket
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    data: bytes = b""
    status: int = 200  # anything else is sent as an error with no body
    ranges: bool = True  # honour "Range: bytes=N-"
    drop_after: int | None = None  # close the connection after this many body bytes ...
    drops: int = 1  # ... this many times
    stall_after: int | None = None  # send this many bytes, then go silent
    stall_seconds: float = 20.0
    chunk_delay: float = 0.0  # seconds between 64 KB chunks (slow server)
    requests: list = field(default_factory=list)  # the Range header of each request


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # keep test output clean
        pass

    def do_GET(self):  # noqa: N802 (http.server's naming)
        route: Route | None = self.server.routes.get(self.path)
        if route is None:
            self.send_error(404, "Not Found")
            return
        route.requests.append(self.headers.get("Range"))
        if route.status != 200:
            self.send_response(route.status)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        data, start = route.data, 0
        match = re.fullmatch(r"bytes=(\d+)-", self.headers.get("Range") or "")
        if match and route.ranges:
            start = int(match.group(1))
            if start >= len(data):
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{len(data)}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        else:
            self.send_response(200)
        body = data[start:]
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        if route.drop_after is not None and route.drops > 0:
            route.drops -= 1
            self.wfile.write(body[: route.drop_after])
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
            return
        if route.stall_after is not None:
            self.wfile.write(body[: route.stall_after])
            self.wfile.flush()
            self.server.stop_event.wait(route.stall_seconds)
            self.close_connection = True
            return
        for i in range(0, len(body), 1 << 16):
            if self.server.stop_event.is_set():
                return
            self.wfile.write(body[i:i + (1 << 16)])
            if route.chunk_delay:
                self.server.stop_event.wait(route.chunk_delay)


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):  # clients that hang up are normal
            super().handle_error(request, client_address)


class LocalServer:
    """`with LocalServer() as srv: srv.routes["/a"] = Route(b"..."); srv.url("/a")`."""

    def __init__(self) -> None:
        self.httpd = _QuietServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.routes = {}
        self.httpd.stop_event = threading.Event()
        self.routes: dict[str, Route] = self.httpd.routes
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def __enter__(self) -> LocalServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.stop_event.set()
        self.httpd.shutdown()
        self.httpd.server_close()
