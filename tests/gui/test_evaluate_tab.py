"""The Evaluate tab: a labelled folder through a network, the table, the reliability diagram,
per-class results sortable, confident mistakes that open in Classify; and the manager of
networks, weights and training runs."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from inception_desktop.engine.evaluate import evaluate_model
from inception_desktop.engine.labelled import read_labelled
from inception_desktop.engine.predictor import Predictor
from inception_desktop.labels import imagenet_labels
from tests.helpers.window import labelled_folder


def test_evaluate_a_folder_and_open_a_mistake(make_window, qtbot, tmp_path):
    data = labelled_folder(tmp_path / "labelled")
    window = make_window()
    tab = window.evaluate
    window.show_tab(4)
    tab.set_folder(str(data))
    tab.tick({("inception_v3", None)})
    tab.start()
    assert tab.cancel_button.isEnabled() and not tab.start_button.isEnabled()
    qtbot.waitUntil(lambda: tab.report is not None, timeout=300_000)
    # The same numbers as the engine's, on the same images.
    predictor = Predictor("inception_v3", random_weights=True, backend="onnxruntime")
    expected = evaluate_model(predictor, read_labelled(data, list(imagenet_labels()), True))
    assert tab.table.rowCount() == 1
    assert tab.table.item(0, 2).text() == "9"
    assert tab.table.item(0, 3).text() == f"{expected.metrics['top1'] * 100:.1f}%"
    assert tab.table.isColumnHidden(9)  # published figures: ImageNet data only
    assert tab.per_class.rowCount() == 3
    assert {tab.per_class.item(r, 0).text() for r in range(3)} == {"goldfish", "tabby",
                                                                   "daisy"}
    assert tab.reliability is not None
    # Issue 25 item 16: the curves' names under the plot (not over it), Top-5 whole.
    assert tab.reliability.getPlotItem().legend is None
    assert "Inception-v3 (untrained) (ECE" in tab.reliability_legend.text()
    header = tab.per_class.horizontalHeader()
    assert all(header.sectionSize(c) >= header.sectionSizeHint(c) for c in (1, 2, 3))
    assert tab.mistakes.count() == min(24, len(expected.mistakes)) > 0
    assert "Done: 9 images of 3 classes" in tab.status.text()
    item = tab.mistakes.item(0)
    tab.mistakes.itemDoubleClicked.emit(item)
    qtbot.waitUntil(lambda: window.tabs.currentIndex() == 0 and bool(window.controller.items)
                    and window.controller.items[0].name == item.data(256)[0], timeout=30_000)
    qtbot.waitUntil(window.classify_tab.image_view.has_overlay, timeout=120_000)
    assert window.classify_tab.selected_class == item.data(256)[1]


def test_manager_lists_removes_and_remembers(make_window, qtbot, tmp_path, monkeypatch):
    from inception_desktop.gui.manager_dialog import entry_state
    from inception_desktop.models import list_models
    from inception_desktop.paths import data_subdir

    monkeypatch.setenv("INCEPTION_DESKTOP_DATA_DIR", str(tmp_path / "data"))
    run = data_subdir("runs") / "20260101-000000-demo"
    run.mkdir(parents=True)
    (run / "demo.safetensors").write_bytes(b"x" * 5000)
    window = make_window(untrained=("inception_v4",))
    window.manage_networks()
    dialog = window.manager_dialog
    panel = dialog.networks
    qtbot.waitUntil(lambda: len(panel.entries) >= len(list_models()), timeout=30_000)
    states = {e.name: entry_state(e, e.network in window.controller.untrained_networks)
              for e in panel.entries}
    # Every network is listed: the one run untrained by choice says so.
    assert states == {n: "untrained (your choice)" if n == "inception_v4" else "not downloaded"
                      for n in list_models()}
    panel.table.selectRow(0)
    assert panel.download_button.isEnabled() and not panel.remove_button.isEnabled()
    panel.toggle_untrained()  # run v3 untrained, remembered
    assert "inception_v3" in window.settings.untrained_ok
    panel.table.selectRow(0)
    assert panel.untrained_button.text() == "Ask again"
    panel.toggle_untrained()
    assert "inception_v3" not in window.settings.untrained_ok
    # Training runs: listed with their size, removed on request.
    runs = dialog.runs
    qtbot.waitUntil(lambda: len(runs.runs) == 1, timeout=30_000)
    assert runs.runs[0].bytes == 5000 and "5.0 KB" in runs.total.text()
    runs.table.selectRow(0)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    runs.remove()
    qtbot.waitUntil(lambda: not run.exists() and runs.runs == [], timeout=30_000)
    dialog.grab().save(str(tmp_path / "manager.png"))
