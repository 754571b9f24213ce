"""The data folder: what the app keeps on disk (exports, caches, training runs, weights) by
kind, and buttons to prune what was not used lately or to clear the caches. A panel (a tab of
File ▸ Manage networks) and a dialog (Settings ▸ Data folder).

Every button that deletes asks first, naming what and how much; the caches that take hours to
rebuild on a large library (channel indexes, evaluation and feature caches) are cleared apart
from the quick ones and say so."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inception_desktop.engine.datafolder import QUICK_CACHES, SLOW_CACHES
from inception_desktop.gui import jobs
from inception_desktop.gui.confirm import confirm_delete
from inception_desktop.gui.format import ERROR_TEXT
from inception_desktop.gui.i18n import translate, translate_message
from inception_desktop.terminal import human_bytes

# The kinds in the order the table lists them.
KINDS = ("weights", "exports", "features", "predictions", "indexes", "runs", "logs", "tuning",
         "compiled")

def kind_name(kind: str) -> str:
    """A kind of what the data folder holds, as the table names it."""
    names = {
        "weights": translate("datafolder_dialog", "Weights (remove them in Manage networks)"),
        "exports": translate("datafolder_dialog", "ONNX exports (made again when needed)"),
        "features": translate("datafolder_dialog",
                              "Fine-tuning feature caches (slow to rebuild)"),
        "predictions": translate("datafolder_dialog",
                                 "Evaluation prediction caches (slow to rebuild)"),
        "indexes": translate("datafolder_dialog",
                             "Channel indexes, top images (slow to rebuild)"),
        "runs": translate("datafolder_dialog", "Fine-tuning runs"),
        "logs": translate("datafolder_dialog", "Crash reports"),
        "tuning": translate("datafolder_dialog", "Speed measurements"),
        "compiled": translate("datafolder_dialog",
                              "Compiled models (OpenVINO, made again when needed)"),
    }
    return names.get(kind, kind)


# The kinds that can be counted in the questions before deleting.
ITEM_KINDS = ("exports", "features", "predictions", "indexes", "runs", "logs", "tuning",
              "compiled")


def item_count(kind: str, n: int) -> str:
    """n items of a kind: '1 ONNX export', '2 ONNX exports'."""
    n = int(n)
    if kind == "exports":
        return translate("datafolder_dialog", "%n ONNX export(s)", None, n)
    if kind == "features":
        return translate("datafolder_dialog", "%n fine-tuning feature cache(s)", None, n)
    if kind == "predictions":
        return translate("datafolder_dialog", "%n evaluation cache(s)", None, n)
    if kind == "indexes":
        return translate("datafolder_dialog", "%n channel index(es)", None, n)
    if kind == "runs":
        return translate("datafolder_dialog", "%n fine-tuning run(s)", None, n)
    if kind == "logs":
        return translate("datafolder_dialog", "%n crash report(s)", None, n)
    if kind == "tuning":
        return translate("datafolder_dialog", "%n speed measurement(s)", None, n)
    if kind == "compiled":
        return translate("datafolder_dialog", "%n compiled model(s)", None, n)
    return f"{n} {kind}"


def slow_note() -> str:
    return translate("datafolder_dialog", "Slow to rebuild: the network runs again over every "
                     "image of the folder (hours on a large library).")


def quick_note() -> str:
    return translate("datafolder_dialog", "Quick to make again: they are made again when "
                     "needed.")


def days_text(days: int) -> str:
    return translate("datafolder_dialog", "%n day(s)", None, int(days))


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def count_items(counts: dict[str, int]) -> str:
    """{'exports': 2, 'logs': 1} -> '2 ONNX exports and 1 crash report'."""
    parts = [item_count(kind, n) for kind, n in counts.items() if n]
    if not parts:
        return translate("datafolder_dialog", "nothing")
    if len(parts) == 1:
        return parts[0]
    return translate("datafolder_dialog", "{first} and {last}").format(
        first=", ".join(parts[:-1]), last=parts[-1])


class DataFolderPanel(QWidget):
    def __init__(self, controller: Any, parent: Any = None, close_button: bool = False
                 ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.usage: dict[str, Any] | None = None
        self.path = QLabel(translate("datafolder_dialog", "Measuring…"))
        self.path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.path.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([translate("datafolder_dialog", "What"),
                                              translate("datafolder_dialog", "Items"),
                                              translate("datafolder_dialog", "Size")])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.total = QLabel("")
        self.days = QSpinBox()
        self.days.setRange(1, 3650)
        self.days.setValue(30)
        self.days.setSuffix(translate("datafolder_dialog", " days"))
        self.prune_button = QPushButton(translate("datafolder_dialog", "Prune caches not used for"))
        self.prune_button.clicked.connect(self.prune)
        self.clear_button = QPushButton(translate("datafolder_dialog", "Clear quick caches…"))
        self.clear_button.setToolTip(translate(
            "datafolder_dialog", "ONNX exports, compiled models, speed measurements and "
            "crash reports: made again when needed. Never weights, runs or indexes"))
        self.clear_button.clicked.connect(self.clear)
        self.clear_slow_button = QPushButton(translate("datafolder_dialog",
                                                         "Clear indexes and image caches…"))
        self.clear_slow_button.setToolTip(translate(
            "datafolder_dialog", "Channel indexes, evaluation and fine-tuning caches: "
            "rebuilding them runs the network over every image again (hours on a large "
            "library)"))
        self.clear_slow_button.clicked.connect(self.clear_slow)
        self.open_button = QPushButton(translate("datafolder_dialog", "Show in folder"))
        self.open_button.clicked.connect(self.open_folder)
        self.move_button = QPushButton(translate("datafolder_dialog", "Move…"))
        self.move_button.setToolTip(translate(
            "datafolder_dialog", "Move everything the app keeps (weights, exports, caches, "
            "runs) to another folder or disk, and use it from now on"))
        self.move_button.clicked.connect(self.choose_new_place)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.close_button = QPushButton(translate("datafolder_dialog", "Close"))
        prune_row = QHBoxLayout()
        prune_row.addWidget(self.prune_button)
        prune_row.addWidget(self.days)
        prune_row.addStretch(1)
        clear_row = QHBoxLayout()
        clear_row.addWidget(self.clear_button)
        clear_row.addWidget(self.clear_slow_button)
        clear_row.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.open_button)
        bottom.addWidget(self.move_button)
        bottom.addStretch(1)
        if close_button:
            bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.path)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.total)
        layout.addLayout(prune_row)
        layout.addLayout(clear_row)
        layout.addWidget(self.status)
        layout.addLayout(bottom)
        self.refresh()

    def refresh(self) -> None:
        self.controller.run("data-usage", jobs.data_usage_job, on_done=self.show_usage,
                            on_error=self._failed)

    def show_usage(self, usage: dict[str, Any]) -> None:
        self.usage = usage
        self.path.setText(f"<b>{escape(str(usage['data_folder']))}</b>")
        kinds = usage["kinds"]
        order = [k for k in KINDS if k in kinds]
        self.table.setRowCount(len(order))
        for row, kind in enumerate(order):
            entry = kinds[kind]
            cells = [kind_name(kind), str(entry["items"]), human_bytes(entry["bytes"])]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight |
                                          Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.total.setText(translate("datafolder_dialog", "In all: <b>{size}</b>").format(
            size=human_bytes(usage["total_bytes"])))

    def prune(self) -> None:
        """List what pruning would delete, ask, then delete it."""
        days = self.days.value()
        self._busy(translate("datafolder_dialog", "Looking for what was not used for {days}…")
                   .format(days=days_text(days)))
        self.controller.run("prune", jobs.prune_job, None, days * 86400.0, None, True,
                            on_done=lambda r: self._ask_prune(days, r), on_error=self._failed)

    def _ask_prune(self, days: int, listed: Any) -> None:
        self._idle()
        if not listed.removed:
            self.status.setText(translate("datafolder_dialog", "Nothing to prune: every cache was "
                                          "used in the last {days}.").format(
                                              days=days_text(days)))
            return
        quick = self._counts(listed.removed, QUICK_CACHES)
        slow = self._counts(listed.removed, SLOW_CACHES)
        details = [translate("datafolder_dialog", "Not used for {days}.").format(
            days=days_text(days))]
        if any(quick.values()):
            details.append(f"{count_items(quick)}: {_lower_first(quick_note())}")
        if any(slow.values()):
            details.append(f"{count_items(slow)}: {_lower_first(slow_note())}")
        if not confirm_delete(self, translate("datafolder_dialog", "Prune caches"),
                              count_items(self._counts(listed.removed, ITEM_KINDS)),
                              listed.freed, "\n\n".join(details)):
            self.status.setText(translate("datafolder_dialog", "Nothing was deleted."))
            return
        self._busy(translate("datafolder_dialog", "Pruning what was not used for {days}…")
                   .format(days=days_text(days)))
        self.controller.run("prune", jobs.prune_job, None, days * 86400.0, None,
                            on_done=self._pruned, on_error=self._failed)

    def clear(self) -> None:
        """Clear quick caches…: exports, measurements, crash reports (asks first)."""
        self._clear(QUICK_CACHES, translate("datafolder_dialog", "Clear quick caches"),
                    quick_note())

    def clear_slow(self) -> None:
        """Clear indexes and image caches…: the caches that take hours to rebuild (asks)."""
        self._clear(SLOW_CACHES, translate("datafolder_dialog", "Clear indexes and image caches"),
                    slow_note())

    def _clear(self, kinds: tuple[str, ...], title: str, note: str) -> None:
        found = (self.usage or {}).get("kinds", {})
        counts = {k: found[k]["items"] for k in kinds if k in found}
        size = sum(found[k]["bytes"] for k in kinds if k in found)
        if not any(counts.values()):
            self.status.setStyleSheet("")
            self.status.setText(translate("datafolder_dialog",
                                          "{title}: there is nothing to delete.").format(
                                              title=title))
            return
        if not confirm_delete(self, title, count_items(counts), size, note):
            self.status.setStyleSheet("")
            self.status.setText(translate("datafolder_dialog", "Nothing was deleted."))
            return
        self._busy(translate("datafolder_dialog", "Clearing the caches…"))
        self.controller.run("prune", jobs.prune_job, list(kinds), None, None,
                            on_done=self._pruned, on_error=self._failed)

    @staticmethod
    def _counts(items: list[Any], kinds: tuple[str, ...]) -> dict[str, int]:
        return {k: sum(i.kind == k for i in items) for k in kinds}

    def _busy(self, text: str) -> None:
        self.status.setStyleSheet("")
        self.status.setText(text)
        for b in (self.prune_button, self.clear_button, self.clear_slow_button):
            b.setEnabled(False)

    def _idle(self) -> None:
        for b in (self.prune_button, self.clear_button, self.clear_slow_button):
            b.setEnabled(True)

    def _pruned(self, result: Any) -> None:
        self._idle()
        n = len(result.removed)
        text = translate("datafolder_dialog", "Removed %n item(s), {size} freed.", None, n).format(
            size=human_bytes(result.freed))
        if result.problems:
            text += " " + translate("datafolder_dialog", "Could not remove {count}: {problem}"
                                    ).format(count=len(result.problems),
                                             problem=translate_message(result.problems[0]))
        self.status.setText(text)
        self.refresh()

    def _failed(self, exc: BaseException) -> None:
        from inception_desktop.gui.format import describe_error

        self._idle()
        self.status.setStyleSheet(f"color: {ERROR_TEXT};")
        self.status.setText(describe_error(exc))

    def choose_new_place(self) -> None:
        from PySide6.QtWidgets import QFileDialog, QMessageBox

        folder = QFileDialog.getExistingDirectory(
            self, translate("datafolder_dialog", "Move the data folder to"))
        if not folder:
            return
        size = human_bytes(self.usage["total_bytes"]) if self.usage else \
            translate("datafolder_dialog", "everything")
        question = translate("datafolder_dialog", "Move {size} to {folder}? The app uses it "
                             "from now on.").format(size=size, folder=folder)
        if QMessageBox.question(self, translate("datafolder_dialog", "Move the data folder"),
                                question) == QMessageBox.StandardButton.Yes:
            self.move_to(folder)

    def move_to(self, folder: str) -> None:
        """Move the data folder (off the GUI thread; every tab reads it again after)."""
        self._busy(translate("datafolder_dialog", "Moving the data folder to {folder}…").format(
            folder=folder))
        self.move_button.setEnabled(False)

        def done(new) -> None:
            self.prune_button.setEnabled(True)
            self.clear_button.setEnabled(True)
            self.move_button.setEnabled(True)
            self.status.setStyleSheet("")
            self.status.setText(translate("datafolder_dialog", "Moved: the data folder is now "
                                          "{folder}.").format(folder=new))
            self.controller.models_updated()
            self.refresh()

        def failed(exc: BaseException) -> None:
            self.move_button.setEnabled(True)
            self._failed(exc)

        self.controller.run("move-data", jobs.move_data_folder_job, folder, on_done=done,
                            on_error=failed)

    def open_folder(self) -> None:
        if self.usage:
            QDesktopServices.openUrl(QUrl.fromLocalFile(self.usage["data_folder"]))


class DataFolderDialog(QDialog):
    """Settings ▸ Data folder: the panel in a window of its own."""

    def __init__(self, controller: Any, parent: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("datafolder_dialog", "Data folder"))
        self.setMinimumWidth(560)
        self.panel = DataFolderPanel(controller, self, close_button=True)
        self.panel.close_button.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.panel)
        # What tests and callers reach for, by the names they had.
        for name in ("table", "total", "days", "prune_button", "clear_button",
                     "clear_slow_button", "status", "path"):
            setattr(self, name, getattr(self.panel, name))

    @property
    def usage(self) -> dict[str, Any] | None:
        return self.panel.usage
