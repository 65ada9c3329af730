"""Exporting from the window: File → Export…, the file or folder dialog in the last export folder, the export on
the runner with progress and Cancel, written whole or not at all, and the path said in the status bar."""
from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox

from reader.exports.requests import FILES, Exported, ExportRequest, export_in_process, vault_folder
from reader.ui.common.export_files import export_folder, remember_export_folder
from reader.ui.common.task_progress import TaskProgress
from reader.ui.library.export_dialog import ExportDialog
from reader.ui.reading import Reading
from reader.ui.runner import COMPUTE, Job

KIND_KEY = "export/last_kind"

class Exporter(QObject):
    """File → Export…: asks what and where, runs one export at a time (in a process of its own, waited for
    on the COMPUTE lane)."""

    def __init__(self, reading: Reading, window) -> None:
        """`window` lends its status bar, the graph panel (its filters) and the notes (saved before an export)."""
        super().__init__(window)
        self.reading = reading
        self.window = window
        self.job: Job | None = None
        self.last_dialog = None
        self._stop = threading.Event()
        self.progress = TaskProgress(reading.runner, "Cancel export")
        self.progress.cancel_requested.connect(self.cancel)
        self.progress.cancel_button.setToolTip("Stop the export: the file (or folder) stays as it was")
        self.progress.said.connect(reading.say)
        window.statusBar().addPermanentWidget(self.progress)
        self.action = QAction("Export…", window)
        self.action.setStatusTip("Export entities, mentions, the graph, a Markdown vault, notes or a dossier")
        self.action.setToolTip(self.action.statusTip())
        self.action.triggered.connect(lambda checked=False: self.choose())
        window.addAction(self.action)

    def busy(self) -> bool:
        return self.job is not None

    # ---- choosing ------------------------------------------------------------------------------

    def choose(self, kind: str | None = None) -> ExportRequest | None:
        """Ask what to export (`kind` chosen first), then where; start it."""
        notes = getattr(self.window, "notes", None)
        if notes is not None:
            notes.flush_all()  # what was just typed is exported too
        entity_id = self.reading.selected_entity
        entity = self.reading.library.entity_by_id(entity_id) if entity_id is not None else None
        graph = self.window.graph
        dialog = ExportDialog(entity.name if entity else None, self._graph_shown(graph), graph.stories, self.window)
        first = kind or str(self.reading.settings.value(KIND_KEY, "entities"))
        dialog.choose(first if first in dialog.buttons and dialog.buttons[first].isEnabled() else "entities")
        self.last_dialog = dialog
        if not dialog.exec():
            return None
        kind = dialog.choice()
        self.reading.settings.setValue(KIND_KEY, kind)
        options = {"min_weight": 1, "labels": None, "top": None, "stories": graph.stories}
        if kind == "graph":
            kind = dialog.chosen_graph_format()
            if dialog.graph_filtered():
                options.update(min_weight=graph.min_weight.value(), labels=graph.checked_labels() or None,
                               top=graph.top.value())
        path = self._ask_path(kind, entity.name if entity else "")
        if path is None:
            return None
        request = ExportRequest(kind, path, options if kind in ("graphml", "gexf") else {},
                                entity.id if kind == "dossier" and entity else None)
        self.start(request)
        return request

    def _graph_shown(self, graph) -> str | None:
        """The graph panel's filters in words, once it has drawn a graph."""
        if graph.graph is None:
            return None
        names = [chip.text().replace("&&", "&") for chip in graph.chips.values() if chip.isChecked()]
        types = ("every type" if len(names) == len(graph.chips) else ", ".join(names) if len(names) <= 3
                 else f"{len(names)} types")
        return f"{types or 'no type'} · shared ≥ {graph.min_weight.value()} · top {graph.top.value()} entities"

    def _ask_path(self, kind: str, entity_name: str) -> Path | None:
        folder = export_folder(self.reading.settings)
        if kind == "vault":
            chosen = QFileDialog.getExistingDirectory(self.window, "Export a Markdown vault into the folder",
                                                      str(folder))
            if not chosen:
                return None
            remember_export_folder(self.reading.settings, Path(chosen).parent)
            return vault_folder(Path(chosen))
        what, suggested, pattern = FILES[kind]
        if kind == "dossier":
            suggested = f"dossier – {entity_name}.md".replace("/", "-").replace("\\", "-")
        chosen, _ = QFileDialog.getSaveFileName(self.window, f"Export {what}", str(folder / suggested), pattern)
        if not chosen:
            return None
        remember_export_folder(self.reading.settings, Path(chosen).parent)
        return Path(chosen)

    # ---- running -------------------------------------------------------------------------------

    def start(self, request: ExportRequest) -> Job | None:
        """Run an export in the background; progress and Cancel in the status bar."""
        if self.job is not None:
            self.reading.say("An export is already running; wait for it or cancel it.")
            return None
        self._stop.clear()
        stop = self._stop

        def run(library, job: Job) -> Exported:
            return export_in_process(library.path, request, job.progress, lambda: stop.is_set() or job.cancelled())

        what = "a Markdown vault" if request.kind == "vault" else FILES[request.kind][0]
        self.job = self.reading.runner.run(run, COMPUTE, label=f"Exporting {what}", on_done=self._on_done,
                                           on_failed=self._on_failed)
        self.progress.start(self.job)
        self.reading.say(f"Exporting {what} to {request.path}…")
        return self.job

    def cancel(self) -> None:
        if self.job is not None:
            self._stop.set()
            self.reading.say("Cancelling the export…")

    def _on_done(self, result: Exported) -> None:
        self.job = None
        self.progress.finish()
        path = result.request.path
        if result.cancelled and result.in_place:
            self.reading.say(f"Export cancelled: the files of {path} written so far are complete, the others "
                             "as they were.")
        elif result.cancelled:
            self.reading.say(f"Export cancelled: {path} is as it was.")
        else:
            self.reading.say(f"Exported {result.summary} to {path}")

    def _on_failed(self, message: str) -> None:
        self.job = None
        self.progress.finish()
        self.reading.say("Export failed.")
        box = QMessageBox(QMessageBox.Icon.Warning, "Export failed", message, QMessageBox.StandardButton.Ok,
                          self.window)
        box.setTextFormat(Qt.TextFormat.PlainText)
        self.last_dialog = box
        box.open()  # not exec(): the window goes on while the message is read
