"""Driving the window in tests: real drops, generated images, waiting for its work."""

from __future__ import annotations

import time

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QPushButton, QRadioButton, QWidget

from inception_desktop.gui.widgets import ElidingComboBox
from tests.helpers.images import photo


def wait_idle(qtbot, window, timeout=120_000):
    """Until every task of the window has finished."""
    qtbot.waitUntil(lambda: not window.controller.is_busy(), timeout=timeout)
    time.sleep(0.01)



def drop(window, paths) -> None:
    """A real QDropEvent with file URLs, as the desktop sends."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(QPointF(200, 200), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)



def images(folder, n=3, prefix="img"):
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        path = folder / f"{prefix} {i}.png"
        photo(200 + 10 * i, 150, seed=i).save(path)
        out.append(path)
    return out



def classify_one(window, qtbot, tmp_path):
    """Drop one generated photo on the window and wait for its top-5 -> the photo's path."""
    (path,) = images(tmp_path, 1)
    drop(window, [path])
    qtbot.waitUntil(lambda: len(window.classify_tab.results.visible_labels()) == 5, timeout=120_000)
    return path



def open_block(window, qtbot, path, block="Mixed_5b"):
    drop(window, [path])
    window.show_tab(1)
    qtbot.waitUntil(lambda: window.viewer.model.rowCount() > 0, timeout=120_000)
    window.viewer.select_block(block)
    qtbot.waitUntil(lambda: window.viewer.model.render is not None and
                    window.viewer.model.render.block == block, timeout=60_000)



def labelled_folder(root, per_class=3):
    """Sub-folders named by ImageNet class names, photo-like images in each."""
    for n, name in enumerate(("goldfish", "tabby", "daisy")):
        folder = root / name
        folder.mkdir(parents=True)
        for i in range(per_class):
            photo(160, 120, seed=10 * n + i).save(folder / f"{name}_{i}.jpg")
    return root


def too_narrow(root) -> list[str]:
    """Visible buttons, labels, check boxes and combo boxes narrower than their text."""
    bad = []
    kinds = (QPushButton, QLabel, QCheckBox, QRadioButton, QComboBox)
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, kinds) or not widget.isVisibleTo(root) or \
                widget.width() == 0:
            continue
        if isinstance(widget, ElidingComboBox):
            continue  # elides by design, whole text in its tooltip
        if isinstance(widget, QLabel) and (widget.wordWrap() or not widget.text() or
                                           widget.pixmap() is not None and
                                           not widget.pixmap().isNull()):
            continue
        need = widget.minimumSizeHint().width()
        if widget.width() + 1 < need:
            text = widget.currentText() if isinstance(widget, QComboBox) else widget.text()
            bad.append(f"{type(widget).__name__} {text!r}: {widget.width()} < {need}")
    return bad
