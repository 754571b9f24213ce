"""The Fine-tune tab, guided: choose or drop a folder and see its classes as cards (a
thumbnail, counts, what is wrong with them); name the model; train with live curves (loss,
accuracy, and images/s in full mode) and Cancel; every run ends in a summary saying what was
kept and where, with Show in folder and Use this model, and a labelled confusion matrix whose
cells open their images."""

from __future__ import annotations

import os
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QFontDatabase, QIcon
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from inception_desktop.gui.format import (
    ERROR_TEXT,
    OK_TEXT,
    SECONDARY_TEXT,
    percent,
    plural,
    seconds_label,
)
from inception_desktop.gui.widgets import CAPTION_ROLE, ERROR_ROLE, THUMB, image_grid
from inception_desktop.models import get_spec

PRECISION_CHOICES = (("Auto", "auto"), ("fp32", "fp32"), ("bf16", "bf16"), ("fp16", "fp16"))


def _integer_axis():
    """A pyqtgraph axis that labels whole epochs only."""
    import pyqtgraph as pg

    class IntegerAxis(pg.AxisItem):
        def tickValues(self, minVal, maxVal, size):  # noqa: N802, N803 (pyqtgraph's names)
            out = []
            for spacing, values in super().tickValues(minVal, maxVal, size):
                whole = [v for v in values if abs(v - round(v)) < 1e-9]
                out.append((max(1.0, round(spacing)), whole))
            return out

        def tickStrings(self, values, scale, spacing):  # noqa: N802
            return [str(int(round(v))) for v in values]

    return IntegerAxis(orientation="bottom")


