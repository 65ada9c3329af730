"""SQL for notes: store, change, list, and the entities a note touches."""
from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable

import sqlite_utils

from reader.models import Entity, Note

_NOTE_COLUMNS = ("id, document_id, entity_id, start, end, quote, prefix, suffix, body, status,"
                 " created, updated, entity_key")
_ENTITY_COLUMNS = "e.id, e.name, e.label, e.key, e.mentions, e.documents"
_ORDER = " ORDER BY n.document_id IS NULL, n.document_id, n.start IS NOT NULL, n.start, n.id"


def _note(row: tuple) -> Note:
    return Note(*row)


def insert_note(db: sqlite_utils.Database, note: Note, with_id: bool = False) -> int:
    """Store a note; its id is kept only `with_id` (an undone delete), else a new one is given."""
    columns = [c.strip() for c in _NOTE_COLUMNS.split(",")]
    values = [getattr(note, c) for c in columns]
    if not with_id:
        columns, values = columns[1:], values[1:]
    cursor = db.execute(
        f"INSERT INTO notes ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})", values
    )
    return note.id if with_id else cursor.lastrowid


def get_note(db: sqlite_utils.Database, note_id: int) -> Note | None:
    row = db.execute(f"SELECT {_NOTE_COLUMNS} FROM notes WHERE id = ?", [note_id]).fetchone()
    return _note(row) if row else None


def list_notes(
    db: sqlite_utils.Database, document_id: int | None = None, entity_id: int | None = None,
    status: str | None = None, query: str | None = None, since: str | None = None,
    until: str | None = None, ids: Iterable[int] | None = None,
) -> list[Note]:
    """Notes matching every filter given, by document then position.

    `entity_id` matches notes on that entity and anchored passage notes whose passage
    overlaps one of its linked mentions. `query` is a case-insensitive substring of body
    or quote. `since` / `until` bound the creation time, inclusively ("2024-05-01" covers
    that whole day as an upper bound).
    """
    where, params = [], []
    if document_id is not None:
        where.append("n.document_id = ?")
        params.append(document_id)
    if entity_id is not None:
        where.append(
            "(n.entity_id = ? OR (n.status = 'anchored' AND n.quote IS NOT NULL AND EXISTS ("
            " SELECT 1 FROM mentions m WHERE m.entity_id = ? AND m.status = 'linked'"
            " AND m.document_id = n.document_id AND m.start < n.end AND m.end > n.start)))"
        )
        params += [entity_id, entity_id]
    if status is not None:
        where.append("n.status = ?")
        params.append(status)
    if since:
        where.append("n.created >= ?")
        params.append(since)
    if until:
        where.append("substr(n.created, 1, length(?)) <= ?")
        params += [until, until]
    if ids is not None:
        id_list = [int(i) for i in ids]
        if not id_list:
            return []
        where.append(f"n.id IN ({', '.join('?' * len(id_list))})")
        params += id_list
    columns = ", ".join(f"n.{c.strip()}" for c in _NOTE_COLUMNS.split(","))
    sql = f"SELECT {columns} FROM notes n" + (f" WHERE {' AND '.join(where)}" if where else "") + _ORDER
    notes = [_note(row) for row in db.execute(sql, params).fetchall()]
    if query:
        needle = query.casefold()
        notes = [n for n in notes if needle in n.body.casefold() or needle in (n.quote or "").casefold()]
    return notes


def passage_notes(db: sqlite_utils.Database, document_id: int) -> list[Note]:
    """A document's notes on passages, anchored or orphaned, in text order."""
    rows = db.execute(
        f"SELECT {_NOTE_COLUMNS} FROM notes WHERE document_id = ? AND quote IS NOT NULL"
        " ORDER BY start, id",
        [document_id],
    ).fetchall()
    return [_note(row) for row in rows]


def entity_notes(db: sqlite_utils.Database) -> list[Note]:
    """Every note on an entity (whether its entity is found at present or not)."""
    rows = db.execute(
        f"SELECT {_NOTE_COLUMNS} FROM notes WHERE document_id IS NULL AND quote IS NULL"
        " AND (entity_key IS NOT NULL OR entity_id IS NOT NULL) ORDER BY id"
    ).fetchall()
    return [_note(row) for row in rows]


def update_body(db: sqlite_utils.Database, note_id: int, body: str, now: str) -> None:
    db.execute("UPDATE notes SET body = ?, updated = ? WHERE id = ?", [body, now, note_id])


