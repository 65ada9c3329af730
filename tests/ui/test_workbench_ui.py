"""The entity workbench in the window: the merge suggestions queue from the keyboard, bulk corrections and review
filters in the entity table, corrections files, and the watchlist panel after an import."""
from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from reader.suspicious import ALL_CAPS
from reader.ui.entities.entity_browser import CHECK_COLUMN
from reader.ui.workbench.suggestion_queue import likelihood, pair_of
from reader.ui.workbench.watchlist_panel import NAME_ROLE
from tests.ui.conftest import settle


def show_queue(qtbot, window):
    window.workbench.suggestions.action.trigger()
    settle(qtbot, window)
    queue = window.suggestion_queue
    assert window.suggestions_dock.isVisible() and queue.items
    return queue


def choose(queue, source: str, target: str) -> None:
    row = next(n for n, s in enumerate(queue.items) if (s.source.name, s.target.name) == (source, target))
    queue.list.setCurrentIndex(queue.model.index(row, 0))
    assert (queue.current.source.name, queue.current.target.name) == (source, target)


def test_the_queue_merges_with_enter_and_undo_restores(qtbot, window):
    library = window.library
    qarabagh, karabakh = library.entity("Qarabagh"), library.entity("Karabakh")
    queue = show_queue(qtbot, window)
    confidences = [s.confidence for s in queue.items]
    assert confidences == sorted(confidences, reverse=True)  # most confident first
    assert ("Qarabagh", "Karabakh") in [(s.source.name, s.target.name) for s in queue.items[:5]]
    choose(queue, "Qarabagh", "Karabakh")
    assert queue.rule.text() == "Spelling or transliteration variant"
    assert queue.source_side.name.text() == "Qarabagh" and queue.target_side.name.text() == "Karabakh"
    assert "<b>Qarabagh</b>" in queue.source_side.sentence.sentence.text()  # evidence, the name in bold
    assert "<b>Karabakh</b>" in queue.target_side.sentence.sentence.text()
    assert queue.likely.text() == likelihood(queue.current.confidence) and "%" in queue.likely.text()

    qtbot.keyClick(queue.list, Qt.Key.Key_Return)
    settle(qtbot, window)
    assert library.entity_by_id(qarabagh.id) is None
    assert library.entity_by_id(karabakh.id).mentions == karabakh.mentions + qarabagh.mentions
    assert window.status_label.text() == "Merged “Qarabagh” into “Karabakh”. Undo with Ctrl+Z."
    assert queue.current is not None and queue.pages.currentIndex() == 0  # it moved on by itself
    assert all(qarabagh.id not in (s.source.id, s.target.id) for s in queue.items)

    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, window)
    assert library.entity("Qarabagh").id != library.entity("Karabakh").id
    assert library.entity("Karabakh").mentions == karabakh.mentions
    assert any({s.source.name, s.target.name} == {"Qarabagh", "Karabakh"} for s in queue.items)  # back to decide


def test_n_keeps_two_names_apart_and_s_skips_without_a_change(qtbot, window):
    library = window.library
    queue = show_queue(qtbot, window)
    skipped = queue.current
    assert skipped is queue.items[0]  # the most confident first
    qtbot.keyClick(queue, Qt.Key.Key_S)
    settle(qtbot, window)
    assert library.corrections.list() == []  # nothing stored
    assert queue.current is queue.items[1] and pair_of(skipped) in queue.skipped
    assert pair_of(skipped) in {pair_of(s) for s in queue.items}  # still in the queue, greyed, for later

    refused = queue.current
    source, target = refused.source, refused.target
    qtbot.keyClick(queue.list, Qt.Key.Key_N)
    settle(qtbot, window)
    [correction] = library.corrections.list()
    assert correction.rules == (("distinct", source.key, target.key),)
    assert window.status_label.text() == (f"Marked “{source.name}” and “{target.name}” as not the same."
                                          " Undo with Ctrl+Z.")
    assert pair_of(refused) not in {pair_of(s) for s in queue.items}  # never suggested again
    assert queue.current is not None and pair_of(queue.current) != pair_of(skipped)  # moved on, past the skipped
    assert library.entity_by_id(source.id) is not None and library.entity_by_id(target.id) is not None

    window.undo_action.trigger()
    settle(qtbot, window)
    assert library.corrections.list() == []
    assert pair_of(refused) in {pair_of(s) for s in queue.items}


def test_a_click_on_a_sentence_opens_its_document_there(qtbot, window):
    queue = show_queue(qtbot, window)
    choose(queue, "Qarabagh", "Karabakh")
    card = queue.target_side.sentence
    mention = card.mention.mention
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert window.current_document == mention.document_id
    assert window.article.view.selected_span() == (mention.start, mention.end)
    assert window.article.view.text[mention.start:mention.end] == "Karabakh"


# ---- the entity table --------------------------------------------------------------------------

