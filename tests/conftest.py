"""Shared fixtures: a library of the seed articles, analysed once per test session."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reader.library import Library
from reader.nlp import Analyser
from reader.paths import SEEDS_DIR as SEEDS  # the sample articles, shipped in the package


@pytest.fixture(scope="session")
def analyser() -> Analyser:
    """One loaded spaCy model for the whole run (loading it costs half a second)."""
    return Analyser()


@pytest.fixture(scope="session")
def _seeded_file(tmp_path_factory, analyser) -> Path:
    folder = tmp_path_factory.mktemp("seeded")
    library = Library(folder / "library.db", analyser=analyser)
    library.import_paths([SEEDS])
    library.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    library.close()
    return folder / "library.db"


@pytest.fixture
def seeded(_seeded_file, tmp_path, analyser) -> Library:
    """A fresh copy of the analysed seed library, safe to change."""
    path = tmp_path / "library.db"
    shutil.copy(_seeded_file, path)
    library = Library(path, analyser=analyser)
    yield library
    library.close()


@pytest.fixture
def empty_library(tmp_path, analyser) -> Library:
    library = Library(tmp_path / "empty.db", analyser=analyser)
    yield library
    library.close()
