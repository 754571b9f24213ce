"""The Evaluate tab: pick a labelled folder and the networks; watch the progress; get the
table (top-1, top-5, calibration, speed, and the published figures on ImageNet data), a
reliability diagram, the per-class accuracies (sortable) and the most confident mistakes,
which open in the Classify tab with their class activation map."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from inception_desktop.errors import ImageError
from inception_desktop.gui import jobs
from inception_desktop.gui.format import ERROR_TEXT, backend_label, count_of, percent, plural
from inception_desktop.gui.widgets import CAPTION_ROLE, ERROR_ROLE, image_grid
from inception_desktop.models import get_spec, list_models

COLUMNS = ["Model", "Weights", "Images", "Top-1", "Top-5", "Mean class", "NLL", "ECE",
           "Images/s", "Published top-1", "Published top-5"]
CURVE_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd")


class NumberItem(QTableWidgetItem):
    """A table cell that sorts by its number, not its text."""

    def __init__(self, text: str, value: float | None) -> None:
        super().__init__(text)
        self.value = -1.0 if value is None else value
        self.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def __lt__(self, other) -> bool:
        if isinstance(other, NumberItem):
            return self.value < other.value
        return super().__lt__(other)


class EvaluateTab(QWidget):
    image_opened = Signal()  # a mistake was opened: the window shows the Classify tab

    def __init__(self, controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.folder: str | None = controller.settings.eval_folder
        self.labels_file: str | None = None
        self.evaluations: list[Any] = []
        self.report: dict[str, Any] | None = None
        self._token = None

        self.folder_label = QLabel()
        self.folder_label.setWordWrap(True)
        choose = QPushButton("Choose labelled folder…")
        choose.clicked.connect(self.choose_folder)
        self.labels_button = QPushButton("Labels file…")
        self.labels_button.setToolTip("For a flat folder: a CSV of file,label (WordNet ID, "
                                      "index or class name) or Kaggle's LOC_val_solution.csv")
        self.labels_button.clicked.connect(self.choose_labels)
        self.network_boxes: dict[str, QCheckBox] = {}
        nets = QHBoxLayout()
        nets.addWidget(QLabel("Networks:"))
        for name in list_models():
            box = QCheckBox(get_spec(name).display_name)
            box.setChecked(True)
            box.toggled.connect(self._update_start)
            self.network_boxes[name] = box
            nets.addWidget(box)
        self.custom_box = QCheckBox()
        self.custom_box.hide()
        self.custom_box.toggled.connect(self._update_start)
        nets.addWidget(self.custom_box)
        nets.addStretch(1)
        self.start_button = QPushButton("Evaluate")
        self.start_button.clicked.connect(self.start)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        nets.addWidget(self.start_button)
        nets.addWidget(self.cancel_button)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.status = QLabel("")
        self.status.setWordWrap(True)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.
                                                           ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.itemSelectionChanged.connect(self._on_model_selected)
        self.table.setMaximumHeight(150)
        for col in (9, 10):
            self.table.setColumnHidden(col, True)

        self.reliability_box = QWidget()
        self._reliability_layout = QVBoxLayout(self.reliability_box)
        self._reliability_layout.setContentsMargins(0, 0, 0, 0)
        self.reliability = None
        # The curves' names under the plot, not over it (a low plot was half legend).
        self.reliability_legend = QLabel("")
        self.reliability_legend.setWordWrap(True)
        self.reliability_legend.setTextFormat(Qt.TextFormat.RichText)
        self.model_combo = QComboBox()
        self.model_combo.currentIndexChanged.connect(self._show_model_details)
        self.model_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.per_class = QTableWidget(0, 4)
        self.per_class.setHorizontalHeaderLabels(["Class", "Images", "Top-1", "Top-5"])
        self.per_class.verticalHeader().hide()
        self.per_class.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.per_class.setSortingEnabled(True)
        self.per_class.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3):  # "Top-5" and its sort arrow whole at 1024 x 640
            self.per_class.horizontalHeader().setSectionResizeMode(
                col, QHeaderView.ResizeMode.ResizeToContents)
        self.mistakes = image_grid()
        self.mistakes.itemActivated.connect(self._open_mistake)
        self.mistakes.itemDoubleClicked.connect(self._open_mistake)
        self.mistakes.setToolTip("Double-click (or Enter) to open it in Classify with the map "
                                 "of what the network took it for")

        details = QTabWidget()
        details.addTab(self.reliability_box, "Reliability")
        details.addTab(self.per_class, "Per class")
        details.addTab(self.mistakes, "Confident mistakes")
        pick = QHBoxLayout()
        pick.addWidget(QLabel("Details of"))
        pick.addWidget(self.model_combo)
        pick.addStretch(1)
        self.review_button = QPushButton("Review mistakes…")
        self.review_button.setToolTip("The chosen model's confident mistakes in the folder's "
                                      "review (Fine-tune ▸ Check this folder): move, remove "
                                      "or keep each; class-folder data sets only")
        self.review_button.setEnabled(False)
        self.review_button.clicked.connect(self.review_mistakes)
        pick.addWidget(self.review_button)
        lower = QWidget()
        lv = QVBoxLayout(lower)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addLayout(pick)
        lv.addWidget(details, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(lower)
        split.setStretchFactor(1, 1)

        top = QHBoxLayout()
        top.addWidget(self.folder_label, 1)
        top.addWidget(choose)
        top.addWidget(self.labels_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(nets)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(split, 1)
        self._show_folder()

    # ------------------------------------------------------------------ choices

    def showEvent(self, event) -> None:  # noqa: N802
        self._sync_custom()
        super().showEvent(event)

    def _sync_custom(self) -> None:
        """The toolbar's fine-tuned model, if one is chosen, can be evaluated too."""
        name = self.controller.settings.weights
        self.custom_box.setVisible(bool(name))
        if name:
            self.custom_box.setText(name)
            self.custom_box.setToolTip(f"The fine-tuned model {name!r} (chosen in the toolbar)")

    def _show_folder(self) -> None:
        if self.folder:
            extra = f" · labels {Path(self.labels_file).name}" if self.labels_file else ""
            self.folder_label.setText(f"<b>{escape(Path(self.folder).name)}</b> — "
                                      f"{escape(self.folder)}{escape(extra)}")
        else:
            self.folder_label.setText("Choose a folder with one sub-folder per class (WordNet "
                                      "IDs such as n01440764, or class names), or a flat "
                                      "folder and a labels file")
        self._update_start()

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Labelled images", self.folder or "")
        if folder:
            self.set_folder(folder)

    def set_folder(self, folder: str, labels_file: str | None = None) -> None:
        self.folder, self.labels_file = folder, labels_file
        self.controller.update_settings(eval_folder=folder)
        self._clear_results()
        self._show_folder()

    def choose_labels(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Labels file", self.folder or "",
                                              "CSV files (*.csv);;All files (*)")
        if path:
            self.labels_file = path
            self._clear_results()
            self._show_folder()

    def selected_choices(self) -> tuple[list[Any], list[str]]:
        """-> (the weights to evaluate, networks left out for want of weights)."""
        from inception_desktop.errors import WeightsError
        from inception_desktop.weights.resolve import resolve_weights

        choices, missing = [], []
        for name, box in self.network_boxes.items():
            if not box.isChecked():
                continue
            untrained = name in self.controller.untrained_networks
            try:
                choices.append(resolve_weights(name, None, untrained))
            except WeightsError:
                missing.append(get_spec(name).display_name)
        custom = self.controller.settings.weights
        if custom and self.custom_box.isVisible() and self.custom_box.isChecked():
            choices.append(resolve_weights(None, custom))
        return choices, missing

    def _update_start(self) -> None:
        any_model = any(b.isChecked() for b in self.network_boxes.values()) or \
            (self.custom_box.isVisible() and self.custom_box.isChecked())
        self.start_button.setEnabled(bool(self.folder) and any_model and self._token is None)

    # ------------------------------------------------------------------ running

    def start(self) -> None:
        from inception_desktop.errors import AppError
        from inception_desktop.gui.format import describe_error

        if not self.folder:
            return
        try:
            choices, missing = self.selected_choices()
        except AppError as exc:
            self._say(describe_error(exc), error=True)
            return
        if not choices:
            self._say(f"No weights for {', '.join(missing)}: get them in File ▸ Manage "
                      "networks, or choose untrained weights there.", error=True)
            return
        self._clear_results()
        self.start_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        note = f" ({', '.join(missing)} left out: no weights)" if missing else ""
        self._say(f"Evaluating {plural(len(choices), 'model')}{note}…")
        s = self.controller.settings
        # Cancel stops after the current batch (what was measured is kept); a cancel
        # before any result settles in _failed, which says so.
        self._token = self.controller.run(
            "evaluate", jobs.evaluate_job, self.folder, self.labels_file, choices, s.backend,
            s.device, s.precision, on_done=self._finished, on_error=self._failed,
            on_progress=self._on_progress, on_partial=self._on_partial,
            on_cancelled=self._failed)

    def cancel(self) -> None:
        if self.controller.cancel("evaluate"):
            self.cancel_button.setEnabled(False)
            self._say("Stopping after the current batch; the results cover what was done.")

    def _say(self, text: str, error: bool = False) -> None:
        self.status.setStyleSheet(f"color: {ERROR_TEXT};" if error else "")
        self.status.setText(text)

    def _on_progress(self, p) -> None:
        if p.total:
            self.progress.setValue(int(1000 * (p.fraction or 0)))
            rate = f", {p.rate:.1f} images/s" if p.rate else ""
            self._say(f"{p.message}: {count_of(p.done, p.total, 'image')}{rate}")

    def _on_partial(self, event) -> None:
        from inception_desktop.engine.evaluate import DatasetRead, ModelEvaluated, ModelSkipped

        if isinstance(event, DatasetRead):
            labelled = event.labelled
            skipped = (f"; {plural(len(labelled.skipped_folders), 'folder')} name no class "
                       "and are skipped") if labelled.skipped_folders else ""
            self._say(labelled.describe() + skipped)
        elif isinstance(event, ModelEvaluated):
            self.evaluations.append(event.evaluation)
            self._add_row(event.evaluation)
        elif isinstance(event, ModelSkipped):
            self._say(f"Skipped {event.model}: {event.why}", error=True)

    def _settled(self) -> None:
        self._token = None
        self.cancel_button.setEnabled(False)
        self._update_start()

    def _finished(self, result) -> None:
        self._settled()
        self.report = result.report
        self.evaluations = result.evaluations
        self._fill_table()
        partial = self.report.get("partial")
        self.progress.setValue(1000 if not partial else self.progress.value())
        dataset = self.report["dataset"]
        skipped = max((len(ev.skipped) for ev in self.evaluations), default=0)
        unread = f" ({skipped} could not be read)" if skipped else ""
        self._say(("Stopped: the results cover what was done. " if partial else "Done: ") +
                  f"{plural(dataset['images'], 'image')}{unread} of "
                  f"{plural(dataset['classes'], 'class', 'classes')} ({dataset['layout']} "
                  "layout).")
        imagenet = self._is_imagenet()
        for col in (9, 10):  # the published figures mean something on ImageNet data only
            self.table.setColumnHidden(col, not imagenet)

    def _failed(self, exc) -> None:
        from inception_desktop.errors import Cancelled
        from inception_desktop.gui.format import describe_error

        self._settled()
        if isinstance(exc, Cancelled):
            self._say("Cancelled before a model finished; nothing to show.")
            return
        self._say(describe_error(exc), error=True)

    # ------------------------------------------------------------------ results

    def _clear_results(self) -> None:
        self.evaluations = []
        self.report = None
        self.table.setRowCount(0)
        self.model_combo.clear()
        self.per_class.setRowCount(0)
        self.mistakes.clear()
        self.review_button.setEnabled(False)
        self.progress.setValue(0)
        if self.reliability is not None:
            self.reliability.clear()
            self._draw_diagonal()

    def _fill_table(self) -> None:
        self.table.setRowCount(0)
        self.model_combo.blockSignals(True)
        self.model_combo.clear()
        self.model_combo.blockSignals(False)
        for ev in self.evaluations:
            self._add_row(ev)

    def _add_row(self, ev) -> None:
        from inception_desktop.engine.evaluate import reported_accuracy

        if any(self.model_combo.itemData(i) is ev for i in range(self.model_combo.count())):
            return
        m = ev.metrics
        imagenet = ev.model == ev.network and self._is_imagenet()
        reported = reported_accuracy(ev.network, ev.weights.get("sha256")) if imagenet else None
        weights = "untrained" if ev.weights["untrained"] else \
            f"{ev.weights['name']} ({(ev.weights['sha256'] or '')[:8]})"
        rate = ev.images_per_s
        name = ev.model if ev.model != ev.network else get_spec(ev.network).display_name
        cells = [
            QTableWidgetItem(name + (" (partial)" if ev.partial else "")),
            QTableWidgetItem(weights),
            NumberItem(str(m["images"]), m["images"]),
            NumberItem(percent(m["top1"]), m["top1"]),
            NumberItem(percent(m["top5"]), m["top5"]),
            NumberItem(percent(m["mean_class_accuracy"]), m["mean_class_accuracy"]),
            NumberItem("-" if m["nll"] is None else f"{m['nll']:.3f}", m["nll"]),
            NumberItem("-" if m["ece"] is None else f"{m['ece']:.3f}", m["ece"]),
            NumberItem("cached" if rate is None else f"{rate:.1f}", rate),
            NumberItem(f"{reported['top1']:.1f}%" if reported else "-",
                       reported["top1"] if reported else None),
            NumberItem(f"{reported['top5']:.1f}%" if reported else "-",
                       reported["top5"] if reported else None),
        ]
        cells[1].setToolTip(f"{backend_label(ev.backend)} {ev.precision} on {ev.device}")
        if reported:
            cells[9].setToolTip(f"Published on ImageNet: {reported['source']}")
        row = self.table.rowCount()
        self.table.insertRow(row)
        for col, cell in enumerate(cells):
            self.table.setItem(row, col, cell)
        self.model_combo.addItem(name, ev)
        if self.model_combo.count() == 1:
            self._show_model_details()
        self._plot_reliability()

    def _is_imagenet(self) -> bool:
        return self.report is not None and self.report["dataset"]["layout"] in (
            "imagenet", "kaggle-loc")

    def _on_model_selected(self) -> None:
        rows = {i.row() for i in self.table.selectedItems()}
        if rows:
            self.model_combo.setCurrentIndex(min(rows))

    def _draw_diagonal(self) -> None:
        import pyqtgraph as pg

        self.reliability.plot([0, 1], [0, 1], pen=pg.mkPen("#888888", style=Qt.PenStyle.DashLine),
                              name="perfectly calibrated")

    def _plot_reliability(self) -> None:
        import pyqtgraph as pg

        if self.reliability is None:
            pg.setConfigOptions(antialias=True, background="w", foreground="k")
            self.reliability = pg.PlotWidget(title="Reliability: accuracy against confidence")
            self.reliability.setLabel("bottom", "confidence of the top-1")
            self.reliability.setLabel("left", "accuracy")
            self.reliability.setXRange(0, 1)
            self.reliability.setYRange(0, 1.02)
            self.reliability.showGrid(x=True, y=True, alpha=0.3)
            self.reliability.setMinimumHeight(160)
            self._reliability_layout.addWidget(self.reliability, 1)
            self._reliability_layout.addWidget(self.reliability_legend)
        self.reliability.clear()
        self._draw_diagonal()
        legend = ["<span style='color: #888888'>- - -</span> perfectly calibrated"]
        for i, ev in enumerate(self.evaluations):
            bins = [b for b in ev.metrics.get("calibration", []) if b["images"]]
            if not bins:
                continue
            colour = CURVE_COLOURS[i % len(CURVE_COLOURS)]
            name = ev.model if ev.model != ev.network else get_spec(ev.network).display_name
            self.reliability.plot([b["confidence"] for b in bins], [b["accuracy"] for b in bins],
                                  pen=pg.mkPen(colour, width=2), symbol="o", symbolSize=6,
                                  symbolBrush=colour,
                                  name=f"{name} (ECE {ev.metrics['ece']:.3f})")
            legend.append(f"<span style='color: {colour}'>━●━</span> {escape(name)} "
                          f"(ECE {ev.metrics['ece']:.3f})")
        self.reliability_legend.setText(" &nbsp; &nbsp; ".join(legend))

    def _show_model_details(self) -> None:
        ev = self.model_combo.currentData()
        if ev is None:
            return
        per_class = ev.metrics.get("per_class", {})
        self.per_class.setSortingEnabled(False)
        self.per_class.setRowCount(len(per_class))
        for row, (name, entry) in enumerate(per_class.items()):
            self.per_class.setItem(row, 0, QTableWidgetItem(name))
            self.per_class.setItem(row, 1, NumberItem(str(entry["images"]), entry["images"]))
            self.per_class.setItem(row, 2, NumberItem(percent(entry["top1"]), entry["top1"]))
            self.per_class.setItem(row, 3, NumberItem(percent(entry["top5"]), entry["top5"]))
        self.per_class.setSortingEnabled(True)
        self.per_class.sortItems(2, Qt.SortOrder.AscendingOrder)  # the weakest classes first
        self._show_mistakes(ev)

    def review_mistakes(self):
        from inception_desktop.gui.review_dialog import evaluation_mistakes, open_review

        ev = self.model_combo.currentData()
        if ev is None or not self.folder or self.labels_file:
            return None
        preset = evaluation_mistakes(self.folder, ev)
        name = ev.model if ev.model != ev.network else get_spec(ev.network).display_name
        return open_review(self, self.controller, self.folder, ev.network, preset,
                           f"Confident mistakes of {name}")

    def _show_mistakes(self, ev) -> None:
        self.review_button.setEnabled(bool(ev.mistakes) and not self.labels_file)
        self.mistakes.clear()
        top = ev.mistakes[:24]
        index_of = {p["label"]: p["index"] for row in ev.rows for p in row["top5"]}
        for m in top:
            item = QListWidgetItem(Path(m["file"]).name)
            item.setData(CAPTION_ROLE, f"{m['predicted']} {percent(m['confidence'])}")
            item.setData(ERROR_ROLE, True)
            item.setToolTip(f"{m['file']}\ntrue: {m['true']}\ntaken for: {m['predicted']} "
                            f"({percent(m['confidence'])})")
            custom = ev.model if ev.model != ev.network else ""
            item.setData(Qt.ItemDataRole.UserRole,
                         (m["file"], index_of.get(m["predicted"], -1), ev.network, custom))
            self.mistakes.addItem(item)

        def show(thumbs) -> None:
            from inception_desktop.gui.qtutil import pil_to_qpixmap

            by_file = dict(thumbs)
            for row in range(self.mistakes.count()):
                item = self.mistakes.item(row)
                file = item.data(Qt.ItemDataRole.UserRole)[0]
                if file in by_file:
                    item.setIcon(QIcon(pil_to_qpixmap(by_file[file])))

        if top:
            # A mistake whose file cannot be read any more is listed without a picture.
            self.controller.run("mistake-thumbs", jobs.thumbnails_job,
                                [m["file"] for m in top], on_done=show, ignore=(ImageError,))

    def _open_mistake(self, item: QListWidgetItem) -> None:
        data = item.data(Qt.ItemDataRole.UserRole)
        if data:  # file, class index, the network and model that made the mistake
            self.controller.open_mistake(data[0], int(data[1]), data[2], data[3] or None)
            self.image_opened.emit()
