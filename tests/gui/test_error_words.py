"""Errors in the window's words (issue 25, item 20): a file's name before its folder, never an
absolute path first; no library internals ("Error while deserializing header: ..."), a plain
sentence naming the file; "Download again" only after a download."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from safetensors.numpy import save_file

from inception_desktop.errors import AppError
from inception_desktop.fileio import named
from inception_desktop.gui.weights_dialog import WeightsDialog
from tests.helpers.httpserver import LocalServer
from tests.helpers.publish import publish
from tests.helpers.window import wait_idle


@pytest.fixture
def empty_data(tmp_path, monkeypatch):
    monkeypatch.setenv("INCEPTION_DESKTOP_DATA_DIR", str(tmp_path / "data"))


def truncated_safetensors(folder):
    import numpy as np

    path = folder / "inception_resnet_v2-imported.safetensors"
    save_file({"conv2d_1a.conv.weight": np.zeros((32, 3, 3, 3), np.float32)}, str(path))
    data = path.read_bytes()
    path.write_bytes(data[:40])  # the header says more than the file holds
    return path


def test_named_puts_the_file_before_its_folder(tmp_path):
    assert named(tmp_path / "photo.jpg") == f"photo.jpg in {tmp_path}"
    assert named("photo.jpg") == "photo.jpg"


def test_a_corrupt_safetensors_import_is_a_plain_sentence(make_window, qtbot, tmp_path,
                                                         empty_data):
    window = make_window(untrained=())
    dialog = WeightsDialog("inception_v3", window.controller, parent=window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.import_file(str(truncated_safetensors(tmp_path)))
    qtbot.waitUntil(lambda: "truncated or corrupt" in dialog.status.text(), timeout=30_000)
    text = dialog.status.text()
    assert text.startswith("inception_resnet_v2-imported.safetensors is truncated or corrupt")
    assert "deserializ" not in text.lower() and "Error while" not in text
    assert str(tmp_path) not in text
    # Nothing was downloaded: nothing is offered "again".
    assert "Download again" not in text and "Import file…" in text
    assert dialog.download_button.text() == "Download"
    dialog.grab().save(str(tmp_path / "import-failed.png"))


def test_download_again_only_after_a_download(make_window, qtbot, tmp_path, monkeypatch,
                                              empty_data):
    with LocalServer() as server:
        publish(monkeypatch, server, "inception_v3", b"x", status=404)
        window = make_window(untrained=())
        dialog = WeightsDialog("inception_v3", window.controller, parent=window)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.mouseClick(dialog.download_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "HTTP 404" in dialog.status.text(), timeout=30_000)
        wait_idle(qtbot, window)
    text = dialog.status.text()
    assert "Download again" in text and "resumes" not in text  # nothing arrived to resume
    assert dialog.download_button.text() == "Download again"


def _scan(root):
    from inception_desktop.training.dataset import scan_folder

    scan_folder(root)


def _labelled(root):
    from inception_desktop.engine.labelled import read_labelled

    read_labelled(root / "no such folder", ["a", "b"], False)


def _weights(root):
    from inception_desktop.weights.checkpoint import check_readable

    check_readable(root / "missing.pth")


@pytest.mark.parametrize(("make_error", "first_word"), [
    (_scan, "holiday"), (_labelled, "no"), (_weights, "missing.pth")])
def test_core_errors_name_the_file_before_the_folder(tmp_path, make_error, first_word):
    root = tmp_path / "holiday photos"
    (root / "only-one-class").mkdir(parents=True)
    with pytest.raises(AppError) as caught:
        make_error(root)
    message = str(caught.value)
    assert not message.startswith("/") and message.split()[0] == first_word, message
    assert f" in {tmp_path}" in message or f" in {root}" in message, message
