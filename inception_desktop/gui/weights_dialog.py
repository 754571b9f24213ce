"""First use of a network without weights: download (with progress and cancel), import a
file, use a mirror, or run untrained. Errors are shown in the dialog in the window's own
terms (its buttons, not command lines), wrapped and scrollable, never as a traceback."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
)

from inception_desktop.gui import jobs
from inception_desktop.gui.format import ERROR_TEXT, describe_error, window_words
from inception_desktop.gui.i18n import translate, translate_message
from inception_desktop.models import get_spec
from inception_desktop.terminal import human_bytes
from inception_desktop.weights.download import source_url
from inception_desktop.weights.store import official_source


def window_terms(exc: BaseException, received: float = 0) -> str:
    """A failed download as the dialog says it: what went wrong, and what to do with its
    buttons ("it resumes" only when some of the file arrived)."""
    summary = getattr(exc, "summary", None)
    if summary is None:
        return describe_error(exc)
    if received:
        advice = translate("weights_dialog", "Download again (it resumes where it stopped), "
                           "Import file… if you have the file from elsewhere, or Set mirror… "
                           "to download from another server.")
    else:
        advice = translate("weights_dialog", "Download again, Import file… if you have the "
                           "file from elsewhere, or Set mirror… to download from another "
                           "server.")
    return f"{translate_message(summary)}\n\n{advice}"


def import_terms(exc: BaseException) -> str:
    """A failed import as the dialog says it: the file's problem, and its buttons (nothing
    was downloaded, so nothing is offered "again")."""
    return describe_error(exc) + "\n\n" + translate(
        "weights_dialog", "Import file… to choose another file, or Download to get the "
        "published weights.")


def check_mirror(url: str) -> str | None:
    """-> why `url` cannot be a mirror, or None."""
    from urllib.parse import urlparse

    parts = urlparse(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return translate("weights_dialog", "{address} is not an http:// or https:// address"
                         ).format(address=repr(url))
    return None


class WeightsDialog(QDialog):
    """Result: Accepted when weights were installed (or untrained chosen: `untrained` True)."""

    def __init__(self, network: str, controller, reason: str = "", parent=None) -> None:
        super().__init__(parent)
        self.network = network
        self.controller = controller
        self.untrained = False
        self.installed_path = None
        spec = get_spec(network)
        self.source_size = official_source(network).size
        self.setWindowTitle(translate("weights_dialog", "Weights for {network}").format(
            network=spec.display_name))
        self.setMinimumWidth(560)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._fill_intro()
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.hide()
        # "no weights" is what the dialog itself says; any other reason (a corrupt file, a
        # failed download) is the core's message, in the window's language.
        self.status = QLabel(window_words(translate_message(reason))
                             if reason and "no weights" not in reason else "")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.status.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        # Long errors wrap and scroll; the dialog never cuts them.
        self.status_area = QScrollArea()
        self.status_area.setWidget(self.status)
        self.status_area.setWidgetResizable(True)
        self.status_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.status_area.setMinimumHeight(60)
        self.status_area.setMaximumHeight(220)
        self.download_button = QPushButton(translate("weights_dialog", "Download"))
        self.download_button.setDefault(True)
        self.import_button = QPushButton(translate("weights_dialog", "Import file…"))
        self.mirror_button = QPushButton(translate("weights_dialog", "Set mirror…"))
        self.mirror_button.setToolTip(translate(
            "weights_dialog", "Download from another server that has the same files "
            "(<mirror>/<network>/<file name>)"))
        self.untrained_button = QPushButton(translate("weights_dialog", "Use untrained weights"))
        self.untrained_button.setToolTip(translate(
            "weights_dialog", "Random weights: the network runs, but its predictions are "
            "meaningless (remembered for this network)"))
        self.cancel_button = QPushButton(translate("weights_dialog", "Cancel"))
        self.download_button.clicked.connect(self.start_download)
        self.import_button.clicked.connect(self.choose_import)
        self.mirror_button.clicked.connect(self.choose_mirror)
        self.untrained_button.clicked.connect(self.choose_untrained)
        self.cancel_button.clicked.connect(self.cancel)
        buttons = QHBoxLayout()
        for b in (self.download_button, self.import_button, self.mirror_button,
                  self.untrained_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.progress)
        layout.addWidget(self.status_area, 1)
        layout.addLayout(buttons)
        self._token = None
        self._action = ""  # what the last failure came from: "download" or "import"
        self._received = 0.0  # bytes of the file received by the last download
        self.finished.connect(self._settle)

    def _settle(self, result: int) -> None:
        """What was waiting for weights goes on: with what was installed, untrained, or
        (cancelled) with the choice before."""
        if not result:
            self.controller.weights_declined(self.network)
        elif self.untrained:
            self.controller.use_untrained(self.network)
        else:
            self.controller.weights_installed()

    def _fill_intro(self) -> None:
        spec = get_spec(self.network)
        self.intro.setText(translate(
            "weights_dialog", "<b>{network}</b> has no weights on this computer yet.<br><br>"
            "Download the published weights ({size}) from<br><small>{address}</small><br>or "
            "import a file you already have.").format(
                network=spec.display_name, size=human_bytes(self.source_size),
                address=source_url(self.network)))

    # ------------------------------------------------------------------ actions

    def _busy(self, busy: bool) -> None:
        for b in (self.download_button, self.import_button, self.mirror_button,
                  self.untrained_button):
            b.setEnabled(not busy)

    def _say(self, text: str, error: bool = False) -> None:
        self.status.setStyleSheet(f"color: {ERROR_TEXT};" if error else "")
        self.status.setText(text)

    def start_download(self) -> None:
        self._action, self._received = "download", 0.0
        self._busy(True)
        self.progress.setValue(0)
        self.progress.show()
        self._say(translate("weights_dialog", "Connecting…"))
        self._token = self.controller.run(
            f"download:{self.network}", jobs.download_job, self.network,
            on_done=self._installed, on_error=self._failed, on_progress=self._on_progress)

    def _on_progress(self, p) -> None:
        self._received = max(self._received, p.done)
        if p.total:
            self.progress.setValue(int(1000 * min(p.done / p.total, 1.0)))
        self.status.setText(translate("weights_dialog", "{done} of {total} at {rate}/s").format(
            done=human_bytes(p.done), total=human_bytes(p.total or 0),
            rate=human_bytes(p.rate or 0)))

    def choose_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, translate("weights_dialog", "Import weights"), "",
            translate("weights_dialog", "Weight files") +
            " (*.pth *.pt *.bin *.safetensors *.ckpt);;" +
            translate("weights_dialog", "All files") + " (*)")
        if path:
            self.import_file(path)

    def import_file(self, path: str) -> None:
        self._action = "import"
        self._busy(True)
        self._say(translate("weights_dialog", "Checking the file…"))
        self.controller.run(f"import:{self.network}", jobs.import_job, path, self.network,
                            on_done=self._installed, on_error=self._failed)

    def choose_mirror(self) -> None:
        current = self.controller.settings.mirror or ""
        url, ok = QInputDialog.getText(
            self, translate("weights_dialog", "Mirror"),
            translate("weights_dialog", "Address of a server with the same files (empty: the "
                      "official one):"), text=current)
        if ok:
            self.set_mirror(url.strip())

    def set_mirror(self, url: str) -> bool:
        problem = check_mirror(url) if url else None
        if problem:
            self._say(translate("weights_dialog", "{problem}; the mirror is unchanged.").format(
                problem=problem), error=True)
            return False
        self.controller.set_mirror(url or None)
        self._fill_intro()
        self._say(translate("weights_dialog", "Downloads now come from {address}.").format(
            address=url) if url else
            translate("weights_dialog", "Downloads now come from the official address."))
        return True

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
        self._token = None
        self._busy(False)
        self.progress.hide()
        if self._action == "download":
            self.download_button.setText(translate("weights_dialog", "Download again"))
            self._say(window_terms(exc, self._received), error=True)
        else:
            self._say(import_terms(exc), error=True)
