"""When the library cannot take a change: a read-only library (said once, lastingly) and a failed write in plain words."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QWidget


def read_only_message(library_path: str | Path) -> str:
    return (f"This library is read-only: {library_path} cannot be written. You can read and search; notes and"
            " corrections cannot be changed.")


def show_read_only(window: QMainWindow, library) -> QLabel | None:
    """For a read-only library: a permanent line in the window's status bar (other messages come and go)."""
    if not library.read_only:
        return None
    label = QLabel("Read-only library")
    label.setObjectName("readOnlyLine")
    label.setToolTip(read_only_message(library.path) + " Its file, its folder or its disk is read-only.")
    window.statusBar().addPermanentWidget(label)
    window.status_label.setText(read_only_message(library.path))
    return label


def failure_text(message: str, library_path: str | Path, what: str) -> str:
    """A runner's failure message in plain words: a full disk says which disk, and that nothing changed."""
    if "the disk is full" in message:
        return (f"{what} was not made: the disk holding {library_path} is full. Nothing was changed;"
                " free some space and try again.")
    if "read-only" in message or "cannot be changed" in message:
        return f"{what} was not made. {read_only_message(library_path)}"
    return f"{what} was not made: {message}"


def show_failure(parent: QWidget, title: str, text: str) -> QMessageBox:
    """A message box (plain text) that does not stop the window: it stays until the reader closes it."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.open()
    return box
