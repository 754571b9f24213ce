"""Running long work off the GUI thread, around the core's one task handle.

Work is a plain function `fn(state, *args)` taking the core's `TaskState` (it knows nothing of
Qt and is tested without a window). `TaskRunner` runs it on a worker thread and delivers its
result, error, progress and partial results to the GUI thread through Qt signals.

Each task has a `key` (the view that asked for it). Two ways a task stops early, kept apart:

- *superseded*: a newer request with the same key cancels the older one, whose callbacks are
  then dropped (nobody waits for it any more);
- *cancelled by the user* (`state.cancel()`): the task still ends in exactly one callback, so
  the view always settles: `on_done` with what the job returned (a job may return what it kept,
  such as the best model so far), or `on_cancelled` if it raised `Cancelled`.

No error is ever dropped. A bug (anything `crashlog.is_user_error` does not call the user's) is
written, with the traceback captured in the worker, to the app's one crash log (the command
line's) before it is delivered; the exception carries the log's path as `crash_log`. An error
goes to the task's `on_error`, or, when it has none, out through the runner's `error` signal
(the controller shows it in one line). A caller that expects an error and has nothing to say
about it names its classes in `ignore`: only those are dropped, and never logged. An error
raised by a callback itself (on the GUI thread) is reported the same way.
"""

from __future__ import annotations

import itertools
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Signal

from inception_desktop.crashlog import is_user_error, write_crash_log
from inception_desktop.errors import Cancelled
from inception_desktop.tasks import Progress, TaskState

__all__ = ["Cancelled", "TaskRunner", "TaskState"]


class _Bridge(QObject):
    """Lives in the GUI thread; signals emitted from workers are queued to it."""

    finished = Signal(int, object)  # task id, result
    failed = Signal(int, object)  # task id, exception
    progressed = Signal(int, object)  # task id, Progress
    partial = Signal(int, object)  # task id, partial result


@dataclass
class _Task:
    key: str
    state: TaskState
    on_done: Callable[[Any], None] | None = None
    on_error: Callable[[BaseException], None] | None = None
    on_progress: Callable[[Progress], None] | None = None
    on_partial: Callable[[Any], None] | None = None
    on_cancelled: Callable[[Cancelled], None] | None = None
    ignore: tuple[type[BaseException], ...] = ()
    superseded: bool = False
    future: Future[None] | None = field(default=None, repr=False)


