"""Near-duplicate stories in the window: the open article's other sources, "Count a story once" for the entity
panel, the entity table and the graph, and the grouping of a library made before stories, in the background."""
from __future__ import annotations

import threading
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction

from reader.changes import Change
from reader.errors import Cancelled
from reader.ui.common.task_progress import TaskProgress
from reader.ui.reading import Reading
from reader.ui.runner import IMPORT, QUERY, Job

COUNT_ONCE_KEY = "stories/count_once"


@dataclass(frozen=True)
class Grouped:
    """What grouping the documents not yet grouped found."""

    pending: int  # documents that were read
    joined: int = 0  # of them, those that joined another document's story
    change: Change = Change()  # every document whose "also in" may be new
    cancelled: bool = False


def group_pending(library, job: Job, stop: threading.Event) -> Grouped:
    """Group the documents that have no story yet (a library made before near-duplicates); on a lane."""
    pending = library.stories.pending()
    if not pending:
        return Grouped(0)

    def progress(done: int, total: int, message: str) -> None:
        job.progress(done, total, f"Finding near-duplicates ({done:,} of {total:,} documents)")

    try:
        joined = library.stories.update(progress, lambda: stop.is_set() or job.cancelled())
    except Cancelled:
        return Grouped(pending, cancelled=True)
    return Grouped(pending, joined, Change.of(updated=library.stories.grouped_with()) if joined else Change())


class StoriesController(QObject):
    """Connects the window's article header, entity panel, entity table and graph to the library's stories."""

    def __init__(self, reading: Reading, window) -> None:
        super().__init__(window)
        self.reading = reading
        self.window = window
        self.job: Job | None = None
        self._stop = threading.Event()
        self.sources = window.article.sources
        self.sources.open_requested.connect(lambda document_id: reading.open(document_id))
        self.sources.copy_link.clicked.connect(lambda: reading.say(f"Link copied: {self.sources.link}"))
        self.progress = TaskProgress(reading.runner, "Cancel")
        self.progress.cancel_button.setToolTip("Stop finding near-duplicates (it goes on the next time the "
                                               "library opens)")
        self.progress.cancel_requested.connect(self.cancel)
        self.progress.said.connect(reading.say)
        window.statusBar().addPermanentWidget(self.progress)
        self.count_once_action = QAction("Count a story once", window)
        self.count_once_action.setCheckable(True)
        self.count_once_action.setStatusTip("The entity panel, the entity table and the graph count the documents "
                                            "of a story (near-duplicates) as one")
        self.count_once_action.setToolTip(self.count_once_action.statusTip())
        self.count_once_action.setChecked(reading.settings.value(COUNT_ONCE_KEY, "false") in (True, "true"))
        self.count_once_action.toggled.connect(self.set_count_once)
        window.addAction(self.count_once_action)
        self._apply_count_once(self.count_once_action.isChecked())
        reading.document_opened.connect(self._on_document_opened)
        reading.entity_changed.connect(lambda entity_id: self._count_entity())
        reading.changed.connect(self._on_library_changed)
        window.importer.finished.connect(self._on_import_finished)
        QTimer.singleShot(0, self.group_pending)  # after what the window asked for at start (an unfinished import)

    # ---- a library made before stories -----------------------------------------------------------

    def group_pending(self) -> None:
        """Group, in the background, the documents that have no story yet (once: later imports group theirs)."""
        if self.job is not None:
            return
        self._stop.clear()
        stop = self._stop
        self.job = self.reading.runner.run(lambda library, job: group_pending(library, job, stop), IMPORT,
                                           label="Finding near-duplicates", on_done=self._on_grouped,
                                           on_failed=self._on_group_failed)
        self.progress.follow(self.job)  # shown once there is something to do

    def cancel(self) -> None:
        if self.job is not None:
            self._stop.set()

    def _on_grouped(self, grouped: Grouped) -> None:
        self.job = None
        self.progress.finish()
        if grouped.cancelled:
            self.reading.say("Finding near-duplicates stopped; it goes on the next time the library opens.")
        elif grouped.pending:
            found = grouped.joined
            tell = "document tells" if found == 1 else "documents tell"
            self.reading.say(f"Near-duplicates found: {found:,} {tell} a story that another document tells too."
                             if found else "No near-duplicates found.")
            if found and self.count_once_action.isChecked():
                self._refresh_counts()

    def _on_group_failed(self, message: str) -> None:
        self.job = None
        self.progress.finish()
        self.reading.say(f"Near-duplicates were not found: {message}")

    def _on_import_finished(self, report) -> None:
        """An import's near-duplicates: the documents it joined show their new "also in" too."""
        ids = list(report.added) + list(report.updated)
        if not report.near_duplicates or not ids:
            return
        self.reading.runner.run(lambda library, job: Change.of(updated=library.stories.grouped_with(ids)), QUERY,
                                label="Finding the other sources")
        if self.count_once_action.isChecked():
            self._refresh_counts()

    # ---- the open article's other sources --------------------------------------------------------

    def _on_document_opened(self, document_id: int) -> None:
        self.reading.runner.run(lambda library, job: library.stories.near_duplicates(document_id), QUERY,
                                label="Finding the other sources", key=f"near-duplicates-{id(self)}",
                                on_done=lambda found: self.sources.show_near_duplicates(document_id, found))

    # ---- counting a story once -------------------------------------------------------------------

    def set_count_once(self, on: bool) -> None:
        self.reading.settings.setValue(COUNT_ONCE_KEY, on)
        self._apply_count_once(on)
        self._refresh_counts()
        self.reading.say("Each story counts once: near-duplicates count as one document." if on
                         else "Every document counts, near-duplicates too.")

    def _apply_count_once(self, on: bool) -> None:
        window = self.window
        window.entity_panel.count_stories = on
        window.browser.model.stories = on
        window.graph.stories = on

    def _refresh_counts(self) -> None:
        """The entity panel's summary, the entity table and the graph afresh (the hidden ones when shown)."""
        panel, insights = self.window.entity_panel, self.window.insights
        entity = self.reading.library.entity_by_id(panel.entity_id) if panel.entity_id is not None else None
        if entity is not None:
            panel.show_summary(entity)
            self._count_entity()
        insights.dirty.update(browser=True, graph=True)  # a hidden one is drawn afresh when shown
        if insights.browser_dock.isVisible():
            insights.refresh_browser()
        if insights.graph_dock.isVisible():
            insights.refresh_graph()

    def _count_entity(self) -> None:
        entity_id = self.reading.selected_entity
        if entity_id is None or not self.count_once_action.isChecked():
            return
        panel = self.window.entity_panel
        self.reading.runner.run(lambda library, job: (library.entity_by_id(entity_id),
                                                      library.entity_by_id(entity_id, stories=True)),
                                QUERY, label="Counting stories", key=f"story-counts-{id(self)}",
                                on_done=lambda found: None if None in found else panel.show_story_counts(*found))

    def _on_library_changed(self, change: Change) -> None:
        if change.touches_entity(self.reading.selected_entity):
            self._count_entity()
