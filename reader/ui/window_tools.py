"""The window's tool docks (search, entity table, graph, timeline, merge suggestions, watchlists) and the
controllers that work through them, made one turn after the window so that it paints and lists first."""
from __future__ import annotations

from PySide6.QtCore import Qt

BOTTOM = Qt.DockWidgetArea.BottomDockWidgetArea

# What build_tool_docks gives the window (asked for sooner, the window makes them at once).
TOOL_NAMES = frozenset({
    "search", "browser", "graph", "timeline", "suggestion_queue", "watchlist_panel",
    "search_dock", "browser_dock", "graph_dock", "timeline_dock", "suggestions_dock", "watch_dock",
    "insights", "workbench", "exporter", "stories",
})


def tool_steps(window) -> list:
    """The tools in steps of a few panels each, so that no turn of the event loop takes long: the panels in
    their (hidden) docks, tabbed at the bottom, then the controllers that work through them."""
    return [lambda: _search_and_table(window), lambda: _graph_and_timeline(window), lambda: _workbench_panels(window),
            lambda: _controllers(window)]


def _search_and_table(window) -> None:
    from reader.ui.entities.entity_browser import EntityBrowser
    from reader.ui.library.search_panel import SearchPanel

    window.search, window.browser = SearchPanel(), EntityBrowser()
    window.search_dock = window._dock("Search library", "searchDock", window.search,
                                      Qt.DockWidgetArea.LeftDockWidgetArea)
    window.browser_dock = window._dock("Entities", "entitiesDock", window.browser, BOTTOM)


def _graph_and_timeline(window) -> None:
    from reader.ui.insights.graph_view import GraphView
    from reader.ui.insights.timeline_view import TimelineView

    window.graph, window.timeline = GraphView(), TimelineView()
    window.graph_dock = window._dock("Graph", "graphDock", window.graph, BOTTOM)
    window.timeline_dock = window._dock("Timeline", "timelineDock", window.timeline, BOTTOM)


def _workbench_panels(window) -> None:
    from reader.ui.workbench.suggestion_queue import SuggestionQueue
    from reader.ui.workbench.watchlist_panel import WatchlistPanel

    window.suggestion_queue, window.watchlist_panel = SuggestionQueue(), WatchlistPanel()
    window.suggestions_dock = window._dock("Merge suggestions", "suggestionsDock", window.suggestion_queue, BOTTOM)
    window.watch_dock = window._dock("Watchlists", "watchDock", window.watchlist_panel, BOTTOM)
    docks = (window.browser_dock, window.graph_dock, window.timeline_dock, window.suggestions_dock, window.watch_dock)
    for first, second in zip(docks, docks[1:]):
        window.tabifyDockWidget(first, second)


def _controllers(window) -> None:
    from reader.ui.insights.tools import Insights
    from reader.ui.library.exporter import Exporter
    from reader.ui.library.stories_controller import StoriesController
    from reader.ui.workbench.workbench import Workbench

    window.insights = Insights(window.reading, window)
    window.workbench = Workbench(window.reading, window)  # merge suggestions, bulk corrections, watchlists
    window.exporter, window.stories = Exporter(window.reading, window), StoriesController(window.reading, window)
