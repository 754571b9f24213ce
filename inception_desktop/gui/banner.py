"""The window's banners: a warning or an error strip above the tabs, with an optional action
button ("Make an int8 version…", "Change the port…") and a close button. A banner knows its
cause (`source`), so the window takes it down when the cause is gone."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from inception_desktop.gui.i18n import translate

STYLES = {
    "warning": ("#fff3cd", "#664d03", "#ffe69c"),
    "error": ("#f8d7da", "#58151c", "#f1aeb5"),
}


class Banner(QFrame):
    """A dismissible strip: its text, an optional action, and ✕."""

    dismissed = Signal()

    def __init__(self, kind: str = "warning", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        background, colour, border = STYLES[kind]
        self.setObjectName("banner")
        self.setStyleSheet(f"QFrame#banner {{ background: {background}; border: 1px solid "
                           f"{border}; }} QFrame#banner QLabel {{ color: {colour}; }}")
        self.source: str | None = None  # what caused it (the window clears it by cause)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.action_button = QPushButton()
        self.action_button.hide()
        self._action: Callable[[], None] | None = None
        self.action_button.clicked.connect(self._act)
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip(translate("banner", "Dismiss"))
        self.close_button.setAccessibleName(translate("banner", "Dismiss"))
        self.close_button.clicked.connect(self.dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 4, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.action_button, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def text(self) -> str:
        return self.label.text()

    def setText(self, text: str) -> None:  # noqa: N802 (QLabel's name, kept)
        self.label.setText(text)

    def show_message(self, text: str, source: str | None = None,
                     action: tuple[str, Callable[[], None]] | None = None) -> None:
        """Show `text` (caused by `source`), with an action button when given."""
        self.label.setText(text)
        self.source = source
        self._action = action[1] if action else None
        self.action_button.setText(action[0] if action else "")
        self.action_button.setVisible(action is not None)
        self.show()

    def clear(self, source: str | None = None) -> None:
        """Take it down (only when `source` caused it, if given)."""
        if source is None or self.source == source:
            self.source = None
            self.hide()

    def dismiss(self) -> None:
        self.clear()
        self.dismissed.emit()

    def _act(self) -> None:
        action = self._action
        self.clear()
        if action is not None:
            action()
