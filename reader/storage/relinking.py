"""SQL for linking part of the library: which keys relate (buckets), the keys a change reaches, their
occurrences and linking stored back; and the words the library writes in lower case."""
from __future__ import annotations

import json
from collections.abc import Iterable

import sqlite_utils

from reader.storage.documents import refresh_document_counts
from reader.storage.entities import refresh_entity_counts

BUCKETS_STALE = "buckets_stale"  # set by migration 9: the relation buckets of existing keys are not stored
WORDS_STALE = "common_words_stale"  # set by migration 9: the lower-case words of existing texts are not stored


def _json(values: Iterable) -> str:
    return json.dumps(sorted(set(values)))


def is_flagged(db: sqlite_utils.Database, flag: str) -> bool:
    return db.execute("SELECT 1 FROM meta WHERE key = ?", [flag]).fetchone() is not None


def clear_flag(db: sqlite_utils.Database, flag: str) -> None:
    db.execute("DELETE FROM meta WHERE key = ?", [flag])


# ---- relation buckets ------------------------------------------------------------------------

def add_buckets(db: sqlite_utils.Database, rows: Iterable[tuple[str, str]]) -> None:
    """Remember (bucket, key) pairs: keys that share a bucket may change each other's linking."""
    db.executemany("INSERT OR IGNORE INTO key_buckets (bucket, key) VALUES (?, ?)", rows)


def distinct_surfaces(db: sqlite_utils.Database) -> list[tuple[str, str, str]]:
    """(key, surface, label) of every mention that takes part in linking (to compute buckets anew)."""
    return db.execute("SELECT DISTINCT key, text, label FROM mentions WHERE source IN ('model', 'user')").fetchall()


def keys_sharing_buckets(db: sqlite_utils.Database, keys: Iterable[str], widest: int) -> set[str]:
    """Keys that share a bucket with one of `keys` (a bucket holding more than `widest` keys is a
    common word, not a relation to follow: those keys are related through narrower buckets)."""
    rows = db.execute(
        """
        WITH mine AS (SELECT DISTINCT bucket FROM key_buckets WHERE key IN (SELECT value FROM json_each(?))),
             narrow AS (SELECT b.bucket FROM key_buckets b JOIN mine USING (bucket)
                        GROUP BY b.bucket HAVING COUNT(*) <= ?)
        SELECT DISTINCT b.key FROM key_buckets b JOIN narrow USING (bucket)
        """,
        [_json(keys), widest],
    ).fetchall()
    return {row[0] for row in rows}


# ---- the keys a change reaches -------------------------------------------------------------

def document_keys(db: sqlite_utils.Database, document_ids: Iterable[int]) -> set[str]:
    rows = db.execute("SELECT DISTINCT key FROM mentions WHERE document_id IN (SELECT value FROM json_each(?))"
                      " AND source IN ('model', 'user')", [_json(document_ids)]).fetchall()
    return {row[0] for row in rows}


def entity_keys_of(db: sqlite_utils.Database, keys: Iterable[str]) -> set[str]:
    """Every key of the entities that these keys' mentions belong to now (an entity is relinked whole)."""
    rows = db.execute(
        """
        SELECT DISTINCT m.key FROM mentions m INDEXED BY mentions_entity_key
        WHERE m.entity_id IN (SELECT DISTINCT entity_id FROM mentions INDEXED BY mentions_key
                              WHERE key IN (SELECT value FROM json_each(?)) AND entity_id IS NOT NULL)
        """, [_json(keys)]).fetchall()
    return {row[0] for row in rows}


def entity_ids_of(db: sqlite_utils.Database, keys: Iterable[str]) -> set[int]:
    rows = db.execute("SELECT DISTINCT entity_id FROM mentions WHERE key IN (SELECT value FROM json_each(?))"
                      " AND entity_id IS NOT NULL", [_json(keys)]).fetchall()
    return {row[0] for row in rows}


def occurrences_of(db: sqlite_utils.Database, keys: Iterable[str]) -> list[tuple[int, str, str, int]]:
    """(document_id, surface, label, count) of these keys' mentions that take part in linking."""
    return db.execute(
        "SELECT document_id, text, label, COUNT(*) FROM mentions INDEXED BY mentions_key"
        " WHERE key IN (SELECT value FROM json_each(?)) AND source IN ('model', 'user')"
        " GROUP BY document_id, text, label", [_json(keys)]).fetchall()


def unique_owners(db: sqlite_utils.Database, keys: Iterable[str]) -> dict[str, int]:
    """Those of these keys whose linked model mentions all belong to one entity: key -> entity id
    (the names that can be looked for in other documents)."""
    rows = db.execute(
        "SELECT key, MIN(entity_id) FROM mentions WHERE key IN (SELECT value FROM json_each(?))"
        " AND source IN ('model', 'user') AND status = 'linked' AND entity_id IS NOT NULL"
        " GROUP BY key HAVING COUNT(DISTINCT entity_id) = 1", [_json(keys)]).fetchall()
    return dict(rows)


def surfaces_of(db: sqlite_utils.Database, keys: Iterable[str]) -> set[str]:
    rows = db.execute("SELECT DISTINCT text FROM mentions WHERE key IN (SELECT value FROM json_each(?))"
                      " AND source IN ('model', 'user')", [_json(keys)]).fetchall()
    return {row[0] for row in rows}


