"""Notes in the window: select and add, autosave, delete and undo, highlights, entity notes, export, browser."""
from __future__ import annotations

import csv
import json

from PySide6.QtCore import QEvent, QPoint, Qt, QTimer
from PySide6 import QtGui
from PySide6.QtGui import QAction, QHelpEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QToolTip

from reader.ui import theme
from tests.ui.conftest import settle

MARKUP = "<b>bold</b><script>x</script>"


def open_titled(window, start: str) -> int:
    document_id = next(d.id for d in window.library.documents() if d.title.startswith(start))
    window.open_document(document_id)
    return document_id


def span_of(window, text: str) -> tuple[int, int]:
    at = window.article.view.text.index(text)
    return at, at + len(text)


def point_at(view, offset: int) -> QPoint:
    view.center_on(offset)
    cursor = QTextCursor(view.document())
    cursor.setPosition(offset)
    return view.cursorRect(cursor).center() + QPoint(2, 0)


def stored(window, note_id: int):
    return window.library.db.execute("SELECT body, start, end, status FROM notes WHERE id = ?", [note_id]).fetchone()


def test_select_text_and_add_a_note_with_the_shortcut(qtbot, window):
    document_id = open_titled(window, "Armenia and Russia")
    view, notes = window.article.view, window.notes
    start, end = span_of(window, "undermines the peace process")
    view.select_span(start, end)
    qtbot.keyClick(view, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    [note] = window.library.notes.list(document_id=document_id)
    assert (note.start, note.end, note.quote, note.body) == (start, end, "undermines the peace process", "")
    card = notes.panel.cards[note.id]
    assert notes.side_tabs.currentWidget() is notes.panel
    qtbot.waitUntil(lambda: card.editor.hasFocus())
    assert view.selected_span() is None and not notes.note_button.isVisible()
    assert view.overlay("notes") == [(start, end)]
    window.undo_action.trigger()  # undo "Add note"
    assert window.library.notes.list(document_id=document_id) == []
    assert view.overlay("notes") == []


def drag_select(qtbot, view, start: int, end: int) -> None:
    """Select text[start:end] with the mouse, as a reader does: press, move, release."""
    begin, finish = point_at(view, start), point_at(view, end) - QPoint(3, 0)
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=begin)
    qtbot.mouseMove(view.viewport(), finish)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=finish)


def test_the_floating_button_follows_the_selection_and_adds_a_note(qtbot, window):
    document_id = open_titled(window, "Armenia and Russia")
    view, button = window.article.view, window.notes.note_button
    start, end = span_of(window, "Jamestown Foundation")
    drag_select(qtbot, view, start, end)
    assert view.selected_span() == (start, end) and button.isVisible()
    cursor = QTextCursor(view.document())
    cursor.setPosition(end)
    end_rect = view.cursorRect(cursor)
    assert abs(button.geometry().top() - end_rect.bottom()) < 40
    assert view.viewport().rect().contains(button.geometry())
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    [note] = window.library.notes.list(document_id=document_id)
    assert (note.start, note.end) == (start, end)
    assert not button.isVisible()
    drag_select(qtbot, view, start, start + 1)
    assert button.isVisible()
    view.setTextCursor(QTextCursor(view.document()))  # nothing selected
    assert not button.isVisible()


def test_typing_autosaves_after_a_pause_and_close_flushes_the_rest(qtbot, window):
    document_id = open_titled(window, "Armenia and Russia")
    window.article.view.select_span(*span_of(window, "Jamestown Foundation"))
    note = window.notes.add_note()
    card = window.notes.panel.cards[note.id]
    qtbot.keyClicks(card.editor, "Think tank in Washington")
    assert stored(window, note.id)[0] == ""  # not on every key: after a pause
    qtbot.waitUntil(lambda: stored(window, note.id)[0] == "Think tank in Washington", timeout=3000)
    assert not card.dirty()
    qtbot.keyClicks(card.editor, ", founded 1984")
    assert card.dirty()
    window.close()
    assert stored(window, note.id)[0] == "Think tank in Washington, founded 1984"
    assert window.library.notes.list(document_id=document_id)[0].body.endswith("1984")


