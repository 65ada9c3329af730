"""The notes facade over a Library: write, anchor, re-anchor, list, export and import notes."""
from __future__ import annotations

import builtins
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from reader import export
from reader.atomic_write import write_atomically
from reader.errors import DiskFull, DocumentChanged, LibraryError, NotFound, ReaderError
from reader.models import Document, Entity, Note
from reader.notes import Selector, find_quote, make_selector, reanchor
from reader.storage import notes as stored
from reader.timestamps import now

if TYPE_CHECKING:
    import sqlite_utils

    from reader.library import Library

EXPORT_FORMATS = ("md", "csv", "json")


@dataclass(frozen=True)
class ImportNotesReport:
    """What an import of W3C annotations did: notes anchored, notes kept orphaned, and skips with reasons."""

    anchored: tuple[int, ...] = ()  # ids of new notes found in place
    orphaned: tuple[int, ...] = ()  # ids of new notes kept for review (document found, passage not)
    skipped: tuple[str, ...] = ()  # one message per annotation not imported
    warnings: tuple[str, ...] = ()  # imported, with a caveat (e.g. invalid characters replaced)

    def __str__(self) -> str:
        return f"anchored {len(self.anchored)}, orphaned {len(self.orphaned)}, skipped {len(self.skipped)}"


class Annotations:
    """The reader's notes in one library: on passages, entities and documents."""

    def __init__(self, library: Library) -> None:
        self.library = library

    @property
    def db(self) -> sqlite_utils.Database:
        return self.library.db

    # ---- writing ---------------------------------------------------------------------------

    def add_passage_note(self, document_id: int, start: int, end: int, body: str,
                         quote: str | None = None) -> Note:
        """A note on text[start:end] of a document.

        `quote` is the text the user selected, as the window showed it: when the stored document
        no longer has it at these offsets (another process changed the document meanwhile), no
        note is written and ReaderError says so; reload the document and select again.
        """
        with self.db.write():  # the text is read under the lock: the note anchors on what is stored
            document = self.library.document(document_id)
            selector = self._selection(document, start, end)
            if quote is not None and selector.exact != quote:
                raise DocumentChanged(f"document {document.id} “{document.title}” changed since it was shown"
                                  f" (characters {start}–{end} no longer hold the selected text); reload"
                                  " it and select the passage again")
            return self._insert(Note(0, document.id, None, start, end, selector.exact, selector.prefix,
                                     selector.suffix, body, "anchored", *self._stamps()))

    def add_quote_note(self, document_ref: int | str, quote: str, body: str) -> Note:
        """A note on the first occurrence of `quote` (whitespace may differ) in a document."""
        with self.db.write():
            document = self.library.document(document_ref)
            bounds = find_quote(document.text, quote)
            if bounds is None:
                raise ReaderError(f"the quote {quote.strip()!r} is not in document {document.id}"
                                  f" “{document.title}”")
            return self.add_passage_note(document.id, bounds[0], bounds[1], body)

    def add_entity_note(self, entity_id: int, body: str) -> Note:
        _require_body(body)
        with self.db.write():
            entity = self._entity(entity_id)
            return self._insert(Note(0, None, entity.id, None, None, None, None, None, body, "anchored",
                                     *self._stamps(), entity_key=entity.key))

    def add_document_note(self, document_id: int, body: str) -> Note:
        _require_body(body)
        with self.db.write():
            document = self.library.document(document_id)
            return self._insert(Note(0, document.id, None, None, None, None, None, None, body, "anchored",
                                     *self._stamps()))

    def update_body(self, note_id: int, body: str) -> Note:
        """Store a note's new text. On a full disk this raises DiskFull and the stored note keeps
        its previous text: the caller still holds the new one (reader.drafts keeps it safe)."""
        with self.db.write():
            self.get(note_id)
            stored.update_body(self.db, note_id, body, now())
            return self.get(note_id)

    def attach(self, note_id: int, document_id: int, start: int, end: int) -> Note:
        """Re-attach a note (typically an orphan) to a new selection; it becomes a passage note."""
        with self.db.write():
            self.get(note_id)
            document = self.library.document(document_id)
            selector = self._selection(document, start, end)
            stored.set_passage(self.db, note_id, document.id, start, end, selector.exact,
                               selector.prefix, selector.suffix, "anchored", now())
        return self.get(note_id)

    def delete(self, note_id: int) -> Note:
        """Delete a note; returns it so that `restore` can undo."""
        note = self.get(note_id)
        with self.db.write():
            stored.delete_note(self.db, note_id)
        return note

    def restore(self, note: Note) -> Note:
        """Undo a delete: the same note again, with its id and fields."""
        if stored.get_note(self.db, note.id) is not None:
            raise ReaderError(f"note {note.id} is already in the library")
        if note.document_id is not None and not stored.document_exists(self.db, note.document_id):
            raise ReaderError(f"cannot restore note {note.id}: document {note.document_id} is no longer in the library")
        if note.entity_id is not None and not stored.entity_exists(self.db, note.entity_id):
            entity_id = stored.resolve_entity_key(self.db, note.entity_key) if note.entity_key else None
            note = replace(note, entity_id=entity_id, status="anchored" if entity_id else "orphaned")
        with self.db.write():
            stored.insert_note(self.db, note, with_id=True)
        return self.get(note.id)

    # ---- reading ---------------------------------------------------------------------------

    def get(self, note_id: int) -> Note:
        note = stored.get_note(self.db, int(note_id))
        if note is None:
            raise NotFound(f"no note {note_id} in {self.library.path}")
        return note

    def list(self, document_id: int | None = None, entity_id: int | None = None, status: str | None = None,
             query: str | None = None, since: str | None = None, until: str | None = None) -> builtins.list[Note]:
        """Notes matching every filter given; the entity filter includes passages that mention it."""
        if status is not None and status not in ("anchored", "orphaned"):
            raise ReaderError(f"no note status {status!r} (anchored or orphaned)")
        return stored.list_notes(self.db, document_id, entity_id, status, query, since, until)

    def notes_for_document(self, document_id: int) -> builtins.list[Note]:
        """A document's notes: on the whole document first, then its passages in text order."""
        return stored.list_notes(self.db, document_id=document_id)

    def entities_in_note(self, note: Note) -> builtins.list[Entity]:
        """The entities a note is about: its entity, or those mentioned inside its passage."""
        if note.kind == "passage" and note.status == "anchored" and note.document_id is not None:
            return stored.entities_in_passage(self.db, note.document_id, note.start, note.end)
        if note.kind == "entity" and note.entity_id is not None:
            entity = self.library.entity_by_id(note.entity_id)
            return [entity] if entity else []
        return []

    # ---- keeping notes in place ------------------------------------------------------------

    def reanchor_document(self, document_id: int, old_text: str, new_text: str) -> tuple[int, int]:
        """Move a document's passage notes onto its new text; returns (anchored, orphaned).

        Runs inside the caller's transaction (the one that stores the new text). A note that
        cannot be found keeps its last quote and offsets and becomes "orphaned"; none is deleted.
        """
        anchored = orphaned = 0
        for note in stored.passage_notes(self.db, document_id):
            anchor = reanchor(_selector(note, old_text), new_text)
            if anchor is None:
                if note.status != "orphaned":
                    stored.set_status(self.db, note.id, "orphaned")
                orphaned += 1
                continue
            found = make_selector(new_text, anchor.start, anchor.end)
            stored.set_passage(self.db, note.id, document_id, found.start, found.end, found.exact,
                               found.prefix, found.suffix, "anchored")
            anchored += 1
        return anchored, orphaned

    def reattach_entity_notes(self) -> tuple[int, int]:
        """After a relink: find each entity note's entity again by its key; returns (anchored, orphaned)."""
        anchored = orphaned = 0
        with self.db.write():
            for note in stored.entity_notes(self.db):
                if note.entity_key is not None:
                    entity_id = stored.resolve_entity_key(self.db, note.entity_key)
                else:
                    entity_id = note.entity_id
                status = "anchored" if entity_id is not None else "orphaned"
                if (entity_id, status) != (note.entity_id, note.status):
                    stored.set_entity(self.db, note.id, entity_id, status)
                anchored += status == "anchored"
                orphaned += status == "orphaned"
        return anchored, orphaned

    # ---- export, import, dossier -----------------------------------------------------------

    def export(self, format: str, note_ids: builtins.list[int] | None = None) -> str:
        """All notes (or these) as "md" (Markdown), "csv" or "json" (W3C Web Annotation)."""
        render = {"md": export.notes_markdown, "csv": export.notes_csv, "json": export.notes_json}.get(format)
        if render is None:
            raise ReaderError(f"cannot export notes as {format!r}: choose one of {', '.join(EXPORT_FORMATS)}")
        notes = stored.list_notes(self.db, ids=note_ids) if note_ids is not None else stored.list_notes(self.db)
        return render(self._exported(notes))

    def export_file(self, path: str | Path, format: str, note_ids: builtins.list[int] | None = None) -> Path:
        """Export to a file, all or nothing: a failed export (a full disk) leaves the file that was there."""
        return write_atomically(path, self.export(format, note_ids))

    def import_file(self, path: str | Path) -> ImportNotesReport:
        """import_json of a file (UTF-8, with or without a BOM); errors name the file."""
        try:
            text = Path(path).read_bytes().decode("utf-8-sig")
        except OSError as error:
            raise ReaderError(f"{path}: cannot read ({error.strerror or error})") from error
        except UnicodeDecodeError as error:
            raise ReaderError(f"{path}: not a JSON file of annotations (not UTF-8 text: byte"
                              f" 0x{error.object[error.start]:02X} at {error.start})") from error
        try:
            return self.import_json(text)
        except (LibraryError, DiskFull):
            raise
        except ReaderError as error:
            raise ReaderError(f"{path}: {error}") from error

    def import_json(self, text: str) -> ImportNotesReport:
        """Notes from W3C Web Annotation JSON, anchored by quote in this library's documents.

        All of them are stored in one transaction: a failure (a full disk) stores none.
        """
        parsed, skipped, warnings = export.parse_annotations(text)
        anchored: builtins.list[int] = []
        orphaned: builtins.list[int] = []
        finder = _DocumentFinder(self.library)
        with self.db.write():
            for item in parsed:
                try:
                    note = self._note_from(item, finder)
                except (LibraryError, DiskFull):
                    raise
                except ReaderError as error:
                    skipped.append(f"annotation {item.number}: {error}")
                    continue
                twin = stored.same_note(self.db, note)
                if twin is not None:
                    skipped.append(f"annotation {item.number}: already in the library as note {twin}")
                    continue
                note_id = stored.insert_note(self.db, note)
                (anchored if note.status == "anchored" else orphaned).append(note_id)
        return ImportNotesReport(tuple(anchored), tuple(orphaned), tuple(skipped), tuple(warnings))

    def dossier(self, entity_id: int) -> str:
        """An entity's dossier in Markdown: its names, notes, and every mention in its sentence."""
        entity = self._entity(entity_id)
        notes = self._exported(self.list(entity_id=entity.id))
        return export.dossier_markdown(entity, self.library.entity_surfaces(entity.id),
                                       self.library.mentions(entity_id=entity.id), notes)

    def dossier_file(self, path: str | Path, entity_id: int) -> Path:
        """The dossier written to a file, all or nothing (see export_file)."""
        return write_atomically(path, self.dossier(entity_id))

    # ---- helpers ---------------------------------------------------------------------------

    def _insert(self, note: Note) -> Note:
        with self.db.write():
            return self.get(stored.insert_note(self.db, note))

    def _stamps(self) -> tuple[str, str]:
        stamp = now()
        return stamp, stamp

    def _entity(self, entity_id: int) -> Entity:
        entity = self.library.entity_by_id(int(entity_id))
        if entity is None:
            raise NotFound(f"no entity {entity_id} in {self.library.path}")
        return entity

    @staticmethod
    def _selection(document: Document, start: int, end: int) -> Selector:
        if not 0 <= start < end <= len(document.text):
            raise ReaderError(f"characters {start}–{end} are not a passage of document {document.id}"
                              f" “{document.title}” ({len(document.text)} characters)")
        if not document.text[start:end].strip():
            raise ReaderError(f"the selection {start}–{end} in document {document.id} holds only spaces")
        return make_selector(document.text, start, end)

    def _exported(self, notes: builtins.list[Note]) -> builtins.list[export.ExportedNote]:
        documents = {row[0]: export.DocumentRef(*row) for row in stored.document_titles(self.db)}
        out = []
        for note in notes:
            entities = self.entities_in_note(note)
            out.append(export.ExportedNote(
                note, documents.get(note.document_id) if note.document_id is not None else None,
                entities[0] if note.kind == "entity" and entities else None,
                tuple(e.name for e in entities) if note.kind == "passage" else (),
            ))
        return out

    def _note_from(self, item: export.ParsedAnnotation, finder: _DocumentFinder) -> Note:
        """A note (not stored yet) for a parsed annotation, anchored in this library if possible."""
        created = item.created or now()
        stamps = (created, item.modified or created)
        if item.kind == "entity":
            entity = self._entity_named(item.entity_name, item.entity_key)
            _require_body(item.body)
            return Note(0, None, entity.id, None, None, None, None, None, item.body, "anchored", *stamps,
                        entity_key=entity.key)
        document = finder.named(item.path, item.title)
        if item.kind == "document":
            if document is None:
                raise ReaderError(f"no document here matches {_described(item)}")
            return Note(0, document.id, None, None, None, None, None, None, item.body, "anchored", *stamps)
        selector = Selector(item.exact or "", item.prefix, item.suffix, item.start or 0, item.end or 0)
        for candidate in [document] if document else finder.containing(selector.exact):
            found = _in_place(selector, candidate.text)
            if found is None and (anchor := reanchor(selector, candidate.text)) is not None:
                found = make_selector(candidate.text, anchor.start, anchor.end)
            if found is not None:
                return Note(0, candidate.id, None, found.start, found.end, found.exact, found.prefix,
                            found.suffix, item.body, "anchored", *stamps)
        if document is None:
            raise ReaderError(f"no document here matches {_described(item)} and none contains its quote")
        return Note(0, document.id, None, selector.start, selector.end, selector.exact, selector.prefix,
                    selector.suffix, item.body, "orphaned", *stamps)

    def _entity_named(self, name: str | None, key: str | None) -> Entity:
        for ref in (name, key):
            if ref:
                try:
                    return self.library.entity(ref)
                except NotFound:
                    pass
        raise ReaderError(f"no entity here is named {name or key!r}")


