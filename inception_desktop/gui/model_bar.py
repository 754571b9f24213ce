"""The window's toolbar: which network (or installed model) classifies, and how it runs
(backend, precision, device). It shows the controller's settings, follows their changes and
the loaded model (the Auto entries say what they picked), and hands each choice to the
controller."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QLabel, QToolBar

from inception_desktop.engine.registry import BACKENDS, PRECISION_CHOICES
from inception_desktop.gui import jobs
from inception_desktop.gui.format import backend_label, device_label
from inception_desktop.gui.i18n import translate
from inception_desktop.gui.widgets import ElidingComboBox
from inception_desktop.models import get_spec, list_models


def precision_tip(key: str) -> str:
    """The tooltip of a precision's entry, in the window's language."""
    tips = {"auto": translate("model_bar", "The fastest of fp32, bf16 and int8 measured on "
                                           "this CPU (once)"),
            "fp32": translate("model_bar", "Full precision: the reference results"),
            "bf16": translate("model_bar", "bf16 on OpenVINO: faster on CPUs with native bf16 "
                                           "(AVX512-BF16, AMX)"),
            "int8": translate("model_bar", "int8: 2-2.6x faster on a CPU; needs an int8 "
                                           "version of the model (File ▸ Make an int8 "
                                           "version…)")}
    return tips.get(key, key)


def auto_text(picked: str | None = None) -> str:
    """An Auto entry: "Auto", or what it picked: "Auto (OpenVINO)"."""
    if picked is None:
        return translate("model_bar", "Auto")
    return translate("model_bar", "Auto ({picked})").format(picked=picked)


def select_data(combo: QComboBox, value: Any) -> None:
    """Select the entry holding `value` (left as it is when there is none)."""
    i = combo.findData(value)
    if i >= 0:
        combo.setCurrentIndex(i)


class ModelBar(QToolBar):
    chosen = Signal()  # the user made a choice here (the window clears its last error)

    def __init__(self, controller: Any) -> None:
        super().__init__(translate("model_bar", "Model"))
        self.controller = controller
        self.setMovable(False)
        self.network_combo = ElidingComboBox()
        self.network_combo.setToolTip(
            translate("model_bar", "The network (or your fine-tuned model) that classifies"))
        # Sized to its content up to a bound; longer names are elided, whole in the tooltip.
        self.network_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.network_combo.setMinimumContentsLength(24)
        self.network_combo.setMaximumWidth(self.fontMetrics().averageCharWidth() * 48)
        self.backend_combo = QComboBox()
        for backend in BACKENDS:  # auto first, then the registry's backends
            self.backend_combo.addItem(auto_text() if backend == "auto" else
                                       backend_label(backend), backend)
        self.backend_combo.setToolTip(translate(
            "model_bar", "Auto: the fastest runtime measured on this CPU, torch with a GPU"))
        self.precision_combo = QComboBox()
        for key in PRECISION_CHOICES:  # auto first
            self.precision_combo.addItem(auto_text() if key == "auto" else key, key)
            self.precision_combo.setItemData(self.precision_combo.count() - 1,
                                             precision_tip(key), Qt.ItemDataRole.ToolTipRole)
        self.precision_combo.setToolTip(translate(
            "model_bar", "Numeric precision of inference (the status bar says what runs)"))
        self.device_combo = QComboBox()
        self.device_combo.addItem(auto_text(), "auto")
        self.device_combo.addItem("CPU", "cpu")
        self.device_combo.setToolTip(
            translate("model_bar", "Only the devices this computer has are listed"))
        # "Auto (OpenVINO)" is set after the first show: the combos follow their text.
        for combo in (self.backend_combo, self.precision_combo, self.device_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for label, w in ((translate("model_bar", "Network"), self.network_combo),
                         (translate("model_bar", "Backend"), self.backend_combo),
                         (translate("model_bar", "Precision"), self.precision_combo),
                         (translate("model_bar", "Device"), self.device_combo)):
            self.addWidget(QLabel(("  " if w is not self.network_combo else "") + label + " "))
            self.addWidget(w)
        self.sync()
        self.network_combo.currentIndexChanged.connect(self._on_network)
        self.backend_combo.currentIndexChanged.connect(
            lambda: self._on_choice(backend=self.backend_combo.currentData()))
        self.precision_combo.currentIndexChanged.connect(
            lambda: self._on_choice(precision=self.precision_combo.currentData()))
        self.device_combo.currentIndexChanged.connect(
            lambda: self._on_choice(device=self.device_combo.currentData()))
        controller.choice_changed.connect(self.sync)
        controller.models_changed.connect(self.refresh_networks)
        controller.predictor_ready.connect(self._on_predictor)
        # Devices need torch to be detected: look once the window is up and painted.
        QTimer.singleShot(1500, self._detect_devices)

    def refresh_networks(self) -> None:
        """Every network, then installed custom (fine-tuned) models by name."""
        combo = self.network_combo
        settings = self.controller.settings
        combo.blockSignals(True)
        combo.clear()
        for name in list_models():
            combo.addItem(get_spec(name).display_name, (name, None))
        for e in self.controller.custom_models():
            text = translate("model_bar", "{name} ({network}, %n class(es))", None,
                             e.num_classes).format(name=e.name,
                                                   network=get_spec(e.network).display_name)
            combo.addItem(text, (e.network, e.name))
            combo.setItemData(combo.count() - 1, text, Qt.ItemDataRole.ToolTipRole)
        wanted = (settings.network, settings.weights)
        # The model by name, else its network (a set of weights not listed by name).
        index = next((i for want in (wanted, (settings.network, None))
                      for i in range(combo.count()) if tuple(combo.itemData(i)) == want), 0)
        combo.setCurrentIndex(index)
        combo.setToolTip(combo.currentText())
        combo.blockSignals(False)

    def sync(self) -> None:
        """Show the settings (after a choice was made elsewhere or put back)."""
        self.refresh_networks()
        s = self.controller.settings
        for combo, value in ((self.backend_combo, s.backend),
                             (self.precision_combo, s.precision),
                             (self.device_combo, s.device)):
            combo.blockSignals(True)
            select_data(combo, value)
            combo.blockSignals(False)

    def _on_network(self) -> None:
        network, weights = self.network_combo.currentData()
        self.network_combo.setToolTip(self.network_combo.currentText())
        self.chosen.emit()
        self.controller.set_choice(network=network, weights=weights)

    def _on_choice(self, backend: str | None = None, device: str | None = None,
                   precision: str | None = None) -> None:
        self.chosen.emit()
        self.controller.set_choice(backend=backend, device=device, precision=precision)

    def _on_predictor(self, predictor: Any) -> None:
        """The Auto entries say what they picked."""
        s = self.controller.settings
        self.backend_combo.setItemText(0, auto_text(backend_label(predictor.backend_name))
                                       if s.backend == "auto" else auto_text())
        self.device_combo.setItemText(0, auto_text(device_label(predictor.device))
                                      if s.device == "auto" else auto_text())
        self.precision_combo.setItemText(0, auto_text(predictor.precision)
                                         if s.precision == "auto" else auto_text())

    def _detect_devices(self) -> None:
        def found(devices: list[str]) -> None:
            for d in devices:
                if d != "cpu" and self.device_combo.findData(d) < 0:
                    self.device_combo.addItem(device_label(d), d)
            self.device_combo.blockSignals(True)
            select_data(self.device_combo, self.controller.settings.device)
            self.device_combo.blockSignals(False)

        # A build without torch lists the CPU only.
        self.controller.run("devices", jobs.devices_job, on_done=found, ignore=(ImportError,))
