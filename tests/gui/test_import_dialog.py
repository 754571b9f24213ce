"""File ▸ Import model…: what a Keras / TF.js file holds is shown before anything is
installed; preprocessing and class names are asked for only where the file does not say."""

from __future__ import annotations

import html

from inception_desktop.gui.import_dialog import ImportModelDialog
from tests.helpers.dialogs import detected


def test_keras_file_shows_what_it_holds_and_asks_nothing(qtbot):
    dialog = ImportModelDialog(None, "flowers.keras", detected("Keras 3 .keras", True, True))
    qtbot.addWidget(dialog)
    text = html.unescape(" ".join(label.text() for label in
                                  dialog.findChildren(type(dialog.labels_text))))
    assert "Keras Inception-v3 (224 px)" in text and "Keras head 2048 -> 3" in text
    assert "preprocessing: inception (x/127.5 - 1), squash" in text
    assert not dialog.scaling.isVisibleTo(dialog)
    assert dialog.choices() == {"labels": None}


def test_tfjs_file_asks_for_preprocessing_and_labels(qtbot):
    dialog = ImportModelDialog(None, "model.json", detected("TF.js layers model", False, False))
    qtbot.addWidget(dialog)
    assert dialog.scaling.isVisibleTo(dialog) and dialog.resize_mode.isVisibleTo(dialog)
    dialog.scaling.setCurrentIndex(dialog.scaling.findData("unit"))
    dialog.resize_mode.setCurrentIndex(dialog.resize_mode.findData("crop"))
    assert dialog.choices() == {"labels": None, "preprocess": "unit", "resize": "crop"}


def test_file_import_model_shows_what_was_found_then_installs(make_window, qtbot, tmp_path,
                                                            monkeypatch):
    """File ▸ Import model… with a Keras file: read off the GUI thread, shown, installed."""
    import importlib.util

    import pytest

    if importlib.util.find_spec("tensorflow") is None:
        pytest.skip("tensorflow is not installed")
    from inception_desktop.weights.store import find_entry, remove_entry
    from tests.helpers import keras_reference as ref
    from tests.helpers.window import wait_idle

    made = ref.make_models({"network": "inception_v3", "head": "single", "size": 75,
                            "keras2": False, "nested": False, "seed": 0,
                            "formats": [".keras"], "folder": str(tmp_path)})
    path = made[".keras"]["path"]
    shown = []

    def accept(dialog) -> int:
        shown.append(html.unescape(dialog.findChildren(type(dialog.labels_text))[1].text()))
        return 1

    monkeypatch.setattr(ImportModelDialog, "exec", accept)
    window = make_window()
    window.import_weights(path)
    qtbot.waitUntil(lambda: bool(shown), timeout=120_000)
    wait_idle(qtbot, window)
    assert "Keras 3 .keras: Keras Inception-v3 (75 px), Keras head 2048 -> 3" in shown[0]
    entry = find_entry("model")
    try:
        assert entry is not None and entry.head == "Keras head 2048 -> 3"
        assert entry.class_names == ["class 0", "class 1", "class 2"]
    finally:
        if entry is not None:
            remove_entry(entry.name)


def test_the_file_is_named_before_its_folder(qtbot):
    """Issue 25 item 20: the file's own name first, never a long absolute path."""
    dialog = ImportModelDialog(None, "/home/ana/Downloads/flowers.keras",
                               detected("Keras 3 .keras", True, True))
    qtbot.addWidget(dialog)
    first = html.unescape(dialog.findChildren(type(dialog.labels_text))[0].text())
    assert first == "flowers.keras in /home/ana/Downloads"
