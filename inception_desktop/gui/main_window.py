"""The main window: it composes the toolbar (the model and how it runs), the Classify, Feature
maps, Compare, Fine-tune and Evaluate tabs, the menus and the status bar around one controller.

The wiring rule: each tab takes the controller, connects the controller signals it needs and
calls controller methods itself; the window only composes, owns the menus, banners, status bar
and dialogs, and switches tabs. The controller is the only writer of the settings."""

from __future__ import annotations

import os
from functools import partial
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QGuiApplication, QImage, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from inception_desktop.gui import jobs
from inception_desktop.gui.banner import Banner
from inception_desktop.gui.compare_view import CompareView
from inception_desktop.gui.controller import AppController
from inception_desktop.gui.feature_viewer import FeatureViewer
from inception_desktop.gui.i18n import translate, translate_message
from inception_desktop.gui.language_menu import build_language_menu
from inception_desktop.gui.model_bar import ModelBar
from inception_desktop.gui.savefile import ask_save_path, saved_text
from inception_desktop.gui.serve_menu import ServeMenuMixin
from inception_desktop.gui.settings import Settings

MIN_WIDTH, MIN_HEIGHT = 1024, 640


class MainWindow(ServeMenuMixin, QMainWindow):
    def __init__(self, settings: Settings, warning: str | None = None) -> None:
        super().__init__()
        self.settings = settings
        self._error_model: str | None = None  # the model in use when the error was shown
        self._banner_dismissed: str | None = None  # the model whose warning was dismissed
        self.controller = AppController(settings, self)
        self.setWindowTitle("Inception Desktop")
        self.setMinimumSize(MIN_WIDTH, MIN_HEIGHT)
        self.setAcceptDrops(True)
        self.model_bar = ModelBar(self.controller)
        self.addToolBar(self.model_bar)
        self._build_tabs()
        self._build_menus()
        self._build_status()
        self._connect()
        if settings.geometry:
            self.restoreGeometry(QByteArray.fromBase64(settings.geometry.encode()))
        else:
            self.resize(1280, 820)
        if warning:
            self.show_error(translate_message(warning))

    # ------------------------------------------------------------------ building

    def _build_tabs(self) -> None:
        from inception_desktop.gui.classify_tab import ClassifyTab
        from inception_desktop.gui.evaluate_tab import EvaluateTab
        from inception_desktop.gui.finetune_panel import FinetunePanel

        c = self.controller
        self.tabs = QTabWidget()
        self.banner = Banner("warning")
        self.banner.dismissed.connect(self._warning_dismissed)
        self.error_banner = Banner("error")
        self.classify_tab = ClassifyTab(c)
        self.tabs.addTab(self.classify_tab, translate("main_window", "Classify"))
        self.viewer = FeatureViewer(c)
        self.tabs.addTab(self.viewer, translate("main_window", "Feature maps"))
        self.compare = CompareView(c)
        self.tabs.addTab(self.compare, translate("main_window", "Compare"))
        self.finetune = FinetunePanel(c)
        self.finetune.model_in_use.connect(lambda: self.show_tab(0))
        self.tabs.addTab(self.finetune, translate("main_window", "Fine-tune"))
        self.evaluate = EvaluateTab(c)
        self.evaluate.image_opened.connect(lambda: self.show_tab(0))
        self.tabs.addTab(self.evaluate, translate("main_window", "Evaluate"))
        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(6, 6, 6, 6)
        outer.addWidget(self.banner)
        outer.addWidget(self.error_banner)
        outer.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

    def _build_menus(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu(translate("main_window", "&File"))
        self.open_action = self._action(file_menu, translate("main_window", "&Open files…"),
                                        QKeySequence.StandardKey.Open, self.open_files)
        self._action(file_menu, translate("main_window", "Open &folder…"), "Ctrl+Shift+O",
                     self.open_folder)
        self.recent_menu = file_menu.addMenu(translate("main_window", "Open &recent"))
        self._fill_recent()
        file_menu.addSeparator()
        self._action(file_menu, translate("main_window", "&Paste image"),
                     QKeySequence.StandardKey.Paste, self.paste)
        self._action(file_menu, translate("main_window", "&Export batch as CSV…"), "Ctrl+E",
                     self.export_csv)
        file_menu.addSeparator()
        self._action(file_menu, translate("main_window", "Import &model…"), None,
                     self.import_weights)
        self._action(file_menu, translate("main_window", "&Manage networks…"), "Ctrl+Shift+M",
                     self.manage_networks)
        self._action(file_menu, translate("main_window", "Make an &int8 version…"), None,
                     self.make_int8)
        file_menu.addSeparator()
        self._action(file_menu, translate("main_window", "&Quit"),
                     QKeySequence.StandardKey.Quit, self.close)
        edit = menu.addMenu(translate("main_window", "&Edit"))
        self._action(edit, translate("main_window", "&Copy results"),
                     QKeySequence.StandardKey.Copy, self.copy_results)
        view = menu.addMenu(translate("main_window", "&View"))
        self._action(view, translate("main_window", "&Next image"), "Ctrl+Right",
                     lambda: self.step(1))
        self._action(view, translate("main_window", "&Previous image"), "Ctrl+Left",
                     lambda: self.step(-1))
        view.addSeparator()
        self._action(view, translate("main_window", "&Classify"), "Ctrl+1",
                     lambda: self.show_tab(0))
        self._action(view, translate("main_window", "&Feature maps"), "Ctrl+2",
                     lambda: self.show_tab(1))
        self._action(view, translate("main_window", "Co&mpare"), "Ctrl+3",
                     lambda: self.show_tab(2))
        self._action(view, translate("main_window", "Fine-&tune"), "Ctrl+4",
                     lambda: self.show_tab(3))
        self._action(view, translate("main_window", "&Evaluate"), "Ctrl+5",
                     lambda: self.show_tab(4))
        settings_menu = menu.addMenu(translate("main_window", "&Settings"))
        self._action(settings_menu, translate("main_window", "&Data folder and caches…"), None,
                     self.show_data_folder)
        self.serve_action = self._action(
            settings_menu, translate("main_window", "&Serve on localhost:{port}").format(
                port=self.settings.serve_port), None, self.toggle_serving)
        self.serve_action.setCheckable(True)
        self._action(settings_menu, translate("main_window", "Serve &port…"), None,
                     self.choose_port)
        settings_menu.addSeparator()
        build_language_menu(self, settings_menu, self.controller)
        help_menu = menu.addMenu(translate("main_window", "&Help"))
        self._action(help_menu, translate("main_window", "&Keyboard shortcuts"), "F1",
                     self.show_shortcuts)
        self._action(help_menu, translate("main_window", "&User's guide"), None,
                     self.show_guide)
        help_menu.addSeparator()
        self._action(help_menu, translate("main_window", "&About Inception Desktop"), None,
                     self.about)

    def _action(self, menu, text, shortcut, slot) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            # Wherever the focus is (the tab bar included), the shortcut acts.
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def show_tab(self, index: int) -> None:
        """Switch tab and put the focus in it (not on the tab bar, which would take the
        arrow keys)."""
        self.tabs.setCurrentIndex(index)
        page = self.tabs.widget(index)
        page.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if index == 0:
            self.classify_tab.gallery.setFocus() if self.classify_tab.gallery.isVisible() \
                else page.setFocus()

    def _build_status(self) -> None:
        self.status_model = QLabel()
        self.status_timing = QLabel()
        self.status_busy = QLabel()
        bar = self.statusBar()
        bar.addWidget(self.status_busy, 1)
        self.status_serve = QLabel()
        self.status_serve.hide()
        for label in (self.status_serve, self.status_timing, self.status_model):
            # Each segment stands apart: a rule on its left and room on both sides.
            label.setStyleSheet("QLabel { border-left: 1px solid palette(mid); "
                                "padding: 0px 8px; }")
        self.status_timing.hide()
        bar.addPermanentWidget(self.status_serve)
        bar.addPermanentWidget(self.status_timing)
        bar.addPermanentWidget(self.status_model)
        self._serve_timer = QTimer(self)
        self._serve_timer.timeout.connect(self._update_serve_status)

    def fit_status_model(self) -> None:
        """The model's segment, without its load time while the server's segment needs the
        room (at 1024 px the three segments and a message do not fit whole); the tooltip
        always has it all."""
        texts = getattr(self, "_status_model_texts", None)
        if texts is None:
            return
        serving = not self.status_serve.isHidden()
        self.status_model.setText(texts[0] if serving else "".join(texts))

    def _connect(self) -> None:
        """The window's own parts: the recent files, the banners, the status bar and the
        weights dialog (each tab connects what it needs itself)."""
        c = self.controller
        c.batch_changed.connect(self._on_batch)
        c.item_updated.connect(self._on_item)
        c.predictor_ready.connect(self._on_predictor)
        c.weights_needed.connect(self._on_weights_needed)
        c.busy.connect(self._on_busy)
        c.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        c.error.connect(self.show_error)
        c.remedy.connect(self._on_remedy)
        c.serving_changed.connect(self._on_serving)
        c.predictor_loading.connect(lambda _name: self.status_timing.hide())
        c.current_changed.connect(lambda _index: self._show_timing())
        self.model_bar.chosen.connect(self.clear_error)
        # An error belongs to what the user was doing: it goes when they turn elsewhere.
        self.tabs.currentChanged.connect(lambda _index: self.clear_error())

    # ------------------------------------------------------------------ input

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        mime = event.mimeData()
        if mime.hasUrls() or mime.hasImage():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        self.handle_mime(event.mimeData())
        event.acceptProposedAction()

    def handle_mime(self, mime) -> bool:
        """Files and folders (URLs), image data, or text holding paths."""
        paths = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()] if mime.hasUrls() \
            else []
        if not paths and mime.hasText():
            candidates = [line.strip().strip('"') for line in mime.text().splitlines()]
            candidates = [QUrl(c).toLocalFile() if c.startswith("file:") else c
                          for c in candidates if c]
            paths = [c for c in candidates if os.path.exists(c)]
        if paths:
            self.controller.open_paths(paths)
            return True
        if mime.hasImage():
            image = QImage(mime.imageData())
            if not image.isNull():
                buffer = QBuffer()
                buffer.open(QIODevice.OpenModeFlag.WriteOnly)
                image.save(buffer, "PNG")
                self.controller.open_bytes(bytes(buffer.data()))
                return True
        return False

    def open_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, translate("main_window", "Open images"), self._last_dir(),
            translate("main_window", "Images (*.jpg *.jpeg *.png *.bmp *.gif *.tif *.tiff "
                                     "*.webp);;All files (*)"))
        if files:
            self.controller.open_paths(files)
            self._fill_recent()

    def open_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, translate("main_window", "Open folder"), self._last_dir())
        if folder:
            self.controller.open_paths([folder])
            self._fill_recent()

    def _last_dir(self) -> str:
        for p in self.settings.recent_files:
            path = Path(p)
            if path.exists():
                return str(path if path.is_dir() else path.parent)
        return str(Path.home())

    def _fill_recent(self) -> None:
        """Recent files and folders that still exist (others are left out, not offered)."""
        self.recent_menu.clear()
        present = [p for p in self.settings.recent_files if os.path.exists(p)]
        for p in present:
            action = self.recent_menu.addAction(p)
            action.triggered.connect(lambda _=False, p=p: self.controller.open_paths([p]))
        self.recent_menu.setEnabled(bool(present))

    def paste(self) -> None:
        if not self.handle_mime(QGuiApplication.clipboard().mimeData()):
            self.statusBar().showMessage(
                translate("main_window", "The clipboard holds no image or file path"), 5000)

    def import_weights(self, path: str | None = None) -> None:
        """File > Import model…: PyTorch / safetensors weights, Keras .keras / .h5 and TF.js
        models; a Keras or TF.js file is read first and what it holds shown before install."""
        from inception_desktop.gui.import_dialog import MODEL_FILES

        if not path:
            path, _ = QFileDialog.getOpenFileName(self, translate("main_window", "Import model"),
                                                  "", MODEL_FILES)
        if not path:
            return

        def done(entry) -> None:
            self.controller.models_updated()
            self.statusBar().showMessage(
                translate("main_window", "Imported {name}").format(name=entry.name), 8000)

        def detected(found) -> None:
            if found is None:  # not Keras / TF.js: the loader checks it as before
                self.controller.run("import", jobs.import_job, path, None, on_done=done)
                return
            from inception_desktop.gui.import_dialog import ImportModelDialog

            dialog = ImportModelDialog(self, path, found)
            self.import_dialog = dialog  # tests answer it
            if dialog.exec():
                self.controller.run("import", partial(jobs.import_job, **dialog.choices()),
                                    path, None, on_done=done)

        self.controller.run("detect-model", jobs.detect_job, path, on_done=detected)

    # ------------------------------------------------------------------ output

    def copy_results(self) -> None:
        text = self.controller.results_text()
        if text:
            QGuiApplication.clipboard().setText(text)
            self.statusBar().showMessage(translate("main_window", "Results copied"), 3000)

    def export_csv(self) -> None:
        if not self.controller.items:
            return
        path = ask_save_path(self, self.controller, translate("main_window", "Export results"),
                             "results.csv", translate("main_window", "CSV files (*.csv)"))
        if path:
            from inception_desktop.fileio import atomic_write_text

            try:  # atomic: a failed write leaves the earlier file as it was
                atomic_write_text(path, self.controller.batch_csv())
            except OSError as exc:  # an OutputWriteError: one line naming the file
                from inception_desktop.gui.format import error_message

                self.show_error(error_message(exc))
                return
            self.statusBar().showMessage(saved_text(path), 8000)

    def make_int8(self) -> None:
        """File ▸ Make an int8 version…: the current model quantized on a folder of photos."""
        from inception_desktop.gui.int8_dialog import Int8Dialog

        self.int8_dialog = Int8Dialog(self.controller, self)
        self.int8_dialog.open()

    def manage_networks(self) -> None:
        from inception_desktop.gui.manager_dialog import ManagerDialog

        self.manager_dialog = ManagerDialog(self.controller, self)
        self.manager_dialog.open()

    def show_shortcuts(self) -> None:
        from inception_desktop.gui.help import ShortcutsDialog

        self.shortcuts_dialog = ShortcutsDialog(self.findChildren(QAction), self)
        self.shortcuts_dialog.open()

    def show_guide(self) -> None:
        from inception_desktop.gui.help import GuideDialog

        self.guide_dialog = GuideDialog(self)
        self.guide_dialog.open()

    def show_data_folder(self) -> None:
        from inception_desktop.gui.datafolder_dialog import DataFolderDialog

        self.data_folder_dialog = DataFolderDialog(self.controller, self)
        self.data_folder_dialog.open()

    def about(self) -> None:
        from inception_desktop.gui.about import show_about

        show_about(self, self.controller.predictor)

    # ------------------------------------------------------------------ controller events

    def _on_batch(self) -> None:
        self._fill_recent()
        self.clear_error()

    def _on_item(self, index: int) -> None:
        if index == self.controller.current:
            self._show_timing()

    def _show_timing(self) -> None:
        """The current image's inference time, from its result by the model in use (none
        while another model loads or before the result)."""
        c = self.controller
        item = c.current_item()
        predictor = c.predictor
        ms = None
        if item is not None and item.result is not None and predictor is not None and \
                item.produced_by == jobs.result_source(predictor):
            ms = item.result.timing_ms.get("inference")
        self.status_timing.setText("" if ms is None else translate(
            "main_window", "inference {ms} ms").format(ms=f"{ms:.0f}"))
        self.status_timing.setVisible(ms is not None)

    def _on_predictor(self, clf) -> None:
        from inception_desktop.gui.format import backend_label, device_label

        source = jobs.result_source(clf)
        if self.error_banner.isVisible() and source.model != self._error_model:
            self.clear_error()
        s = self.settings
        def auto(text: str, setting: str) -> str:
            return translate("main_window", "{name} (auto)").format(name=text) \
                if setting == "auto" else text

        picked = auto(backend_label(clf.backend_name), s.backend)
        device = auto(device_label(clf.device), s.device)
        model = translate("main_window", "{model} on {network}").format(
            model=source.model, network=source.network) if source.fine_tuned \
            else source.network
        precision = auto(clf.precision, s.precision)
        loaded = translate("main_window", "loaded in {seconds} s").format(
            seconds=f"{clf.load_ms / 1000:.1f}")
        self._status_model_texts = (f"{model} · {picked} · {precision} · {device}",
                                    f" · {loaded}")
        self.status_model.setToolTip("".join(self._status_model_texts))
        self.fit_status_model()
        self._show_timing()
        if source.untrained and source.fine_tuned:
            self.banner.setText("⚠ " + translate(
                "main_window", "{model} was trained on an untrained (random) {network}: its "
                "{classes} classes were learnt on random features, so expect weak answers. "
                "Get the published weights (File ▸ Manage networks) and train again.").format(
                model=source.model, network=source.network, classes=source.num_classes))
        else:
            self.banner.setText("⚠ " + translate(
                "main_window", "Untrained weights: this network has random weights, so its "
                "predictions are meaningless. Download or import the published weights "
                "(File ▸ Manage networks) for real answers."))
        # Dismissed (✕) for this model: it stays down until another untrained model comes.
        self.banner.setVisible(source.untrained and self._banner_dismissed != source.model)

    def _on_weights_needed(self, network: str, reason: str) -> None:
        """The weights dialog; it tells the controller how it ended."""
        from inception_desktop.gui.weights_dialog import WeightsDialog

        dialog = WeightsDialog(network, self.controller, reason, self)
        self.weights_dialog = dialog  # tests answer it
        dialog.finished.connect(lambda _result: setattr(self, "weights_dialog", None))
        dialog.open()

    def _on_busy(self, busy: bool, text: str) -> None:
        self.status_busy.setText(text if busy else "")
        if busy:
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor) if not \
                QApplication.overrideCursor() else None
        else:
            while QApplication.overrideCursor():
                QApplication.restoreOverrideCursor()

    def _warning_dismissed(self) -> None:
        predictor = self.controller.predictor
        self._banner_dismissed = jobs.result_source(predictor).model if predictor else None

    def show_error(self, text: str, source: str | None = None) -> None:
        self.error_banner.show_message(f"⚠ {text}", source)
        # The model it came with: another model's arrival takes it down (its cause is gone).
        predictor = self.controller.predictor
        self._error_model = jobs.result_source(predictor).model if predictor else None

    def clear_error(self, source: str | None = None) -> None:
        """Take the error down (only the one `source` caused, if given)."""
        self.error_banner.clear(source)

    def _on_remedy(self, kind: str) -> None:
        """The error just shown has a remedy in the window: its button on the banner."""
        action = {"int8": (translate("main_window", "Make an int8 version…"), self.make_int8),
                  "port": (translate("main_window", "Choose another port…"),
                           self.choose_port)}.get(kind)
        if action is not None and self.error_banner.isVisible():
            self.error_banner.show_message(self.error_banner.text(), kind, action)

    # ------------------------------------------------------------------ navigation

    def step(self, delta: int) -> None:
        n = len(self.controller.items)
        if n:
            self.controller.set_current((self.controller.current + delta) % n)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Right and self.tabs.currentIndex() == 0:
            self.step(1)
        elif event.key() == Qt.Key.Key_Left and self.tabs.currentIndex() == 0:
            self.step(-1)
        else:
            super().keyPressEvent(event)

    # ------------------------------------------------------------------ closing

    def confirm_close(self) -> bool:
        """Closing while a fine-tuning run trains asks first (the run stops; the best model
        so far stays in File ▸ Manage networks ▸ Fine-tuning runs)."""
        if not self.controller.is_busy("train"):
            return True
        answer = QMessageBox.question(
            self, translate("main_window", "Stop training?"),
            translate("main_window", "A fine-tuning run is still training. Closing stops it; "
                      "the best model so far is kept and stays in File ▸ Manage networks ▸ "
                      "Fine-tuning runs, with Use this model.\n\nStop training and close?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def closeEvent(self, event) -> None:  # noqa: N802
        if not self.confirm_close():
            event.ignore()
            return
        self.controller.update_settings(geometry=bytes(self.saveGeometry().toBase64()).decode())
        self.controller.shutdown()
        super().closeEvent(event)

