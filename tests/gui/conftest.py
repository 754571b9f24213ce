"""Window tests: a window whose networks run untrained on onnxruntime."""

from __future__ import annotations

import pytest

from inception_desktop.gui.main_window import MainWindow
from inception_desktop.gui.settings import Settings


@pytest.fixture(autouse=True)
def _collect_on_the_gui_thread(qapp):
    """As the window runs (gui/gc_guard.py): no collection on task threads while a window
    test runs (a Qt object freed there deadlocks PySide); everything collected after it."""
    from inception_desktop.gui.gc_guard import GuiThreadCollector

    collector = GuiThreadCollector(qapp)
    yield
    collector.stop()
    collector.deleteLater()


@pytest.fixture
def make_window(qtbot):
    """A window whose networks run untrained (no weights here) on onnxruntime."""
    windows = []

    def make(settings: Settings | None = None, untrained=("inception_v3", "inception_v4",
                                                          "inception_resnet_v2")):
        window = MainWindow(settings or Settings(backend="onnxruntime"))
        window.controller.untrained_networks.update(untrained)
        qtbot.addWidget(window)
        window.show()
        windows.append(window)
        return window

    yield make
    for w in windows:
        w.controller.shutdown()


