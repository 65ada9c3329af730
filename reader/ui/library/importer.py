"""Importing from the window: file and folder dialogs, the import on the runner, progress, Cancel, the report."""
from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressBar, QPushButton, QWidget

from reader.formats import SUFFIXES
from reader.import_process import finish_linking_in_process, import_in_process
from reader.ui.common.safe_text import show_message
from reader.ui.reading import Reading
from reader.ui.runner import IMPORT, Job

FILE_FILTER = f"Articles ({' '.join('*' + suffix for suffix in sorted(SUFFIXES))});;All files (*)"
LAST_FOLDER_KEY = "import/last_folder"


class Importer(QObject):
    """Runs one import at a time on the runner's import lane; the status bar shows how far it is."""

    finished = Signal(object)  # ImportReport (also when cancelled: what finished is kept)

    def __init__(self, reading: Reading, parent: QWidget, progress: QProgressBar, cancel_button: QPushButton) -> None:
        super().__init__(parent)
        self.reading = reading
        self.parent_widget = parent
        self.progress_bar, self.cancel_button = progress, cancel_button
        self.job: Job | None = None
        self._stop = threading.Event()
        self.problems_dialog: QMessageBox | None = None
        cancel_button.clicked.connect(self.cancel)
        reading.runner.progressed.connect(self._on_progress)

    def busy(self) -> bool:
        return self.job is not None

    # ---- choosing ----

    def _folder(self) -> str:
        return str(self.reading.settings.value(LAST_FOLDER_KEY, str(Path.home())))

    def choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self.parent_widget, "Import files", self._folder(), FILE_FILTER)
        if paths:
            self.reading.settings.setValue(LAST_FOLDER_KEY, str(Path(paths[0]).parent))
            self.start(paths)

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.parent_widget, "Import folder", self._folder())
        if folder:
            self.reading.settings.setValue(LAST_FOLDER_KEY, str(Path(folder).parent))
            self.start([folder])

    # ---- running ----

    def start(self, paths: list[str]) -> None:
        if self.job is not None:
            self.reading.say("An import is already running; wait for it or cancel it.")
            return
        self._stop.clear()
        paths = [str(p) for p in paths]
        stop = self._stop

        def run(library, job: Job):  # in a process of its own: the window keeps its interpreter for painting
            return import_in_process(library.path, paths, progress=job.progress,
                                     cancelled=lambda: stop.is_set() or job.cancelled(), changed=job.report)

        self.job = self.reading.runner.run(run, IMPORT, label="Importing", on_done=self._on_done,
                                           on_failed=self._on_failed)
        self._show_busy(True)
        self.reading.say("Starting import…")

    def cancel(self) -> None:
        if self.job is not None:
            self._stop.set()
            self.cancel_button.setEnabled(False)
            self.reading.say("Cancelling: finishing the current document…")

    def _show_busy(self, busy: bool) -> None:
        self.progress_bar.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.cancel_button.setEnabled(busy)
        if busy:
            self.progress_bar.setRange(0, 0)

    def _on_progress(self, job: Job, done: int, total: int, message: str) -> None:
        if job is not self.job or self._stop.is_set():
            return
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(done)
        self.reading.say(message)

    def _on_done(self, report) -> None:
        self.job = None
        self._show_busy(False)
        parts = [f"Imported {len(report.added)}", f"updated {len(report.updated)}"]
        if report.unchanged and not report.added and not report.updated:
            parts = [f"Nothing new: {len(report.unchanged)} file{'s' if len(report.unchanged) != 1 else ''}"
                     " already in the library, unchanged"]
        if report.duplicates:
            parts.append(f"{len(report.duplicates)} duplicate{'s' if len(report.duplicates) != 1 else ''} skipped")
        if report.refused:
            parts.append(f"{len(report.refused)} refused")
        if report.cancelled:
            parts.append("cancelled: finished documents are kept; the rest will be analysed next time")
            self._link_what_finished()
        self.reading.say(", ".join(parts) + ".")
        if report.refused:
            self._show_problems(report)
        self.finished.emit(report)

    def _link_what_finished(self) -> None:
        """Cancel is answered at once; the documents analysed before it are linked afterwards, in the
        background (corrections wait for it, as for an import)."""
        self.reading.runner.run(lambda library, job: finish_linking_in_process(library.path, job.progress,
                                                                               job.cancelled), IMPORT,
                                label="Linking the documents imported before Cancel")

    def _show_problems(self, report) -> None:
        box = QMessageBox(self.parent_widget)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Some files were not imported")
        box.setTextFormat(Qt.TextFormat.PlainText)
        count = len(report.refused) + len(report.duplicates)
        box.setText(f"{count} file{'s were' if count != 1 else ' was'} not imported. "
                    "Everything else was imported, and nothing already in the library changed.")
        lines = [str(refusal) for refusal in report.refused] + report.duplicates
        box.setDetailedText("\n".join(lines))
        box.setInformativeText("\n".join(lines[:8]) + ("\n…" if len(lines) > 8 else ""))
        self.problems_dialog = box
        box.open()

    def _on_failed(self, message: str) -> None:
        self.job = None
        self._show_busy(False)
        self.reading.say("Import failed.")
        show_message(self.parent_widget, QMessageBox.Icon.Critical, "Import failed", message)