def set_passage(
    db: sqlite_utils.Database, note_id: int, document_id: int, start: int, end: int,
    quote: str, prefix: str, suffix: str, status: str = "anchored", updated: str | None = None,
) -> None:
    """Point a note at a passage; `updated` is changed only when given (a user's action)."""
    db.execute(
        "UPDATE notes SET document_id = ?, entity_id = NULL, entity_key = NULL, start = ?, end = ?,"
        " quote = ?, prefix = ?, suffix = ?, status = ?, updated = COALESCE(?, updated) WHERE id = ?",
        [document_id, start, end, quote, prefix, suffix, status, updated, note_id],
    )


def set_status(db: sqlite_utils.Database, note_id: int, status: str) -> None:
    db.execute("UPDATE notes SET status = ? WHERE id = ?", [status, note_id])


def set_entity(db: sqlite_utils.Database, note_id: int, entity_id: int | None, status: str) -> None:
    db.execute("UPDATE notes SET entity_id = ?, status = ? WHERE id = ?", [entity_id, status, note_id])


def delete_note(db: sqlite_utils.Database, note_id: int) -> bool:
    return db.execute("DELETE FROM notes WHERE id = ?", [note_id]).rowcount > 0


def resolve_entity_key(db: sqlite_utils.Database, key: str) -> int | None:
    """The entity with this key (and mentions), else the one with most linked mentions of this key."""
    row = db.execute("SELECT id FROM entities WHERE key = ? AND mentions > 0", [key]).fetchone()
    if row:
        return row[0]
    row = db.execute(
        "SELECT entity_id FROM mentions WHERE key = ? AND entity_id IS NOT NULL AND status = 'linked'"
        " GROUP BY entity_id ORDER BY COUNT(*) DESC, entity_id LIMIT 1",
        [key],
    ).fetchone()
    return row[0] if row else None


def entity_exists(db: sqlite_utils.Database, entity_id: int) -> bool:
    return db.execute("SELECT 1 FROM entities WHERE id = ?", [entity_id]).fetchone() is not None


def document_exists(db: sqlite_utils.Database, document_id: int) -> bool:
    return db.execute("SELECT 1 FROM documents WHERE id = ?", [document_id]).fetchone() is not None


def entities_in_passage(db: sqlite_utils.Database, document_id: int, start: int, end: int) -> list[Entity]:
    """Entities with a linked mention overlapping [start, end) of a document, in text order."""
    rows = db.execute(
        f"SELECT {_ENTITY_COLUMNS} FROM entities e JOIN mentions m ON m.entity_id = e.id"
        " WHERE m.document_id = ? AND m.status = 'linked' AND m.start < ? AND m.end > ?"
        " GROUP BY e.id ORDER BY MIN(m.start)",
        [document_id, end, start],
    ).fetchall()
    return [Entity(*row) for row in rows]


def same_note(db: sqlite_utils.Database, note: Note) -> int | None:
    """The id of a stored note with the same target and body as `note`, if any (import dedup)."""
    row = db.execute(
        "SELECT id FROM notes WHERE document_id IS ? AND start IS ? AND end IS ? AND quote IS ?"
        " AND entity_key IS ? AND body = ? LIMIT 1",
        [note.document_id, note.start, note.end, note.quote, note.entity_key, note.body],
    ).fetchone()
    return row[0] if row else None


def document_titles(db: sqlite_utils.Database) -> list[tuple[int, str, str, str | None]]:
    """(id, title, path, published) of every document, for labelling exports."""
    return db.execute("SELECT id, title, path, published FROM documents ORDER BY id").fetchall()


def documents_containing(db: sqlite_utils.Database, quote: str) -> list[int]:
    """Ids of documents whose text contains `quote` exactly.

    The full-text index narrows the search to documents with the quote's whole words in a row
    (its first and last words may be cut); only when it finds none is every text searched.
    """
    inner = re.findall(r"[^\W_]+", quote)[1:-1]
    if inner:
        try:
            rows = db.execute(
                "SELECT id FROM documents WHERE id IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)"
                " AND instr(text, ?) > 0 ORDER BY id", ['"' + " ".join(inner) + '"', quote]).fetchall()
        except sqlite3.OperationalError:  # a phrase FTS5 cannot take: search every text
            rows = []
        if rows:
            return [row[0] for row in rows]
    rows = db.execute("SELECT id FROM documents WHERE instr(text, ?) > 0 ORDER BY id", [quote]).fetchall()
    return [row[0] for row in rows]
