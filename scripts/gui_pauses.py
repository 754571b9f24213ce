"""Measure how responsive the window stays: a 10 ms QTimer records the longest gap of the GUI
thread while Inception-ResNet-v2 classifies and while a 2080-channel grid renders, and the
time from drop to top-5 for each network (warm: the second drop).

    python scripts/gui_pauses.py        (untrained networks unless weights are installed)
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


class GapMeter:
    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.last = None
        self.longest = 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        if self.last is not None:
            self.longest = max(self.longest, now - self.last)
        self.last = now

    def start(self) -> None:
        self.last, self.longest = None, 0.0
        self.timer.start()

    def stop(self) -> float:
        self.timer.stop()
        return self.longest * 1000.0


def main() -> int:
    from PySide6.QtCore import QMimeData, QUrl

    from inception_desktop.errors import WeightsError
    from inception_desktop.gui.app import make_app
    from inception_desktop.gui.main_window import MainWindow
    from inception_desktop.gui.selftest import test_image
    from inception_desktop.gui.settings import Settings
    from inception_desktop.weights.resolve import resolve_weights

    tmp = Path(tempfile.mkdtemp())
    atexit.register(shutil.rmtree, tmp, ignore_errors=True)  # its models run to GB
    os.environ["INCEPTION_DESKTOP_CONFIG_DIR"] = str(tmp / "config")
    app = make_app()

    def wait(cond, timeout=300):
        deadline = time.monotonic() + timeout
        while not cond() and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.002)

    img = tmp / "test.png"
    test_image(480).save(img)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(img))])
    meter = GapMeter()
    for network in ("inception_v3", "inception_v4", "inception_resnet_v2"):
        window = MainWindow(Settings(network=network))
        try:
            resolve_weights(network)
        except WeightsError:
            window.controller.untrained_networks.add(network)
        window.show()
        window.handle_mime(mime)  # cold: loads the network
        wait(lambda w=window: bool(w.classify_tab.results.visible_labels()))
        wait(lambda w=window: not w.controller.is_busy())
        meter.start()
        old = window.controller.items
        t0 = time.perf_counter()
        window.handle_mime(mime)  # warm
        wait(lambda w=window, old=old: w.controller.items is not old and
             w.controller.items[0].result is not None and
             bool(w.classify_tab.results.visible_labels()))
        drop_ms = (time.perf_counter() - t0) * 1000
        wait(lambda w=window: not w.controller.is_busy())
        gap_infer = meter.stop()
        line = f"{network}: drop to top-5 {drop_ms:.0f} ms (warm); longest GUI pause " \
               f"during classification {gap_infer:.0f} ms"
        if network == "inception_resnet_v2":
            window.tabs.setCurrentWidget(window.viewer)
            wait(lambda w=window: w.controller.current_activations() is not None)
            wait(lambda w=window: not w.controller.is_busy())
            window.viewer.select_block("repeat_2.0")
            wait(lambda w=window: w.viewer.model.render is not None and
                 w.viewer.model.render.block == "repeat_2.0")
            meter.start()
            window.viewer.select_block("mixed_7a")  # 2080 channels
            wait(lambda w=window: w.viewer.model.render is not None and
                 w.viewer.model.render.block == "mixed_7a")
            for _ in range(20):  # let the view lay out and paint the grid
                app.processEvents()
                time.sleep(0.01)
            gap_grid = meter.stop()
            line += f"; longest pause rendering the 2080-channel grid {gap_grid:.0f} ms"
        print(line, flush=True)
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
