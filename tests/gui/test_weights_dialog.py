"""First use without weights: the dialog downloads through a mirror on 127.0.0.1 with progress,
cancel leaves nothing behind, and untrained is a visible choice."""

from __future__ import annotations

import hashlib

import pytest
from PySide6.QtCore import Qt

from inception_desktop.paths import weights_dir
from tests.helpers.httpserver import LocalServer, Route
from tests.helpers.publish import publish
from tests.helpers.window import drop, images, wait_idle


@pytest.fixture
def empty_data(tmp_path, monkeypatch):
    monkeypatch.setenv("INCEPTION_DESKTOP_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture(scope="module")
def v3_file(tmp_path_factory):
    from tests.helpers.reference import make_checkpoint

    path = make_checkpoint("inception_v3", "torchvision", tmp_path_factory.mktemp("v3w"))
    return path.read_bytes()


def open_dialog(make_window, qtbot, tmp_path):
    window = make_window(untrained=())
    (img,) = images(tmp_path, 1)
    drop(window, [img])
    qtbot.waitUntil(lambda: getattr(window, "weights_dialog", None) is not None, timeout=30_000)
    return window, window.weights_dialog


def test_download_through_mirror_with_progress(make_window, qtbot, tmp_path, monkeypatch,
                                               empty_data, v3_file):
    with LocalServer() as server:
        publish(monkeypatch, server, "inception_v3", v3_file, status=500)
        server.routes["/mirror/inception_v3/inception_v3_google-0cc3c7bd.pth"] = Route(
            v3_file, chunk_delay=0.0005)
        monkeypatch.setenv("INCEPTION_DESKTOP_MIRROR", server.url("/mirror"))
        window, dialog = open_dialog(make_window, qtbot, tmp_path)
        assert "/mirror/inception_v3/" in dialog.findChildren(type(dialog.status))[0].text()
        seen = []
        dialog.progress.valueChanged.connect(seen.append)
        qtbot.mouseClick(dialog.download_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.weights_dialog is None, timeout=120_000)
        assert seen and max(seen) == 1000 and seen == sorted(seen)
        qtbot.waitUntil(lambda: len(window.classify_tab.results.visible_labels()) == 5,
                        timeout=120_000)
    assert not window.banner.isVisible()  # real (test) weights, not untrained
    installed = weights_dir() / "inception_v3" / "inception_v3_google-0cc3c7bd.pth"
    assert hashlib.sha256(installed.read_bytes()).hexdigest() == \
        hashlib.sha256(v3_file).hexdigest()


def test_cancel_leaves_no_file(make_window, qtbot, tmp_path, monkeypatch, empty_data):
    data = bytes(range(256)) * 40_000  # 10 MB served slowly
    with LocalServer() as server:
        publish(monkeypatch, server, "inception_v3", data, chunk_delay=0.01)
        window, dialog = open_dialog(make_window, qtbot, tmp_path)
        qtbot.mouseClick(dialog.download_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.progress.value() > 0, timeout=30_000)
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
        wait_idle(qtbot, window, timeout=30_000)
    files = [p for p in weights_dir().rglob("*") if p.is_file() and not p.name.endswith(".lock")]
    assert files == []
    assert not dialog.isVisible()


def test_errors_show_in_the_dialog(make_window, qtbot, tmp_path, monkeypatch, empty_data):
    with LocalServer() as server:
        publish(monkeypatch, server, "inception_v3", b"x", status=404)
        window, dialog = open_dialog(make_window, qtbot, tmp_path)
        qtbot.mouseClick(dialog.download_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "HTTP 404" in dialog.status.text(), timeout=30_000)
        assert dialog.isVisible() and dialog.download_button.isEnabled()
        broken = tmp_path / "broken.pth"
        broken.write_bytes(b"\x80\x02garbage")
        dialog.import_file(str(broken))
        qtbot.waitUntil(lambda: "broken.pth" in dialog.status.text(), timeout=30_000)
        qtbot.mouseClick(dialog.untrained_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: len(window.classify_tab.results.visible_labels()) == 5,
                        timeout=120_000)
    assert window.banner.isVisible() and "meaningless" in window.banner.text()


def test_errors_are_in_window_terms_and_a_mirror_can_be_set(make_window, qtbot, tmp_path,
                                                             monkeypatch, empty_data, v3_file):
    from inception_desktop.gui.settings import load_settings

    monkeypatch.delenv("INCEPTION_DESKTOP_MIRROR", raising=False)
    with LocalServer() as server:
        publish(monkeypatch, server, "inception_v3", v3_file, status=503)
        window, dialog = open_dialog(make_window, qtbot, tmp_path)
        qtbot.mouseClick(dialog.download_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "HTTP 503" in dialog.status.text(), timeout=30_000)
        text = dialog.status.text()
        # The dialog's own buttons, not command lines; the error wraps inside a scroll area.
        assert "Import file…" in text and "Set mirror…" in text
        assert "inception-desktop" not in text and "INCEPTION_DESKTOP" not in text
        assert dialog.status.wordWrap() and dialog.status_area.widgetResizable()
        assert not dialog.set_mirror("ftp://nowhere")
        assert "not an http" in dialog.status.text()
        server.routes["/mirror/inception_v3/inception_v3_google-0cc3c7bd.pth"] = Route(v3_file)
        assert dialog.set_mirror(server.url("/mirror"))
        assert "/mirror/inception_v3/" in dialog.intro.text()
        assert load_settings()[0].mirror == server.url("/mirror")
        qtbot.mouseClick(dialog.download_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.weights_dialog is None, timeout=120_000)
        qtbot.waitUntil(lambda: len(window.classify_tab.results.visible_labels()) == 5,
                        timeout=120_000)
    dialog.set_mirror("")
    assert load_settings()[0].mirror is None