class _DocumentFinder:
    """The documents an import of many notes looks up, each read once."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self._by_ref: dict[str, Document | None] = {}
        self._by_id: dict[int, Document] = {}

    def named(self, path: str | None, title: str | None) -> Document | None:
        for ref in (path, title):
            if ref:
                if ref not in self._by_ref:
                    try:
                        self._by_ref[ref] = self._keep(self.library.document(ref))
                    except NotFound:
                        self._by_ref[ref] = None
                if self._by_ref[ref] is not None:
                    return self._by_ref[ref]
        return None

    def containing(self, quote: str) -> builtins.list[Document]:
        return [self._by_id.get(i) or self._keep(self.library.document(i))
                for i in stored.documents_containing(self.library.db, quote)]

    def _keep(self, document: Document) -> Document:
        self._by_id[document.id] = document
        return document


def _in_place(selector: Selector, text: str) -> Selector | None:
    """The selector itself when its quote and context are all still at its offsets (no search needed)."""
    start, end = selector.start, selector.end
    if (end - start == len(selector.exact) and text[start:end] == selector.exact
            and text[max(0, start - len(selector.prefix)):start] == selector.prefix
            and text[end:end + len(selector.suffix)] == selector.suffix):
        return make_selector(text, start, end)
    return None


def _selector(note: Note, old_text: str) -> Selector:
    """A passage note's selector, its context refreshed from the old text when the note sat there."""
    if note.status == "anchored" and note.start is not None and old_text[note.start:note.end] == note.quote:
        return make_selector(old_text, note.start, note.end)
    return Selector(note.quote or "", note.prefix or "", note.suffix or "", note.start or 0, note.end or 0)


def _described(item: export.ParsedAnnotation) -> str:
    parts = [f"“{item.title}”" if item.title else "", f"({item.path})" if item.path else ""]
    return " ".join(p for p in parts if p) or "(no document named)"


def _require_body(body: str) -> None:
    if not body.strip():
        raise ReaderError("the note is empty: write something to keep")
