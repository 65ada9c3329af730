"""SQL for documents: store, update, find, list, and full-text search."""
from __future__ import annotations

import json
from collections.abc import Iterable

import sqlite_utils

from reader.models import Document, DocumentInfo, Region, SourceDocument

_DOCUMENT_COLUMNS = "id, path, title, published, content_hash, text, words, imported_at, analysed_with, meta"


def _document(row: tuple) -> Document:
    *fields, meta = row
    return Document(*fields, meta=json.loads(meta) if meta else {})


def _meta_json(source: SourceDocument) -> str | None:
    return json.dumps(dict(source.meta), ensure_ascii=False, sort_keys=True) if source.meta else None


def get_document(db: sqlite_utils.Database, document_id: int) -> Document | None:
    row = db.execute(
        f"SELECT {_DOCUMENT_COLUMNS} FROM documents WHERE id = ?", [document_id]
    ).fetchone()
    return _document(row) if row else None


def document_by_path(db: sqlite_utils.Database, path: str) -> Document | None:
    row = db.execute(
        f"SELECT {_DOCUMENT_COLUMNS} FROM documents WHERE path = ?", [path]
    ).fetchone()
    return _document(row) if row else None


def document_by_hash(db: sqlite_utils.Database, content_hash: str) -> Document | None:
    row = db.execute(
        f"SELECT {_DOCUMENT_COLUMNS} FROM documents WHERE content_hash = ? ORDER BY id LIMIT 1",
        [content_hash],
    ).fetchone()
    return _document(row) if row else None


def documents_by_title(db: sqlite_utils.Database, title: str) -> list[Document]:
    rows = db.execute(
        f"SELECT {_DOCUMENT_COLUMNS} FROM documents WHERE title = ? COLLATE NOCASE", [title]
    ).fetchall()
    return [_document(row) for row in rows]


def insert_document(db: sqlite_utils.Database, source: SourceDocument, now: str) -> int:
    cursor = db.execute(
        "INSERT INTO documents (path, title, published, content_hash, text, words, imported_at, meta)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [source.path, source.title, source.published, source.content_hash, source.text,
         source.words, now, _meta_json(source)],
    )
    return cursor.lastrowid


def replace_document(db: sqlite_utils.Database, document_id: int, source: SourceDocument, now: str) -> None:
    """New content for an existing document: same id, its analysis marked pending."""
    db.execute("DELETE FROM mentions WHERE document_id = ?", [document_id])
    db.execute("DELETE FROM aliases WHERE document_id = ?", [document_id])
    db.execute(
        "UPDATE documents SET title = ?, published = ?, content_hash = ?, text = ?, words = ?,"
        " imported_at = ?, meta = ?, analysed_with = NULL, mention_count = 0, entity_count = 0 WHERE id = ?",
        [source.title, source.published, source.content_hash, source.text, source.words, now,
         _meta_json(source), document_id],
    )


def update_document_details(db: sqlite_utils.Database, document_id: int, source: SourceDocument, now: str) -> None:
    """A new title, date or metadata for a document whose text is unchanged (its analysis stays)."""
    db.execute(
        "UPDATE documents SET title = ?, published = ?, meta = ?, imported_at = ? WHERE id = ?",
        [source.title, source.published, _meta_json(source), now, document_id],
    )


def edited_details(db: sqlite_utils.Database, document_id: int) -> dict:
    """The title and date the reader gave a document ({"title": ..., "published": ...}, either or none)."""
    row = db.execute("SELECT edited FROM documents WHERE id = ?", [document_id]).fetchone()
    return json.loads(row[0]) if row and row[0] else {}


def set_edited_details(db: sqlite_utils.Database, document_id: int, edits: dict) -> None:
    """Give a document the reader's title and date (kept in `edited`, so that a re-import keeps them)."""
    db.execute("UPDATE documents SET edited = ?, title = COALESCE(?, title),"
               " published = CASE WHEN ? THEN ? ELSE published END WHERE id = ?",
               [json.dumps(edits, ensure_ascii=False, sort_keys=True) if edits else None, edits.get("title"),
                "published" in edits, edits.get("published"), document_id])


def entities_of(db: sqlite_utils.Database, document_id: int) -> list[int]:
    """The entities a document's linked mentions belong to."""
    rows = db.execute("SELECT DISTINCT entity_id FROM mentions WHERE document_id = ? AND entity_id IS NOT NULL",
                      [document_id])
    return [row[0] for row in rows.fetchall()]


def is_read(db: sqlite_utils.Database, document_id: int) -> bool:
    row = db.execute("SELECT read_at IS NOT NULL FROM documents WHERE id = ?", [document_id]).fetchone()
    return bool(row and row[0])


