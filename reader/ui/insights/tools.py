"""Puts find, library search, the entity browser, the graph and the timeline into a MainWindow."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QDockWidget, QMainWindow, QWidget

from reader.ui.entities.entity_browser import EntityBrowser
from reader.ui.article.find_bar import FindBar
from reader.ui.insights.graph_view import GraphView
from reader.ui.library.search_panel import SearchPanel
from reader.ui.insights.timeline_view import TimelineView

STATE_KEY = "insights/dock_state"
BOTTOM_SHARE = 0.42  # of the window's height, for the entity, graph and timeline docks
AUTO_EDGES = 700  # at first, raise the graph's minimum weight until about this many links remain


class Insights(QObject):
    """Owns the insight widgets of one window and keeps them in step with it."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.analytics = window.library.analytics
        self.dirty = {"browser": True, "graph": True, "timeline": True}

        self.find_bar = FindBar(window.article.view)
        layout = window.article.layout()
        layout.insertWidget(layout.indexOf(window.article.view), self.find_bar)

        self.search = SearchPanel(self.analytics)
        self.browser = EntityBrowser(window.library)
        self.graph = GraphView(window.library, self.analytics)
        self.timeline = TimelineView(self.analytics)
        self.search_dock = self._dock("Search library", "searchDock", self.search,
                                      Qt.DockWidgetArea.LeftDockWidgetArea)
        self.browser_dock = self._dock("Entities", "entitiesDock", self.browser,
                                       Qt.DockWidgetArea.BottomDockWidgetArea)
        self.graph_dock = self._dock("Graph", "graphDock", self.graph, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.timeline_dock = self._dock("Timeline", "timelineDock", self.timeline,
                                        Qt.DockWidgetArea.BottomDockWidgetArea)
        window.tabifyDockWidget(self.browser_dock, self.graph_dock)
        window.tabifyDockWidget(self.graph_dock, self.timeline_dock)
        self._build_actions()
        self._connect()
        state = window.settings.value(STATE_KEY)
        if state is not None:
            window.restoreState(state)
        window.installEventFilter(self)

    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self.window)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.window.addDockWidget(area, dock)
        dock.hide()
        dock.visibilityChanged.connect(lambda visible, d=dock: visible and self._on_dock_shown(d))
        return dock

    def _action(self, text: str, shortcut: str | QKeySequence.StandardKey, slot, tip: str) -> QAction:
        action = QAction(text, self.window)
        action.setShortcut(QKeySequence(shortcut))
        action.setToolTip(f"{tip} ({QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)})")
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.window.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.find_action = self._action("Find in article…", QKeySequence.StandardKey.Find, self.find_bar.open_bar,
                                        "Highlight every occurrence of some words in this article")
        self.search_action = self._action("Search library…", "Ctrl+Shift+F", self.show_search,
                                          "Search every document: \"phrases\", prefix*, OR, NOT")
        self.entities_action = self._action("Entities", "Ctrl+Shift+E", lambda: self.show_dock(self.browser_dock),
                                            "All entities of the library: sort, filter, merge")
        self.graph_action = self._action("Co-occurrence graph", "Ctrl+Shift+G",
                                         lambda: self.show_dock(self.graph_dock),
                                         "Entities mentioned in the same paragraphs")
        self.timeline_action = self._action("Timeline", "Ctrl+Shift+T", lambda: self.show_dock(self.timeline_dock),
                                            "The selected entity's mentions by document date")
        menu = self.window.menuBar().addMenu("&Tools")
        menu.addAction(self.find_action)
        menu.addAction(self.search_action)
        menu.addSeparator()
        for action in (self.entities_action, self.graph_action, self.timeline_action):
            menu.addAction(action)
        self.tools_menu = menu

    def _connect(self) -> None:
        w = self.window
        w.document_opened.connect(lambda _id: self.find_bar.document_changed())
        w.import_finished.connect(self._on_library_changed)
        w.library_changed.connect(self._on_library_changed)  # corrections, wherever they were made
        w.entity_changed.connect(self._on_entity_changed)
        self.search.result_activated.connect(self._open_hit)
        self.browser.entity_selected.connect(w.show_entity)
        self.browser.merge_requested.connect(w.corrections.merge_many_ids)
        self.graph.entity_selected.connect(w.show_entity)
        self.graph.paragraph_activated.connect(lambda doc, start, end: w.open_document(doc, selection=(start, end)))
        self.timeline.document_activated.connect(self._open_at_entity)

    # ---- showing ----------------------------------------------------------------------

    def show_search(self) -> None:
        self.search_dock.show()
        self.search_dock.raise_()
        self.search.focus_query()

    def show_dock(self, dock: QDockWidget) -> None:
        first = not any(d.isVisible() for d in (self.browser_dock, self.graph_dock, self.timeline_dock))
        dock.show()
        dock.raise_()
        if first and not dock.isFloating():
            self.window.resizeDocks([dock], [int(self.window.height() * BOTTOM_SHARE)], Qt.Orientation.Vertical)
        self._on_dock_shown(dock)

    def _on_dock_shown(self, dock: QDockWidget) -> None:
        if dock is self.browser_dock and self.dirty["browser"]:
            self.refresh_browser()
        elif dock is self.graph_dock and self.dirty["graph"]:
            self.refresh_graph()
        elif dock is self.timeline_dock and self.dirty["timeline"]:
            self.refresh_timeline()

    # ---- refreshing --------------------------------------------------------------------

    def refresh_browser(self) -> None:
        with _busy():
            self.browser.set_rows(self.analytics.entity_table())
        self.browser.select_entity(self.window.selected_entity)
        self.dirty["browser"] = False

    def refresh_graph(self) -> None:
        with _busy():
            if self.dirty["graph"] and not self.graph.graph:
                self._choose_min_weight()
            self.graph.reload()
        self.graph.select_entity(self.window.selected_entity)
        self.dirty["graph"] = False

    def _choose_min_weight(self) -> None:
        """A first look at a big library: only links strong enough to leave about AUTO_EDGES."""
        edges = self.analytics.graph(1, None, self.graph.top.value()).edges
        if len(edges) > AUTO_EDGES:
            self.graph.min_weight.blockSignals(True)
            self.graph.min_weight.setValue(sorted((e.weight for e in edges), reverse=True)[AUTO_EDGES])
            self.graph.min_weight.blockSignals(False)

    def refresh_timeline(self) -> None:
        entity_id = self.window.selected_entity
        entity = self.window.library.entity_by_id(entity_id) if entity_id is not None else None
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

    def _on_library_changed(self, *_args) -> None:
        self.dirty = {key: True for key in self.dirty}
        for dock in (self.browser_dock, self.graph_dock, self.timeline_dock):
            if dock.isVisible():
                self._on_dock_shown(dock)

    # ---- opening documents -----------------------------------------------------------------

    def _open_hit(self, document_id: int, start: int, end: int) -> None:
        self.window.open_document(document_id, selection=(start, end) if start >= 0 else None)

    def _open_at_entity(self, document_id: int) -> None:
        """Open a document from the timeline at the selected entity's first mention in it."""
        self.window.open_document(document_id)
        marked = self.window.article.view.marked_mentions()
        if marked:
            self.window.article.view.select_span(marked[0].mention.start, marked[0].mention.end)

    # ---- remembered layout ---------------------------------------------------------------

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.window.settings.setValue(STATE_KEY, self.window.saveState())
        return super().eventFilter(watched, event)


class _busy:
    """A wait cursor while the block runs (a first graph of a large library takes seconds)."""

    def __enter__(self) -> None:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

    def __exit__(self, *exc) -> None:
        QApplication.restoreOverrideCursor()


def install(window: QMainWindow) -> Insights:
    """Add the insight tools to a reader window (once); returns them, also kept as window.insights."""
    existing = getattr(window, "insights", None)
    if isinstance(existing, Insights):
        return existing
    window.insights = Insights(window)
    return window.insights
