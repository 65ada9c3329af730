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
    """The tools one or two panels a step, so that no turn of the event loop takes long: the panels in their
    (hidden) docks, tabbed at the bottom, then the controllers that work through them."""
    return [lambda: _search(window), lambda: _table(window), lambda: _graph(window), lambda: _timeline(window),
            lambda: _suggestions(window), lambda: _watchlists(window), lambda: _insights(window),
            lambda: _controllers(window)]


def _search(window) -> None:
    from reader.ui.library.search_panel import SearchPanel

    window.search = SearchPanel()
    window.search_dock = window._dock("Search library", "searchDock", window.search,
                                      Qt.DockWidgetArea.LeftDockWidgetArea)


def _table(window) -> None:
    from reader.ui.entities.entity_browser import EntityBrowser

    window.browser = EntityBrowser()
    window.browser_dock = window._dock("Entities", "entitiesDock", window.browser, BOTTOM)


def _graph(window) -> None:
    from reader.ui.insights.graph_view import GraphView

    window.graph = GraphView()
    window.graph_dock = window._dock("Graph", "graphDock", window.graph, BOTTOM)


def _timeline(window) -> None:
    from reader.ui.insights.timeline_view import TimelineView

    window.timeline = TimelineView()
    window.timeline_dock = window._dock("Timeline", "timelineDock", window.timeline, BOTTOM)


def _suggestions(window) -> None:
    from reader.ui.workbench.suggestion_queue import SuggestionQueue

    window.suggestion_queue = SuggestionQueue()
    window.suggestions_dock = window._dock("Merge suggestions", "suggestionsDock", window.suggestion_queue, BOTTOM)


def _watchlists(window) -> None:
    from reader.ui.workbench.watchlist_panel import WatchlistPanel

    window.watchlist_panel = WatchlistPanel()
    window.watch_dock = window._dock("Watchlists", "watchDock", window.watchlist_panel, BOTTOM)
    docks = (window.browser_dock, window.graph_dock, window.timeline_dock, window.suggestions_dock, window.watch_dock)
    for first, second in zip(docks, docks[1:]):
        window.tabifyDockWidget(first, second)


def _insights(window) -> None:
    from reader.ui.insights.tools import Insights

    window.insights = Insights(window.reading, window)


def _controllers(window) -> None:
    from reader.ui.library.exporter import Exporter
    from reader.ui.library.stories_controller import StoriesController
    from reader.ui.workbench.workbench import Workbench

    window.workbench = Workbench(window.reading, window)  # merge suggestions, bulk corrections, watchlists
    window.exporter, window.stories = Exporter(window.reading, window), StoriesController(window.reading, window)
