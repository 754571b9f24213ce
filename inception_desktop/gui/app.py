"""Starting the window (torch is not imported until a network is needed), measuring start-up,
and the `--self-test` that packaged builds and CI run offscreen."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from inception_desktop import IMPORT_TIME


def process_start_time() -> float:
    """Wall-clock time the process started (Linux: from /proc; elsewhere: package import)."""
    try:
        with open("/proc/self/stat", encoding="ascii") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        start_ticks = int(fields[19])
        with open("/proc/uptime", encoding="ascii") as f:
            uptime = float(f.read().split()[0])
        return time.time() - uptime + start_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, AttributeError):
        return IMPORT_TIME


def make_app(argv: list[str] | None = None):
    from inception_desktop.terminal import ensure_streams

    ensure_streams()
    if sys.platform == "win32":
        # torch's DLLs must load before Qt's on Windows (known conflict), when torch exists.
        try:
            import torch  # noqa: F401
        except Exception:
            pass
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QIcon
    from PySide6.QtWidgets import QApplication

    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    app.setApplicationName("Inception Desktop")
    app.setOrganizationName("inception-desktop")
    try:
        from inception_desktop.resource_files import resource_path

        icon = resource_path("icon.png")
    except FileNotFoundError:
        icon = Path("")
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def create_window():
    from inception_desktop.gui.main_window import MainWindow
    from inception_desktop.gui.settings import load_settings

    settings, warning = load_settings()
    return MainWindow(settings, warning)


def no_display_reason() -> str | None:
    """Why a window cannot open here (Linux without X11 or Wayland), or None."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return ("no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is set); "
            "use the command line (inception-desktop --help), or set QT_QPA_PLATFORM=offscreen")


def run(print_startup: bool = False) -> int:
    """Open the window; returns the exit status."""
    reason = no_display_reason()
    if reason:
        print(f"inception-desktop: error: {reason}", file=sys.stderr)
        return 1
    app = make_app()
    window = create_window()
    window.show()
    torch_before_shown = "torch" in sys.modules
    if print_startup:
        from PySide6.QtCore import QTimer

        def shown() -> None:
            elapsed = time.time() - process_start_time()
            print(f"start-up: {elapsed * 1000:.0f} ms from process start to window shown "
                  f"(torch imported before: {'yes' if torch_before_shown else 'no'})",
                  flush=True)
            window.close()

        QTimer.singleShot(0, shown)
    return app.exec()
