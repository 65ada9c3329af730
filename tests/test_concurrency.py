"""Many writers on one library file: writers wait their turn, readers never block, linking resumes."""
from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from reader import linking
from reader.errors import LibraryBusy, ReaderError
from reader.library import Library
from tests.conftest import SEEDS

ROOT = Path(__file__).resolve().parent.parent


def _name_matches(library: Library) -> list[tuple]:
    return library.db.execute(
        "SELECT document_id, start, end, key, entity_id, status FROM mentions"
        " WHERE source = 'name-match' ORDER BY document_id, start").fetchall()


def test_a_write_holds_the_library_from_its_first_read_to_its_commit(seeded: Library):
    """A second writer cannot slip a commit between what a write read and what it writes."""
    other = sqlite3.connect(seeded.path, timeout=0, isolation_level=None)
    try:
        with seeded.write():
            count = seeded.db.execute("SELECT COUNT(*) FROM meta").fetchone()[0]
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('other', '1')")
            seeded.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('mine', ?)", [str(count)])
        other.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('other', '1')")
    finally:
        other.close()
    assert seeded.get_flag("mine") is not None and seeded.get_flag("other") == "1"


def test_a_note_saved_during_linking_waits_and_the_linking_completes(seeded: Library, monkeypatch):
    """Another connection writes while relinking is between its read and its write."""
    link, saved, errors = linking.link, [], []

    def save_a_note() -> None:
        other = Library(seeded.path)
        try:
            saved.append(other.notes.add_document_note(1, "written while another process links").id)
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            other.close()

    writer = threading.Thread(target=save_a_note)

    def link_while_another_writes(*args, **kwargs):
        if not writer.is_alive() and not saved and not errors:
            started = threading.Event()
            writer.run = lambda: (started.set(), save_a_note())  # noqa: E731
            writer.start()
            started.wait()
        return link(*args, **kwargs)

    monkeypatch.setattr(linking, "link", link_while_another_writes)
    seeded.set_flag("linking_stale", "1")
    assert seeded.has_pending_work()
    seeded.analyse()
    writer.join()
    assert errors == [] and len(saved) == 1
    assert seeded.notes.get(saved[0]).body == "written while another process links"
    assert not seeded.has_pending_work()


_IMPORT = [sys.executable, "-m", "reader", "--library"]


def test_an_import_finishes_while_another_process_keeps_writing(tmp_path: Path, analyser):
    """A real `reader import` in a subprocess while this process adds notes until it ends."""
    path = tmp_path / "busy.db"
    library = Library(path, analyser=analyser)
    library.import_paths([SEEDS / "001_44389988b1146c98.txt"])
    importer = subprocess.Popen([*_IMPORT, str(path), "import", str(SEEDS)], cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    bodies = []
    while importer.poll() is None:
        bodies.append(f"note {len(bodies)}")
        library.notes.add_document_note(1, bodies[-1])
    out, err = importer.communicate()
    assert importer.returncode == 0, err
    assert "Traceback" not in err and "locked" not in err
    assert [n.body for n in library.notes.list()] == bodies
    assert library.document_count() == 5 and not library.has_pending_work()
    after_import = _name_matches(library)
    library.find_name_matches()
    assert _name_matches(library) == after_import and len(after_import) > 10
    library.close()


_DIE_AT = """
import os, sys
from reader.library import Library
library = Library(sys.argv[1])
def die_at(done, total, message):
    if message == sys.argv[3]:
        os._exit(9)  # killed at this step: no cleanup, no finally
library.import_paths([sys.argv[2]], progress=die_at)
"""


def _by_place(library: Library) -> set[tuple]:
    """Name matches and linked mentions, by document path (ids may differ between libraries)."""
    rows = library.db.execute(
        "SELECT d.path, m.start, m.end, m.key, m.source, m.status, e.name FROM mentions m"
        " JOIN documents d ON d.id = m.document_id LEFT JOIN entities e ON e.id = m.entity_id").fetchall()
    return set(rows)


@pytest.mark.parametrize("step", ["Linking entities", "Finding names the model missed"])
def test_analyse_finishes_a_linking_step_that_was_killed(step: str, seeded: Library, tmp_path: Path, analyser):
    path = tmp_path / "killed.db"
    result = subprocess.run([sys.executable, "-c", _DIE_AT, str(path), str(SEEDS), step], cwd=ROOT)
    assert result.returncode == 9
    library = Library(path, analyser=analyser)
    assert library.pending() == [] and library.has_pending_work()
    assert library.analyse() == 0
    assert not library.has_pending_work()
    assert _by_place(library) == _by_place(seeded)
    library.close()


def test_data_version_tells_a_change_made_by_another_connection(seeded: Library):
    version = seeded.data_version()
    seeded.notes.add_document_note(1, "my own change")
    assert seeded.data_version() == version  # its own commits are not news to it
    other = Library(seeded.path)
    other.notes.add_document_note(1, "another process's change")
    other.close()
    assert seeded.data_version() != version
    assert [n.body for n in seeded.notes.list()] == ["my own change", "another process's change"]


def test_a_passage_note_checks_the_text_the_user_selected(seeded: Library):
    document = seeded.document(1)
    start = document.text.index("Azerbaijan")
    seeded.notes.add_passage_note(1, start, start + 10, "fine", quote="Azerbaijan")
    with pytest.raises(ReaderError, match="changed since it was shown"):
        seeded.notes.add_passage_note(1, start, start + 14, "stale view", quote="Richard Thomas")
    assert [n.body for n in seeded.notes.list()] == ["fine"]


def test_readers_never_wait_for_a_writer(seeded: Library):
    """While one connection holds the write lock, another opens the library and reads at once."""
    with seeded.write():
        seeded.notes.add_document_note(1, "not committed yet")
        reader = Library(seeded.path, write_wait=0.01)  # opening takes no lock either
        try:
            assert reader.document_count() == 5 and reader.entity("Azerbaijan").documents == 5
            assert reader.search("Karabakh") and reader.notes.list() == []
            with pytest.raises(LibraryBusy, match="another program has been changing the library"):
                reader.notes.add_document_note(1, "a writer waits its turn, up to write_wait")
        finally:
            reader.close()
    assert [n.body for n in seeded.notes.list()] == ["not committed yet"]


def test_a_rebuild_of_caches_is_not_a_change_of_content(seeded: Library):
    """A window polls for other programs' changes; the graph's caches, rebuilt by its own helper process,
    change SQLite's data_version but are nothing to show."""
    content, version = seeded.content_version(), seeded.data_version()
    other = Library(seeded.path)
    other.analytics.refresh(force=True)
    assert seeded.data_version() != version and seeded.content_version() == content
    other.notes.add_document_note(1, "another process's change")
    other.close()
    assert seeded.content_version() > content
