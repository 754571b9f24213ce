"""The Fine-tune tab's result side: how the run ended (what was kept and where) with Show in
folder, Use this model and Review mistakes, and the labelled confusion matrix whose cells open
their images."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QColor, QDesktopServices, QIcon
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inception_desktop.gui import jobs
from inception_desktop.gui.format import OK_TEXT, SECONDARY_TEXT, percent
from inception_desktop.gui.i18n import translate
from inception_desktop.gui.widgets import CAPTION_ROLE, image_grid


class FinetuneResultMixin:
    """Part of FinetunePanel (which provides controller, result, scan, network, status,
    model_in_use and _failed)."""

    def _build_result(self) -> QWidget:
        self.summary = QLabel(translate("finetune_result", "The result of a run appears here."))
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_button = QPushButton(translate("finetune_result", "Show in folder"))
        self.folder_button.setEnabled(False)
        self.folder_button.clicked.connect(self.show_in_folder)
        self.use_button = QPushButton(translate("finetune_result", "Use this model"))
        self.use_button.setEnabled(False)
        self.use_button.clicked.connect(self.use_this_model)
        self.matrix_caption = QLabel(translate(
            "finetune_result", "Confusion matrix: rows are the true class ↓, columns the "
            "predicted class →. Click a cell to see its images."))
        self.axes_row = QHBoxLayout()
        true_label = QLabel(translate("finetune_result", "<b>true ↓</b>"))
        predicted_label = QLabel(translate("finetune_result", "<b>predicted →</b>"))
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
        self.mistakes_button = QPushButton(translate("finetune_result", "Review mistakes…"))
        self.mistakes_button.setToolTip(translate(
            "finetune_result", "The validation images the model got wrong, most confident "
            "first, to move, remove or keep"))
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
        return result

    def _show_matrix(self, report) -> None:
        classes = report.classes
        cm = report.confusion_matrix
        self.matrix.setRowCount(len(classes))
        self.matrix.setColumnCount(len(classes))
        self.matrix.setHorizontalHeaderLabels(classes)
        self.matrix.setVerticalHeaderLabels(classes)
        if report.confusion_matrix_split == "val":
            caption = translate(
                "finetune_result", "Confusion matrix (validation images): rows are the true "
                "class ↓, columns the predicted class →. Click a cell to see its images.")
        else:
            caption = translate(
                "finetune_result", "Confusion matrix (training images): rows are the true "
                "class ↓, columns the predicted class →. Click a cell to see its images.")
        self.matrix_caption.setText(caption)
        peak = max((max(r) for r in cm), default=1) or 1
        for i, row in enumerate(cm):
            for j, n in enumerate(row):
                item = QTableWidgetItem(str(n))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                shade = int(255 - 120 * n / peak)
                item.setBackground(QColor(shade, 255, shade) if i == j else
                                   QColor(255, shade, shade) if n else QColor("white"))
                item.setForeground(QColor("black"))
                item.setToolTip(translate(
                    "finetune_result", "true {true}, predicted {predicted}: %n image(s)", None,
                    int(n)).format(true=classes[i], predicted=classes[j]))
                self.matrix.setItem(i, j, item)

    def cell_files(self, true: int, predicted: int) -> list[str]:
        """The images behind one cell, most confident first."""
        return [p.file for p in self.result.report.files_in_cell(true, predicted)]

    def show_cell(self, row: int, column: int) -> None:
        if self.result is None:
            return
        classes = self.result.report.classes
        files = self.cell_files(row, column)
        self.cell_label.setText(translate(
            "finetune_result", "True {true}, predicted {predicted}: %n image(s), most "
            "confident first", None, len(files)).format(true=classes[row],
                                                          predicted=classes[column]))
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

        self.controller.run("cell-thumbs", jobs.thumbnails_job, files, on_done=show,
                            on_error=self._failed)

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
                           translate("finetune_result",
                                     "Confident mistakes of the fine-tuned model"))

    def use_this_model(self) -> None:
        """Import the checkpoint (listed by its name) and switch the Classify tab to it."""
        if self.result is None or self.result.checkpoint is None:
            return

        def done(entry) -> None:
            self.status.setStyleSheet(f"color: {OK_TEXT};")
            self.status.setText(translate(
                "finetune_result", "Installed as {name}; the Classify tab now uses "
                "it.").format(name=repr(entry.name)))
            self.controller.use_model(entry.network, entry.name)
            self.model_in_use.emit()

        self.controller.run("use-model", jobs.install_model_job, str(self.result.checkpoint),
                            on_done=done, on_error=self._failed)


def run_summary(report, result) -> str:
    """How the run ended, what is kept and where, in one paragraph."""
    epochs = report.epochs_run
    best = report.best_epoch
    val = report.val_accuracy
    if val is not None:
        quality = translate("finetune_result", "validation {accuracy}").format(
            accuracy=percent(val))
    else:
        quality = translate("finetune_result", "training {accuracy} (no validation "
                            "images)").format(accuracy=percent(report.train_accuracy))
    if result.cancelled:
        head = translate("finetune_result", "<b>Cancelled</b> at epoch {epoch}; the best "
                         "model so far is kept").format(epoch=epochs)
    elif report.stopped_early:
        head = translate("finetune_result", "<b>Stopped early</b> at epoch {epoch} "
                         "(validation no longer improved)").format(epoch=epochs)
    else:
        head = translate("finetune_result", "<b>Done</b>: %n epoch(s)", None, int(epochs))
    if best:
        ending = translate("finetune_result", "{head}; best epoch {best}, {quality}.").format(
            head=head, best=best, quality=quality)
    else:
        ending = translate("finetune_result", "{head}; {quality}.").format(
            head=head, quality=quality)
    parts = [ending, translate("finetune_result", "Training accuracy {accuracy}.").format(
        accuracy=percent(report.train_accuracy))]
    if report.precision:
        parts.append(translate("finetune_result", "Ran in {precision} on {device}, {rate} "
                               "images/s.").format(precision=report.precision,
                                                   device=report.device or "",
                                                   rate=f"{report.train_images_per_s or 0:.1f}"))
    parts.append(translate("finetune_result", "Saved to {path}.").format(
        path=f"<code>{escape(str(result.checkpoint))}</code>"))
    return " ".join(parts)
