"""Notes that could not be saved: kept in their card and as drafts beside the library, retried, offered back."""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from reader import drafts
from reader.changes import Change
from reader.errors import DiskFull, LibraryBusy, NotFound, ReaderError, ReadOnlyLibrary
from reader.ui.runner import WRITE

RETRY_MS = 5000  # a note that could not be saved is tried again this often (and on every edit)
NOTE_WRITE_WAIT_SECONDS = 0.5  # the window's note saves wait this long for another writer, then retry later


def unsaved_message(error: ReaderError, library_path) -> str:
    """What a card and the status bar say when a note could not be saved."""
    if isinstance(error, DiskFull):
        cause = f"the disk holding {library_path} is full"
    elif isinstance(error, LibraryBusy):
        cause = f"another program is changing {library_path}"
    elif isinstance(error, ReadOnlyLibrary):
        cause = f"{library_path} cannot be written (it is read-only)"
    else:
        cause = str(error).rstrip(".")
    return f"Not saved: {cause}. Your text is kept; Reader will try again."


def draft_key(card) -> str:
    if card.note is not None:
        return f"note {card.note.id}"
    kind, target = card.draft
    return f"new note on {kind} {target}"


def draft_target(card) -> dict:
    """What a draft needs to be stored later: the note it belongs to, else where a new note goes."""
    note = card.note
    if note is not None:
        return {"note_id": note.id, "document_id": note.document_id, "entity_id": note.entity_id,
                "quote": note.quote or ""}
    kind, target = card.draft
    return {"document_id": target} if kind == "document" else {"entity_id": target}


class NoteSaving(QObject):
    """Cards whose last save failed: each keeps its text, says why, is kept as a draft file (which the
    next start offers back if the window closes before the library takes it) and is tried again."""

    def __init__(self, controller) -> None:
        super().__init__(controller)
        self.controller = controller
        self.library_path = controller.reading.library.path
        self.timer = QTimer(self, singleShot=True, interval=RETRY_MS, timeout=self.retry)
        self.bar: DraftsBar | None = None
        self.closed = False  # the window closed: no more tries (a focus change while closing may still save)

    def failed(self, card, error: ReaderError) -> None:
        message = unsaved_message(error, self.library_path)
        try:
            kept = drafts.keep_draft(self.library_path, draft_key(card), card.body(), draft_target(card))
        except DiskFull as nowhere:
            message += f" It could not be kept outside the library either ({nowhere}): do not close Reader yet."
        else:
            if card.kept_draft is not None and card.kept_draft.path != kept.path:
                drafts.discard_draft(card.kept_draft)
            card.kept_draft = kept
        card.show_unsaved(message)
        self.controller.reading.say(message)
        if not self.closed:
            self.timer.start()

    def saved(self, card) -> None:
        if card.kept_draft is not None:
            drafts.discard_draft(card.kept_draft)
            card.kept_draft = None
        if card.unsaved:
            card.show_saved()
            self.controller.reading.say("Note saved.")

    def retry(self) -> None:
        if self.closed:
            return
        waiting = [card for card in self.controller.all_cards() if card.unsaved]
        for card in waiting:
            card.flush()
        if any(card.unsaved for card in waiting):
            self.timer.start()

    # ---- drafts of an earlier session ---------------------------------------------------------

    def offer_drafts(self, reveal: bool = True) -> DraftsBar | None:
        """Offer back the texts kept aside that no card shows any more (an earlier session's, or a card of another
        article that could not be saved): a bar above the article's notes."""
        shown = {card.kept_draft.path for card in self.controller.all_cards() if card.kept_draft is not None}
        kept = [draft for draft in drafts.drafts(self.library_path) if draft.path not in shown]
        if self.bar is not None and not kept:
            self.bar.offer([])
        if not kept:
            return None
        if self.bar is None:
            self.bar = DraftsBar()
            self.bar.restore_requested.connect(self.restore_drafts)
            self.bar.discard_requested.connect(self.discard_drafts)
            self.controller.panel.layout().insertWidget(1, self.bar)
        self.bar.offer(kept)
        if reveal:
            self.controller.side_tabs.setCurrentWidget(self.controller.panel)
        return self.bar

    def stop(self) -> None:
        """The window closes: no more tries (what is still unsaved was kept as drafts by the last one)."""
        self.closed = True
        self.timer.stop()

    def restore_drafts(self) -> None:
        kept = list(self.bar.drafts) if self.bar is not None else []
        if self.controller.reading.library.read_only:
            self.controller.reading.say(f"This library is read-only: the {len(kept)} unsaved notes stay kept"
                                        " until it can be written.")
            return
        self.bar.setEnabled(False)
        self.controller.reading.runner.run(lambda library, job: restore(library, kept), WRITE,
                                           label="Restoring notes", on_done=self._on_restored,
                                           on_failed=self._on_restore_failed)

    def discard_drafts(self) -> None:
        for draft in self.bar.drafts:
            drafts.discard_draft(draft)
        count = len(self.bar.drafts)
        self.bar.offer([])
        self.controller.reading.say(f"{count} unsaved note{'s' if count != 1 else ''} discarded.")

    def _on_restored(self, result: Restored) -> None:
        self.bar.setEnabled(True)
        self.offer_drafts(reveal=False)
        count = len(result.change.notes)
        text = f"{count} note{'s' if count != 1 else ''} restored from the last session."
        self.controller.reading.say(text + (f" Not restored: {result.problem}" if result.problem else ""))

    def _on_restore_failed(self, message: str) -> None:
        self.bar.setEnabled(True)
        self.controller.reading.say(f"The unsaved notes were not restored (they stay kept): {message}")


