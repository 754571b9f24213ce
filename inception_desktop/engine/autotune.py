"""`--backend auto` on a CPU: the runtime that is fastest on this machine for the network and
precision asked, measured once (a short benchmark at batch 1) and cached with the CPU's
identity, never guessed from names."""

from __future__ import annotations

import json
import os
import statistics
import time
from pathlib import Path
from typing import Any

import numpy as np

from inception_desktop.cpu import cpu_identity
from inception_desktop.engine.backend import Backend
from inception_desktop.engine.registry import open_export_backend
from inception_desktop.errors import BackendError
from inception_desktop.fileio import atomic_write_json
from inception_desktop.paths import data_subdir
from inception_desktop.tasks import TaskState, ensure_state
from inception_desktop.weights.exports import ExportInfo

TUNING_ENV = "INCEPTION_DESKTOP_TUNING_DIR"


def tuning_file() -> Path:
    override = os.environ.get(TUNING_ENV)
    return (Path(override) if override else data_subdir("tuning")) / "backends.json"


def latency_ms(backend: Backend, x: np.ndarray, runs: int = 7) -> float:
    """Median milliseconds of `backend.run(x)`, after two warm-up runs."""
    for _ in range(2):
        backend.run(x)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        backend.run(x)
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000.0


def measure(name: str, export: ExportInfo, precision: str, threads: int | None,
            input_size: int, runs: int = 5) -> float:
    """Median milliseconds of one image through this runtime."""
    backend = open_export_backend(name, export, precision, threads=threads)
    try:
        x = np.random.default_rng(0).standard_normal((1, 3, input_size, input_size)).astype(
            np.float32)
        return latency_ms(backend, x, runs)
    finally:
        backend.close()


def _read() -> dict[str, Any]:
    try:
        data = json.loads(tuning_file().read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def fastest(network: str, precision: str, export: ExportInfo, runtimes: list[str],
            input_size: int, threads: int | None = None,
            state: TaskState | None = None) -> str:
    """The fastest of `runtimes` here (measured once per CPU, network, precision, threads)."""
    state = ensure_state(state)
    key = f"{cpu_identity()}/{network}/{precision}/{threads or 'all'}"
    cache = _read()
    known = cache.get(key)
    if isinstance(known, dict) and any(isinstance(known.get(r), (int, float))
                                       for r in runtimes):
        usable = [r for r in runtimes if isinstance(known.get(r), (int, float))]
        return min(usable, key=lambda r: float(known[r]))
    state.status(f"measuring which runtime is fastest for {network} in {precision} on this "
                 "machine (once)...")
    timings: dict[str, float] = {}
    problems = []
    for runtime in runtimes:
        try:
            timings[runtime] = measure(runtime, export, precision, threads, input_size)
        except BackendError as exc:  # a runtime that cannot run it here is not a candidate
            problems.append(str(exc))
    if not timings:
        raise BackendError(problems[0])
    cache[key] = timings
    try:
        tuning_file().parent.mkdir(parents=True, exist_ok=True)
        atomic_write_json(tuning_file(), cache)
    except OSError:
        pass  # measured again next time
    return min(timings, key=lambda r: timings[r])


def known_timings() -> dict[str, Any]:
    """Everything measured so far (for `bench` and the window's status line)."""
    return _read()