class TaskRunner(QObject):
    """A small pool of worker threads with per-key supersession and clean shutdown."""

    busy_changed = Signal(bool)
    error = Signal(object)  # an exception of a task that has no on_error

    def __init__(self, parent: QObject | None = None, workers: int = 3) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="task")
        self._bridge = _Bridge()
        self._bridge.finished.connect(self._on_finished)
        self._bridge.failed.connect(self._on_failed)
        self._bridge.progressed.connect(self._on_progress)
        self._bridge.partial.connect(self._on_partial)
        self._ids = itertools.count(1)
        self._tasks: dict[int, _Task] = {}
        self._latest: dict[str, int] = {}
        self._closed = False

    def submit(self, key: str, fn: Callable[..., Any], *args: Any,
               on_done: Callable[[Any], None] | None = None,
               on_error: Callable[[BaseException], None] | None = None,
               on_progress: Callable[[Progress], None] | None = None,
               on_partial: Callable[[Any], None] | None = None,
               on_cancelled: Callable[[Cancelled], None] | None = None,
               ignore: tuple[type[BaseException], ...] = ()) -> TaskState:
        """Run fn(state, *args) on a worker; callbacks run on the GUI thread.

        `ignore`: the error classes this caller expects and drops (an unreadable thumbnail);
        every other error reaches `on_error`, or the runner's `error` signal without one."""
        if self._closed:
            state = TaskState()
            state.cancel()
            return state
        previous = self._latest.get(key)
        if previous in self._tasks:
            old = self._tasks[previous]
            old.superseded = True
            old.state.cancel()
        task_id = next(self._ids)
        bridge = self._bridge
        state = TaskState(on_progress=lambda p: bridge.progressed.emit(task_id, p),
                          on_partial=lambda r: bridge.partial.emit(task_id, r),
                          min_interval=0.05)
        task = _Task(key, state, on_done, on_error, on_progress, on_partial, on_cancelled,
                     tuple(ignore))
        self._tasks[task_id] = task
        self._latest[key] = task_id
        if len(self._tasks) == 1:
            self.busy_changed.emit(True)

        def work() -> None:
            try:
                state.check()
                result = fn(state, *args)
            except BaseException as exc:  # delivered to the GUI thread, never lost
                text = traceback.format_exc()
                exc.__traceback_text__ = text  # type: ignore[attr-defined]
                if not isinstance(exc, task.ignore) and not is_user_error(exc):
                    # A bug: its report is written here, where its traceback was caught.
                    exc.crash_log = write_crash_log(  # type: ignore[attr-defined]
                        exc, context=f"window task {key!r}", traceback_text=text)
                bridge.failed.emit(task_id, exc)
            else:
                bridge.finished.emit(task_id, result)

        task.future = self._pool.submit(work)
        return state

    def is_busy(self, key: str | None = None) -> bool:
        if key is None:
            return bool(self._tasks)
        return any(t.key == key for t in self._tasks.values())

    def cancel(self, key: str) -> bool:
        """Cancel the running task of `key` as the user would (it still settles)."""
        task_id = self._latest.get(key)
        task = self._tasks.get(task_id) if task_id is not None else None
        if task is None:
            return False
        task.state.cancel()
        return True

    def _settle(self, task_id: int) -> _Task | None:
        """Remove a finished task -> it, or None when nobody may hear of it any more."""
        task = self._tasks.pop(task_id, None)
        if not self._tasks:
            self.busy_changed.emit(False)
        if task is None or self._closed or task.superseded:
            return None
        if self._latest.get(task.key) == task_id:
            del self._latest[task.key]
        return task

    def _call(self, task: _Task, callback: Callable[[Any], None], value: Any) -> None:
        """A view's callback, on the GUI thread: an error it raises is not lost either (a
        user's error is shown; a bug is logged and shown, then raised on as before)."""
        try:
            callback(value)
        except Exception as exc:
            if not is_user_error(exc):
                exc.crash_log = write_crash_log(  # type: ignore[attr-defined]
                    exc, context=f"window task {task.key!r}, in its callback")
            self.error.emit(exc)
            if not is_user_error(exc):
                raise

    def _on_finished(self, task_id: int, result: Any) -> None:
        task = self._settle(task_id)
        if task and task.on_done:
            self._call(task, task.on_done, result)

    def _on_failed(self, task_id: int, exc: BaseException) -> None:
        task = self._settle(task_id)
        if task is None:  # superseded or shut down: nobody waits (a bug was logged)
            return
        if isinstance(exc, Cancelled):
            if task.on_cancelled:
                self._call(task, task.on_cancelled, exc)
        elif isinstance(exc, task.ignore):
            return
        elif task.on_error:
            self._call(task, task.on_error, exc)
        else:
            self.error.emit(exc)

    def _live(self, task_id: int) -> _Task | None:
        task = self._tasks.get(task_id)
        if task is None or task.superseded or self._closed:
            return None
        return task

    def _on_progress(self, task_id: int, value: Progress) -> None:
        task = self._live(task_id)
        if task and task.on_progress:
            self._call(task, task.on_progress, value)

    def _on_partial(self, task_id: int, value: Any) -> None:
        task = self._live(task_id)
        if task and task.on_partial:
            self._call(task, task.on_partial, value)

    def shutdown(self, timeout: float = 30.0) -> bool:
        """Cancel everything and wait for the workers; True when all of them ended."""
        from concurrent.futures import wait

        self._closed = True
        for task in list(self._tasks.values()):
            task.state.cancel()
        futures = [t.future for t in self._tasks.values() if t.future is not None]
        self._pool.shutdown(wait=False, cancel_futures=True)
        _, not_done = wait(futures, timeout=timeout)
        return not not_done
