"""Correcting entities from the window: drag to merge, the picker, rename, ignore, review, undo."""
from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt, QTimer
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from reader.ui.entities.entity_panel import ENTITY_MIME, ENTITY_ROLE
from reader.ui.entities.mentions_model import MENTION_ROLE
from tests.ui.conftest import settle


def open_titled(window, start: str) -> None:
    window.open_document(next(d.id for d in window.library.documents() if d.title.startswith(start)))


def reopen_name_matches(window, entity_id: int) -> None:
    """Send the entity's certain (automatically linked) name matches back to review, as a reader can."""
    for m in window.library.mentions(entity_id=entity_id):
        if m.mention.source == "name-match":
            window.library.corrections.review(m.mention.id, "pending")


def article_item(window, entity_id: int):
    model = window.entity_panel.article_model
    for row in range(model.rowCount()):
        group = model.item(row)
        for child in range(group.rowCount()):
            if group.child(child).data(ENTITY_ROLE) == entity_id:
                return group.child(child)
    raise AssertionError(f"entity {entity_id} not listed in this article")


def test_dropping_one_entity_on_another_merges_them_and_undo_splits_them_again(qtbot, window):
    open_titled(window, "Analysts in Moscow")
    library = window.library
    # "Kavkazsky (Uzel)" is the Russian name of the "Caucasian Knot": the model cannot know that
    source, target = library.entity("Kavkazsky"), library.entity("Caucasian Knot")
    assert source.id != target.id
    source_count = target.mentions + source.mentions
    tree = window.entity_panel.article_view
    mime = QMimeData()
    mime.setData(ENTITY_MIME, str(source.id).encode())
    tree.scrollTo(article_item(window, target.id).index())
    point = tree.visualRect(article_item(window, target.id).index()).center()
    for event in (QDragEnterEvent(point, Qt.DropAction.MoveAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier),
                  QDragMoveEvent(point, Qt.DropAction.MoveAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier),
                  QDropEvent(point.toPointF(), Qt.DropAction.MoveAction, mime, Qt.MouseButton.LeftButton,
                             Qt.KeyboardModifier.NoModifier)):
        QApplication.sendEvent(tree.viewport(), event)
        assert event.isAccepted()
    settle(qtbot, window)
    merged = library.entity_by_id(target.id)
    assert merged.mentions == source_count
    assert window.entity_panel.title.text() == merged.name
    assert "Merged" in window.status_label.text()
    window.undo_action.trigger()
    settle(qtbot, window)
    assert library.entity_by_id(target.id).mentions == target.mentions
    assert window.status_label.text().startswith("Undone: Merged")
    window.redo_action.trigger()
    settle(qtbot, window)
    assert library.entity_by_id(target.id).mentions == source_count
    assert window.status_label.text().startswith("Redone: Merged")


def test_merge_into_via_the_searchable_picker(qtbot, window):
    open_titled(window, "Russian forces in Qarabagh")
    library = window.library
    qarabagh, karabakh = library.entity("Qarabagh"), library.entity("Karabakh")

    def pick() -> None:
        picker = window.corrections.last_dialog
        qtbot.keyClicks(picker.search, "karab")
        qtbot.waitUntil(lambda: picker.model.rowCount() > 0 and "Karabakh" in picker.model.item(0).text())
        assert picker.chosen_id() is None  # nothing is chosen for the reader
        qtbot.keyClick(picker.search, Qt.Key.Key_Return)  # Enter alone merges into nothing
        assert picker.isVisible() and picker.chosen_id() is None
        qtbot.keyClick(picker.list, Qt.Key.Key_Down)
        picker.list.setCurrentIndex(picker.model.index(0, 0))
        assert picker.chosen_id() == karabakh.id
        qtbot.keyClick(picker.list, Qt.Key.Key_Return)

    QTimer.singleShot(0, pick)
    window.corrections.choose_merge_target(qarabagh.id)
    settle(qtbot, window)
    assert library.entity_by_id(karabakh.id).documents == 5
    assert window.selected_entity == karabakh.id
    highlighted = {m.entity_name for m in window.article.view.mentions() if m.mention.text == "Qarabagh"}
    assert highlighted == {"Karabakh"}


