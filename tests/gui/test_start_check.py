"""On a bare Linux without libxcb-cursor (Qt 6.5+'s X11 plugin needs it) the window does not
start: `make run` and the app say so in one line naming the package to install, instead of
Qt's raw xcb text and an abort (issue 25, the start check)."""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

import pytest

from inception_desktop.gui import app


@pytest.fixture
def x11_session(monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("DISPLAY", ":0")


@pytest.fixture
def no_xcb_cursor(monkeypatch):
    """The library is nowhere: neither found by name nor loadable from any folder."""
    real = ctypes.CDLL

    def cdll(name, *args, **kwargs):
        if "xcb-cursor" in str(name):
            raise OSError(f"{name}: cannot open shared object file: No such file or directory")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(ctypes.util, "find_library",
                        lambda name: None if "xcb-cursor" in name else "libc.so.6")
    monkeypatch.setattr(ctypes, "CDLL", cdll)


def test_missing_xcb_cursor_is_one_line_naming_the_package(x11_session, no_xcb_cursor,
                                                          monkeypatch, capsys):
    reason = app.missing_library_reason()
    assert reason is not None and "\n" not in reason
    assert "libxcb-cursor0" in reason and "xcb-util-cursor" in reason
    # The command that opens the window stops before Qt is started.
    monkeypatch.setattr(app, "make_app", lambda *a: pytest.fail("Qt was started"))
    from inception_desktop.cli import main

    assert main([]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("inception-desktop: error: the window needs")
    assert "apt install libxcb-cursor0" in err[0] and "dnf install xcb-util-cursor" in err[0]


def test_no_check_where_qt_does_not_use_x11(x11_session, no_xcb_cursor, monkeypatch):
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert app.missing_library_reason() is None
    monkeypatch.setenv("QT_QPA_PLATFORM", "wayland")
    assert app.missing_library_reason() is None
    monkeypatch.delenv("QT_QPA_PLATFORM")
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")  # with XWayland's DISPLAY beside it
    assert app.missing_library_reason() is None
    monkeypatch.setattr(sys, "platform", "darwin")
    assert app.missing_library_reason() is None


def test_an_installed_library_passes(x11_session, monkeypatch):
    monkeypatch.setattr(ctypes, "CDLL", lambda name, *a, **k: object())
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    assert app.missing_library_reason() is None
