"""Python's cyclic garbage collector, run on the GUI thread only.

The collector runs in whichever thread happens to allocate. When it frees a Qt object in a
worker thread, the object's destructor takes Qt's connection lock and then waits for the GIL,
while the GUI thread, inside a Qt call that released the GIL, waits for that lock: the window
freezes for good (seen in the test suite, a QMenu built on the GUI thread against a collection
on a task thread). So automatic collection is switched off while the window runs and the GUI
thread collects on a timer, with the same generation thresholds Python would use.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer


class GuiThreadCollector(QObject):
    def __init__(self, parent: QObject, interval_ms: int = 500) -> None:
        super().__init__(parent)
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.collect_if_due)
        self.timer.start(interval_ms)

    @staticmethod
    def collect_if_due() -> None:
        counts, thresholds = gc.get_count(), gc.get_threshold()
        if counts[0] <= thresholds[0]:
            return
        generation = 2 if counts[2] > thresholds[2] else 1 if counts[1] > thresholds[1] else 0
        gc.collect(generation)

    def stop(self) -> None:
        """Back to Python's own collection (after the window's life, in tests)."""
        self.timer.stop()
        gc.enable()
