"""SQL for the lists the window shows a page at a time: documents, an entity's documents, the entity table."""
from __future__ import annotations

import json
from collections.abc import Sequence

import sqlite_utils

from reader.models import DocumentInfo, EntityRow, MentionGroup
from reader.storage.documents import INFO_COLUMNS as _INFO
from reader.storage.documents import STORY_JOIN
from reader.storage.stories import ENTITY_EXCESS

DOCUMENT_ORDERS = {
    "title": "d.title COLLATE NOCASE, d.id",
    "date": "d.published IS NULL, d.published DESC, d.id DESC",  # newest first, undated last
    "entities": "d.entity_count DESC, d.title COLLATE NOCASE, d.id",
}


def _like(word: str) -> str:
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _document_filter(words: Sequence[str], unread: bool = False) -> tuple[str, list]:
    """Documents whose title, path or date contains every word (any case); only unread ones if asked."""
    clauses, params = [], []
    for word in words:
        clauses.append("(d.title LIKE ? ESCAPE '\\' OR d.path LIKE ? ESCAPE '\\'"
                       " OR COALESCE(d.published, '') LIKE ? ESCAPE '\\')")
        params += [_like(word)] * 3
    if unread:
        clauses.append("d.read_at IS NULL")
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def document_page(db: sqlite_utils.Database, order: str, words: Sequence[str], offset: int,
                  limit: int, unread: bool = False) -> list[DocumentInfo]:
    where, params = _document_filter(words, unread)
    rows = db.execute(f"SELECT {_INFO} FROM documents d {STORY_JOIN}{where} ORDER BY {DOCUMENT_ORDERS[order]}"
                      " LIMIT ? OFFSET ?", [*params, limit, offset]).fetchall()
    return [DocumentInfo(*row) for row in rows]


def document_total(db: sqlite_utils.Database, words: Sequence[str], unread: bool = False) -> int:
    where, params = _document_filter(words, unread)
    return db.execute(f"SELECT COUNT(*) FROM documents d{where}", params).fetchone()[0]


def document_positions(db: sqlite_utils.Database, order: str, words: Sequence[str],
                       ids: Sequence[int], unread: bool = False) -> list[tuple[int, DocumentInfo]]:
    """Where these documents stand in the list as ordered and filtered (those the filter keeps)."""
    where, params = _document_filter(words, unread)
    wanted = set(ids)
    ordered = db.execute(f"SELECT d.id FROM documents d{where} ORDER BY {DOCUMENT_ORDERS[order]}", params)
    positions = {row[0]: n for n, row in enumerate(ordered) if row[0] in wanted}
    infos = {info.id: info for info in document_infos(db, list(positions))}
    return sorted((positions[i], infos[i]) for i in positions)


def document_infos(db: sqlite_utils.Database, ids: Sequence[int]) -> list[DocumentInfo]:
    rows = db.execute(f"SELECT {_INFO} FROM documents d {STORY_JOIN} WHERE d.id IN (SELECT value FROM json_each(?))",
                      [json.dumps(list(ids))]).fetchall()
    return [DocumentInfo(*row) for row in rows]


# ---- an entity's documents -------------------------------------------------------------------

GROUP_ORDERS = {
    "document": "g.mentions DESC, g.document_id",  # the documents that mention it most first
    "date": "d.published IS NULL, d.published DESC, g.document_id DESC",  # newest first
}


def mention_groups(db: sqlite_utils.Database, entity_id: int, status: str, order: str,
                   current_document: int | None, words: Sequence[str], offset: int = 0,
                   limit: int = -1) -> list[MentionGroup]:
    """A page of the documents where an entity is mentioned (with this status), with how often;
    the current document first. Counting reads only an index; titles are read for the page."""
    where, params = _document_filter(words)
    if order == "document" and not words:  # order and page on the index, then read the page's titles
        page = (f"SELECT g.document_id, g.mentions FROM ({_GROUPED}) g"
                f" ORDER BY g.document_id != ?, {GROUP_ORDERS[order]} LIMIT ? OFFSET ?")
        sql = (f"SELECT d.id, d.title, d.published, d.path, p.mentions FROM ({page}) p"
               " JOIN documents d ON d.id = p.document_id")
        rows = db.execute(sql, [entity_id, status, _current(current_document), limit, offset]).fetchall()
        return [MentionGroup(*row) for row in rows]  # the join keeps the page's order
    sql = (f"SELECT d.id, d.title, d.published, d.path, g.mentions FROM ({_GROUPED}) g"
           f" JOIN documents d ON d.id = g.document_id{where}"
           f" ORDER BY d.id != ?, {GROUP_ORDERS[order]} LIMIT ? OFFSET ?")
    rows = db.execute(sql, [entity_id, status, *params, _current(current_document), limit, offset]).fetchall()
    return [MentionGroup(*row) for row in rows]


_GROUPED = "SELECT document_id, COUNT(*) AS mentions FROM mentions WHERE entity_id = ? AND status = ? GROUP BY document_id"


