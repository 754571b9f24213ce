"""No error of the window's work is dropped: a bug in a job leaves the command line's crash log
(with the traceback captured in the worker) and one line in the window; a user's mistake is
one line and no log; only the error classes a caller names are ignored."""

from __future__ import annotations

import pytest

from inception_desktop.errors import ImageError, WeightsError
from inception_desktop.gui.controller import AppController
from inception_desktop.gui.settings import Settings
from inception_desktop.gui.tasks import TaskRunner


@pytest.fixture
def logs(tmp_path, monkeypatch):
    """A data folder of this test's own: its logs/ is where crash logs go."""
    monkeypatch.setenv("INCEPTION_DESKTOP_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data" / "logs"


@pytest.fixture
def controller(qtbot):
    c = AppController(Settings(backend="onnxruntime"))
    yield c
    c.shutdown()


def buggy_job(state, value):
    raise RuntimeError(f"nobody expected {value}")


def mistaken_job(state, name):
    raise WeightsError(f"{name} is not a weights file")


def crash_logs(folder):
    return sorted(folder.glob("crash-*.log")) if folder.is_dir() else []


def test_a_bug_in_a_job_is_logged_and_shown_in_one_line(controller, qtbot, logs):
    with qtbot.waitSignal(controller.error, timeout=10_000) as shown:
        controller.run("test", buggy_job, 42)  # no on_error: the default handler
    (line,) = shown.args
    assert "\n" not in line
    assert "RuntimeError: nobody expected 42" in line
    (log,) = crash_logs(logs)
    assert str(log) in line  # the line says where the report is
    text = log.read_text()
    # The traceback captured in the worker thread: the job's own frame is in it.
    assert "Traceback" in text and "buggy_job" in text and "nobody expected 42" in text
    assert "window task 'test'" in text


def test_a_user_error_is_one_line_and_no_crash_log(controller, qtbot, logs):
    with qtbot.waitSignal(controller.error, timeout=10_000) as shown:
        controller.run("test", mistaken_job, "notes.txt")
    assert shown.args == ["notes.txt is not a weights file"]
    assert crash_logs(logs) == []


def test_a_bug_given_to_a_views_own_handler_is_still_logged(controller, qtbot, logs):
    """A view that shows the error itself gets it with its log already written."""
    seen = []
    controller.run("test", buggy_job, 7, on_error=seen.append)
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    (log,) = crash_logs(logs)
    assert seen[0].crash_log == str(log)


def test_only_the_named_error_classes_are_ignored(controller, qtbot, logs):
    errors = []
    controller.error.connect(errors.append)
    done = []

    def unreadable(state):
        raise ImageError("a.png cannot be read")

    controller.run("a", unreadable, on_done=done.append, ignore=(ImageError,))
    controller.run("b", buggy_job, 1, on_done=done.append, ignore=(ImageError,))
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    qtbot.waitUntil(lambda: not controller.is_busy(), timeout=10_000)
    assert len(errors) == 1 and "RuntimeError" in errors[0]  # the bug was not ignored
    assert done == [] and len(crash_logs(logs)) == 1  # the ignored error left no log


def test_the_runner_routes_an_unhandled_error_to_its_signal(qtbot, logs):
    runner = TaskRunner()
    try:
        with qtbot.waitSignal(runner.error, timeout=10_000) as failed:
            runner.submit("x", buggy_job, 3)
        assert isinstance(failed.args[0], RuntimeError)
    finally:
        runner.shutdown()


def test_the_command_line_writes_the_same_crash_log(logs):
    """One writer: the command line's report lands where the window's does."""
    from inception_desktop.cli import _crash_report

    try:
        raise RuntimeError("from the command line")
    except RuntimeError as exc:
        path = _crash_report(exc)
    assert [str(p) for p in crash_logs(logs)] == [path]


def test_a_bug_in_a_views_callback_is_logged_and_shown(controller, qtbot, logs):
    def broken_view(result):
        raise ZeroDivisionError(f"the view divided {result} by zero")

    with qtbot.captureExceptions() as raised:  # still raised on, as Qt slots do
        with qtbot.waitSignal(controller.error, timeout=10_000) as shown:
            controller.run("test", lambda state: 5, on_done=broken_view)
    assert "ZeroDivisionError: the view divided 5 by zero" in shown.args[0]
    (log,) = crash_logs(logs)
    assert str(log) in shown.args[0] and "broken_view" in log.read_text()
    assert [type(e[1]) for e in raised] == [ZeroDivisionError]
