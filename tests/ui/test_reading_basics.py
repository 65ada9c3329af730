"""The reading comes first (room for the linked mentions, counts that say what they count) and the missing basics:
a theme switch, a document's own title and date, read and unread (issue 13)."""
from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import Qt, QTimer

from reader.ui import theme
from reader.ui.library.library_panel import DOCUMENT_ROLE
from tests.ui.conftest import open_window, settle
from tests.ui.test_first_hour import open_titled


@pytest.fixture
def themed(window):
    yield window
    theme.apply_theme("system")  # the next test's window starts with the platform's colours


def listed(window, document_id: int):
    model = window.library_panel.model
    return model.index(model.row_of(document_id)).data(DOCUMENT_ROLE)


# ---- the reading comes first ----------------------------------------------------------------

def test_the_linked_mentions_get_the_room_notes_take_only_theirs(qtbot, window):
    open_titled(window, "Russia expresses concern")
    window.select_entity(window.library.entity("Azerbaijan").id)
    settle(qtbot, window)
    panel = window.entity_panel
    notes = panel.notes_section
    assert notes.isVisible() and window.entity_notes.empty.isVisible()  # "No notes mention it yet."
    assert notes.height() <= notes.heading.sizeHint().height() + 3 * window.entity_notes.empty.sizeHint().height()
    sizes = dict(zip(("article", "linked", "notes", "unlinked"), panel.splitter.sizes()))
    assert sizes["linked"] == max(sizes.values())
    assert panel.mentions_view.height() > 3 * panel.mentions_view.sizeHintForRow(1)
    window.library.notes.add_entity_note(window.library.entity("Azerbaijan").id, "Watch the border talks")
    window.notes.refresh()
    qtbot.waitUntil(lambda: notes.height() > notes.heading.sizeHint().height() + 40)  # room for the note now


def test_folded_parts_and_their_sizes_are_remembered(qtbot, window, seeded, settings, analyser):
    panel = window.entity_panel
    panel.article_section.set_open(False)
    window.save_state()
    window.close()
    again = open_window(qtbot, seeded, settings, analyser)
    assert not again.entity_panel.article_section.is_open()
    assert again.entity_panel.linked_section.is_open()


def test_documents_beyond_the_first_few_are_folded_with_their_count(qtbot, window):
    from reader.ui.entities.entity_panel import OPEN_GROUPS

    open_titled(window, "Russia expresses concern")
    window.select_entity(window.library.entity("Azerbaijan").id)
    settle(qtbot, window)
    model, view = window.entity_panel.mentions_model, window.entity_panel.mentions_view
    assert model.rowCount() > OPEN_GROUPS
    assert all(view.isExpanded(model.index(row, 0)) for row in range(OPEN_GROUPS))
    folded = model.index(OPEN_GROUPS, 0)
    assert not view.isExpanded(folded) and model.groups[OPEN_GROUPS].info.mentions > 0
    assert str(model.groups[OPEN_GROUPS].info.mentions) in folded.data()


def test_the_legend_counts_mentions_and_the_list_counts_names(qtbot, window):
    open_titled(window, "Russia expresses concern")
    view = window.article.view
    mentions = Counter(m.label for m in view.mentions())
    names = len({m.mention.entity_id for m in view.mentions() if m.label == "GPE"})
    legend = window.article.legend
    assert legend.caption.isVisible() and legend.caption.text() == "Mentions:"
    assert legend.buttons["GPE"].text() == f"Places {mentions['GPE']}"
    assert f"{mentions['GPE']} mentions in this article" in legend.buttons["GPE"].toolTip()
    tree = window.entity_panel.article_model
    group = next(tree.item(r) for r in range(tree.rowCount()) if tree.item(r).text().startswith("Places"))
    assert group.text() == f"Places  ·  {names} names"
    assert "Regions" in group.toolTip()  # what a Place is, and where the other places are


# ---- a theme switch ---------------------------------------------------------------------------

def test_view_theme_switches_to_dark_and_is_remembered(qtbot, themed, seeded, settings, analyser):
    window = themed
    open_titled(window, "Russia expresses concern")
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    theme_menu = next(a.menu() for a in view_menu.actions() if a.menu() and a.text() == "Theme")
    choices = {a.text(): a for a in theme_menu.actions()}
    assert list(choices) == ["System", "Light", "Dark"] and choices["System"].isChecked()
    choices["Dark"].trigger()
    settle(qtbot, window)
    assert theme.is_dark() and settings.value(theme.THEME_KEY) == "dark"
    qtbot.waitUntil(lambda: theme.is_dark(window.article.view.palette()))
    place = next(m for m in window.article.view.mentions() if m.label == "GPE")
    from PySide6.QtGui import QTextCursor

    cursor = QTextCursor(window.article.view.document())
    cursor.setPosition(place.mention.start + 1)
    assert cursor.charFormat().background().color() == theme.colours("GPE", dark=True).background
    window.save_state()
    window.close()
    theme.apply_theme("system")
    again = open_window(qtbot, seeded, settings, analyser)
    assert theme.is_dark()
    again_menu = next(a.menu() for a in again.menuBar().actions() if a.text() == "&View")
    again_choices = {a.text(): a for a in next(a.menu() for a in again_menu.actions() if a.text() == "Theme").actions()}
    assert again_choices["Dark"].isChecked()
    again_choices["Light"].trigger()
    assert not theme.is_dark() and settings.value(theme.THEME_KEY) == "light"


