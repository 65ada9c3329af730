"""The selected entity's notes in its panel: notes on it (editable) and passages that mention it."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QToolButton, QVBoxLayout, QWidget

from reader.models import Note
from reader.ui.notes.notes_panel import NoteCard, elided, plain_label
from reader.ui.common.safe_text import tip

MAX_SHOWN = 3  # more than this: a link to all of them in the notes browser


class NoteRow(QFrame):
    """A note shown in one or two lines; a click opens it where it belongs."""

    clicked = Signal(object)  # Note

    def __init__(self, note: Note, where: str, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("noteRow")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.body = plain_label(name="noteRowBody")
        self.where = plain_label(name="muted")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 6, 5)
        layout.setSpacing(1)
        layout.addWidget(self.body)
        layout.addWidget(self.where)
        self.set_note(note, where)

    def set_note(self, note: Note, where: str) -> None:
        self.note = note
        self.body.setText(elided(note.body, 140) if note.body.strip() else "(empty note)")
        quote = f"“{elided(note.quote, 70)}” · " if note.quote else ""
        self.where.setText(quote + where)
        self.setToolTip(tip(f"Open this note\n{where}"))

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(self.note)


class EntityNotesWidget(QWidget):
    """Notes about the selected entity: its own notes, editable in place, then passages mentioning it."""

    def __init__(self, controller, parent=None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.entity_id: int | None = None
        self.cards: dict[int, NoteCard] = {}
        self.rows: list[NoteRow] = []
        self.drafts: list[NoteCard] = []
        self.heading = plain_label("Notes", "sectionHeading", wrap=False)
        self.add_button = QToolButton()
        self.add_button.setObjectName("noteAddButton")
        self.add_button.setText("+ Note on this entity")
        self.add_button.setToolTip("Write a note on this entity; it shows wherever the entity does")
        self.add_button.clicked.connect(self.add_draft)
        self.more_button = QToolButton()
        self.more_button.setObjectName("noteMore")
        self.more_button.setAutoRaise(True)
        self.more_button.clicked.connect(lambda: self.controller.show_browser(entity_id=self.entity_id))
        self.empty = plain_label("No notes mention it yet.", "muted")
        self.list_layout = QVBoxLayout()
        self.list_layout.setContentsMargins(0, 0, 0, 0)
        self.list_layout.setSpacing(4)
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(self.heading, 1)
        head.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 6)
        layout.setSpacing(4)
        layout.addLayout(head)
        layout.addLayout(self.list_layout)
        layout.addWidget(self.empty)
        layout.addWidget(self.more_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.setVisible(False)

    def set_entity(self, entity_id: int | None, notes: list[Note]) -> None:
        """Show the notes about an entity (its notes and anchored passages that mention it)."""
        for draft in [d for d in self.drafts if d.note is not None]:
            self.drafts.remove(draft)
            self.cards[draft.note.id] = draft
        if entity_id != self.entity_id:
            for draft in self.drafts:
                draft.retire()
            self.drafts = []
        self.entity_id = entity_id
        self.setVisible(entity_id is not None)
        own = [n for n in notes if n.kind == "entity"]
        others = [n for n in notes if n.kind != "entity"]
        shown_own = own[:MAX_SHOWN]
        shown_others = others[:max(0, MAX_SHOWN - len(shown_own))]
        kept: dict[int, NoteCard] = {}
        for note in shown_own:
            card = self.cards.pop(note.id, None) or NoteCard(self.controller, note, compact=True)
            card.set_note(note, [])
            kept[note.id] = card
        for card in self.cards.values():
            card.retire()
        self.cards = kept
        for row in self.rows:
            row.deleteLater()
        self.rows = []
        for note in shown_others:
            row = NoteRow(note, self.controller.where(note))
            row.clicked.connect(self.controller.open_note)
            self.rows.append(row)
        for index in reversed(range(self.list_layout.count())):
            self.list_layout.removeWidget(self.list_layout.itemAt(index).widget())  # deletes the item too
        for widget in [*self.drafts, *(kept[n.id] for n in shown_own), *self.rows]:
            self.list_layout.addWidget(widget)
            widget.show()
        hidden = len(notes) - len(shown_own) - len(shown_others)
        self.more_button.setVisible(hidden > 0)
        self.more_button.setText(f"All {len(notes)} notes…")
        self.empty.setVisible(not notes and not self.drafts)
        self.heading.setText(f"Notes · {len(notes)}" if notes else "Notes")

    def note_saved(self, note: Note) -> None:
        """Show a note's new text where it is listed (not in the card it was typed in)."""
        card = self.cards.get(note.id)
        if card is not None:
            card.set_note(note, [])
        for row in self.rows:
            if row.note.id == note.id:
                row.set_note(note, self.controller.where(note))

    def add_draft(self, checked: bool = False) -> NoteCard | None:
        if self.entity_id is None:
            return None
        card = NoteCard(self.controller, None, draft=("entity", self.entity_id), compact=True)
        self.drafts.insert(0, card)
        self.list_layout.insertWidget(0, card)
        self.empty.hide()
        card.editor.setFocus(Qt.FocusReason.OtherFocusReason)
        return card

    def remove_draft(self, card: NoteCard) -> None:
        if card in self.drafts:
            self.drafts.remove(card)
            card.hide()
            card.retire()
            self.empty.setVisible(not (self.drafts or self.cards or self.rows))

    def all_cards(self) -> list[NoteCard]:
        return self.drafts + list(self.cards.values())
