"""Merge suggestions in the window: computed on the runner, reviewed in the queue, decided as undoable corrections."""
from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from reader.child_tasks import suggest_in_process
from reader.suggestions import Suggestion
from reader.ui.reading import Reading
from reader.ui.runner import COMPUTE, WRITE
from reader.ui.workbench.suggestion_queue import SuggestionQueue, pair_of

SHOWN = 200  # suggestions in the queue at a time (the most confident; more come when they are decided)
SHORTCUT = "Ctrl+Shift+R"


class SuggestionsController(QObject):
    """Keeps the queue filled: looks for suggestions when the dock is shown and after changes to entities
    (not while the reader's own decisions are still being written), and carries out the decisions."""

    def __init__(self, reading: Reading, corrections, queue: SuggestionQueue, dock, window) -> None:
        super().__init__(window)
        self.reading, self.corrections, self.queue, self.dock, self.window = reading, corrections, queue, dock, window
        self.stale = True
        self.computing = False
        self._decided: set[frozenset[str]] = set()  # pairs decided since the running computation began
        self.action = QAction("Review merge suggestions…", window)
        self.action.setShortcut(QKeySequence(SHORTCUT))
        self.action.setToolTip(f"Names that are probably the same thing, one at a time ({SHORTCUT})")
        self.action.setStatusTip("Names that are probably the same thing: Enter merges, N keeps apart, S skips")
        self.action.triggered.connect(self.show)
        window.addAction(self.action)
        queue.accepted.connect(self.accept)
        queue.refused.connect(self.refuse)
        queue.evidence_activated.connect(lambda m: reading.open(m.mention.document_id, (m.mention.start, m.mention.end)))
        queue.refresh_requested.connect(self.compute)
        dock.visibilityChanged.connect(lambda visible: visible and self.stale and self.compute())
        reading.changed.connect(self._on_changed)

    def show(self) -> None:
        """Show the queue and give it the keyboard."""
        self.window.show_dock(self.dock)
        self.queue.setFocus()
        if self.stale and not self.computing:
            self.compute()

    # ---- computing ----------------------------------------------------------------------------

    def compute(self) -> None:
        """Look for suggestions in a process of their own, waited for on the compute lane (after any decision
        still being written)."""
        self.stale = False
        self.computing = True
        self._decided = set()
        self.queue.show_busy()
        self.reading.runner.run(lambda library, job: suggest_in_process(library.path, SHOWN, job.cancelled), COMPUTE,
                                label="Looking for merge suggestions", key=f"suggestions-{id(self)}",
                                on_done=self._on_computed, on_failed=self._on_failed)

    def _on_computed(self, found: list[Suggestion]) -> None:
        self.computing = False
        self.queue.set_suggestions([s for s in found if pair_of(s) not in self._decided])

    def _on_failed(self, message: str) -> None:
        self.computing = False
        self.queue.show_message("Could not look for suggestions", message)

    def _on_changed(self, change) -> None:
        if not (change.rules or change.everything or change.entities is None or change.entities):
            return
        self.stale = True
        if self.dock.isVisible() and not self.reading.runner.busy(WRITE) and not self.reading.importing():
            self.compute()  # after the last of a quick run of decisions, and after an import

    # ---- deciding ------------------------------------------------------------------------------

    def accept(self, suggestion: Suggestion) -> None:
        """Merge: one undoable correction; the suggestions about either entity leave the queue."""
        if self.corrections.merge_ids(suggestion.source.id, suggestion.target.id):
            self._decided.add(pair_of(suggestion))
            self.queue.drop(entity_ids={suggestion.source.id, suggestion.target.id})
        elif not self.reading.importing():
            self.reading.say(f"“{suggestion.source.name}” or “{suggestion.target.name}” changed meanwhile;"
                             " looking again.")
            self.compute()

    def refuse(self, suggestion: Suggestion) -> None:
        """Not the same: a "distinct" correction, undoable; the pair is never suggested or linked again."""
        if self.corrections.distinct_ids(suggestion.source.id, suggestion.target.id):
            self._decided.add(pair_of(suggestion))
            self.queue.drop(pair=pair_of(suggestion))
        elif not self.reading.importing():
            self.compute()
