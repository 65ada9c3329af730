"""Find, library search, entity browser, graph and timeline, driven in the window as a user would."""
from __future__ import annotations

import multiprocessing
import re

import pytest
from PySide6.QtCore import QPoint, Qt

from reader.errors import ReaderError
from reader.ui.main_window import MainWindow
from tests.ui.conftest import settle


@pytest.fixture
def tools(window: MainWindow):
    return window.insights


def doc_id_with_title(window: MainWindow, start: str) -> int:
    return next(d.id for d in window.library.documents() if d.title.startswith(start))


def click_row(qtbot, view, index) -> None:
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())


# ---- find in the article ------------------------------------------------------------------

def test_ctrl_f_highlights_every_hit_and_enter_steps_through_them(qtbot, window, tools):
    window.open_document(doc_id_with_title(window, "Analysts in Moscow"))
    view = window.article.view
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = tools.find_bar
    assert bar.isVisible() and bar.edit.hasFocus()
    qtbot.keyClicks(bar.edit, "karabakh")
    expected = [m.span() for m in re.finditer("karabakh", view.text, re.IGNORECASE)]
    assert len(expected) > 5
    assert view.overlay("find") == expected
    assert bar.count.text() == f"1 of {len(expected)}"
    assert view.selected_span() == expected[0]
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    assert view.selected_span() == expected[2] and bar.count.text() == f"3 of {len(expected)}"
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert view.selected_span() == expected[1]
    assert 0 <= view.cursorRect().center().y() <= view.viewport().height()  # scrolled to it
    qtbot.keyClick(bar.edit, Qt.Key.Key_Escape)
    assert not bar.isVisible() and view.overlay("find") == [] and view.overlay("find_current") == []
    assert window.current_document is not None  # Esc closed the bar, nothing else


def test_find_follows_the_reader_to_another_document(qtbot, window, tools):
    window.open_document(doc_id_with_title(window, "Analysts in Moscow"))
    tools.find_bar.open_bar()
    qtbot.keyClicks(tools.find_bar.edit, "Armenia")
    window.open_document(doc_id_with_title(window, "Russia expresses concern"))
    text = window.article.view.text
    assert window.article.view.overlay("find") == [m.span() for m in re.finditer("Armenia", text, re.IGNORECASE)]
    qtbot.keyClicks(tools.find_bar.edit, "zzz")
    assert tools.find_bar.count.text() == "No matches" and window.article.view.overlay("find") == []


# ---- search the library -------------------------------------------------------------------

def test_search_result_opens_the_document_at_the_hit(qtbot, window, tools):
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    panel = tools.search
    assert tools.search_dock.isVisible() and panel.query.hasFocus()
    qtbot.keyClicks(panel.query, '"peace process"')
    with qtbot.waitSignal(panel.searched):
        qtbot.keyClick(panel.query, Qt.Key.Key_Return)
    assert panel.model.rowCount() == len(panel.hits) > 0
    assert "<b>peace process</b>" in panel.model.item(0).data(Qt.ItemDataRole.UserRole + 10).lower() or \
        "<b>peace</b> <b>process</b>" in panel.model.item(0).data(Qt.ItemDataRole.UserRole + 10).lower()
    hit = panel.hits[0]
    with qtbot.waitSignal(window.document_opened):
        click_row(qtbot, panel.results, panel.model.index(0, 0))
    assert window.current_document == hit.id
    assert window.article.view.selected_span() == (hit.start, hit.end)
    assert window.article.view.textCursor().selectedText().lower() == "peace process"


def test_snippets_are_escaped_before_the_matches_are_bolded(window, tools):
    from reader.ui.library.search_panel import snippet_html
    assert snippet_html("a <b>x</b> [[Baku]] & [[Moscow]]") == \
        "a &lt;b&gt;x&lt;/b&gt; <b>Baku</b> &amp; <b>Moscow</b>"


def test_a_malformed_query_shows_a_message_not_a_crash(qtbot, window, tools):
    tools.show_search()
    tools.search.query.setText('"Karabakh')
    with qtbot.waitSignal(tools.search.searched):
        tools.search.run()
    assert tools.search.model.rowCount() == 0
    assert "quote is not closed" in tools.search.message.text()
    tools.search.query.setText("Karabakh")
    qtbot.waitUntil(lambda: tools.search.model.rowCount() > 0)  # typing searches after a pause
    assert "documents" in tools.search.message.text()


# ---- the entity browser -------------------------------------------------------------------

