"""The mouse's Back and Forward buttons, sent to the window from the widgets one reads and picks in."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt


class SideButtons(QObject):
    """Sends the mouse's Back and Forward buttons to the window, from the widgets it is installed on."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.MouseButtonPress:
            if event.button() == Qt.MouseButton.BackButton:
                self.window.go_back()
                return True
            if event.button() == Qt.MouseButton.ForwardButton:
                self.window.go_forward()
                return True
        return False