def show_table(qtbot, window, text: str = ""):
    window.insights.show_dock(window.browser_dock)
    browser = window.browser
    browser.filter_box.setText(text)
    browser._apply_filter()
    settle(qtbot, window)
    return browser


def select(browser, names: list[str]) -> list[int]:
    rows = {browser.model.row_at(r).name: r for r in range(browser.model.rowCount())}
    selection = browser.table.selectionModel()
    browser.table.clearSelection()
    for name in names:
        selection.select(browser.model.index(rows[name], 0), selection.SelectionFlag.Select
                         | selection.SelectionFlag.Rows)
    return [browser.model.row_at(rows[name]).id for name in names]


def test_bulk_change_of_type_is_one_correction_and_one_undo(qtbot, window):
    library = window.library
    browser = show_table(qtbot, window, "karabakh")
    names = [browser.model.row_at(r).name for r in range(3)]
    assert all("karabakh" in name.casefold() for name in names)
    before = {name: library.entity(name).label for name in names}
    assert "EVENT" not in before.values()
    ids = select(browser, names)
    assert browser.actions.summary.text() == "3 selected" and browser.actions.type_button.isEnabled()
    event = next(a for a in browser.actions.type_button.menu().actions() if a.text() == "Event")
    event.trigger()
    settle(qtbot, window)
    assert {library.entity_by_id(i).label for i in ids} == {"EVENT"}
    assert len(library.corrections.list()) == 1
    assert window.status_label.text() == f"Changed “{names[0]}”, “{names[1]}”, “{names[2]}” to Event. Undo with Ctrl+Z."
    shown = {browser.model.row_at(r).name: browser.model.data(browser.model.index(r, 1))
             for r in range(browser.model.rowCount())}
    assert {shown[name] for name in names} == {"Events"}  # the table refreshed itself
    window.undo_action.trigger()
    settle(qtbot, window)
    assert {name: library.entity(name).label for name in names} == before
    assert library.corrections.list() == []


def test_bulk_not_an_entity_from_the_context_menu_is_one_undo(qtbot, window):
    library = window.library
    browser = show_table(qtbot, window, "ministry")
    names = [browser.model.row_at(r).name for r in range(2)]
    select(browser, names)
    row = next(r for r in range(browser.model.rowCount()) if browser.model.row_at(r).name == names[0])
    browser._show_menu(browser.table.visualRect(browser.model.index(row, 0)).center())
    texts = [a.text() for a in browser.menu.actions()]
    assert "Merge 2 entities…" in texts and "Not entities (2)" in texts
    next(a for a in browser.menu.actions() if a.text() == "Not entities (2)").trigger()
    browser.menu.close()
    settle(qtbot, window)
    listed = {r.name for r in library.analytics.entity_table()}
    assert not listed & set(names)
    assert not {browser.model.row_at(r).name for r in range(browser.model.rowCount())} & set(names)
    assert len(library.corrections.list()) == 1
    window.undo_action.trigger()
    settle(qtbot, window)
    assert set(names) <= {r.name for r in library.analytics.entity_table()}


def test_review_filters_show_a_one_word_name_in_capitals_and_the_well_documented(qtbot, window):
    browser = show_table(qtbot, window)
    browser.review.set_reason(ALL_CAPS)
    browser._apply_filter()
    settle(qtbot, window)
    model = browser.model
    shown = [model.row_at(r).name for r in range(model.rowCount())]
    assert "RMK" in shown
    assert all(name.isupper() and len(name.split()) == 1 for name in shown)
    row = shown.index("RMK")
    assert model.data(model.index(row, CHECK_COLUMN)) == "in capitals"
    assert "Worth checking: one word in capitals" in model.data(model.index(row, 0), Qt.ItemDataRole.ToolTipRole)
    assert browser.count.text() == f"{model.total:,} of {model.everything:,}"

    browser.review.set_reason(None)
    browser.review.documents.setValue(5)
    assert browser.review.documents.text() == "In at least 5 documents"
    browser._apply_filter()
    settle(qtbot, window)
    rows = [model.row_at(r) for r in range(model.rowCount())]
    assert rows and all(r.documents >= 5 for r in rows) and "Azerbaijan" in [r.name for r in rows]
    assert "Qarabagh" not in [r.name for r in rows]


# ---- corrections travel -------------------------------------------------------------------------

