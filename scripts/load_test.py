"""Load-test `inception-desktop serve` (for the closing notes; never in tests).

    python scripts/load_test.py [--clients 16] [--requests 2000] [--model inception_v3]
                                [--weights FILE|NAME] [--images DIR] [--max-batch 8]

Starts the server in its own process on a free loopback port (untrained weights unless
--weights), then sends 640 x 480 JPEGs to /v1/classify: first one client, one request after
another; then --clients clients at once for --requests requests. Reports throughput, p50/p99
latency, errors, the batch sizes the server formed, the server's resident memory along the
run (it must stay flat), and the server's own overhead per request (HTTP + decode + JSON)
against `classify` of the same images in one process.
"""

from __future__ import annotations

import argparse
import atexit
import concurrent.futures
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_images(folder: Path, n: int) -> list[Path]:
    from PIL import Image

    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        rng = np.random.default_rng(i)
        small = rng.integers(0, 255, (31, 41, 3), dtype=np.uint8)
        img = Image.fromarray(small).resize((640, 480), Image.Resampling.BICUBIC)
        arr = np.clip(np.asarray(img, np.float32) + rng.normal(0, 10, (480, 640, 3)), 0, 255)
        path = folder / f"{i:03d}.jpg"
        Image.fromarray(arr.astype(np.uint8)).save(path, quality=90)
        out.append(path)
    return out


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--sequential", type=int, default=100)
    parser.add_argument("--model", default="inception_v3")
    parser.add_argument("--weights")
    parser.add_argument("--images")
    parser.add_argument("--max-batch", type=int, default=8)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp())
    atexit.register(shutil.rmtree, tmp, ignore_errors=True)  # its models run to GB
    files = sorted(Path(args.images).glob("*.jpg")) if args.images else \
        make_images(tmp / "images", 32)
    blobs = [f.read_bytes() for f in files]
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    weights = ["--weights", args.weights] if args.weights else ["--random-weights"]
    cmd = [sys.executable, "-m", "inception_desktop", "serve", "--port", str(port),
           "--model", args.model, *weights, "--max-batch", str(args.max_batch),
           "--max-queue", str(max(64, args.clients * 2))]
    log = open(tmp / "server.log", "w")  # noqa: SIM115
    server = subprocess.Popen(cmd, stderr=log, env=dict(os.environ))
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{url}/v2/health/ready", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                time.sleep(0.3)
        session = requests.Session()

        def one(i: int, s: requests.Session = session) -> tuple[float, int]:
            t0 = time.perf_counter()
            r = s.post(f"{url}/v1/classify", data=blobs[i % len(blobs)],
                       headers={"content-type": "image/jpeg"}, timeout=300)
            return time.perf_counter() - t0, r.status_code

        for i in range(4):
            one(i)  # warm-up
        t0 = time.perf_counter()
        seq = [one(i) for i in range(args.sequential)]
        seq_s = time.perf_counter() - t0
        seq_lat = [t for t, _ in seq]
        print(f"one client, {args.sequential} requests one after another: "
              f"{args.sequential / seq_s:.1f} requests/s, p50 {pct(seq_lat, 50) * 1000:.0f} ms, "
              f"p99 {pct(seq_lat, 99) * 1000:.0f} ms, errors {sum(c != 200 for _, c in seq)}")
        sessions = [requests.Session() for _ in range(args.clients)]
        memory = [(0, rss_mb(server.pid))]
        done = [0]

        def worker(k: int) -> list[tuple[float, int]]:
            out = []
            for i in range(k, args.requests, args.clients):
                out.append(one(i, sessions[k]))
                done[0] += 1
                if done[0] % 200 == 0:
                    memory.append((done[0], rss_mb(server.pid)))
            return out

        t0 = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(args.clients) as pool:
            results = [r for chunk in pool.map(worker, range(args.clients)) for r in chunk]
        par_s = time.perf_counter() - t0
        lat = [t for t, _ in results]
        errors = sum(c != 200 for _, c in results)
        print(f"{args.clients} clients, {args.requests} requests: "
              f"{args.requests / par_s:.1f} requests/s "
              f"({args.requests / par_s / (args.sequential / seq_s):.2f}x one client), "
              f"p50 {pct(lat, 50) * 1000:.0f} ms, p99 {pct(lat, 99) * 1000:.0f} ms, "
              f"errors {errors}")
        metrics = requests.get(f"{url}/metrics", timeout=10).text
        sizes = [line for line in metrics.splitlines()
                 if line.startswith("inception_batch_size_sum") or
                 line.startswith("inception_batch_size_count")]
        s_sum, s_count = (float(x.split()[-1]) for x in sorted(sizes, reverse=True))
        print(f"mean batch the server formed: {s_sum / s_count:.2f} images")
        print("server memory (MB) by requests answered: " +
              ", ".join(f"{n}: {m:.0f}" for n, m in memory + [(args.requests,
                                                                rss_mb(server.pid))]))
    finally:
        server.terminate()
        server.wait(timeout=60)
        log.close()
    # What the server ran (auto says what it picked and against what) in its own words.
    for line in (tmp / "server.log").read_text(errors="replace").splitlines():
        if "running" in line or "auto" in line:
            print(f"server: {line.strip()[:300]}")
    # The server's own cost: a request against classify of the same images in one process.
    from inception_desktop.engine.predictor import Predictor

    predictor = Predictor(args.model, weights=args.weights,
                          random_weights=not args.weights, backend="onnxruntime")
    list(predictor.classify_files(files[:4], batch_size=1))
    t0 = time.perf_counter()
    n = 0
    while n < args.sequential:
        for _ in predictor.classify_files(files, batch_size=1):
            n += 1
    per_image = (time.perf_counter() - t0) / n
    print(f"classify in one process, one image at a time: {per_image * 1000:.1f} ms per image; "
          f"the server's p50 adds {(pct(seq_lat, 50) - per_image) * 1000:.1f} ms "
          f"(HTTP, upload, JSON; statistics median {statistics.median(seq_lat) * 1000:.1f} ms)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