def occurrence_count(db: sqlite_utils.Database) -> int:
    """How many (document, surface, label) occurrences linking reads for the whole library (estimated
    from the mentions that take part in linking: within a factor of a few, which is all it is for)."""
    return db.execute("SELECT COUNT(*) FROM mentions WHERE source IN ('model', 'user')").fetchone()[0] // 2


def documents_of(db: sqlite_utils.Database, keys: Iterable[str]) -> set[int]:
    rows = db.execute("SELECT DISTINCT document_id FROM mentions WHERE key IN (SELECT value FROM json_each(?))",
                      [_json(keys)]).fetchall()
    return {row[0] for row in rows}


# ---- storing a partial linking ----------------------------------------------------------------

def apply_partial_linking(
    db: sqlite_utils.Database,
    keys: Iterable[str],
    entities: Iterable[tuple[str, str, str]],
    assignment: Iterable[tuple[int, str, str]],
) -> None:
    """Store the linking of these keys' mentions: entities as (key, name, label), assignment as
    (document_id, mention key, entity key); a mention of these keys left unassigned is ignored.
    Entities no mention points at any more are removed. The caller holds the write transaction."""
    keys = _json(keys)
    db.execute("DROP TABLE IF EXISTS temp.part_entities")
    db.execute("DROP TABLE IF EXISTS temp.part_assignment")
    db.execute("CREATE TEMP TABLE part_entities (key TEXT PRIMARY KEY, name TEXT, label TEXT)")
    db.execute("CREATE TEMP TABLE part_assignment (document_id INTEGER, key TEXT, entity_key TEXT,"
               " PRIMARY KEY (document_id, key))")
    db.executemany("INSERT INTO temp.part_entities VALUES (?, ?, ?)", entities)
    db.executemany("INSERT OR REPLACE INTO temp.part_assignment VALUES (?, ?, ?)", assignment)
    before = db.execute("SELECT DISTINCT entity_id FROM mentions WHERE key IN (SELECT value FROM json_each(?))"
                        " AND entity_id IS NOT NULL", [keys]).fetchall()
    db.execute("INSERT INTO entities (key, name, label) SELECT key, name, label FROM temp.part_entities WHERE true"
               " ON CONFLICT(key) DO UPDATE SET name = excluded.name, label = excluded.label")
    db.execute(
        """
        UPDATE mentions SET
          entity_id = (SELECT e.id FROM temp.part_assignment a JOIN entities e ON e.key = a.entity_key
                       WHERE a.document_id = mentions.document_id AND a.key = mentions.key)
        WHERE key IN (SELECT value FROM json_each(?)) AND source IN ('model', 'user')
        """, [keys])
    db.execute("UPDATE mentions SET status = CASE WHEN entity_id IS NULL THEN 'ignored' ELSE 'linked' END"
               " WHERE key IN (SELECT value FROM json_each(?)) AND source IN ('model', 'user')", [keys])
    touched = {row[0] for row in before}
    touched |= {row[0] for row in db.execute("SELECT e.id FROM temp.part_entities p JOIN entities e USING (key)")}
    db.execute("DROP TABLE temp.part_entities")
    db.execute("DROP TABLE temp.part_assignment")
    return touched


def forget_unused_entities(db: sqlite_utils.Database, entity_ids: Iterable[int]) -> set[int]:
    """Remove those of these entities that no mention points at any more; the ids removed."""
    ids = _json(entity_ids)
    gone = {row[0] for row in db.execute(
        "SELECT id FROM entities WHERE id IN (SELECT value FROM json_each(?))"
        " AND NOT EXISTS (SELECT 1 FROM mentions m WHERE m.entity_id = entities.id)", [ids])}
    db.execute("DELETE FROM entities WHERE id IN (SELECT value FROM json_each(?))", [_json(gone)])
    return gone


def refresh_counts(db: sqlite_utils.Database, entity_ids: Iterable[int], document_ids: Iterable[int]) -> None:
    """Recount these entities' and documents' linked mentions."""
    refresh_entity_counts(db, entity_ids)
    refresh_document_counts(db, list(document_ids))


# ---- words the library writes in lower case ------------------------------------------------------

def add_common_words(db: sqlite_utils.Database, words: Iterable[str]) -> None:
    db.executemany("INSERT OR IGNORE INTO common_words (word) VALUES (?)", ((w,) for w in words))


def common_among(db: sqlite_utils.Database, words: Iterable[str]) -> set[str]:
    """Which of these (folded) words the library writes in lower case somewhere."""
    rows = db.execute("SELECT word FROM common_words WHERE word IN (SELECT value FROM json_each(?))",
                      [_json(words)]).fetchall()
    return {row[0] for row in rows}


def documents_with_phrases(db: sqlite_utils.Database, phrases: Iterable[str], leave_out: Iterable[int]) -> set[int]:
    """Documents whose text holds one of these phrases (full-text index: case and diacritics folded)."""
    found: set[int] = set()
    leave_out = set(leave_out)
    phrases = sorted({" ".join(p.split()) for p in phrases if p.split()})
    for start in range(0, len(phrases), 200):  # OR-ed in batches: one query per batch
        query = " OR ".join('"' + p.replace('"', '""') + '"' for p in phrases[start:start + 200])
        rows = db.execute("SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?", [f"text : ({query})"])
        found |= {row[0] for row in rows} - leave_out
    return found
