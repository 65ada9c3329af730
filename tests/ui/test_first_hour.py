"""A new user's first hour (issue 13): every step lands where it should, and the actions are safe to try."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from reader.ui.common.export_files import EXPORT_FOLDER_KEY
from reader.ui.entities.mentions_model import MENTION_ROLE
from reader.ui.main_window import MainWindow
from tests.conftest import SEEDS
from tests.ui.conftest import settle
from tests.ui.test_main_window import click_mention, linked_mentions


def open_titled(window: MainWindow, start: str) -> int:
    document_id = next(d.id for d in window.library.documents() if d.title.startswith(start))
    window.open_document(document_id)
    return document_id


def visible(view, start: int) -> bool:
    """Whether the text at this offset is inside the article's viewport."""
    from PySide6.QtGui import QTextCursor

    cursor = QTextCursor(view.document())
    cursor.setPosition(start)
    return view.viewport().rect().contains(view.cursorRect(cursor).center())


# ---- wrong places -----------------------------------------------------------------------------

def test_a_search_result_opens_at_the_occurrence_its_snippet_shows(qtbot, window):
    tools = window.insights
    tools.show_search()
    tools.search.query.setText('"peace treaty"')
    with qtbot.waitSignal(tools.search.searched):
        tools.search.run()
    row, hit = next((r, h) for r, h in enumerate(tools.search.hits) if h.title.startswith("Analysts in Moscow"))
    index = tools.search.model.index(row, 0)
    tools.search.results.scrollTo(index)
    with qtbot.waitSignal(window.document_opened):
        qtbot.mouseClick(tools.search.results.viewport(), Qt.MouseButton.LeftButton,
                         pos=tools.search.results.visualRect(index).center())
    view = window.article.view
    start, end = view.selected_span()
    assert view.text[start:end].casefold() == "peace treaty"
    before = hit.snippet.split("[[", 1)[0].split(" … ")[-1]
    assert len(before) > 15 and view.text[:start].endswith(before)  # the words the snippet quoted
    assert start > view.text.casefold().index("peace treaty")  # not the first of the three
    assert visible(view, start)


def test_after_a_jump_the_status_bar_counts_the_open_article(qtbot, window):
    start = open_titled(window, "Russia expresses concern")
    click_mention(qtbot, window, "Azerbaijan")
    azerbaijan = window.library.entity("Azerbaijan")
    here = len(window.library.mentions(azerbaijan.id, start))
    assert window.status_label.text().startswith(f"Azerbaijan: {here} here")
    target = next(m for m in linked_mentions(window, qtbot) if m.mention.document_id != start
                  and len(window.library.mentions(azerbaijan.id, m.mention.document_id)) != here)
    window.entity_panel.mention_activated.emit(target)
    there = len(window.library.mentions(azerbaijan.id, target.mention.document_id))
    assert window.current_document == target.mention.document_id
    assert window.status_label.text().startswith(f"Azerbaijan: {there} here")
    window.go_back()
    assert window.status_label.text().startswith(f"Azerbaijan: {here} here")


def test_the_library_filter_marks_the_open_document_only_where_listed_and_counts_what_it_shows(qtbot, window):
    panel = window.library_panel
    open_titled(window, "Russia expresses concern")
    qtbot.keyClicks(panel.filter_box, "Qarabagh")
    settle(qtbot, window)
    assert panel.model.rowCount() == 1 and panel.model.total == 1
    assert not panel.view.currentIndex().isValid() and not panel.view.selectionModel().hasSelection()
    assert panel.count_label.text() == "1 document matches the filter"
    panel.filter_box.setText("Russia")
    settle(qtbot, window)
    listed = panel.model.rowCount()
    assert listed >= 2 and panel.count_label.text() == f"{listed:,} documents match the filter"
    current = panel.view.currentIndex().data(Qt.ItemDataRole.UserRole + 1)
    assert current.id == window.current_document
    panel.filter_box.clear()
    settle(qtbot, window)
    assert panel.count_label.text() == "5 documents"


def test_the_graph_s_paragraph_pane_forgets_the_pair_after_an_import(qtbot, window, tmp_path):
    tools = window.insights
    tools.show_dock(tools.graph_dock)
    settle(qtbot, window)
    graph = tools.graph
    edge = graph.graph.edges[0]
    graph.show_edge(edge.source, edge.target)
    settle(qtbot, window)
    assert "&" in graph.edge_title.text() and graph.paragraph_model.rowCount() > 0
    article = tmp_path / "new.txt"
    article.write_text("Talks in Baku\n\nIlham Aliyev met Nikol Pashinyan in Brussels on Monday.\n", encoding="utf-8")
    with qtbot.waitSignal(window.import_finished, timeout=60000):
        window.import_paths([str(article)])
    settle(qtbot, window)
    assert graph.edge_title.text() == "Shared paragraphs" and graph.paragraph_model.rowCount() == 0


