"""Notes in the window: add, highlight, open, save, delete with undo, import; the Notes menu (File → Export… exports)."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QBrush, QCursor, QKeySequence, QPainter, QTextCharFormat, QTextCursor, QUndoCommand
from PySide6.QtWidgets import QWidget

from reader.errors import DocumentChanged, ReaderError
from reader.models import Entity, Note
from reader.notes import passage_bounds
from reader.ui import theme
from reader.ui.notes.note_button import make_note_button, place_note_button
from reader.ui.notes.note_saving import NOTE_WRITE_WAIT_SECONDS, NoteSaving
from reader.ui.notes.notes_browser import NotesBrowser, import_notes
from reader.ui.notes.notes_panel import NoteCard, when
from reader.ui.reading import Reading
from reader.ui.article.offsets import Utf16Map
from reader.ui.common.write_failures import read_only_message
from reader.ui.common.safe_text import menu_text

TOOLTIP_CHARS = 300
ADD_NOTE_KEYS = "Ctrl+Shift+M"


class NoteCommand(QUndoCommand):
    """One change to the notes on the undo stack; `done` when it was made before being pushed."""

    def __init__(self, controller: NotesController, text: str, do, undo, done: bool = False) -> None:
        super().__init__(text)
        self.controller, self._do, self._undo, self._done = controller, do, undo, done

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self.controller.change(self._do, self)

    def undo(self) -> None:
        self.controller.flush_all(drafts=False)  # a new note now would be pushed in the middle of an undo
        self.controller.change(self._undo, self)


class NoteMarks(QWidget):
    """Bars in the article's left margin beside noted passages, over the view's viewport."""

    def __init__(self, view) -> None:
        super().__init__(view.viewport())
        self.view = view
        self.spans: list[tuple[int, int]] = []
        self._text, self._map = "", Utf16Map("")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def set_spans(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans
        if self._text is not self.view.text:
            self._text, self._map = self.view.text, Utf16Map(self.view.text)
        self.setGeometry(self.view.viewport().rect())
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802
        if not self.spans:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(theme.colours("_note", theme.is_dark(self.view.palette())).accent)
        x = self.view.document().rootFrame().frameFormat().leftMargin() - self.view.horizontalScrollBar().value() - 12
        cursor = QTextCursor(self.view.document())
        for start, end in self.spans:
            cursor.setPosition(self._map.to_qt(start))
            top = self.view.cursorRect(cursor).top()
            cursor.setPosition(self._map.to_qt(end))
            bottom = self.view.cursorRect(cursor).bottom()
            if bottom >= 0 and top <= self.height():
                painter.drawRoundedRect(QRectF(x, top + 3, 3, max(4, bottom - top - 6)), 1.5, 1.5)
        painter.end()


class NotesController(QObject):
    notes_changed = Signal()  # a note was added, deleted, attached or imported
    note_saved = Signal(object)  # Note: its body was saved

    def __init__(self, reading: Reading, window) -> None:
        """`window` lends its article view, its notes and entity pages (and is the parent of dialogs)."""
        super().__init__(window)
        self.reading = reading
        self.parent_widget = window
        self.notes = reading.library.notes
        self.view = window.article.view
        self.undo_stack = reading.undo_stack
        self.here: list[Note] = []  # the open document's notes
        self.browser: NotesBrowser | None = None
        self.last_dialog = None
        self._entities: dict[int, list[Entity]] = {}
        self._titles: dict[int, str] = {}
        self._note_click = False
        self.panel = window.notes_panel
        self.panel.controller = self
        self.entity_notes = window.entity_notes
        self.entity_notes.controller = self
        self.side_tabs = window.side_tabs
        self.entity_page = window.entity_panel
        self.note_button = make_note_button(self.view, ADD_NOTE_KEYS, self.add_note)
        self.marks = NoteMarks(self.view)
        self.saving = NoteSaving(self)
        self.read_only = reading.library.read_only
        self._build_actions()
        self.view.tooltip_providers.append(self.tooltip_at)
        self.view.text_clicked.connect(self._on_text_clicked)
        self.view.context_menu_requested.connect(self._on_context_menu_requested)
        self.view.selectionChanged.connect(self._on_selection_changed)
        self.view.position_changed.connect(self._place_note_button)
        self._viewport = self.view.viewport()
        self._viewport.installEventFilter(self)
        reading.document_opened.connect(self._on_document_opened)
        reading.entity_changed.connect(self._on_entity_changed)
        reading.changed.connect(self._on_library_changed)
        self.notes_changed.connect(self.refresh)
        self.note_saved.connect(self._on_note_saved)
        if self.read_only:
            self._disable_writing()
        self.saving.offer_drafts()

    # ---- building --------------------------------------------------------------

    def _action(self, text: str, slot, shortcut: str | None = None, tip: str = "") -> QAction:
        action = QAction(text, self.parent_widget)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.setToolTip(f"{tip or text} ({shortcut})" if shortcut else tip or text)
        action.setStatusTip(tip)
        action.triggered.connect(lambda checked=False: slot())
        self.parent_widget.addAction(action)  # shortcuts work before (and without) the menus
        return action

    def _build_actions(self) -> None:
        self.add_action = self._action("Add note", self.add_note, ADD_NOTE_KEYS,
                                       "Note the selected passage (or the article when nothing is selected)")
        self.article_note_action = self._action("Note on this article", self.add_article_note)
        self.entity_note_action = self._action("Note on the selected entity", self.add_entity_note)
        self.panel_action = self._action("Show notes", lambda: self.side_tabs.setCurrentWidget(
            self.entity_page if self.side_tabs.currentWidget() is self.panel else self.panel), "Ctrl+Shift+N",
                                         "Switch between this article's notes and the entity panel")
        self.browser_action = self._action("All notes…", self.show_browser, "Ctrl+Shift+J",
                                           "Search and filter every note in the library")
        self.review_action = self._action("Notes to review…", lambda: self.show_browser(status="orphaned"),
                                          tip="Notes whose passage was not found after a source changed")
        self.import_action = self._action("Import notes…", lambda: import_notes(self),
                                          tip="Import notes from W3C Web Annotation JSON")

    # ---- showing notes ---------------------------------------------------------

    def refresh(self) -> None:
        """Show the notes as stored: the article's highlights and panel, the entity's notes, the browser."""
        self._entities.clear()
        document_id = self.reading.current_document
        self.here = self.notes.notes_for_document(document_id) if document_id is not None else []
        self.panel.set_notes(document_id, self.here, self.entities_of)
        self.panel.add_button.setEnabled(document_id is not None and not self.read_only)
        self._draw_highlights()
        self._refresh_entity_notes()
        count = len(self.here)
        self.side_tabs.setTabText(self.side_tabs.indexOf(self.panel), f"Notes · {count}" if count else "Notes")
        if self.browser is not None and self.browser.isVisible():
            self.browser.refresh()

    def _draw_highlights(self) -> None:
        colours = theme.colours("_note", theme.is_dark(self.view.palette()))
        fmt = QTextCharFormat()
        fmt.setBackground(QBrush(colours.background))
        spans = [(n.start, n.end) for n in self.here if n.kind == "passage" and n.status == "anchored"]
        self.view.set_overlay("entity", [], fmt)  # drawn again below, so the selected entity stays on top
        self.view.set_overlay("notes", spans, fmt)
        self.marks.set_spans(spans)
        self.view.mark_entity(self.reading.selected_entity)

    def _refresh_entity_notes(self) -> None:
        entity_id = self.reading.selected_entity
        notes = self.notes.list(entity_id=entity_id) if entity_id is not None else []
        self.entity_notes.set_entity(entity_id, notes)
        self.entity_notes.add_button.setEnabled(not self.read_only)
        self.entity_note_action.setEnabled(entity_id is not None and not self.read_only)
        for card in self.all_cards() if self.read_only else []:
            card.set_read_only(True)

    def entities_of(self, note: Note) -> list[Entity]:
        if note.id not in self._entities:
            self._entities[note.id] = self.notes.entities_in_note(note)
        return self._entities[note.id]

    def where(self, note: Note) -> str:
        """Where a note is, in words: its document's title, or its entity's name."""
        if note.document_id is not None:
            if note.document_id not in self._titles:
                found = self.reading.library.lists.document_infos([note.document_id])
                self._titles[note.document_id] = found[0].title if found else f"document {note.document_id}"
            return self._titles[note.document_id]
        entity = self.reading.library.entity_by_id(note.entity_id) if note.entity_id is not None else None
        return entity.name if entity else "an entity no longer in the library"

    def notes_at(self, offset: int) -> list[Note]:
        """Anchored passage notes of the open article over this offset, the narrowest first."""
        found = [n for n in self.here if n.kind == "passage" and n.status == "anchored" and n.start <= offset < n.end]
        return sorted(found, key=lambda n: n.end - n.start)

    def tooltip_at(self, offset: int) -> str | None:
        parts = []
        for note in self.notes_at(offset):
            body = note.body.strip()
            body = body if len(body) <= TOOLTIP_CHARS else body[:TOOLTIP_CHARS - 1].rstrip() + "…"
            # a first line without markup keeps Qt from reading the whole tooltip as rich text
            parts.append(f"Note · {when(note.updated)} · click to open\n{body or '(empty: click to write it)'}")
        return "\n\n".join(parts) or None

    def reveal(self, note: Note) -> NoteCard | None:
        """Bring a note's card into view (in its panel's tab) and put the cursor in it."""
        cards, page = ((self.entity_notes.cards, self.entity_page) if note.kind == "entity"
                       else (self.panel.cards, self.panel))
        if note.id not in cards:
            return None
        self.side_tabs.setCurrentWidget(page)
        if note.kind == "entity":
            cards[note.id].editor.setFocus(Qt.FocusReason.OtherFocusReason)
            return cards[note.id]
        return self.panel.focus_note(note.id)

    def open_note(self, note: Note) -> None:
        """Go to a note: its entity, or its document with the passage selected; then focus it."""
        if note.kind == "entity" or note.document_id is None:
            if note.entity_id is not None:
                self.reading.show_entity(note.entity_id)
            self.reveal(note)
            return
        passage = note.kind == "passage" and note.status == "anchored"
        self.reading.open(note.document_id, (note.start, note.end) if passage else None)
        self.reveal(note)

    def show_entity(self, entity_id: int) -> None:
        self.reading.show_entity(entity_id)
        self.side_tabs.setCurrentWidget(self.entity_page)

    def show_browser(self, entity_id: int | None = None, status: str | None = None) -> NotesBrowser:
        self.flush_all()
        if self.browser is None:
            self.browser = NotesBrowser(self, self.parent_widget)
            self.browser.note_activated.connect(self.open_note)
        self.browser.set_filters(entity_id=entity_id, status=status)
        self.browser.show()
        self.browser.raise_()
        self.browser.activateWindow()
        self.last_dialog = self.browser
        return self.browser

    # ---- writing ---------------------------------------------------------------

    def add_note(self) -> Note | None:
        """A note on the selected passage, snapped to whole words (or a new note on the article when nothing
        is selected). The passage must still be what the stored document holds there: when another process
        changed the document meanwhile, nothing is stored, the article is shown afresh and the reader is
        asked to select again."""
        document_id = self.reading.current_document
        if document_id is None:
            self.reading.say("Open an article first, then select a passage to note.")
            return None
        if self.refused():
            return None
        span = self.view.selected_span()
        if span is None:
            self.add_article_note()
            return None
        span = passage_bounds(self.view.text, *span)
        if span is None:
            self.reading.say("Select some words to note (the selection holds only spaces and punctuation).")
            return None
        try:
            with self.reading.library.waiting_at_most(NOTE_WRITE_WAIT_SECONDS):
                note = self.notes.add_passage_note(document_id, span[0], span[1], "",
                                                   quote=self.view.text[span[0]:span[1]])
        except DocumentChanged:
            self.parent_widget.reload_article()  # the stored text, as it is now
            cursor = self.view.textCursor()
            cursor.clearSelection()
            self.view.setTextCursor(cursor)  # the old selection's offsets mean other words now
            self.reading.say("This article changed since it was shown (its file was imported again): it is shown"
                             " afresh. Select the passage again to note it.")
            return None
        except ReaderError as error:
            self.reading.say(f"Note not added: {error}")
            return None
        self.push_added(note)
        cursor = self.view.textCursor()
        cursor.setPosition(cursor.selectionEnd())
        self.view.setTextCursor(cursor)  # the note highlight shows instead of the selection
        self.notes_changed.emit()
        self.reveal(note)
        self.reading.say("Note added: write it in the Notes panel; it saves as you type. "
                                          "Ctrl+Z removes it.")
        return note

    def add_article_note(self) -> NoteCard | None:
        self.side_tabs.setCurrentWidget(self.panel)
        return self.panel.add_draft()

    def add_entity_note(self, entity_id: int | None = None) -> NoteCard | None:
        if entity_id is not None and entity_id != self.reading.selected_entity:
            self.reading.show_entity(entity_id)
        self.side_tabs.setCurrentWidget(self.entity_page)
        return self.entity_notes.add_draft()

    def save_card(self, card: NoteCard) -> bool:
        """Store what was typed in a card: a new note on its first words, else the new body. A failure (a full
        disk, another program holding the library) keeps the text in the card and as a draft, and retries."""
        body = card.body()
        try:
            with self.reading.library.waiting_at_most(NOTE_WRITE_WAIT_SECONDS):
                if card.note is None:
                    if not body.strip():
                        return False
                    kind, target = card.draft
                    note = (self.notes.add_document_note(target, body) if kind == "document"
                            else self.notes.add_entity_note(target, body))
                elif body != card.note.body:
                    note = self.notes.update_body(card.note.id, body)
                else:
                    note = None
        except ReaderError as error:
            self.saving.failed(card, error)
            return False
        added = card.note is None
        self.saving.saved(card)
        if added:
            card.set_note(note, [])
            self.push_added(note)
            self.notes_changed.emit()
        elif note is not None:
            card.note = note
            self.note_saved.emit(note)
        return True

    def all_cards(self) -> list[NoteCard]:
        return self.panel.all_cards() + self.entity_notes.all_cards()

    def refused(self) -> bool:
        """In a read-only library: say so, and change nothing."""
        if self.read_only:
            self.reading.say(read_only_message(self.reading.library.path))
        return self.read_only

    def _disable_writing(self) -> None:
        for action in (self.add_action, self.article_note_action, self.entity_note_action, self.import_action):
            action.setEnabled(False)
        for button in (self.panel.add_button, self.entity_notes.add_button):
            button.setEnabled(False)
            button.setToolTip(read_only_message(self.reading.library.path))

    def flush_all(self, drafts: bool = True) -> None:
        """Save every card with typing not yet saved (a card that cannot be saved keeps a draft file)."""
        for card in self.all_cards():
            if drafts or card.note is not None:
                card.flush()

    def discard_card(self, card: NoteCard) -> None:
        self.panel.remove_draft(card)
        self.entity_notes.remove_draft(card)

    def push_added(self, note: Note) -> None:
        """Put a note just stored on the undo stack: undo deletes it, redo restores it with its id."""
        kept = {"note": note}
        self.undo_stack.push(NoteCommand(self, "Add note", lambda: self.notes.restore(kept["note"]),
                                         lambda: kept.update(note=self.notes.delete(note.id)), done=True))

    def delete_note(self, note_id: int) -> None:
        if self.refused():
            return
        self.flush_all()
        kept: dict[str, Note] = {}

        def restore() -> None:
            self.notes.restore(kept["note"])
            QTimer.singleShot(0, lambda: self.reveal(kept["note"]))
        self.undo_stack.push(NoteCommand(self, "Delete note", lambda: kept.update(note=self.notes.delete(note_id)),
                                         restore))
        self.reading.say("Note deleted. Undo with Ctrl+Z.")

    def attach_note(self, note_id: int) -> None:
        """Attach a note (one to review) to the passage selected in the article; undo puts it back."""
        span, document_id = self.view.selected_span(), self.reading.current_document
        span = passage_bounds(self.view.text, *span) if span is not None else None
        if self.refused():
            return
        if span is None or document_id is None:
            self.reading.say("Select the passage in the article first, then attach the note to it.")
            return
        self.flush_all()
        before = self.notes.get(note_id)
        self.undo_stack.push(NoteCommand(self, "Attach note", lambda: self.notes.attach(note_id, document_id, *span),
                                         lambda: (self.notes.delete(note_id), self.notes.restore(before))))
        self.reading.say("Note attached to the selection.")

    def change(self, apply, command: QUndoCommand) -> bool:
        """Run one stored change of an undo command and show the result; a failure is reported."""
        try:
            apply()
        except ReaderError as error:
            self.reading.say(f"{command.text()} could not be done: {error}")
            command.setObsolete(True)
            return False
        self.notes_changed.emit()
        return True

    # ---- signals and events ----------------------------------------------------

    def window_closing(self) -> None:
        """Save what is typed; what the library cannot take is kept as drafts (offered at the next start)."""
        self.flush_all()
        self.saving.stop()

    def _on_document_opened(self, document_id: int) -> None:
        self.flush_all()
        self.refresh()
        if self.saving.timer.isActive() or self.saving.bar is not None:  # a card left unsaved: offer it here
            self.saving.offer_drafts(reveal=False)
        self._place_note_button()

    def _on_entity_changed(self, entity_id) -> None:
        self.flush_all()
        self._refresh_entity_notes()
        if entity_id is not None and not self._note_click:
            self.side_tabs.setCurrentWidget(self.entity_page)

    def _on_library_changed(self, change) -> None:
        """Documents or notes changed (an import, another process): titles and notes afresh."""
        self._titles.clear()
        if change.notes or change.everything or change.touches_document(self.reading.current_document) \
                or change.entities is None:
            self.refresh()

    def _on_note_saved(self, note: Note) -> None:
        self.here = [note if n.id == note.id else n for n in self.here]
        self.entity_notes.note_saved(note)
        if self.browser is not None and self.browser.isVisible():
            self.browser.refresh_soon()

    def _on_text_clicked(self, offset: int) -> None:
        found = self.notes_at(offset)
        if found:
            self._note_click = True  # the entity clicked with it must not take the column back
            QTimer.singleShot(0, lambda: setattr(self, "_note_click", False))
            self.reveal(found[0])

    def _on_context_menu_requested(self, menu, shown) -> None:
        if self.reading.current_document is None:
            return
        menu.addSeparator()
        if self.view.selected_span():
            menu.addAction(self.add_action)
        point = self.view.viewport().mapFromGlobal(QCursor.pos())
        offset = self.view.offset_at(point)
        for note in self.notes_at(offset) if offset is not None else []:
            menu.addAction("Open note", lambda n=note: self.reveal(n))
            menu.addAction("Delete note", lambda n=note: self.delete_note(n.id))
        if shown is not None:
            menu.addAction(menu_text(f"Note on “{shown.entity_name}”…"), lambda: self.add_entity_note(shown.mention.entity_id))
        menu.addAction(self.article_note_action)

    def _on_selection_changed(self) -> None:
        self._place_note_button()
        self.panel.set_selection_available(self.view.selected_span() is not None)

    def _place_note_button(self) -> None:
        """Show "+ Note" beside a selection the reader made (never over its words); hide it otherwise."""
        self.marks.setGeometry(self.view.viewport().rect())
        self.marks.update()
        if self.read_only:
            self.note_button.hide()
        else:
            place_note_button(self.view, self.note_button)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        kind = event.type()
        if kind == QEvent.Type.Resize and watched is self._viewport:
            self._place_note_button()
        return super().eventFilter(watched, event)
