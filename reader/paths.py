"""Where things live: the default library file, and the samples and resources shipped in the package."""
from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

from platformdirs import user_data_dir


def _shipped_folder(name: str) -> Path:
    """A folder inside the installed `reader` package (the same in a checkout, an editable install and a wheel)."""
    folder = files("reader") / name
    if not isinstance(folder, Path):  # a zipped install: neither Qt nor spaCy runs from one
        raise RuntimeError(f"Reader must be installed as files, not zipped: cannot read {folder}")
    return folder


SEEDS_DIR = _shipped_folder("seeds")
RESOURCES_DIR = _shipped_folder("resources")


def default_library_path() -> Path:
    """READER_LIBRARY if set, else library.db in the user's data directory."""
    override = os.environ.get("READER_LIBRARY")
    if override:
        return Path(override).expanduser()
    return Path(user_data_dir("Reader", appauthor=False)) / "library.db"
