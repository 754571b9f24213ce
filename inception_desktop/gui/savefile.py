"""Where the window saves what it exports (result CSVs, feature-map pictures): the save
dialog starts in the folder of the last export (else the user's Pictures or home folder,
never the working directory), and a saved file is said with its name first."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog

from inception_desktop.gui.i18n import translate


def start_folder(controller: Any) -> Path:
    """The last export's folder if it still exists, else Pictures, else home."""
    last = getattr(getattr(controller, "settings", None), "export_folder", None)
    if last and Path(last).is_dir():
        return Path(last)
    pictures = QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.PicturesLocation)
    if pictures and Path(pictures).is_dir():
        return Path(pictures)
    return Path.home()


def ask_save_path(parent: Any, controller: Any, title: str, name: str,
                  filters: str) -> str | None:
    """The save dialog, starting at the last export folder with `name` proposed -> the
    chosen path (its folder remembered for the next export), or None."""
    path, _ = QFileDialog.getSaveFileName(parent, title, str(start_folder(controller) / name),
                                          filters)
    if not path:
        return None
    if controller is not None:
        controller.update_settings(export_folder=str(Path(path).parent))
    return path


def saved_text(path: str | Path) -> str:
    """'Saved results.csv in /home/ana/Documents'."""
    path = Path(path)
    return translate("savefile", "Saved {name} in {folder}").format(name=path.name,
                                                                     folder=path.parent)
