"""Help ▸ About: versions of the app and its runtimes, and the weights now in use."""

from __future__ import annotations

import sys
from html import escape
from typing import Any

from PySide6.QtWidgets import QMessageBox, QWidget

from inception_desktop import __version__
from inception_desktop.gui.format import network_phrase
from inception_desktop.gui.i18n import translate


def about_text(predictor: Any) -> str:
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import qVersion

    versions = [f"Inception Desktop {__version__}", f"Qt {qVersion()} (PySide6 {pyside_version})"]
    try:
        import onnxruntime

        versions.append(f"onnxruntime {onnxruntime.__version__}")
    except ImportError:
        versions.append(translate("about", "onnxruntime: not installed"))
    torch = sys.modules.get("torch")
    versions.append(f"torch {torch.__version__}" if torch else
                    translate("about", "torch: not loaded"))
    weights = translate("about", "no network loaded yet")
    if predictor is not None:
        c = predictor.choice
        where = str(c.path) if c.path else translate("about", "generated (untrained)") \
            if c.untrained else translate("about", "an ONNX export")
        head = getattr(predictor, "keras_head", None)
        network = predictor.spec.display_name + (f" ({escape(head)})" if head else "")
        weights = translate("about", "{network}: weights <b>{name}</b>, sha256 {sha256}<br>"
                                     "from {where}").format(
            network=network, sha256=c.sha256 or "-", where=escape(where),
            name=translate("about", "untrained") if c.untrained else escape(c.name))
    about = translate("about", "Classify images with, and look inside, {networks}.").format(
        networks=escape(network_phrase()))
    return (f"<h3>Inception Desktop</h3><p>{about}</p><p>" +
            "<br>".join(versions) + f"</p><p>{weights}</p>")


def show_about(parent: QWidget, predictor: Any) -> None:
    QMessageBox.about(parent, translate("about", "About Inception Desktop"),
                      about_text(predictor))
