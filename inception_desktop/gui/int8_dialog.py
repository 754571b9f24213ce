"""File ▸ Make an int8 version…: the current model quantized to int8 on a folder of the user's
photos (the `quantize` use case), with its progress, the agreement report (how often int8 keeps
the full-precision answer, how much faster and smaller it is) and "Use it"; and Settings ▸
Serve port…, the port the window serves on. Window words only: no command line here."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from inception_desktop.gui import jobs
from inception_desktop.gui.format import ERROR_TEXT, SECONDARY_TEXT, describe_error, percent
from inception_desktop.gui.i18n import translate, translate_message

MIN_PHOTOS = 8
LOW_AGREEMENT = 0.95


def agreement_text(report: dict[str, Any]) -> str:
    """The quantize report in a sentence or three (rich text)."""
    top1 = report["top1_agreement"]
    lines = [translate("int8_dialog", "<b>{percent}</b> of %n held-out photo(s) keep their "
                       "top label in int8 (top-5 overlap {overlap}, largest probability "
                       "difference {difference}).", None, int(report["check_images"])).format(
                 percent=percent(top1), overlap=percent(report["top5_overlap"]),
                 difference=f"{report['max_prob_diff']:.2g}"),
             translate("int8_dialog", "{fp32_ms} ms → {int8_ms} ms per image ({speedup}× "
                       "faster); {fp32_mb} MB → {int8_mb} MB.").format(
                 fp32_ms=f"{report['fp32_ms']:.0f}", int8_ms=f"{report['int8_ms']:.0f}",
                 speedup=f"{report['speedup']:.1f}",
                 fp32_mb=f"{report['size_mb']['fp32']:.0f}",
                 int8_mb=f"{report['size_mb']['int8']:.0f}")]
    if top1 < LOW_AGREEMENT:
        lines.append(f"<span style='color:{ERROR_TEXT}'>" + translate(
            "int8_dialog", "Only {percent} keep their top label: calibrate on more (and more "
            "typical) photos, or stay with fp32.").format(percent=percent(top1)) + "</span>")
    return "<br>".join(lines)


class Int8Dialog(QDialog):
    """Choose a folder of photos, watch the progress, read the report, Use it."""

    def __init__(self, controller: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setWindowTitle(translate("int8_dialog", "Make an int8 version"))
        self.folder: str | None = None
        self.report: dict[str, Any] | None = None
        self._token = None
        intro = QLabel(translate(
            "int8_dialog", "An int8 version of a model runs about twice as fast on a CPU. It "
            "is calibrated on a folder of your own photos (typical of what you classify; at "
            "least {count}), and a quarter of them are held out to check that it answers as "
            "the full-precision model does.").format(count=MIN_PHOTOS))
        intro.setWordWrap(True)
        self.model_label = QLabel(self._model_name())
        self.model_label.setWordWrap(True)
        self.folder_label = QLabel(translate("int8_dialog", "No folder chosen"))
        self.folder_label.setStyleSheet(f"color: {SECONDARY_TEXT};")
        self.folder_label.setWordWrap(True)
        choose = QPushButton(translate("int8_dialog", "Choose folder of photos…"))
        choose.clicked.connect(self.choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_label, 1)
        folder_row.addWidget(choose)
        self.images = QSpinBox()
        self.images.setRange(MIN_PHOTOS, 10_000)
        self.images.setValue(100)
        self.images.setSuffix(translate("int8_dialog", " photos"))
        self.images.setMaximumWidth(180)
        self.images.setToolTip(translate("int8_dialog",
                                         "How many photos of the folder to use (at most)"))
        form = QFormLayout()
        form.addRow(translate("int8_dialog", "Model:"), self.model_label)
        form.addRow(translate("int8_dialog", "Photos:"), folder_row)
        form.addRow(translate("int8_dialog", "Use up to:"), self.images)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.start_button = QPushButton(translate("int8_dialog", "Make it"))
        self.start_button.setEnabled(False)
        self.start_button.clicked.connect(self.start)
        self.cancel_button = QPushButton(translate("int8_dialog", "Stop"))
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.use_button = QPushButton(translate("int8_dialog", "Use it"))
        self.use_button.setToolTip(translate("int8_dialog",
                                             "Classify with the int8 version (Precision int8)"))
        self.use_button.setEnabled(False)
        self.use_button.clicked.connect(self.use_it)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        for b in (self.start_button, self.cancel_button, self.use_button):
            buttons.addButton(b, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.resize(560, 320)

    def _model_name(self) -> str:
        predictor = self.controller.predictor
        if predictor is None:
            return translate("int8_dialog", "none loaded yet: open an image first")
        source = jobs.result_source(predictor)
        if source.fine_tuned:  # the base is quantized; the head runs on its int8 features
            return translate("int8_dialog", "{model} on {network} (the {network} under it is "
                             "made int8; {model}'s own layer stays full precision)").format(
                                 model=source.model, network=source.network)
        return source.network

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, translate("int8_dialog", "Folder of photos"), self.folder or "")
        if folder:
            self.set_folder(folder)

    def set_folder(self, folder: str) -> None:
        self.folder = folder
        self.folder_label.setText(f"{Path(folder).name} — {folder}")
        self.folder_label.setToolTip(folder)
        self.start_button.setEnabled(self.controller.predictor is not None)

    def start(self) -> None:
        predictor = self.controller.predictor
        if predictor is None or not self.folder:
            return
        self.report = None
        self.use_button.setEnabled(False)
        self.start_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress.show()
        self._say(translate("int8_dialog", "Starting…"))
        self._token = self.controller.run(
            "quantize", jobs.quantize_job, predictor.choice, self.folder, self.images.value(),
            on_done=self._done, on_error=self._failed, on_progress=self._on_progress,
            on_cancelled=self._cancelled)

    def cancel(self) -> None:
        if self.controller.cancel("quantize"):
            self.cancel_button.setEnabled(False)
            self._say(translate("int8_dialog", "Stopping…"))

    def _on_progress(self, p) -> None:
        message = translate_message(p.message) if p.message else ""
        text = message[:1].upper() + message[1:] if message else \
            translate("int8_dialog", "Working…")
        self._say(escape(text))
        if p.total:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(1000 * (p.fraction or 0)))
        else:
            self.progress.setRange(0, 0)

    def _settled(self) -> None:
        self._token = None
        self.progress.hide()
        self.cancel_button.setEnabled(False)
        self.start_button.setEnabled(bool(self.folder))

    def _done(self, result) -> None:
        self._settled()
        _info, self.report, _choice = result
        self._say(agreement_text(self.report))
        self.use_button.setEnabled(True)

    def _failed(self, exc: BaseException) -> None:
        self._settled()
        self._say(escape(describe_error(exc)), error=True)

    def _cancelled(self, _exc: BaseException) -> None:
        self._settled()
        self._say(translate("int8_dialog", "Stopped; nothing was kept."))

    def _say(self, text: str, error: bool = False) -> None:
        self.status.setStyleSheet(f"color: {ERROR_TEXT};" if error else "")
        self.status.setText(text)

    def use_it(self) -> None:
        """Classify with it: Precision int8 (on a runtime that runs int8)."""
        from inception_desktop.engine.registry import REGISTRY

        backend = self.controller.settings.backend
        runs_int8 = backend == "auto" or "int8" in REGISTRY[backend].precisions
        self.controller.set_choice(precision="int8", backend=None if runs_int8 else "auto")
        self.accept()

    def reject(self) -> None:
        self.cancel()
        super().reject()


class PortDialog(QDialog):
    """Settings ▸ Serve port…: the port of Serve on localhost."""

    def __init__(self, port: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("int8_dialog", "Serve port"))
        self.spin = QSpinBox()
        self.spin.setRange(1024, 65535)
        self.spin.setValue(port)
        self.spin.setAccessibleName(translate("int8_dialog", "Port"))
        hint = QLabel(translate("int8_dialog", "Serve on localhost listens on this port of "
                                "this computer (1024 to 65535). Choose another when a program "
                                "already uses it."))
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                   QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(translate("int8_dialog", "Port:"), self.spin)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(420, 160)

    def port(self) -> int:
        return self.spin.value()
