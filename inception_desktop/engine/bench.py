"""Benchmark: median latency, images/s, peak memory and efficiency against the machine's
measured fp32 matrix-multiply rate, for each network x backend x batch size, in one process."""

from __future__ import annotations

import statistics
import sys
import time
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from inception_desktop.models import get_spec
from inception_desktop.tasks import TaskState, ensure_state

# FLOPs (2 x multiply-accumulates) of one image at 299 x 299, from `summary`.
FLOPS_PER_IMAGE = {"inception_v3": 11.426e9, "inception_v4": 24.508e9,
                   "inception_resnet_v2": 26.312e9}


@dataclass
class BenchRow:
    model: str
    backend: str
    device: str
    batch: int
    median_ms: float
    images_per_s: float
    efficiency: float  # FLOPs / latency / matmul rate
    peak_rss_mb: float
    runs: int


def peak_rss_mb() -> float:
    """The process's peak resident memory so far, in MB (NaN where it cannot be read)."""
    if sys.platform == "win32":
        return _peak_rss_windows()
    import resource  # Unix only: imported here so bench runs on Windows builds too

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _peak_rss_windows() -> float:
    try:
        import ctypes
        from ctypes import wintypes

        class Counters(ctypes.Structure):
            _fields_ = [("cb", wintypes.DWORD), ("PageFaultCount", wintypes.DWORD),
                        ("PeakWorkingSetSize", ctypes.c_size_t),
                        ("WorkingSetSize", ctypes.c_size_t),
                        ("QuotaPeakPagedPoolUsage", ctypes.c_size_t),
                        ("QuotaPagedPoolUsage", ctypes.c_size_t),
                        ("QuotaPeakNonPagedPoolUsage", ctypes.c_size_t),
                        ("QuotaNonPagedPoolUsage", ctypes.c_size_t),
                        ("PagefileUsage", ctypes.c_size_t),
                        ("PeakPagefileUsage", ctypes.c_size_t)]

        counters = Counters()
        counters.cb = ctypes.sizeof(Counters)
        process = ctypes.windll.kernel32.GetCurrentProcess()  # type: ignore[attr-defined]
        ctypes.windll.psapi.GetProcessMemoryInfo(  # type: ignore[attr-defined]
            process, ctypes.byref(counters), counters.cb)
        return counters.PeakWorkingSetSize / (1024 * 1024)
    except Exception:
        return float("nan")


def matmul_gflops(threads: int | None = None, n: int = 2048, repeats: int = 5) -> float:
    """The machine's fp32 matrix-multiply rate, measured now with onnxruntime's MLAS (the
    fastest fp32 GEMM this app ships), falling back to numpy."""
    a = np.random.default_rng(0).random((n, n), dtype=np.float32)
    try:
        import onnxruntime as ort
        from onnxruntime import InferenceSession

        from inception_desktop.engine._onnx_proto import matmul_model_bytes

        model = matmul_model_bytes(n)
        options = ort.SessionOptions()
        if threads:
            options.intra_op_num_threads = threads
        session = InferenceSession(model, options, providers=["CPUExecutionProvider"])

        def run() -> None:
            session.run(None, {"a": a})
    except Exception:
        def run() -> None:
            a @ a
    run()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        run()
        times.append(time.perf_counter() - t0)
    return 2 * n ** 3 / min(times) / 1e9


def bench_one(predictor: Any, batch: int, warmup: int = 2, min_runs: int = 5,
              min_seconds: float = 2.0) -> tuple[float, int]:
    spec = get_spec(predictor.network)
    x = np.random.default_rng(1).standard_normal(
        (batch, 3, spec.input_size, spec.input_size)).astype(np.float32)
    for _ in range(warmup):
        predictor.backend.run(x)
    times: list[float] = []
    started = time.perf_counter()
    while len(times) < min_runs or time.perf_counter() - started < min_seconds:
        t0 = time.perf_counter()
        predictor.backend.run(x)
        times.append(time.perf_counter() - t0)
        if len(times) >= 200:
            break
    return statistics.median(times) * 1000.0, len(times)


def run_bench(models: list[str], backends: list[str], batches: list[int],
              threads: int | None = None, random_weights: bool = True,
              state: TaskState | None = None) -> tuple[float, list[BenchRow]]:
    from inception_desktop.engine.predictor import Predictor

    state = ensure_state(state)
    rate = matmul_gflops(threads)
    rows: list[BenchRow] = []
    total = len(models) * len(backends) * len(batches)
    for model in models:
        for backend in backends:
            clf = Predictor(model, random_weights=random_weights, backend=backend,
                            device="cpu", threads=threads, state=state)
            for batch in batches:
                state.check()
                state.progress(len(rows), total, f"{model} {backend} batch {batch}")
                median_ms, runs = bench_one(clf, batch)
                per_image_s = median_ms / 1000.0 / batch
                efficiency = FLOPS_PER_IMAGE[model] / per_image_s / (rate * 1e9)
                rows.append(BenchRow(model, backend, clf.device, batch, median_ms,
                                     batch / (median_ms / 1000.0), efficiency, peak_rss_mb(),
                                     runs))
            clf.close()
    return rate, rows


def rows_to_json(rate: float, rows: list[BenchRow]) -> list[dict[str, Any]]:
    return [{**asdict(r), "matmul_gflops": rate} for r in rows]
