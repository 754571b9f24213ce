"""The one task handle that every long job receives, in the spirit of Orange's `TaskState`.

Long work (download, export, feature extraction, training, evaluation, indexing, quantizing,
benchmarks) is a plain function taking a `TaskState`. It calls `state.check()` where stopping
is safe (raises `Cancelled`), reports `state.progress(done, total, message)` and hands out
partial results with `state.partial(obj)` (typed events such as a finished epoch). The handle
knows nothing of Qt or terminals: the window wraps it in worker signals, the command line
drives a progress bar from it, tests read it directly.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from inception_desktop.errors import Cancelled

__all__ = ["Cancelled", "Progress", "Stage", "TaskState"]


class Stage(str, Enum):
    """Which step of a job a progress report counts, so that a view can tell them apart
    without reading the message."""

    OTHER = "other"
    DOWNLOAD = "download"
    FEATURES = "features"  # image features computed or read from the cache
    TRAINING = "training"  # epochs (head mode) or steps (full mode)
    EVALUATION = "evaluation"
    INDEXING = "indexing"


@dataclass(frozen=True)
class Progress:
    """How far a job is: `done` of `total` (None: unknown) `unit`s, at `rate` units/s."""

    done: float = 0.0
    total: float | None = None
    message: str = ""
    rate: float | None = None
    unit: str = ""
    stage: Stage = Stage.OTHER

    @property
    def fraction(self) -> float | None:
        if not self.total:
            return None
        return min(max(self.done / self.total, 0.0), 1.0)

    @property
    def eta_s(self) -> float | None:
        if not self.total or not self.rate:
            return None
        return max(self.total - self.done, 0.0) / self.rate


class TaskState:
    """Cancellation, progress and partial results of one job (thread-safe).

    `min_interval` throttles progress reports (never the first, never the last of a total,
    never partial results), so a fast loop does not flood a GUI's event queue.
    """

    def __init__(self, on_progress: Callable[[Progress], None] | None = None,
                 on_partial: Callable[[Any], None] | None = None,
                 min_interval: float = 0.0) -> None:
        self._cancel = threading.Event()
        self._on_progress = on_progress
        self._on_partial = on_partial
        self._min_interval = min_interval
        self._last_report = -1.0
        self.last_progress: Progress | None = None

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def check(self) -> None:
        """Raise `Cancelled` when the job was asked to stop."""
        if self._cancel.is_set():
            raise Cancelled()

    def progress(self, done: float, total: float | None = None, message: str = "",
                 rate: float | None = None, unit: str = "", stage: Stage = Stage.OTHER) -> None:
        report = Progress(_count(done), None if total is None else _count(total), message,
                          rate, unit, stage)
        self.last_progress = report
        if self._on_progress is None:
            return
        now = time.monotonic()
        final = report.total is not None and report.done >= report.total
        if not final and self._last_report >= 0 and \
                now - self._last_report < self._min_interval:
            return
        self._last_report = now
        self._on_progress(report)

    def status(self, message: str) -> None:
        """A progress report that is only a message (no known amount)."""
        self.progress(0, None, message)

    def partial(self, result: Any) -> None:
        """Hand a partial result (an event, a row) to whoever watches the job."""
        if self._on_partial is not None:
            self._on_partial(result)


def _count(value: float) -> float:
    """A whole amount stays a whole number (12, not 12.0: "12 of 60 images"); a fractional
    one (bytes per chunk averaged, a fraction of an epoch) stays as it is."""
    number = float(value)
    return int(number) if number.is_integer() else number


def ensure_state(state: TaskState | None) -> TaskState:
    """`state` or a handle nobody watches (for callers that need no progress)."""
    return state if state is not None else TaskState()
