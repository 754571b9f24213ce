"""Help ▸ Keyboard shortcuts (read from the window's own actions, so the list cannot drift,
with the keys that act inside a view, grouped by task) and Help ▸ User's guide (docs/guide: a
page per task with the screenshots, as it ships with the app)."""

from __future__ import annotations

import re
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

from inception_desktop.gui.i18n import current_language, translate
from inception_desktop.gui.widgets import lay_out_with_close

# The groups of the shortcuts list, by task, in order; a menu's actions fall in its group.
GROUPS = ("Open and save", "Browse and switch tabs", "Results and maps", "Feature maps",
          "Networks", "Help")


def group_title(group: str) -> str:
    """A group's heading in the window's language."""
    titles = {
        "Open and save": translate("help", "Open and save"),
        "Browse and switch tabs": translate("help", "Browse and switch tabs"),
        "Results and maps": translate("help", "Results and maps"),
        "Feature maps": translate("help", "Feature maps"),
        "Networks": translate("help", "Networks"),
        "Help": translate("help", "Help"),
    }
    return titles.get(group, group)


def _plain(text: str) -> str:
    """A menu's or action's text without its mnemonic and trailing dots: "&File" -> "File",
    "파일(&F)" -> "파일", "&Manage networks…" -> "Manage networks"."""
    text = re.sub(r"\(&\w\)", "", text).replace("&", "")
    return text.rstrip("…").rstrip(".").strip()


def menu_groups() -> dict[str, str]:
    """The group of each menu, by its title as shown (English and the window's language)."""
    pairs = [("&File", translate("main_window", "&File"), "Open and save"),
             ("&Edit", translate("main_window", "&Edit"), "Results and maps"),
             ("&View", translate("main_window", "&View"), "Browse and switch tabs"),
             ("&Settings", translate("main_window", "&Settings"), "Networks"),
             ("&Help", translate("main_window", "&Help"), "Help")]
    return {_plain(title): group for english, shown, group in pairs
            for title in (english, shown)}


def action_groups() -> dict[str, str]:
    """Actions that belong to another group than their menu's, by their text as shown."""
    pairs = [("&Manage networks…", translate("main_window", "&Manage networks…"), "Networks"),
             ("Import &model…", translate("main_window", "Import &model…"), "Networks"),
             ("&Quit", translate("main_window", "&Quit"), "Help")]
    return {_plain(text): group for english, shown, group in pairs
            for text in (english, shown)}


def extra_keys() -> list[tuple[str, str, str]]:
    """Keys that act inside a view, without a menu entry: (group, keys, what they do)."""
    return [
        ("Browse and switch tabs", translate("help", "Left / Right"),
         translate("help", "Previous / next image (Classify tab)")),
        ("Results and maps", translate("help", "Click a label, or Tab to it and Space"),
         translate("help", "Show or hide where in the image that label was found (its map)")),
        ("Feature maps", translate("help", "Click a channel, or arrow keys"),
         translate("help", "Step through the channels of a block")),
        ("Feature maps", translate("help", "Up / Down in the block list"),
         translate("help", "The previous / next block")),
        ("Open and save", translate("help", "Drag and drop"),
         translate("help", "Files, several at once, or folders onto the window")),
    ]


def _group(action: QAction, text: str) -> str:
    by_action = action_groups()
    if text in by_action:
        return by_action[text]
    by_menu = menu_groups()
    for widget in action.associatedObjects():
        title = _plain(getattr(widget, "title", lambda: "")())
        if title in by_menu:
            return by_menu[title]
    return "Help"


def shortcut_rows(actions: list[QAction]) -> list[tuple[str, str, str]]:
    """(group, keys, what it does), grouped by task: the window's actions (so the list
    cannot drift from them) and the keys that act inside a view."""
    rows = set()
    for action in actions:
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        if keys and action.text():
            text = _plain(action.text())
            rows.add((_group(action, text), keys, text))
    # Within a task, by key (Ctrl+1 ... Ctrl+5 in order), then the in-view keys.
    everything = sorted(rows, key=lambda r: (len(r[1]), r[1])) + extra_keys()
    return sorted(everything, key=lambda r: GROUPS.index(r[0]))


class ShortcutsDialog(QDialog):
    def __init__(self, actions: list[QAction], parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("help", "Keyboard shortcuts"))
        self.resize(620, 560)
        rows = shortcut_rows(actions)
        groups = list(dict.fromkeys(g for g, _, _ in rows))
        self.table = QTableWidget(len(rows) + len(groups), 2)
        self.table.setHorizontalHeaderLabels([translate("help", "Keys"), translate("help", "Does")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        row, current = 0, None
        for group, keys, what in rows:
            if group != current:  # a heading row per task
                current = group
                heading = QTableWidgetItem(group_title(group))
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
# The guide translated: docs/guide/<language>/index.md (its pictures are docs/*.png too).
GUIDE_LANGUAGES = ("ko",)


def guide_path(language: str | None = None) -> Path | None:
    """The user's guide's first page in `language` (default: the window's) where it is
    translated, else the English one: in the bundle, or beside the package (a checkout)."""
    language = current_language() if language is None else language
    guides = [GUIDE.parent / language / GUIDE.name] if language in GUIDE_LANGUAGES else []
    guides.append(GUIDE)
    roots = [Path(__file__).resolve().parents[2]]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        roots.insert(0, Path(bundle))
    return next((root / guide for guide in guides for root in roots
                 if (root / guide).is_file()), None)


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
        self.setWindowTitle(translate("help", "Inception Desktop — user's guide"))
        self.resize(920, 700)
        self.browser = GuideBrowser()
        self.browser.setOpenExternalLinks(True)
        self.back = QPushButton(translate("help", "◀ Back"))
        self.back.setEnabled(False)
        self.back.clicked.connect(self.browser.backward)
        self.browser.backwardAvailable.connect(self.back.setEnabled)
        self.home = QPushButton(translate("help", "Contents"))
        self.home.clicked.connect(self.browser.home)
        path = guide_path()
        if path is None:
            self.home.setEnabled(False)
            self.browser.setPlainText(translate("help", "The user's guide (docs/guide) is not "
                                                "part of this build."))
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
