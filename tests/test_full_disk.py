"""A full disk: one clear error naming the library and the disk, nothing half-written, nothing lost."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reader import drafts
from reader.atomic_write import write_atomically
from reader.errors import DiskFull
from reader.library import Library
from tests.conftest import SEEDS
from tests.filesystems import small_disk

ROOT = Path(__file__).resolve().parent.parent
BIG = "A long note. " * 20_000  # 260 KB: more than a full disk has left


@pytest.fixture
def disk(tmp_path):
    with small_disk(tmp_path / "disk") as disk:
        yield disk


@pytest.fixture
def library(disk, _seeded_file, analyser):
    shutil.copy(_seeded_file, disk.folder / "library.db")
    library = Library(disk.folder / "library.db", analyser=analyser)
    yield library
    library.close()


def _says_disk_full(error: pytest.ExceptionInfo, library: Library) -> None:
    message = str(error.value)
    assert message.startswith(f"{library.path}: the disk is full (") and "free on" in message


def test_a_note_on_a_full_disk_is_refused_whole_and_kept_as_it_was(disk, library: Library):
    note = library.notes.add_document_note(1, "first words")
    disk.fill(library.db)
    with pytest.raises(DiskFull) as full:
        library.notes.update_body(note.id, BIG)
    _says_disk_full(full, library)
    with pytest.raises(DiskFull):
        library.notes.add_document_note(2, BIG)
    with pytest.raises(DiskFull):
        library.notes.add_quote_note(1, library.document(1).text[:40], BIG)
    assert [(n.id, n.body) for n in library.notes.list()] == [(note.id, "first words")]
    disk.free()
    assert library.notes.update_body(note.id, BIG).body == BIG
    reopened = Library(library.path)
    assert reopened.notes.get(note.id).body == BIG
    reopened.close()


def test_a_correction_on_a_full_disk_changes_nothing(disk, library: Library):
    azerbaijan = library.entity("Azerbaijan")
    mentions = len(library.mentions(entity_id=azerbaijan.id))
    disk.fill(library.db)
    with pytest.raises(DiskFull) as full:
        library.corrections.merge(library.entity("Armenia"), azerbaijan)
    _says_disk_full(full, library)
    assert library.corrections.list() == []
    assert len(library.mentions(entity_id=azerbaijan.id)) == mentions
    assert library.entity("Armenia").name == "Armenia"


def test_an_import_on_a_full_disk_stops_in_one_line_and_keeps_what_was_stored(disk, tmp_path: Path, analyser):
    path = disk.folder / "import.db"
    library = Library(path, analyser=analyser)
    library.import_paths([SEEDS / "001_44389988b1146c98.txt"])
    big = tmp_path / "big.txt"
    big.write_text("Nikol Pashinyan spoke in Yerevan about the border.\n\n" * 8_000, encoding="utf-8")
    disk.fill(library.db)
    with pytest.raises(DiskFull) as full:
        library.import_paths([big])
    _says_disk_full(full, library)
    assert [d.title for d in library.documents()] == [library.document(1).title]
    library.close()
    if disk.mounted:  # the command line, on the same full disk: one line, no traceback
        result = subprocess.run([sys.executable, "-m", "reader", "--library", str(path), "import", str(big)],
                                cwd=ROOT, capture_output=True, text=True)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert result.stderr.count("\n") == 1 and "the disk is full" in result.stderr


def test_a_failed_export_leaves_the_previous_file(disk, library: Library):
    target = disk.folder / "notes.md"
    library.notes.add_document_note(1, "kept in the first export")
    library.notes.export_file(target, "md")
    first = target.read_bytes()
    library.notes.add_document_note(2, BIG)
    disk.fill(library.db)
    with pytest.raises(DiskFull, match="the disk is full") as full:
        library.notes.export_file(target, "md")
    assert str(target) in str(full.value)
    assert target.read_bytes() == first
    assert sorted(p.name for p in disk.folder.iterdir() if ".part" in p.name) == []
    disk.free()
    library.notes.dossier_file(disk.folder / "dossier.md", library.entity("Azerbaijan").id)
    assert (disk.folder / "dossier.md").read_text(encoding="utf-8").startswith("# Azerbaijan")


def test_a_draft_that_the_full_disk_refuses_is_kept_elsewhere_and_offered_back(disk, library: Library,
                                                                                 monkeypatch, tmp_path: Path):
    monkeypatch.setattr(drafts, "user_data_dir", lambda *args, **kwargs: str(disk.folder / "data"))
    monkeypatch.setattr(drafts.tempfile, "gettempdir", lambda: str(tmp_path / "elsewhere"))
    note = library.notes.add_document_note(1, "before")
    disk.fill(library.db)
    with pytest.raises(DiskFull):
        library.notes.update_body(note.id, BIG)
    kept = drafts.keep_draft(library.path, f"note {note.id}", BIG, {"note_id": note.id})
    if disk.mounted:
        assert kept.path.parent == tmp_path / "elsewhere" / "reader-drafts"
    assert [(d.key, d.body, d.target) for d in drafts.drafts(library.path)] == [
        (f"note {note.id}", BIG, {"note_id": note.id})]
    disk.free()
    library.notes.update_body(note.id, drafts.drafts(library.path)[0].body)
    drafts.discard_draft(kept)
    assert drafts.drafts(library.path) == [] and library.notes.get(note.id).body == BIG


def test_write_atomically_replaces_a_file_in_one_step(tmp_path: Path):
    target = tmp_path / "export.csv"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    write_atomically(target, "new,“text”\r\n")
    assert target.read_bytes() == "new,“text”\r\n".encode() and target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["export.csv"]
