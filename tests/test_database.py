"""Which files Reader opens as a library, and how it treats the others: untouched, with one clear line."""
from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from reader.errors import DamagedLibrary, LibraryError, NotALibrary, ReadOnlyLibrary
from reader.library import Library
from reader.storage.database import APPLICATION_ID, SCHEMA_VERSION
from tests.filesystems import made_read_only, read_only_disk

ROOT = Path(__file__).resolve().parent.parent


def _reader(library: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "reader", "--library", str(library), *args],
                          cwd=ROOT, capture_output=True, text=True)


def _files_beside(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


def _one_clear_line(result: subprocess.CompletedProcess, path: Path, *words: str) -> None:
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1, result.stderr
    assert str(path) in result.stderr and all(w in result.stderr for w in words), result.stderr


def test_another_programs_database_is_refused_untouched(tmp_path: Path):
    path = tmp_path / "places.sqlite"
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
        other.execute("INSERT INTO moz_places (url) VALUES ('https://example.org')")
    other.close()
    before = path.read_bytes()
    with pytest.raises(NotALibrary, match="not a Reader library") as refused:
        Library(path)
    assert str(path) in str(refused.value) and "moz_places" in str(refused.value)
    assert path.read_bytes() == before and _files_beside(path) == ["places.sqlite"]  # no -wal, no -shm
    _one_clear_line(_reader(path, "documents"), path, "not a Reader library")
    assert path.read_bytes() == before


def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path: Path):
    path = tmp_path / "notes.db"
    path.write_text("my own notes, not a database\n" * 10)
    before = path.read_bytes()
    _one_clear_line(_reader(path, "documents"), path, "not a Reader library")
    assert path.read_bytes() == before


def test_a_library_from_a_newer_reader_is_refused_untouched(tmp_path: Path):
    path = tmp_path / "newer.db"
    Library(path).close()
    with sqlite3.connect(path, isolation_level=None) as newer:  # a newer Reader: one more migration,
        newer.execute("PRAGMA journal_mode = delete")            # and it left the file out of WAL mode
        newer.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    newer.close()
    before = path.read_bytes()
    with pytest.raises(NotALibrary, match="newer Reader") as refused:
        Library(path)
    assert str(path) in str(refused.value)
    _one_clear_line(_reader(path, "entities"), path, "newer Reader")
    assert path.read_bytes() == before and _files_beside(path) == ["newer.db"]
    with sqlite3.connect(path) as check:
        assert check.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    check.close()


def test_empty_files_become_libraries_and_old_libraries_get_their_id(tmp_path: Path):
    for path in (tmp_path / "zero.db", tmp_path / "missing.db"):
        if path.name == "zero.db":
            path.write_bytes(b"")
        Library(path).close()
        with sqlite3.connect(path) as check:
            assert check.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
            assert check.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        check.close()
    old = tmp_path / "zero.db"  # a library written before Reader set its application_id
    with sqlite3.connect(old) as conn:
        conn.execute("PRAGMA application_id = 0")
        conn.execute("INSERT INTO meta (key, value) VALUES ('kept', 'yes')")
    conn.close()
    library = Library(old)
    assert library.get_flag("kept") == "yes"
    assert library.db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    library.close()


def _corrupt_the_mentions(path: Path) -> None:
    """Overwrite the first page of the mentions table with garbage, as a failing disk would."""
    with sqlite3.connect(path) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'mentions'").fetchone()[0]
    conn.close()
    with path.open("r+b") as file:
        file.seek((root - 1) * page_size)
        file.write(b"\xde\xad\xbe\xef" * (page_size // 4))


def test_a_damaged_library_says_so_in_one_line(_seeded_file: Path, tmp_path: Path):
    path = tmp_path / "damaged.db"
    shutil.copy(_seeded_file, path)
    _corrupt_the_mentions(path)
    library = Library(path)
    with pytest.raises(DamagedLibrary, match="damaged") as damaged:
        library.mentions()
    assert str(path) in str(damaged.value)
    library.close()
    _one_clear_line(_reader(path, "mentions"), path, "damaged")


def test_a_read_only_library_can_be_read_but_not_changed(_seeded_file: Path, tmp_path: Path):
    disk = tmp_path / "disk"
    with read_only_disk(disk):
        path = disk / "library.db"
        shutil.copy(_seeded_file, path)
        with made_read_only(disk):
            before = path.read_bytes()
            library = Library(path)
            assert library.read_only
            assert len(library.documents()) == 5 and library.entity("Azerbaijan").documents == 5
            assert library.search("Karabakh") and library.analytics.graph().nodes
            with pytest.raises(ReadOnlyLibrary, match="read-only") as refused:
                library.notes.add_document_note(1, "cannot be stored")
            assert str(path) in str(refused.value)
            with pytest.raises(ReadOnlyLibrary):
                library.corrections.rename(library.entity("Azerbaijan"), "Azerbaijan Republic")
            library.close()
            assert _reader(path, "entities").returncode == 0
            _one_clear_line(_reader(path, "notes", "add", "--document", "1", "--body", "x"), path, "read-only")
            assert path.read_bytes() == before


def test_a_new_library_in_a_read_only_folder_or_a_missing_one_says_why(tmp_path: Path):
    disk = tmp_path / "disk"
    with read_only_disk(disk), made_read_only(disk):
        with pytest.raises(ReadOnlyLibrary, match="cannot be written") as refused:
            Library(disk / "new.db")
        assert str(disk / "new.db") in str(refused.value)
        _one_clear_line(_reader(disk / "sub" / "new.db", "documents"), disk / "sub" / "new.db", "cannot be created")
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(LibraryError, match="is a file, not a folder"):
        Library(blocker / "library.db")


def test_a_second_connection_in_one_process_keeps_another_process_from_resetting_the_log(tmp_path: Path):
    """The window opens a connection per lane while others are open, and an import runs in its own process:
    opening one must not drop the locks of the others, or the import's process, closing last as it thinks,
    deletes the write-ahead log the window still reads (a damaged library)."""
    path = tmp_path / "library.db"
    reading = Library(path)
    reading.set_flag("kept", "yes")
    lane = Library(path)  # a lane of the window opening its own connection
    writer = ("import sqlite3, sys; conn = sqlite3.connect(sys.argv[1]); "
              "conn.execute(\"INSERT INTO meta (key, value) VALUES ('other', 'process')\"); conn.commit(); conn.close()")
    subprocess.run([sys.executable, "-c", writer, str(path)], check=True)
    assert (tmp_path / "library.db-wal").exists()  # the other process knew it was not the last one
    assert reading.get_flag("kept") == "yes" and lane.get_flag("other") == "process"
    lane.close()
    reading.close()
