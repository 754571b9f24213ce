"""The one question the window asks before it deletes anything: what, and how much.

Every action that deletes a file or a folder from the window goes through `confirm_delete`,
whose default answer is No. A button's `clicked(bool)` never reaches it as an answer: the
actions that ask take no argument."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QMessageBox

from inception_desktop.gui.i18n import translate
from inception_desktop.terminal import human_bytes


def delete_question(what: str, size: int | None) -> str:
    """'Delete flowers-imported (223.7 MB)?'"""
    if size is None:
        return translate("confirm", "Delete {what}?").format(what=what)
    return translate("confirm", "Delete {what} ({size})?").format(what=what,
                                                                   size=human_bytes(size))


def confirm_delete(parent: Any, title: str, what: str, size: int | None,
                   details: str = "") -> bool:
    """Ask "Delete <what> (<size>)?" with `details` under it; True only on Yes."""
    text = delete_question(what, size)
    if details:
        text += "\n\n" + details
    answer = QMessageBox.question(
        parent, title, text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes
