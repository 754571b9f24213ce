"""File ▸ Manage networks (issue 25, item 15): which weights the toolbar's network runs with
("in use"), choosing between two sets of one network, and every tab of the dialog refreshed
after a change made in another (removed weights, a model used)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from inception_desktop.gui import jobs
from inception_desktop.gui.settings import Settings
from inception_desktop.weights.importer import import_weights
from tests.helpers.reference import REFERENCES, make_checkpoint

NETWORK = "inception_v1"  # the smallest network


def test_two_sets_of_one_network_in_use_and_chosen_here(make_window, qtbot, tmp_path,
                                                       monkeypatch):
    # Its own data folder: the sets installed here must not reach the other window tests.
    monkeypatch.setenv("INCEPTION_DESKTOP_DATA_DIR", str(tmp_path / "data"))
    fmt = REFERENCES[NETWORK].formats[0]
    first = import_weights(make_checkpoint(NETWORK, fmt, tmp_path / "a", seed=1),
                           model=NETWORK, name="v1-first")
    second = import_weights(make_checkpoint(NETWORK, fmt, tmp_path / "b", seed=2),
                            model=NETWORK, name="v1-second")
    window = make_window(Settings(backend="torch", network=NETWORK), untrained=())
    # Both sets are offered in the toolbar, by name.
    combo = [window.model_bar.network_combo.itemText(i)
             for i in range(window.model_bar.network_combo.count())]
    assert any(t.startswith("v1-first") for t in combo)
    assert any(t.startswith("v1-second") for t in combo)
    window.controller.use_model(NETWORK, "v1-first")
    qtbot.waitUntil(lambda: window.controller.predictor is not None and
                    window.controller.predictor.choice.sha256 == first.sha256, timeout=120_000)
    usage_asked = []
    real_usage = jobs.data_usage_job
    monkeypatch.setattr(jobs, "data_usage_job",
                        lambda state: (usage_asked.append(1), real_usage(state))[1])
    window.manage_networks()
    dialog = window.manager_dialog
    panel = dialog.networks
    qtbot.waitUntil(lambda: any(e.name == "v1-second" for e in panel.entries), timeout=30_000)

    def state_of(name):
        row = next(i for i, e in enumerate(panel.entries) if e.name == name)
        return panel.table.item(row, 2).text(), row

    assert state_of("v1-first")[0].endswith("· in use")
    assert not state_of("v1-second")[0].endswith("in use")
    panel.table.selectRow(state_of("v1-first")[1])
    assert not panel.use_button.isEnabled()  # already in use
    panel.table.selectRow(state_of("v1-second")[1])
    assert panel.use_button.isEnabled()
    panel.use_button.click()
    qtbot.waitUntil(lambda: window.controller.predictor.choice.sha256 == second.sha256,
                    timeout=120_000)
    assert window.settings.weights == "v1-second"
    assert window.model_bar.network_combo.currentText().startswith("v1-second")
    qtbot.waitUntil(lambda: state_of("v1-second")[0].endswith("· in use"), timeout=30_000)
    assert not state_of("v1-first")[0].endswith("in use")
    # Removing the first set: the list and the data folder's sizes are read again.
    usage_asked.clear()
    panel.table.selectRow(state_of("v1-first")[1])
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    panel.remove()  # asks first (tests/gui/test_confirm_delete.py): answered Yes
    qtbot.waitUntil(lambda: all(e.name != "v1-first" for e in panel.entries), timeout=30_000)
    qtbot.waitUntil(lambda: bool(usage_asked), timeout=30_000)
    # One set left: the network itself stands for it in the toolbar (no second name).
    combo = window.model_bar.network_combo
    qtbot.waitUntil(lambda: not any(combo.itemText(i).startswith("v1-")
                                    for i in range(combo.count())), timeout=30_000)
    assert combo.currentData()[0] == NETWORK
    dialog.resize(984, 600)
    dialog.grab().save(str(tmp_path / "manager-1024.png"))
    assert panel.table.rowCount() == len(panel.entries)