def test_entity_browser_sorts_filters_and_selects(qtbot, window, tools):
    browser = tools.browser
    model = browser.model
    model.page = 40  # the seeds have a hundred entities: pages of 40 show the paging
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    settle(qtbot, window)
    assert tools.browser_dock.isVisible()
    assert model.total == len(window.library.entities()) > model.rowCount() == 40  # a page at a time
    def scrolled_to_the_end() -> bool:
        browser.table.scrollToBottom()
        return model.rowCount() == model.total

    qtbot.waitUntil(scrolled_to_the_end)  # scrolling to the end fetches the rest, a page at a time
    assert model.row_at(0).name == "Azerbaijan"  # most mentioned first
    header = browser.table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(0) + 10, header.height() // 2))
    settle(qtbot, window)
    names = [model.row_at(r).name.casefold() for r in range(model.rowCount())]
    assert names == sorted(names) or names == sorted(names, reverse=True)
    qtbot.keyClicks(browser.filter_box, "azer")
    qtbot.waitUntil(lambda: not browser._filter_timer.isActive())
    settle(qtbot, window)
    shown = [model.row_at(r).name for r in range(model.rowCount())]
    assert shown and all("azer" in name.casefold() for name in shown)
    assert "Azerbaijan" in shown and "Armenia" not in shown
    browser.type_box.setCurrentIndex(browser.type_box.findData("GPE"))
    settle(qtbot, window)
    assert {model.row_at(r).label for r in range(model.rowCount())} == {"GPE"}
    row = next(r for r in range(model.rowCount()) if model.row_at(r).name == "Azerbaijan")
    click_row(qtbot, browser.table, model.index(row, 0))
    settle(qtbot, window)
    assert window.selected_entity == window.library.entity("Azerbaijan").id
    assert window.entity_panel.title.text() == "Azerbaijan"
    assert browser.count.text() == f"{model.total:,} of {len(window.library.entities()):,}"


def test_merging_selected_entities_keeps_the_one_chosen_and_can_be_undone(qtbot, window, tools):
    tools.show_dock(tools.browser_dock)
    browser = tools.browser
    browser.filter_box.setText("karabakh")
    qtbot.waitUntil(lambda: not browser._filter_timer.isActive())
    settle(qtbot, window)
    rows = {browser.model.row_at(r).name: r for r in range(browser.model.rowCount())}
    keep, merge = rows["Karabakh"], rows["Nagorno-Karabakh"]
    browser.table.selectRow(keep)
    browser.table.selectionModel().select(browser.model.index(merge, 0),
                                          browser.table.selectionModel().SelectionFlag.Select
                                          | browser.table.selectionModel().SelectionFlag.Rows)
    assert browser.merge_button.isEnabled()
    qtbot.mouseClick(browser.merge_button, Qt.MouseButton.LeftButton)
    dialog = browser.merge_dialog
    choice = next(item for item in dialog.comboBoxItems() if item.startswith("Karabakh —"))
    with qtbot.waitSignal(window.library_changed):
        dialog.setTextValue(choice)
        dialog.accept()
    settle(qtbot, window)
    names = [r.name for r in window.library.analytics.entity_table()]
    assert "Karabakh" in names and "Nagorno-Karabakh" not in names
    table = [browser.model.row_at(r).name for r in range(browser.model.rowCount())]
    assert "Nagorno-Karabakh" not in table  # the table refreshed itself
    assert all(window.entities.get(m.mention.entity_id) for m in window.article.view.mentions())
    window.undo_action.trigger()  # a merge from the browser is a correction like any other
    settle(qtbot, window)
    assert "Nagorno-Karabakh" in [r.name for r in window.library.analytics.entity_table()]


# ---- the graph -------------------------------------------------------------------------------

def test_clicking_a_node_selects_its_entity(qtbot, window, tools):
    qtbot.keyClick(window, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    canvas = tools.graph.canvas
    settle(qtbot, window)
    assert tools.graph_dock.isVisible() and canvas.nodes
    armenia = window.library.entity("Armenia").id
    qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=canvas.node_point(armenia))
    settle(qtbot, window)
    assert window.selected_entity == armenia
    assert window.entity_panel.title.text() == "Armenia"
    assert canvas.selected_node == armenia


def test_the_graph_says_it_is_being_drawn_until_it_is_drawn(qtbot, window, tools):
    graph = tools.graph
    with qtbot.waitSignal(graph.drawn, timeout=20000):
        tools.show_dock(tools.graph_dock)
        assert graph.busy.isVisible() and "Drawing the graph" in graph.busy.label.text()
    assert not graph.busy.isVisible() and graph.canvas.nodes
    with qtbot.waitSignal(graph.drawn, timeout=20000):  # drawn again (a change): the badge over the old graph
        graph.reload()
        assert graph.busy.isVisible() and graph.canvas.nodes
    assert not graph.busy.isVisible()


