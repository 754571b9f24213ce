"""Help ▸ About: versions of the app and its runtimes, and the weights now in use."""

from __future__ import annotations

import sys
from html import escape
from typing import Any

from PySide6.QtWidgets import QMessageBox, QWidget

from inception_desktop import __version__
from inception_desktop.gui.format import network_phrase


def about_text(predictor: Any) -> str:
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import qVersion

    versions = [f"Inception Desktop {__version__}", f"Qt {qVersion()} (PySide6 {pyside_version})"]
    try:
        import onnxruntime

        versions.append(f"onnxruntime {onnxruntime.__version__}")
    except ImportError:
        versions.append("onnxruntime: not installed")
    torch = sys.modules.get("torch")
    versions.append(f"torch {torch.__version__}" if torch else "torch: not loaded")
    weights = "no network loaded yet"
    if predictor is not None:
        c = predictor.choice
        where = str(c.path) if c.path else "generated (untrained)" if c.untrained else \
            "an ONNX export"
        head = getattr(predictor, "keras_head", None)
        network = predictor.spec.display_name + (f" ({escape(head)})" if head else "")
        weights = (f"{network}: weights <b>{escape(c.name)}</b>, sha256 "
                   f"{c.sha256 or '-'}<br>from {escape(where)}")
    return ("<h3>Inception Desktop</h3><p>Classify images with, and look inside, "
            f"{escape(network_phrase())}.</p><p>" +
            "<br>".join(versions) + f"</p><p>{weights}</p>")


def show_about(parent: QWidget, predictor: Any) -> None:
    QMessageBox.about(parent, "About Inception Desktop", about_text(predictor))
