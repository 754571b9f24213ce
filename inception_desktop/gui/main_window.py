"""The main window: Classify, Feature maps and Compare tabs around one controller."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QGuiApplication, QImage, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSlider,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from inception_desktop import __version__
from inception_desktop.engine.activations import normalize01
from inception_desktop.gui.compare_view import CompareView
from inception_desktop.gui.controller import AppController
from inception_desktop.gui.feature_viewer import FeatureViewer
from inception_desktop.gui.settings import Settings, save_settings
from inception_desktop.gui.widgets import Banner, DropHint, Gallery, ImageView, ResultsPanel
from inception_desktop.models import get_spec, list_models

BACKEND_LABELS = {"auto": "Auto backend", "torch": "torch", "onnxruntime": "onnxruntime"}


class MainWindow(QMainWindow):
    def __init__(self, settings: Settings, warning: str | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.controller = AppController(settings, self)
        self.selected_class = -1
        self.grad_cam_block: str | None = None
        self.setWindowTitle("Inception Desktop")
        self.setMinimumSize(900, 600)
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
        self.network_combo = QComboBox()
        self.network_combo.setToolTip("The network (or your fine-tuned model) that classifies")
        self.network_combo.setMinimumWidth(240)
        self.backend_combo = QComboBox()
        for key, label in BACKEND_LABELS.items():
            self.backend_combo.addItem(label, key)
        self.backend_combo.setToolTip("auto: onnxruntime on a CPU (fastest there), torch with "
                                      "a GPU")
        self.device_combo = QComboBox()
        self.device_combo.addItem("Auto device", "auto")
        self.device_combo.addItem("CPU", "cpu")
        self.device_combo.setToolTip("Only the devices this computer has are listed")
        for label, w in (("Network ", self.network_combo), ("  Backend ", self.backend_combo),
                         ("  Device ", self.device_combo)):
            bar.addWidget(QLabel(label))
            bar.addWidget(w)
        self.refresh_networks()
        self._select_data(self.backend_combo, self.settings.backend)
        self._select_data(self.device_combo, self.settings.device)

    def refresh_networks(self) -> None:
        """The three networks, then installed custom (fine-tuned) models by name."""
        from inception_desktop.weights.store import list_entries

        combo = self.network_combo
        combo.blockSignals(True)
        combo.clear()
        for name in list_models():
            combo.addItem(get_spec(name).display_name, (name, None))
        try:
            custom = [e for e in list_entries() if e.kind == "custom" and
                      e.status == "installed"]
        except OSError:
            custom = []
        for e in custom:
            combo.addItem(f"{e.name} ({get_spec(e.network).display_name}, {e.num_classes} "
                          "classes)", (e.network, e.name))
        wanted = (self.settings.network, self.settings.weights)
        index = next((i for i in range(combo.count()) if tuple(combo.itemData(i)) == wanted), 0)
        combo.setCurrentIndex(index)
        combo.blockSignals(False)

    def _build_tabs(self) -> None:
        self.tabs = QTabWidget()
        # Classify tab
        self.banner = Banner()
        self.error_banner = Banner()
        self.error_banner.setStyleSheet("QLabel { background: #f8d7da; color: #58151c;"
                                        " padding: 6px; border: 1px solid #f1aeb5; }")
        self.drop_hint = DropHint()
        self.image_view = ImageView()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.drop_hint)
        self.stack.addWidget(self.image_view)
        self.results = ResultsPanel()
        self.map_combo = QComboBox()
        self.map_combo.addItem("Class activation map", None)
        self.map_combo.setToolTip("Click a label to see where in the image the network saw it. "
                                  "Grad-CAM at other blocks needs the torch backend.")
        self.opacity = QSlider(Qt.Orientation.Horizontal)
        self.opacity.setRange(0, 100)
        self.opacity.setValue(int(self.settings.overlay_opacity * 100))
        self.opacity.setToolTip("Opacity of the activation map")
        self.image_view.set_opacity(self.settings.overlay_opacity)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.addWidget(self.results, 1)
        side_layout.addWidget(QLabel("Map"))
        side_layout.addWidget(self.map_combo)
        side_layout.addWidget(QLabel("Map opacity"))
        side_layout.addWidget(self.opacity)
        splitter = QSplitter()
        splitter.addWidget(self.stack)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 1)
        self.gallery = Gallery()
        classify = QWidget()
        layout = QVBoxLayout(classify)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.gallery)
        self.gallery.hide()
        self.tabs.addTab(classify, "Classify")
        self.viewer = FeatureViewer()
        self.viewer.set_options(self.settings.colormap, self.settings.normalization,
                                self.settings.channel_order)
        self.tabs.addTab(self.viewer, "Feature maps")
        self.compare = CompareView()
        self.tabs.addTab(self.compare, "Compare")
        from inception_desktop.gui.finetune_panel import FinetunePanel

        self.finetune = FinetunePanel(self.controller.tasks, self.controller_settings_view())
        self.finetune.use_model.connect(self._use_custom_model)
        self.tabs.addTab(self.finetune, "Fine-tune")
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
        self._action(file_menu, "Import &weights…", None, self.import_weights)
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", QKeySequence.StandardKey.Quit, self.close)
        edit = menu.addMenu("&Edit")
        self._action(edit, "&Copy results", QKeySequence.StandardKey.Copy, self.copy_results)
        view = menu.addMenu("&View")
        self._action(view, "&Next image", "Ctrl+Right", lambda: self.step(1))
        self._action(view, "&Previous image", "Ctrl+Left", lambda: self.step(-1))
        view.addSeparator()
        self._action(view, "&Classify", "Ctrl+1", lambda: self.tabs.setCurrentIndex(0))
        self._action(view, "&Feature maps", "Ctrl+2", lambda: self.tabs.setCurrentIndex(1))
        self._action(view, "Co&mpare", "Ctrl+3", lambda: self.tabs.setCurrentIndex(2))
        self._action(view, "Fine-&tune", "Ctrl+4", lambda: self.tabs.setCurrentIndex(3))
        help_menu = menu.addMenu("&Help")
        self._action(help_menu, "&About Inception Desktop", None, self.about)

    def _action(self, menu, text, shortcut, slot) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_status(self) -> None:
        self.status_model = QLabel()
        self.status_timing = QLabel()
        self.status_busy = QLabel()
        bar = self.statusBar()
        bar.addWidget(self.status_busy, 1)
        bar.addPermanentWidget(self.status_timing)
        bar.addPermanentWidget(self.status_model)

    def _connect(self) -> None:
        c = self.controller
        c.batch_changed.connect(self._on_batch)
        c.item_updated.connect(self._on_item)
        c.current_changed.connect(self._on_current)
        c.activations_ready.connect(self._on_activations)
        c.grid_ready.connect(self.viewer.show_grid)
        c.compare_ready.connect(self.compare.show_rows)
        c.classifier_ready.connect(self._on_classifier)
        c.weights_needed.connect(self._on_weights_needed)
        c.busy.connect(self._on_busy)
        c.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        c.error.connect(self.show_error)
        self.gallery.currentRowChanged.connect(c.set_current)
        self.results.class_clicked.connect(self.show_class_map)
        self.opacity.valueChanged.connect(self._on_opacity)
        self.map_combo.currentIndexChanged.connect(self._on_map_kind)
        self.network_combo.currentIndexChanged.connect(self._on_network)
        self.backend_combo.currentIndexChanged.connect(
            lambda: self._on_choice(backend=self.backend_combo.currentData()))
        self.device_combo.currentIndexChanged.connect(
            lambda: self._on_choice(device=self.device_combo.currentData()))
        self.viewer.block_selected.connect(self._on_block)
        self.viewer.options_changed.connect(self._on_viewer_options)
        self.compare.compare_requested.connect(c.compare_current)
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
        self.recent_menu.clear()
        for p in self.settings.recent_files:
            action = self.recent_menu.addAction(p)
            action.triggered.connect(lambda _=False, p=p: self.controller.open_paths([p]))
        self.recent_menu.setEnabled(bool(self.settings.recent_files))

    def paste(self) -> None:
        if not self.handle_mime(QGuiApplication.clipboard().mimeData()):
            self.statusBar().showMessage("The clipboard holds no image or file path", 5000)

    def import_weights(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Import weights", "", "Weight files (*.pth *.pt *.bin *.safetensors);;"
                                        "All files (*)")
        if not path:
            return
        from inception_desktop.gui import jobs

        def done(entry) -> None:
            self.refresh_networks()
            self.statusBar().showMessage(f"Imported {entry.name}", 8000)

        self.controller.tasks.submit("import", jobs.import_job, path, None, on_done=done,
                                     on_error=lambda e: self.show_error(str(e)))

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
            try:
                Path(path).write_text(self.controller.batch_csv(), encoding="utf-8")
            except OSError as exc:
                self.show_error(f"cannot write {path}: {exc.strerror or exc}")

    def about(self) -> None:
        QMessageBox.about(self, "About Inception Desktop", about_text(self.controller))

    # ------------------------------------------------------------------ controller events

    def _on_batch(self) -> None:
        self._fill_recent()
        items = self.controller.items
        self.gallery.set_items([it.short_name for it in items])
        self.gallery.setVisible(len(items) > 1)
        self.stack.setCurrentWidget(self.image_view)
        self.clear_error()

    def _on_item(self, index: int) -> None:
        item = self.controller.items[index]
        if item.error:
            self.gallery.update_item(index, f"⚠ {item.short_name}", None, True, item.error)
        elif item.result is not None:
            top = item.result.predictions[0]
            self.gallery.update_item(index, f"{top.label}\n{top.probability * 100:.0f}%",
                                     item.thumb, False, f"{item.name}\n{top.label}")
            if index == self.controller.current:
                self.status_timing.setText(
                    f"inference {item.result.timing_ms.get('inference', 0):.0f} ms")
        if index == self.controller.current:
            self._show_item()

    def _on_current(self, index: int) -> None:
        if self.gallery.currentRow() != index:
            self.gallery.blockSignals(True)
            self.gallery.setCurrentRow(index)
            self.gallery.blockSignals(False)
        self.selected_class = -1
        self._show_item()

    def _show_item(self) -> None:
        item = self.controller.current_item()
        if item is None:
            return
        if item.display is not None:
            full = item.image.size if item.image is not None else None
            self.image_view.set_image(item.display, full)
            if item.thumb is not None:
                from inception_desktop.gui.qtutil import pil_to_qpixmap

                self.compare.set_image(pil_to_qpixmap(item.display))
        if item.error:
            self.results.show_error(item.error)
        elif item.result is None:
            self.results.show_waiting()
        else:
            self.results.show_predictions(item.result.predictions, _subtitle(item),
                                          self.selected_class)
            if self.selected_class >= 0:
                self.show_class_map(self.selected_class)

    def _on_activations(self, index: int) -> None:
        acts = self.controller.current_activations()
        item = self.controller.current_item()
        if acts is None or item is None:
            return
        self.viewer.set_activations(acts, item.display)
        if self.selected_class >= 0:
            self.show_class_map(self.selected_class)

    def _on_classifier(self, clf) -> None:
        self.status_model.setText(f"{clf.spec.display_name} · {clf.backend_name} · {clf.device}"
                                  f" · loaded in {clf.load_ms:.0f} ms")
        self.viewer.set_spec(clf.spec)
        untrained = clf.choice.untrained
        self.banner.setText("⚠ Untrained weights: this network has random weights, so its "
                            "predictions are meaningless. Download or import the published "
                            "weights (File ▸ Import weights) for real answers.")
        self.banner.setVisible(untrained)
        self.map_combo.blockSignals(True)
        self.map_combo.clear()
        self.map_combo.addItem("Class activation map", None)
        if clf.backend_name == "torch":
            for block in clf.spec.blocks:
                self.map_combo.addItem(f"Grad-CAM at {block.display_name}", block.path)
        self.map_combo.blockSignals(False)
        self.grad_cam_block = None

    def _on_weights_needed(self, network: str, reason: str) -> None:
        from inception_desktop.gui.weights_dialog import WeightsDialog

        dialog = WeightsDialog(network, self.controller.tasks, reason, self)
        self.weights_dialog = dialog
        dialog.finished.connect(lambda result: self._after_weights_dialog(dialog, result))
        dialog.open()

    def _after_weights_dialog(self, dialog, result) -> None:
        self.weights_dialog = None
        if not result:
            self.statusBar().showMessage(f"No weights for {get_spec(dialog.network).display_name}"
                                         "; choose another network or import weights", 8000)
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

    def controller_settings_view(self):
        """What the fine-tune panel reads: backend, device and the networks run untrained."""
        controller = self.controller

        class View:
            @property
            def backend(self):
                return controller.settings.backend

            @property
            def device(self):
                return controller.settings.device

            @property
            def untrained_networks(self):
                return controller.untrained_networks

        return View()

    def _use_custom_model(self, network: str, name: str) -> None:
        self.settings.network, self.settings.weights = network, name
        self.refresh_networks()
        self.controller.set_choice(network=network, weights=name)
        self.tabs.setCurrentIndex(0)

    def _on_network(self) -> None:
        network, weights = self.network_combo.currentData()
        self.clear_error()
        self.controller.set_choice(network=network, weights=weights)

    def _on_choice(self, backend: str | None = None, device: str | None = None) -> None:
        self.clear_error()
        self.controller.set_choice(backend=backend, device=device)

    def _on_tab(self, index: int) -> None:
        if self.tabs.widget(index) is self.viewer:
            self.controller.request_activations()

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

    def _on_opacity(self, value: int) -> None:
        self.settings.overlay_opacity = value / 100
        self.image_view.set_opacity(value / 100)

    def _on_map_kind(self) -> None:
        self.grad_cam_block = self.map_combo.currentData()
        if self.selected_class >= 0:
            self.show_class_map(self.selected_class)

    def show_class_map(self, class_index: int) -> None:
        """Overlay where the network saw `class_index` (CAM, or Grad-CAM at a chosen block)."""
        self.selected_class = class_index
        item = self.controller.current_item()
        if item is not None and item.result is not None:
            self.results.show_predictions(item.result.predictions, _subtitle(item),
                                          class_index)
        acts = self.controller.current_activations()
        if acts is None:
            self.controller.request_activations()  # the map appears when they arrive
            return
        if self.grad_cam_block:
            self.controller.grad_cam(self.grad_cam_block, class_index, self._show_heat)
            return
        self._show_heat(acts.cam(class_index))

    def _show_heat(self, heat: np.ndarray) -> None:
        acts = self.controller.current_activations()
        if acts is None:
            return
        self.image_view.set_overlay(normalize01(heat), acts.crop_box, "magma")

    def step(self, delta: int) -> None:
        n = len(self.controller.items)
        if n:
            self.controller.set_current((self.controller.current + delta) % n)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Right, Qt.Key.Key_Down) and self.tabs.currentIndex() == 0:
            self.step(1)
        elif event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Up) and self.tabs.currentIndex() == 0:
            self.step(-1)
        else:
            super().keyPressEvent(event)

    def _detect_devices(self) -> None:
        def found(devices: list[str]) -> None:
            for d in devices:
                if d != "cpu" and self.device_combo.findData(d) < 0:
                    self.device_combo.addItem(d.upper(), d)
            self._select_data(self.device_combo, self.settings.device)

        from inception_desktop.engine.backend import available_devices

        self.controller.tasks.submit("devices", lambda token: available_devices(),
                                     on_done=found, on_error=lambda e: None)

    # ------------------------------------------------------------------ closing

    def closeEvent(self, event) -> None:  # noqa: N802
        self.settings.geometry = bytes(self.saveGeometry().toBase64()).decode()
        save_settings(self.settings)
        self.controller.shutdown()
        super().closeEvent(event)


def _subtitle(item) -> str:
    untrained = " (untrained)" if item.result.weights.untrained else ""
    return f"{item.short_name} — {get_spec(item.result.model).display_name}{untrained}"


def about_text(controller: AppController) -> str:
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import qVersion

    versions = [f"Inception Desktop {__version__}", f"Qt {qVersion()} (PySide6 {pyside_version})"]
    try:
        import onnxruntime

        versions.append(f"onnxruntime {onnxruntime.__version__}")
    except ImportError:
        versions.append("onnxruntime: not installed")
    import sys

    torch = sys.modules.get("torch")
    versions.append(f"torch {torch.__version__}" if torch else "torch: not loaded")
    clf = controller.classifier
    weights = "no network loaded yet"
    if clf is not None:
        c = clf.choice
        where = str(c.path) if c.path else "generated (untrained)"
        weights = (f"{clf.spec.display_name}: weights <b>{c.name}</b>, sha256 "
                   f"{c.sha256 or '-'}<br>from {where}")
    return ("<h3>Inception Desktop</h3><p>Classify images with, and look inside, "
            "Inception-v3, Inception-v4 and Inception-ResNet-v2.</p><p>" +
            "<br>".join(versions) + f"</p><p>{weights}</p>")

