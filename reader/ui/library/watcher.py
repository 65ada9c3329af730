"""Noticing what another process (the CLI, a second window) changed in the library, and showing it."""
from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from reader.changes import Change
from reader.ui.reading import Reading

POLL_MS = 1500  # SQLite's data_version is read this often: a pragma, no I/O when nothing changed


class LibraryWatcher(QObject):
    """Compares SQLite's data_version with what the window knows; a change that none of the window's own
    operations explains came from elsewhere: new documents are listed, the rest is shown afresh."""

    def __init__(self, reading: Reading, parent=None) -> None:
        super().__init__(parent)
        self.reading = reading
        self.library = reading.library
        self._version = self.library.data_version()
        self._content = self.library.content_version()
        self._last_document = self.library.last_document_id()
        self._own = reading.runner.writes
        self.timer = QTimer(self, interval=POLL_MS, timeout=self.check)
        self.timer.start()

    def check(self) -> Change | None:
        """Look now; returns (and announces) the change made elsewhere, if any."""
        if self.library.closed:
            self.timer.stop()
            return None
        version = self.library.data_version()
        runner = self.reading.runner
        if version == self._version:
            if not runner.busy():  # the window's writes so far committed nothing: none can hide another's
                self._own = runner.writes
            return None
        content = self.library.content_version()
        if content == self._content:  # only caches were rebuilt (by the graph's process, say): nothing to show
            self._version, self._own = version, runner.writes
            return None
        self._content = content
        ours = runner.busy() or runner.writes != self._own
        self._version, self._own = version, runner.writes
        last = self.library.last_document_id()
        added = self.library.documents_after(self._last_document) if last > self._last_document else []
        self._last_document = max(last, self._last_document)
        if ours:
            return None  # the window's own write or import: its operation says what it changed
        change = Change.of(added=added, entities=None, rules=True, everything=False,
                           updated=[] if self.reading.current_document is None else [self.reading.current_document])
        runner.changed.emit(change)
        return change
