"""The Tools menu's features in the window: find, library search, the entity table, the graph and the timeline,
each kept in step with the reader (selected entity, open document) and with what changes in the library."""
from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from reader.child_tasks import refresh_caches_in_process
from reader.ui.common.export_files import Exports
from reader.ui.reading import Reading
from reader.ui.runner import COMPUTE

AUTO_EDGES = 700  # at first, raise the graph's minimum weight until about this many links remain


class Insights(QObject):
    """Connects the tool panels the window built to the library's runner and to the reader's state.

    `window` lends the panels and their docks (and shows a dock)."""

    def __init__(self, reading: Reading, window) -> None:
        super().__init__(window)
        self.reading = reading
        self.window = window
        self.find_bar = window.article.find_bar
        self.search, self.browser = window.search, window.browser
        self.graph, self.timeline = window.graph, window.timeline
        self.search_dock, self.browser_dock = window.search_dock, window.browser_dock
        self.graph_dock, self.timeline_dock = window.graph_dock, window.timeline_dock
        for panel in (self.search, self.browser, self.graph, self.timeline):
            panel.set_runner(reading.runner)
        self.graph.exports = self.timeline.exports = Exports(reading.settings, reading.say)
        self.dirty = {"browser": True, "graph": True, "timeline": True}
        self._build_actions(window)
        for dock in (self.browser_dock, self.graph_dock, self.timeline_dock):
            dock.visibilityChanged.connect(lambda visible, d=dock: visible and self._on_dock_shown(d))
        self.graph_dock.visibilityChanged.connect(lambda visible: visible or self._on_graph_hidden())
        reading.document_opened.connect(lambda _id: self.find_bar.document_changed())
        reading.changed.connect(self._on_library_changed)
        reading.entity_changed.connect(self._on_entity_changed)
        self.search.result_activated.connect(self._open_hit)
        self.browser.entity_selected.connect(reading.show_entity)
        self.browser.merge_requested.connect(window.corrections.merge_many_ids)
        self.graph.entity_selected.connect(reading.show_entity)
        self.graph.paragraph_activated.connect(lambda doc, start, end: reading.open(doc, (start, end)))
        self.timeline.document_activated.connect(self._open_at_entity)

    def _action(self, window, text: str, shortcut, slot, tip: str) -> QAction:
        action = QAction(text, window)
        action.setShortcut(QKeySequence(shortcut))
        action.setToolTip(f"{tip} ({QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)})")
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        window.addAction(action)
        return action

    def _build_actions(self, window) -> None:
        self.find_action = self._action(window, "Find in article…", QKeySequence.StandardKey.Find,
                                        self.find_bar.open_bar, "Highlight every occurrence of some words in this article")
        self.search_action = self._action(window, "Search library…", "Ctrl+Shift+F", self.show_search,
                                          "Search every document: \"phrases\", prefix*, OR, NOT")
        self.entities_action = self._action(window, "Entities", "Ctrl+Shift+E", lambda: self.show_dock(self.browser_dock),
                                            "All entities of the library: sort, filter, merge")
        self.graph_action = self._action(window, "Co-occurrence graph", "Ctrl+Shift+G",
                                         lambda: self.show_dock(self.graph_dock),
                                         "Entities mentioned in the same paragraphs")
        self.timeline_action = self._action(window, "Timeline", "Ctrl+Shift+T", lambda: self.show_dock(self.timeline_dock),
                                            "The selected entity's mentions by document date")

    # ---- showing ----------------------------------------------------------------------

    def show_search(self) -> None:
        self.window.show_dock(self.search_dock)
        self.search.focus_query()

    def show_dock(self, dock) -> None:
        self.window.show_dock(dock)
        self._on_dock_shown(dock)

    def _on_dock_shown(self, dock) -> None:
        if dock is self.browser_dock and self.dirty["browser"]:
            self.refresh_browser()
        elif dock is self.graph_dock and self.dirty["graph"]:
            self.refresh_graph()
        elif dock is self.timeline_dock and self.dirty["timeline"]:
            self.refresh_timeline()

    def _on_graph_hidden(self) -> None:
        """A graph still being drawn when its pane is closed is not drawn: its work stops, and it is drawn
        afresh when the pane is shown again."""
        if not self.graph_dock.isVisible() and self.graph.stop():
            self.dirty["graph"] = True

    # ---- refreshing --------------------------------------------------------------------

    def refresh_browser(self) -> None:
        """The table now (its dates may lag), and again once the date caches are up to date."""
        self.dirty["browser"] = False
        self.browser.reload()

        def caches(library, job):
            refreshed = refresh_caches_in_process(library)
            return refreshed, library.analytics.entity_labels()

        def done(result) -> None:
            refreshed, labels = result
            self.browser.reload(labels)
            self.browser.select_entity(self.reading.selected_entity)

        self.reading.runner.run(caches, COMPUTE, label="Updating the entity table", key=f"browser-{id(self)}",
                                on_done=done)

    def refresh_graph(self) -> None:
        self.dirty["graph"] = False
        first = self.graph.graph is None
        self.graph.canvas.selected_node = self.reading.selected_entity  # marked when the new graph is drawn
        self.graph.reload(auto_weight=AUTO_EDGES if first else None)

    def refresh_timeline(self) -> None:
        entity_id = self.reading.selected_entity
        entity = self.reading.library.entity_by_id(entity_id) if entity_id is not None else None
        if entity is None:
            self.timeline.show_entity(None)
        else:
            self.timeline.show_entity(entity.id, entity.name, entity.label)
        self.dirty["timeline"] = False

    def _on_entity_changed(self, entity_id) -> None:
        self.graph.select_entity(entity_id)
        if self.browser_dock.isVisible():
            self.browser.select_entity(entity_id)
        self.dirty["timeline"] = True
        if self.timeline_dock.isVisible():
            self.refresh_timeline()

    def _on_library_changed(self, change) -> None:
        if not (change.entities is None or change.entities or change.everything):
            return  # nothing the tools show
        self.dirty = {key: True for key in self.dirty}
        self.graph.clear_edge()  # the pair picked before may be gone or changed
        for dock in (self.browser_dock, self.graph_dock, self.timeline_dock):
            if dock.isVisible():
                self._on_dock_shown(dock)

    # ---- opening documents -----------------------------------------------------------------

    def _open_hit(self, document_id: int, start: int, end: int) -> None:
        self.reading.open(document_id, (start, end) if start >= 0 else None)

    def _open_at_entity(self, document_id: int) -> None:
        """Open a document from the timeline at the selected entity's first mention in it."""
        self.reading.open(document_id)
        view = self.window.article.view
        marked = view.marked_mentions()
        if marked:
            view.select_span(marked[0].mention.start, marked[0].mention.end)
