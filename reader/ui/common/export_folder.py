"""The one folder every export remembers (File → Export… of any kind, and File → Import notes… starts there)."""
from __future__ import annotations

from pathlib import Path

FOLDER_KEY = "export/last_folder"
OLD_FOLDER_KEY = "notes/export_dir"  # where the notes exports remembered it before


def export_folder(settings) -> Path:
    """The folder the last export went to; the home folder at first."""
    value = settings.value(FOLDER_KEY) or settings.value(OLD_FOLDER_KEY)
    return Path(str(value)) if value else Path.home()


def remember_export_folder(settings, folder: str | Path) -> None:
    settings.setValue(FOLDER_KEY, str(folder))
