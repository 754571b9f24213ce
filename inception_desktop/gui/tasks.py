"""Running long work off the GUI thread.

Work is a plain function `fn(token, *args)` that checks `token.cancelled` and may call
`token.progress(...)`; it knows nothing of Qt and is tested without a window. `TaskRunner`
runs it on its own worker thread and delivers the result, error or progress to the GUI
thread through Qt signals. Each task has a `key` (the view that asked for it): a newer request
with the same key cancels and supersedes the older one, whose result is then dropped.
"""

from __future__ import annotations

import itertools
import threading
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal


class Cancelled(Exception):
    """Raised inside a task when its token was cancelled."""


class CancelToken:
    def __init__(self, on_progress: Callable[[Any], None] | None = None) -> None:
        self._event = threading.Event()
        self._on_progress = on_progress

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def cancel(self) -> None:
        self._event.set()

    def check(self) -> None:
        if self._event.is_set():
            raise Cancelled()

    def progress(self, value: Any) -> None:
        if self._on_progress is not None and not self.cancelled:
            self._on_progress(value)


class _Bridge(QObject):
    """Lives in the GUI thread; signals emitted from workers are queued to it."""

    finished = Signal(int, object)  # task id, result
    failed = Signal(int, object)  # task id, exception
    progressed = Signal(int, object)  # task id, progress value


class TaskRunner(QObject):
    """A small pool of worker threads with per-key supersession and clean shutdown."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, workers: int = 2) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="task")
        self._bridge = _Bridge()
        self._bridge.finished.connect(self._on_finished)
        self._bridge.failed.connect(self._on_failed)
        self._bridge.progressed.connect(self._on_progress)
        self._ids = itertools.count(1)
        self._tasks: dict[int, dict] = {}
        self._latest: dict[str, int] = {}
        self._closed = False

    def submit(self, key: str, fn: Callable[..., Any], *args: Any,
               on_done: Callable[[Any], None] | None = None,
               on_error: Callable[[BaseException], None] | None = None,
               on_progress: Callable[[Any], None] | None = None) -> CancelToken:
        """Run fn(token, *args) on a worker; callbacks run on the GUI thread."""
        if self._closed:
            token = CancelToken()
            token.cancel()
            return token
        previous = self._latest.get(key)
        if previous in self._tasks:
            self._tasks[previous]["token"].cancel()
        task_id = next(self._ids)
        bridge = self._bridge
        token = CancelToken(lambda value: bridge.progressed.emit(task_id, value))
        self._tasks[task_id] = {"key": key, "token": token, "on_done": on_done,
                                "on_error": on_error, "on_progress": on_progress}
        self._latest[key] = task_id
        self.busy_changed.emit(True)

        def work() -> None:
            try:
                token.check()
                result = fn(token, *args)
            except BaseException as exc:  # delivered to the GUI thread, never lost
                exc.__traceback_text__ = traceback.format_exc()
                bridge.failed.emit(task_id, exc)
            else:
                bridge.finished.emit(task_id, result)

        future: Future = self._pool.submit(work)
        self._tasks[task_id]["future"] = future
        return token

    def is_busy(self, key: str | None = None) -> bool:
        if key is None:
            return bool(self._tasks)
        return any(t["key"] == key for t in self._tasks.values())

    def _current(self, task_id: int) -> dict | None:
        task = self._tasks.pop(task_id, None)
        if not self._tasks:
            self.busy_changed.emit(False)
        if task is None or self._closed or task["token"].cancelled:
            return None
        if self._latest.get(task["key"]) != task_id:
            return None  # superseded by a newer request for the same view
        return task

    def _on_finished(self, task_id: int, result: Any) -> None:
        task = self._current(task_id)
        if task and task["on_done"]:
            task["on_done"](result)

    def _on_failed(self, task_id: int, exc: BaseException) -> None:
        task = self._current(task_id)
        if task and not isinstance(exc, Cancelled) and task["on_error"]:
            task["on_error"](exc)

    def _on_progress(self, task_id: int, value: Any) -> None:
        task = self._tasks.get(task_id)
        if task and not task["token"].cancelled and task["on_progress"]:
            task["on_progress"](value)

    def shutdown(self, timeout: float = 30.0) -> bool:
        """Cancel everything and wait for the workers; True when all of them ended."""
        self._closed = True
        for task in list(self._tasks.values()):
            task["token"].cancel()
        futures = [t.get("future") for t in self._tasks.values() if t.get("future")]
        self._pool.shutdown(wait=False, cancel_futures=True)
        from concurrent.futures import wait

        done, not_done = wait(futures, timeout=timeout)
        return not not_done
