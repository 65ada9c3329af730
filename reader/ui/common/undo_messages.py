"""What Undo and Redo say in the status bar, for every undoable step of the window (notes, corrections, reviews)."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QUndoStack


def undone(text: str) -> str:
    return f"Undone: {text}"


def redone(text: str) -> str:
    return f"Redone: {text}"


def announce_undo(stack: QUndoStack, undo_action: QAction, redo_action: QAction, say: Callable[[str], None]) -> None:
    """After Undo or Redo (the stack has moved by then: it acts on the actions' signal first), say which step
    it was. A step whose work finishes later (a correction) may say it again when done."""
    undo_action.triggered.connect(lambda: stack.canRedo() and say(undone(stack.redoText())))
    redo_action.triggered.connect(lambda: stack.canUndo() and say(redone(stack.undoText())))