def test_corrections_export_and_import_with_a_report_and_one_undo(qtbot, window, tmp_path):
    library = window.library
    rules = window.workbench.rules
    window.corrections.distinct_ids(library.entity("Armenia").id, library.entity("Armenian").id)
    window.corrections.merge_ids(library.entity("Qarabagh").id, library.entity("Karabakh").id)
    settle(qtbot, window)
    path = tmp_path / "decisions.json"
    rules.export(str(path))
    settle(qtbot, window)
    assert window.status_label.text() == f"Exported 2 corrections to {path}."
    assert len(json.loads(path.read_text(encoding="utf-8"))["corrections"]) == 2
    for _ in range(2):
        window.undo_action.trigger()
    settle(qtbot, window)
    assert library.corrections.list() == []

    rules.import_file(str(path))
    settle(qtbot, window)
    assert len(library.corrections.list()) == 2
    assert library.entity("Qarabagh").id == library.entity("Karabakh").id  # re-applied at once
    assert window.status_label.text() == "Imported 2 corrections from decisions.json. Undo with Ctrl+Z."
    assert rules.last_dialog.text() == window.status_label.text()
    rules.last_dialog.close()
    rules.import_file(str(path))
    settle(qtbot, window)
    assert window.status_label.text() == "Nothing new in decisions.json: this library already has its 2 rules."
    rules.last_dialog.close()
    window.undo_action.trigger()  # the whole file at once
    settle(qtbot, window)
    assert library.corrections.list() == []
    assert library.entity("Qarabagh").id != library.entity("Karabakh").id


# ---- watchlists ----------------------------------------------------------------------------------

@pytest.fixture
def watched(qtbot, window, tmp_path):
    path = tmp_path / "leaders.csv"
    path.write_text("name,aliases,type,note\nAliyev Ilham,,PERSON,President of Azerbaijan\nNobody Atall,,,\n",
                    encoding="utf-8")
    window.workbench.watchlists.add_file(str(path))
    settle(qtbot, window)
    return window.watchlist_panel


def name_row(panel, name: str):
    for row in range(panel.tree_model.rowCount()):
        parent = panel.tree_model.item(row)
        for child in range(parent.rowCount()):
            if parent.child(child).text() == name:
                return parent.child(child)
    raise AssertionError(f"{name} not listed")


def test_a_watchlist_from_a_file_shows_new_hits_after_an_import_and_opens_them(qtbot, window, watched, tmp_path):
    panel = watched
    assert window.watch_dock.isVisible()
    aliyev = name_row(panel, "Aliyev Ilham").data(NAME_ROLE)
    assert aliyev.hits > 0 and aliyev.new == 0  # found everywhere; what a new list finds is no news
    assert name_row(panel, "Nobody Atall").data(NAME_ROLE).hits == 0
    assert not panel.banner.isVisible()

    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "talks.txt").write_text("Talks in Sochi\n\nIlham Aliyev met the press in Sochi on Monday. Later, "
                                      "Aliyev Ilham left for Baku.\n", encoding="utf-8")
    window.import_paths([str(folder)])
    settle(qtbot, window, timeout=60000)
    talks = next(d.id for d in window.library.documents() if d.title == "Talks in Sochi")
    row = name_row(panel, "Aliyev Ilham")
    aliyev = row.data(NAME_ROLE)
    assert aliyev.new == 2 and panel.tree_model.itemFromIndex(row.index().siblingAtColumn(2)).text() == "2 new"
    assert panel.banner.isVisible() and panel.banner.text() == "New since you last looked: 2 mentions of Aliyev Ilham."
    assert window.status_label.text().startswith("Watchlists: 2 new mentions of Aliyev Ilham")
    assert window.watch_dock.windowTitle() == "Watchlists · 2 new"

    panel.tree.setCurrentIndex(row.index())
    settle(qtbot, window)
    model = panel.hits_model
    assert model.groups[0].info.document_id == talks and model.groups[0].info.new == 2  # the new ones first
    hit_index = model.index(1, 0, model.index(0, 0))
    hit = model.hit_at(hit_index)
    assert hit.new and hit.mention.mention.text == "Aliyev Ilham"
    view = panel.hits_view
    view.scrollTo(hit_index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(hit_index).center())
    settle(qtbot, window)
    m = hit.mention.mention
    assert window.current_document == talks and window.article.view.selected_span() == (m.start, m.end)

    qtbot.mouseClick(panel.seen_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert name_row(panel, "Aliyev Ilham").data(NAME_ROLE).new == 0 and not panel.banner.isVisible()


def test_tightening_matching_of_a_name_finds_it_again(qtbot, window, watched):
    panel = watched
    row = name_row(panel, "Aliyev Ilham")
    loose = row.data(NAME_ROLE).hits
    panel.tree.setCurrentIndex(row.index())
    qtbot.mouseClick(panel.matching_button, Qt.MouseButton.LeftButton)
    dialog = window.workbench.watchlists.last_dialog
    dialog.boxes["any_order"].setChecked(False)  # "Aliyev Ilham" no longer finds "Ilham Aliyev"
    assert dialog.changes() == {"any_order": False}
    dialog.accept()
    settle(qtbot, window)
    tight = name_row(panel, "Aliyev Ilham").data(NAME_ROLE)
    assert tight.hits < loose and not tight.options.any_order
    assert "words in order" in panel.details.text()