def test_a_graph_closed_while_it_is_drawn_stops_and_is_drawn_when_shown_again(qtbot, window, tools):
    graph = tools.graph
    tools.show_dock(tools.graph_dock)
    assert graph.busy.isVisible()
    tools.graph_dock.hide()
    assert graph.busy.isHidden() and not graph.canvas.nodes  # its drawing was stopped, not just hidden
    qtbot.waitUntil(lambda: not [c for c in multiprocessing.active_children() if c.name == "reader-graph"],
                    timeout=1000)
    with qtbot.waitSignal(graph.drawn, timeout=20000):
        tools.show_dock(tools.graph_dock)
    assert graph.canvas.nodes


def test_clicking_an_edge_lists_shared_paragraphs_that_open_in_place(qtbot, window, tools):
    tools.show_dock(tools.graph_dock)
    settle(qtbot, window)
    canvas, graph = tools.graph.canvas, tools.graph
    # the heaviest edge that the layout leaves clear to click (two big nodes may cover a short one)
    a, b, point = next((e.source, e.target, p) for e in graph.graph.edges if (p := canvas.edge_point(e.source, e.target)))
    qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=point)
    settle(qtbot, window)
    weight = next(e.weight for e in graph.graph.edges if {e.source, e.target} == {a, b})
    assert graph.paragraph_model.rowCount() == weight
    names = (graph.graph.node(a).name, graph.graph.node(b).name)
    assert graph.edge_title.text() in (f"{names[0]} & {names[1]}", f"{names[1]} & {names[0]}")
    second = graph.paragraph_model.item(1).data(Qt.ItemDataRole.UserRole + 40)
    with qtbot.waitSignal(window.document_opened):
        click_row(qtbot, graph.paragraphs, graph.paragraph_model.index(1, 0))
    assert window.current_document == second.document_id
    assert window.article.view.selected_span() == (second.start, second.end)


def test_graph_filters_by_type_and_weight(qtbot, window, tools):
    tools.show_dock(tools.graph_dock)
    graph = tools.graph
    settle(qtbot, window)
    for label, chip in graph.chips.items():
        chip.setChecked(label == "GPE")
    with qtbot.waitSignal(graph.drawn):
        graph.reload()
    assert {n.label for n in graph.graph.nodes} == {"GPE"}
    graph.min_weight.setValue(6)
    with qtbot.waitSignal(graph.drawn):
        graph.reload()
    assert graph.graph.edges and all(e.weight >= 6 for e in graph.graph.edges)
    assert len(graph.canvas.edges) == len(graph.graph.edges)


def test_graph_and_timeline_export_png_and_svg(qtbot, window, tools, tmp_path):
    from PySide6.QtGui import QImage
    tools.show_dock(tools.graph_dock)
    window.select_entity(window.library.entity("Azerbaijan").id)
    for name, export in (("graph", tools.graph.export), ("timeline", tools.timeline.export)):
        if name == "timeline":
            tools.show_dock(tools.timeline_dock)
        settle(qtbot, window)
        png, svg = export(tmp_path / f"{name}.png"), export(tmp_path / f"{name}.svg")
        image = QImage(str(png))
        assert image.width() > 300 and image.height() > 100
        assert "<svg" in svg.read_text(encoding="utf-8")
        assert export(tmp_path / f"{name}-plain") == tmp_path / f"{name}-plain.png"  # no suffix: a PNG
        assert QImage(str(tmp_path / f"{name}-plain.png")).width() > 300
        with pytest.raises(ReaderError, match="could not write"):
            export(tmp_path / "no such folder" / f"{name}.png")


# ---- the timeline ---------------------------------------------------------------------------

def test_timeline_follows_the_entity_and_a_bar_lists_its_documents(qtbot, window, tools):
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    timeline = tools.timeline
    entity = window.library.entity("Azerbaijan")
    window.select_entity(entity.id)
    settle(qtbot, window)
    chart = timeline.chart
    assert timeline.title.text() == "Azerbaijan"
    assert sum(p.mentions for p in chart.buckets) == entity.mentions
    assert chart.buckets[-1].date == "undated" and chart.buckets[-1].documents == 2
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=chart.bar_point(0).toPoint())
    first = chart.buckets[0]
    assert timeline.documents.count() == first.documents == 1
    item = timeline.documents.item(0)
    with qtbot.waitSignal(window.document_opened):
        qtbot.mouseClick(timeline.documents.viewport(), Qt.MouseButton.LeftButton,
                         pos=timeline.documents.visualItemRect(item).center())
    assert window.current_document == first.document_ids[0]
    start, end = window.article.view.selected_span()
    assert window.article.view.text[start:end] == "Azerbaijan"  # at the entity's first mention
