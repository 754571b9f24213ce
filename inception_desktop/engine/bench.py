"""Benchmark: median latency, images/s, peak memory and efficiency against the machine's
measured fp32 matrix-multiply rate, for each network x backend x batch size, in one process."""

from __future__ import annotations

import statistics
import sys
import time
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from inception_desktop.errors import msg
from inception_desktop.models import get_spec
from inception_desktop.tasks import TaskState, ensure_state


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
    precision: str = "fp32"
    # Against onnxruntime fp32 with the same weights, on the bench's photo-like images:
    top1_agreement: float | None = None
    speedup: float | None = None  # onnxruntime fp32's latency / this one's, same batch
    # Start-up: opening the model and its first prediction (one image), with OpenVINO's
    # model cache empty (cold) and then filled by the first (warm: nothing compiled).
    startup_cold_ms: float | None = None
    startup_warm_ms: float | None = None


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
    spec = predictor.spec  # an imported model's own input size
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


def check_images(spec: Any, n: int = 16, seed: int = 7) -> np.ndarray:
    """Photo-like inputs (smooth colour fields with texture, preprocessed), the same on every
    run, to measure how far a reduced precision moves the outputs."""
    from PIL import Image

    from inception_desktop.engine.preprocess import preprocess

    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        w, h = 320 + 16 * (i % 5), 240 + 12 * (i % 3)
        small = rng.integers(0, 255, (h // 24 + 2, w // 24 + 2, 3), dtype=np.uint8)
        img = Image.fromarray(small).resize((w, h), Image.Resampling.BICUBIC)
        arr = np.clip(np.asarray(img, np.float32) + rng.normal(0, 9, (h, w, 3)), 0, 255)
        out.append(preprocess(Image.fromarray(arr.astype(np.uint8)), spec))
    return np.stack(out)


def first_prediction_ms(open_predictor: Any, spec: Any) -> tuple[Any, float]:
    """-> (the predictor, milliseconds from opening it to its first prediction of one
    image)."""
    x = np.zeros((1, 3, spec.input_size, spec.input_size), np.float32)
    t0 = time.perf_counter()
    predictor = open_predictor()
    predictor.backend.run(x)
    return predictor, (time.perf_counter() - t0) * 1000.0


def open_twice(open_predictor: Any, spec: Any) -> tuple[Any, float, float]:
    """Open a predictor with an empty compiled-model cache (cold), close it, and open it
    again (warm) -> (the second, cold ms, warm ms); the cache is a temporary folder."""
    import tempfile
    from pathlib import Path

    from inception_desktop.engine.openvino_backend import compiled_cache

    with tempfile.TemporaryDirectory(prefix="inception-bench-cache-") as tmp, \
            compiled_cache(Path(tmp)):
        first, cold = first_prediction_ms(open_predictor, spec)
        first.close()
        second, warm = first_prediction_ms(open_predictor, spec)
    return second, cold, warm


@dataclass
class Skipped:
    model: str
    backend: str
    precision: str
    why: str


def run_bench(models: list[str], backends: list[str], batches: list[int],
              threads: int | None = None, random_weights: bool = True,
              state: TaskState | None = None, precisions: tuple[str, ...] = ("fp32",),
              weights: str | None = None) -> tuple[float, list[BenchRow]]:
    rate, rows, _ = run_bench_grid(models, backends, batches, threads, random_weights, state,
                                   precisions, weights)
    return rate, rows


def run_bench_grid(models: list[str], backends: list[str], batches: list[int],
                   threads: int | None = None, random_weights: bool = True,
                   state: TaskState | None = None, precisions: tuple[str, ...] = ("fp32",),
                   weights: str | None = None
                   ) -> tuple[float, list[BenchRow], list[Skipped]]:
    """Every network x runtime x precision x batch that can run here (and why the others
    cannot), each with its agreement with onnxruntime fp32."""
    from inception_desktop.engine.predictor import Predictor
    from inception_desktop.engine.quantize import agreement
    from inception_desktop.errors import BackendError
    from inception_desktop.weights.resolve import resolve_weights

    state = ensure_state(state)
    rate = matmul_gflops(threads)
    rows: list[BenchRow] = []
    skipped: list[Skipped] = []
    total = len(models) * len(backends) * len(batches) * len(precisions)
    for model in models:
        choice = resolve_weights(model, weights, random_weights)
        check = check_images(get_spec(model))
        reference = None
        try:
            ref = Predictor(choice=choice, backend="onnxruntime", device="cpu",
                            threads=threads, state=state)
            reference = ref.run(check).logits
            ref.close()
        except BackendError:
            pass
        for backend in backends:
            for precision in precisions:
                def open_one(backend: str = backend, precision: str = precision,
                             choice: Any = choice) -> Any:
                    return Predictor(choice=choice, backend=backend, device="cpu",
                                     threads=threads, state=state, precision=precision)

                try:
                    clf, cold, warm = open_twice(open_one, get_spec(model))
                except BackendError as exc:
                    skipped.append(Skipped(model, backend, precision, str(exc)))
                    continue
                agree = None
                if reference is not None:
                    agree = agreement(reference, clf.run(check).logits)["top1_agreement"]
                for batch in batches:
                    state.check()
                    state.progress(len(rows), total, msg(
                        "{model} {backend} {precision} batch {batch}", model=model,
                        backend=backend, precision=precision, batch=batch))
                    median_ms, runs = bench_one(clf, batch)
                    per_image_s = median_ms / 1000.0 / batch
                    efficiency = get_spec(model).flops / per_image_s / (rate * 1e9)
                    rows.append(BenchRow(model, clf.backend_name, clf.device, batch,
                                         median_ms, batch / (median_ms / 1000.0), efficiency,
                                         peak_rss_mb(), runs, precision, agree,
                                         startup_cold_ms=cold, startup_warm_ms=warm))
                clf.close()
    base = {(r.model, r.batch): r.median_ms for r in rows
            if r.backend == "onnxruntime" and r.precision == "fp32"}
    for r in rows:
        if (r.model, r.batch) in base:
            r.speedup = base[(r.model, r.batch)] / r.median_ms
    return rate, rows, skipped


def rows_to_json(rate: float, rows: list[BenchRow]) -> list[dict[str, Any]]:
    return [{**asdict(r), "matmul_gflops": rate} for r in rows]


@dataclass
class FolderBench:
    """Where the time of classifying a folder goes, sequential against pipelined, and what
    the machine could do at most when decoding and inference share its cores."""

    model: str
    backend: str
    images: int
    batch: int
    workers: int
    decode_ms: float  # decode + preprocess, per image, one thread (wall clock)
    inference_ms: float  # inference alone, per image, at this batch size (median of rounds)
    sequential_images_per_s: float  # decode, then infer, batch after batch (no overlap)
    pipelined_images_per_s: float  # decoding ahead on worker threads (median of rounds)
    rounds: int = 1  # inference alone and pipelined, measured in turn this many times
    cores: int = 1
    decode_core_ms: float = 0.0  # processor time of decode + preprocess, per image
    inference_core_ms: float = 0.0  # processor time of inference (all its threads), per image

    @property
    def inference_images_per_s(self) -> float:
        return 1000.0 / self.inference_ms

    @property
    def pipelined_vs_inference(self) -> float:
        return self.pipelined_images_per_s / self.inference_images_per_s

    @property
    def pipelined_vs_sequential(self) -> float:
        return self.pipelined_images_per_s / self.sequential_images_per_s

    @property
    def limit_images_per_s(self) -> float:
        """The most a perfect pipeline could do here: inference alone, unless decoding and
        inference together need more processor time per image than the cores give."""
        shared = self.decode_core_ms + self.inference_core_ms
        by_cores = self.cores * 1000.0 / shared if shared > 0 else float("inf")
        return min(self.inference_images_per_s, by_cores)

    @property
    def pipelined_vs_limit(self) -> float:
        return self.pipelined_images_per_s / self.limit_images_per_s


def bench_folder(predictor: Any, files: list[Any], batch: int = 8, workers: int | None = None,
                 state: TaskState | None = None, rounds: int = 3) -> FolderBench:
    """Time the folder each way over the same files (after a warm-up batch): decoding then
    inference batch after batch once, then inference alone and the pipeline in turn `rounds`
    times (medians: a shared machine's noise hits both alike), counting processor time too."""
    from inception_desktop.cpu import usable_cores
    from inception_desktop.engine.pipeline import default_workers, prepare_file

    state = ensure_state(state)
    spec = predictor.spec
    workers = workers or default_workers()
    rounds = max(1, rounds)
    ready, first_problem = [], None
    for f in files:  # a warm-up batch of readable images, wherever they are
        item = prepare_file(f, spec)
        if item.tensor is not None:
            ready.append(item.tensor)
            if len(ready) == batch:
                break
        elif first_problem is None:
            first_problem = item.error
    if not ready:
        from inception_desktop.errors import ImageError

        raise ImageError(msg("none of the {count} image files can be read (the first: "
                             "{problem})", count=len(files), problem=first_problem))
    predictor.run(np.stack(ready))
    steps = 1 + 2 * rounds
    state.progress(0, steps, msg("sequential"))
    t0 = time.perf_counter()
    decode_s = decode_cpu = 0.0
    tensors = []
    for i in range(0, len(files), batch):
        prepared = []
        for f in files[i:i + batch]:
            d0, c0 = time.perf_counter(), time.thread_time()
            item = prepare_file(f, spec)
            decode_s += time.perf_counter() - d0
            decode_cpu += time.thread_time() - c0
            if item.tensor is not None:
                prepared.append(item.tensor)
        if prepared:
            predictor.run(np.stack(prepared))
            tensors.append(np.stack(prepared))
    sequential_s = time.perf_counter() - t0
    n = sum(len(t) for t in tensors)
    inference_s, inference_cpu, pipelined_s = [], [], []
    for r in range(rounds):
        state.progress(1 + 2 * r, steps, msg("inference only"))
        t0, c0 = time.perf_counter(), time.process_time()
        for t in tensors:
            predictor.run(t)
        inference_s.append(time.perf_counter() - t0)
        inference_cpu.append(time.process_time() - c0)
        state.progress(2 + 2 * r, steps, msg("pipelined"))
        t0 = time.perf_counter()
        for _ in predictor.classify_files(files, batch_size=batch, workers=workers):
            pass
        pipelined_s.append(time.perf_counter() - t0)
    state.progress(steps, steps, msg("done"))
    per_image = 1000 / max(n, 1)
    return FolderBench(predictor.network, predictor.backend_name, n, batch, workers,
                       decode_s * per_image, statistics.median(inference_s) * per_image,
                       n / sequential_s, n / statistics.median(pipelined_s), rounds,
                       usable_cores(), decode_cpu * per_image,
                       statistics.median(inference_cpu) * per_image)
