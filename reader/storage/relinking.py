"""SQL for linking part of the library: which keys relate (buckets), the keys a change reaches, their
occurrences and linking stored back; and the words the library writes in lower case."""
from __future__ import annotations

import json
from dataclasses import dataclass
from collections.abc import Iterable

import sqlite_utils

from reader.labels import VALUE_LABELS
from reader.linking.state import VALUE_PREFIX

from reader.storage.documents import refresh_document_counts
from reader.storage.entities import refresh_entity_counts

SHORT_FORM_LABELS = frozenset({"PERSON", "ORG"})  # whose names' one word may be found alone (reader.recall)
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
    """The keys these documents name (values left out: a document's own values relate to nothing
    outside it, and are linked by `occurrences_in`)."""
    rows = db.execute("SELECT DISTINCT key FROM mentions WHERE document_id IN (SELECT value FROM json_each(?))"
                      " AND source IN ('model', 'user') AND label NOT IN (SELECT value FROM json_each(?))",
                      [_json(document_ids), _json(VALUE_LABELS)]).fetchall()
    return {row[0] for row in rows}


def entity_keys_of(db: sqlite_utils.Database, keys: Iterable[str]) -> set[str]:
    """Every key of the named entities that these keys' mentions belong to now (an entity is relinked
    whole; a document's value is an entity of its own, linked with nothing else, and not followed).

    Both steps skip along an index, one distinct value at a time, so an entity of a hundred thousand
    mentions under a dozen keys costs a few dozen lookups, not a hundred thousand rows."""
    owners = _skip_scan(db, "mentions_key", "key", "entity_id", keys)
    named = db.execute("SELECT id FROM entities WHERE id IN (SELECT value FROM json_each(?)) AND substr(key, 1, 1) != ?",
                       [_json(owners), VALUE_PREFIX]).fetchall()
    return _skip_scan(db, "mentions_entity_key", "entity_id", "key", (row[0] for row in named))


def _skip_scan(db: sqlite_utils.Database, index: str, by: str, take: str, values: Iterable) -> set:
    """The distinct `take` values of the mentions whose `by` is one of `values`, found by skipping along
    `index` (on `by`, `take`) one distinct value at a time instead of reading every mention."""
    rows = db.execute(
        f"""
        WITH RECURSIVE found(value, taken) AS (
            SELECT value, (SELECT MIN({take}) FROM mentions INDEXED BY {index} WHERE {by} = value)
            FROM json_each(?)
            UNION ALL
            SELECT f.value, (SELECT MIN({take}) FROM mentions INDEXED BY {index}
                             WHERE {by} = f.value AND {take} > f.taken)
            FROM found f WHERE f.taken IS NOT NULL)
        SELECT DISTINCT taken FROM found WHERE taken IS NOT NULL
        """, [_json(values)]).fetchall()
    return {row[0] for row in rows}


def occurrences_of(db: sqlite_utils.Database, keys: Iterable[str], documents: Iterable[int] = ()
                   ) -> list[tuple[int, str, str, int]]:
    """(document_id, surface, label, count) of the mentions that take part in linking: these keys'
    anywhere, and any in these documents."""
    return db.execute(
        "SELECT document_id, text, label, COUNT(*) FROM mentions WHERE id IN ("
        " SELECT id FROM mentions INDEXED BY mentions_key WHERE key IN (SELECT value FROM json_each(:keys))"
        " UNION SELECT id FROM mentions WHERE document_id IN (SELECT value FROM json_each(:documents)))"
        " AND source IN ('model', 'user') GROUP BY document_id, text, label",
        {"keys": _json(keys), "documents": _json(documents)}).fetchall()


def mention_count(db: sqlite_utils.Database, keys: Iterable[str] | None = None) -> int:
    """How many mentions these keys have, or the whole library (to tell a small change from a large one)."""
    if keys is None:
        return db.execute("SELECT COUNT(*) FROM mentions").fetchone()[0]
    return db.execute("SELECT COUNT(*) FROM mentions INDEXED BY mentions_key WHERE key IN (SELECT value FROM json_each(?))",
                      [_json(keys)]).fetchone()[0]


# ---- storing a linking ------------------------------------------------------------------------

@dataclass(frozen=True)
class Stored:
    """What storing a linking changed: entities (whose mentions, name or label changed, or that were
    removed), documents whose mentions moved, and documents whose short forms may now stand for
    another entity (see _short_forms_moved)."""

    entities: set[int]
    documents: set[int]
    short_forms: set[int]


