"""Python's cyclic collector runs on the GUI thread only while the window runs: a Qt object
freed by a collection on a task thread deadlocks PySide (seen in the suite)."""

from __future__ import annotations

import gc
import threading

from inception_desktop.gui.gc_guard import GuiThreadCollector


def test_garbage_is_collected_on_the_gui_thread_on_a_timer(qapp, qtbot):
    collector = GuiThreadCollector(qapp, interval_ms=10)
    try:
        assert not gc.isenabled()
        threads: list[bool] = []

        class Cycle:
            def __del__(self) -> None:
                threads.append(threading.current_thread() is threading.main_thread())

        def make_garbage() -> None:  # on a task thread, as a worker allocates
            for _ in range(gc.get_threshold()[0] * 3):
                cycle = Cycle()
                cycle.me = cycle

        worker = threading.Thread(target=make_garbage)
        worker.start()
        worker.join()
        assert threads == []  # nothing collected where the garbage was made
        qtbot.waitUntil(lambda: len(threads) > 0, timeout=5000)
        assert all(threads)
    finally:
        collector.stop()
    assert gc.isenabled()


def test_the_app_collects_on_the_gui_thread():
    from inception_desktop.gui.app import make_app

    app = make_app()
    for existing in app.findChildren(GuiThreadCollector):
        existing.setParent(None)  # the test fixture's own: make_app must add its own
    app = make_app()
    assert app.findChild(GuiThreadCollector) is not None
    make_app()
    assert len(app.findChildren(GuiThreadCollector)) == 1
    for collector in app.findChildren(GuiThreadCollector):
        collector.stop()
        collector.deleteLater()
