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
    from inception_desktop.gui.gc_guard import GuiThreadCollector
    from inception_desktop.gui.i18n import install_language
    from inception_desktop.gui.settings import language_setting

    if app.findChild(GuiThreadCollector) is None:
        GuiThreadCollector(app)  # Qt objects are freed on the GUI thread only
    install_language(app, language_setting())
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


XCB_CURSOR_FIX = ("install it (Debian/Ubuntu: sudo apt install libxcb-cursor0; Fedora: "
                  "sudo dnf install xcb-util-cursor; Arch: sudo pacman -S xcb-util-cursor)")


def _library_found(name: str, soname: str) -> bool:
    """Whether lib<name> loads here, with the libraries it needs: from where the dynamic
    loader finds it (ldconfig's cache, LD_LIBRARY_PATH), or beside Qt's own libraries (a frozen
    bundle, a PySide6 wheel that ships it)."""
    import ctypes
    import ctypes.util

    candidates = [c for c in (ctypes.util.find_library(name), soname) if c]
    folders = [Path(getattr(sys, "_MEIPASS", ""))] if getattr(sys, "frozen", False) else []
    try:
        import PySide6

        folders.append(Path(PySide6.__file__).parent / "Qt" / "lib")
    except ImportError:
        pass
    for folder in folders:
        if str(folder) and folder.is_dir():
            candidates += [str(p) for p in sorted(folder.glob(f"lib{name}.so*"))]
    for candidate in candidates:
        try:
            ctypes.CDLL(candidate)
            return True
        except OSError:
            continue
    return False


def missing_library_reason() -> str | None:
    """Why Qt's X11 platform plugin cannot load here (Linux without libxcb-cursor, which
    Qt 6.5+ needs and bare installs lack; Qt would print raw xcb text and abort), or None."""
    if not sys.platform.startswith("linux"):
        return None
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform:
        if not platform.startswith("xcb"):
            return None
    elif os.environ.get("WAYLAND_DISPLAY"):
        return None  # Qt 6 runs on Wayland where it can, and needs no X11 library there
    if _library_found("xcb-cursor", "libxcb-cursor.so.0"):
        return None
    return ("the window needs the library libxcb-cursor (Qt's X11 support), which is not "
            f"installed: {XCB_CURSOR_FIX}; the command line works without it "
            "(inception-desktop --help)")


def run(print_startup: bool = False) -> int:
    """Open the window; returns the exit status."""
    reason = no_display_reason() or missing_library_reason()
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
