"""The notes panel of the open article: note cards that save as you type, and notes needing review."""
from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QScrollArea, QSizePolicy,
                               QStyle, QToolButton, QVBoxLayout, QWidget)

from reader.models import Entity, Note
from reader.ui import theme
from reader.ui.entities.entity_panel import swatch
from reader.ui.common.flow_layout import FlowLayout
from reader.ui.common.safe_text import tip, menu_text

SAVE_DELAY_MS = 400  # a pause in typing this long saves the note
SAVE_AT_LEAST_MS = 1000  # while typing without pause, save at least this often
QUOTE_CHARS = 240


def when(stamp: str) -> str:
    """An ISO timestamp as a short local date and time."""
    try:
        moment = datetime.fromisoformat(stamp).astimezone()
    except (TypeError, ValueError):
        return stamp or ""
    return f"{moment.day} {moment:%b %Y, %H:%M}"


def elided(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def plain_label(text: str = "", name: str = "", wrap: bool = True) -> QLabel:
    """A label that never interprets markup: whatever the text holds is shown as typed."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    if name:
        label.setObjectName(name)
    return label


class ClickableLabel(QLabel):
    """A plain-text label that reports clicks."""

    clicked = Signal()

    def __init__(self, name: str = "") -> None:
        super().__init__()
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setObjectName(name)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()


class NoteEditor(QPlainTextEdit):
    """A plain-text editor that grows with its text (up to `max_lines`) and reports losing focus."""

    focus_lost = Signal()

    def __init__(self, min_lines: int = 2, max_lines: int = 14, parent=None) -> None:
        super().__init__(parent)
        self.min_lines, self.max_lines = min_lines, max_lines
        self.setObjectName("noteEditor")
        self.setTabChangesFocus(True)
        self.setPlaceholderText("Write a note… (plain text or Markdown)")
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().documentLayout().documentSizeChanged.connect(lambda _: self._fit())
        self._fit()

    def _fit(self) -> None:
        lines = int(self.document().documentLayout().documentSize().height())
        lines = max(self.min_lines, min(self.max_lines, lines))
        margins, around = self.contentsMargins(), self.viewportMargins()
        chrome = 2 * self.frameWidth() + margins.top() + margins.bottom() + around.top() + around.bottom()
        height = lines * self.fontMetrics().lineSpacing() + 2 * int(self.document().documentMargin()) + chrome
        if height != self.height():
            self.setFixedHeight(height)
            # often changed while the card is being laid out: tell its layout again afterwards
            QTimer.singleShot(0, self, self._on_height_changed)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded if lines >= self.max_lines
                                        else Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def _on_height_changed(self) -> None:
        if self.parentWidget() is not None:
            self.parentWidget().updateGeometry()  # its layout item caches the old height for width

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit()

    def focusOutEvent(self, event) -> None:  # noqa: N802
        super().focusOutEvent(event)
        self.focus_lost.emit()


class NoteCard(QFrame):
    """One note: where it is anchored, its body in an editor that autosaves, what it mentions."""

    def __init__(self, controller, note: Note | None, draft: tuple[str, int] | None = None,
                 compact: bool = False, parent=None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.note = note
        self.draft = draft  # ("document" | "entity", target id) until the first words are saved
        self.compact = compact
        self.unsaved = False  # the last save failed: the text stays here (and in kept_draft) until one succeeds
        self.kept_draft = None  # reader.drafts.Draft holding the text while the library cannot
        self.setObjectName("noteCard")
        self.setProperty("current", False)
        self.heading = plain_label(name="noteHeading", wrap=False)
        self.state = plain_label(name="muted", wrap=False)
        self.delete_button = QToolButton()
        self.delete_button.setObjectName("noteDelete")
        self.delete_button.setAutoRaise(True)
        self.delete_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_TrashIcon))
        self.delete_button.setToolTip("Delete this note (Ctrl+Z brings it back)")
        self.delete_button.clicked.connect(self._on_delete_clicked)
        self.quote = ClickableLabel("noteQuote")
        self.quote.setToolTip("Show this passage in the article")
        self.quote.clicked.connect(lambda: self.controller.open_note(self.note))
        self.editor = NoteEditor(min_lines=1 if compact else 2, max_lines=6 if compact else 14)
        self.problem = plain_label(name="noteProblem")
        self.problem.setStyleSheet("QLabel#noteProblem { color: palette(window-text); background: rgba(208, 138, 0, 40);"
                                   " border-left: 3px solid #d08a00; padding: 3px 6px; }")
        self.problem.hide()
        self.attach_button = QPushButton("Attach to selection")
        self.attach_button.setToolTip("Select the passage in the article, then attach this note to it")
        self.attach_button.clicked.connect(lambda: self.controller.attach_note(self.note.id))
        self.entities = QWidget()
        self.entities_layout = FlowLayout(self.entities, spacing=4)
        self._save_timer = QTimer(self, singleShot=True, interval=SAVE_DELAY_MS, timeout=self.flush)
        self._max_wait = QTimer(self, singleShot=True, interval=SAVE_AT_LEAST_MS, timeout=self.flush)
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(self.heading, 1)
        head.addWidget(self.state)
        head.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4 if compact else 6, 6, 8 if not compact else 6)
        layout.setSpacing(4)
        layout.addLayout(head)
        layout.addWidget(self.quote)
        layout.addWidget(self.editor)
        layout.addWidget(self.problem)
        layout.addWidget(self.entities)
        layout.addWidget(self.attach_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.editor.textChanged.connect(self._on_text_changed)
        self.editor.focus_lost.connect(self._on_editor_focus_lost)
        self.set_note(note, [])

    # ---- what is shown -------------------------------------------------------

    def set_note(self, note: Note | None, entities: list[Entity]) -> None:
        """Show a (newer) version of the note; the text being typed is never replaced."""
        self.note = note
        if note is None:
            kind = "this article" if self.draft and self.draft[0] == "document" else "this entity"
            self.heading.setText(f"New note on {kind}")
            self.delete_button.setToolTip("Discard this note")
        else:
            self.draft = None
            self.heading.setText(self._heading(note))
            self.delete_button.setToolTip("Delete this note (Ctrl+Z brings it back)")
            if not self.dirty() and not self.editor.hasFocus() and self.editor.toPlainText() != note.body:
                self.editor.blockSignals(True)
                self.editor.setPlainText(note.body)
                self.editor.blockSignals(False)
                self.editor._fit()
        passage = note is not None and note.kind == "passage"
        self.quote.setVisible(passage)
        if passage:
            self.quote.setText(f"“{elided(note.quote or '', QUOTE_CHARS)}”")
            accent = theme.colours("_note", theme.is_dark(self.palette())).accent.name()
            self.quote.setStyleSheet(f"QLabel#noteQuote {{ border-style: solid; border-color: {accent};"
                                     " border-width: 0px 0px 0px 3px; }")
        orphaned = note is not None and note.status == "orphaned"
        self.attach_button.setVisible(orphaned)
        self.set_entities(entities)

    def _heading(self, note: Note) -> str:
        if note.status == "orphaned":
            return ("Passage not found" if note.kind == "passage" else "Entity not found") + f" · {when(note.updated)}"
        return when(note.updated)

    def set_entities(self, entities: list[Entity]) -> None:
        while self.entities_layout.count():
            item = self.entities_layout.takeAt(0)
            item.widget().deleteLater()
        for entity in entities[:12]:
            chip = QPushButton(swatch(entity.label, 10), menu_text(entity.name))
            chip.setObjectName("noteEntity")
            chip.setFlat(True)
            chip.setIconSize(QSize(10, 10))
            font = chip.font()
            font.setPointSizeF(font.pointSizeF() * 0.9)
            chip.setFont(font)
            chip.setCursor(Qt.CursorShape.PointingHandCursor)
            chip.setToolTip(tip(f"Show {entity.name} ({theme.label_name(entity.label)}) across the library"))
            chip.clicked.connect(lambda _=False, e=entity.id: self.controller.show_entity(e))
            self.entities_layout.addWidget(chip)
        self.entities.setVisible(bool(entities) and not self.compact)
        self.entities_layout.invalidate()

    def set_current(self, current: bool) -> None:
        if self.property("current") != current:
            self.setProperty("current", current)
            self.style().unpolish(self)
            self.style().polish(self)

    def set_selection_available(self, available: bool) -> None:
        self.attach_button.setEnabled(available)

    # ---- saving --------------------------------------------------------------

    def dirty(self) -> bool:
        return self.unsaved or self._save_timer.isActive() or self._max_wait.isActive()

    def show_unsaved(self, message: str) -> None:
        self.unsaved = True
        self.state.setText("Not saved")
        self.problem.setText(message)
        self.problem.show()

    def show_saved(self) -> None:
        self.unsaved = False
        self.problem.hide()
        self.state.setText("Saved")

    def retire(self) -> None:
        """The card leaves (its article or entity is no longer shown): it saves no more, whatever happens to
        its focus while it goes; a text it could not save stays kept as a draft (offered back)."""
        self._save_timer.stop()
        self._max_wait.stop()
        self.unsaved = False
        self.editor.focus_lost.disconnect(self._on_editor_focus_lost)
        self.deleteLater()

    def set_read_only(self, read_only: bool) -> None:
        self.editor.setReadOnly(read_only)
        self.delete_button.setEnabled(not read_only)

    def body(self) -> str:
        return self.editor.toPlainText()

    def _on_text_changed(self) -> None:
        self._save_timer.start()
        if not self._max_wait.isActive():
            self._max_wait.start()
        self.state.setText("Editing…")

    def flush(self) -> None:
        """Save what was typed now, if anything is waiting."""
        if not self.dirty():
            return
        self._save_timer.stop()
        self._max_wait.stop()
        saved = self.controller.save_card(self)
        if not self.unsaved:
            self.state.setText("Saved" if saved else "Not saved")
        if saved and self.note is not None:
            self.heading.setText(self._heading(self.note))

    def _on_editor_focus_lost(self) -> None:
        self.flush()
        if self.note is None and not self.body().strip():
            self.controller.discard_card(self)

    def _on_delete_clicked(self) -> None:
        if self.note is None:
            self._save_timer.stop()
            self._max_wait.stop()
            self.controller.discard_card(self)
        else:
            self.controller.delete_note(self.note.id)


class NotesPanel(QWidget):
    """The open article's notes: on the article, on its passages in text order, and those to review."""

    def __init__(self, controller, parent=None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.document_id: int | None = None
        self.cards: dict[int, NoteCard] = {}
        self.drafts: list[NoteCard] = []
        self.current_id: int | None = None
        self.title = plain_label("Notes in this article", "notesTitle", wrap=False)
        self.add_button = QToolButton()
        self.add_button.setObjectName("noteAddButton")
        self.add_button.setText("+ Article note")
        self.add_button.setToolTip("Write a note on the whole article")
        self.add_button.clicked.connect(self.add_draft)
        self.empty = plain_label("No notes here yet.\n\nSelect a passage and press Ctrl+Shift+M, or click "
                                 "“+ Note” next to the selection.", "muted")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.article_heading = plain_label("On this article", "sectionHeading", wrap=False)
        self.passages_heading = plain_label("Passages", "sectionHeading", wrap=False)
        self.review_heading = plain_label("Needs review", "sectionHeading", wrap=False)
        self.review_help = plain_label("The passage of these notes was not found after the article changed. "
                                       "Select the passage again in the article and click “Attach to selection”.",
                                       "muted")
        self.content = QWidget()
        self.content.setObjectName("notesContent")
        self.list_layout = QVBoxLayout(self.content)
        self.list_layout.setContentsMargins(0, 0, 6, 8)
        self.list_layout.setSpacing(8)
        self.list_layout.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setObjectName("notesScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(self.content)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 8, 2, 4)
        layout.setSpacing(6)
        layout.addLayout(head)
        layout.addWidget(self.scroll, 1)
        self._selection_available = False
        self._arrange([], [], [])

    # ---- contents ------------------------------------------------------------

    def set_notes(self, document_id: int | None, notes: list[Note], entities_of) -> None:
        """Show these notes of a document, keeping the cards (and the typing in them) already shown."""
        for draft in [d for d in self.drafts if d.note is not None]:
            self.drafts.remove(draft)  # saved for the first time: a note now
            self.cards[draft.note.id] = draft
        if document_id != self.document_id:
            for draft in self.drafts:
                draft.retire()
            self.drafts = []
            self.current_id = None
        self.document_id = document_id
        self.add_button.setEnabled(document_id is not None)
        kept: dict[int, NoteCard] = {}
        for note in notes:
            card = self.cards.pop(note.id, None) or NoteCard(self.controller, note)
            card.set_note(note, entities_of(note))
            card.set_selection_available(self._selection_available)
            kept[note.id] = card
        for card in self.cards.values():
            card.retire()
        self.cards = kept
        ordered = [kept[n.id] for n in notes]
        self._arrange([c for c in ordered if c.note.kind != "passage" and c.note.status == "anchored"],
                      [c for c in ordered if c.note.kind == "passage" and c.note.status == "anchored"],
                      [c for c in ordered if c.note.status == "orphaned"])
        if self.current_id is not None and self.current_id not in kept:
            self.current_id = None

    def _arrange(self, on_article: list[NoteCard], passages: list[NoteCard], review: list[NoteCard]) -> None:
        for index in reversed(range(self.list_layout.count())):
            widget = self.list_layout.itemAt(index).widget()
            if widget is not None:  # removeWidget deletes the layout item (the stretch stays last)
                self.list_layout.removeWidget(widget)
        article = self.drafts + on_article
        shown = []
        for heading, cards in ((self.article_heading, article), (self.passages_heading, passages),
                               (self.review_heading, review)):
            heading.setVisible(bool(cards))
            shown += [heading, self.review_help] if heading is self.review_heading else [heading]
            shown += cards
        self.review_help.setVisible(bool(review))
        self.empty.setVisible(not (article or passages or review))
        for widget in [*shown, self.empty]:
            self.list_layout.insertWidget(self.list_layout.count() - 1, widget)
        for card in article + passages + review:
            card.show()
        count = len(self.cards)
        self.title.setText(f"{count} note{'s' if count != 1 else ''} in this article" if count
                           else "Notes in this article")

    def add_draft(self, checked: bool = False) -> NoteCard | None:
        """A new, empty note on the article; it is stored once something is written in it."""
        if self.document_id is None:
            return None
        card = NoteCard(self.controller, None, draft=("document", self.document_id))
        self.drafts.insert(0, card)
        self.set_notes(self.document_id, [c.note for c in self.cards.values()], self.controller.entities_of)
        self._reveal(card)
        return card

    def remove_draft(self, card: NoteCard) -> None:
        if card in self.drafts:
            self.drafts.remove(card)
            card.hide()
            card.retire()
            self.empty.setVisible(not (self.drafts or self.cards))

    def all_cards(self) -> list[NoteCard]:
        return self.drafts + list(self.cards.values())

    # ---- focus ---------------------------------------------------------------

    def focus_note(self, note_id: int) -> NoteCard | None:
        """Bring a note's card into view, mark it as the current one, and put the cursor in it."""
        card = self.cards.get(note_id)
        if card is None:
            return None
        for other in self.cards.values():
            other.set_current(other is card)
        self.current_id = note_id
        self._reveal(card)
        return card

    def _reveal(self, card: NoteCard) -> None:
        card.editor.setFocus(Qt.FocusReason.OtherFocusReason)
        cursor = card.editor.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        card.editor.setTextCursor(cursor)
        QTimer.singleShot(0, lambda: self.scroll.ensureWidgetVisible(card, 0, 24) if card.isVisible() else None)

    def set_selection_available(self, available: bool) -> None:
        self._selection_available = available
        for card in self.cards.values():
            card.set_selection_available(available)
