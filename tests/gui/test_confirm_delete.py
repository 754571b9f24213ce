"""Nothing is deleted from the window unasked (issue 25, item 1): Manage networks ▸ Remove…,
Fine-tuning runs ▸ Remove…, the data folder's Prune and Clear buttons each ask first, naming
what and how much; No deletes nothing, Yes deletes; the caches that take hours to rebuild are
offered apart from the quick ones and say so. The buttons are clicked for real, so a
`clicked(bool)` landing in a parameter cannot answer for the user."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from inception_desktop.fileio import file_sha256
from inception_desktop.paths import data_subdir
from inception_desktop.weights.store import IMPORTED_DIR, weights_dir, write_provenance
from tests.helpers.datafolder import put
from tests.helpers.window import wait_idle

YES, NO = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No


@pytest.fixture
def own_data(tmp_path, monkeypatch):
    monkeypatch.setenv("INCEPTION_DESKTOP_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


@pytest.fixture
def answers(monkeypatch):
    """Every question the window asks, recorded; answered with `answers.reply`."""
    class Answers:
        reply = NO
        asked: list[str] = []

    def question(parent, title, text, *args, **kwargs):
        Answers.asked.append(text)
        return Answers.reply

    Answers.asked = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return Answers


def imported_weights(name="inception_resnet_v2-imported", size=4321):
    path = weights_dir() / "inception_v3" / IMPORTED_DIR / f"{name}.safetensors"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"w" * size)
    write_provenance(path, file_sha256(path), "a file of the user's", network="inception_v3",
                     name=name)
    return path


def select(panel, qtbot, name):
    qtbot.waitUntil(lambda: any(e.name == name for e in panel.entries), timeout=30_000)
    row = next(i for i, e in enumerate(panel.entries) if e.name == name)
    panel.table.selectRow(row)


def test_remove_weights_asks_and_no_keeps_the_file(make_window, qtbot, own_data, answers):
    path = imported_weights()
    window = make_window()
    window.manage_networks()
    panel = window.manager_dialog.networks
    select(panel, qtbot, "inception_resnet_v2-imported")
    assert panel.remove_button.isEnabled()
    panel.remove_button.click()  # clicked(bool): must not count as an answer
    wait_idle(qtbot, window)
    assert answers.asked and answers.asked[0].startswith(
        "Delete inception_resnet_v2-imported (4.3 KB)?")
    assert "inception_resnet_v2-imported.safetensors" in answers.asked[0]
    assert path.exists()
    answers.reply = YES
    panel.remove_button.click()
    qtbot.waitUntil(lambda: not path.exists(), timeout=30_000)
    qtbot.waitUntil(lambda: "Removed inception_resnet_v2-imported" in panel.status.text(),
                    timeout=30_000)
    window.manager_dialog.grab().save(str(own_data.parent / "manager-removed.png"))


def test_remove_run_asks_and_no_keeps_the_run(make_window, qtbot, own_data, answers):
    run = data_subdir("runs") / "20260101-000000-flowers"
    run.mkdir(parents=True)
    (run / "flowers.safetensors").write_bytes(b"x" * 5000)
    window = make_window()
    window.manage_networks()
    runs = window.manager_dialog.runs
    qtbot.waitUntil(lambda: len(runs.runs) == 1, timeout=30_000)
    runs.table.selectRow(0)
    runs.remove_button.click()
    wait_idle(qtbot, window)
    assert answers.asked[0].startswith("Delete the run 20260101-000000-flowers (5.0 KB)?")
    assert run.exists()
    answers.reply = YES
    runs.remove_button.click()
    qtbot.waitUntil(lambda: not run.exists() and runs.runs == [], timeout=30_000)


def test_clear_caches_asks_and_keeps_slow_caches_apart(make_window, qtbot, own_data, answers,
                                                       tmp_path):
    exports = [put("exports", f"inception_v4-aaaa-opset17{s}", 1000, 1)
               for s in (".onnx", ".json")]
    log = put("logs", "crash-1.log", 100, 1)
    index = put("indexes", "inception_v3-bbbb-flowers/index.npz", 3000, 1)
    predictions = put("predictions", "inception_v3-bbbb/rows.jsonl", 2000, 1)
    weights = put("weights", "inception_v3/inception_v3_google-0cc3c7bd.pth", 5000, 1)
    window = make_window()
    window.show_data_folder()
    dialog = window.data_folder_dialog
    qtbot.waitUntil(lambda: dialog.usage is not None, timeout=10_000)
    # Quick caches, answered No: nothing deleted.
    dialog.clear_button.click()
    assert answers.asked[-1].startswith("Delete 1 ONNX export and 1 crash report (2.1 KB)?")
    assert "made again when needed" in answers.asked[-1]
    assert "Nothing was deleted" in dialog.status.text()
    assert all(p.exists() for p in (*exports, log, index, predictions))
    # Slow caches, answered No: they say what rebuilding costs; nothing deleted.
    dialog.clear_slow_button.click()
    assert answers.asked[-1].startswith(
        "Delete 1 evaluation cache and 1 channel index (5.0 KB)?")
    assert "hours on a large library" in answers.asked[-1]
    assert index.exists() and predictions.exists()
    # Yes to the quick ones: the slow ones and the weights stay.
    answers.reply = YES
    dialog.clear_button.click()
    qtbot.waitUntil(lambda: "Removed 2 items" in dialog.status.text(), timeout=10_000)
    assert not any(p.exists() for p in (*exports, log))
    assert index.exists() and predictions.exists() and weights.exists()
    dialog.grab().save(str(tmp_path / "data-folder-cleared.png"))
    dialog.clear_slow_button.click()
    qtbot.waitUntil(lambda: not index.exists() and not predictions.exists(), timeout=10_000)
    assert weights.exists()


def test_prune_asks_naming_what_it_would_delete(make_window, qtbot, own_data, answers):
    old_log = put("logs", "crash-old.log", 100, 60)
    old_index = put("indexes", "inception_v3-bbbb-old/index.npz", 3000, 60)
    new_log = put("logs", "crash-new.log", 100, 1)
    window = make_window()
    window.show_data_folder()
    dialog = window.data_folder_dialog
    qtbot.waitUntil(lambda: dialog.usage is not None, timeout=10_000)
    dialog.days.setValue(30)
    dialog.prune_button.click()
    qtbot.waitUntil(lambda: bool(answers.asked), timeout=10_000)
    assert answers.asked[0].startswith("Delete 1 channel index and 1 crash report (3.1 KB)?")
    assert "Not used for 30 days" in answers.asked[0]
    assert "hours on a large library" in answers.asked[0]
    qtbot.waitUntil(lambda: "Nothing was deleted" in dialog.status.text(), timeout=10_000)
    assert old_log.exists() and old_index.exists()
    answers.reply = YES
    dialog.prune_button.click()
    qtbot.waitUntil(lambda: "Removed 2 items" in dialog.status.text(), timeout=10_000)
    assert not old_log.exists() and not old_index.exists() and new_log.exists()