def test_an_article_note_is_stored_once_something_is_written(qtbot, window):
    document_id = open_titled(window, "Russia expresses concern")
    card = window.notes.panel.add_draft()
    assert card.note is None and window.library.notes.list(document_id=document_id) == []
    qtbot.keyClicks(card.editor, "Official Russian position")
    qtbot.waitUntil(lambda: card.note is not None, timeout=3000)
    [note] = window.library.notes.list(document_id=document_id)
    assert (note.kind, note.body) == ("document", "Official Russian position")
    assert window.notes.panel.cards[note.id] is card


def test_delete_then_ctrl_z_restores_the_same_note(qtbot, window):
    document_id = open_titled(window, "Armenia and Russia")
    start, end = span_of(window, "withdrawal of the Armenian armed groups")
    note = window.library.notes.add_passage_note(document_id, start, end, "Who decides?")
    window.notes.refresh()
    card = window.notes.panel.cards[note.id]
    qtbot.mouseClick(card.delete_button, Qt.MouseButton.LeftButton)
    assert stored(window, note.id) is None
    assert note.id not in window.notes.panel.cards and window.article.view.overlay("notes") == []
    window.article.view.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    back = window.library.notes.get(note.id)
    assert (back.id, back.body, back.start, back.end, back.quote) == (note.id, "Who decides?", start, end, note.quote)
    assert window.notes.panel.cards[note.id].body() == "Who decides?"
    assert window.article.view.overlay("notes") == [(start, end)]
    window.redo_action.trigger()
    assert stored(window, note.id) is None


def test_the_note_highlight_renders_and_shows_the_note_on_hover_and_click(qtbot, window):
    document_id = open_titled(window, "Armenia and Russia")
    view = window.article.view
    start, end = span_of(window, "regional stability")
    note = window.library.notes.add_passage_note(document_id, start, end, "Stability for whom?")
    window.notes.refresh()
    assert view.overlay("notes") == [(start, end)]
    colour = theme.colours("_note", theme.is_dark(view.palette())).background
    painted = [s for s in view.extraSelections() if s.format.background().color() == colour]
    assert [(s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in painted] == [(start, end)]
    assert all(colour != theme.colours(label).background for label in theme.label_order())
    assert "Stability for whom?" in window.notes.tooltip_at(start + 3)
    assert window.notes.tooltip_at(end + 2) is None
    point = point_at(view, start + 3)
    event = QHelpEvent(QEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point))
    QApplication.sendEvent(view, event)
    assert "Stability for whom?" in QToolTip.text()
    window.notes.side_tabs.setCurrentWidget(window.entity_panel)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point_at(view, start + 3))
    assert window.notes.side_tabs.currentWidget() is window.notes.panel
    assert window.notes.panel.current_id == note.id
    qtbot.waitUntil(lambda: window.notes.panel.cards[note.id].editor.hasFocus())


def test_markup_in_a_note_is_shown_as_typed(qtbot, window):
    document_id = open_titled(window, "Armenia and Russia")
    view = window.article.view
    view.select_span(*span_of(window, "Vasif Huseynov"))
    note = window.notes.add_note()
    card = window.notes.panel.cards[note.id]
    qtbot.keyClicks(card.editor, MARKUP)
    qtbot.waitUntil(lambda: stored(window, note.id)[0] == MARKUP, timeout=3000)
    assert card.editor.toPlainText() == MARKUP
    tip = window.notes.tooltip_at(note.start)
    assert MARKUP in tip and not QtGui.Qt.mightBeRichText(tip)
    window.select_entity(window.library.entity("Vasif Huseynov").id)
    [row] = window.notes.entity_notes.rows
    assert row.body.text() == MARKUP and row.body.textFormat() == Qt.TextFormat.PlainText
    browser = window.notes.show_browser()
    assert "&lt;b&gt;bold&lt;/b&gt;&lt;script&gt;" in browser.model.item(0).data(Qt.ItemDataRole.UserRole + 10)
    assert window.library.notes.list(document_id=document_id)[0].body == MARKUP


