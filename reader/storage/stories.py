"""SQL for near-duplicates: signatures, LSH band keys, stories, and counting a story once."""
from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

import sqlite_utils

SIGNATURE_KEY = "stories_signature"  # meta: what the stored signatures were made with

# Documents whose story has other documents in it (the only ones a story-once count changes).
_GROUPED = """
    SELECT document_id, story FROM story_signatures
    WHERE story IN (SELECT story FROM story_signatures GROUP BY story HAVING COUNT(*) > 1)
"""


def keep_only(db: sqlite_utils.Database, signature_id: str) -> bool:
    """Drop every stored signature unless made with `signature_id`; True if they were dropped."""
    row = db.execute("SELECT value FROM meta WHERE key = ?", [SIGNATURE_KEY]).fetchone()
    if row and row[0] == signature_id:
        return False
    with db.write():
        db.execute("DELETE FROM story_bands")
        db.execute("DELETE FROM story_signatures")
        db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", [SIGNATURE_KEY, signature_id])
    return True


def pending_documents(db: sqlite_utils.Database) -> list[int]:
    """Documents with no signature of their present text (new, changed, or never grouped)."""
    rows = db.execute(
        "SELECT d.id FROM documents d LEFT JOIN story_signatures s ON s.document_id = d.id"
        " WHERE s.document_id IS NULL OR s.content_hash != d.content_hash ORDER BY d.id"
    ).fetchall()
    return [row[0] for row in rows]


def texts(db: sqlite_utils.Database, ids: Sequence[int]) -> list[tuple[int, str, str]]:
    """(id, content_hash, text) of these documents, in id order."""
    return db.execute(
        "SELECT id, content_hash, text FROM documents WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id",
        [json.dumps(list(ids))],
    ).fetchall()


def story_of(db: sqlite_utils.Database, document_id: int) -> int | None:
    row = db.execute("SELECT story FROM story_signatures WHERE document_id = ?", [document_id]).fetchone()
    return row[0] if row else None


def remove(db: sqlite_utils.Database, document_id: int) -> None:
    db.execute("DELETE FROM story_bands WHERE document_id = ?", [document_id])
    db.execute("DELETE FROM story_signatures WHERE document_id = ?", [document_id])


def signatures_in(db: sqlite_utils.Database, story: int) -> list[tuple[int, bytes]]:
    """(document_id, signature) of a story's documents, by id."""
    return db.execute(
        "SELECT document_id, signature FROM story_signatures WHERE story = ? ORDER BY document_id", [story]
    ).fetchall()


def founders(db: sqlite_utils.Database, bands: Iterable[int]) -> list[tuple[int, bytes]]:
    """(story, signature of its first document) of stories whose first document shares a band key."""
    return db.execute(
        """
        SELECT s.story, s.signature FROM story_signatures s
        WHERE s.document_id IN (SELECT document_id FROM story_bands
                                WHERE key IN (SELECT value FROM json_each(?)))
          AND s.document_id = s.story
        ORDER BY s.story
        """,
        [json.dumps(list(bands))],
    ).fetchall()


def insert(db: sqlite_utils.Database, document_id: int, content_hash: str, signature: bytes, shingles: int,
           bands: Iterable[int], story: int) -> None:
    db.execute(
        "INSERT INTO story_signatures (document_id, content_hash, shingles, signature, story) VALUES (?, ?, ?, ?, ?)",
        [document_id, content_hash, shingles, signature, story],
    )
    db.executemany("INSERT OR IGNORE INTO story_bands (key, document_id) VALUES (?, ?)",
                        ((key, document_id) for key in bands))


def set_story(db: sqlite_utils.Database, document_ids: Iterable[int], story: int) -> None:
    db.execute("UPDATE story_signatures SET story = ? WHERE document_id IN (SELECT value FROM json_each(?))",
               [story, json.dumps(list(document_ids))])