class FinetunePanel(QWidget):
    use_model = Signal(str, str)  # network, installed weights name

    def __init__(self, controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.scan = None
        self.result = None
        self.folder: str | None = None  # the folder on screen
        self.network = "inception_v3"
        self._token = None
        self._history: list = []
        self._speed: list[tuple[float, float]] = []
        self.setAcceptDrops(True)

        # ---- the folder and its classes
        self.folder_label = QLabel("Choose or drop a folder with one sub-folder per class")
        self.folder_label.setWordWrap(True)
        choose = QPushButton("Choose folder…")
        choose.clicked.connect(self.choose_folder)
        self.cards = image_grid()
        line = self.fontMetrics().height()
        self.cards.setMinimumHeight(THUMB + 24 + 2 * line)
        self.scan_text = QLabel("")
        self.scan_text.setWordWrap(True)
        self.details_button = QPushButton("Details")
        self.details_button.setCheckable(True)
        self.details_button.setEnabled(False)
        self.report_text = QPlainTextEdit()  # the full scan report, aligned
        self.report_text.setReadOnly(True)
        self.report_text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.report_text.setMaximumHeight(150)
        self.report_text.hide()
        self.details_button.toggled.connect(self.report_text.setVisible)

        # ---- the choices
        self.network_label = QLabel()
        self.network_label.setToolTip("Fine-tuning starts from the network chosen in the "
                                      "toolbar")
        self.mode = QComboBox()
        self.mode.addItem("Head (fast, cached features)", "head")
        self.mode.addItem("Full network (torch)", "full")
        self.mode.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.precision = QComboBox()
        for label, value in PRECISION_CHOICES:
            self.precision.addItem(label, value)
        self.precision.setToolTip("Full mode: Auto takes bf16 on a CPU with native bf16 (when "
                                  "it measures faster) and mixed precision on a GPU, else fp32")
        self.precision.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.epochs = QSpinBox()
        self.epochs.setRange(1, 1000)
        self.epochs.setValue(100)
        self.epochs.setMaximumWidth(110)
        self.epochs.setToolTip("Head mode stops early when validation stops improving")
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("the name the model is listed under")
        self.name_edit.setMaximumWidth(320)
        self.name_edit.textChanged.connect(self._update_start)
        self.mode.currentIndexChanged.connect(self._on_mode)
        self.start_button = QPushButton("Start training")
        self.start_button.setEnabled(False)
        self.start_button.clicked.connect(self.start)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        self.progress.setFormat("%p%")
        self.status = QLabel("")
        self.status.setWordWrap(True)

        form = QGridLayout()
        form.addWidget(QLabel("Network"), 0, 0)
        form.addWidget(self.network_label, 0, 1, 1, 3)
        form.addWidget(QLabel("Mode"), 1, 0)
        form.addWidget(self.mode, 1, 1)
        form.addWidget(QLabel("Precision"), 1, 2)
        form.addWidget(self.precision, 1, 3)
        form.addWidget(QLabel("Epochs"), 2, 0)
        form.addWidget(self.epochs, 2, 1)
        form.addWidget(QLabel("Model name"), 3, 0)
        form.addWidget(self.name_edit, 3, 1, 1, 3)
        form.setColumnStretch(4, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.progress, 1)
        left = QWidget()
        lv = QVBoxLayout(left)
        top = QHBoxLayout()
        top.addWidget(self.folder_label, 1)
        top.addWidget(choose)
        self.check_button = QPushButton("Check this folder…")
        self.check_button.setToolTip("Look for suspected label errors, duplicates (and train/"
                                     "val leaks) and outliers, and fix them, before training")
        self.check_button.setEnabled(False)
        self.check_button.clicked.connect(self.check_folder)
        top.addWidget(self.check_button)
        lv.addLayout(top)
        lv.addWidget(self.cards, 1)
        srow = QHBoxLayout()
        srow.addWidget(self.scan_text, 1)
        srow.addWidget(self.details_button, 0, Qt.AlignmentFlag.AlignTop)
        lv.addLayout(srow)
        lv.addWidget(self.report_text)
        lv.addLayout(form)
        lv.addLayout(buttons)
        lv.addWidget(self.status)
        # On a small screen the column scrolls instead of squeezing its controls.
        left_scroll = QScrollArea()
        left_scroll.setWidget(left)
        left_scroll.setWidgetResizable(True)
        left_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        left.setMinimumHeight(430)

        # ---- the curves (pyqtgraph, built when first shown: start-up stays fast)
        self._plots_layout = QVBoxLayout()
        self.loss_plot = None
        plots = QWidget()
        plots.setLayout(self._plots_layout)

        # ---- the result
        self.summary = QLabel("The result of a run appears here.")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_button = QPushButton("Show in folder")
        self.folder_button.setEnabled(False)
        self.folder_button.clicked.connect(self.show_in_folder)
        self.use_button = QPushButton("Use this model")
        self.use_button.setEnabled(False)
        self.use_button.clicked.connect(self.use_this_model)
        self.matrix_caption = QLabel("Confusion matrix: rows are the true class ↓, columns "
                                     "the predicted class →. Click a cell to see its images.")
        self.axes_row = QHBoxLayout()
        true_label, predicted_label = QLabel("<b>true ↓</b>"), QLabel("<b>predicted →</b>")
        self.axes_row.addWidget(true_label)
        self.axes_row.addStretch(1)
        self.axes_row.addWidget(predicted_label)
        self.axes_row.addStretch(1)
        self.matrix_caption.setWordWrap(True)
        self.matrix_caption.setStyleSheet(f"color: {SECONDARY_TEXT};")
        self.matrix = QTableWidget()
        self.matrix.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.matrix.cellClicked.connect(self.show_cell)
        self.matrix.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.matrix.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.cell_images = image_grid()
        self.cell_label = QLabel("")
        self.cell_label.setWordWrap(True)
        result_buttons = QHBoxLayout()
        result_buttons.addWidget(self.folder_button)
        result_buttons.addWidget(self.use_button)
        self.mistakes_button = QPushButton("Review mistakes…")
        self.mistakes_button.setToolTip("The validation images the model got wrong, most "
                                        "confident first, to move, remove or keep")
        self.mistakes_button.setEnabled(False)
        self.mistakes_button.clicked.connect(self.review_mistakes)
        result_buttons.addWidget(self.mistakes_button)
        result_buttons.addStretch(1)
        result = QWidget()
        rv = QVBoxLayout(result)
        rv.addWidget(self.summary)
        rv.addLayout(result_buttons)
        rv.addWidget(self.matrix_caption)
        rv.addLayout(self.axes_row)
        rv.addWidget(self.matrix, 2)
        rv.addWidget(self.cell_label)
        rv.addWidget(self.cell_images, 1)
        # Curves while it trains, the result when it ends (the tab switches by itself).
        self.right = QTabWidget()
        self.right.addTab(plots, "Training curves")
        self.right.addTab(result, "Result")

        split = QSplitter()
        split.addWidget(left_scroll)
        split.addWidget(self.right)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        for i in range(2):
            split.setCollapsible(i, False)
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self._on_mode()

    # ------------------------------------------------------------------ plots

    def _build_plots(self) -> None:
        if self.loss_plot is not None:
            return
        import pyqtgraph as pg

        pg.setConfigOptions(antialias=True, background="w", foreground="k")
        self.loss_plot = pg.PlotWidget(title="Loss", axisItems={"bottom": _integer_axis()})
        self.acc_plot = pg.PlotWidget(title="Accuracy", axisItems={"bottom": _integer_axis()})
        self.speed_plot = pg.PlotWidget(title="Images/s (full mode)")
        self.acc_plot.setYRange(0, 1)
        for plot in (self.loss_plot, self.acc_plot, self.speed_plot):
            plot.showGrid(x=True, y=True, alpha=0.3)
            plot.setLabel("bottom", "epoch")
            plot.setMinimumSize(220, 120)
        self.acc_plot.addLegend(offset=(-10, 10))
        # Symbols: a run's first epoch is a point, visible before there is a line.
        self.loss_curve = self.loss_plot.plot(pen=pg.mkPen("#d62728", width=2), symbol="o",
                                              symbolSize=5, symbolBrush="#d62728")
        self.train_curve = self.acc_plot.plot(pen=pg.mkPen("#1f77b4", width=2), name="train",
                                              symbol="o", symbolSize=5, symbolBrush="#1f77b4")
        self.val_curve = self.acc_plot.plot(pen=pg.mkPen("#2ca02c", width=2),
                                            name="validation", symbol="o", symbolSize=5,
                                            symbolBrush="#2ca02c")
        self.speed_curve = self.speed_plot.plot(pen=pg.mkPen("#6a3d9a", width=2))
        self._plots_layout.addWidget(self.loss_plot, 1)
        self._plots_layout.addWidget(self.acc_plot, 1)
        self._plots_layout.addWidget(self.speed_plot, 1)
        self.speed_plot.setVisible(self.mode.currentData() == "full")

    def showEvent(self, event) -> None:  # noqa: N802
        self._build_plots()
        super().showEvent(event)

    def _clear_run(self) -> None:
        """Nothing of a previous run stays on screen as if it were current."""
        self.result = None
        self._history, self._speed = [], []
        if self.loss_plot is not None:
            for curve in (self.loss_curve, self.train_curve, self.val_curve, self.speed_curve):
                curve.setData([], [])
        self.progress.setValue(0)
        self.summary.setText("The result of a run appears here.")
        self.matrix.setRowCount(0)
        self.matrix.setColumnCount(0)
        self.cell_images.clear()
        self.cell_label.setText("")
        self.use_button.setEnabled(False)
        self.folder_button.setEnabled(False)
        self.mistakes_button.setEnabled(False)

    # ------------------------------------------------------------------ choices

    def set_network(self, network: str) -> None:
        """The toolbar's network (the one place it is chosen)."""
        self.network = network
        self.network_label.setText(f"{get_spec(network).display_name} "
                                   "<span style='color: %s'>(the toolbar's)</span>"
                                   % SECONDARY_TEXT)
        self._suggest_name()

    def _on_mode(self) -> None:
        full = self.mode.currentData() == "full"
        self.epochs.setValue(10 if full else 100)
        self.precision.setEnabled(full)
        if self.loss_plot is not None:
            self.speed_plot.setVisible(full)
        self._suggest_name()

    def _suggest_name(self) -> None:
        if self.scan is None:
            return
        suggestion = f"{self.scan.root.name}-{self.network}-{self.mode.currentData()}"
        if not self.name_edit.isModified():
            self.name_edit.setText(suggestion)

    def _name_problem(self) -> str | None:
        from inception_desktop.errors import AppError
        from inception_desktop.weights.store import check_name_syntax

        name = self.name_edit.text().strip()
        if not name:
            return "Give the model a name."
        try:
            check_name_syntax(name)
        except AppError as exc:
            return str(exc)
        return None

    def _update_start(self) -> None:
        problem = self._name_problem() if self.scan is not None else None
        trainable = self.scan is not None and len(self.scan.classes) >= 2 and \
            not self.scan.untrainable_classes
        busy = self._token is not None
        self.start_button.setEnabled(trainable and problem is None and not busy)
        if self.scan is not None and problem and not busy:
            self.status.setStyleSheet(f"color: {ERROR_TEXT};")
            self.status.setText(problem)
        elif self.scan is not None and not busy and not self.result:
            self.status.setStyleSheet("")
            self.status.setText("")

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
        """A new folder: its scan replaces everything about the previous one; Start waits for
        a valid scan of this folder."""
        self.folder = folder
        self.scan = None
        self.folder_label.setText(f"<b>{escape(Path(folder).name)}</b> — {escape(folder)}")
        self.cards.clear()
        self.scan_text.setStyleSheet("")
        self.scan_text.setText("Scanning…")
        self.report_text.setPlainText("")
        self.details_button.setEnabled(False)
        self.check_button.setEnabled(False)
        self.name_edit.setModified(False)
        self._clear_run()
        self._update_start()
        self.controller.scan_folder(folder, on_done=lambda scan: self._scanned(folder, scan),
                                    on_error=lambda exc: self._scan_failed(folder, exc))

    def _scanned(self, folder: str, scan) -> None:
        if folder != self.folder:
            return  # a scan of a folder no longer on screen
        self.scan = scan
        self.report_text.setPlainText(scan.summary())
        self.details_button.setEnabled(True)
        self.check_button.setEnabled(True)
        self._fill_cards(scan)
        train, val = scan.counts("train"), scan.counts("val")
        text = (f"{plural(len(scan.classes), 'class', 'classes')}, "
                f"{plural(len(scan.samples), 'image')}: {sum(train.values())} to train, "
                f"{sum(val.values())} to validate")
        problems = scan.warnings()
        if scan.skipped:
            problems.append(f"{plural(len(scan.skipped), 'file')} cannot be read and "
                            "will be skipped (Details)")
        if len(scan.classes) < 2:
            problems.insert(0, "at least 2 classes (sub-folders) are needed")
        if problems:
            text += "<br>" + "<br>".join(f"<span style='color: {ERROR_TEXT}'>⚠ {escape(p)}</span>"
                                         for p in problems)
        self.scan_text.setText(text)
        self._suggest_name()
        self._update_start()

    def _fill_cards(self, scan) -> None:
        self.cards.clear()
        train, val = scan.counts("train"), scan.counts("val")
        skipped_by_class: dict[str, int] = {}
        for file, _ in scan.skipped:
            path = Path(file)  # relative to the folder, or absolute
            parts = path.relative_to(scan.root).parts if path.is_relative_to(scan.root) \
                else path.parts
            name = next((p for p in parts if p in scan.classes), None)
            if name:
                skipped_by_class[name] = skipped_by_class.get(name, 0) + 1
        colliding = {c for group in scan.colliding_classes for c in group}
        firsts = []
        for c in scan.classes:
            problems = []
            if c in scan.untrainable_classes:
                problems.append("no training image")
            elif c in scan.small_classes:
                problems.append("too few images")
            if c in colliding:
                problems.append("name collides")
            if skipped_by_class.get(c):
                problems.append(f"{skipped_by_class[c]} unreadable")
            caption = "⚠ " + ", ".join(problems) if problems else \
                f"{train[c]} train · {val[c]} val"
            item = QListWidgetItem(c)
            item.setData(CAPTION_ROLE, caption)
            item.setData(ERROR_ROLE, bool(problems))
            item.setToolTip(f"{c}: {train[c]} to train, {val[c]} to validate" +
                            (f"\n{'; '.join(problems)}" if problems else ""))
            self.cards.addItem(item)
            first = next((s.path for s in scan.samples if scan.classes[s.label] == c), None)
            firsts.append(str(first) if first else "")

        def show(thumbs) -> None:
            from inception_desktop.gui.qtutil import pil_to_qpixmap

            if self.scan is not scan:
                return
            by_file = dict(thumbs)
            for row, file in enumerate(firsts):
                if file in by_file and self.cards.item(row) is not None:
                    self.cards.item(row).setIcon(QIcon(pil_to_qpixmap(by_file[file])))

        self.controller.cell_thumbnails([f for f in firsts if f], on_done=show,
                                        on_error=lambda e: None, key="card-thumbs")

    def _scan_failed(self, folder: str, exc) -> None:
        from inception_desktop.gui.controller import describe_error

        if folder != self.folder:
            return
        self.scan = None
        self.cards.clear()
        self.scan_text.setStyleSheet(f"color: {ERROR_TEXT};")
        self.scan_text.setText(f"⚠ {describe_error(exc)}")
        self._update_start()

    # ------------------------------------------------------------------ training

    def start(self) -> None:
        from inception_desktop.training.finetune import FinetuneConfig

        if self.scan is None or self._name_problem():
            return
        mode = self.mode.currentData()
        name = self.name_edit.text().strip()
        from inception_desktop.errors import OutputError
        from inception_desktop.training.runs import new_run_output

        try:
            out = new_run_output(name)
        except OutputError as exc:
            self._failed(exc)
            return
        settings = self.controller.settings
        untrained = self.network in self.controller.untrained_networks
        extra = {"precision": self.precision.currentData()} if mode == "full" else {}
        config = FinetuneConfig(str(self.scan.root), model=self.network, mode=mode,
                                epochs=self.epochs.value(), out=str(out), name=name,
                                random_weights=untrained, backend=settings.backend,
                                device=settings.device, **extra)
        self._build_plots()
        self._clear_run()
        self.right.setCurrentIndex(0)
        self.start_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.status.setStyleSheet("")
        self.status.setText("Starting…")
        self._token = self.controller.start_training(
            config, on_done=self._finished, on_error=self._failed, on_partial=self._on_event,
            on_progress=self._on_progress, on_cancelled=self._cancelled)

    def cancel(self) -> None:
        if self.controller.cancel_training():
            self.cancel_button.setEnabled(False)
            self.status.setText("Cancelling… (the best model so far is kept)")

    def _on_progress(self, p) -> None:
        from inception_desktop.tasks import Stage

        if p.total and p.stage == Stage.FEATURES:
            self.progress.setValue(int(1000 * (p.fraction or 0)))
            self.status.setText(f"Computing {p.message}")
        elif p.message and not p.total:
            self.status.setText(p.message[:1].upper() + p.message[1:])

    def _on_event(self, event) -> None:
        from inception_desktop.training.events import BatchEnd, EpochEnd, Notice

        if isinstance(event, Notice):
            self.status.setText(event.message[:1].upper() + event.message[1:])
        elif isinstance(event, BatchEnd):
            frac = (event.epoch - 1 + event.batch / event.batches) / event.epochs
            self.progress.setValue(int(1000 * frac))
            self.status.setText(f"Epoch {event.epoch} of {event.epochs}: loss "
                                f"{event.loss:.3f}, {event.images_per_s:.1f} images/s, about "
                                f"{seconds_label(event.eta_s)} left")
            self._speed.append((event.epoch - 1 + event.batch / event.batches,
                                event.images_per_s))
            if self.loss_plot is not None:
                self.speed_curve.setData([x for x, _ in self._speed],
                                         [y for _, y in self._speed])
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
            self.status.setText(f"Epoch {event.epoch} of {event.epochs}: loss {event.loss:.3f}, "
                                f"train {percent(event.train_accuracy)}" +
                                (f", validation {percent(val)}" if val is not None else "") +
                                f", about {seconds_label(event.eta_s)} left")

    def _settled(self) -> None:
        self._token = None
        self.cancel_button.setEnabled(False)
        self._update_start()

    def _cancelled(self, exc) -> None:
        self._settled()
        self.progress.setValue(0)
        self.status.setText("Cancelled before a model was saved: nothing was kept.")
        self.summary.setText("Cancelled before the first epoch ended; nothing was kept.")

    def _finished(self, result) -> None:
        self._settled()
        self.result = result
        report = result.report
        if report is None or result.checkpoint is None:
            self.status.setText("Cancelled before a model was saved: nothing was kept."
                                if result.cancelled else "Stopped before a model was saved.")
            self.summary.setText(self.status.text())
            return
        self.progress.setValue(1000)
        self.summary.setText(run_summary(report, result))
        self.right.setCurrentIndex(1)
        self.status.setText("Cancelled: the best model so far is kept." if result.cancelled
                            else "Done.")
        self._show_matrix(report)
        self.use_button.setEnabled(True)
        self.folder_button.setEnabled(True)
        self.mistakes_button.setEnabled(any(p.true != p.predicted
                                            for p in report.predictions))

    def _failed(self, exc) -> None:
        from inception_desktop.gui.controller import describe_error

        self._settled()
        self.status.setStyleSheet(f"color: {ERROR_TEXT};")
        self.status.setText(describe_error(exc))

    # ------------------------------------------------------------------ results

    def _show_matrix(self, report) -> None:
        classes = report.classes
        cm = report.confusion_matrix
        self.matrix.setRowCount(len(classes))
        self.matrix.setColumnCount(len(classes))
        self.matrix.setHorizontalHeaderLabels(classes)
        self.matrix.setVerticalHeaderLabels(classes)
        split = "validation" if report.confusion_matrix_split == "val" else "training"
        self.matrix_caption.setText(f"Confusion matrix ({split} images): rows are the true "
                                    "class ↓, columns the predicted class →. Click a cell to "
                                    "see its images.")
        peak = max((max(r) for r in cm), default=1) or 1
        for i, row in enumerate(cm):
            for j, n in enumerate(row):
                item = QTableWidgetItem(str(n))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                shade = int(255 - 120 * n / peak)
                item.setBackground(QColor(shade, 255, shade) if i == j else
                                   QColor(255, shade, shade) if n else QColor("white"))
                item.setForeground(QColor("black"))
                item.setToolTip(f"true {classes[i]}, predicted {classes[j]}: "
                                f"{plural(n, 'image')}")
                self.matrix.setItem(i, j, item)

    def cell_files(self, true: int, predicted: int) -> list[str]:
        """The images behind one cell, most confident first."""
        return [p.file for p in self.result.report.files_in_cell(true, predicted)]

    def show_cell(self, row: int, column: int) -> None:
        if self.result is None:
            return
        classes = self.result.report.classes
        files = self.cell_files(row, column)
        self.cell_label.setText(f"True {classes[row]}, predicted {classes[column]}: "
                                f"{plural(len(files), 'image')}, most confident first")
        self.cell_images.clear()
        conf = {p.file: p.confidence for p in self.result.report.predictions}
        result = self.result

        def show(thumbs) -> None:
            from inception_desktop.gui.qtutil import pil_to_qpixmap

            if self.result is not result:
                return  # another run since
            self.cell_images.clear()
            for f, img in thumbs:
                item = QListWidgetItem(QIcon(pil_to_qpixmap(img)), Path(f).name)
                item.setData(CAPTION_ROLE, percent(conf[f]))
                item.setToolTip(f)
                self.cell_images.addItem(item)

        self.controller.cell_thumbnails(files, on_done=show, on_error=self._failed)

    def show_in_folder(self) -> None:
        if self.result is not None and self.result.checkpoint is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(self.result.checkpoint).parent)))

    def check_folder(self):
        """Fine-tune ▸ Check this folder: the review of the folder on screen."""
        from inception_desktop.gui.review_dialog import open_review

        if self.scan is not None:
            return open_review(self, self.controller, str(self.scan.root), self.network)
        return None

    def review_mistakes(self):
        """The run's confident mistakes in the folder's review."""
        from inception_desktop.gui.review_dialog import finetune_mistakes, open_review

        preset = finetune_mistakes(self.result.report) if self.result is not None else None
        if preset is None:
            return None
        return open_review(self, self.controller, str(preset.root), self.network, preset,
                           "Confident mistakes of the fine-tuned model")

    def use_this_model(self) -> None:
        """Import the checkpoint (listed by its name) and switch the Classify tab to it."""
        if self.result is None or self.result.checkpoint is None:
            return

        def done(entry) -> None:
            self.status.setStyleSheet(f"color: {OK_TEXT};")
            self.status.setText(f"Installed as {entry.name!r}; the Classify tab now uses it.")
            self.use_model.emit(entry.network, entry.name)

        self.controller.install_model(self.result.checkpoint, on_done=done,
                                      on_error=self._failed)


def run_summary(report, result) -> str:
    """How the run ended, what is kept and where, in one paragraph."""
    epochs = report.epochs_run
    best = report.best_epoch
    val = report.val_accuracy
    quality = (f"validation {percent(val)}" if val is not None else
               f"training {percent(report.train_accuracy)} (no validation images)")
    if result.cancelled:
        head = f"<b>Cancelled</b> at epoch {epochs}; the best model so far is kept"
    elif report.stopped_early:
        head = f"<b>Stopped early</b> at epoch {epochs} (validation no longer improved)"
    else:
        head = f"<b>Done</b>: {plural(epochs, 'epoch')}"
    parts = [head + (f"; best epoch {best}, {quality}" if best else f"; {quality}") + "."]
    parts.append(f"Training accuracy {percent(report.train_accuracy)}.")
    if report.precision:
        parts.append(f"Ran in {report.precision} on {report.device or ''}, "
                     f"{report.train_images_per_s or 0:.1f} images/s.")
    parts.append(f"Saved to <code>{escape(str(result.checkpoint))}</code>.")
    return " ".join(parts)
