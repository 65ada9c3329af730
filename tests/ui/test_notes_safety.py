"""Never lose a note in the window: a full disk, a closed window, a document changed underneath, a read-only library."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from reader import drafts
from reader.library import Library
from tests.filesystems import made_read_only, read_only_disk, small_disk
from tests.ui.conftest import open_window, settle
from tests.ui.test_notes_ui import drag_select, open_titled, span_of, stored

SHOTS = Path("/tmp/notes2-shots")


def shot(widget, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    widget.grab().save(str(SHOTS / f"{name}.png"))


@pytest.fixture
def disk(tmp_path, monkeypatch):
    """A small disk of its own for the library; drafts that cannot go beside it go to another disk."""
    monkeypatch.setattr(drafts, "user_data_dir", lambda *args, **kwargs: str(tmp_path / "data"))
    monkeypatch.setattr(drafts.tempfile, "gettempdir", lambda: str(tmp_path / "elsewhere"))
    with small_disk(tmp_path / "disk") as disk:
        yield disk


@pytest.fixture
def full_disk_window(qtbot, disk, _seeded_file, settings, analyser):
    shutil.copy(_seeded_file, disk.folder / "library.db")
    window = open_window(qtbot, Library(disk.folder / "library.db", analyser=analyser), settings, analyser)
    yield window
    window.close()
    window.library.close()


def full_message(window) -> str:
    return (f"Not saved: the disk holding {window.library.path} is full. Your text is kept;"
            " Reader will try again.")


def test_a_note_the_full_disk_refuses_stays_in_its_card_says_why_and_saves_when_there_is_room(
        qtbot, full_disk_window, disk):
    window = full_disk_window
    open_titled(window, "Armenia and Russia")
    card = window.notes.add_article_note()
    qtbot.keyClicks(card.editor, "First words")
    qtbot.waitUntil(lambda: card.note is not None and not card.dirty(), timeout=3000)
    disk.fill(window.library.db)
    qtbot.keyClicks(card.editor, ", then more")
    qtbot.waitUntil(lambda: card.unsaved, timeout=3000)
    assert card.body() == "First words, then more" and stored(window, card.note.id)[0] == "First words"
    assert card.problem.isVisible() and card.problem.text() == full_message(window)
    assert window.status_label.text() == full_message(window) and card.state.text() == "Not saved"
    assert [(d.key, d.body) for d in drafts.drafts(window.library.path)] == [
        (f"note {card.note.id}", "First words, then more")]
    shot(card, "card-not-saved")
    disk.free()
    qtbot.keyClicks(card.editor, ".")  # the next edit tries again
    qtbot.waitUntil(lambda: stored(window, card.note.id)[0] == "First words, then more.", timeout=3000)
    assert not card.unsaved and not card.problem.isVisible() and drafts.drafts(window.library.path) == []
    disk.fill(window.library.db)
    window.notes.saving.timer.setInterval(100)
    qtbot.keyClicks(card.editor, " Again")
    qtbot.waitUntil(lambda: card.unsaved, timeout=3000)
    disk.free()  # no more typing: the timer tries again
    qtbot.waitUntil(lambda: stored(window, card.note.id)[0] == "First words, then more. Again", timeout=3000)
    assert not card.unsaved and window.status_label.text() == "Note saved."


def test_unsaved_notes_are_kept_on_close_and_offered_back_at_the_next_start(
        qtbot, full_disk_window, disk, settings, analyser):
    window = full_disk_window
    document_id = open_titled(window, "Armenia and Russia")
    card = window.notes.add_article_note()
    qtbot.keyClicks(card.editor, "Stored before")
    qtbot.waitUntil(lambda: card.note is not None and not card.dirty(), timeout=3000)
    note_id = card.note.id
    disk.fill(window.library.db)
    qtbot.keyClicks(card.editor, " and typed on a full disk")
    new_card = window.notes.add_article_note()
    qtbot.keyClicks(new_card.editor, "A new note nobody could store")
    window.close()  # the typing is flushed, refused by the full disk, and kept as drafts
    assert stored(window, note_id)[0] == "Stored before"
    assert sorted(d.body for d in drafts.drafts(window.library.path)) == [
        "A new note nobody could store", "Stored before and typed on a full disk"]
    path = window.library.path
    window.library.close()
    disk.free()
    again = open_window(qtbot, Library(path, analyser=analyser), settings, analyser)
    bar = again.notes.saving.bar
    assert bar is not None and bar.isVisible() and "2 notes" in bar.label.text()
    assert again.side_tabs.currentWidget() is again.notes.panel
    shot(again.side_dock, "drafts-offered")
    qtbot.mouseClick(bar.restore_button, Qt.MouseButton.LeftButton)
    settle(qtbot, again)
    qtbot.waitUntil(lambda: not bar.isVisible(), timeout=3000)
    notes = again.library.notes.list(document_id=document_id)
    assert sorted(n.body for n in notes) == ["A new note nobody could store", "Stored before and typed on a full disk"]
    assert again.library.notes.get(note_id).body == "Stored before and typed on a full disk"
    assert drafts.drafts(path) == [] and "2 notes restored" in again.status_label.text()
    again.close()
    again.library.close()


def test_a_correction_on_a_full_disk_is_one_plain_message_and_changes_nothing(qtbot, full_disk_window, disk):
    window = full_disk_window
    armenia = window.library.entity("Armenia")
    disk.fill(window.library.db)
    assert window.corrections.rename(armenia.id, "Republic of Armenia")
    qtbot.waitUntil(lambda: isinstance(window.corrections.last_dialog, QMessageBox)
                    and window.corrections.last_dialog.isVisible(), timeout=5000)
    box = window.corrections.last_dialog
    assert box.text() == (f"The correction was not made: the disk holding {window.library.path} is full."
                          " Nothing was changed; free some space and try again.")
    assert window.status_label.text() == "Correction not made."
    assert window.library.entity_by_id(armenia.id).name == "Armenia" and window.library.corrections.list() == []
    box.close()


def test_a_passage_note_on_a_document_changed_underneath_is_refused_and_the_document_shown_afresh(
        qtbot, window, tmp_path, analyser):
    source = tmp_path / "talks.txt"
    source.write_text("Talks in Geneva\n\nThe ministers said the peace process would resume in May.\n",
                      encoding="utf-8")
    other = Library(window.library.path, analyser=analyser)  # another process, as the command line would be
    other.import_paths([source])
    window.refresh_library()
    settle(qtbot, window)
    window.watcher.timer.stop()  # the window has not noticed the next change yet
    document_id = open_titled(window, "Talks in Geneva")
    source.write_text("Talks in Geneva\n\nAfter a long delay, the ministers said the peace process would resume"
                      " in May.\n", encoding="utf-8")
    other.import_paths([source])
    other.close()
    view = window.article.view
    start, end = span_of(window, "peace process")  # offsets of the old text, still shown
    drag_select(qtbot, view, start, end)
    window.notes.add_action.trigger()
    assert window.library.notes.list(document_id=document_id) == []
    assert "changed since it was shown" in window.status_label.text()
    assert "Select the passage again" in window.status_label.text()
    assert view.text.startswith("Talks in Geneva\n\nAfter a long delay")  # shown afresh
    drag_select(qtbot, view, *span_of(window, "peace process"))
    window.notes.add_action.trigger()
    [note] = window.library.notes.list(document_id=document_id)
    assert note.quote == "peace process" and view.text[note.start:note.end] == "peace process"


def test_a_read_only_library_opens_and_reads_but_refuses_notes_and_corrections_plainly(
        qtbot, tmp_path, _seeded_file, settings, analyser):
    folder = tmp_path / "ro"
    with read_only_disk(folder):
        shutil.copy(_seeded_file, folder / "library.db")
        with made_read_only(folder):
            library = Library(folder / "library.db", analyser=analyser)
            assert library.read_only
            window = open_window(qtbot, library, settings, analyser)
            document_id = open_titled(window, "Armenia and Russia")
            settle(qtbot, window)
            message = window.status_label.text()
            assert message.startswith(f"This library is read-only: {library.path} cannot be written")
            assert window.findChild(type(window.status_label), "readOnlyLine").isVisible()
            shot(window.statusBar(), "read-only-status")
            assert not window.notes.add_action.isEnabled() and not window.notes.panel.add_button.isEnabled()
            view = window.article.view
            drag_select(qtbot, view, *span_of(window, "Jamestown Foundation"))
            assert not window.notes.note_button.isVisible()
            qtbot.keyClick(view, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
            assert window.library.notes.list(document_id=document_id) == []
            armenia = window.library.entity("Armenia")
            window.status_label.clear()
            assert not window.corrections.rename(armenia.id, "Republic of Armenia")
            assert window.status_label.text().startswith("This library is read-only:")
            settle(qtbot, window)
            assert window.library.entity_by_id(armenia.id).name == "Armenia"
            assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
            window.close()
            library.close()


def test_an_unsaved_note_of_an_article_left_behind_is_offered_at_once(qtbot, full_disk_window, disk):
    window = full_disk_window
    first = open_titled(window, "Armenia and Russia")
    disk.fill(window.library.db)
    card = window.notes.add_article_note()
    qtbot.keyClicks(card.editor, "Written on a full disk")
    qtbot.waitUntil(lambda: card.unsaved, timeout=3000)
    open_titled(window, "Russia expresses concern")  # the card goes with its article; its text does not
    bar = window.notes.saving.bar
    assert bar is not None and bar.isVisible() and "“Written on a full disk”" in bar.label.text()
    disk.free()
    qtbot.mouseClick(bar.restore_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    qtbot.waitUntil(lambda: not bar.isVisible(), timeout=3000)
    assert [n.body for n in window.library.notes.list(document_id=first)] == ["Written on a full disk"]
    assert drafts.drafts(window.library.path) == []


def test_a_note_save_waits_only_briefly_for_another_writer_and_tries_again(qtbot, window, analyser):
    open_titled(window, "Armenia and Russia")
    card = window.notes.add_article_note()
    qtbot.keyClicks(card.editor, "Typed")
    qtbot.waitUntil(lambda: card.note is not None and not card.dirty(), timeout=3000)
    other = Library(window.library.path, analyser=analyser)  # another program holds the write lock
    other.db.conn.execute("BEGIN IMMEDIATE")
    qtbot.keyClicks(card.editor, " while it was busy")
    qtbot.waitUntil(lambda: card.unsaved, timeout=3000)  # refused after a short wait: the window never froze
    assert card.problem.text() == (f"Not saved: another program is changing {window.library.path}."
                                   " Your text is kept; Reader will try again.")
    other.db.conn.execute("ROLLBACK")
    other.close()
    qtbot.keyClicks(card.editor, "!")
    qtbot.waitUntil(lambda: stored(window, card.note.id)[0] == "Typed while it was busy!", timeout=3000)
    assert not card.unsaved
