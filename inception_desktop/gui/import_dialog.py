"""File ▸ Import model…: what a Keras / TF.js file holds, shown before anything is installed;
preprocessing and class names are asked for only where the file does not say them."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inception_desktop.fileio import named
from inception_desktop.gui.format import describe_error
from inception_desktop.gui.i18n import translate, translate_message


def model_files() -> str:
    """The open dialog's filters (the patterns stay as they are)."""
    return (translate("import_dialog", "Models and weights") +
            " (*.keras *.h5 *.json *.pth *.pt *.bin *.safetensors);;"
            "Keras (*.keras *.h5);;TensorFlow.js (model.json *.json);;"
            "PyTorch / safetensors (*.pth *.pt *.bin *.safetensors);;" +
            translate("import_dialog", "All files") + " (*)")


# The filters in English (model_files() gives them in the window's language).
MODEL_FILES = ("Models and weights (*.keras *.h5 *.json *.pth *.pt *.bin *.safetensors);;"
               "Keras (*.keras *.h5);;TensorFlow.js (model.json *.json);;"
               "PyTorch / safetensors (*.pth *.pt *.bin *.safetensors);;All files (*)")
# The choices' keys, in the order they are offered.
SCALINGS = ("inception", "unit", "imagenet")
RESIZES = ("squash", "crop")


def scaling_text(key: str) -> str:
    if key == "inception":
        return translate("import_dialog", "x / 127.5 - 1 (Keras' Inception preprocess_input)")
    if key == "unit":
        return "x / 255"
    return translate("import_dialog", "ImageNet mean / std")


def resize_text(key: str) -> str:
    if key == "squash":
        return translate("import_dialog", "whole image resized to the input (Keras)")
    return translate("import_dialog", "resize and centre crop (torchvision)")


class ImportModelDialog(QDialog):
    """Shows a `kerasimport.Detected`; `choices()` are the import's options once accepted."""

    def __init__(self, parent: QWidget | None, path: str, found: Any) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("import_dialog", "Import model"))
        self.found = found
        self.labels_file: str | None = None
        layout = QVBoxLayout(self)
        summary = QLabel("<b>" + escape(translate_message(found.imported.summary())) +
                         "</b><br>" + "<br>".join(escape(translate_message(line))
                                                  for line in found.lines()[1:]))
        summary.setWordWrap(True)
        layout.addWidget(QLabel(escape(named(path))))  # its name first, then its folder
        layout.addWidget(summary)
        form = QFormLayout()
        self.scaling = QComboBox()
        for key in SCALINGS:
            self.scaling.addItem(scaling_text(key), key)
        self.scaling.setCurrentIndex(SCALINGS.index(found.options.scaling))
        self.resize_mode = QComboBox()
        for key in RESIZES:
            self.resize_mode.addItem(resize_text(key), key)
        self.resize_mode.setCurrentIndex(RESIZES.index(found.options.resize))
        if not found.says_preprocessing:
            form.addRow(translate("import_dialog", "The file does not say how it scales pixels:"),
                        self.scaling)
            form.addRow(translate("import_dialog", "nor how it resizes images:"), self.resize_mode)
        self.labels_text = QLabel(self._names_text(found.class_names))
        if not found.says_labels:
            row = QHBoxLayout()
            row.addWidget(self.labels_text, 1)
            choose = QPushButton(translate("import_dialog", "Class names file…"))
            choose.clicked.connect(self._choose_labels)
            row.addWidget(choose)
            box = QWidget()
            box.setLayout(row)
            form.addRow(translate("import_dialog", "The file does not name its classes:"), box)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        install = buttons.addButton(translate("import_dialog", "Install"),
                                    QDialogButtonBox.ButtonRole.AcceptRole)
        install.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @staticmethod
    def _names_text(names: list[str] | None) -> str:
        if not names:
            return "ImageNet"
        return escape(", ".join(names[:6]) + (", …" if len(names) > 6 else ""))

    def _choose_labels(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, translate("import_dialog", "Class names"), "",
            translate("import_dialog", "Class names") + " (*.txt *.json);;" +
            translate("import_dialog", "All files") + " (*)")
        if not path:
            return
        from inception_desktop.errors import WeightsError
        from inception_desktop.weights.kerasimport import read_labels

        try:
            names = read_labels(path, self.found.imported.num_classes)
        except WeightsError as exc:
            self.labels_text.setText(
                f"<span style='color:#b00'>{escape(describe_error(exc))}</span>")
            self.labels_file = None
            return
        self.labels_file = path
        self.labels_text.setText(self._names_text(names))

    def choices(self) -> dict[str, Any]:
        """The options of the import: preprocessing only where the user was asked."""
        out: dict[str, Any] = {"labels": self.labels_file}
        if not self.found.says_preprocessing:
            out["preprocess"] = self.scaling.currentData()
            out["resize"] = self.resize_mode.currentData()
        return out
