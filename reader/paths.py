"""Where things live: the default library file, the bundled seeds and resources."""
from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = PROJECT_ROOT / "seeds"
RESOURCES_DIR = PROJECT_ROOT / "resources"


def default_library_path() -> Path:
    """READER_LIBRARY if set, else library.db in the user's data directory."""
    override = os.environ.get("READER_LIBRARY")
    if override:
        return Path(override).expanduser()
    return Path(user_data_dir("Reader", appauthor=False)) / "library.db"
