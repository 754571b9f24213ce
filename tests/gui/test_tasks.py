"""The window's task runner, without a window: a newer request supersedes an older one, a
user's cancel reaches the core's task handle and always settles in one callback, and shutdown
waits for the workers."""

from __future__ import annotations

import threading
import time

from inception_desktop.errors import Cancelled
from inception_desktop.gui.tasks import TaskRunner
from inception_desktop.tasks import TaskState


def slow_job(state: TaskState, label: str, steps: int = 200) -> str:
    """Cooperative work: checks its handle between steps, like every core job."""
    for i in range(steps):
        state.check()
        state.progress(i + 1, steps, label)
        time.sleep(0.005)
    return label


def test_newer_request_supersedes_older(qtbot):
    runner = TaskRunner()
    delivered = []
    first = runner.submit("view", slow_job, "old", on_done=delivered.append,
                          on_cancelled=lambda e: delivered.append("old cancelled"))
    second = runner.submit("view", slow_job, "new", 20, on_done=delivered.append)
    qtbot.waitUntil(lambda: not runner.is_busy(), timeout=10_000)
    assert first.cancelled and not second.cancelled  # the core handle was told
    assert delivered == ["new"]  # the superseded task is heard of no more
    runner.shutdown()


def test_user_cancel_settles_with_the_jobs_own_result(qtbot):
    """A job that keeps what it did (training keeps its best model) returns it when
    cancelled; the runner delivers it: the view ends in a settled state."""
    def keeps_best(state: TaskState) -> dict:
        done = 0
        while not state.cancelled:
            done += 1
            time.sleep(0.005)
        return {"cancelled": True, "epochs": done}

    runner = TaskRunner()
    results = []
    state = runner.submit("train", keeps_best, on_done=results.append)
    qtbot.wait(50)
    assert runner.cancel("train")
    qtbot.waitUntil(lambda: bool(results), timeout=5_000)
    assert results[0]["cancelled"] and results[0]["epochs"] > 0 and state.cancelled
    assert not runner.is_busy()
    runner.shutdown()


def test_user_cancel_of_a_job_that_raises_is_delivered(qtbot):
    runner = TaskRunner()
    seen = []
    runner.submit("export", slow_job, "x", on_done=seen.append,
                  on_cancelled=lambda exc: seen.append(type(exc).__name__))
    qtbot.wait(30)
    runner.cancel("export")
    qtbot.waitUntil(lambda: bool(seen), timeout=5_000)
    assert seen == ["Cancelled"]


def test_progress_and_partials_reach_the_gui_thread_in_order(qtbot):
    runner = TaskRunner()
    main_thread = threading.current_thread()
    partials, threads = [], set()

    def job(state: TaskState) -> int:
        for i in range(5):
            state.partial(i)
        return 5

    def on_partial(value):
        threads.add(threading.current_thread())
        partials.append(value)

    done = []
    runner.submit("rows", job, on_partial=on_partial, on_done=done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=5_000)
    assert partials == [0, 1, 2, 3, 4] and threads == {main_thread}
    runner.shutdown()


def test_errors_are_delivered_not_lost(qtbot):
    def fails(state: TaskState) -> None:
        raise ValueError("broken input")

    runner = TaskRunner()
    errors = []
    runner.submit("job", fails, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=5_000)
    assert isinstance(errors[0], ValueError) and "broken input" in str(errors[0])
    runner.shutdown()


def test_shutdown_cancels_and_waits_for_running_work(qtbot):
    runner = TaskRunner()
    finished = threading.Event()

    def long_job(state: TaskState) -> None:
        try:
            slow_job(state, "long", 10_000)
        except Cancelled:
            finished.set()
            raise

    state = runner.submit("long", long_job)
    qtbot.wait(30)
    started = time.monotonic()
    assert runner.shutdown(timeout=10)
    assert state.cancelled and finished.is_set()  # the worker saw the cancel and ended
    assert time.monotonic() - started < 5
    assert runner.submit("late", slow_job, "x").cancelled  # nothing runs after shutdown
