"""The window, driven like a person would: drops, clicks, block switches, restarts."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtWidgets import QMessageBox

from inception_desktop.gui.settings import Settings, load_settings, settings_path
from inception_desktop.models import get_spec
from tests.helpers.images import photo
from tests.helpers.window import classify_one, drop, images, wait_idle


def grab_array(widget) -> np.ndarray:
    """The widget as rendered, H x W x 3 float."""
    image = widget.grab().toImage().convertToFormat(widget.grab().toImage().Format.Format_RGB888)
    h, w = image.height(), image.width()
    data = np.frombuffer(image.constBits(), np.uint8, count=image.bytesPerLine() * h)
    return data.reshape(h, image.bytesPerLine())[:, :3 * w].reshape(h, w, 3).astype(float)


def test_drop_shows_top5(make_window, qtbot, tmp_path):
    window = make_window()
    classify_one(window, qtbot, tmp_path)
    item = window.controller.items[0]
    assert window.classify_tab.results.visible_labels() == \
        [p.label for p in item.result.predictions]
    assert window.banner.isVisible()  # untrained weights are announced
    assert "onnxruntime" in window.status_model.text()


def test_folder_drop_classifies_every_image(make_window, qtbot, tmp_path):
    window = make_window()
    images(tmp_path / "pics", 3)
    images(tmp_path / "pics" / "sub", 2, prefix="nested")
    (tmp_path / "pics" / "readme.txt").write_text("not an image")
    drop(window, [tmp_path / "pics"])
    qtbot.waitUntil(lambda: len(window.controller.items) == 5 and all(
        it.result for it in window.controller.items), timeout=120_000)
    assert window.classify_tab.gallery.count() == 5 and window.classify_tab.gallery.isVisible()


def test_broken_files_listed_and_the_rest_classified(make_window, qtbot, tmp_path):
    window = make_window()
    good = images(tmp_path, 2)
    broken = tmp_path / "broken.jpg"
    broken.write_text("not a jpeg")
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    drop(window, [good[0], broken, empty, good[1]])
    qtbot.waitUntil(lambda: len(window.controller.items) == 4 and all(
        it.result or it.error for it in window.controller.items), timeout=120_000)
    items = window.controller.items
    assert [bool(it.result) for it in items] == [True, False, False, True]
    assert "broken.jpg" in items[1].error and "empty" in items[2].error
    # The worker sets item.error before the GUI thread paints it: wait for the gallery.
    gallery = window.classify_tab.gallery
    qtbot.waitUntil(lambda: gallery.is_error(1) and gallery.caption(1) == "cannot be read",
                    timeout=10_000)
    window.controller.set_current(1)
    results = window.classify_tab.results
    assert results.error.isVisible() and "broken.jpg" in results.error.text()
    csv_text = window.controller.batch_csv()
    assert "broken.jpg" in csv_text and csv_text.count("\n") == 1 + 5 + 1 + 1 + 5


def test_viewer_channels_and_branches_for_each_network(make_window, qtbot, tmp_path):
    cases = {"inception_v3": "Mixed_5b", "inception_v4": "features.18",
             "inception_resnet_v2": "mixed_7a"}
    (path,) = images(tmp_path, 1)
    for network, block_path in cases.items():
        window = make_window(Settings(network=network, backend="onnxruntime"))
        drop(window, [path])
        window.tabs.setCurrentWidget(window.viewer)
        qtbot.waitUntil(lambda w=window: w.controller.current_activations() is not None,
                        timeout=180_000)
        window.viewer.select_block(block_path)
        qtbot.waitUntil(lambda w=window, b=block_path: w.viewer.model.render is not None
                        and w.viewer.model.render.block == b, timeout=60_000)
        block = get_spec(network).block(block_path)
        assert window.viewer.model.rowCount() == block.channels
        assert window.viewer.branch_labels() == [br.name for br in block.branches]
        for br in block.branches:
            assert br.name in window.viewer.legend.text()
        window.close()


def test_switching_blocks_runs_no_inference(make_window, qtbot, tmp_path):
    window = make_window()
    (path,) = images(tmp_path, 1)
    drop(window, [path])
    window.tabs.setCurrentWidget(window.viewer)
    qtbot.waitUntil(lambda: window.viewer.model.rowCount() > 0, timeout=120_000)
    wait_idle(qtbot, window)
    runs = window.controller.inference_runs
    for block in ("Mixed_5b", "Mixed_6a", "Conv2d_1a_3x3", "Mixed_7c"):
        window.viewer.select_block(block)
        qtbot.waitUntil(lambda b=block: window.viewer.model.render is not None
                        and window.viewer.model.render.block == b, timeout=30_000)
    assert window.viewer.model.rowCount() == 2048
    assert window.controller.inference_runs == runs


def test_clicking_a_label_overlays_its_activation_map(make_window, qtbot, tmp_path):
    window = make_window()
    classify_one(window, qtbot, tmp_path)
    assert not window.classify_tab.image_view.has_overlay()
    plain = grab_array(window.classify_tab.image_view)
    row = window.classify_tab.results.rows[2]
    qtbot.mouseClick(row, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(window.classify_tab.image_view.has_overlay, timeout=60_000)
    assert window.classify_tab.selected_class == row.index
    window.classify_tab.opacity.setValue(20)
    assert abs(window.classify_tab.image_view.opacity - 0.2) < 1e-9
    faint = grab_array(window.classify_tab.image_view)
    window.classify_tab.opacity.setValue(90)
    strong = grab_array(window.classify_tab.image_view)
    # The map is drawn over the picture, and more opacity changes the picture more.
    assert np.abs(faint - plain).mean() > 0.5
    assert np.abs(strong - plain).mean() > 2 * np.abs(faint - plain).mean()


def test_settings_survive_a_restart(make_window, qtbot):
    window = make_window()
    window.viewer.colormap.setCurrentText("magma")
    window.model_bar.backend_combo.setCurrentIndex(window.model_bar.backend_combo.findData("torch"))
    window.resize(1000, 700)
    window.close()
    settings, warning = load_settings()
    assert warning is None
    assert (settings.colormap, settings.backend) == ("magma", "torch")
    reopened = make_window(settings)
    assert reopened.viewer.colormap.currentText() == "magma"
    assert reopened.model_bar.backend_combo.currentData() == "torch"
    assert settings.geometry  # restored by restoreGeometry (the offscreen screen clamps width)
    assert reopened.size().height() == 700


def test_corrupt_settings_do_not_stop_the_app(make_window, qtbot):
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{ this is not json")
    settings, warning = load_settings()
    assert settings == Settings() and "could not be read" in warning
    backups = list(path.parent.glob("settings.corrupt-*.json"))
    assert len(backups) == 1 and backups[0].read_text() == "{ this is not json"
    window = make_window(settings)
    assert window.isVisible()
    path.write_text(json.dumps({"version": 1, "colormap": 5}))
    assert load_settings()[0].colormap == "viridis"


def test_closing_during_inference_exits_cleanly(make_window, qtbot, tmp_path):
    import threading

    window = make_window(Settings(network="inception_resnet_v2", backend="torch"))
    paths = images(tmp_path, 6)
    drop(window, paths)
    qtbot.waitUntil(lambda: window.controller.is_busy("classify"), timeout=60_000)
    states = [t.state for t in window.controller.tasks._tasks.values()]
    window.close()
    # Every running job was told to stop, and every worker thread has ended by now.
    assert states and all(s.cancelled for s in states)
    assert not [t for t in threading.enumerate() if t.name.startswith("task")]
    late = []
    window.controller.item_updated.connect(late.append)
    qtbot.wait(200)
    assert late == []  # nothing reaches the closed window


def test_paste_image_data(make_window, qtbot):
    from PySide6.QtGui import QImage

    window = make_window()
    arr = np.ascontiguousarray(np.asarray(photo(120, 90).convert("RGB")))
    qimg = QImage(arr.data, 120, 90, 360, QImage.Format.Format_RGB888).copy()
    mime = QMimeData()
    mime.setImageData(qimg)
    assert window.handle_mime(mime)
    qtbot.waitUntil(lambda: len(window.classify_tab.results.visible_labels()) == 5, timeout=120_000)
    assert window.controller.items[0].name == "Pasted image 1"


def test_no_display_gives_one_clear_line(monkeypatch, capsys):
    from inception_desktop.gui import app

    monkeypatch.setattr(app.sys, "platform", "linux")
    for var in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(var, raising=False)
    assert app.run() == 1
    err = capsys.readouterr().err
    assert "no display" in err and "QT_QPA_PLATFORM=offscreen" in err


def test_bad_setting_values_fall_back_one_by_one(make_window, qtbot):
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"version": 1, "overlay_opacity": NaN, "colormap": "magma", '
                    '"recent_files": ["/a.png", 5, {"x": 1}], "backend": "quantum", '
                    '"tile_size": 1e12}')
    settings, warning = load_settings()
    assert settings.overlay_opacity == 0.5 and settings.colormap == "magma"
    assert settings.recent_files == ["/a.png"] and settings.backend == "auto"
    assert "overlay_opacity" in warning and "backend" in warning and "colormap" not in warning
    window = make_window(settings)
    assert window.isVisible() and window.viewer.colormap.currentText() == "magma"


def test_data_folder_dialog_shows_sizes_and_prunes(make_window, qtbot, tmp_path, monkeypatch):
    from tests.helpers.datafolder import fill

    monkeypatch.setenv("INCEPTION_DESKTOP_DATA_DIR", str(tmp_path / "own-data"))
    made = fill()
    window = make_window()
    window.show_data_folder()
    dialog = window.data_folder_dialog
    qtbot.waitUntil(lambda: dialog.usage is not None, timeout=10_000)
    texts = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    assert any(t.startswith("ONNX exports") for t in texts)
    assert "15.3 KB" in dialog.total.text()
    dialog.days.setValue(30)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    dialog.prune_button.click()
    qtbot.waitUntil(lambda: "Removed 2 items" in dialog.status.text(), timeout=10_000)
    assert not made["log"].exists() and made["weights"].exists()
    dialog.grab().save(str(tmp_path / "data-folder.png"))


def test_serve_toggle_serves_the_current_model(make_window, qtbot, tmp_path):
    import requests

    from tests.helpers.net import free_port

    window = make_window(Settings(backend="onnxruntime", serve_port=free_port()))
    path = classify_one(window, qtbot, tmp_path)
    window.serve_action.trigger()
    qtbot.waitUntil(lambda: window.status_serve.isVisible(), timeout=30_000)
    url = window.controller.server.url
    answer = requests.post(f"{url}/v1/classify", files={"file": open(path, "rb")},
                           timeout=60).json()
    labels = [p["label"] for p in answer["results"][0]["predictions"]]
    assert labels == window.classify_tab.results.visible_labels()
    qtbot.waitUntil(lambda: "· 1 request" in window.status_serve.text(), timeout=5_000)
    window.serve_action.trigger()
    assert window.controller.server is None
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{url}/v2/health/live", timeout=2)


def test_export_results_writes_the_csv_and_a_failed_write_keeps_the_old_file(
        make_window, qtbot, tmp_path, monkeypatch):
    import errno
    import os

    from PySide6.QtWidgets import QFileDialog

    window = make_window()
    classify_one(window, qtbot, tmp_path)
    out = tmp_path / "results.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    window.export_csv()
    first = out.read_text()
    assert first.splitlines()[0].startswith("file,") and "img 0.png" in first

    def disk_full(*_args):
        raise OSError(errno.ENOSPC, "No space left on device")

    out.write_text("the results of an earlier batch\n")
    monkeypatch.setattr(os, "fsync", disk_full)
    window.export_csv()
    assert out.read_text() == "the results of an earlier batch\n"
    assert [p.name for p in tmp_path.iterdir() if "results" in p.name] == ["results.csv"]
    assert window.error_banner.isVisible() and "the disk is full" in window.error_banner.text()
