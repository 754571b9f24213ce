"""A data folder filled with something of every kind (exports, features, runs, weights,
logs), of known sizes and ages, for the cache command and the window's data-folder dialog."""

from __future__ import annotations

import os
import time

from inception_desktop.paths import data_subdir

DAY = 86400


def put(kind, rel, size, age_days):
    path = data_subdir(kind) / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x" * size)
    then = time.time() - age_days * DAY
    os.utime(path, (then, then))
    return path


def fill():
    """A data folder with something of every kind, of known sizes and ages."""
    return {
        "old_export": [put("exports", f"inception_v4-aaaa-opset17{s}", 1000, 40)
                       for s in (".onnx", ".json", ".head.npz")],
        "new_export": [put("exports", f"inception_v3-bbbb-opset17{s}", 2000, 1)
                       for s in (".onnx", ".json", ".head.npz")],
        "features": put("features", "inception_v3-bbbb/0123.npy", 500, 10),
        "run": put("runs", "20260101-flowers-inception_v3-head/m.safetensors", 700, 90),
        "weights": put("weights", "inception_v3/inception_v3_google-0cc3c7bd.pth", 5000, 100),
        "log": put("logs", "crash-1.log", 100, 60),
    }
