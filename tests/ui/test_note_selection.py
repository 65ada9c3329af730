"""Selecting a passage for a note: "+ Note" only for the reader's own selection and never over it; whole words."""
from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QTextCursor

from tests.ui.conftest import settle
from tests.ui.test_notes_ui import drag_select, open_titled, point_at, span_of
from tests.ui.test_notes_safety import shot


def selected_words(view) -> QRect:
    """Where the selected characters are painted: the union of the cursor rectangles of each position."""
    cursor, area = QTextCursor(view.document()), QRect()
    for position in range(view.textCursor().selectionStart(), view.textCursor().selectionEnd() + 1):
        cursor.setPosition(position)
        area = area.united(view.cursorRect(cursor))
    return area


def assert_beside_the_selection(view, button) -> None:
    assert button.isVisible()
    assert view.viewport().rect().contains(button.geometry())
    words = selected_words(view)
    assert not button.geometry().intersects(words), (button.geometry(), words)
    assert button.geometry().top() >= words.bottom() or button.geometry().bottom() <= words.top()


def test_the_note_button_shows_only_for_a_selection_the_reader_made(qtbot, window):
    document_id = open_titled(window, "Armenia and Russia")
    view, button = window.article.view, window.notes.note_button
    window.show_entity(window.library.entity("Russia").id)
    window.step_mention(1)  # F3
    assert view.selected_span() is not None and not button.isVisible()
    mention = window.library.mentions(entity_id=window.library.entity("Armenia").id)[0].mention
    window.open_document(mention.document_id, selection=(mention.start, mention.end))  # a jump to a mention
    settle(qtbot, window)
    assert view.selected_span() == (mention.start, mention.end) and not button.isVisible()
    open_titled(window, "Armenia and Russia")
    view.select_span(*span_of(window, "Jamestown Foundation"))  # from code (a search hit does the same)
    assert not button.isVisible()
    start = span_of(window, "Jamestown Foundation")[0]
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point_at(view, start))
    for _ in range(2):  # the keyboard: Ctrl+Shift+Right, word by word
        qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert view.text[slice(*view.selected_span())].strip() == "Jamestown Foundation"
    assert_beside_the_selection(view, button)
    assert window.library.notes.list(document_id=document_id) == []


def test_the_note_button_never_covers_the_selected_words(qtbot, window):
    open_titled(window, "Armenia and Russia")
    view, button = window.article.view, window.notes.note_button
    start, end = span_of(window, "undermines the peace process")
    drag_select(qtbot, view, start, end)
    assert_beside_the_selection(view, button)
    assert button.geometry().top() >= selected_words(view).bottom()  # below, where there is room
    shot(window.article, "note-button-below")
    longest = max(window.library.documents(), key=lambda d: len(window.library.document(d.id).text))
    window.open_document(longest.id)
    text = view.text
    start = text.index(" ", len(text) * 2 // 3) + 1  # three words two thirds down a long article
    end = start + len(" ".join(text[start:].split(" ")[:3]))
    drag_select(qtbot, view, start, end)
    bar = view.verticalScrollBar()  # the selection on the view's last line: the button goes above it
    bar.setValue(bar.value() + selected_words(view).bottom() - view.viewport().height() + 4)
    assert selected_words(view).bottom() > view.viewport().height() - button.height()
    assert_beside_the_selection(view, button)
    assert button.geometry().bottom() <= selected_words(view).top()
    shot(window.article, "note-button-above")
    paragraph = view.text.rindex("\n", 0, start) + 1  # several lines, ending at the view's last line
    drag_select(qtbot, view, paragraph, end)
    assert_beside_the_selection(view, button)


def test_a_passage_note_takes_whole_words_and_no_stray_punctuation(qtbot, window):
    document_id = open_titled(window, "Armenia and Russia")
    view = window.article.view
    start, end = span_of(window, "undermines the peace process")
    drag_select(qtbot, view, start + 3, end - 2)  # "ermines the peace proce"
    assert view.text[slice(*view.selected_span())] == "ermines the peace proce"
    window.notes.add_action.trigger()
    [note] = window.library.notes.list(document_id=document_id)
    assert (note.start, note.end, note.quote) == (start, end, "undermines the peace process")
    comma = view.text.index(", ", end)
    word_start = view.text.rindex(" ", 0, comma) + 1
    drag_select(qtbot, view, word_start - 1, comma + 2)  # " word, "
    window.notes.add_action.trigger()
    quotes = sorted(n.quote for n in window.library.notes.list(document_id=document_id))
    assert view.text[word_start:comma] in quotes
    assert all(q == q.strip(" ,.;:") for q in quotes)
