"""Fine-tuning runs after the run (issue 25, items 10, 11, 17): closing while training asks;
a run is reachable after a restart from File ▸ Manage networks ▸ Fine-tuning runs with how it
ended, what it reached and Use this model; Cancel ends in one message that late progress
cannot overwrite; class cards show counts and what is wrong; an empty class is left out."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QMessageBox

from inception_desktop.errors import Cancelled
from inception_desktop.gui import jobs
from inception_desktop.gui.class_cards import NOTE_ROLE
from inception_desktop.gui.manager_dialog import ManagerDialog
from inception_desktop.gui.widgets import CAPTION_ROLE
from inception_desktop.tasks import Stage
from inception_desktop.training.events import EpochEnd, Notice
from tests.helpers.datasets import make_dataset


def _stalled_training(started: threading.Event, late: int = 0):
    """A train job that reports progress until it is cancelled, then (like the real one
    measuring the training speed) sends `late` more progress reports before it ends."""

    def job(state, config):
        started.set()
        state.partial(Notice("measuring the training speed of this CPU..."))
        while not state.cancelled:
            state.progress(1, 4, "epoch 1 of 4", None, "images", Stage.TRAINING)
            threading.Event().wait(0.02)
        for _ in range(late):
            state.progress(3, 4, "epoch 3 of 4", None, "images", Stage.TRAINING)
            state.partial(EpochEnd(3, 4, 0.5, 0.9, 0.4, 0.8, 1.0, 0.0))
        raise Cancelled("cancelled")

    return job


def _ready(panel, qtbot, folder):
    panel.set_folder(str(folder))
    qtbot.waitUntil(lambda: panel.start_button.isEnabled(), timeout=30_000)


def test_cancel_ends_in_one_message_that_late_progress_does_not_overwrite(
        make_window, qtbot, tmp_path, monkeypatch):
    """Item 11: no "best model kept" then "nothing was kept"; a late progress event after
    Cancel changes nothing; the bar does not end at 100 %."""
    started = threading.Event()
    monkeypatch.setattr(jobs, "train_job", _stalled_training(started, late=3))
    window = make_window()
    panel = window.finetune
    _ready(panel, qtbot, make_dataset(tmp_path / "shapes", per_class=3, size=48))
    panel.start()
    qtbot.waitUntil(started.is_set, timeout=10_000)
    qtbot.waitUntil(lambda: "epoch" in panel.status.text().lower() or
                    "measuring" in panel.status.text().lower(), timeout=10_000)
    said = []
    panel.status.setText = lambda text, _set=panel.status.setText: (said.append(text),
                                                                     _set(text))[1]
    panel.cancel_button.click()
    qtbot.waitUntil(lambda: panel.start_button.isEnabled(), timeout=10_000)
    # "Cancelling…", then one final line: nothing in between from the late events.
    assert said[0] == "Cancelling…"
    assert said[-1] == "Cancelled before a model was saved: nothing was kept."
    assert not any("kept" in s for s in said[:-1])
    assert not any(s.startswith("Epoch") for s in said)
    assert panel.progress.value() < 1000
    assert len(panel.curves._history) == 0  # the late epoch was not plotted


def test_closing_while_training_asks_first(make_window, qtbot, tmp_path, monkeypatch):
    """Item 10: closing during training asks; No keeps the window and the run."""
    started = threading.Event()
    monkeypatch.setattr(jobs, "train_job", _stalled_training(started))
    window = make_window()
    panel = window.finetune
    _ready(panel, qtbot, make_dataset(tmp_path / "shapes", per_class=3, size=48))
    asked = []

    def answer(reply):
        def question(parent, title, text, *args):
            asked.append(text)
            return reply
        return question

    # Not training: closes without asking.
    assert window.confirm_close() and not asked
    panel.start()
    qtbot.waitUntil(started.is_set, timeout=10_000)
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    assert not window.close()
    assert window.isVisible() and window.controller.is_busy("train")
    assert "Fine-tuning runs" in asked[0] and "best model so far" in asked[0]
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    assert window.close()
    assert len(asked) == 2


def test_a_run_is_listed_with_how_it_ended_and_can_be_used_after_a_restart(
        make_window, qtbot, tmp_path):
    """Item 10: Fine-tuning runs lists status and accuracy, Use this model installs it; Remove
    and Use are off with nothing selected; an empty cancelled run is not listed."""
    from inception_desktop.training.runs import new_run_output

    window = make_window()
    panel = window.finetune
    _ready(panel, qtbot, make_dataset(tmp_path / "shapes", per_class=4, size=48))
    panel.name_edit.setText("shapes-run")
    panel.epochs.setValue(3)
    panel.start()
    qtbot.waitUntil(lambda: panel.use_button.isEnabled(), timeout=300_000)
    new_run_output("cancelled-empty")  # a run folder that kept nothing
    # "After a restart": a new manager dialog reads the runs from the data folder.
    dialog = ManagerDialog(window.controller, window)
    qtbot.addWidget(dialog)
    runs = dialog.runs
    qtbot.waitUntil(lambda: runs.table.rowCount() > 0, timeout=30_000)
    names = [runs.table.item(r, 0).text() for r in range(runs.table.rowCount())]
    assert not any(n.endswith("-cancelled-empty") for n in names)  # nothing to use: not listed
    mine = [r for r, n in enumerate(names) if n.endswith("-shapes-run")]
    assert len(mine) == 1  # (the tests' data folder holds other tests' runs too)
    row = mine[0]
    headers = [runs.table.horizontalHeaderItem(i).text()
               for i in range(runs.table.columnCount())]
    assert headers == ["Run", "Date", "Status", "Accuracy", "Size"]
    assert runs.table.item(row, 2).text() in ("done", "stopped early")
    assert runs.table.item(row, 3).text().endswith("% validation")
    assert not runs.remove_button.isEnabled() and not runs.use_button.isEnabled()
    runs.table.selectRow(row)
    assert runs.remove_button.isEnabled() and runs.use_button.isEnabled()
    runs.use_button.click()
    qtbot.waitUntil(lambda: window.settings.weights is not None, timeout=60_000)
    assert "shapes-run" in window.model_bar.network_combo.currentText()
    assert "Installed as 'shapes-run'" in runs.status.text()


def test_class_cards_show_counts_and_an_empty_class_is_left_out(make_window, qtbot, tmp_path):
    """Item 17: "4 train · 1 val · 1 unreadable"; "too few images" for 2 images; a class
    without a training image is left out of training instead of blocking Start."""
    data = make_dataset(tmp_path / "shapes", per_class=5, size=48)
    (data / "circle" / "torn.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    for f in sorted((data / "square").iterdir())[2:]:
        f.unlink()  # 2 squares
    for f in (data / "triangle").iterdir():
        f.unlink()  # an empty class folder
    captured = {}
    window = make_window()
    panel = window.finetune
    panel.set_folder(str(data))
    qtbot.waitUntil(lambda: panel.scan is not None, timeout=30_000)
    cards = {panel.cards.item(i).text(): panel.cards.item(i)
             for i in range(panel.cards.count())}
    assert cards["circle"].data(CAPTION_ROLE) == "4 train · 1 val · 1 unreadable"
    assert cards["square"].data(CAPTION_ROLE) == "1 train · 1 val"
    assert cards["square"].data(NOTE_ROLE) == "too few images"
    assert cards["triangle"].data(CAPTION_ROLE) == "0 train · 0 val"
    assert cards["triangle"].data(NOTE_ROLE) == "no training image: left out"
    assert "left out of training: triangle" in panel.scan_text.text()
    assert panel.start_button.isEnabled()  # not blocked by the empty class

    def fake_train(state, config):
        captured["leave_out"] = config.leave_out
        raise Cancelled("cancelled")

    from unittest import mock

    with mock.patch.object(jobs, "train_job", fake_train):
        panel.start()
        qtbot.waitUntil(lambda: "leave_out" in captured and panel.start_button.isEnabled(),
                        timeout=10_000)
    assert captured["leave_out"] == ("triangle",)
