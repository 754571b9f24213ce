"""The Evaluate tab: pick a labelled folder (its layout is said at once) and the models (every
network and every fine-tuned model, the toolbar's ticked by default); watch the progress; get
the table (see evaluate_results: top-1, top-5, calibration, speed, the published figures on
ImageNet data, the models skipped and why), a reliability diagram, the per-class accuracies
and the most confident mistakes."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from inception_desktop.gui import jobs
from inception_desktop.gui.evaluate_results import COLUMN_COUNT, EvaluateResultsMixin, columns
from inception_desktop.gui.format import ERROR_TEXT, count
from inception_desktop.gui.i18n import translate, translate_message
from inception_desktop.gui.widgets import image_grid
from inception_desktop.models import get_spec, list_models

ModelKey = tuple[str, str | None]  # (network, fine-tuned model's name or None)


def layout_name(layout: str) -> str:
    """A data set's layout (the engine's code) as the window names it: the code in English,
    words in other languages."""
    names = {"imagenet": translate("evaluate_tab", "imagenet", "a folder's layout"),
             "class-folders": translate("evaluate_tab", "class-folders", "a folder's layout"),
             "labels-csv": translate("evaluate_tab", "labels-csv", "a folder's layout"),
             "kaggle-loc": translate("evaluate_tab", "kaggle-loc", "a folder's layout")}
    return names.get(layout, layout)


class EvaluateTab(EvaluateResultsMixin, QWidget):
    image_opened = Signal()  # a mistake was opened: the window shows the Classify tab

    def __init__(self, controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.folder: str | None = controller.settings.eval_folder
        self.labels_file: str | None = None
        self.evaluations: list[Any] = []
        self.skipped: dict[str, str] = {}
        self.report: dict[str, Any] | None = None
        self._token = None
        self._ticked: set[ModelKey] = set()  # the user's ticks (the toolbar's model at first)
        self._labels: dict[ModelKey, str] = {}

        self.folder_label = QLabel()
        self.folder_label.setWordWrap(True)
        choose = QPushButton(translate("evaluate_tab", "Choose labelled folder…"))
        choose.clicked.connect(self.choose_folder)
        self.labels_button = QPushButton(translate("evaluate_tab", "Labels file…"))
        self.labels_button.setToolTip(translate(
            "evaluate_tab", "For a flat folder: a CSV of file,label (WordNet ID, index or class "
            "name) or Kaggle's LOC_val_solution.csv"))
        self.labels_button.clicked.connect(self.choose_labels)
        # Every network and every fine-tuned model, ticked to compare side by side.
        self.models = QListWidget()
        self.models.setFlow(QListWidget.Flow.LeftToRight)
        self.models.setWrapping(True)
        self.models.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.models.setSpacing(2)
        self.models.setFixedHeight(self.fontMetrics().height() * 2 + 22)
        self.models.setToolTip(translate("evaluate_tab",
                                         "Tick the models to evaluate side by side"))
        self.models.itemChanged.connect(self._on_ticked)
        nets = QHBoxLayout()
        nets.addWidget(QLabel(translate("evaluate_tab", "Models:")))
        nets.addWidget(self.models, 1)
        self.start_button = QPushButton(translate("evaluate_tab", "Evaluate"))
        self.start_button.clicked.connect(self.start)
        self.cancel_button = QPushButton(translate("evaluate_tab", "Cancel"))
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        nets.addWidget(self.start_button)
        nets.addWidget(self.cancel_button)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.status = QLabel("")
        self.status.setWordWrap(True)

        self.table = QTableWidget(0, COLUMN_COUNT)
        self.table.setHorizontalHeaderLabels(columns())
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
        self.per_class.setHorizontalHeaderLabels([
            translate("evaluate_tab", "Class"), translate("evaluate_tab", "Images"), "Top-1",
            "Top-5"])
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
        self.mistakes.setToolTip(translate(
            "evaluate_tab", "Double-click (or Enter) to open it in Classify with the map of what "
            "the network took it for"))

        details = QTabWidget()
        details.addTab(self.reliability_box, translate("evaluate_tab", "Reliability"))
        details.addTab(self.per_class, translate("evaluate_tab", "Per class"))
        details.addTab(self.mistakes, translate("evaluate_tab", "Confident mistakes"))
        pick = QHBoxLayout()
        pick.addWidget(QLabel(translate("evaluate_tab", "Details of")))
        pick.addWidget(self.model_combo)
        pick.addStretch(1)
        self.review_button = QPushButton(translate("evaluate_tab", "Review mistakes…"))
        self.review_button.setToolTip(translate(
            "evaluate_tab", "The chosen model's confident mistakes in the folder's review "
            "(Fine-tune ▸ Check this folder): move, remove or keep each; class-folder data sets "
            "only"))
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
        self.refresh_models()
        super().showEvent(event)

    def refresh_models(self) -> None:
        """Every network, then every installed fine-tuned model; the user's ticks are kept
        (the toolbar's model is ticked when nothing is)."""
        s = self.controller.settings
        entries: list[tuple[ModelKey, str, str]] = [
            ((n, None), get_spec(n).display_name, "") for n in list_models()]
        for e in self.controller.custom_models():
            entries.append(((e.network, e.name), e.name, translate(
                "evaluate_tab", "Fine-tuned on {network}: %n class(es)", None,
                int(e.num_classes)).format(network=get_spec(e.network).display_name)))
        present = {key for key, _, _ in entries}
        self._ticked &= present
        if not self._ticked:
            toolbar = (s.network, s.weights or None)
            self._ticked = {toolbar if toolbar in present else (s.network, None)}
        self.models.blockSignals(True)
        self.models.clear()
        self._labels = {}
        for key, text, tip in entries:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if key in self._ticked
                               else Qt.CheckState.Unchecked)
            item.setToolTip(tip or text)
            self.models.addItem(item)
            self._labels[key] = text
        self.models.blockSignals(False)
        self._update_start()
        self._preview()

    def tick(self, keys: set[ModelKey]) -> None:
        """Tick exactly these models (network, fine-tuned name or None)."""
        self._ticked = set(keys)
        for i in range(self.models.count()):
            item = self.models.item(i)
            self.models.blockSignals(True)
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole)
                               in self._ticked else Qt.CheckState.Unchecked)
            self.models.blockSignals(False)
        self._update_start()
        self._preview()

    def ticked(self) -> list[ModelKey]:
        return [self.models.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.models.count())
                if self.models.item(i).checkState() == Qt.CheckState.Checked]

    def _on_ticked(self, item: QListWidgetItem) -> None:
        key = item.data(Qt.ItemDataRole.UserRole)
        if item.checkState() == Qt.CheckState.Checked:
            self._ticked.add(key)
        else:
            self._ticked.discard(key)
        self._update_start()
        self._preview()

    def _preview(self) -> None:
        """Before the run: the folder's layout, and which ticked models it does not fit."""
        if not self.folder or self._token is not None or not self.isVisible():
            return  # shown again when the tab is
        from inception_desktop.errors import AppError
        from inception_desktop.gui.format import describe_error

        try:
            choices, missing = self.selected_choices()
        except AppError as exc:  # a fine-tuned model that cannot be read: as the run says
            self._say(describe_error(exc), error=True)
            return
        if not choices:
            self._say(translate("evaluate_tab", "No weights for {models}: get them in File ▸ "
                                "Manage networks.").format(models=", ".join(missing))
                      if missing else translate("evaluate_tab", "Tick the models to evaluate."))
            return

        def show(result) -> None:
            preview, names = result
            if self._token is not None:
                return  # a run started: it says what it reads
            parts = [f"{Path(self.folder or '').name}: {translate_message(preview.layout)}"
                     if preview.layout else
                     translate("evaluate_tab", "No ticked model has classes in this folder")]
            parts += [translate("evaluate_tab", "{model} will be skipped: {why}").format(
                model=name, why=translate_message(why))
                for name, why in zip(names, preview.problems, strict=True) if why]
            parts += [translate("evaluate_tab", "{model}: no weights (File ▸ Manage "
                                "networks)").format(model=name) for name in missing]
            self._say(". ".join(parts) + ".", error=preview.layout is None)

        self.controller.run("evaluate-preview", jobs.preview_folder_job, self.folder,
                            self.labels_file, choices, on_done=show,
                            on_error=lambda exc: self._say(describe_error(exc), error=True))

    def _show_folder(self) -> None:
        if self.folder:
            extra = translate("evaluate_tab", " · labels {file}").format(
                file=Path(self.labels_file).name) if self.labels_file else ""
            self.folder_label.setText(f"<b>{escape(Path(self.folder).name)}</b> — "
                                      f"{escape(self.folder)}{escape(extra)}")
        else:
            self.folder_label.setText(translate(
                "evaluate_tab", "Choose a folder with one sub-folder per class (WordNet IDs "
                "such as n01440764, or class names), or a flat folder and a labels file"))
        self._update_start()
        self._preview()

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, translate("evaluate_tab", "Labelled images"), self.folder or "")
        if folder:
            self.set_folder(folder)

    def set_folder(self, folder: str, labels_file: str | None = None) -> None:
        if folder != self.folder:  # results are about one folder
            self._clear_results()
        self.folder, self.labels_file = folder, labels_file
        self.controller.update_settings(eval_folder=folder)
        self._show_folder()

    def choose_labels(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, translate("evaluate_tab", "Labels file"), self.folder or "",
            translate("evaluate_tab", "CSV files (*.csv);;All files (*)"))
        if path:
            self.labels_file = path
            self._clear_results()
            self._show_folder()

    def selected_choices(self) -> tuple[list[Any], list[str]]:
        """-> (the weights to evaluate, the ticked models left out for want of weights)."""
        from inception_desktop.errors import WeightsError
        from inception_desktop.weights.resolve import resolve_weights

        choices, missing = [], []
        for network, custom in self.ticked():
            untrained = custom is None and network in self.controller.untrained_networks
            try:
                choices.append(resolve_weights(network if custom is None else None, custom,
                                               untrained))
            except WeightsError:
                missing.append(self._labels.get((network, custom), network))
        return choices, missing

    def _update_start(self) -> None:
        self.start_button.setEnabled(bool(self.folder) and bool(self.ticked()) and
                                     self._token is None)

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
            self._say(translate("evaluate_tab", "No weights for {models}: get them in File ▸ "
                                "Manage networks, or choose untrained weights there.").format(
                models=", ".join(missing)), error=True)
            return
        # Earlier results stay until this run replaces them, model by model.
        self.progress.setValue(0)
        self.start_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        if missing:
            self._say(translate("evaluate_tab", "Evaluating %n model(s) ({models} left out: no "
                                "weights)…", None, len(choices)).format(
                models=", ".join(missing)))
        else:
            self._say(translate("evaluate_tab", "Evaluating %n model(s)…", None, len(choices)))
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
            self._say(translate("evaluate_tab", "Stopping after the current batch; the "
                                "results cover what was done."))

    def _say(self, text: str, error: bool = False) -> None:
        self.status.setStyleSheet(f"color: {ERROR_TEXT};" if error else "")
        self.status.setText(text)

    def _on_progress(self, p) -> None:
        if p.total:
            self.progress.setValue(int(1000 * (p.fraction or 0)))
            fields = dict(what=translate_message(p.message), done=count(p.done))
            if p.rate:
                text = translate("evaluate_tab", "{what}: {done} of %n image(s), {rate} images/s",
                                 None, int(p.total)).format(rate=f"{p.rate:.1f}", **fields)
            else:
                text = translate("evaluate_tab", "{what}: {done} of %n image(s)", None,
                                 int(p.total)).format(**fields)
            self._say(text)

    def _on_partial(self, event) -> None:
        from inception_desktop.engine.evaluate import DatasetRead, ModelEvaluated, ModelSkipped

        if isinstance(event, DatasetRead):
            labelled = event.labelled
            described = translate_message(labelled.describe())
            if labelled.skipped_folders:
                described = translate("evaluate_tab", "{dataset}; %n folder(s) name no class "
                                      "and are skipped", None,
                                      len(labelled.skipped_folders)).format(dataset=described)
            self._say(described)
        elif isinstance(event, ModelEvaluated):
            self._keep(event.evaluation)
        elif isinstance(event, ModelSkipped):
            self._skip(event.label or event.model, event.why)

    def _settled(self) -> None:
        self._token = None
        self.cancel_button.setEnabled(False)
        self._update_start()

    def _finished(self, result) -> None:
        self._settled()
        self.report = result.report
        for ev in result.evaluations:
            self._keep(ev)
        partial = self.report.get("partial")
        self.progress.setValue(1000 if not partial else self.progress.value())
        dataset = self.report["dataset"]
        skipped = max((len(ev.skipped) for ev in self.evaluations), default=0)
        if skipped:
            images = translate("evaluate_tab", "%n image(s) ({unread} could not be read)", None,
                               int(dataset["images"])).format(unread=skipped)
        else:
            images = translate("evaluate_tab", "%n image(s)", None, int(dataset["images"]))
        fields = dict(images=images, layout=layout_name(dataset["layout"]),
                      classes=translate("evaluate_tab", "%n class(es)", None,
                                        int(dataset["classes"])))
        if partial:
            text = translate("evaluate_tab", "Stopped: the results cover what was done. "
                             "{images} of {classes} ({layout} layout).").format(**fields)
        else:
            text = translate("evaluate_tab", "Done: {images} of {classes} ({layout} "
                             "layout).").format(**fields)
        if result.skipped:
            text += " " + translate("evaluate_tab", "Skipped: {models} (see the table).").format(
                models=", ".join(s.label or s.model for s in result.skipped))
        untrained = [ev for ev in result.evaluations if ev.weights["untrained"]]
        if untrained:
            text += " " + translate("evaluate_tab", "⚠ Untrained (random) weights for "
                                    "{networks}: their results are chance.").format(
                networks=", ".join(get_spec(ev.network).display_name for ev in untrained))
        self._say(text)
        imagenet = self._is_imagenet()
        for col in (9, 10):  # the published figures mean something on ImageNet data only
            self.table.setColumnHidden(col, not imagenet)

    def _failed(self, exc) -> None:
        from inception_desktop.errors import Cancelled
        from inception_desktop.gui.format import describe_error

        self._settled()
        if isinstance(exc, Cancelled):
            self._say(translate("evaluate_tab", "Cancelled before a model finished; the "
                                "results shown are from before.") if self.evaluations else
                      translate("evaluate_tab", "Cancelled before a model finished; nothing "
                                "to show."))
            return
        self._say(describe_error(exc), error=True)
