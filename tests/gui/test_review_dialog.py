"""Fine-tune ▸ Check this folder: the three lists as galleries with given and suggested
classes; Move, Remove from training and Keep act on the folder and each is undone; a file
changed on disk while the review is open is flagged and never acted on; a check again reuses
the features; the fine-tune result and Evaluate open their confident mistakes in it."""

from __future__ import annotations

from types import SimpleNamespace

from inception_desktop.gui.review_dialog import (
    ReviewDialog,
    evaluation_mistakes,
    finetune_mistakes,
)
from inception_desktop.gui.widgets import CAPTION_ROLE
from tests.helpers.datasets import make_dataset
from tests.helpers.dialogs import a_check
from tests.helpers.planted import folder_contents
from tests.helpers.window import wait_idle


def test_each_action_is_done_on_disk_and_undone(make_window, qtbot, tmp_path):
    data = make_dataset(tmp_path / "shapes", per_class=3, size=24)
    before = folder_contents(data)
    window = make_window()
    dialog = ReviewDialog(window.controller, str(data), "inception_v3", a_check(data),
                          "A check", window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.tabs.tabText(0) == "Suspected label errors (1)"
    assert dialog.tabs.tabText(1) == "Duplicates (1)"  # one group (of two files)
    assert dialog.grids["duplicate"].count() == 2
    assert dialog.tabs.tabText(2) == "Outliers (2)"
    label = dialog.grids["label"].item(0)
    assert label.text() == "circle_000.png" and label.data(CAPTION_ROLE) == "circle → square"
    # Move to the suggested class (first in the list).
    dialog.select("label")
    assert dialog.move_box.currentData() == "square"
    assert dialog.move_box.itemText(0) == "square (suggested)"
    dialog.move_button.click()
    assert (data / "square/circle_000.png").is_file()
    assert dialog.grids["label"].count() == 0 and "Done: moved" in dialog.status.text()
    # Remove one file of the duplicate group: the group of one is gone.
    dialog.select("duplicate", 1)
    dialog.remove_button.click()
    assert (data / "triangle/_excluded/triangle_000.png").is_file()
    assert dialog.grids["duplicate"].count() == 0
    # Keep an outlier.
    dialog.select("outlier", 0)
    dialog.keep_button.click()
    assert dialog.grids["outlier"].count() == 1 and len(dialog.review.kept()) == 1
    assert sorted(folder_contents(data).values()) == sorted(before.values())
    # Undo each, latest first; the lists come back.
    dialog.undo_button.click()
    assert dialog.grids["outlier"].count() == 2
    dialog.undo_button.click()
    assert dialog.grids["duplicate"].count() == 2
    dialog.undo_button.click()
    assert dialog.grids["label"].count() == 1 and not dialog.undo_button.isEnabled()
    assert folder_contents(data) == before


def test_changes_on_disk_while_open_are_flagged_not_acted_on(make_window, qtbot, tmp_path):
    data = make_dataset(tmp_path / "shapes", per_class=3, size=24)
    window = make_window()
    dialog = ReviewDialog(window.controller, str(data), "inception_v3", a_check(data),
                          "A check", window)
    qtbot.addWidget(dialog)
    edited = data / "circle/circle_000.png"
    edited.write_bytes(edited.read_bytes() + b"edited in another program")
    (data / "triangle/triangle_001.png").rename(data / "triangle/renamed.png")
    assert dialog.check_disk() == ["circle/circle_000.png", "triangle/triangle_001.png"]
    assert dialog.banner.isVisibleTo(dialog) and "2 files changed on disk" in \
        dialog.banner.text()
    assert dialog.grids["label"].item(0).data(CAPTION_ROLE) == "⚠ changed on disk"
    dialog.select("label")
    dialog.move_button.click()
    assert "changed on disk since the check" in dialog.status.text()
    assert edited.is_file() and not (data / "square/circle_000.png").exists()
    dialog.select("outlier", 0)
    dialog.remove_button.click()
    assert "no longer there" in dialog.status.text()
    assert dialog.review.history() == []
    # Another window's action is seen too: its file leaves the lists.
    from inception_desktop.training.review import Review

    Review(data).exclude("circle/circle_002.png")
    dialog.check_disk()
    assert dialog.grids["outlier"].count() == 1
    assert dialog.undo_button.isEnabled()  # and this window can undo it


def test_check_this_folder_from_the_fine_tune_tab(make_window, qtbot, tmp_path):
    data = make_dataset(tmp_path / "shapes", per_class=4, size=48)
    (data / "square" / "copy.png").write_bytes((data / "circle/circle_001.png").read_bytes())
    window = make_window()
    panel = window.finetune
    window.show_tab(3)
    assert not panel.check_button.isEnabled()
    panel.set_folder(str(data))
    qtbot.waitUntil(panel.check_button.isEnabled, timeout=30_000)
    dialog = panel.check_folder()
    qtbot.waitUntil(lambda: dialog._task is None, timeout=300_000)
    assert dialog.result is not None, dialog.status.text()
    assert dialog.result.images == 13 and "13 images of 3 classes" in dialog.summary.text()
    groups = [set(g.files) for g in dialog.result.duplicates]
    assert {"circle/circle_001.png", "square/copy.png"} in groups  # an exact copy
    assert dialog.result.duplicates[0].crosses_classes
    dialog.start_check()  # again: the features come from the cache
    qtbot.waitUntil(lambda: dialog._task is None, timeout=300_000)
    assert dialog.result.features_computed == 0
    assert "0 computed" in dialog.status.text()
    dialog.start_check()
    dialog.close()  # while it checks: the check is cancelled, its end dropped
    wait_idle(qtbot, window)
    assert dialog._closed and dialog._task is not None


def test_confident_mistakes_of_a_run_and_of_evaluate_open_in_the_review(tmp_path):
    data = make_dataset(tmp_path / "shapes", per_class=2, size=24)
    report = {"classes": ["circle", "square", "triangle"], "data_dir": str(data),
              "model": "inception_v3", "base_weights": {"name": "untrained"},
              "predictions": [
                  {"file": str(data / "circle/circle_000.png"), "true": 0, "predicted": 2,
                   "confidence": 0.7},
                  {"file": str(data / "square/square_001.png"), "true": 1, "predicted": 0,
                   "confidence": 0.9},
                  {"file": str(data / "square/square_000.png"), "true": 1, "predicted": 1,
                   "confidence": 0.8},
                  {"file": str(tmp_path / "elsewhere.png"), "true": 1, "predicted": 0,
                   "confidence": 0.99}]}
    preset = finetune_mistakes(report)
    assert [(i.file, i.given, i.suggested) for i in preset.label_issues] == [
        ("square/square_001.png", "square", "circle"),
        ("circle/circle_000.png", "circle", "triangle")]
    assert preset.entries["circle/circle_000.png"].stamp is not None
    assert finetune_mistakes({**report, "predictions": report["predictions"][2:3]}) is None
    # Evaluate names classes as the model does: one that is no class folder is no suggestion.
    ev = SimpleNamespace(network="inception_v3", weights={}, mistakes=[
        {"file": str(data / "triangle/triangle_001.png"), "true": "triangle",
         "predicted": "tabby cat", "confidence": 0.6},
        {"file": str(data / "circle/circle_001.png"), "true": "circle",
         "predicted": "square", "confidence": 0.5}])
    preset = evaluation_mistakes(str(data), ev)
    assert [(i.given, i.suggested) for i in preset.label_issues] == [
        ("triangle", ""), ("circle", "square")]
