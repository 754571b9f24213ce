"""The main window: Classify, Feature maps, Compare, Fine-tune and Evaluate tabs around one
controller; the toolbar chooses the network (or fine-tuned model) and how it runs."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QGuiApplication, QImage, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QLabel,
    QMainWindow,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from inception_desktop.gui.compare_view import CompareView
from inception_desktop.gui.controller import AppController
from inception_desktop.gui.feature_viewer import FeatureViewer
from inception_desktop.gui.format import plural
from inception_desktop.gui.settings import Settings, save_settings
from inception_desktop.gui.widgets import Banner, ElidingComboBox
from inception_desktop.models import get_spec, list_models

BACKEND_LABELS = {"auto": "Auto", "onnxruntime": "onnxruntime", "openvino": "OpenVINO",
                  "torch": "torch"}
PRECISION_LABELS = {"fp32": "fp32", "bf16": "bf16", "int8": "int8"}
PRECISION_TIPS = {"fp32": "Full precision: the reference results",
                  "bf16": "bf16 on OpenVINO: faster on CPUs with native bf16 (AVX512-BF16, AMX)",
                  "int8": "int8: 2-2.6x faster on a CPU; needs a quantized export (inception-"
                          "desktop quantize)"}
MIN_WIDTH, MIN_HEIGHT = 1024, 640


class MainWindow(QMainWindow):
    def __init__(self, settings: Settings, warning: str | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.controller = AppController(settings, self)
        self.setWindowTitle("Inception Desktop")
        self.setMinimumSize(MIN_WIDTH, MIN_HEIGHT)
        self.setAcceptDrops(True)
        self._build_toolbar()
        self._build_tabs()
        self._build_menus()
        self._build_status()
        self._connect()
        if settings.geometry:
            self.restoreGeometry(QByteArray.fromBase64(settings.geometry.encode()))
        else:
            self.resize(1280, 820)
        if warning:
            self.show_error(warning)
        # Devices need torch to be detected: look once the window is up and painted.
        QTimer.singleShot(1500, self._detect_devices)

    # ------------------------------------------------------------------ building

    def _build_toolbar(self) -> None:
        bar = QToolBar("Model")
        bar.setMovable(False)
        self.addToolBar(bar)
        self.network_combo = ElidingComboBox()
        self.network_combo.setToolTip("The network (or your fine-tuned model) that classifies")
        # Sized to its content up to a bound; longer names are elided, whole in the tooltip.
        self.network_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.network_combo.setMinimumContentsLength(24)
        self.backend_combo = QComboBox()
        for key, label in BACKEND_LABELS.items():
            self.backend_combo.addItem(label, key)
        self.backend_combo.setToolTip("Auto: the fastest runtime measured on this CPU, torch "
                                      "with a GPU")
        self.precision_combo = QComboBox()
        for key, label in PRECISION_LABELS.items():
            self.precision_combo.addItem(label, key)
            self.precision_combo.setItemData(self.precision_combo.count() - 1,
                                             PRECISION_TIPS[key], Qt.ItemDataRole.ToolTipRole)
        self.precision_combo.setToolTip("Numeric precision of inference (the status bar says "
                                        "what runs)")
        self.device_combo = QComboBox()
        self.device_combo.addItem("Auto", "auto")
        self.device_combo.addItem("CPU", "cpu")
        self.device_combo.setToolTip("Only the devices this computer has are listed")
        for label, w in (("Network ", self.network_combo), ("  Backend ", self.backend_combo),
                         ("  Precision ", self.precision_combo),
                         ("  Device ", self.device_combo)):
            bar.addWidget(QLabel(label))
            bar.addWidget(w)
        self.refresh_networks()
        self._select_data(self.backend_combo, self.settings.backend)
        self._select_data(self.precision_combo, self.settings.precision)
        self._select_data(self.device_combo, self.settings.device)

    def refresh_networks(self) -> None:
        """The three networks, then installed custom (fine-tuned) models by name."""
        combo = self.network_combo
        combo.blockSignals(True)
        combo.clear()
        for name in list_models():
            combo.addItem(get_spec(name).display_name, (name, None))
        for e in self.controller.custom_models():
            text = (f"{e.name} ({get_spec(e.network).display_name}, "
                    f"{plural(e.num_classes, 'class', 'classes')})")
            combo.addItem(text, (e.network, e.name))
            combo.setItemData(combo.count() - 1, text, Qt.ItemDataRole.ToolTipRole)
        wanted = (self.settings.network, self.settings.weights)
        index = next((i for i in range(combo.count()) if tuple(combo.itemData(i)) == wanted), 0)
        combo.setCurrentIndex(index)
        combo.setToolTip(combo.currentText())
        combo.blockSignals(False)
        if hasattr(self, "finetune"):
            self.finetune.set_network(self.settings.network)

    def _sync_choices(self) -> None:
        """The toolbar shows the settings (after a choice was put back)."""
        self.refresh_networks()
        for combo, value in ((self.backend_combo, self.settings.backend),
                             (self.precision_combo, self.settings.precision),
                             (self.device_combo, self.settings.device)):
            combo.blockSignals(True)
            self._select_data(combo, value)
            combo.blockSignals(False)

    def _build_tabs(self) -> None:
        from inception_desktop.gui.classify_tab import ClassifyTab

        self.tabs = QTabWidget()
        self.banner = Banner()
        self.error_banner = Banner()
        self.error_banner.setStyleSheet("QLabel { background: #f8d7da; color: #58151c;"
                                        " padding: 6px; border: 1px solid #f1aeb5; }")
        self.classify_tab = ClassifyTab(self.controller)
        tab = self.classify_tab
        # The Classify tab's widgets, by the names the rest of the window (and tests) use.
        self.results, self.image_view, self.gallery = tab.results, tab.image_view, tab.gallery
        self.opacity, self.map_combo, self.stack = tab.opacity, tab.map_combo, tab.stack
        self.tabs.addTab(tab, "Classify")
        self.viewer = FeatureViewer(self.controller)
        self.viewer.set_options(self.settings.colormap, self.settings.normalization,
                                self.settings.channel_order, self.settings.tile_size)
        self.tabs.addTab(self.viewer, "Feature maps")
        self.compare = CompareView()
        self.tabs.addTab(self.compare, "Compare")
        from inception_desktop.gui.evaluate_tab import EvaluateTab
        from inception_desktop.gui.finetune_panel import FinetunePanel

        self.finetune = FinetunePanel(self.controller)
        self.finetune.use_model.connect(self._use_custom_model)
        self.finetune.set_network(self.settings.network)
        self.tabs.addTab(self.finetune, "Fine-tune")
        self.evaluate = EvaluateTab(self.controller)
        self.evaluate.open_image.connect(self._open_mistake)
        self.tabs.addTab(self.evaluate, "Evaluate")
        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(6, 6, 6, 6)
        outer.addWidget(self.banner)
        outer.addWidget(self.error_banner)
        outer.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

    def _build_menus(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        self.open_action = self._action(file_menu, "&Open files…", QKeySequence.StandardKey.Open,
                                        self.open_files)
        self._action(file_menu, "Open &folder…", "Ctrl+Shift+O", self.open_folder)
        self.recent_menu = file_menu.addMenu("Open &recent")
        self._fill_recent()
        file_menu.addSeparator()
        self._action(file_menu, "&Paste image", QKeySequence.StandardKey.Paste, self.paste)
        self._action(file_menu, "&Export batch as CSV…", "Ctrl+E", self.export_csv)
        file_menu.addSeparator()
        self._action(file_menu, "Import &model…", None, self.import_weights)
        self._action(file_menu, "&Manage networks…", "Ctrl+Shift+M", self.manage_networks)
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", QKeySequence.StandardKey.Quit, self.close)
        edit = menu.addMenu("&Edit")
        self._action(edit, "&Copy results", QKeySequence.StandardKey.Copy, self.copy_results)
        view = menu.addMenu("&View")
        self._action(view, "&Next image", "Ctrl+Right", lambda: self.step(1))
        self._action(view, "&Previous image", "Ctrl+Left", lambda: self.step(-1))
        view.addSeparator()
        self._action(view, "&Classify", "Ctrl+1", lambda: self.show_tab(0))
        self._action(view, "&Feature maps", "Ctrl+2", lambda: self.show_tab(1))
        self._action(view, "Co&mpare", "Ctrl+3", lambda: self.show_tab(2))
        self._action(view, "Fine-&tune", "Ctrl+4", lambda: self.show_tab(3))
        self._action(view, "&Evaluate", "Ctrl+5", lambda: self.show_tab(4))
        settings_menu = menu.addMenu("&Settings")
        self._action(settings_menu, "&Data folder and caches…", None, self.show_data_folder)
        self.serve_action = self._action(
            settings_menu, f"&Serve on localhost:{self.settings.serve_port}", None,
            self.toggle_serving)
        self.serve_action.setCheckable(True)
        help_menu = menu.addMenu("&Help")
        self._action(help_menu, "&Keyboard shortcuts", "F1", self.show_shortcuts)
        self._action(help_menu, "&Documentation", None, self.show_documentation)
        help_menu.addSeparator()
        self._action(help_menu, "&About Inception Desktop", None, self.about)

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
        bar.addPermanentWidget(self.status_serve)
        bar.addPermanentWidget(self.status_timing)
        bar.addPermanentWidget(self.status_model)
        self._serve_timer = QTimer(self)
        self._serve_timer.timeout.connect(self._update_serve_status)

    def _connect(self) -> None:
        c = self.controller
        c.batch_changed.connect(self._on_batch)
        c.item_updated.connect(self._on_item)
        c.current_changed.connect(self._on_current)
        c.activations_ready.connect(self._on_activations)
        c.grid_ready.connect(self.viewer.show_grid)
        c.compare_ready.connect(self._on_compare)
        c.predictor_ready.connect(self._on_predictor)
        c.predictor_loading.connect(self._on_predictor_loading)
        c.choice_reverted.connect(self._sync_choices)
        c.weights_needed.connect(self._on_weights_needed)
        c.busy.connect(self._on_busy)
        c.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        c.error.connect(self.show_error)
        self.network_combo.currentIndexChanged.connect(self._on_network)
        self.backend_combo.currentIndexChanged.connect(
            lambda: self._on_choice(backend=self.backend_combo.currentData()))
        self.precision_combo.currentIndexChanged.connect(
            lambda: self._on_choice(precision=self.precision_combo.currentData()))
        self.device_combo.currentIndexChanged.connect(
            lambda: self._on_choice(device=self.device_combo.currentData()))
        self.viewer.block_selected.connect(self._on_block)
        self.viewer.options_changed.connect(self._on_viewer_options)
        self.viewer.tile_size_changed.connect(self._on_tile_size)
        self.compare.compare_requested.connect(c.compare_current)
        self.compare.weights_requested.connect(c.ask_weights)
        self.viewer.index_requested.connect(self._index_folder)
        self.viewer.open_hit.connect(self._open_hit)
        self.tabs.currentChanged.connect(self._on_tab)

    @staticmethod
    def _select_data(combo: QComboBox, value) -> None:
        i = combo.findData(value)
        if i >= 0:
            combo.setCurrentIndex(i)

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
            self, "Open images", self._last_dir(),
            "Images (*.jpg *.jpeg *.png *.bmp *.gif *.tif *.tiff *.webp);;All files (*)")
        if files:
            self.controller.open_paths(files)
            self._fill_recent()

    def open_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Open folder", self._last_dir())
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
            self.statusBar().showMessage("The clipboard holds no image or file path", 5000)

    def import_weights(self, path: str | None = None) -> None:
        """File > Import model…: PyTorch / safetensors weights, Keras .keras / .h5 and TF.js
        models; a Keras or TF.js file is read first and what it holds shown before install."""
        from inception_desktop.gui.import_dialog import MODEL_FILES

        if not path:
            path, _ = QFileDialog.getOpenFileName(self, "Import model", "", MODEL_FILES)
        if not path:
            return

        def done(entry) -> None:
            self.refresh_networks()
            self.statusBar().showMessage(f"Imported {entry.name}", 8000)

        def detected(found) -> None:
            if found is None:  # not Keras / TF.js: the loader checks it as before
                self.controller.import_weights(path, on_done=done)
                return
            from inception_desktop.gui.import_dialog import ImportModelDialog

            dialog = ImportModelDialog(self, path, found)
            self.import_dialog = dialog  # tests answer it
            if dialog.exec():
                self.controller.import_weights(path, on_done=done, **dialog.choices())

        self.controller.detect_model(path, on_done=detected)

    # ------------------------------------------------------------------ output

    def copy_results(self) -> None:
        text = self.controller.results_text()
        if text:
            QGuiApplication.clipboard().setText(text)
            self.statusBar().showMessage("Results copied", 3000)

    def export_csv(self) -> None:
        if not self.controller.items:
            return
        path, _ = QFileDialog.getSaveFileName(self, "Export results", "results.csv",
                                              "CSV files (*.csv)")
        if path:
            from inception_desktop.fileio import atomic_write_text

            try:  # atomic: a failed write leaves the earlier file as it was
                atomic_write_text(path, self.controller.batch_csv())
            except OSError as exc:  # an OutputWriteError: one line naming the file
                self.show_error(str(exc))

    def toggle_serving(self, on: bool) -> None:
        """Serve the current model over HTTP (Open Inference Protocol) in this process."""
        if not on:
            self.controller.stop_serving()
            self.status_serve.hide()
            self._serve_timer.stop()
            return
        port = self.settings.serve_port

        def started(server) -> None:
            self.status_serve.setText(f"Serving {server.url}")
            self.status_serve.setToolTip(f"{server.url}/v1/classify and the Open Inference "
                                         "Protocol under /v2; Settings ▸ Serve to stop")
            self.status_serve.show()
            self._serve_timer.start(1000)

        def failed(exc) -> None:
            from inception_desktop.gui.controller import describe_error

            self.serve_action.setChecked(False)
            self.show_error(describe_error(exc))

        self.controller.start_serving(port, started, failed)

    def _update_serve_status(self) -> None:
        server = self.controller.server
        if server is not None:
            n = server.requests
            self.status_serve.setText(f"Serving {server.url} · {n} request{'s' if n != 1 else ''}")

    def manage_networks(self) -> None:
        from inception_desktop.gui.manager_dialog import ManagerDialog

        self.manager_dialog = ManagerDialog(self.controller, self)
        self.manager_dialog.changed.connect(self.refresh_networks)
        self.manager_dialog.open()

    def show_shortcuts(self) -> None:
        from inception_desktop.gui.help import ShortcutsDialog

        self.shortcuts_dialog = ShortcutsDialog(self.findChildren(QAction), self)
        self.shortcuts_dialog.open()

    def show_documentation(self) -> None:
        from inception_desktop.gui.help import DocumentationDialog

        self.documentation_dialog = DocumentationDialog(self)
        self.documentation_dialog.open()

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
        self.classify_tab.on_batch()
        self.clear_error()

    def _on_item(self, index: int) -> None:
        item = self.controller.items[index]
        if item.result is not None and index == self.controller.current:
            self.status_timing.setText(
                f"inference {item.result.timing_ms.get('inference', 0):.0f} ms")
        self.classify_tab.on_item(index)
        if index == self.controller.current:
            self._show_in_compare(item)

    def _on_current(self, index: int) -> None:
        self.classify_tab.on_current(index)
        item = self.controller.current_item()
        if item is not None:
            self._show_in_compare(item)

    def _show_in_compare(self, item) -> None:
        """Compare follows the current image: the old results go, and when the tab is in
        view it runs by itself."""
        if self.compare.item is item and self.compare.has_results():
            return
        self.compare.set_item(item)
        if self.tabs.currentWidget() is self.compare and item.image is not None:
            self.controller.compare_current()

    def _on_compare(self, result: dict) -> None:
        if result["item"] is self.controller.current_item():
            self.compare.show_rows(result["rows"], result["missing"], result["item"])

    def _on_activations(self, index: int) -> None:
        acts = self.controller.current_activations()
        item = self.controller.current_item()
        if acts is None or item is None:
            return
        self.viewer.image_name = item.short_name
        self.viewer.set_activations(acts, item.display)
        self.classify_tab.on_activations()

    def _on_predictor(self, clf) -> None:
        from inception_desktop.gui.format import backend_label, device_label
        from inception_desktop.gui.jobs import result_source

        source = result_source(clf)
        s = self.settings
        picked = backend_label(clf.backend_name) + (" (auto)" if s.backend == "auto" else "")
        device = device_label(clf.device) + (" (auto)" if s.device == "auto" else "")
        model = f"{source.model} on {source.network}" if source.fine_tuned else source.network
        self.status_model.setText(f"{model} · {picked} · {clf.precision} · {device} · loaded "
                                  f"in {clf.load_ms / 1000:.1f} s")
        # The Auto entries say what they picked.
        self.backend_combo.setItemText(0, f"Auto ({backend_label(clf.backend_name)})"
                                       if s.backend == "auto" else "Auto")
        self.device_combo.setItemText(0, f"Auto ({device_label(clf.device)})"
                                      if s.device == "auto" else "Auto")
        self.viewer.set_predictor(clf, model)
        if source.untrained and source.fine_tuned:
            self.banner.setText(f"⚠ {source.model} was trained on an untrained (random) "
                                f"{source.network}: its {source.num_classes} classes were "
                                "learnt on random features, so expect weak answers. Get the "
                                "published weights (File ▸ Manage networks) and train again.")
        else:
            self.banner.setText("⚠ Untrained weights: this network has random weights, so its "
                                "predictions are meaningless. Download or import the "
                                "published weights (File ▸ Manage networks) for real answers.")
        self.banner.setVisible(source.untrained)
        self.classify_tab.on_predictor(clf)
        self.compare.mark_stale()

    def _on_predictor_loading(self, name: str) -> None:
        """What showed the previous model's work is cleared while the next one loads."""
        self.viewer.show_loading(name)

    def _on_weights_needed(self, network: str, reason: str) -> None:
        from inception_desktop.gui.weights_dialog import WeightsDialog

        dialog = WeightsDialog(network, self.controller, reason, self)
        self.weights_dialog = dialog
        dialog.finished.connect(lambda result: self._after_weights_dialog(dialog, result))
        dialog.open()

    def _after_weights_dialog(self, dialog, result) -> None:
        self.weights_dialog = None
        if not result:
            name = get_spec(dialog.network).display_name
            self.statusBar().showMessage(f"No weights for {name}; choose another network or "
                                         "import weights", 8000)
            self.controller.revert_choice()
            self._sync_choices()
            if self.controller.predictor is None:
                self.classify_tab.results.show_error(
                    f"No weights for {name}: nothing was classified. Choose another network, "
                    "or get its weights in File ▸ Manage networks.")
            return
        if dialog.untrained:
            self.controller.use_untrained(dialog.network)
        else:
            self.controller.weights_installed()

    def _on_busy(self, busy: bool, text: str) -> None:
        self.status_busy.setText(text if busy else "")
        if busy:
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor) if not \
                QApplication.overrideCursor() else None
        else:
            while QApplication.overrideCursor():
                QApplication.restoreOverrideCursor()

    def show_error(self, text: str) -> None:
        self.error_banner.setText(f"⚠ {text}")
        self.error_banner.show()

    def clear_error(self) -> None:
        self.error_banner.hide()

    # ------------------------------------------------------------------ user choices

    def _use_custom_model(self, network: str, name: str) -> None:
        self.settings.network, self.settings.weights = network, name
        self.refresh_networks()
        self.controller.set_choice(network=network, weights=name)
        self.show_tab(0)

    def _on_network(self) -> None:
        network, weights = self.network_combo.currentData()
        self.network_combo.setToolTip(self.network_combo.currentText())
        self.clear_error()
        self.finetune.set_network(network)
        self.controller.set_choice(network=network, weights=weights)

    def _on_choice(self, backend: str | None = None, device: str | None = None,
                   precision: str | None = None) -> None:
        self.clear_error()
        self.controller.set_choice(backend=backend, device=device, precision=precision)

    def _on_tab(self, index: int) -> None:
        page = self.tabs.widget(index)
        if page is self.viewer:
            self.controller.request_activations()
        elif page is self.compare:
            item = self.controller.current_item()
            if item is not None and not self.compare.has_results():
                self.compare.set_item(item)
                self.controller.compare_current()

    def _open_mistake(self, path: str, class_index: int, network: str, custom: str) -> None:
        """From Evaluate: the image in the Classify tab, run by the model that made the
        mistake, with the map of what it was taken for."""
        wanted = (network, custom or None)
        if (self.settings.network, self.settings.weights) != wanted:
            self.settings.network, self.settings.weights = wanted
            self.refresh_networks()
            self.controller.set_choice(network=network, weights=custom or None)
        self.controller.open_paths([path])
        self.show_tab(0)
        self.classify_tab.pending_class = class_index

    def _index_folder(self, folder: str) -> None:
        self.controller.index_folder(folder, self.viewer.on_index_progress,
                                     self.viewer.on_index_ready, self.viewer.on_index_failed)

    def _open_hit(self, path: str, block: str, channel: int) -> None:
        """A top image of a channel: open it, with that channel over it."""
        self.viewer.follow_channel(block, channel)
        self.controller.open_paths([path])

    def _on_block(self, path: str) -> None:
        acts = self.controller.current_activations()
        if acts is None:
            self.controller.request_activations()
            return
        self.controller.request_grid(path, self.viewer.branch_of(path))

    def _on_viewer_options(self, colormap: str, normalization: str, order: str) -> None:
        s = self.settings
        s.colormap, s.normalization, s.channel_order = colormap, normalization, order
        save_settings(s)
        if self.viewer.current_block:
            self._on_block(self.viewer.current_block)

    def _on_tile_size(self, size: int) -> None:
        self.settings.tile_size = size
        save_settings(self.settings)
        if self.viewer.current_block and self.viewer.show_combo.currentData() == "activations":
            self._on_block(self.viewer.current_block)

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

    def _detect_devices(self) -> None:
        def found(devices: list[str]) -> None:
            from inception_desktop.gui.format import device_label

            for d in devices:
                if d != "cpu" and self.device_combo.findData(d) < 0:
                    self.device_combo.addItem(device_label(d), d)
            self._select_data(self.device_combo, self.settings.device)

        self.controller.detect_devices(found)

    # ------------------------------------------------------------------ closing

    def closeEvent(self, event) -> None:  # noqa: N802
        self.settings.geometry = bytes(self.saveGeometry().toBase64()).decode()
        save_settings(self.settings)
        self.controller.shutdown()
        super().closeEvent(event)

