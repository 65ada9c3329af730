"""The entity workbench's features, connected to the window: merge suggestions, bulk corrections from the
entity table, corrections files, watchlists; and the actions they add to the menus."""
from __future__ import annotations

from PySide6.QtCore import QObject

from reader.ui.reading import Reading
from reader.ui.workbench.rules_transfer import RulesTransfer
from reader.ui.workbench.suggestions_controller import SuggestionsController
from reader.ui.workbench.watchlist_controller import WatchlistController


class Workbench(QObject):
    """`window` lends its corrections controller, the entity table, and the queue and watchlist docks."""

    def __init__(self, reading: Reading, window) -> None:
        super().__init__(window)
        corrections = window.corrections
        self.suggestions = SuggestionsController(reading, corrections, window.suggestion_queue,
                                                 window.suggestions_dock, window)
        self.watchlists = WatchlistController(reading, window.watchlist_panel, window.watch_dock, window)
        self.rules = RulesTransfer(reading, window)
        window.browser.relabel_requested.connect(corrections.relabel_many_ids)
        window.browser.ignore_requested.connect(corrections.ignore_many_ids)
        self.file_actions = [self.rules.export_action, self.rules.import_action]
        self.tools_actions = [self.suggestions.action, self.watchlists.panel_action, self.watchlists.add_action]