def test_entity_notes_show_in_the_entity_panel(qtbot, window):
    document_id = open_titled(window, "Armenia and Russia")
    library, widget = window.library, window.notes.entity_notes
    jamestown = library.entity("Jamestown Foundation")
    window.select_entity(jamestown.id)
    assert widget.isVisible() and widget.empty.isVisible()
    qtbot.mouseClick(widget.add_button, Qt.MouseButton.LeftButton)
    [draft] = widget.drafts
    qtbot.keyClicks(draft.editor, "Publishes the Eurasia Daily Monitor")
    qtbot.waitUntil(lambda: library.notes.list(entity_id=jamestown.id) != [], timeout=3000)
    [note] = library.notes.list(entity_id=jamestown.id)
    assert note.kind == "entity" and widget.cards[note.id] is draft
    # a passage note is linked to the entities inside its passage
    start, end = span_of(window, "the withdrawal of the Armenian armed groups from Azerbaijan")
    passage = library.notes.add_passage_note(document_id, start, end, "Baku's framing")
    window.notes.refresh()
    azerbaijan = library.entity("Azerbaijan")
    window.select_entity(azerbaijan.id)
    assert [row.note.id for row in widget.rows] == [passage.id]
    assert widget.heading.text() == "Notes · 1"
    chips = window.notes.panel.cards[passage.id].entities.findChildren(QPushButton)
    assert azerbaijan.name in [chip.text() for chip in chips]
    window.select_entity(jamestown.id)
    assert list(widget.cards) == [note.id] and widget.rows == []
    window.select_entity(azerbaijan.id)
    qtbot.mouseClick(widget.rows[0], Qt.MouseButton.LeftButton)
    assert window.article.view.selected_span() == (start, end)
    assert window.notes.panel.current_id == passage.id


def test_an_orphaned_note_is_listed_for_review_and_attached_to_a_new_selection(qtbot, window):
    document_id = open_titled(window, "Armenia and Russia")
    library, view, panel = window.library, window.article.view, window.notes.panel
    start, end = span_of(window, "jeopardizes regional stability")
    note = library.notes.add_passage_note(document_id, start, end, "Keep me")
    text = view.text
    with library.db.atomic():  # the source changed and the passage is gone
        library.notes.reanchor_document(document_id, text, text.replace("jeopardizes regional stability", "x"))
    window.notes.refresh()
    window.notes.panel_action.trigger()  # Ctrl+Shift+N: the notes tab
    card = panel.cards[note.id]
    assert card.note.status == "orphaned" and panel.review_heading.isVisible()
    assert card.attach_button.isVisible() and not card.attach_button.isEnabled()
    assert view.overlay("notes") == []
    review = window.notes.show_browser(status="orphaned")
    assert [n.id for n in review.shown_notes()] == [note.id]
    review.close()
    new_start, new_end = span_of(window, "the peace process")
    view.select_span(new_start, new_end)
    assert card.attach_button.isEnabled()
    qtbot.mouseClick(card.attach_button, Qt.MouseButton.LeftButton)
    attached = library.notes.get(note.id)
    assert (attached.status, attached.start, attached.end, attached.body) == ("anchored", new_start, new_end, "Keep me")
    assert view.overlay("notes") == [(new_start, new_end)] and not panel.review_heading.isVisible()
    window.undo_action.trigger()
    assert library.notes.get(note.id).status == "orphaned"


