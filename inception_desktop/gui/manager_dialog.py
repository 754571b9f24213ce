"""File ▸ Manage networks: every network and fine-tuned model with its state (published,
imported, untrained by choice, fine-tuned, missing, corrupt), size on disk and provenance,
with Download, Import, Verify and Remove; the data folder by kind with pruning; and the
fine-tuning runs, each with its size and a Remove."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QColor, QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from inception_desktop.fileio import named
from inception_desktop.gui import jobs
from inception_desktop.gui.confirm import confirm_delete
from inception_desktop.gui.datafolder_dialog import DataFolderPanel
from inception_desktop.gui.format import ERROR_TEXT, OK_TEXT, describe_error
from inception_desktop.gui.i18n import translate, translate_message
from inception_desktop.gui.widgets import lay_out_with_close
from inception_desktop.models import get_spec, list_models
from inception_desktop.terminal import human_bytes

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1


def entry_state(entry: Any, untrained_by_choice: bool) -> str:
    """How the manager names a set of weights' state."""
    if entry.status == "corrupt":
        return translate("manager_dialog", "corrupt")
    if entry.status == "missing":
        return translate("manager_dialog", "untrained (your choice)") if untrained_by_choice \
            else translate("manager_dialog", "not downloaded")
    if entry.bundled:
        return translate("manager_dialog", "bundled")
    if getattr(entry, "head", None):
        return translate("manager_dialog", "imported (Keras)")
    if entry.kind == "pretrained":
        return translate("manager_dialog", "published")
    if entry.kind == "imported":
        return translate("manager_dialog", "imported")
    if entry.kind == "custom":
        return translate("manager_dialog", "fine-tuned")
    return entry.kind


def network_label(network: str) -> str:
    """A network's display name; an entry naming no known network shows its name as is."""
    return get_spec(network).display_name if network in list_models() else network


def _source_words(source: str | None) -> str:
    """Where a file came from, its name first: an address as it is, a local file as
    'flowers.safetensors in /home/ana/Downloads'."""
    if not source:
        return ""
    return source if "://" in source else named(source)


def _came_from(how: str, source: str, date: str | None) -> str:
    """'downloaded from <source> on <date>' (how: downloaded, imported, or plain from)."""
    if how == "downloaded":
        return (translate("manager_dialog", "downloaded from {source} on {date}") if date else
                translate("manager_dialog", "downloaded from {source}")).format(
                    source=source, date=date)
    if how == "imported":
        return (translate("manager_dialog", "imported from {source} on {date}") if date else
                translate("manager_dialog", "imported from {source}")).format(
                    source=source, date=date)
    return (translate("manager_dialog", "from {source} on {date}") if date else
            translate("manager_dialog", "from {source}")).format(source=source, date=date)


def _provenance(entry: Any) -> str:
    """Where a set of weights came from and when, in words (the full record in its tooltip)."""
    date = entry.date[:10] if getattr(entry, "date", None) else None
    source = _source_words(entry.source)
    if getattr(entry, "head", None):  # "Keras 3 .keras: <network>, Keras head 2048 -> 5"
        return ", ".join(x for x in (
            f"{entry.source_format}: {get_spec(entry.network).display_name}", entry.head,
            _came_from("imported", source, date) if source else "") if x)
    if entry.kind == "custom":
        base = translate("manager_dialog", "fine-tuned on {network}").format(
            network=get_spec(entry.network).display_name) \
            if entry.network in list_models() else ""
        classes = translate("manager_dialog", "%n class(es)", None, int(entry.num_classes))
        return ", ".join(x for x in (base, classes,
                                     _came_from("from", source, date) if source else "") if x)
    if entry.status == "missing":
        return translate("manager_dialog", "published at {address}").format(
            address=entry.source)
    if not source:
        return named(entry.path)
    return _came_from("downloaded" if "://" in source else "imported", source, date)


def _provenance_tooltip(entry: Any) -> str:
    rows = [(translate("manager_dialog", "file"), str(entry.path)),
            (translate("manager_dialog", "source"), entry.source or ""),
            (translate("manager_dialog", "date"), entry.date or ""),
            ("sha256", entry.sha256 or "")]
    return "\n".join(f"{k}: {v}" for k, v in rows if v)


