"""Settings ▸ Language: System, English and every translated language, by name in that
language. The choice is saved and takes effect when the window is next opened (every word is
laid out at start-up); the box says so and offers to restart now."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from inception_desktop.gui.i18n import (
    SYSTEM,
    available_languages,
    current_language,
    language_name,
    resolve_language,
    translate,
)


def build_language_menu(parent: QWidget, menu: QMenu, controller: Any,
                        restart: Callable[[], None] | None = None) -> QMenu:
    """Add the Language submenu to `menu`; choosing an entry saves it through the controller."""
    submenu = menu.addMenu(translate("language", "&Language"))
    group = QActionGroup(submenu)
    group.setExclusive(True)
    chosen = controller.settings.language
    system_name = language_name(resolve_language(SYSTEM))
    entries = [(SYSTEM, translate("language", "System ({language})").format(
        language=system_name))]
    entries += [(code, language_name(code)) for code in available_languages()]
    for code, text in entries:
        action = QAction(text, submenu)
        action.setCheckable(True)
        action.setChecked(code == chosen)
        action.setData(code)
        group.addAction(action)
        submenu.addAction(action)
    group.triggered.connect(
        lambda action: _choose(parent, controller, action.data(), restart or restart_app))
    return submenu


def _choose(parent: QWidget, controller: Any, code: str,
            restart: Callable[[], None]) -> None:
    if code == controller.settings.language:
        return
    controller.update_settings(language=code)
    language = resolve_language(code)
    if language == current_language():
        return  # e.g. System, which already is the language shown
    box = QMessageBox(QMessageBox.Icon.Information, translate("language", "Language"),
                      translate("language", "The window will be in {language} the next time "
                                            "it opens.").format(language=language_name(language)),
                      parent=parent)
    restart_button = box.addButton(translate("language", "Restart now"),
                                   QMessageBox.ButtonRole.AcceptRole)
    box.addButton(translate("language", "Later"), QMessageBox.ButtonRole.RejectRole)
    box.setObjectName("languageRestartBox")
    box.finished.connect(lambda _: restart() if box.clickedButton() is restart_button else None)
    box.open()


def restart_app() -> None:
    """Close the window (which saves its state) and open the app again, same arguments."""
    from PySide6.QtCore import QProcess
    from PySide6.QtWidgets import QApplication

    if getattr(sys, "frozen", False):
        program, arguments = sys.executable, sys.argv[1:]
    else:
        program, arguments = sys.executable, ["-m", "inception_desktop", *sys.argv[1:]]
    app = QApplication.instance()
    for window in QApplication.topLevelWidgets():
        window.close()
    if QProcess.startDetached(program, arguments, os.getcwd())[0] and app is not None:
        app.quit()