def test_export_writes_markdown_csv_json_and_a_dossier(qtbot, window, tmp_path, monkeypatch):
    document_id = open_titled(window, "Armenia and Russia")
    library = window.library
    library.notes.add_passage_note(document_id, *span_of(window, "Jamestown Foundation"), "US think tank")
    chosen = {}
    monkeypatch.setattr("reader.ui.library.exporter.QFileDialog.getSaveFileName",
                        lambda parent, title, suggested, pattern: (str(tmp_path / chosen["name"]), pattern))

    def export(kind: str, name: str) -> None:
        def pick() -> None:
            window.exporter.last_dialog.choose(kind)
            window.exporter.last_dialog.accept()

        chosen["name"] = name
        QTimer.singleShot(0, pick)
        window.exporter.action.trigger()
        settle(qtbot, window)

    export("csv", "notes.csv")
    rows = list(csv.DictReader((tmp_path / "notes.csv").open(encoding="utf-8")))
    assert any("US think tank" in row.values() for row in rows)
    export("md", "notes.md")
    assert "US think tank" in (tmp_path / "notes.md").read_text(encoding="utf-8")
    export("json", "notes.json")
    exported = json.loads((tmp_path / "notes.json").read_text(encoding="utf-8"))
    assert "US think tank" in json.dumps(exported)
    window.select_entity(library.entity("Jamestown Foundation").id)
    export("dossier", "dossier.md")
    assert "US think tank" in (tmp_path / "dossier.md").read_text(encoding="utf-8")
    assert window.status_label.text() == f"Exported the dossier to {tmp_path / 'dossier.md'}"


def test_import_notes_shows_what_was_anchored(qtbot, window, tmp_path, monkeypatch):
    document_id = open_titled(window, "Armenia and Russia")
    library = window.library
    note = library.notes.add_passage_note(document_id, *span_of(window, "Jamestown Foundation"), "Imported body")
    (tmp_path / "notes.json").write_text(library.notes.export("json"), encoding="utf-8")
    library.notes.delete(note.id)
    monkeypatch.setattr("reader.ui.notes.notes_browser.QFileDialog.getOpenFileName",
                        lambda *args: (str(tmp_path / "notes.json"), ""))
    window.notes.import_action.trigger()
    box = window.notes.last_dialog
    assert isinstance(box, QMessageBox) and "1 anchored" in box.text()
    [imported] = library.notes.list(document_id=document_id)
    assert imported.body == "Imported body" and imported.id in window.notes.panel.cards
    box.close()


def test_the_notes_browser_filters_by_words_and_by_entity(qtbot, window):
    first = open_titled(window, "Armenia and Russia")
    library = window.library
    a = library.notes.add_passage_note(first, *span_of(window, "Jamestown Foundation"), "Think tank")
    second = open_titled(window, "Russia expresses concern")
    b = library.notes.add_passage_note(second, *span_of(window, "Azerbaijan"), "Baku again")
    c = library.notes.add_document_note(second, "Moscow's view")
    window.notes.browser_action.trigger()
    browser = window.notes.last_dialog
    assert {n.id for n in browser.shown_notes()} == {a.id, b.id, c.id}
    qtbot.keyClicks(browser.search, "baku")
    qtbot.waitUntil(lambda: [n.id for n in browser.shown_notes()] == [b.id])
    browser.search.clear()
    browser.entity_combo.setCurrentIndex(browser.entity_combo.findData(library.entity("Jamestown Foundation").id))
    qtbot.waitUntil(lambda: [n.id for n in browser.shown_notes()] == [a.id])
    browser.results.setCurrentIndex(browser.model.index(0, 0))
    browser.results.activated.emit(browser.model.index(0, 0))
    assert window.current_document == first
    assert window.article.view.selected_span() == (a.start, a.end)
    browser.close()


def test_notes_menus_and_shortcuts(qtbot, window):
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    texts = [a.text() for a in file_menu.actions()]
    assert texts.index("Export…") < texts.index("Quit") and "Import notes…" in texts
    shortcuts = [s.toString() for a in window.findChildren(QAction) for s in a.shortcuts() if not s.isEmpty()]
    assert len(shortcuts) == len(set(shortcuts)), sorted(shortcuts)
    assert "Ctrl+Shift+M" in shortcuts and "Ctrl+Shift+J" in shortcuts
    notes_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Notes")
    assert [a.text() for a in notes_menu.actions()][0] == "Add note"
