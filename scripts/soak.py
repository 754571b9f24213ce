"""Soak the inference server under mixed good and hostile traffic, on 127.0.0.1 only, for a
bounded time and number of requests; report requests, errors by status, RSS over time and
file descriptors (issue 23).

    python scripts/soak.py [--seconds 300] [--max-requests 50000] [--model inception_v1]

It starts `inception-desktop serve --random-weights` on a free loopback port, runs good
clients (single images, multipart forms, binary /v2 infer, health checks) and hostile ones
(long and bomb images, non-finite and huge inputs, bad JSON, oversized bodies, both framings,
slow heads, idle sockets, abandoned requests, random paths and methods, too many files),
samples the server's RSS and descriptors every few seconds, and stops it. Good requests must
all succeed; RSS should stay flat after warm-up (within 20 %). Measurements, not assertions:
say whether the machine was busy.
"""

from __future__ import annotations

import argparse
import collections
import io
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

HOST = "127.0.0.1"  # loopback only, by construction


def png(width: int, height: int, seed: int = 0) -> bytes:
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width]
    arr = np.stack([x * 255 // max(width, 1), y * 255 // max(height, 1), (x ^ y) & 255], -1)
    arr = np.clip(arr + rng.integers(-20, 20, arr.shape), 0, 255).astype(np.uint8)
    buf = io.BytesIO()
    Image.fromarray(arr).save(buf, "PNG")
    return buf.getvalue()


def bomb() -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + \
            struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", 60_000, 60_000, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + \
        chunk(b"IDAT", zlib.compress(b"\0" * 10)) + chunk(b"IEND", b"")


class Soak:
    def __init__(self, port: int, size: int, deadline: float, max_requests: int) -> None:
        import numpy as np

        self.url = f"http://{HOST}:{port}"
        self.port = port
        self.deadline = deadline
        self.max_requests = max_requests
        self.lock = threading.Lock()
        self.count = 0
        self.statuses: dict[str, collections.Counter[str]] = collections.defaultdict(
            collections.Counter)
        self.good_failures: list[str] = []
        self.images = [png(160 + 20 * i, 120, seed=i) for i in range(4)]
        x = np.random.default_rng(0).standard_normal((1, 3, size, size)).astype("<f4")
        self.tensor = x
        head = json.dumps({"inputs": [{"name": "input", "datatype": "FP32",
                                       "shape": list(x.shape),
                                       "parameters": {"binary_data_size": x.nbytes}}],
                           "outputs": [{"name": "logits",
                                        "parameters": {"binary_data": True}}]}).encode()
        self.binary = (head + x.tobytes(), {"Inference-Header-Content-Length": str(len(head)),
                                            "Content-Type": "application/octet-stream"})
        self.long_png = png(1, 5000)
        self.bomb = bomb()

    def more(self) -> bool:
        with self.lock:
            if time.monotonic() > self.deadline or self.count >= self.max_requests:
                return False
            self.count += 1
            return True

    def note(self, kind: str, status: str, good: bool) -> None:
        with self.lock:
            self.statuses[kind][status] += 1
            if good and status != "200" and len(self.good_failures) < 50:
                self.good_failures.append(f"{kind}: {status}")

    # ------------------------------------------------------------------ good traffic

    def good(self, seed: int) -> None:
        import requests

        session = requests.Session()
        rng = random.Random(seed)
        while self.more():
            kind = rng.choice(["classify", "multipart", "infer", "live"])
            try:
                if kind == "classify":
                    r = session.post(f"{self.url}/v1/classify", data=rng.choice(self.images),
                                     headers={"content-type": "image/png"}, timeout=120)
                elif kind == "multipart":
                    files = [("file", (f"{i}.png", img, "image/png"))
                             for i, img in enumerate(self.images[:3])]
                    r = session.post(f"{self.url}/v1/classify", files=files, timeout=120)
                elif kind == "infer":
                    body, headers = self.binary
                    r = session.post(f"{self.url}/v2/models/{self.model}/infer", data=body,
                                     headers=headers, timeout=120)
                else:
                    r = session.get(f"{self.url}/v2/health/live", timeout=30)
                self.note(kind, str(r.status_code), True)
            except requests.RequestException as exc:
                self.note(kind, type(exc).__name__, True)

    # ------------------------------------------------------------------ hostile traffic

    def raw(self, data: bytes, read: bool = True, linger: float = 0.0) -> str:
        try:
            with socket.create_connection((HOST, self.port), timeout=30) as s:
                s.sendall(data)
                if linger:
                    time.sleep(linger)
                if not read:
                    return "sent"
                s.settimeout(30)
                answer = s.recv(64)
                return answer.split(b" ", 2)[1].decode() if answer.startswith(b"HTTP/") \
                    else "closed"
        except OSError as exc:
            return type(exc).__name__

    def hostile(self, seed: int) -> None:
        import requests

        rng = random.Random(seed)
        slow: list[socket.socket] = []
        attacks: dict[str, Callable[[random.Random, list[socket.socket]], str]] = {
            "long": self._long, "bomb": self._bomb, "nan": self._nan, "huge": self._huge,
            "json": self._bad_json, "too-large": self._too_large, "te+cl": self._te_cl,
            "slow-head": self._slow_head, "idle": self._idle, "abandon": self._abandon,
            "path": self._path, "method": self._method, "files": self._files,
        }
        while self.more():
            kind = rng.choice(list(attacks))
            try:
                status = attacks[kind](rng, slow)
            except (requests.RequestException, OSError) as exc:
                status = type(exc).__name__
            self.note(f"hostile {kind}", status, False)
        for s in slow:
            s.close()

    # Each hostile request: (the client's random numbers, its open slow sockets) -> the
    # status it got, or what happened to the connection.

    def _png_post(self, data: bytes) -> str:
        import requests

        return str(requests.post(f"{self.url}/v1/classify", data=data,
                                 headers={"content-type": "image/png"}, timeout=60).status_code)

    def _long(self, rng: random.Random, slow: list[socket.socket]) -> str:
        return self._png_post(self.long_png)

    def _bomb(self, rng: random.Random, slow: list[socket.socket]) -> str:
        return self._png_post(self.bomb)

    def _nan(self, rng: random.Random, slow: list[socket.socket]) -> str:
        import requests

        return str(requests.post(f"{self.url}/v2/models/{self.model}/infer",
                                 data='{"inputs": [{"name": "input", "datatype": '
                                      '"FP32", "shape": [1], "data": [NaN]}]}',
                                 headers={"content-type": "application/json"},
                                 timeout=60).status_code)

    def _huge(self, rng: random.Random, slow: list[socket.socket]) -> str:
        import numpy as np
        import requests

        head = self.binary[0]
        n = int(self.binary[1]["Inference-Header-Content-Length"])
        body = head[:n] + np.full(self.tensor.shape, 3e38, "<f4").tobytes()
        return str(requests.post(f"{self.url}/v2/models/{self.model}/infer",
                                 data=body, headers=self.binary[1], timeout=60).status_code)

    def _bad_json(self, rng: random.Random, slow: list[socket.socket]) -> str:
        import requests

        return str(requests.post(f"{self.url}/v2/models/{self.model}/infer",
                                 data=b"{" * rng.randint(1, 5000), timeout=60).status_code)

    def _too_large(self, rng: random.Random, slow: list[socket.socket]) -> str:
        return self.raw(b"POST /v1/classify HTTP/1.1\r\nHost: x\r\nContent-Type: "
                        b"image/png\r\nContent-Length: 900000000\r\n\r\n")

    def _te_cl(self, rng: random.Random, slow: list[socket.socket]) -> str:
        return self.raw(b"POST /v1/classify HTTP/1.1\r\nHost: x\r\nContent-Length:"
                        b" 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")

    def _slow_head(self, rng: random.Random, slow: list[socket.socket]) -> str:
        return self._open_slow(slow, b"GET /v2/health/live HTTP/1.1\r\nHost: x\r\n")

    def _idle(self, rng: random.Random, slow: list[socket.socket]) -> str:
        return self._open_slow(slow, b"")

    def _open_slow(self, slow: list[socket.socket], start: bytes) -> str:
        """Open one more socket that sends `start` and no more (40 at most, then all are
        closed)."""
        if len(slow) >= 40:
            for s in slow:
                s.close()
            slow.clear()
            return "closed 40"
        s = socket.create_connection((HOST, self.port), timeout=30)
        if start:
            s.sendall(start)
        slow.append(s)
        return "opened"

    def _abandon(self, rng: random.Random, slow: list[socket.socket]) -> str:
        body, headers = self.binary
        head = (f"POST /v2/models/{self.model}/infer HTTP/1.1\r\nHost: x\r\n" +
                "".join(f"{k}: {v}\r\n" for k, v in headers.items()) +
                f"Content-Length: {len(body)}\r\n\r\n").encode()
        return self.raw(head + body, read=False)

    def _path(self, rng: random.Random, slow: list[socket.socket]) -> str:
        import requests

        path = "".join(rng.choice("abc%0a/.-_~") for _ in range(rng.randint(1, 40)))
        return str(requests.get(f"{self.url}/{path}", timeout=30).status_code)

    def _method(self, rng: random.Random, slow: list[socket.socket]) -> str:
        import requests

        return str(requests.request(rng.choice(["BREW", "DELETE", "PUT"]),
                                    f"{self.url}/v2", timeout=30).status_code)

    def _files(self, rng: random.Random, slow: list[socket.socket]) -> str:
        import requests

        files = [("file", (f"{i}.png", self.images[0], "image/png")) for i in range(65)]
        return str(requests.post(f"{self.url}/v1/classify", files=files,
                                 timeout=60).status_code)

    model = "inception_v1"


def sample(pid: int) -> tuple[float, int]:
    rss = 0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            rss = int(line.split()[1]) * 1024
    return rss / 1e6, len(os.listdir(f"/proc/{pid}/fd"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=300.0)
    parser.add_argument("--max-requests", type=int, default=50_000)
    parser.add_argument("--model", default="inception_v1")
    parser.add_argument("--good-clients", type=int, default=3)
    parser.add_argument("--hostile-clients", type=int, default=2)
    parser.add_argument("--sample-s", type=float, default=5.0)
    parser.add_argument("--json", metavar="FILE", help="also write the report as JSON")
    args = parser.parse_args()
    import requests

    with socket.socket() as s:
        s.bind((HOST, 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "inception_desktop", "serve",
                               "--random-weights", "--model", args.model, "--host", HOST,
                               "--port", str(port), "--max-delay-ms", "10"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    log_lines = collections.Counter()

    def read_log() -> None:
        assert server.stderr is not None
        for line in server.stderr:
            words = line.split(" ", 1)[-1].split(" ")
            log_lines["access" if words[0] in ("GET", "POST", "PUT", "DELETE", "BREW")
                      or words[0].startswith("OTHER") else "other"] += 1
            if "Traceback" in line:
                log_lines["traceback"] += 1

    threading.Thread(target=read_log, daemon=True).start()
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            try:
                if requests.get(f"http://{HOST}:{port}/v2/health/ready",
                                timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            time.sleep(0.2)
        else:
            print("the server did not start", file=sys.stderr)
            return 1
        from inception_desktop.models import get_spec

        soak = Soak(port, get_spec(args.model).input_size,
                    time.monotonic() + args.seconds, args.max_requests)
        soak.model = args.model
        samples: list[tuple[float, float, int]] = []
        started = time.monotonic()
        threads = [threading.Thread(target=soak.good, args=(i,))
                   for i in range(args.good_clients)]
        threads += [threading.Thread(target=soak.hostile, args=(100 + i,))
                    for i in range(args.hostile_clients)]
        for t in threads:
            t.start()
        while any(t.is_alive() for t in threads):
            rss, fds = sample(server.pid)
            samples.append((time.monotonic() - started, rss, fds))
            print(f"{samples[-1][0]:6.0f} s  RSS {rss:7.1f} MB  descriptors {fds:4d}  "
                  f"requests {soak.count}", flush=True)
            time.sleep(args.sample_s)
        for t in threads:
            t.join()
        rss, fds = sample(server.pid)
        samples.append((time.monotonic() - started, rss, fds))
    finally:
        server.terminate()
        try:
            server.wait(60)
        except subprocess.TimeoutExpired:
            server.kill()
    warm = [s for s in samples if s[0] >= min(60.0, args.seconds / 5)] or samples
    base = warm[0][1]
    report = {
        "seconds": samples[-1][0], "requests": soak.count,
        "statuses": {k: dict(v) for k, v in sorted(soak.statuses.items())},
        "good_failures": soak.good_failures,
        "rss_mb": [[round(t, 1), round(r, 1)] for t, r, _ in samples],
        "rss_after_warm_up_mb": base, "rss_end_mb": samples[-1][1],
        "rss_max_after_warm_up_mb": max(r for _, r, _ in warm),
        "rss_growth_percent": 100.0 * (max(r for _, r, _ in warm) - base) / base,
        "descriptors_max": max(f for _, _, f in samples), "descriptors_end": samples[-1][2],
        "server_log_lines": dict(log_lines), "server_exit": server.returncode,
    }
    print(f"\n{report['requests']} requests in {report['seconds']:.0f} s")
    for kind, statuses in report["statuses"].items():
        print(f"  {kind:<20} " + ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items())))
    print(f"good requests failed: {len(soak.good_failures)} {soak.good_failures[:5]}")
    print(f"RSS after warm-up {base:.0f} MB, at the end {report['rss_end_mb']:.0f} MB, at most "
          f"{report['rss_max_after_warm_up_mb']:.0f} MB (+{report['rss_growth_percent']:.1f} %)")
    print(f"descriptors at most {report['descriptors_max']}, at the end "
          f"{report['descriptors_end']}; server log lines {dict(log_lines)}; server exit "
          f"{server.returncode}")
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2))
    return 0 if not soak.good_failures else 1


if __name__ == "__main__":
    sys.exit(main())