def store_linking(
    db: sqlite_utils.Database,
    keys: Iterable[str] | None,
    entities: Iterable[tuple[str, str, str]],
    assignment: Iterable[tuple[int, str, str]],
    new_documents: Iterable[int] | None = (),
) -> Stored:
    """Store the linking of these keys' mentions and of `new_documents`' (every mention's when `keys`
    is None): entities as
    (key, name, label), assignment as (document_id, mention key, entity key); a mention left
    unassigned is ignored. Only mentions whose entity or status changes are written, entities no
    mention points at are removed and counts refreshed (name matches follow: see Relinker.relink).
    The entities of `new_documents` (just analysed) count as changed even where linking kept them;
    every entity is counted again when `new_documents` is None.
    The caller holds the write transaction."""
    scope = "" if keys is None else (
        " AND m.id IN (SELECT id FROM mentions INDEXED BY mentions_key WHERE key IN (SELECT value FROM json_each(:keys))"
        " UNION SELECT id FROM mentions WHERE document_id IN (SELECT value FROM json_each(:documents)))")
    params = {} if keys is None else {"keys": _json(keys), "documents": _json(new_documents or ())}
    for table in ("link_entities", "link_assignment", "link_changes"):
        db.execute(f"DROP TABLE IF EXISTS temp.{table}")
    db.execute("CREATE TEMP TABLE link_entities (key TEXT PRIMARY KEY, name TEXT, label TEXT)")
    db.execute("CREATE TEMP TABLE link_assignment (document_id INTEGER, key TEXT, entity_key TEXT,"
               " PRIMARY KEY (document_id, key))")
    db.executemany("INSERT INTO temp.link_entities VALUES (?, ?, ?)", entities)
    db.executemany("INSERT OR REPLACE INTO temp.link_assignment VALUES (?, ?, ?)", assignment)
    renamed = {row[0]: row[1:] for row in db.execute(
        "SELECT e.id, e.label, l.label FROM temp.link_entities l JOIN entities e USING (key)"
        " WHERE e.name IS NOT l.name OR e.label IS NOT l.label")}
    db.execute("INSERT INTO entities (key, name, label) SELECT key, name, label FROM temp.link_entities WHERE true"
               " ON CONFLICT(key) DO UPDATE SET name = excluded.name, label = excluded.label"
               " WHERE name IS NOT excluded.name OR label IS NOT excluded.label")
    db.execute(
        f"""
        CREATE TEMP TABLE link_changes AS
        SELECT m.id, m.document_id, m.key, m.entity_id AS old, e.id AS new
        FROM mentions m
        LEFT JOIN temp.link_assignment a ON a.document_id = m.document_id AND a.key = m.key
        LEFT JOIN entities e ON e.key = a.entity_key
        WHERE m.source IN ('model', 'user'){scope}
          AND (m.entity_id IS NOT e.id OR m.status != CASE WHEN e.id IS NULL THEN 'ignored' ELSE 'linked' END)
        """, params)
    db.execute("UPDATE mentions SET entity_id = c.new, status = CASE WHEN c.new IS NULL THEN 'ignored' ELSE 'linked' END"
               " FROM temp.link_changes c WHERE mentions.id = c.id")
    moved = db.execute("SELECT old, new, document_id, key FROM temp.link_changes").fetchall()
    for table in ("link_entities", "link_assignment", "link_changes"):
        db.execute(f"DROP TABLE temp.{table}")
    relabelled = {e for e, labels in renamed.items() if labels[0] != labels[1] and set(labels) & SHORT_FORM_LABELS}
    short_forms = _short_forms_moved(db, moved, relabelled)
    touched = set(renamed) | {i for row in moved for i in row[:2] if i is not None}
    if new_documents is not None:
        touched |= {row[0] for row in db.execute(
            "SELECT DISTINCT entity_id FROM mentions WHERE document_id IN (SELECT value FROM json_each(?))"
            " AND entity_id IS NOT NULL", [_json(new_documents)])}
    documents = {row[2] for row in moved}
    gone = forget_unused_entities(db, None if keys is None else touched)
    refresh_entity_counts(db, None if new_documents is None else touched - gone)
    refresh_document_counts(db, None if new_documents is None else documents)
    return Stored(touched, documents, short_forms)


def _short_forms_moved(db: sqlite_utils.Database, moved: list[tuple], relabelled: set[int]) -> set[int]:
    """Documents where a name of one word written alone (a surname, a club's word) was found for a
    person's or an organisation's name of several words in the same document, and that name moved to
    another entity there (or its entity changed type): their short forms may stand for another entity.
    moved: (old entity, new entity, document, key) of the mentions that moved."""
    pairs = {(doc, entity) for old, new, doc, key in moved if " " in key for entity in (old, new) if entity is not None}
    rows = db.execute(
        """
        SELECT DISTINCT json_extract(p.value, '$[0]') FROM json_each(:pairs) p
        JOIN entities e ON e.id = json_extract(p.value, '$[1]')
        WHERE e.label IN (SELECT value FROM json_each(:labels)) AND EXISTS (
            SELECT 1 FROM mentions m WHERE m.entity_id = e.id AND m.status IN ('linked', 'unlinked', 'rejected')
            AND m.document_id = json_extract(p.value, '$[0]') AND m.source = 'name-match')
        UNION SELECT document_id FROM mentions
        WHERE entity_id IN (SELECT value FROM json_each(:relabelled)) AND source = 'name-match'
        """, {"pairs": json.dumps(sorted(pairs)), "labels": _json(SHORT_FORM_LABELS), "relabelled": _json(relabelled)})
    return {row[0] for row in rows}