def others_in_story(db: sqlite_utils.Database, document_id: int) -> list[tuple[int, str, str, str | None, str | None, bytes, bytes]]:
    """The other documents of a document's story: (id, title, path, published, meta JSON, their
    signature, this document's signature), by date then id."""
    return db.execute(
        """
        SELECT d.id, d.title, d.path, d.published, d.meta, o.signature, s.signature
        FROM story_signatures s
        JOIN story_signatures o ON o.story = s.story AND o.document_id != s.document_id
        JOIN documents d ON d.id = o.document_id
        WHERE s.document_id = ?
        ORDER BY d.published IS NULL, d.published, d.id
        """,
        [document_id],
    ).fetchall()


def grouped_with(db: sqlite_utils.Database, ids: Sequence[int] | None = None) -> list[int]:
    """Documents of stories with several documents: those that share a story with one of `ids`
    (them included), or all of them when `ids` is None; by id."""
    among = "" if ids is None else (" AND story IN (SELECT story FROM story_signatures"
                                    " WHERE document_id IN (SELECT value FROM json_each(?)))")
    rows = db.execute(f"SELECT document_id FROM ({_GROUPED}) WHERE 1{among} ORDER BY document_id",
                      [] if ids is None else [json.dumps(list(ids))]).fetchall()
    return [row[0] for row in rows]


# ---- counting a story once -----------------------------------------------------------------

def entity_excess(db: sqlite_utils.Database, entity_ids: Sequence[int] | None = None) -> dict[int, tuple[int, int]]:
    """entity id -> (mentions, documents) to take off its counts so that each story counts once.

    Within a story, an entity counts the mentions of the document that mentions it most, and
    one document; only documents of stories with several documents are read. `entity_ids`
    limits the answer to these entities.
    """
    only = "" if entity_ids is None else "AND m.entity_id IN (SELECT value FROM json_each(:ids))"
    rows = db.execute(_excess_sql(only), {"ids": json.dumps(list(entity_ids or []))}).fetchall()
    return {row[0]: (row[1], row[2]) for row in rows}


def _excess_sql(only: str = "") -> str:
    return f"""
        WITH grouped AS MATERIALIZED ({_GROUPED}),
        per_document AS (
            SELECT m.entity_id, g.story, COUNT(*) AS n
            FROM grouped g JOIN mentions m ON m.document_id = g.document_id
            WHERE m.status = 'linked' AND m.entity_id IS NOT NULL {only}
            GROUP BY m.entity_id, m.document_id),
        per_story AS (
            SELECT entity_id, SUM(n) - MAX(n) AS mentions, COUNT(*) - 1 AS documents
            FROM per_document GROUP BY entity_id, story)
        SELECT entity_id, SUM(mentions) AS mentions, SUM(documents) AS documents FROM per_story
        GROUP BY entity_id HAVING SUM(documents) > 0
        """


# A query without parameters: (entity_id, mentions, documents) to take off each entity's counts.
ENTITY_EXCESS = _excess_sql()


def edge_excess(db: sqlite_utils.Database, ids: Sequence[int]) -> dict[tuple[int, int], int]:
    """(a, b) -> shared paragraphs to take off so that each story counts once (the document of a
    story where the pair shares most paragraphs counts), for pairs among these entities."""
    rows = db.execute(
        f"""
        WITH grouped AS MATERIALIZED ({_GROUPED}),
        members AS MATERIALIZED (SELECT value AS id FROM json_each(:ids)),
        per_document AS (
            SELECT x.entity_id AS a, y.entity_id AS b, g.story, COUNT(*) AS n
            FROM grouped g
            JOIN entity_paragraphs x INDEXED BY entity_paragraphs_place ON x.document_id = g.document_id
            JOIN entity_paragraphs y INDEXED BY entity_paragraphs_place
              ON y.document_id = x.document_id AND y.paragraph = x.paragraph AND y.entity_id > x.entity_id
            WHERE x.entity_id IN (SELECT id FROM members) AND y.entity_id IN (SELECT id FROM members)
            GROUP BY x.entity_id, y.entity_id, x.document_id)
        SELECT a, b, SUM(excess) FROM (
            SELECT a, b, SUM(n) - MAX(n) AS excess FROM per_document GROUP BY a, b, story)
        GROUP BY a, b HAVING SUM(excess) > 0
        """,
        {"ids": json.dumps(sorted(ids))},
    ).fetchall()
    return {(row[0], row[1]): row[2] for row in rows}