def mark_read(db: sqlite_utils.Database, document_id: int, read: bool, now: str) -> bool:
    """Mark a document read (first opened now) or unread; whether that changed anything."""
    if read:
        cursor = db.execute("UPDATE documents SET read_at = ? WHERE id = ? AND read_at IS NULL", [now, document_id])
    else:
        cursor = db.execute("UPDATE documents SET read_at = NULL WHERE id = ? AND read_at IS NOT NULL",
                            [document_id])
    return cursor.rowcount > 0


def same_details(document: Document, source: SourceDocument) -> bool:
    """Whether a stored document already has this source's text, title, date and metadata."""
    return (document.content_hash == source.content_hash and document.title == source.title
            and document.published == source.published and dict(document.meta) == json.loads(_meta_json(source) or "{}"))


# A document as lists show it: its counts, and the story it tells (near-duplicates share one)
INFO_COLUMNS = ("d.id, d.path, d.title, d.published, d.words, d.mention_count, d.entity_count, d.analysed_with,"
                " s.story, COALESCE((SELECT COUNT(*) - 1 FROM story_signatures o WHERE o.story = s.story), 0),"
                " d.read_at IS NOT NULL")
STORY_JOIN = "LEFT JOIN story_signatures s ON s.document_id = d.id"


def list_documents(db: sqlite_utils.Database) -> list[DocumentInfo]:
    rows = db.execute(f"SELECT {INFO_COLUMNS} FROM documents d {STORY_JOIN} ORDER BY d.id").fetchall()
    return [DocumentInfo(*row) for row in rows]


def refresh_document_counts(db: sqlite_utils.Database, ids: list[int] | None = None) -> None:
    """Recount the linked mentions and entities of these documents (all of them by default)."""
    where = "" if ids is None else " WHERE id IN (SELECT value FROM json_each(?))"
    db.execute(
        """
        UPDATE documents SET
          mention_count = (SELECT COUNT(*) FROM mentions m WHERE m.document_id = documents.id
                           AND m.status = 'linked' AND m.entity_id IS NOT NULL),
          entity_count = (SELECT COUNT(DISTINCT m.entity_id) FROM mentions m WHERE m.document_id = documents.id
                          AND m.status = 'linked' AND m.entity_id IS NOT NULL)
        """ + where,
        [] if ids is None else [json.dumps(sorted(set(ids)))],
    )


def pending_document_ids(db: sqlite_utils.Database, model: str, everything: bool) -> list[int]:
    if everything:
        rows = db.execute("SELECT id FROM documents ORDER BY id").fetchall()
    else:
        rows = db.execute(
            "SELECT id FROM documents WHERE analysed_with IS NULL OR analysed_with != ?"
            " ORDER BY id",
            [model],
        ).fetchall()
    return [row[0] for row in rows]


def document_texts(db: sqlite_utils.Database, ids: list[int]) -> list[tuple[int, str]]:
    """(id, text) for these ids, in the given order."""
    out = []
    for document_id in ids:
        row = db.execute("SELECT text FROM documents WHERE id = ?", [document_id]).fetchone()
        if row:
            out.append((document_id, row[0]))
    return out


def ids_after(db: sqlite_utils.Database, document_id: int) -> list[int]:
    """The documents stored after this one (ids only grow)."""
    return [row[0] for row in db.execute("SELECT id FROM documents WHERE id > ? ORDER BY id", [document_id])]


def last_id(db: sqlite_utils.Database) -> int:
    return db.execute("SELECT COALESCE(MAX(id), 0) FROM documents").fetchone()[0]


def content_hash(db: sqlite_utils.Database, document_id: int) -> str | None:
    row = db.execute("SELECT content_hash FROM documents WHERE id = ?", [document_id]).fetchone()
    return row[0] if row else None


def text_of(db: sqlite_utils.Database, document_id: int) -> str | None:
    row = db.execute("SELECT text FROM documents WHERE id = ?", [document_id]).fetchone()
    return row[0] if row else None


def replace_regions(db: sqlite_utils.Database, document_id: int, regions: Iterable[Region]) -> None:
    """A document's page clutter, found anew."""
    db.execute("DELETE FROM regions WHERE document_id = ?", [document_id])
    db.executemany("INSERT OR REPLACE INTO regions (document_id, start, end, kind) VALUES (?, ?, ?, ?)",
                        ((document_id, r.start, r.end, r.kind) for r in regions))


def document_regions(db: sqlite_utils.Database, document_id: int) -> list[Region]:
    rows = db.execute("SELECT start, end, kind FROM regions WHERE document_id = ? ORDER BY start", [document_id])
    return [Region(*row) for row in rows.fetchall()]


def fill_published(db: sqlite_utils.Database, document_id: int, day: str) -> None:
    """Give a document without a date this one."""
    db.execute("UPDATE documents SET published = ? WHERE id = ? AND published IS NULL"
               " AND json_type(COALESCE(edited, '{}'), '$.published') IS NULL",  # not one the reader took away
               [day, document_id])


def count_documents(db: sqlite_utils.Database) -> int:
    return db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
