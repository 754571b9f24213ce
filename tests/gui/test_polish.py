"""The window at its minimum size and by keyboard: no control narrower than its text, one
percent format, readable secondary text, shortcuts that work wherever the focus is, result
headers that say what produced them, Help that helps."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QPushButton,
    QWidget,
)

from inception_desktop.gui.format import (
    SECONDARY_TEXT,
    contrast_ratio,
    percent,
)
from inception_desktop.gui.main_window import MIN_HEIGHT, MIN_WIDTH
from inception_desktop.models import list_models
from tests.helpers.datasets import make_dataset
from tests.helpers.window import classify_one, drop, images, too_narrow


@pytest.mark.parametrize("size", [(MIN_WIDTH, MIN_HEIGHT), (1600, 1000)])
def test_every_tab_fits_its_controls(make_window, qtbot, tmp_path, size):
    window = make_window()
    window.resize(*size)
    assert (window.minimumWidth(), window.minimumHeight()) == (1024, 640)
    classify_one(window, qtbot, tmp_path)
    problems = {}
    for index in range(window.tabs.count()):
        window.show_tab(index)
        qtbot.wait(150)
        found = too_narrow(window)
        if found:
            problems[window.tabs.tabText(index)] = found
        window.grab().save(str(tmp_path / f"tab{index}-{size[0]}.png"))
    assert problems == {}


def test_formats_and_contrast():
    assert percent(0.1234) == "12.3%" and percent(0.0001) == "<0.1%" and percent(0) == "0.0%"
    assert percent(1.0) == "100.0%" and percent(None) == "-"
    for background in ("#ffffff", "#fbfbfb", "#efefef"):
        assert contrast_ratio(SECONDARY_TEXT, background) >= 4.5  # WCAG AA, normal text


def test_result_header_says_what_produced_it(make_window, qtbot, tmp_path):
    window = make_window()
    (path,) = images(tmp_path, 1, prefix="red car")
    drop(window, [path])
    qtbot.waitUntil(lambda: len(window.classify_tab.results.visible_labels()) == 5, timeout=120_000)
    header = window.classify_tab.results.subtitle.text()
    assert header.startswith("red car 0.png · Inception-v3 (untrained) · onnxruntime · ")
    assert header.endswith(" ms")
    assert window.classify_tab.results.title.text() == "Top 5"
    status = window.status_model.text()
    assert "onnxruntime" in status and "CPU" in status and "fp32" in status


def test_labels_by_keyboard_and_a_second_click_hides_the_map(make_window, qtbot, tmp_path):
    window = make_window()
    classify_one(window, qtbot, tmp_path)
    row = window.classify_tab.results.rows[1]
    assert row.focusPolicy() == Qt.FocusPolicy.StrongFocus
    row.setFocus()
    qtbot.keyClick(row, Qt.Key.Key_Space)
    qtbot.waitUntil(window.classify_tab.image_view.has_overlay, timeout=60_000)
    assert window.classify_tab.selected_class == row.index
    qtbot.mouseClick(row, Qt.MouseButton.LeftButton)
    tab = window.classify_tab
    assert not tab.image_view.has_overlay() and tab.selected_class == -1


def test_grad_cam_says_why_it_is_missing(make_window, qtbot, tmp_path):
    window = make_window()
    (path,) = images(tmp_path, 1)
    drop(window, [path])
    qtbot.waitUntil(lambda: window.controller.predictor is not None, timeout=120_000)
    combo = window.classify_tab.map_combo
    texts = [combo.itemText(i) for i in range(combo.count())]
    assert any("needs the torch backend" in t for t in texts)
    hint = next(i for i, t in enumerate(texts) if "torch" in t)
    assert not combo.model().item(hint).isEnabled()


def test_next_image_shortcut_works_after_switching_tabs(make_window, qtbot, tmp_path):
    window = make_window()
    drop(window, images(tmp_path, 3))
    qtbot.waitUntil(lambda: len(window.controller.items) == 3, timeout=60_000)
    window.activateWindow()
    window.tabs.tabBar().setFocus()  # where a click on a tab leaves the focus
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_Right,
                   Qt.KeyboardModifier.ControlModifier)
    assert window.controller.current == 1
    assert not window.tabs.tabBar().hasFocus()


def test_open_recent_lists_only_what_exists(make_window, tmp_path):
    from inception_desktop.gui.settings import Settings

    here = images(tmp_path, 1)[0]
    window = make_window(Settings(backend="onnxruntime",
                                  recent_files=[str(tmp_path / "gone.png"), str(here)]))
    texts = [a.text() for a in window.recent_menu.actions()]
    assert texts == [str(here)]


def test_help_lists_shortcuts_and_shows_the_documentation(make_window, qtbot):
    window = make_window()
    window.show_shortcuts()
    rows = window.shortcuts_dialog.rows()
    assert rows["Next image"] == "Ctrl+Right" and rows["Open files"] == "Ctrl+O"
    assert "Manage networks" in rows
    window.show_guide()  # the user's guide, not the developer README (tests/gui/test_guide.py)
    text = window.guide_dialog.browser.toPlainText()
    assert "user's guide" in text and "make run" not in text


def test_the_width_check_sees_a_clipped_control(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    button = QPushButton("Export grid…", parent)
    button.setFixedWidth(24)
    parent.show()
    assert too_narrow(parent) and "Export grid" in too_narrow(parent)[0]


def shown_text(label) -> str:
    """What a label shows, rich text rendered."""
    from PySide6.QtGui import QTextDocument

    doc = QTextDocument()
    doc.setHtml(label.text())
    return doc.toPlainText()


def test_names_are_shown_as_written_never_as_markup(make_window, qtbot, tmp_path):
    """A folder or file name holding '<', '&' or a line break reads as it is written."""
    from inception_desktop.gui.jobs import BatchItem

    folder = make_dataset(tmp_path / "R&D <draft>", per_class=1, size=48,
                          classes=("a<b", "c"))
    window = make_window()
    window.finetune.set_folder(str(folder))
    assert shown_text(window.finetune.folder_label).startswith("R&D <draft> — ")
    qtbot.waitUntil(lambda: window.finetune.scan is not None, timeout=30_000)
    assert "class 'a<b' has fewer than 2 images" in shown_text(window.finetune.scan_text)
    window.evaluate.set_folder(str(folder), str(tmp_path / "a&b.csv"))
    assert shown_text(window.evaluate.folder_label) == \
        f"R&D <draft> — {folder} · labels a&b.csv"
    item = BatchItem(str(tmp_path / "two\nlines <b>.png"), str(tmp_path / "x.png"))
    assert item.short_name == "two↵lines <b>.png"
    window.compare.set_item(item)
    assert shown_text(window.compare.summary) == \
        f"Comparing the {len(list_models())} networks on two↵lines <b>.png…"