def test_the_timeline_s_side_pane_forgets_the_month_after_another_entity_is_selected(qtbot, window):
    tools = window.insights
    tools.show_dock(tools.timeline_dock)
    window.select_entity(window.library.entity("Azerbaijan").id)
    settle(qtbot, window)
    timeline = tools.timeline
    timeline.show_bar(0)
    assert timeline.list_title.text() != "Documents" and timeline.documents.count() > 0
    window.select_entity(window.library.entity("Armenia").id)
    settle(qtbot, window)
    assert timeline.title.text() == "Armenia"
    assert timeline.list_title.text() == "Documents" and timeline.documents.count() == 0


def test_clicking_an_unlinked_mention_scrolls_the_article_to_it(qtbot, window):
    from tests.ui.test_corrections_ui import first_unlinked, reopen_name_matches

    open_titled(window, "Analysts in Moscow")
    csto = window.library.entity("CSTO")
    reopen_name_matches(window, csto.id)
    window.select_entity(csto.id)
    settle(qtbot, window)
    window.article.view.verticalScrollBar().setValue(window.article.view.verticalScrollBar().maximum())
    panel = window.entity_panel
    index = first_unlinked(panel)
    mention = index.data(MENTION_ROLE).mention
    qtbot.mouseClick(panel.unlinked_view.viewport(), Qt.MouseButton.LeftButton,
                     pos=panel.unlinked_view.visualRect(index).center())
    assert window.article.view.selected_span() == (mention.start, mention.end)
    assert visible(window.article.view, mention.start)


def test_a_correction_leaves_the_article_where_the_reader_is(qtbot, window):
    open_titled(window, "Analysts in Moscow")
    library = window.library
    window.select_entity(library.entity("Azerbaijan").id)
    bar = window.article.view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2 + 37)
    where = bar.value()
    # merged into another entity, which becomes the selected one: its first mention is elsewhere
    window.corrections.merge_ids(library.entity("Kavkazsky").id, library.entity("Caucasian Knot").id)
    settle(qtbot, window)
    assert window.entity_panel.title.text() == "Caucasian Knot"
    assert bar.value() == where
    window.undo_action.trigger()
    settle(qtbot, window)
    assert bar.value() == where


