"""The Fine-tune tab trains a head on a generated folder and "Use this model" classifies with
it."""

from __future__ import annotations

from tests.gui.test_window import drop
from tests.training_data import make_dataset


def test_panel_trains_and_the_model_is_used(make_window, qtbot, tmp_path):
    data = make_dataset(tmp_path / "shapes", per_class=12)
    window = make_window()
    panel = window.finetune
    window.tabs.setCurrentWidget(panel)
    panel.set_folder(str(data))
    qtbot.waitUntil(lambda: panel.start_button.isEnabled(), timeout=30_000)
    assert "3 classes, 36 images" in panel.report_text.toPlainText()
    panel.epochs.setValue(40)
    panel.start()
    qtbot.waitUntil(lambda: panel.use_button.isEnabled(), timeout=300_000)
    assert len(panel.loss_curve.getData()[0]) >= 1  # live curve filled
    assert panel.matrix.rowCount() == 3 and panel.matrix.columnCount() == 3
    diagonal = sum(int(panel.matrix.item(i, i).text()) for i in range(3))
    assert diagonal >= 1
    panel.show_cell(0, 0)
    qtbot.waitUntil(lambda: panel.cell_images.count() == len(panel.cell_files(0, 0)),
                    timeout=30_000)
    panel.use_button.click()
    qtbot.waitUntil(lambda: window.settings.weights is not None, timeout=60_000)
    assert "shapes-inception_v3-head" in window.network_combo.currentText()
    drop(window, [data / "square" / "square_002.png"])
    qtbot.waitUntil(lambda: len(window.results.visible_labels()) == 3, timeout=120_000)
    assert sorted(window.results.visible_labels()) == ["circle", "square", "triangle"]