def test_rename_shows_the_new_name_in_the_text_and_the_panel(qtbot, window, monkeypatch):
    open_titled(window, "Russia expresses concern")
    entity = window.library.entity("Azerbaijan")
    monkeypatch.setattr("reader.ui.entities.corrections_controller.QInputDialog.getText",
                        lambda *args, **kwargs: ("Republic of Azerbaijan", True))
    window.corrections.ask_rename(entity.id)
    settle(qtbot, window)
    assert window.library.entity_by_id(entity.id).name == "Republic of Azerbaijan"
    assert window.entity_panel.title.text() == "Republic of Azerbaijan"
    assert {m.entity_name for m in window.article.view.mentions() if m.mention.text == "Azerbaijan"} == {"Republic of Azerbaijan"}


def test_not_an_entity_removes_highlights_and_panel_entries_until_undone(qtbot, window):
    open_titled(window, "Analysts in Moscow")
    knot = window.library.entity("Caucasian Knot")
    window.select_entity(knot.id)
    window.corrections.ignore(knot.id)
    settle(qtbot, window)
    assert all(m.entity_name != "Caucasian Knot" for m in window.article.view.mentions())
    assert window.entity_panel.title.text() == "Select an entity"
    listed = [window.entity_panel.article_model.item(r).child(c).text()
              for r in range(window.entity_panel.article_model.rowCount())
              for c in range(window.entity_panel.article_model.item(r).rowCount())]
    assert not any(text.startswith("Caucasian Knot") for text in listed)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, window)
    assert any(m.entity_name == "Caucasian Knot" for m in window.article.view.mentions())


def first_unlinked(panel):
    model = panel.unlinked_model
    return model.index(0, 0, model.index(0, 0))


def test_unlinked_mentions_are_reviewed_with_one_key_and_the_next_one_is_selected(qtbot, window):
    open_titled(window, "Analysts in Moscow")
    csto = window.library.entity("CSTO")
    reopen_name_matches(window, csto.id)
    window.select_entity(csto.id)
    settle(qtbot, window)
    panel = window.entity_panel
    assert not panel.unlinked.isHidden()
    assert panel.unlinked.toggle.text().startswith("Unlinked mentions · ")
    before = len(window.library.mentions(entity_id=csto.id, status="unlinked"))
    assert before >= 2
    panel.unlinked_view.setCurrentIndex(first_unlinked(panel))
    panel.unlinked_view.setFocus()
    second = panel.unlinked_model.groups[0].mentions[1] if len(panel.unlinked_model.groups[0].mentions) > 1 \
        else panel.unlinked_model.groups[1].mentions[0]
    linked_before = window.library.entity_by_id(csto.id).mentions
    qtbot.keyClick(panel.unlinked_view, Qt.Key.Key_A)
    assert panel.unlinked_view.currentIndex().data(MENTION_ROLE) is second  # on to the next one at once
    settle(qtbot, window)
    assert window.library.entity_by_id(csto.id).mentions == linked_before + 1
    assert len(window.library.mentions(entity_id=csto.id, status="unlinked")) == before - 1
    assert panel.unlinked_view.currentIndex().data(MENTION_ROLE) is second  # the change did not reset the list
    qtbot.keyClick(panel.unlinked_view, Qt.Key.Key_R)  # the next key acts on the next name
    settle(qtbot, window)
    assert len(window.library.mentions(entity_id=csto.id, status="unlinked")) == before - 2
    window.undo_action.trigger()
    window.undo_action.trigger()
    settle(qtbot, window)
    assert len(window.library.mentions(entity_id=csto.id, status="unlinked")) == before
    assert window.status_label.text().startswith("Undone: Linked a name")


