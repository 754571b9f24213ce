"""Memory and time of long images through classify, serve and the window's code path
(issue 23's "Done when"): a 1 x 5000 PNG, a long one that is still classified (50 x 5000,
100:1), and a square one of the same pixels (500 x 500), each against the process at rest.

    python scripts/measure_long_image.py [--model inception_v3]

Each path runs in a fresh process: the predictor is loaded and warmed up with a square image
(that is "at rest"), the peak RSS is reset (/proc/self/clear_refs; Linux), the image goes
through, and the peak over rest and the wall time are printed. The serve path measures the
server process the same way while a client posts the image. Measurements, not assertions;
say whether the machine was busy.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHAPES = [(1, 5000), (50, 5000), (500, 500)]


def png(width: int, height: int) -> bytes:
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(0)
    arr = rng.integers(0, 255, (height, width, 3), dtype=np.uint8)
    buf = io.BytesIO()
    Image.fromarray(arr).save(buf, "PNG")
    return buf.getvalue()


def _status(pid: int | str = "self") -> dict[str, int]:
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0]) * 1024
    return out


def _reset_peak(pid: int | str = "self") -> None:
    Path(f"/proc/{pid}/clear_refs").write_text("5")


def child(path: str, model: str, image_file: str) -> dict[str, float | str]:
    """Runs in its own process: one image through `path` -> the figures."""
    from inception_desktop.engine.predictor import Predictor

    data = Path(image_file).read_bytes()
    predictor = Predictor(model, random_weights=True, backend="onnxruntime")
    with tempfile.TemporaryDirectory() as tmp:
        square = Path(tmp) / "warm.png"
        square.write_bytes(png(300, 300))
        target = Path(tmp) / "image.png"
        target.write_bytes(data)
        if path == "classify":
            def once(file: Path) -> str:
                (result,) = list(predictor.classify_files([file]))
                return result.error or "classified"
        else:  # the window: its job functions, as its worker threads run them
            from inception_desktop.gui.jobs import BatchItem, classify_items
            from inception_desktop.tasks import TaskState

            def once(file: Path) -> str:
                item = BatchItem(file.name, str(file))
                classify_items(TaskState(), predictor, [item])
                return item.error or "classified"
        once(square)
        rest = _status()["VmRSS"]
        _reset_peak()
        started = time.perf_counter()
        outcome = once(target)
        seconds = time.perf_counter() - started
        peak = _status()["VmHWM"]
    return {"path": path, "seconds": seconds, "over_rest_mb": (peak - rest) / 1e6,
            "outcome": outcome}


def serve(model: str, image_file: str) -> dict[str, float | str]:
    import requests

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "inception_desktop", "serve",
                             "--random-weights", "--model", model, "--port", str(port),
                             "--backend", "onnxruntime"], stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{url}/v2/health/ready", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            time.sleep(0.2)
        warm = png(300, 300)
        requests.post(f"{url}/v1/classify", data=warm,
                      headers={"content-type": "image/png"}, timeout=120)
        time.sleep(0.5)
        rest = _status(proc.pid)["VmRSS"]
        _reset_peak(proc.pid)
        started = time.perf_counter()
        r = requests.post(f"{url}/v1/classify", data=Path(image_file).read_bytes(),
                          headers={"content-type": "image/png"}, timeout=300)
        seconds = time.perf_counter() - started
        peak = _status(proc.pid)["VmHWM"]
        outcome = "classified" if r.status_code == 200 else \
            f"{r.status_code} {r.json().get('error', '')}"
    finally:
        proc.terminate()
        proc.wait(60)
    return {"path": "serve", "seconds": seconds, "over_rest_mb": (peak - rest) / 1e6,
            "outcome": outcome}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default="inception_v3")
    parser.add_argument("--child", nargs=2, metavar=("PATH", "IMAGE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child[0], args.model, args.child[1])))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        for width, height in SHAPES:
            image = Path(tmp) / f"{width}x{height}.png"
            image.write_bytes(png(width, height))
            for path in ("classify", "window", "serve"):
                if path == "serve":
                    row = serve(args.model, str(image))
                else:
                    done = subprocess.run([sys.executable, __file__, "--model", args.model,
                                           "--child", path, str(image)], capture_output=True,
                                          text=True, timeout=900)
                    if done.returncode != 0:
                        print(done.stderr[-2000:], file=sys.stderr)
                        return 1
                    row = json.loads(done.stdout.strip().splitlines()[-1])
                print(f"{width:>4} x {height:<5} {row['path']:<9} {row['seconds'] * 1000:8.1f} ms"
                      f"  {row['over_rest_mb']:7.1f} MB over rest  {row['outcome']}", flush=True)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.exit(main())
