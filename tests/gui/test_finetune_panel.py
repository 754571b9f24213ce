"""The Fine-tune tab: class cards from the scan, Start only with a valid scan of the folder on
screen, a named model trained and used, every run ending in a summary, and Cancel of a full
run settling within seconds with a line saying what was kept."""

from __future__ import annotations

from inception_desktop.gui.widgets import CAPTION_ROLE
from tests.helpers.datasets import make_dataset
from tests.helpers.window import drop


def test_panel_trains_and_the_model_is_used(make_window, qtbot, tmp_path):
    data = make_dataset(tmp_path / "shapes", per_class=12)
    (data / "circle" / "torn.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    window = make_window()
    panel = window.finetune
    window.show_tab(3)
    panel.set_folder(str(data))
    qtbot.waitUntil(lambda: panel.start_button.isEnabled(), timeout=30_000)
    # One card per class, with its counts and what is wrong with it.
    cards = [panel.cards.item(i) for i in range(panel.cards.count())]
    assert [c.text() for c in cards] == ["circle", "square", "triangle"]
    assert "1 unreadable" in cards[0].data(CAPTION_ROLE)
    assert cards[1].data(CAPTION_ROLE) == "10 train · 2 val"
    assert "3 classes, 36 images" in panel.scan_text.text()
    assert "1 file cannot be read" in panel.scan_text.text()
    assert panel.name_edit.text() == "shapes-inception_v3-head"
    assert not panel.precision.isEnabled()  # precision is a full-mode choice
    panel.name_edit.setText("my shapes")  # a space is not allowed in a name
    assert not panel.start_button.isEnabled() and "invalid name" in panel.status.text()
    panel.name_edit.setText("my-shapes")
    assert panel.start_button.isEnabled()
    panel.epochs.setValue(40)
    panel.start()
    assert panel.progress.value() == 0  # not a leftover 100 %
    qtbot.waitUntil(lambda: panel.use_button.isEnabled(), timeout=300_000)
    assert len(panel.curves.loss_curve.getData()[0]) >= 1  # live curve filled
    summary = panel.summary.text()
    assert ("Done" in summary or "Stopped early" in summary) and "best epoch" in summary
    assert "my-shapes.safetensors" in summary and panel.folder_button.isEnabled()
    assert panel.matrix.rowCount() == 3 and panel.matrix.columnCount() == 3
    assert panel.matrix.horizontalHeaderItem(0).text() == "circle"
    diagonal = sum(int(panel.matrix.item(i, i).text()) for i in range(3))
    assert diagonal >= 1
    panel.show_cell(0, 0)
    qtbot.waitUntil(lambda: panel.cell_images.count() == len(panel.cell_files(0, 0)),
                    timeout=30_000)
    panel.use_button.click()
    qtbot.waitUntil(lambda: window.settings.weights is not None, timeout=60_000)
    assert "my-shapes" in window.model_bar.network_combo.currentText()
    drop(window, [data / "square" / "square_002.png"])
    qtbot.waitUntil(lambda: len(window.classify_tab.results.visible_labels()) == 3, timeout=120_000)
    assert sorted(window.classify_tab.results.visible_labels()) == ["circle", "square", "triangle"]
    assert window.classify_tab.results.title.text() == "Top 3"
    header = window.classify_tab.results.subtitle.text()
    assert "my-shapes on Inception-v3 (untrained base)" in header
    assert window.banner.isVisible() and "untrained" in window.banner.text()


def test_start_waits_for_a_valid_scan_of_the_folder_on_screen(make_window, qtbot, tmp_path):
    good = make_dataset(tmp_path / "good", per_class=6)
    flat = tmp_path / "flat"
    flat.mkdir()
    (flat / "a.png").write_bytes((good / "circle" / "circle_000.png").read_bytes())
    window = make_window()
    panel = window.finetune
    panel.set_folder(str(good))
    qtbot.waitUntil(lambda: panel.start_button.isEnabled(), timeout=30_000)
    panel.set_folder(str(flat))
    assert not panel.start_button.isEnabled()  # at once, before the new scan ends
    assert panel.cards.count() == 0
    qtbot.waitUntil(lambda: "⚠" in panel.scan_text.text(), timeout=30_000)
    assert not panel.start_button.isEnabled()
    assert "Error" not in panel.scan_text.text() and "flat" in panel.scan_text.text()
    assert panel.scan is None


def test_cancel_of_a_full_run_settles_and_says_what_was_kept(make_window, qtbot, tmp_path):
    data = make_dataset(tmp_path / "tiny", per_class=4, size=80)
    window = make_window()
    panel = window.finetune
    window.show_tab(3)
    panel.set_folder(str(data))
    qtbot.waitUntil(lambda: panel.start_button.isEnabled(), timeout=30_000)
    panel.mode.setCurrentIndex(panel.mode.findData("full"))
    assert panel.precision.isEnabled()
    panel.precision.setCurrentIndex(panel.precision.findData("fp32"))
    panel.epochs.setValue(5)
    panel.start()
    qtbot.waitUntil(lambda: panel.status.text().startswith("Epoch"), timeout=300_000)
    panel.cancel_button.click()
    # Settled within seconds: Start back, Cancel off, a line saying what was kept.
    qtbot.waitUntil(lambda: panel.start_button.isEnabled(), timeout=60_000)
    assert not panel.cancel_button.isEnabled()
    text = panel.status.text()
    assert "nothing was kept" in text or ("best model so far" in text and "is kept" in text)
    assert panel.progress.value() < 1000  # a cancelled run does not end at 100 %
    assert not window.controller.is_busy("train")
    assert len(panel.curves.speed_curve.getData()[0] or []) >= 1  # images/s plotted in full mode