def test_clicking_an_unlinked_mention_shows_it_in_the_article(qtbot, window):
    open_titled(window, "Analysts in Moscow")
    csto = window.library.entity("CSTO")
    reopen_name_matches(window, csto.id)
    window.select_entity(csto.id)
    settle(qtbot, window)
    panel = window.entity_panel
    index = first_unlinked(panel)
    mention = index.data(MENTION_ROLE).mention
    panel.unlinked_view.scrollTo(index)
    qtbot.mouseClick(panel.unlinked_view.viewport(), Qt.MouseButton.LeftButton,
                     pos=panel.unlinked_view.visualRect(index).center())
    assert window.current_document == mention.document_id
    assert window.article.view.selected_span() == (mention.start, mention.end)


def test_corrections_dialog_lists_and_removes_corrections(qtbot, window):
    open_titled(window, "Russian forces in Qarabagh")
    library = window.library
    window.corrections.merge_ids(library.entity("Qarabagh").id, library.entity("Karabakh").id)
    settle(qtbot, window)

    def remove_it() -> None:
        dialog = window.corrections.last_dialog
        assert dialog.model.item(0).text().startswith("Merged “Qarabagh” into “Karabakh”")
        dialog.list.setCurrentIndex(dialog.model.index(0, 0))
        dialog.remove_button.click()
        assert dialog.model.item(0).isEnabled() is False  # "No corrections yet"
        dialog.accept()

    QTimer.singleShot(0, remove_it)
    window.corrections.show_corrections()
    settle(qtbot, window)
    assert library.corrections.list() == []
    assert library.entity("Karabakh").documents == 4


def test_corrections_wait_while_an_import_runs(qtbot, window, tmp_path):
    open_titled(window, "Russian forces in Qarabagh")
    library = window.library
    (tmp_path / "new.txt").write_text("Olaf Scholz met Emmanuel Macron in Paris.", encoding="utf-8")
    with qtbot.waitSignal(window.import_finished, timeout=60000):
        window.import_paths([str(tmp_path)])
        merged = window.corrections.merge_ids(library.entity("Qarabagh").id, library.entity("Karabakh").id)
        assert merged is False and "wait until the import" in window.status_label.text()
    assert library.corrections.list() == []
    assert window.corrections.merge_ids(library.entity("Qarabagh").id, library.entity("Karabakh").id)
    settle(qtbot, window)
    assert len(library.corrections.list()) == 1


def test_removing_a_correction_keeps_the_undo_of_a_deleted_note(qtbot, window):
    open_titled(window, "Russian forces in Qarabagh")
    library = window.library
    note = library.notes.add_document_note(window.current_document, "Check the Baku statement")
    window.notes.delete_note(note.id)
    assert library.notes.list(document_id=window.current_document) == []
    window.corrections.merge_ids(library.entity("Qarabagh").id, library.entity("Karabakh").id)
    settle(qtbot, window)

    def remove_it() -> None:
        dialog = window.corrections.last_dialog
        dialog.list.setCurrentIndex(dialog.model.index(0, 0))
        dialog.remove_button.click()
        dialog.accept()

    QTimer.singleShot(0, remove_it)
    window.corrections.show_corrections()
    settle(qtbot, window)
    assert library.corrections.list() == []
    window.undo_action.trigger()  # the merge, already removed: nothing happens
    settle(qtbot, window)
    window.undo_action.trigger()  # the note comes back
    assert [n.body for n in library.notes.list(document_id=window.current_document)] == ["Check the Baku statement"]


def test_backspace_rejects_an_unlinked_mention_rather_than_going_back(qtbot, window):
    open_titled(window, "Russia expresses concern")
    open_titled(window, "Analysts in Moscow")  # something to go back to
    csto = window.library.entity("CSTO")
    reopen_name_matches(window, csto.id)
    window.select_entity(csto.id)
    settle(qtbot, window)
    panel = window.entity_panel
    before = len(window.library.mentions(entity_id=csto.id, status="unlinked"))
    panel.unlinked_view.setCurrentIndex(first_unlinked(panel))
    panel.unlinked_view.setFocus()
    current = window.current_document
    qtbot.keyClick(panel.unlinked_view, Qt.Key.Key_Backspace)
    settle(qtbot, window)
    assert window.current_document == current
    assert len(window.library.mentions(entity_id=csto.id, status="unlinked")) == before - 1