def _current(document_id: int | None) -> int:
    return document_id if document_id is not None else -1


def read_group_total(db: sqlite_utils.Database, entity_id: int) -> int:
    """How many of the documents that mention an entity (linked) the reader has opened."""
    return db.execute(f"SELECT COUNT(*) FROM ({_GROUPED}) g JOIN documents d ON d.id = g.document_id"
                      " WHERE d.read_at IS NOT NULL", [entity_id, "linked"]).fetchone()[0]


def mention_group_total(db: sqlite_utils.Database, entity_id: int, status: str, words: Sequence[str]) -> int:
    """How many documents mention the entity (with this status), of those the filter keeps."""
    if not words:
        return db.execute(f"SELECT COUNT(*) FROM ({_GROUPED})", [entity_id, status]).fetchone()[0]
    where, params = _document_filter(words)
    return db.execute(f"SELECT COUNT(*) FROM ({_GROUPED}) g JOIN documents d ON d.id = g.document_id{where}",
                      [entity_id, status, *params]).fetchone()[0]


# ---- the entity table ------------------------------------------------------------------------

ENTITY_ORDERS = {
    "name": "e.name COLLATE NOCASE, e.id",
    "type": "e.label, e.name COLLATE NOCASE",
    "mentions": "e.mentions, e.documents, e.id",
    "documents": "e.documents, e.mentions, e.id",
    "first": "ed.first IS NULL, ed.first, e.name COLLATE NOCASE",
    "last": "ed.last IS NULL, ed.last, e.name COLLATE NOCASE",
}


def _entity_filter(words: Sequence[tuple[str, Sequence[str]]], labels: Sequence[str] | None,
                   min_documents: int = 1, ids: Sequence[int] | None = None) -> tuple[str, list]:
    """Entities whose name contains every word, or whose type is one the word names; of `labels` if given,
    in at least `min_documents` documents, and among `ids` if given.

    `words` pairs each typed word with the labels whose plain name contains it ("peo" -> PERSON).
    """
    clauses, params = ["e.mentions > 0"], []
    if min_documents > 1:
        clauses.append("e.documents >= ?")
        params.append(min_documents)
    if ids is not None:
        clauses.append("e.id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(list(ids)))
    for word, named_labels in words:
        clauses.append("(e.name LIKE ? ESCAPE '\\' OR e.label IN (SELECT value FROM json_each(?)))")
        params += [_like(word), json.dumps(list(named_labels))]
    if labels is not None:
        clauses.append("e.label IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(list(labels)))
    return " WHERE " + " AND ".join(clauses), params


def entity_page(db: sqlite_utils.Database, order: str, descending: bool, words, labels, offset: int,
                limit: int, min_documents: int = 1, ids: Sequence[int] | None = None,
                stories: bool = False) -> list[EntityRow]:
    """A page of the entity table; `stories` counts each story once (near-duplicates as one document)."""
    where, params = _entity_filter(words, labels, min_documents, ids)
    direction = " DESC" if descending else ""
    ordering = ", ".join(part.strip() + ("" if "IS NULL" in part else direction)  # undated stay last
                         for part in ENTITY_ORDERS[order].split(","))
    table = _story_counted(db) if stories else "entities"
    rows = db.execute(
        "SELECT e.id, e.name, e.label, e.mentions, e.documents, ed.first, ed.last"
        f" FROM {table} e LEFT JOIN entity_dates ed ON ed.entity_id = e.id{where}"
        f" ORDER BY {ordering} LIMIT ? OFFSET ?", [*params, limit, offset]).fetchall()
    return [EntityRow(*row) for row in rows]


def _story_counted(db: sqlite_utils.Database) -> str:
    """The entities with each story counted once (their counts less the near-duplicates' share),
    as this connection's temporary table: made once, and again after the library changed."""
    version = (db.execute("PRAGMA data_version").fetchone()[0], db.conn.total_changes)
    if getattr(db, "_story_counted_at", None) != version:
        db.execute("DROP TABLE IF EXISTS temp.story_counted")
        db.execute(
            "CREATE TEMP TABLE story_counted AS"
            " SELECT e.id, e.name, e.label, e.mentions - COALESCE(x.mentions, 0) AS mentions,"
            " e.documents - COALESCE(x.documents, 0) AS documents"
            f" FROM entities e LEFT JOIN ({ENTITY_EXCESS}) x ON x.entity_id = e.id")
        db._story_counted_at = (db.execute("PRAGMA data_version").fetchone()[0], db.conn.total_changes)
    return "temp.story_counted"


def entity_total(db: sqlite_utils.Database, words, labels, min_documents: int = 1,
                 ids: Sequence[int] | None = None, stories: bool = False) -> int:
    where, params = _entity_filter(words, labels, min_documents, ids)
    table = _story_counted(db) if stories else "entities"
    return db.execute(f"SELECT COUNT(*) FROM {table} e{where}", params).fetchone()[0]
