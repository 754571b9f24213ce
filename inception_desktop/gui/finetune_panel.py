"""The Fine-tune tab: choose or drop a folder, read the scan report, train with live curves
(pyqtgraph), cancel, then browse the confusion matrix and use the model."""

from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inception_desktop.models import get_spec, list_models
from inception_desktop.paths import data_subdir


class FinetunePanel(QWidget):
    use_model = Signal(str, str)  # network, installed weights name

    def __init__(self, controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.scan = None
        self.result = None
        self._token = None
        self.setAcceptDrops(True)

        self.folder_label = QLabel("Choose or drop a folder with one sub-folder per class")
        self.folder_label.setWordWrap(True)
        choose = QPushButton("Choose folder…")
        choose.clicked.connect(self.choose_folder)
        self.report_text = QPlainTextEdit()
        self.report_text.setReadOnly(True)
        self.report_text.setMaximumHeight(170)
        self.network = QComboBox()
        for name in list_models():
            self.network.addItem(get_spec(name).display_name, name)
        self.mode = QComboBox()
        self.mode.addItem("Head (fast, cached features)", "head")
        self.mode.addItem("Full network (torch)", "full")
        self.epochs = QSpinBox()
        self.epochs.setRange(1, 1000)
        self.epochs.setValue(100)
        self.mode.currentIndexChanged.connect(
            lambda: self.epochs.setValue(100 if self.mode.currentData() == "head" else 10))
        self.start_button = QPushButton("Start training")
        self.start_button.setEnabled(False)
        self.start_button.clicked.connect(self.start)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.status = QLabel("")
        self.status.setWordWrap(True)

        form = QFormLayout()
        form.addRow("Network", self.network)
        form.addRow("Mode", self.mode)
        form.addRow("Epochs", self.epochs)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        left = QWidget()
        lv = QVBoxLayout(left)
        top = QHBoxLayout()
        top.addWidget(self.folder_label, 1)
        top.addWidget(choose)
        lv.addLayout(top)
        lv.addWidget(self.report_text)
        lv.addLayout(form)
        lv.addLayout(buttons)
        lv.addWidget(self.progress)
        lv.addWidget(self.status)

        # The plots (pyqtgraph) are built when the tab is first shown: start-up stays fast.
        self._plots_layout = QVBoxLayout()
        lv.addLayout(self._plots_layout, 2)
        self.loss_plot = None

        self.matrix = QTableWidget()
        self.matrix.cellClicked.connect(self.show_cell)
        self.matrix.setToolTip("Rows: true class, columns: predicted. Click a cell to see its "
                               "images")
        self.cell_images = QListWidget()
        self.cell_images.setViewMode(QListWidget.ViewMode.IconMode)
        self.cell_images.setIconSize(QSize(96, 96))
        self.cell_images.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.cell_label = QLabel("")
        self.use_button = QPushButton("Use this model")
        self.use_button.setEnabled(False)
        self.use_button.clicked.connect(self.use_this_model)
        right = QGroupBox("Result")
        rv = QVBoxLayout(right)
        rv.addWidget(QLabel("Confusion matrix (validation)"))
        rv.addWidget(self.matrix, 1)
        rv.addWidget(self.cell_label)
        rv.addWidget(self.cell_images, 1)
        rv.addWidget(self.use_button)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._history: list[dict] = []

    def _build_plots(self) -> None:
        if self.loss_plot is not None:
            return
        import pyqtgraph as pg

        pg.setConfigOptions(antialias=True, background="w", foreground="k")
        self.loss_plot = pg.PlotWidget(title="Loss")
        self.acc_plot = pg.PlotWidget(title="Accuracy")
        self.acc_plot.setYRange(0, 1)
        for plot in (self.loss_plot, self.acc_plot):
            plot.showGrid(x=True, y=True, alpha=0.3)
            plot.setLabel("bottom", "epoch")
            plot.setMinimumHeight(160)
        self.acc_plot.addLegend(offset=(-10, 10))
        self.loss_curve = self.loss_plot.plot(pen=pg.mkPen("#d62728", width=2))
        self.train_curve = self.acc_plot.plot(pen=pg.mkPen("#1f77b4", width=2), name="train")
        self.val_curve = self.acc_plot.plot(pen=pg.mkPen("#2ca02c", width=2), name="validation")
        self._plots_layout.addWidget(self.loss_plot, 1)
        self._plots_layout.addWidget(self.acc_plot, 1)

    def showEvent(self, event) -> None:  # noqa: N802
        self._build_plots()
        super().showEvent(event)

    # ------------------------------------------------------------------ folder

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        for url in event.mimeData().urls():
            if url.isLocalFile() and os.path.isdir(url.toLocalFile()):
                self.set_folder(url.toLocalFile())
                break

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Training images (one folder per class)")
        if folder:
            self.set_folder(folder)

    def set_folder(self, folder: str) -> None:
        self.folder_label.setText(folder)
        self.report_text.setPlainText("Scanning…")
        self.start_button.setEnabled(False)
        self.controller.scan_folder(folder, on_done=self._scanned, on_error=self._failed)

    def _scanned(self, scan) -> None:
        self.scan = scan
        self.report_text.setPlainText(scan.summary())
        self.start_button.setEnabled(True)

    # ------------------------------------------------------------------ training

    def start(self) -> None:
        from inception_desktop.training.finetune import FinetuneConfig

        if self.scan is None:
            return
        network, mode = self.network.currentData(), self.mode.currentData()
        stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        name = f"{self.scan.root.name}-{network}-{mode}"
        out = data_subdir("runs") / f"{stamp}-{name}" / f"{name}.safetensors"
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self._failed(exc)
            return
        settings = self.controller.settings
        untrained = network in self.controller.untrained_networks
        config = FinetuneConfig(str(self.scan.root), model=network, mode=mode,
                                epochs=self.epochs.value(), out=str(out), name=name,
                                random_weights=untrained, backend=settings.backend,
                                device=settings.device)
        self._build_plots()
        self._history = []
        self.loss_curve.setData([], [])
        self.train_curve.setData([], [])
        self.val_curve.setData([], [])
        self.result = None
        self.use_button.setEnabled(False)
        self.start_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.status.setStyleSheet("")
        self.status.setText("Starting…")
        self._token = self.controller.start_training(
            config, on_done=self._finished, on_error=self._failed, on_partial=self._on_event,
            on_progress=self._on_progress, on_cancelled=self._cancelled)

    def cancel(self) -> None:
        if self.controller.cancel_training():
            self.status.setText("Cancelling… (the best model so far is kept)")

    def _on_progress(self, p) -> None:
        if p.total and p.unit == "images" and p.message.startswith("features"):
            self.progress.setValue(int(1000 * (p.fraction or 0)))
            self.status.setText(f"Computing {p.message}")

    def _on_event(self, event) -> None:
        from inception_desktop.training.events import BatchEnd, EpochEnd

        if isinstance(event, BatchEnd):
            frac = (event.epoch - 1 + event.batch / event.batches) / event.epochs
            self.progress.setValue(int(1000 * frac))
            self.status.setText(f"Epoch {event.epoch}/{event.epochs}, loss {event.loss:.3f}, "
                                f"{event.images_per_s:.1f} images/s, ETA {event.eta_s:.0f} s")
        elif isinstance(event, EpochEnd):
            self._build_plots()
            self._history.append(event)
            xs = [h.epoch for h in self._history]
            self.loss_curve.setData(xs, [h.loss for h in self._history])
            self.train_curve.setData(xs, [h.train_accuracy for h in self._history])
            vals = [(h.epoch, h.val_accuracy) for h in self._history
                    if h.val_accuracy is not None]
            if vals:
                self.val_curve.setData([v[0] for v in vals], [v[1] for v in vals])
            self.progress.setValue(int(1000 * event.epoch / event.epochs))
            val = event.val_accuracy
            self.status.setText(f"Epoch {event.epoch}/{event.epochs}: loss {event.loss:.3f}, "
                                f"train {event.train_accuracy:.2f}" +
                                (f", validation {val:.2f}" if val is not None else "") +
                                f", ETA {event.eta_s:.0f} s")

    def _cancelled(self, exc) -> None:
        self._token = None
        self.cancel_button.setEnabled(False)
        self.start_button.setEnabled(self.scan is not None)
        self.status.setText(f"Cancelled: {exc}" if str(exc) else "Cancelled; nothing was kept.")

    def _finished(self, result) -> None:
        self._token = None
        self.result = result
        self.cancel_button.setEnabled(False)
        self.start_button.setEnabled(True)
        report = result.report
        if not report:
            self.status.setText("Stopped before a model was saved.")
            return
        self.progress.setValue(1000)
        val = report["val_accuracy"]
        self.status.setText(
            ("Cancelled; the best model so far is kept. " if result.cancelled else "Done. ") +
            f"Train accuracy {report['train_accuracy']:.3f}" +
            (f", validation accuracy {val:.3f}" if val is not None else "") +
            f" after {report['epochs_run']} epochs.")
        self._show_matrix(report)
        self.use_button.setEnabled(result.checkpoint is not None)

    def _failed(self, exc) -> None:
        from inception_desktop.gui.controller import describe_error

        self._token = None
        self.cancel_button.setEnabled(False)
        self.start_button.setEnabled(self.scan is not None)
        self.status.setStyleSheet("color: #b00020;")
        self.status.setText(describe_error(exc))
        if self.scan is None:
            self.report_text.setPlainText(describe_error(exc))

    # ------------------------------------------------------------------ results

    def _show_matrix(self, report) -> None:
        classes = report["classes"]
        cm = report["confusion_matrix"]
        self.matrix.setRowCount(len(classes))
        self.matrix.setColumnCount(len(classes))
        self.matrix.setHorizontalHeaderLabels(classes)
        self.matrix.setVerticalHeaderLabels(classes)
        peak = max((max(r) for r in cm), default=1) or 1
        for i, row in enumerate(cm):
            for j, n in enumerate(row):
                item = QTableWidgetItem(str(n))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                shade = int(255 - 120 * n / peak)
                item.setBackground(QColor(shade, 255, shade) if i == j else
                                   QColor(255, shade, shade) if n else QColor("white"))
                self.matrix.setItem(i, j, item)
        self.matrix.resizeColumnsToContents()

    def cell_files(self, true: int, predicted: int) -> list[str]:
        """The images behind one cell, most confident first."""
        preds = [p for p in self.result.report.get("predictions", [])
                 if p["true"] == true and p["predicted"] == predicted]
        preds.sort(key=lambda p: -p["confidence"])
        return [p["file"] for p in preds]

    def show_cell(self, row: int, column: int) -> None:
        if self.result is None:
            return
        classes = self.result.report["classes"]
        files = self.cell_files(row, column)
        self.cell_label.setText(f"True {classes[row]}, predicted {classes[column]}: "
                                f"{len(files)} image(s), most confident first")
        self.cell_images.clear()
        conf = {p["file"]: p["confidence"] for p in self.result.report["predictions"]}

        def show(thumbs) -> None:
            from inception_desktop.gui.qtutil import pil_to_qpixmap

            self.cell_images.clear()
            for f, img in thumbs:
                item = QListWidgetItem(QIcon(pil_to_qpixmap(img)),
                                       f"{Path(f).name}\n{conf[f] * 100:.0f}%")
                item.setToolTip(f)
                self.cell_images.addItem(item)

        self.controller.cell_thumbnails(files, on_done=show, on_error=self._failed)

    def use_this_model(self) -> None:
        """Import the checkpoint (listed by its name) and switch the Classify tab to it."""
        if self.result is None or self.result.checkpoint is None:
            return

        def done(entry) -> None:
            self.status.setText(f"Installed as {entry.name!r}; the Classify tab now uses it.")
            self.use_model.emit(entry.network, entry.name)

        self.controller.install_model(self.result.checkpoint, on_done=done,
                                      on_error=self._failed)
