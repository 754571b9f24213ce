"""`auto` on a CPU: the runtime and precision that are fastest on this machine for the export
asked, measured (a short benchmark at the batch size the work runs) and cached, never
guessed from names.

A measurement is keyed by the CPU's identity, the export file's digest (recorded when it was
made: a changed or re-made export is measured again), the runtime, the precision, the threads
and the batch size. `INCEPTION_DESKTOP_AUTO` ("runtime/precision", either part may be empty)
pins the choice instead, where it can run (reproducible runs, tests).
"""

from __future__ import annotations

import json
import math
import os
import statistics
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from inception_desktop.cpu import cpu_identity
from inception_desktop.engine.backend import Backend
from inception_desktop.engine.registry import open_export_backend
from inception_desktop.errors import BackendError, cause, msg
from inception_desktop.fileio import atomic_write_json
from inception_desktop.paths import data_subdir
from inception_desktop.tasks import TaskState, ensure_state
from inception_desktop.weights.exports import ExportInfo

TUNING_ENV = "INCEPTION_DESKTOP_TUNING_DIR"
PIN_ENV = "INCEPTION_DESKTOP_AUTO"


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


@dataclass(frozen=True)
class Candidate:
    """One way to run an export here: a runtime at a precision."""

    runtime: str
    precision: str
    export: ExportInfo

    @property
    def label(self) -> str:
        return f"{self.runtime} {self.precision}"


def export_digest(export: ExportInfo) -> str:
    """The export file's sha256 as recorded when it was made (its size and time when it
    records none)."""
    record = (export.files_record or {}).get("onnx")
    if isinstance(record, dict) and isinstance(record.get("sha256"), str):
        return str(record["sha256"])[:16]
    try:
        st = export.onnx_path.stat()
        return f"{st.st_size}-{st.st_mtime_ns}"
    except OSError:
        return "unknown"


def measurement_key(candidate: Candidate, threads: int | None, batch: int) -> str:
    return (f"{cpu_identity()}/{candidate.export.network}/{export_digest(candidate.export)}/"
            f"{candidate.runtime}/{candidate.precision}/t{threads or 'all'}/b{batch}")


def measure(candidate: Candidate, threads: int | None, input_size: int, batch: int = 1,
            runs: int = 5) -> tuple[float, Backend | None]:
    """Median milliseconds of one batch through this candidate, and its opened backend (to
    run with, if it wins)."""
    backend = open_export_backend(candidate.runtime, candidate.export, candidate.precision,
                                  threads=threads)
    try:
        x = np.random.default_rng(0).standard_normal(
            (batch, 3, input_size, input_size)).astype(np.float32)
        return latency_ms(backend, x, runs), backend
    except BaseException:
        backend.close()
        raise


# The file holds a few hundred bytes per measurement: a larger one is not ours to parse.
MAX_TUNING_BYTES = 4 * 1024 * 1024


def _read() -> dict[str, Any]:
    """The cached measurements; anything unreadable, too large or not a mapping reads as none
    (measured again, then rewritten)."""
    try:
        with tuning_file().open("rb") as f:
            raw = f.read(MAX_TUNING_BYTES + 1)
        if len(raw) > MAX_TUNING_BYTES:
            return {}
        data = json.loads(raw.decode("utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError, RecursionError):  # RecursionError: nesting no writer made
        return {}


def plausible_ms(value: Any, batch: int) -> float | None:
    """A cached value as milliseconds of one batch, if it can be a measurement: a number (not
    a bool), at least 0.01 ms per image (far below any Inception network on any CPU) and under
    an hour; else None."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) \
            and math.isfinite(value) and 0.01 * batch <= value < 3_600_000:
        return float(value)
    return None


def pinned(candidates: list[Candidate]) -> list[Candidate]:
    """The candidates `INCEPTION_DESKTOP_AUTO` allows (all when it is unset or allows none)."""
    pin = os.environ.get(PIN_ENV, "").strip()
    if not pin:
        return candidates
    runtime, _, precision = pin.partition("/")
    kept = [c for c in candidates if (not runtime or c.runtime == runtime)
            and (not precision or c.precision == precision)]
    if kept:
        return kept
    kept = [c for c in candidates if not precision or c.precision == precision]
    return kept or candidates


@dataclass
class Chosen:
    candidate: Candidate
    timings: dict[str, float]  # label -> ms, of every candidate measured (or known)
    backend: Backend | None = None  # opened while measuring, when it was
    measured: bool = False


def fastest(candidates: list[Candidate], input_size: int, threads: int | None = None,
            batch: int = 1, state: TaskState | None = None) -> Chosen:
    """The fastest of `candidates` here at `batch` (each measured once per CPU, export file,
    threads and batch size, and cached). A candidate that cannot run here is not one."""
    state = ensure_state(state)
    if not candidates:
        raise BackendError(msg("nothing can run this model here"))
    candidates = pinned(candidates)
    if len(candidates) == 1:
        return Chosen(candidates[0], {})
    cache = _read()
    timings: dict[str, float] = {}
    for c in candidates:
        known = plausible_ms(cache.get(measurement_key(c, threads, batch)), batch)
        if known is not None:
            timings[c.label] = known
    missing = [c for c in candidates if c.label not in timings]
    best: tuple[float, Candidate, Backend | None] | None = None
    problems = []
    if missing:
        state.status(msg("measuring what runs {network} fastest on this machine ({runtimes}; "
                         "once)...", network=candidates[0].export.network,
                         runtimes=", ".join(c.label for c in missing)))
    for c in missing:
        state.check()
        try:
            ms, backend = measure(c, threads, input_size, batch)
        except BackendError as exc:  # a runtime that cannot run it here is not a candidate
            problems.append(cause(exc))
            continue
        timings[c.label] = ms
        cache[measurement_key(c, threads, batch)] = ms
        if best is None or ms < best[0]:
            if best is not None:
                _close(best[2])
            best = (ms, c, backend)
        else:
            _close(backend)
    usable = [c for c in candidates if c.label in timings]
    if not usable:
        raise BackendError(problems[0] if problems else msg("nothing can run this model here"))
    if missing:
        try:
            tuning_file().parent.mkdir(parents=True, exist_ok=True)
            atomic_write_json(tuning_file(), cache)
        except OSError:
            pass  # measured again next time
    winner = min(usable, key=lambda c: timings[c.label])
    backend = None
    if best is not None:
        if best[1] == winner:
            backend = best[2]
        else:
            _close(best[2])
    return Chosen(winner, timings, backend, bool(missing))


def _close(backend: Backend | None) -> None:
    if backend is not None:
        backend.close()


def known_timings() -> dict[str, Any]:
    """Everything measured so far (for `bench` and the window's status line)."""
    return _read()
