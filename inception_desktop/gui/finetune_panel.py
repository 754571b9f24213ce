"""The Fine-tune tab, guided: choose or drop a folder and see its classes as cards (a
thumbnail, counts, what is wrong with them); name the model; train with live curves (loss,
accuracy, and images/s in full mode) and Cancel; every run ends in a summary saying what was
kept and where, with Show in folder and Use this model, and a labelled confusion matrix whose
cells open their images."""

from __future__ import annotations

import os
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from inception_desktop.gui import jobs
from inception_desktop.gui.class_cards import card_grid, fill_cards, scan_problems
from inception_desktop.gui.finetune_result import FinetuneResultMixin, run_summary
from inception_desktop.gui.format import (
    ERROR_TEXT,
    SECONDARY_TEXT,
    error_message,
    percent,
    seconds_label,
)
from inception_desktop.gui.i18n import translate, translate_message
from inception_desktop.gui.training_curves import TrainingCurves
from inception_desktop.gui.widgets import THUMB
from inception_desktop.models import get_spec

PRECISIONS = ("fp32", "bf16", "fp16")  # after Auto; their names are not translated


class FinetunePanel(FinetuneResultMixin, QWidget):
    model_in_use = Signal()  # "Use this model" installed it: the window shows Classify

    def __init__(self, controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.scan = None
        self.result = None
        self.folder: str | None = None  # the folder on screen
        self.network = controller.settings.network
        self._token = None
        self._cancelling = False  # Cancel was pressed: late progress events are ignored
        self._run_folder: str | None = None  # the running or last run's folder
        self.setAcceptDrops(True)

        # ---- the folder and its classes
        self.folder_label = QLabel(
            translate("finetune_panel", "Choose or drop a folder with one sub-folder per class"))
        self.folder_label.setWordWrap(True)
        choose = QPushButton(translate("finetune_panel", "Choose folder…"))
        choose.clicked.connect(self.choose_folder)
        self.cards = card_grid()
        line = self.fontMetrics().height()
        self.cards.setMinimumHeight(THUMB + 24 + 3 * line)
        self.scan_text = QLabel("")
        self.scan_text.setWordWrap(True)
        self.details_button = QPushButton(translate("finetune_panel", "Details"))
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
        self.network_label.setToolTip(translate(
            "finetune_panel", "Fine-tuning starts from the network chosen in the toolbar"))
        self.mode = QComboBox()
        self.mode.addItem(translate("finetune_panel", "Head (fast, cached features)"), "head")
        self.mode.addItem(translate("finetune_panel", "Full network (torch)"), "full")
        self.mode.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.precision = QComboBox()
        self.precision.addItem(translate("finetune_panel", "Auto"), "auto")
        for value in PRECISIONS:
            self.precision.addItem(value, value)
        self.precision.setToolTip(translate(
            "finetune_panel", "Full mode: Auto takes bf16 on a CPU with native bf16 (when it "
            "measures faster) and mixed precision on a GPU, else fp32"))
        self.precision.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.epochs = QSpinBox()
        self.epochs.setRange(1, 1000)
        self.epochs.setValue(100)
        self.epochs.setMaximumWidth(110)
        self.epochs.setToolTip(translate("finetune_panel", "Head mode stops early when validation "
                                         "stops improving"))
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(translate(
            "finetune_panel", "the name the model is listed under"))
        self.name_edit.setMaximumWidth(320)
        self.name_edit.textChanged.connect(self._update_start)
        self.mode.currentIndexChanged.connect(self._on_mode)
        self.start_button = QPushButton(translate("finetune_panel", "Start training"))
        self.start_button.setEnabled(False)
        self.start_button.clicked.connect(self.start)
        self.cancel_button = QPushButton(translate("finetune_panel", "Cancel"))
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        self.progress.setFormat("%p%")
        self.status = QLabel("")
        self.status.setWordWrap(True)

        form = QGridLayout()
        form.addWidget(QLabel(translate("finetune_panel", "Network")), 0, 0)
        form.addWidget(self.network_label, 0, 1, 1, 3)
        form.addWidget(QLabel(translate("finetune_panel", "Mode")), 1, 0)
        form.addWidget(self.mode, 1, 1)
        form.addWidget(QLabel(translate("finetune_panel", "Precision")), 1, 2)
        form.addWidget(self.precision, 1, 3)
        form.addWidget(QLabel(translate("finetune_panel", "Epochs")), 2, 0)
        form.addWidget(self.epochs, 2, 1)
        form.addWidget(QLabel(translate("finetune_panel", "Model name")), 3, 0)
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
        self.check_button = QPushButton(translate("finetune_panel", "Check this folder…"))
        self.check_button.setToolTip(translate("finetune_panel", "Look for suspected label errors, "
                                               "duplicates (and train/val leaks) and "
                                               "outliers, and fix them, before training"))
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
        self.curves = TrainingCurves()

        result = self._build_result()
        # Curves while it trains, the result when it ends (the tab switches by itself).
        self.right = QTabWidget()
        self.right.addTab(self.curves, translate("finetune_panel", "Training curves"))
        self.right.addTab(result, translate("finetune_panel", "Result"))

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
        self.set_network(controller.settings.network)
        # The network is chosen in the toolbar: the panel follows it.
        controller.choice_changed.connect(
            lambda: self.set_network(controller.settings.network))

    def _clear_run(self) -> None:
        """Nothing of a previous run stays on screen as if it were current."""
        self.result = None
        self.curves.clear()
        self.progress.setValue(0)
        self.summary.setText(translate("finetune_panel", "The result of a run appears here."))
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
        self.network_label.setText(
            translate("finetune_panel", "{network} <span style='color: {colour}'>(the toolbar's)"
                      "</span>").format(network=get_spec(network).display_name,
                                        colour=SECONDARY_TEXT))
        self._suggest_name()

    def _on_mode(self) -> None:
        full = self.mode.currentData() == "full"
        self.epochs.setValue(10 if full else 100)
        self.precision.setEnabled(full)
        self.curves.show_speed(full)
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
            return translate("finetune_panel", "Give the model a name.")
        try:
            check_name_syntax(name)
        except AppError as exc:
            return error_message(exc)
        return None

    def _update_start(self) -> None:
        problem = self._name_problem() if self.scan is not None else None
        # A class without a training image is left out (its card says so), not a blocker.
        trainable = self.scan is not None and \
            len(self.scan.classes) - len(self.scan.untrainable_classes) >= 2
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
        folder = QFileDialog.getExistingDirectory(
            self, translate("finetune_panel", "Training images (one folder per class)"))
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
        self.scan_text.setText(translate("finetune_panel", "Scanning…"))
        self.report_text.setPlainText("")
        self.details_button.setEnabled(False)
        self.check_button.setEnabled(False)
        self.name_edit.setModified(False)
        self._clear_run()
        self._update_start()
        self.controller.run("scan", jobs.scan_job, folder, 0.2,
                            on_done=lambda scan: self._scanned(folder, scan),
                            on_error=lambda exc: self._scan_failed(folder, exc))

    def _scanned(self, folder: str, scan) -> None:
        if folder != self.folder:
            return  # a scan of a folder no longer on screen
        self.scan = scan
        self.report_text.setPlainText(scan.summary())
        self.details_button.setEnabled(True)
        self.check_button.setEnabled(True)
        fill_cards(self.cards, self.controller, scan, lambda: self.scan is scan)
        train, val = scan.counts("train"), scan.counts("val")
        text = translate(
            "finetune_panel", "{classes}, {images}: {train} to train, {val} to validate").format(
            classes=translate("finetune_panel", "%n class(es)", None, len(scan.classes)),
            images=translate("finetune_panel", "%n image(s)", None, len(scan.samples)),
            train=sum(train.values()), val=sum(val.values()))
        problems = scan_problems(scan)
        if problems:
            text += "<br>" + "<br>".join(f"<span style='color: {ERROR_TEXT}'>⚠ {escape(p)}</span>"
                                         for p in problems)
        self.scan_text.setText(text)
        self._suggest_name()
        self._update_start()

    def _scan_failed(self, folder: str, exc) -> None:
        from inception_desktop.gui.format import describe_error

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
        self._run_folder = str(out.parent)
        settings = self.controller.settings
        untrained = self.network in self.controller.untrained_networks
        extra = {"precision": self.precision.currentData()} if mode == "full" else {}
        config = FinetuneConfig(str(self.scan.root), model=self.network, mode=mode,
                                epochs=self.epochs.value(), out=str(out), name=name,
                                random_weights=untrained, backend=settings.backend,
                                device=settings.device,
                                leave_out=tuple(self.scan.untrainable_classes), **extra)
        self.curves.build()
        self._clear_run()
        self.right.setCurrentIndex(0)
        self.start_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self._cancelling = False
        self.status.setStyleSheet("")
        self.status.setText(translate("finetune_panel", "Starting…"))
        self._token = self.controller.run(
            "train", jobs.train_job, config, on_done=self._finished, on_error=self._failed,
            on_partial=self._on_event, on_progress=self._on_progress,
            on_cancelled=self._cancelled)

    def cancel(self) -> None:
        if self.controller.cancel("train"):
            self._cancelling = True
            self.cancel_button.setEnabled(False)
            # What is kept is said once, when the run has ended (one final message).
            self.status.setText(translate("finetune_panel", "Cancelling…"))

    def _on_progress(self, p) -> None:
        from inception_desktop.tasks import Stage

        if self._cancelling:
            return  # a late report of the work before the cancel
        if p.total and p.stage == Stage.FEATURES:
            self.progress.setValue(int(1000 * (p.fraction or 0)))
            self.status.setText(translate("finetune_panel", "Computing {what}").format(
                what=translate_message(p.message)))
        elif p.message and not p.total:
            self.status.setText(_sentence(translate_message(p.message)))

    def _on_event(self, event) -> None:
        from inception_desktop.training.events import BatchEnd, EpochEnd, Notice

        if self._cancelling:
            return  # a late event of the work before the cancel
        if isinstance(event, Notice):
            self.status.setText(_sentence(translate_message(event.message)))
        elif isinstance(event, BatchEnd):
            frac = (event.epoch - 1 + event.batch / event.batches) / event.epochs
            self.progress.setValue(int(1000 * frac))
            self.status.setText(translate(
                "finetune_panel", "Epoch {epoch} of {epochs}: loss {loss}, {rate} images/s, "
                "about {left} left").format(
                epoch=event.epoch, epochs=event.epochs, loss=f"{event.loss:.3f}",
                rate=f"{event.images_per_s:.1f}", left=seconds_label(event.eta_s)))
            self.curves.add_batch(event.epoch - 1 + event.batch / event.batches,
                                  event.images_per_s)
        elif isinstance(event, EpochEnd):
            self.curves.add_epoch(event)
            self.progress.setValue(int(1000 * event.epoch / event.epochs))
            val = event.val_accuracy
            fields = dict(epoch=event.epoch, epochs=event.epochs, loss=f"{event.loss:.3f}",
                          train=percent(event.train_accuracy), left=seconds_label(event.eta_s))
            if val is not None:
                text = translate(
                    "finetune_panel", "Epoch {epoch} of {epochs}: loss {loss}, train {train}, "
                    "validation {val}, about {left} left").format(
                    val=percent(val), **fields)
            else:
                text = translate(
                    "finetune_panel", "Epoch {epoch} of {epochs}: loss {loss}, train {train}, "
                    "about {left} left").format(**fields)
            self.status.setText(text)

    def _settled(self) -> None:
        self._token = None
        self._cancelling = False
        self.cancel_button.setEnabled(False)
        self._update_start()

    def _cancelled(self, exc) -> None:
        self._settled()
        self.progress.setValue(0)
        self.status.setText(translate(
            "finetune_panel", "Cancelled before a model was saved: nothing was kept."))
        self.summary.setText(self.status.text())
        self._forget_empty_run()

    def _forget_empty_run(self) -> None:
        """A run that kept no model leaves no folder behind (nothing in it to use)."""
        if self._run_folder is not None:
            self.controller.run("runs-empty", jobs.remove_empty_run_job, self._run_folder)

    def _finished(self, result) -> None:
        self._settled()
        self.result = result
        report = result.report
        if report is None or result.checkpoint is None:
            self.status.setText(
                translate("finetune_panel", "Cancelled before a model was saved: nothing was "
                          "kept.") if result.cancelled else
                translate("finetune_panel", "Stopped before a model was saved."))
            self.summary.setText(self.status.text())
            self.progress.setValue(0)
            self._forget_empty_run()
            return
        if not result.cancelled:  # a cancelled run keeps the bar where it stopped
            self.progress.setValue(1000)
        self.summary.setText(run_summary(report, result))
        self.curves.mark_best(report.best_epoch)  # the epoch kept, as the trainer chose it
        self.right.setCurrentIndex(1)
        if not result.cancelled:
            self.status.setText(translate("finetune_panel", "Done."))
        elif report.best_epoch:
            self.status.setText(translate(
                "finetune_panel", "Cancelled at epoch {epoch}: the best model so far (epoch "
                "{best}) is kept.").format(
                epoch=report.epochs_run, best=report.best_epoch))
        else:
            self.status.setText(translate(
                "finetune_panel", "Cancelled at epoch {epoch}: the best model so far is "
                "kept.").format(epoch=report.epochs_run))
        self._show_matrix(report)
        self.use_button.setEnabled(True)
        self.folder_button.setEnabled(True)
        self.mistakes_button.setEnabled(any(p.true != p.predicted
                                            for p in report.predictions))

    def _failed(self, exc) -> None:
        from inception_desktop.gui.format import describe_error

        self._settled()
        self.status.setStyleSheet(f"color: {ERROR_TEXT};")
        self.status.setText(describe_error(exc))


def _sentence(text: str) -> str:
    """A core message as a line of its own: capitalised (a no-op in Korean)."""
    return text[:1].upper() + text[1:]
