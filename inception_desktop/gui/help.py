"""Help ▸ Keyboard shortcuts (read from the window's own actions, so the list cannot drift)
and Help ▸ Documentation (the README, with its pictures, as it ships with the app)."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
)

from inception_desktop.gui.widgets import lay_out_with_close

# Keys that act without a menu entry.
EXTRA_KEYS = [
    ("Left / Right", "Previous / next image (Classify tab)"),
    ("Tab, then Space or Enter", "Show or hide the map of a label of the top-5"),
    ("Arrow keys", "Step through the channels of a block (Feature maps)"),
    ("Drag and drop", "Files, several at once, or folders onto the window"),
]


def shortcut_rows(actions: list[QAction]) -> list[tuple[str, str]]:
    rows = []
    for action in actions:
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        if keys and action.text():
            rows.append((keys, action.text().replace("&", "").rstrip("…").rstrip(".")))
    return sorted(set(rows), key=lambda r: r[1]) + EXTRA_KEYS


class ShortcutsDialog(QDialog):
    def __init__(self, actions: list[QAction], parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(520, 480)
        rows = shortcut_rows(actions)
        self.table = QTableWidget(len(rows), 2)
        self.table.setHorizontalHeaderLabels(["Keys", "Does"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (keys, what) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(keys))
            self.table.setItem(row, 1, QTableWidgetItem(what))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        lay_out_with_close(self, self.table)


def documentation_path() -> Path | None:
    """The README: beside the package (a source checkout) or in the bundle."""
    candidates = [Path(__file__).resolve().parents[2] / "README.md"]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.insert(0, Path(bundle) / "README.md")
    return next((p for p in candidates if p.is_file()), None)


class DocumentationDialog(QDialog):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Inception Desktop — documentation")
        self.resize(900, 700)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        path = documentation_path()
        if path is None:
            self.browser.setPlainText("The documentation (README.md) is not part of this "
                                      "build.")
        else:
            self.browser.setSearchPaths([str(path.parent)])
            self.browser.document().setBaseUrl(QUrl.fromLocalFile(str(path.parent) + "/"))
            self.browser.setMarkdown(path.read_text(encoding="utf-8"))
        lay_out_with_close(self, self.browser)
