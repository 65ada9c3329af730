"""The window's tool docks (search, entity table, graph, timeline, merge suggestions, watchlists) and the
controllers that work through them, made one turn after the window so that it paints and lists first."""
from __future__ import annotations

import importlib

from PySide6.QtCore import Qt

BOTTOM = Qt.DockWidgetArea.BottomDockWidgetArea

# (window attribute, module, class, dock attribute, dock title, dock object name): one panel a step, in order
PANELS = (
    ("search", "reader.ui.library.search_panel", "SearchPanel", "search_dock", "Search library", "searchDock"),
    ("browser", "reader.ui.entities.entity_browser", "EntityBrowser", "browser_dock", "Entities", "entitiesDock"),
    ("graph", "reader.ui.insights.graph_view", "GraphView", "graph_dock", "Graph", "graphDock"),
    ("timeline", "reader.ui.insights.timeline_view", "TimelineView", "timeline_dock", "Timeline", "timelineDock"),
    ("suggestion_queue", "reader.ui.workbench.suggestion_queue", "SuggestionQueue", "suggestions_dock",
     "Merge suggestions", "suggestionsDock"),
    ("watchlist_panel", "reader.ui.workbench.watchlist_panel", "WatchlistPanel", "watch_dock", "Watchlists",
     "watchDock"),
)
LEFT = {"search"}  # the rest are tabbed at the bottom
CONTROLLERS = ("insights", "workbench", "exporter", "stories")

# What tool_steps gives the window (asked for sooner, the window makes them at once).
TOOL_NAMES = frozenset({p[0] for p in PANELS} | {p[3] for p in PANELS} | set(CONTROLLERS))


def tool_steps(window) -> list:
    """The tools one panel a step, so that no turn of the event loop takes long: the panels in their (hidden)
    docks, tabbed at the bottom, then the controllers that work through them."""
    return ([lambda spec=spec: _panel(window, *spec) for spec in PANELS]
            + [lambda: _tab_bottom_docks(window), lambda: _insights(window), lambda: _controllers(window)])


def _panel(window, name: str, module: str, cls: str, dock_name: str, title: str, object_name: str) -> None:
    panel = getattr(importlib.import_module(module), cls)()
    setattr(window, name, panel)
    area = Qt.DockWidgetArea.LeftDockWidgetArea if name in LEFT else BOTTOM
    setattr(window, dock_name, window._dock(title, object_name, panel, area))


def _tab_bottom_docks(window) -> None:
    docks = [getattr(window, dock_name) for name, _, _, dock_name, _, _ in PANELS if name not in LEFT]
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
