"""The floating "+ Note" button: shown for a selection the reader made, beside it and never over its words."""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRect, Qt
from PySide6.QtGui import QColor, QTextCursor
from PySide6.QtWidgets import QGraphicsDropShadowEffect, QToolButton

GAP = 6  # pixels between the selection's lines and the button
EDGE = 4  # the button keeps this far inside the viewport


def make_note_button(view, shortcut: str, on_click) -> QToolButton:
    button = QToolButton(view.viewport())
    button.setObjectName("noteFloatButton")
    button.setText("+ Note")
    button.setToolTip(f"Add a note on the selection ({shortcut})")
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    button.clicked.connect(on_click)
    button.setGraphicsEffect(QGraphicsDropShadowEffect(blurRadius=8, offset=QPointF(0, 1), color=QColor(0, 0, 0, 90)))
    button.hide()
    return button


def selection_lines(view) -> QRect | None:
    """The viewport rectangle of the lines the selection spans (their full line boxes, the text column wide)."""
    cursor = view.textCursor()
    if not cursor.hasSelection():
        return None
    top = _line_box(view, cursor.selectionStart())
    bottom = _line_box(view, cursor.selectionEnd())
    return QRect(top.left(), top.top(), max(top.right(), bottom.right()) - top.left(), bottom.bottom() - top.top())


def place_note_button(view, button: QToolButton) -> None:
    """Show the button below the selected lines (above them when there is no room below, else in the
    margin beside them), inside the viewport; hide it when the selection was not made by the reader
    (a jump, F3, a search hit), is only whitespace, or is out of view."""
    span = view.selected_span() if view.document_id is not None else None
    lines = selection_lines(view) if span is not None and view.selected_by_user() else None
    viewport = view.viewport().rect()
    if (lines is None or not view.text[span[0]:span[1]].strip()
            or lines.bottom() < 0 or lines.top() > viewport.height()):
        button.hide()
        return
    button.adjustSize()
    width, height = button.width(), button.height()
    end = QTextCursor(view.document())
    end.setPosition(view.textCursor().selectionEnd())
    x = min(max(EDGE, view.cursorRect(end).right() - width // 2), viewport.width() - width - EDGE - 4)
    if lines.bottom() + GAP + height <= viewport.height() - EDGE:
        y = lines.bottom() + GAP
    elif lines.top() - GAP - height >= EDGE:
        y = lines.top() - GAP - height
    else:  # the selection fills the view: beside the text column, if the margin has room
        margin = viewport.width() - lines.right()
        if margin < width + 2 * EDGE:
            button.hide()
            return
        x = lines.right() + (margin - width) // 2
        y = viewport.height() // 2 - height // 2
    button.move(x, y)
    button.show()
    button.raise_()


def _line_box(view, qt_position: int) -> QRect:
    """The line box (the whole line's height, the text column's width) holding a position, in viewport pixels."""
    block = view.document().findBlock(qt_position)
    layout = block.layout()
    line = layout.lineForTextPosition(qt_position - block.position()) if layout is not None else None
    if line is None or not line.isValid():
        cursor = QTextCursor(view.document())
        cursor.setPosition(qt_position)
        return view.cursorRect(cursor)
    box = line.rect().translated(layout.position()).toAlignedRect()
    frame = view.document().rootFrame().frameFormat()
    box.setLeft(int(frame.leftMargin()))
    box.setRight(int(view.document().size().width() - frame.rightMargin()))
    return box.translated(-view.horizontalScrollBar().value(), -view.verticalScrollBar().value())