class NetworksPanel(QWidget):

    def __init__(self, controller: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.entries: list[Any] = []
        self._done_text = ""  # said again once the list is read after a change
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels([
            translate("manager_dialog", "Name"), translate("manager_dialog", "Network"),
            translate("manager_dialog", "State"), translate("manager_dialog", "Size"),
            "sha256", translate("manager_dialog", "Provenance")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.download_button = QPushButton(translate("manager_dialog", "Download…"))
        self.import_button = QPushButton(translate("manager_dialog", "Import file…"))
        self.verify_button = QPushButton(translate("manager_dialog", "Verify all"))
        self.verify_button.setToolTip(translate("manager_dialog",
                                                "Hash every installed file again and compare"))
        self.untrained_button = QPushButton(translate("manager_dialog", "Use untrained"))
        self.untrained_button.setToolTip(translate(
            "manager_dialog", "Run this network with random weights (remembered); again to "
            "ask next time"))
        self.remove_button = QPushButton(translate("manager_dialog", "Remove…"))
        self.use_button = QPushButton(translate("manager_dialog", "Use these weights"))
        self.use_button.setToolTip(translate(
            "manager_dialog", "The toolbar's network runs with the selected set of weights "
            "(a network with two sets: choose here)"))
        self.use_button.clicked.connect(self.use_weights)
        self.download_button.clicked.connect(self.download)
        self.import_button.clicked.connect(self.import_file)
        self.verify_button.clicked.connect(lambda: self.refresh(rehash=True))
        self.untrained_button.clicked.connect(self.toggle_untrained)
        self.remove_button.clicked.connect(self.remove)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        for b in (self.use_button, self.download_button, self.import_button,
                  self.untrained_button, self.verify_button, self.remove_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self.refresh()
        # What the toolbar runs changes the "in use" mark.
        controller.predictor_ready.connect(self._on_predictor)

    def _on_predictor(self, _predictor: Any) -> None:
        if self.entries:
            self.show_entries(self.entries)

    def refresh(self, rehash: bool = False) -> None:
        self._say(translate("manager_dialog", "Checking every file (hashing)…") if rehash else
                  translate("manager_dialog", "Reading…"))
        self.controller.run("manager", jobs.entries_job, rehash,
                            on_done=lambda e: self.show_entries(e, rehash),
                            on_error=self._failed)

    def show_entries(self, entries: list[Any], verified: bool = False) -> None:
        self.entries = entries
        untrained = self.controller.untrained_networks
        self.table.setRowCount(len(entries))
        for row, e in enumerate(entries):
            state = entry_state(e, e.network in untrained)
            if self.in_use(e):
                # the toolbar's network runs with these weights
                state += translate("manager_dialog", " · in use")
            cells = [e.name, network_label(e.network), state,
                     human_bytes(e.size) if e.size and e.status != "missing" else "-",
                     (e.sha256 or "")[:12] if e.status != "missing" else "",
                     _provenance(e)]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(ENTRY_ROLE, e)
                if col == 5:
                    item.setToolTip(_provenance_tooltip(e))
                if col == 2 and e.status == "corrupt":
                    item.setForeground(QColor(ERROR_TEXT))
                    item.setToolTip(translate_message(e.problem) if e.problem else "")
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        corrupt = sum(e.status == "corrupt" for e in entries)
        if verified:
            self._say(translate("manager_dialog", "Verified: %n corrupt file(s); remove them "
                                "and download or import them again.", None, corrupt)
                      if corrupt else
                      translate("manager_dialog", "Verified: every installed file is intact."),
                      error=bool(corrupt), ok=not corrupt)
        else:  # what was just done (Removed …) stays said after the list is read again
            done, self._done_text = self._done_text, ""
            self._say(done, ok=bool(done))
        self._update_buttons()

    def selected(self) -> Any | None:
        items = self.table.selectedItems()
        return items[0].data(ENTRY_ROLE) if items else None

    def _update_buttons(self) -> None:
        e = self.selected()
        published = e is not None and e.kind == "pretrained"
        self.download_button.setEnabled(published and e.status != "installed")
        self.untrained_button.setEnabled(published and e.status == "missing")
        if published and e.network in self.controller.untrained_networks:
            self.untrained_button.setText(translate("manager_dialog", "Ask again"))
        else:
            self.untrained_button.setText(translate("manager_dialog", "Use untrained"))
        self.remove_button.setEnabled(e is not None and e.status != "missing" and not e.bundled)
        self.use_button.setEnabled(e is not None and e.status == "installed" and
                                   not self.in_use(e))

    def in_use(self, entry: Any) -> bool:
        """Does the toolbar's network run with these weights now?"""
        predictor = self.controller.predictor
        choice = getattr(predictor, "choice", None)
        if predictor is None or choice is None or entry.network != predictor.network:
            return False
        return bool(entry.sha256) and entry.sha256 == choice.sha256

    def use_weights(self) -> None:
        """The toolbar's network runs with the selected set (published: no name)."""
        e = self.selected()
        if e is None or e.status != "installed":
            return
        if e.kind == "pretrained":
            self.controller.set_choice(network=e.network, weights=None)
        else:
            self.controller.use_model(e.network, e.name)
        self._say(translate("manager_dialog", "The toolbar now uses {name} ({network}).").format(
            name=e.name, network=network_label(e.network)), ok=True)

    def _say(self, text: str, error: bool = False, ok: bool = False) -> None:
        self.status.setStyleSheet(f"color: {ERROR_TEXT};" if error else
                                  f"color: {OK_TEXT};" if ok else "")
        self.status.setText(text)

    def _failed(self, exc: BaseException) -> None:
        from inception_desktop.gui.format import describe_error

        self._say(describe_error(exc), error=True)

    def download(self) -> None:
        e = self.selected()
        if e is not None:
            self.controller.ask_weights(e.network)  # the weights dialog, with progress

    def import_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, translate("manager_dialog", "Import weights"), "",
            translate("manager_dialog", "Weight files") +
            " (*.pth *.pt *.bin *.safetensors *.ckpt);;" +
            translate("manager_dialog", "All files") + " (*)")
        if path:
            self.import_path(path)

    def import_path(self, path: str) -> None:
        self._say(translate("manager_dialog", "Checking {file}…").format(file=Path(path).name))

        def done(entry) -> None:
            self._say(translate("manager_dialog", "Imported {name}.").format(name=entry.name),
                      ok=True)
            self.controller.models_updated()
            self.refresh()

        self.controller.run("manager-import", jobs.import_job, path, None, on_done=done,
                            on_error=self._failed)

    def toggle_untrained(self) -> None:
        e = self.selected()
        if e is None:
            return
        if e.network in self.controller.untrained_networks:
            self.controller.forget_untrained(e.network)
        else:
            self.controller.allow_untrained(e.network)
        self.controller.models_updated()
        self.show_entries(self.entries)

    def remove(self) -> None:
        """Remove… : asks first (no argument, so a button's clicked(bool) is no answer)."""
        e = self.selected()
        if e is None or not confirm_delete(
                self, translate("manager_dialog", "Remove weights"), e.name, e.size or 0,
                translate("manager_dialog", "The file {file} (in {folder}) is deleted from "
                          "this computer.").format(file=Path(e.path).name,
                                                   folder=Path(e.path).parent) + " " +
                (translate("manager_dialog", "Download it again from the Networks tab to use "
                           "it again.") if e.kind == "pretrained" else
                 translate("manager_dialog", "Only a copy of the file can bring it back."))):
            return

        def done(_removed) -> None:
            self._done_text = translate("manager_dialog", "Removed {name}, {size} freed.").format(
                name=e.name, size=human_bytes(e.size or 0))
            self._say(self._done_text, ok=True)
            self.controller.models_updated()
            self.refresh()

        self.controller.run("manager-remove", jobs.remove_weights_job, e.name,
                            on_done=done, on_error=self._failed)


class RunsPanel(QWidget):
    """The fine-tuning runs kept in the data folder (each a checkpoint, its report and a
    resume file): how each ended, what it reached, its size; Use this model and Remove."""

    @staticmethod
    def headers() -> list[str]:
        return [translate("manager_dialog", "Run"), translate("manager_dialog", "Date"),
                translate("manager_dialog", "Status"), translate("manager_dialog", "Accuracy"),
                translate("manager_dialog", "Size")]

    def __init__(self, controller: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.runs: list[Any] = []
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(self.headers())
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.cellDoubleClicked.connect(lambda *_: self.use_model())
        self.total = QLabel("")
        self.use_button = QPushButton(translate("manager_dialog", "Use this model"))
        self.use_button.setToolTip(translate(
            "manager_dialog", "Install the run's model (listed by its name) and classify "
            "with it"))
        self.use_button.clicked.connect(self.use_model)
        self.remove_button = QPushButton(translate("manager_dialog", "Remove…"))
        self.remove_button.clicked.connect(self.remove)
        self.open_button = QPushButton(translate("manager_dialog", "Show in folder"))
        self.open_button.clicked.connect(self.show_folder)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.use_button)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        intro = QLabel(translate(
            "manager_dialog", "Each run keeps its model, its report and a resume file. A model "
            "you chose to use is installed apart: removing its run does not remove it."))
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.total)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self._update_buttons()
        self.refresh()

    def refresh(self) -> None:
        self.controller.run("runs", jobs.runs_job, on_done=self.show_runs,
                            on_error=lambda e: self.status.setText(describe_error(e)))

    def show_runs(self, runs: list[Any]) -> None:
        self.runs = runs
        self.table.setRowCount(len(runs))
        for row, run in enumerate(runs):
            date = _dt.datetime.fromtimestamp(run.mtime).strftime("%Y-%m-%d %H:%M")
            for col, text in enumerate((run.name, date, run_status(run), run_accuracy(run),
                                        human_bytes(run.bytes))):
                item = QTableWidgetItem(text)
                item.setData(ENTRY_ROLE, run)
                if col == 3 and run.val_accuracy is None and run.train_accuracy is not None:
                    item.setToolTip(translate("manager_dialog", "No validation images: the "
                                              "accuracy on the training images"))
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        total = sum(r.bytes for r in runs)
        self.total.setText(translate("manager_dialog", "%n run(s), {size} in all", None,
                                     len(runs)).format(size=human_bytes(total)))
        self._update_buttons()

    def _update_buttons(self) -> None:
        run = self.selected()
        self.remove_button.setEnabled(run is not None)
        self.use_button.setEnabled(run is not None and run.usable)

    def use_model(self) -> None:
        """Install the selected run's model and make it the toolbar's."""
        run = self.selected()
        if run is None or not run.usable:
            return

        def done(entry) -> None:
            self.status.setStyleSheet(f"color: {OK_TEXT};")
            self.status.setText(translate("manager_dialog", "Installed as '{name}'; the window "
                                          "now classifies with it.").format(name=entry.name))
            self.controller.use_model(entry.network, entry.name)

        self.status.setStyleSheet("")
        self.status.setText(translate("manager_dialog", "Installing {name}…").format(
            name=run.model.name))
        self.controller.run("runs-use", jobs.install_model_job, str(run.model), on_done=done,
                            on_error=lambda e: self.status.setText(describe_error(e)))

    def selected(self) -> Any:
        items = self.table.selectedItems()
        return items[0].data(ENTRY_ROLE) if items else None

    def remove(self) -> None:
        """Remove… : asks first (no argument, so a button's clicked(bool) is no answer)."""
        run = self.selected()
        if run is None or not confirm_delete(
                self, translate("manager_dialog", "Remove run"),
                translate("manager_dialog", "the run {name}").format(name=run.name), run.bytes,
                translate("manager_dialog", "Its model, report and resume file are deleted. A "
                          "model you chose to use is installed apart and stays.")):
            return

        def done(_) -> None:
            self.status.setText(translate("manager_dialog", "Removed {name}, {size} freed.").format(
                name=run.name, size=human_bytes(run.bytes)))
            self.refresh()

        self.controller.run("runs-remove", jobs.remove_run_job, str(run.path),
                            on_done=done,
                            on_error=lambda e: self.status.setText(describe_error(e)))

    def show_folder(self) -> None:
        from inception_desktop.paths import data_subdir

        run = self.selected()
        folder = Path(run.path) if run else data_subdir("runs")
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def run_status(run: Any) -> str:
    """How a run ended, in the runs' list."""
    if run.status == "running or stopped":
        return translate("manager_dialog", "running or interrupted") if run.model is None \
            else translate("manager_dialog", "interrupted (model kept)")
    if run.status == "done":
        return translate("manager_dialog", "done")
    if run.status == "stopped early":
        return translate("manager_dialog", "stopped early")
    if run.status == "cancelled":
        return translate("manager_dialog", "cancelled")
    return run.status


def run_accuracy(run: Any) -> str:
    """The accuracy a run reached: on its validation images, else on its training images."""
    from inception_desktop.gui.format import percent

    if run.val_accuracy is not None:
        return translate("manager_dialog", "{accuracy} validation").format(
            accuracy=percent(run.val_accuracy))
    if run.train_accuracy is not None:
        return translate("manager_dialog", "{accuracy} training").format(
            accuracy=percent(run.train_accuracy))
    return "-"


class ManagerDialog(QDialog):
    def __init__(self, controller: Any, parent: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("manager_dialog", "Networks, weights and the data folder"))
        self.resize(900, 520)
        self.networks = NetworksPanel(controller, self)
        self.data_folder = DataFolderPanel(controller, self)
        self.runs = RunsPanel(controller, self)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.networks, translate("manager_dialog", "Networks and models"))
        self.tabs.addTab(self.data_folder, translate("manager_dialog", "Data folder"))
        self.tabs.addTab(self.runs, translate("manager_dialog", "Fine-tuning runs"))
        lay_out_with_close(self, self.tabs, 1)
        # A change in one tab shows in the others: removed weights free room in the data
        # folder, a run's model used appears among the models.
        controller.models_changed.connect(self.refresh_all)
        self.tabs.currentChanged.connect(lambda _i: self.refresh_all())

    def refresh_all(self) -> None:
        if not self.isVisible():
            return
        self.networks.refresh()
        self.data_folder.refresh()
        self.runs.refresh()
