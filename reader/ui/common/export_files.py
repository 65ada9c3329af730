"""Where exports go: one remembered folder for every export dialog, and one status-bar line naming the file."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

EXPORT_FOLDER_KEY = "export/last_folder"
_OLDER_KEYS = ("exports/folder", "notes/export_dir")  # where exports remembered it before


def export_folder(settings) -> Path:
    """The folder of the last export (any kind); at first the Documents folder, never the folder Reader
    was started from."""
    for key in (EXPORT_FOLDER_KEY, *_OLDER_KEYS):
        saved = settings.value(key)
        if saved and Path(str(saved)).is_dir():
            return Path(str(saved))
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents and Path(documents).is_dir() else Path.home()


def remember_export_folder(settings, folder: str | Path) -> None:
    settings.setValue(EXPORT_FOLDER_KEY, str(folder))


class Exports:
    """The one way an export asks for its file and confirms it: the dialog opens in the last export's folder;
    once the file is written, the folder is remembered and the status bar names the file."""

    def __init__(self, settings, say: Callable[[str], None]) -> None:
        self.settings = settings
        self.say = say

    def ask(self, parent: QWidget, title: str, file_name: str, pattern: str) -> Path | None:
        """Where to save `file_name` (a name offered in the export folder); None if the reader cancels."""
        path, _ = QFileDialog.getSaveFileName(parent, title, str(export_folder(self.settings) / file_name), pattern)
        return Path(path) if path else None

    def done(self, path: str | Path) -> None:
        """The file is written: remember its folder for the next export, and say where it is."""
        path = Path(path)
        remember_export_folder(self.settings, path.parent)
        self.say(f"Exported to {path}")
