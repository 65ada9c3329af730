"""The window's own actions: a keyed action anywhere in the window, and the mouse's Back and Forward buttons."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence


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


def window_action(window, text: str, slot, shortcuts=(), icon=None, tip: str = "") -> QAction:
    """An action of the window (its shortcuts work anywhere in it), with its keys in its tooltip."""
    action = QAction(text, window)
    if icon is not None:
        action.setIcon(window.style().standardIcon(icon))
    sequences = []
    for shortcut in shortcuts:  # standard keys can repeat an explicit one: keep each once
        for sequence in QKeySequence.keyBindings(shortcut) if isinstance(shortcut, QKeySequence.StandardKey) \
                else [QKeySequence(shortcut)]:
            if sequence not in sequences:
                sequences.append(sequence)
    action.setShortcuts(sequences)
    action.setToolTip(f"{tip or text} ({QKeySequence(shortcuts[0]).toString(QKeySequence.SequenceFormat.NativeText)})"
                      if shortcuts else (tip or text))
    action.setStatusTip(tip)
    action.triggered.connect(lambda checked=False: slot())
    window.addAction(action)
    return action
