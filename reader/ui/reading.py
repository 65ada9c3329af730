"""What the window's features share: the library and its runner, where the reader is, and how to go elsewhere."""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from reader.ui.runner import IMPORT, Runner


class Reading(QObject):
    """The small state a feature needs (the open document, the selected entity, whether the library is busy)
    and the requests it may make (open a document, select an entity, say something in the status bar).

    The window owns one, carries out the requests, and announces what happened."""

    document_opened = Signal(int)
    entity_changed = Signal(object)  # int | None
    changed = Signal(object)  # Change: something in the library changed (here or in another process)
    message = Signal(str)  # a line for the status bar
    open_requested = Signal(int, object)  # document id, (start, end) to select or None
    entity_requested = Signal(object, bool)  # entity id to select (None: clear), bring its first mention into view

    def __init__(self, library, runner: Runner, undo_stack: QUndoStack, settings, parent=None) -> None:
        super().__init__(parent)
        self.library = library  # the GUI thread's connection: small, indexed reads only
        self.runner = runner
        self.undo_stack = undo_stack
        self.settings = settings
        self.current_document: int | None = None
        self.selected_entity: int | None = None

    def importing(self) -> bool:
        """An import is under way (its linking would overwrite a correction made meanwhile)."""
        return self.runner.busy(IMPORT)

    def say(self, text: str) -> None:
        self.message.emit(text)

    def open(self, document_id: int, selection: tuple[int, int] | None = None) -> None:
        self.open_requested.emit(document_id, selection)

    def show_entity(self, entity_id: int | None, reveal: bool = True) -> None:
        """Select an entity; with `reveal`, scroll the article to its first mention (not after a correction,
        which leaves the reader where they are)."""
        self.entity_requested.emit(entity_id, reveal)
