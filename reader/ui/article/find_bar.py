"""Find in the article: a bar that highlights every hit in a DocumentView and steps through them."""
from __future__ import annotations

import re

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QPalette, QTextCharFormat
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from reader.ui import theme
from reader.ui.article.document_view import DocumentView

MAX_HITS = 5000  # more are counted but not drawn
# (every hit, the current one) for light and dark palettes: cyan and orange, unlike any entity tint
HIT_COLOURS = {False: ("#a5ecff", "#ff8a1c"), True: ("#17607a", "#d9730d")}


class FindBar(QWidget):
    """A line edit, "3 of 12", previous / next and close; Enter next, Shift+Enter previous, Esc closes."""

    closed = Signal()

    def __init__(self, view: DocumentView, parent=None) -> None:
        super().__init__(parent)
        self.view = view
        self.setObjectName("findBar")
        self.hits: list[tuple[int, int]] = []
        self.current = -1
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("Find in this article")
        self.edit.setClearButtonEnabled(True)
        self.edit.setMinimumWidth(240)
        self.edit.installEventFilter(self)
        self.edit.textChanged.connect(self._on_text_changed)
        self.count = QLabel()
        self.count.setObjectName("muted")
        self.count.setMinimumWidth(90)
        self.previous_button = self._button("▲", "Previous hit (Shift+Enter)", lambda: self.step(-1))
        self.next_button = self._button("▼", "Next hit (Enter)", lambda: self.step(1))
        self.close_button = self._button("✕", "Close (Esc)", self.close_bar)
        self.case_button = self._button("Aa", "Match case", self._refind)
        self.case_button.setCheckable(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(18, 4, 12, 4)
        layout.setSpacing(4)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.case_button)
        layout.addWidget(self.count)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.next_button)
        layout.addWidget(self.close_button)
        self.hide()

    def _button(self, text: str, tip: str, slot) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.clicked.connect(slot)
        return button

    # ---- opening and closing ------------------------------------------------------

    def open_bar(self) -> None:
        """Show the bar with the selected words (if short) or the last query, ready to type."""
        selected = self.view.textCursor().selectedText().strip()
        if selected and len(selected) <= 80 and "\u2029" not in selected:
            self.edit.setText(selected)
        self.show()
        self.edit.setFocus()
        self.edit.selectAll()
        self._refind()

    def close_bar(self) -> None:
        self.hide()
        self.hits, self.current = [], -1
        self.view.set_overlay("find", [], QTextCharFormat())
        self.view.set_overlay("find_current", [], QTextCharFormat())
        self.view.setFocus()
        self.closed.emit()

    def document_changed(self) -> None:
        """The view shows another document: find the same words in it."""
        if self.isVisible():
            self._refind(keep_selection=True)

    # ---- finding ------------------------------------------------------------------

    def find_all(self, query: str) -> list[tuple[int, int]]:
        if not query:
            return []
        flags = 0 if self.case_button.isChecked() else re.IGNORECASE
        return [m.span() for m in re.finditer(re.escape(query), self.view.text, flags)]

    def _on_text_changed(self, _text: str) -> None:
        self._refind()

    def _refind(self, keep_selection: bool = False) -> None:
        self.hits = self.find_all(self.edit.text())
        self.current = -1
        self._draw_hits()
        if self.hits:
            if keep_selection and self.view.selected_span():  # e.g. a search result opened at a hit
                here = self.view.selected_span()[0]
            else:
                here = self.view.scroll_offset()
            following = [i for i, (start, _) in enumerate(self.hits) if start >= here]
            self._go(following[0] if following else 0, select=not keep_selection)
        self._update_count()

    def step(self, direction: int) -> None:
        if not self.hits:
            return
        self._go((self.current + direction) % len(self.hits))

    def _go(self, index: int, select: bool = True) -> None:
        self.current = index
        start, end = self.hits[index]
        fmt = QTextCharFormat()
        fmt.setBackground(QBrush(QColor(HIT_COLOURS[self._dark()][1])))
        fmt.setForeground(QBrush(QColor("#000000" if not self._dark() else "#ffffff")))
        self.view.set_overlay("find_current", [(start, end)], fmt)
        if select:
            self.view.select_span(start, end)
        else:
            self.view.center_on(start)
        self._update_count()

    def _draw_hits(self) -> None:
        fmt = QTextCharFormat()
        fmt.setBackground(QBrush(QColor(HIT_COLOURS[self._dark()][0])))
        fmt.setForeground(QBrush(self.view.palette().color(QPalette.ColorRole.Text)))
        self.view.set_overlay("find", self.hits[:MAX_HITS], fmt)
        self.view.set_overlay("find_current", [], QTextCharFormat())

    def _update_count(self) -> None:
        if not self.edit.text():
            self.count.setText("")
        elif not self.hits:
            self.count.setText("No matches")
        else:
            self.count.setText(f"{self.current + 1} of {len(self.hits)}")
        self.previous_button.setEnabled(len(self.hits) > 0)
        self.next_button.setEnabled(len(self.hits) > 0)

    def _dark(self) -> bool:
        return theme.is_dark(self.view.palette())

    # ---- keys ---------------------------------------------------------------------

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if watched is self.edit:
            if event.type() == QEvent.Type.ShortcutOverride and event.key() in (
                    Qt.Key.Key_Escape, Qt.Key.Key_Return, Qt.Key.Key_Enter):
                event.accept()  # ours, not the window's Esc / Enter shortcuts
                return True
            if event.type() == QEvent.Type.KeyPress:
                if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                    self.step(-1 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1)
                    return True
                if event.key() == Qt.Key.Key_Escape:
                    self.close_bar()
                    return True
                if event.matches(QKeySequence.StandardKey.FindNext):
                    self.step(1)
                    return True
                if event.matches(QKeySequence.StandardKey.FindPrevious):
                    self.step(-1)
                    return True
        return super().eventFilter(watched, event)
