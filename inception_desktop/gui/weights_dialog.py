"""First use of a network without weights: download (with progress and cancel), import a
file, or run untrained. Errors are shown in the dialog, never as a traceback."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
)

from inception_desktop.models import get_spec
from inception_desktop.terminal import human_bytes
from inception_desktop.weights.download import source_url
from inception_desktop.weights.store import official_source


class WeightsDialog(QDialog):
    """Result: Accepted when weights were installed (or untrained chosen: `untrained` True)."""

    def __init__(self, network: str, controller, reason: str = "", parent=None) -> None:
        super().__init__(parent)
        self.network = network
        self.controller = controller
        self.untrained = False
        self.installed_path = None
        spec = get_spec(network)
        source = official_source(network)
        self.setWindowTitle(f"Weights for {spec.display_name}")
        self.setMinimumWidth(520)
        intro = QLabel(
            f"<b>{spec.display_name}</b> has no weights on this computer yet.<br><br>"
            f"Download the published weights ({human_bytes(source.size)}) from<br>"
            f"<small>{source_url(network)}</small><br>or import a file you already have.")
        intro.setWordWrap(True)
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.hide()
        self.status = QLabel(reason if reason and "no weights" not in reason else "")
        self.status.setWordWrap(True)
        self.download_button = QPushButton("Download")
        self.download_button.setDefault(True)
        self.import_button = QPushButton("Import file…")
        self.untrained_button = QPushButton("Use untrained weights")
        self.untrained_button.setToolTip("Random weights: the network runs, but its predictions "
                                         "are meaningless")
        self.cancel_button = QPushButton("Cancel")
        self.download_button.clicked.connect(self.start_download)
        self.import_button.clicked.connect(self.choose_import)
        self.untrained_button.clicked.connect(self.choose_untrained)
        self.cancel_button.clicked.connect(self.cancel)
        buttons = QHBoxLayout()
        for b in (self.download_button, self.import_button, self.untrained_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self._token = None

    # ------------------------------------------------------------------ actions

    def _busy(self, busy: bool) -> None:
        for b in (self.download_button, self.import_button, self.untrained_button):
            b.setEnabled(not busy)

    def start_download(self) -> None:
        self._busy(True)
        self.progress.setValue(0)
        self.progress.show()
        self.status.setStyleSheet("")
        self.status.setText("Connecting…")
        self._token = self.controller.download_weights(
            self.network, on_done=self._installed, on_error=self._failed,
            on_progress=self._on_progress)

    def _on_progress(self, p) -> None:
        if p.total:
            self.progress.setValue(int(1000 * min(p.done / p.total, 1.0)))
        self.status.setText(f"{human_bytes(p.done)} of {human_bytes(p.total or 0)} at "
                            f"{human_bytes(p.rate or 0)}/s")

    def choose_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Import weights", "", "Weight files (*.pth *.pt *.bin *.safetensors *.ckpt);;"
                                        "All files (*)")
        if path:
            self.import_file(path)

    def import_file(self, path: str) -> None:
        self._busy(True)
        self.status.setStyleSheet("")
        self.status.setText("Checking the file…")
        self.controller.import_weights(path, self.network, on_done=self._installed,
                                       on_error=self._failed, key=f"import:{self.network}")

    def choose_untrained(self) -> None:
        self.untrained = True
        self.accept()

    def cancel(self) -> None:
        if self._token is not None and not self._token.cancelled:
            self._token.cancel()
            self._token = None
        self.reject()

    def reject(self) -> None:
        if self._token is not None:
            self._token.cancel()
        super().reject()

    def _installed(self, result) -> None:
        self._token = None
        self.installed_path = getattr(result, "path", result)
        self.accept()

    def _failed(self, exc) -> None:
        from inception_desktop.gui.controller import describe_error

        self._token = None
        self._busy(False)
        self.progress.hide()
        self.status.setStyleSheet("color: #b00020;")
        self.status.setText(describe_error(exc))