# ---- a document's title and date --------------------------------------------------------------

def test_title_and_date_are_edited_in_the_window_and_shown_everywhere(qtbot, window):
    document_id = open_titled(window, "Russian forces in Qarabagh")
    tools = window.insights
    qarabagh = window.library.entity("Qarabagh")  # named in this document
    tools.show_dock(tools.timeline_dock)
    window.select_entity(qarabagh.id)
    settle(qtbot, window)
    refused = {}

    def fill() -> None:
        dialog = window.documents.last_dialog
        dialog.title.setText("Peacekeepers in Karabakh")
        dialog.date.setText("in spring")
        dialog.accept()
        refused["error"] = dialog.error.text()
        refused["open"] = dialog.isVisible()
        dialog.date.setText("May 5, 2019")
        dialog.accept()

    QTimer.singleShot(0, fill)
    qtbot.mouseClick(window.article.edit_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert refused == {"error": "“in spring” is not a day: write it as 2024-03-31 or March 31, 2024.", "open": True}
    assert window.article.title.text() == "Peacekeepers in Karabakh"
    assert window.article.meta.text().startswith("2019-05-05")
    assert (listed(window, document_id).title, listed(window, document_id).published) == \
        ("Peacekeepers in Karabakh", "2019-05-05")
    assert "Peacekeepers in Karabakh" in window.status_label.text()
    qtbot.waitUntil(lambda: any(document_id in p.document_ids for p in tools.timeline.chart.buckets
                                if p.date.startswith("2019")))


def test_the_library_list_menu_edits_a_document_that_is_not_open(qtbot, window):
    open_titled(window, "Russia expresses concern")
    other = next(d for d in window.library.documents() if d.id != window.current_document)
    panel = window.library_panel
    panel.context_requested.disconnect(window.documents.show_menu)  # the menu is looked at, not popped up
    asked = []
    panel.context_requested.connect(lambda document, position: asked.append(document))
    rect = panel.view.visualRect(panel.model.index(panel.model.row_of(other.id)))
    panel.view.customContextMenuRequested.emit(rect.center())
    assert [d.id for d in asked] == [other.id]
    menu = window.documents.menu_for(asked[0])
    assert [a.text() for a in menu.actions()] == ["Mark as read", "Title and date…"]
    QTimer.singleShot(0, lambda: (window.documents.last_dialog.title.setText("Another title"),
                                  window.documents.last_dialog.accept()))
    next(a for a in menu.actions() if a.text() == "Title and date…").trigger()
    settle(qtbot, window)
    assert window.library.document(other.id).title == "Another title"
    assert listed(window, other.id).title == "Another title"
    menu = window.documents.menu_for(listed(window, window.current_document))
    assert [a.text() for a in menu.actions()][0] == "Mark as unread"


# ---- read and unread ----------------------------------------------------------------------------

def test_opening_reads_a_document_and_the_unread_filter_leaves_it_out(qtbot, window):
    panel = window.library_panel
    document_id = open_titled(window, "Russia expresses concern")
    settle(qtbot, window)
    assert listed(window, document_id).read
    assert sum(1 for d in window.library.lists.documents() if not d.read) == 4
    qtbot.mouseClick(panel.unread_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert panel.model.rowCount() == 4 and panel.model.row_of(document_id) < 0
    assert panel.count_label.text() == "4 unread documents"
    assert not panel.view.currentIndex().isValid()  # the open document is not listed: nothing marked
    another = panel.model.index(0).data(DOCUMENT_ROLE)
    window.open_document(another.id)
    settle(qtbot, window)
    assert listed(window, another.id).read and panel.model.row_of(another.id) == 0  # stays until listed anew
    window.documents.unread_action.trigger()
    settle(qtbot, window)
    assert not listed(window, another.id).read
    assert window.status_label.text() == "Marked as unread."
    qtbot.mouseClick(panel.unread_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert panel.count_label.text() == "5 documents"


def test_the_entity_panel_says_how_many_of_its_documents_were_read(qtbot, window):
    azerbaijan = window.library.entity("Azerbaijan")
    first = open_titled(window, "Russia expresses concern")
    window.select_entity(azerbaijan.id)
    settle(qtbot, window)
    assert window.entity_panel.summary.text().endswith(" documents (1 read)")
    window.open_document(next(d.id for d in window.library.documents() if d.id != first))
    settle(qtbot, window)
    assert window.entity_panel.summary.text().endswith(" documents (2 read)")
    for document in window.library.documents():
        window.open_document(document.id)
    settle(qtbot, window)
    assert window.entity_panel.summary.text().endswith(" documents (all read)")
