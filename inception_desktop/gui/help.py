"""Help ▸ Keyboard shortcuts (read from the window's own actions, so the list cannot drift,
with the keys that act inside a view, grouped by task) and Help ▸ User's guide (docs/guide: a
page per task with the screenshots, as it ships with the app)."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QImage, QKeySequence, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from inception_desktop.gui.widgets import lay_out_with_close

# The groups of the shortcuts list, by task, in order; a menu's actions fall in its group.
GROUPS = ("Open and save", "Browse and switch tabs", "Results and maps", "Feature maps",
          "Networks", "Help")
MENU_GROUPS = {"File": "Open and save", "Edit": "Results and maps",
               "View": "Browse and switch tabs", "Settings": "Networks", "Help": "Help"}
ACTION_GROUPS = {"Manage networks": "Networks", "Import model": "Networks",
                 "Quit": "Help"}
# Keys that act inside a view, without a menu entry.
EXTRA_KEYS = [
    ("Browse and switch tabs", "Left / Right", "Previous / next image (Classify tab)"),
    ("Results and maps", "Click a label, or Tab to it and Space",
     "Show or hide where in the image that label was found (its map)"),
    ("Feature maps", "Click a channel, or arrow keys", "Step through the channels of a block"),
    ("Feature maps", "Up / Down in the block list", "The previous / next block"),
    ("Open and save", "Drag and drop", "Files, several at once, or folders onto the window"),
]


def _group(action: QAction, text: str) -> str:
    if text in ACTION_GROUPS:
        return ACTION_GROUPS[text]
    for widget in action.associatedObjects():
        title = getattr(widget, "title", lambda: "")().replace("&", "")
        if title in MENU_GROUPS:
            return MENU_GROUPS[title]
    return "Help"


def shortcut_rows(actions: list[QAction]) -> list[tuple[str, str, str]]:
    """(group, keys, what it does), grouped by task: the window's actions (so the list
    cannot drift from them) and the keys that act inside a view."""
    rows = set()
    for action in actions:
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        if keys and action.text():
            text = action.text().replace("&", "").rstrip("…").rstrip(".")
            rows.add((_group(action, text), keys, text))
    # Within a task, by key (Ctrl+1 ... Ctrl+5 in order), then the in-view keys.
    everything = sorted(rows, key=lambda r: (len(r[1]), r[1])) + EXTRA_KEYS
    return sorted(everything, key=lambda r: GROUPS.index(r[0]))


class ShortcutsDialog(QDialog):
    def __init__(self, actions: list[QAction], parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(620, 560)
        rows = shortcut_rows(actions)
        groups = list(dict.fromkeys(g for g, _, _ in rows))
        self.table = QTableWidget(len(rows) + len(groups), 2)
        self.table.setHorizontalHeaderLabels(["Keys", "Does"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        row, current = 0, None
        for group, keys, what in rows:
            if group != current:  # a heading row per task
                current = group
                heading = QTableWidgetItem(group)
                font = heading.font()
                font.setBold(True)
                heading.setFont(font)
                self.table.setItem(row, 0, heading)
                self.table.setSpan(row, 0, 1, 2)
                row += 1
            self.table.setItem(row, 0, QTableWidgetItem(keys))
            self.table.setItem(row, 1, QTableWidgetItem(what))
            row += 1
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        lay_out_with_close(self, self.table)

    def rows(self) -> dict[str, str]:
        """What each key does, as shown (heading rows left out)."""
        out = {}
        for r in range(self.table.rowCount()):
            does = self.table.item(r, 1)
            if does is not None:
                out[does.text()] = self.table.item(r, 0).text()
        return out


GUIDE = Path("docs") / "guide" / "index.md"


def guide_path() -> Path | None:
    """The user's guide's first page: in the bundle, or beside the package (a checkout)."""
    candidates = [Path(__file__).resolve().parents[2] / GUIDE]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.insert(0, Path(bundle) / GUIDE)
    return next((p for p in candidates if p.is_file()), None)


class GuideBrowser(QTextBrowser):
    """A text browser whose pictures fit its width (the screenshots are larger than it)."""

    MAX_WIDTH = 860

    def loadResource(self, kind: int, url: QUrl):  # noqa: N802
        data = super().loadResource(kind, url)
        if kind == QTextDocument.ResourceType.ImageResource.value and data is not None:
            image = data if isinstance(data, QImage) else QImage.fromData(data)
            if not image.isNull() and image.width() > self.MAX_WIDTH:
                return image.scaledToWidth(self.MAX_WIDTH,
                                           Qt.TransformationMode.SmoothTransformation)
            return image if not image.isNull() else data
        return data


class GuideDialog(QDialog):
    """Help ▸ User's guide: a page per task, with the screenshots; links between pages open
    here, Back returns, links to the web open in the browser."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Inception Desktop — user's guide")
        self.resize(920, 700)
        self.browser = GuideBrowser()
        self.browser.setOpenExternalLinks(True)
        self.back = QPushButton("◀ Back")
        self.back.setEnabled(False)
        self.back.clicked.connect(self.browser.backward)
        self.browser.backwardAvailable.connect(self.back.setEnabled)
        self.home = QPushButton("Contents")
        self.home.clicked.connect(self.browser.home)
        path = guide_path()
        if path is None:
            self.home.setEnabled(False)
            self.browser.setPlainText("The user's guide (docs/guide) is not part of this "
                                      "build.")
        else:
            self.browser.setSource(QUrl.fromLocalFile(str(path)),
                                   QTextDocument.ResourceType.MarkdownResource)
        top = QHBoxLayout()
        top.addWidget(self.back)
        top.addWidget(self.home)
        top.addStretch(1)
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.browser, 1)
        lay_out_with_close(self, content, 1)

    def page(self) -> str:
        """The file name of the page on screen."""
        return Path(self.browser.source().toLocalFile()).name
