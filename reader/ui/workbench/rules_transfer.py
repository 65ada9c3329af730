"""Corrections travel from the window: export every correction to a file, import another library's (one undo)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QUndoCommand
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from reader.changes import Change
from reader.ui.common.safe_text import show_message
from reader.ui.reading import Reading
from reader.ui.runner import QUERY, WRITE
from reader.ui.workbench.cards import counted

FILE_FILTER = "Reader corrections (*.json);;All files (*)"
FOLDER_KEY = "corrections/last_folder"


class ImportedRules:
    """What importing a corrections file did, and what the window refreshes (every entity may change)."""

    def __init__(self, report) -> None:
        self.report = report
        self.change = Change.of(entities=None, rules=True) if report.corrections else Change()


class ImportRulesCommand(QUndoCommand):
    """An imported corrections file; undo removes every correction it added (one relink)."""

    def __init__(self, transfer: RulesTransfer, path: str, added: tuple[int, ...]) -> None:
        super().__init__(f"Imported corrections from {Path(path).name}")
        self.transfer, self.path, self.added = transfer, path, added
        self._first = True

    def redo(self) -> None:
        if self._first:  # imported before being pushed
            self._first = False
            return
        self.transfer.run_import(self.path, announce=f"Redone: {self.text()}",
                                 on_added=lambda added: setattr(self, "added", added))

    def undo(self) -> None:
        ids = list(self.added)

        def remove(library, job):
            removed = library.corrections.remove_many(ids)
            return Change.of(entities=None, rules=True) if removed else Change()

        self.transfer.reading.runner.run(remove, WRITE, label="Removing imported corrections",
                                         on_done=lambda _change: self.transfer.reading.say(f"Undone: {self.text()}"),
                                         on_failed=self.transfer.failed)


class RulesTransfer(QObject):
    """File → Export corrections… / Import corrections…, on the runner, with a report of what was done."""

    def __init__(self, reading: Reading, parent: QWidget) -> None:
        super().__init__(parent)
        self.reading = reading
        self.parent_widget = parent
        self.last_dialog = None
        self.export_action = QAction("Export corrections…", parent)
        self.export_action.setStatusTip("Save every merge, rename, type change, “not an entity” and “not the same”"
                                        " to a file another library can import")
        self.export_action.triggered.connect(self.choose_export)
        self.import_action = QAction("Import corrections…", parent)
        self.import_action.setStatusTip("Apply the corrections saved from another library; they re-apply after"
                                        " every import, like your own")
        self.import_action.triggered.connect(self.choose_import)

    def _folder(self) -> str:
        return str(self.reading.settings.value(FOLDER_KEY, str(Path.home())))

    # ---- export ----

    def choose_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self.parent_widget, "Export corrections",
                                              str(Path(self._folder()) / "corrections.json"), FILE_FILTER)
        if path:
            self.reading.settings.setValue(FOLDER_KEY, str(Path(path).parent))
            self.export(path)

    def export(self, path: str) -> None:
        self.reading.runner.run(lambda library, job: library.corrections.export_rules(path), QUERY,
                                label="Exporting corrections",
                                on_done=lambda count: self.reading.say(
                                    f"Exported {counted(count, 'correction')} to {path}." if count else
                                    f"No corrections yet: wrote an empty corrections file to {path}."),
                                on_failed=self.failed)

    # ---- import ----

    def choose_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.parent_widget, "Import corrections", self._folder(), FILE_FILTER)
        if path:
            self.reading.settings.setValue(FOLDER_KEY, str(Path(path).parent))
            self.import_file(path)

    def import_file(self, path: str) -> None:
        """Import a corrections file; the report says what was added and what this library already had."""
        def added(ids: tuple[int, ...]) -> None:
            if ids:
                self.reading.undo_stack.push(ImportRulesCommand(self, path, ids))

        self.run_import(path, announce="", on_added=added, report=True)

    def run_import(self, path: str, announce: str, on_added, report: bool = False) -> None:
        if self.reading.importing():  # its linking would overwrite the corrections
            self.reading.say("Corrections wait until the import has finished.")
            return

        def done(result: ImportedRules) -> None:
            on_added(result.report.added)
            self.reading.say(announce or self.describe(result.report))
            if report:
                self._show_report(result.report)

        self.reading.runner.run(lambda library, job: ImportedRules(library.corrections.import_rules(path)), WRITE,
                                label="Importing corrections", on_done=done, on_failed=self.failed)

    @staticmethod
    def describe(report) -> str:
        name = Path(report.path).name
        if not report.corrections:
            return f"Nothing new in {name}: this library already has its {counted(report.skipped, 'rule')}."
        skipped = f"; {counted(report.skipped, 'rule')} you already had left as they were" if report.skipped else ""
        return (f"Imported {counted(report.corrections, 'correction')} from {name}{skipped}."
                " Undo with Ctrl+Z.")

    def _show_report(self, report) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, "Corrections imported", self.describe(report),
                          QMessageBox.StandardButton.Ok, self.parent_widget)
        box.setTextFormat(Qt.TextFormat.PlainText)  # a file name is no markup
        box.setInformativeText("They apply now and after every import and analysis. Each one is listed in"
                               " Edit → Corrections…, where it can be removed.")
        self.last_dialog = box
        box.open()

    def failed(self, message: str) -> None:
        self.reading.say("Corrections not transferred.")
        self.last_dialog = show_message(self.parent_widget, QMessageBox.Icon.Warning, "Corrections", message)
