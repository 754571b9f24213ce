"""How long a liveness probe waits while large JSON inference bodies are handled (issue 23,
item 4: four 44 MB bodies stalled /v2/health/live for 5 s).

    python scripts/measure_health_under_json.py [--bodies 4] [--images 4] [--model inception_v3]

Starts `inception-desktop serve --random-weights` on a free 127.0.0.1 port, posts `--bodies`
JSON bodies at once (each `--images` images as JSON numbers: about 11 MB an image), and polls
/v2/health/live every 20 ms meanwhile; prints the body size and the probe's slowest and median
answers. Measurements, not assertions: say whether the machine was busy.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import socket
import statistics
import subprocess
import sys
import threading
import time


def main() -> int:
    import numpy as np
    import requests

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bodies", type=int, default=4)
    parser.add_argument("--images", type=int, default=4)
    parser.add_argument("--model", default="inception_v3")
    args = parser.parse_args()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "inception_desktop", "serve",
                               "--random-weights", "--model", args.model, "--port", str(port),
                               "--max-upload-mb", "500"], stderr=subprocess.DEVNULL)
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
        from inception_desktop.models import get_spec

        size = get_spec(args.model).input_size
        x = np.random.default_rng(0).standard_normal((args.images, 3, size, size))
        body = json.dumps({"inputs": [{"name": "input", "datatype": "FP32",
                                       "shape": list(x.shape),
                                       "data": np.round(x, 7).ravel().tolist()}],
                           "outputs": [{"name": "logits"}]}).encode()
        waits: list[float] = []
        done = threading.Event()

        def probe() -> None:
            with requests.Session() as session:
                while not done.is_set():
                    started = time.perf_counter()
                    session.get(f"{url}/v2/health/live", timeout=60)
                    waits.append(time.perf_counter() - started)
                    time.sleep(0.02)

        prober = threading.Thread(target=probe)
        prober.start()
        time.sleep(0.5)
        started = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(args.bodies) as pool:
            statuses = list(pool.map(
                lambda _: requests.post(f"{url}/v2/models/{args.model}/infer", data=body,
                                        headers={"content-type": "application/json"},
                                        timeout=600).status_code, range(args.bodies)))
        elapsed = time.perf_counter() - started
        done.set()
        prober.join()
    finally:
        server.terminate()
        server.wait(60)
    print(f"{args.bodies} bodies of {len(body) / 1e6:.1f} MB ({args.images} images each) "
          f"answered {statuses} in {elapsed:.1f} s")
    print(f"/v2/health/live meanwhile: {len(waits)} probes, slowest {max(waits) * 1000:.0f} ms, "
          f"median {statistics.median(waits) * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
