"""Long work off the GUI thread: import and analysis report through signals."""
from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal

from reader.errors import ReaderError
from reader.library import ImportReport, Library


class ImportWorker(QObject):
    """Imports paths into the library file with its own connection, on its own thread."""

    progressed = Signal(int, int, str)
    document_stored = Signal()
    finished = Signal(object)  # ImportReport
    failed = Signal(str)

    def __init__(self, library_path: Path, paths: list[str], analyser=None) -> None:
        super().__init__()
        self._library_path = library_path
        self._paths = paths
        self._analyser = analyser
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:
        try:
            library = Library(self._library_path, analyser=self._analyser)
        except Exception as error:  # ReaderError explains itself; anything else must still reach the user
            self.failed.emit(str(error) if isinstance(error, ReaderError) else f"cannot open the library: {error!r}")
            return
        try:
            report = library.import_paths(self._paths, progress=self._on_progress,
                                          cancelled=self._cancel.is_set)
            if report.analysed and not report.cancelled:  # graph caches, here rather than on the GUI thread
                self.progressed.emit(report.analysed, report.analysed, "Updating the graph and timeline")
                library.analytics.refresh()
        except ReaderError as error:
            self.failed.emit(str(error))
            return
        except Exception as error:  # a bug must reach the user, not kill the thread silently
            self.failed.emit(f"import failed: {error!r}")
            return
        finally:
            library.close()
        self.finished.emit(report)

    def _on_progress(self, done: int, total: int, message: str) -> None:
        self.progressed.emit(done, total, message)
        if message.startswith(("Analysed", "Loading the language model")):  # stored after reading, then analysed
            self.document_stored.emit()


def start_import(worker: ImportWorker, parent: QObject) -> QThread:
    """Run the worker on a new thread that ends (and is cleaned up) when the work does."""
    thread = QThread(parent)
    worker.moveToThread(thread)
    thread.started.connect(worker.run)
    worker.finished.connect(thread.quit)
    worker.failed.connect(thread.quit)
    thread.finished.connect(worker.deleteLater)
    thread.finished.connect(thread.deleteLater)
    thread.start()
    return thread


__all__ = ["ImportReport", "ImportWorker", "start_import"]