@dataclass(frozen=True)
class Restored:
    change: Change
    problem: str = ""


def restore(library, kept: list[drafts.Draft]) -> Restored:
    """Store drafts as notes (on the write lane): a note's new text, else a new note where it was written;
    each draft is forgotten once stored; the first failure stops and keeps the rest."""
    notes: list[int] = []
    problem = ""
    for draft in kept:
        target = draft.target
        try:
            note = _restore_one(library, target, draft.body)
        except ReaderError as error:
            problem = str(error)
            break
        notes.append(note.id)
        drafts.discard_draft(draft)
    return Restored(Change.of(notes=notes), problem)


def _restore_one(library, target: dict, body: str):
    if target.get("note_id") is not None:
        try:
            return library.notes.update_body(target["note_id"], body)
        except NotFound:  # deleted since: a new note where it was, its passage quoted in it
            quote = target.get("quote") or ""
            body = f"“{quote}”\n\n{body}" if quote else body
    if target.get("document_id") is not None:
        return library.notes.add_document_note(target["document_id"], body)
    if target.get("entity_id") is not None:
        return library.notes.add_entity_note(target["entity_id"], body)
    raise ReaderError("a kept note says nothing of where it belongs")


class DraftsBar(QFrame):
    """A non-modal bar: notes written in an earlier session that the library could not take, to restore or discard."""

    restore_requested = Signal()
    discard_requested = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("draftsBar")
        self.drafts: list[drafts.Draft] = []
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.restore_button = QPushButton("Restore as notes")
        self.restore_button.setDefault(True)
        self.restore_button.clicked.connect(self.restore_requested)
        self.discard_button = QPushButton("Discard")
        self.discard_button.clicked.connect(self.discard_requested)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.discard_button)
        buttons.addWidget(self.restore_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 8, 6)
        layout.addWidget(self.label)
        layout.addLayout(buttons)
        self.setStyleSheet("QFrame#draftsBar { border: 1px solid palette(mid); border-left: 4px solid #d08a00;"
                           " border-radius: 4px; }")

    def offer(self, kept: list[drafts.Draft]) -> None:
        self.drafts = list(kept)
        count = len(kept)
        first = " ".join(kept[0].body.split())[:80] if kept else ""
        self.label.setText(
            f"{count} note{'s' if count != 1 else ''} you wrote could not be saved in the"
            f" library and {'were' if count != 1 else 'was'} kept aside"
            + (f" (the first: “{first}”)." if count > 1 else f": “{first}”."))
        self.setVisible(bool(kept))
