"""SQL for exports: entities, mentions and documents read through cursors, a row at a time."""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

import sqlite_utils


def entities_with_aliases(db: sqlite_utils.Database, leave_out: Iterable[str] = ()) -> Iterator[tuple]:
    """(id, name, label, mentions, documents, first date, last date, JSON list of the ways it is
    written, most frequent first) for each entity with mentions (not of the labels `leave_out`),
    most mentioned first."""
    yield from db.execute(
        """
        SELECT e.id, e.name, e.label, e.mentions, e.documents, ed.first, ed.last,
               (SELECT json_group_array(text) FROM (
                    SELECT m.text FROM mentions m WHERE m.entity_id = e.id AND m.status = 'linked'
                    GROUP BY m.text ORDER BY COUNT(*) DESC, m.text))
        FROM entities e LEFT JOIN entity_dates ed ON ed.entity_id = e.id
        WHERE e.mentions > 0 AND e.label NOT IN (SELECT value FROM json_each(?))
        ORDER BY e.mentions DESC, e.name COLLATE NOCASE, e.id
        """,
        [json.dumps(sorted(leave_out))],
    )


def documents_with_mentions(db: sqlite_utils.Database, leave_out: Iterable[str] = ()
                            ) -> Iterator[tuple[int, str, str, list[tuple]]]:
    """(id, title, text, mentions) per document, by id; mentions are (start, end, text, entity id,
    entity name, entity label) of its linked mentions (of entities not labelled `leave_out`) in text
    order. One document in memory at a time."""
    leave_out = json.dumps(sorted(leave_out))
    documents = db.execute("SELECT id FROM documents ORDER BY id")
    for (document_id,) in documents:
        row = db.execute("SELECT title, text FROM documents WHERE id = ?", [document_id]).fetchone()
        if row is None:
            continue
        mentions = db.execute(
            "SELECT m.start, m.end, m.text, m.entity_id, e.name, e.label FROM mentions m"
            " JOIN entities e ON e.id = m.entity_id"
            " WHERE m.document_id = ? AND m.status = 'linked'"
            " AND e.label NOT IN (SELECT value FROM json_each(?)) ORDER BY m.start, m.end",
            [document_id, leave_out],
        ).fetchall()
        yield document_id, row[0], row[1], mentions


def count_linked_mentions(db: sqlite_utils.Database) -> int:
    return db.execute("SELECT COUNT(*) FROM mentions WHERE status = 'linked' AND entity_id IS NOT NULL").fetchone()[0]


def document_cards(db: sqlite_utils.Database) -> Iterator[tuple[int, str, str, str | None, dict, int | None]]:
    """(id, title, path, published, meta, story) of every document, by id (no text)."""
    rows = db.execute(
        "SELECT d.id, d.title, d.path, d.published, d.meta, s.story FROM documents d"
        " LEFT JOIN story_signatures s ON s.document_id = d.id ORDER BY d.id"
    )
    for document_id, title, path, published, meta, story in rows:
        yield document_id, title, path, published, json.loads(meta) if meta else {}, story


def entity_cards(db: sqlite_utils.Database, leave_out: Iterable[str]) -> list[tuple[int, str, str, int, int]]:
    """(id, name, label, mentions, documents) of entities with mentions, but not of these labels, by id."""
    return db.execute(
        "SELECT id, name, label, mentions, documents FROM entities"
        " WHERE mentions > 0 AND label NOT IN (SELECT value FROM json_each(?)) ORDER BY id",
        [json.dumps(sorted(leave_out))],
    ).fetchall()


def documents_of_entity(db: sqlite_utils.Database, entity_id: int) -> list[tuple[int, int]]:
    """(document id, linked mentions) of each document that mentions the entity, by id."""
    return db.execute(
        "SELECT document_id, COUNT(*) FROM mentions WHERE entity_id = ? AND status = 'linked'"
        " GROUP BY document_id ORDER BY document_id",
        [entity_id],
    ).fetchall()