def move_name_matches(db: sqlite_utils.Database, owners: dict[str, tuple[int, str]]) -> tuple[set[int], set[int]]:
    """Point these keys' name matches at the entity that owns the key now: key -> (entity id, its label).
    Returns the entities they pointed at or point at now, and their documents."""
    db.execute("DROP TABLE IF EXISTS temp.key_owners")
    db.execute("CREATE TEMP TABLE key_owners (key TEXT PRIMARY KEY, entity_id INTEGER, label TEXT)")
    db.executemany("INSERT INTO temp.key_owners VALUES (?, ?, ?)",
                   ((key, entity_id, label) for key, (entity_id, label) in owners.items()))
    moved = db.execute(
        "SELECT m.id, m.entity_id, o.entity_id, m.document_id, o.label FROM mentions m"
        " JOIN temp.key_owners o ON m.key = o.key WHERE m.source = 'name-match'"
        " AND (m.entity_id IS NOT o.entity_id OR m.label IS NOT o.label)").fetchall()
    db.executemany("UPDATE mentions SET entity_id = ?, label = ? WHERE id = ?", ((r[2], r[4], r[0]) for r in moved))
    db.execute("DROP TABLE temp.key_owners")
    return {i for row in moved for i in row[1:3] if i is not None}, {row[3] for row in moved}


def forget_unused_entities(db: sqlite_utils.Database, entity_ids: Iterable[int] | None) -> set[int]:
    """Remove those of these entities (any, when None) that no mention points at any more."""
    scope = "" if entity_ids is None else " AND id IN (SELECT value FROM json_each(?))"
    gone = {row[0] for row in db.execute(
        "SELECT id FROM entities WHERE NOT EXISTS (SELECT 1 FROM mentions m WHERE m.entity_id = entities.id)"
        + scope, [] if entity_ids is None else [_json(entity_ids)])}
    db.execute("DELETE FROM entities WHERE id IN (SELECT value FROM json_each(?))", [_json(gone)])
    return gone


# ---- words the library writes in lower case ------------------------------------------------------

def add_common_words(db: sqlite_utils.Database, words: Iterable[str]) -> set[str]:
    """Remember these (folded) words as written in lower case; returns those new to the library."""
    words = set(words)
    new = words - common_among(db, words)
    db.executemany("INSERT INTO common_words (word) VALUES (?)", ((w,) for w in sorted(new)))
    return new


def documents_with_certain_matches(db: sqlite_utils.Database, keys: Iterable[str]) -> set[int]:
    """The documents holding a name match of one of these keys linked without review (certain)."""
    rows = db.execute("SELECT DISTINCT document_id FROM mentions INDEXED BY mentions_key"
                      " WHERE key IN (SELECT value FROM json_each(?)) AND source = 'name-match' AND automatic = 1",
                      [_json(keys)])
    return {row[0] for row in rows}


def common_among(db: sqlite_utils.Database, words: Iterable[str]) -> set[str]:
    """Which of these (folded) words the library writes in lower case somewhere."""
    rows = db.execute("SELECT word FROM common_words WHERE word IN (SELECT value FROM json_each(?))",
                      [_json(words)]).fetchall()
    return {row[0] for row in rows}


def documents_with_phrases(db: sqlite_utils.Database, phrases: Iterable[str], leave_out: Iterable[int],
                           exactly: bool = False) -> set[int]:
    """Documents whose text holds one of these phrases (full-text index: case and diacritics folded);
    `exactly`: as written, letter for letter."""
    found: set[int] = set()
    leave_out = set(leave_out)
    originals = set(phrases)
    phrases = sorted({" ".join(p.split()) for p in originals if p.split()})
    for start in range(0, len(phrases), 200):  # OR-ed in batches: one query per batch
        batch = phrases[start:start + 200]
        query = " OR ".join('"' + p.replace('"', '""') + '"' for p in batch)
        rows = db.execute("SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?", [f"text : ({query})"])
        if exactly:
            written = sorted({p for p in originals if " ".join(p.split()) in batch})
            rows = db.execute("SELECT id FROM documents WHERE id IN (SELECT value FROM json_each(?)) AND EXISTS"
                              " (SELECT 1 FROM json_each(?) p WHERE instr(documents.text, p.value) > 0)",
                              [_json(row[0] for row in rows), json.dumps(written)])
        found |= {row[0] for row in rows} - leave_out
    return found


def documents_with_name_matches(db: sqlite_utils.Database, keys: Iterable[str]) -> set[int]:
    """The documents holding a name match of one of these keys."""
    rows = db.execute("SELECT DISTINCT document_id FROM mentions INDEXED BY mentions_key"
                      " WHERE key IN (SELECT value FROM json_each(?)) AND source = 'name-match'", [_json(keys)])
    return {row[0] for row in rows}