def test_back_returns_to_the_exact_pixel(qtbot, window):
    first = open_titled(window, "Analysts in Moscow")
    settle(qtbot, window)
    bar = window.article.view.verticalScrollBar()
    bar.setValue(bar.maximum() // 3 + 13)
    where = bar.value()
    click_mention(qtbot, window, next(m.mention.text for m in window.article.view.mentions()
                                      if m.label == "GPE" and visible(window.article.view, m.mention.start)))
    bar.setValue(where)  # the click may have moved nothing; the reader reads on from here
    target = next(m for m in linked_mentions(window, qtbot) if m.mention.document_id != first)
    window.entity_panel.mention_activated.emit(target)
    settle(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    settle(qtbot, window)
    assert window.current_document == first
    assert bar.value() == where


# ---- safer actions ----------------------------------------------------------------------------

def test_the_merge_dialog_chooses_nothing_offers_only_names_and_says_one_mention(qtbot, window):
    library = window.library
    once = next(e for e in library.entities() if e.mentions == 1)
    seen = {}

    def look() -> None:
        picker = window.corrections.last_dialog
        qtbot.waitUntil(lambda: picker.model.rowCount() > 0)
        seen["first"] = picker.model.rowCount()
        assert picker.chosen_id() is None and not picker.ok_button.isEnabled()
        qtbot.keyClick(picker.search, Qt.Key.Key_Return)  # Enter alone merges into nothing
        assert picker.isVisible()
        picker.search.setText(once.name)
        qtbot.waitUntil(lambda: any(picker.model.item(r).text().startswith(once.name)
                                    for r in range(picker.model.rowCount())))
        seen["once"] = next(picker.model.item(r).text() for r in range(picker.model.rowCount())
                            if picker.model.item(r).text().startswith(once.name))
        picker.search.setText("2023")  # a year is a date, not an entity to merge into
        qtbot.waitUntil(lambda: picker.hint.text() == "No entity has this name.")
        seen["dates"] = picker.model.rowCount()
        picker.reject()

    QTimer.singleShot(0, look)
    source = library.entity("Qarabagh")
    window.corrections.choose_merge_target(source.id)
    assert seen["first"] > 0 and seen["dates"] == 0
    assert seen["once"].endswith(", 1 mention")
    assert library.entity_by_id(source.id) is not None  # nothing was merged


def test_importing_a_folder_again_says_nothing_is_new_in_the_status_bar(qtbot, window):
    with qtbot.waitSignal(window.import_finished, timeout=60000):
        window.import_paths([str(SEEDS)])
    assert window.status_label.text() == "Nothing new: 5 files already in the library, unchanged."
    assert window.importer.problems_dialog is None
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]


def test_undo_and_redo_say_what_they_undid_for_notes_too(qtbot, window):
    document_id = open_titled(window, "Armenia and Russia")
    note = window.library.notes.add_document_note(document_id, "Check the figures")
    window.notes.refresh()

    def kept() -> bool:
        return any(n.id == note.id for n in window.library.notes.list())

    window.notes.delete_note(note.id)
    assert not kept()
    window.undo_action.trigger()
    assert window.status_label.text() == "Undone: Delete note"
    assert kept()
    window.redo_action.trigger()
    assert window.status_label.text() == "Redone: Delete note"
    assert not kept()


def test_exports_open_in_the_last_export_folder_and_say_where_the_file_went(qtbot, window, tmp_path, monkeypatch):
    asked = []
    target = {"folder": tmp_path / "exports"}
    target["folder"].mkdir()

    def save_as(parent, title, suggested, pattern):
        asked.append(Path(suggested))
        return str(target["folder"] / Path(suggested).name), pattern

    monkeypatch.setattr("reader.ui.common.export_files.QFileDialog.getSaveFileName", save_as)
    monkeypatch.chdir(tmp_path)  # the folder Reader was started from is never offered
    window.settings.remove(EXPORT_FOLDER_KEY)
    window.settings.remove("notes/export_dir")
    tools = window.insights
    tools.show_dock(tools.graph_dock)
    settle(qtbot, window)
    tools.graph.choose_export("png")
    assert asked[0].parent != tmp_path and asked[0].parent.is_dir()
    written = target["folder"] / "graph.png"
    assert written.exists() and window.status_label.text() == f"Exported to {written}"
    open_titled(window, "Armenia and Russia")
    window.library.notes.add_document_note(window.current_document, "A note")
    monkeypatch.setattr("reader.ui.library.exporter.ExportDialog.exec", lambda dialog: True)  # "Export" pressed
    window.exporter.choose("md")  # File → Export…, notes as Markdown
    qtbot.waitUntil(lambda: not window.exporter.busy(), timeout=10000)
    assert asked[1].parent == target["folder"]  # where the last export went
    assert window.status_label.text() == f"Exported notes to {target['folder'] / 'notes.md'}"
    tools.show_dock(tools.timeline_dock)
    window.select_entity(window.library.entity("Azerbaijan").id)
    settle(qtbot, window)
    tools.timeline.choose_export("svg")
    assert asked[2].parent == target["folder"] and (target["folder"] / "timeline.svg").exists()
    assert window.status_label.text() == f"Exported to {target['folder'] / 'timeline.svg'}"


@pytest.mark.parametrize("label, family", [("GPE", "Regions"), ("LOC", "Places")])
def test_places_and_regions_explain_each_other(window, label, family):
    from reader.ui import theme

    assert family in theme.label_description(label)


def test_type_names_are_plain_words_in_menus_and_the_status_bar(qtbot, window):
    from PySide6.QtWidgets import QMenu

    open_titled(window, "Russia expresses concern")
    library = window.library
    entity = library.entity("Azerbaijan")
    menu = QMenu()
    window.corrections.add_actions(menu, entity.id)
    types = next(a.menu() for a in menu.actions() if a.text() == "Change type")
    names = [a.text() for a in types.actions()]
    assert "Place" in names and "Organisation" in names and not any(n.isupper() for n in names)
    window.corrections.relabel(entity.id, "ORG")
    settle(qtbot, window)
    assert window.status_label.text().startswith("Changed “Azerbaijan” from Place to Organisation")
    chips = [b.text() for b in window.article.legend.buttons.values()]
    assert chips and not any(part.isupper() and len(part) > 2 for chip in chips for part in chip.split())
