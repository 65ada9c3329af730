"""SQL for mentions, entities, aliases and the user's entity rules."""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

import sqlite_utils

from reader.models import Entity, Mention
from reader.storage.documents import refresh_document_counts

_ENTITY_COLUMNS = "id, name, label, key, mentions, documents"
_MENTION_COLUMNS = ("m.id, m.document_id, m.start, m.end, m.text, m.label, m.entity_id, m.source, m.status,"
                    " m.automatic = 1")
_MENTION_FIELDS = 10


def _mention(row: tuple) -> Mention:
    return Mention(*row[:_MENTION_FIELDS - 1], bool(row[_MENTION_FIELDS - 1]))
CONTEXT_WINDOW = 400  # characters either side fetched to find a mention's sentence


@dataclass(frozen=True)
class NewMention:
    start: int
    end: int
    text: str
    label: str
    key: str
    source: str = "model"
    status: str = "linked"


@dataclass(frozen=True)
class MentionRow:
    """A mention joined with its entity and document, plus a text window around it."""

    mention: Mention
    entity_name: str
    entity_label: str
    document_title: str
    document_path: str
    window: str
    window_start: int


@dataclass(frozen=True)
class StoredRule:
    id: int
    batch: int  # the correction it belongs to: one user action, undone as a whole
    kind: str
    key: str
    value: str | None
    description: str
    created: str


def replace_model_mentions(
    db: sqlite_utils.Database, document_id: int, mentions: Iterable[NewMention],
    aliases: Iterable[tuple[str, str]], analysed_with: str,
) -> None:
    """A document's fresh analysis: its mentions linked by key for now (relinking refines)."""
    mentions = list(mentions)
    if db.execute("SELECT analysed_with IS NOT NULL FROM documents WHERE id = ?", [document_id]).fetchone()[0]:
        # analysed again (all of the library, or a new model): its names were known elsewhere, and are
        # looked for again in every document once the library is linked
        db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('name_matching_stale', '1')")
    db.execute("DELETE FROM mentions WHERE document_id = ? AND source != 'user'", [document_id])
    db.execute("DELETE FROM aliases WHERE document_id = ?", [document_id])
    # One entity per key: new keys get a provisional entity, in a few statements per document.
    db.executemany("INSERT OR IGNORE INTO entities (key, name, label) VALUES (?, ?, ?)",
                        {m.key: (m.key, m.text, m.label) for m in mentions}.values())
    db.executemany(
        "INSERT INTO mentions (document_id, start, end, text, label, key, entity_id, source, status)"
        " VALUES (?, ?, ?, ?, ?, ?, (SELECT id FROM entities WHERE key = ?), ?, ?)",
        ((document_id, m.start, m.end, m.text, m.label, m.key, m.key, m.source, m.status) for m in mentions),
    )
    db.executemany("INSERT INTO aliases (document_id, long, short) VALUES (?, ?, ?)",
                        ((document_id, long, short) for long, short in aliases))
    db.execute("UPDATE documents SET analysed_with = ? WHERE id = ?", [analysed_with, document_id])
    refresh_document_counts(db, [document_id])
    db.execute("INSERT OR IGNORE INTO unlinked_documents VALUES (?)", [document_id])
    mark_unmatched(db, document_id)


def occurrences(db: sqlite_utils.Database) -> list[tuple[int, str, str, int]]:
    """(document_id, surface, label, count) over the mentions that take part in linking."""
    return db.execute(
        "SELECT document_id, text, label, COUNT(*) FROM mentions"
        " WHERE source IN ('model', 'user') GROUP BY document_id, text, label"
    ).fetchall()


def all_aliases(db: sqlite_utils.Database) -> list[tuple[int, str, str]]:
    return db.execute("SELECT document_id, long, short FROM aliases").fetchall()


def refresh_entity_counts(db: sqlite_utils.Database, ids: Iterable[int] | None = None) -> None:
    """Recount entities' linked mentions and documents (all of them, or these)."""
    where = "" if ids is None else " WHERE id IN (SELECT value FROM json_each(?))"
    db.execute(
        """
        UPDATE entities SET
          mentions = COALESCE((SELECT COUNT(*) FROM mentions m
                               WHERE m.entity_id = entities.id AND m.status = 'linked'), 0),
          documents = COALESCE((SELECT COUNT(DISTINCT m.document_id) FROM mentions m
                                WHERE m.entity_id = entities.id AND m.status = 'linked'), 0)
        """ + where,
        [] if ids is None else [json.dumps(sorted(set(ids)))],
    )


def mark_linking_stale(db: sqlite_utils.Database) -> None:
    """Relink and look for names across the whole library next time (flags kept until they finish)."""
    db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('linking_stale', '1')")
    db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('name_matching_stale', '1')")


def mark_linking_done(db: sqlite_utils.Database, document_ids: Iterable[int] | None = None) -> None:
    """These documents' analyses are linked (all of them, the whole library, by default)."""
    if document_ids is None:
        db.execute("DELETE FROM meta WHERE key = 'linking_stale'")
        db.execute("DELETE FROM unlinked_documents")
    else:
        db.execute("DELETE FROM unlinked_documents WHERE document_id IN (SELECT value FROM json_each(?))",
                   [json.dumps(sorted(set(document_ids)))])


def needs_linking(db: sqlite_utils.Database) -> bool:
    """True when analyses are not linked yet (e.g. an import was killed): see unlinked()."""
    return bool(db.execute("SELECT EXISTS (SELECT 1 FROM meta WHERE key = 'linking_stale')"
                           " OR EXISTS (SELECT 1 FROM unlinked_documents)").fetchone()[0])


def unlinked(db: sqlite_utils.Database) -> list[int] | None:
    """The documents whose analysis is not linked yet; None when the whole library must be relinked."""
    if db.execute("SELECT 1 FROM meta WHERE key = 'linking_stale'").fetchone() is not None:
        return None
    return [row[0] for row in db.execute("SELECT document_id FROM unlinked_documents ORDER BY document_id")]


def mark_name_matching_done(db: sqlite_utils.Database, document_ids: Iterable[int] | None = None) -> None:
    if document_ids is None:
        db.execute("DELETE FROM meta WHERE key = 'name_matching_stale'")
        db.execute("DELETE FROM unmatched_documents")
    else:
        db.execute("DELETE FROM unmatched_documents WHERE document_id IN (SELECT value FROM json_each(?))",
                   [json.dumps(sorted(set(document_ids)))])


def mark_unmatched(db: sqlite_utils.Database, document_id: int) -> None:
    """Names are to be looked for in this document (its text or analysis is new)."""
    db.execute("INSERT OR IGNORE INTO unmatched_documents VALUES (?)", [document_id])


def needs_name_matching(db: sqlite_utils.Database) -> bool:
    """True when names were not looked for in some analysed documents yet: see unmatched()."""
    return bool(db.execute("SELECT EXISTS (SELECT 1 FROM meta WHERE key = 'name_matching_stale')"
                           " OR EXISTS (SELECT 1 FROM unmatched_documents)").fetchone()[0])


def unmatched(db: sqlite_utils.Database) -> list[int] | None:
    """The documents where names were not looked for yet; None when the whole library needs it."""
    if db.execute("SELECT 1 FROM meta WHERE key = 'name_matching_stale'").fetchone() is not None:
        return None
    return [row[0] for row in db.execute("SELECT document_id FROM unmatched_documents ORDER BY document_id")]


def list_entities(db: sqlite_utils.Database, label: str | None = None,
                  excluded: Iterable[str] = ()) -> list[Entity]:
    """Entities with mentions, most mentioned first: of one label, or of any label not `excluded`."""
    sql = f"SELECT {_ENTITY_COLUMNS} FROM entities WHERE mentions > 0"
    params: list = []
    if label:
        sql += " AND label = ?"
        params.append(label.upper())
    elif excluded := sorted(excluded):
        sql += f" AND label NOT IN ({','.join('?' for _ in excluded)})"
        params += excluded
    sql += " ORDER BY mentions DESC, name COLLATE NOCASE"
    return [Entity(*row) for row in db.execute(sql, params).fetchall()]


def get_entity(db: sqlite_utils.Database, entity_id: int) -> Entity | None:
    row = db.execute(f"SELECT {_ENTITY_COLUMNS} FROM entities WHERE id = ?", [entity_id]).fetchone()
    return Entity(*row) if row else None


def get_entities(db: sqlite_utils.Database, ids: Iterable[int]) -> list[Entity]:
    rows = db.execute(f"SELECT {_ENTITY_COLUMNS} FROM entities WHERE id IN (SELECT value FROM json_each(?))",
                      [json.dumps(sorted(set(ids)))]).fetchall()
    return [Entity(*row) for row in rows]


def entities_named(db: sqlite_utils.Database, name: str, key: str) -> list[Entity]:
    """Entities whose display name is `name` (any case), else whose mentions have this key."""
    rows = db.execute(
        f"SELECT {_ENTITY_COLUMNS} FROM entities WHERE name = ? COLLATE NOCASE AND mentions > 0",
        [name],
    ).fetchall()
    if not rows:
        rows = db.execute(
            f"SELECT {_ENTITY_COLUMNS} FROM entities WHERE key = ? AND mentions > 0", [key]
        ).fetchall()
    if not rows:
        rows = db.execute(
            f"SELECT {_ENTITY_COLUMNS} FROM entities WHERE id IN"
            " (SELECT DISTINCT entity_id FROM mentions WHERE key = ? AND status = 'linked')"
            " ORDER BY mentions DESC",
            [key],
        ).fetchall()
    return [Entity(*row) for row in rows]


def entity_keys(db: sqlite_utils.Database, entity_id: int) -> list[str]:
    """The distinct mention keys (surfaces, normalised) linked to an entity."""
    rows = db.execute(
        "SELECT key, COUNT(*) c FROM mentions WHERE entity_id = ? GROUP BY key ORDER BY c DESC",
        [entity_id],
    ).fetchall()
    return [row[0] for row in rows]


def entity_surfaces(db: sqlite_utils.Database, entity_id: int) -> list[tuple[str, int]]:
    return db.execute(
        "SELECT text, COUNT(*) c FROM mentions WHERE entity_id = ? AND status = 'linked'"
        " GROUP BY text ORDER BY c DESC, text",
        [entity_id],
    ).fetchall()


def document_mentions(db: sqlite_utils.Database, document_id: int) -> list[tuple[Mention, str, str]]:
    """The linked mentions of a document in text order, with their entity's name and label."""
    rows = db.execute(
        f"SELECT {_MENTION_COLUMNS}, e.name, e.label FROM mentions m JOIN entities e ON e.id = m.entity_id"
        " WHERE m.document_id = ? AND m.status = 'linked' ORDER BY m.start",
        [document_id],
    ).fetchall()
    return [(_mention(row), *row[_MENTION_FIELDS:]) for row in rows]


def mention_rows(
    db: sqlite_utils.Database, entity_id: int | None = None, document_id: int | None = None,
    status: str = "linked", offset: int = 0, limit: int | None = None,
) -> list[MentionRow]:
    where, params = ["m.status = ?"], [status]
    if entity_id is not None:
        where.append("m.entity_id = ?")
        params.append(entity_id)
    if document_id is not None:
        where.append("m.document_id = ?")
        params.append(document_id)
    rows = db.execute(
        f"""
        SELECT {_MENTION_COLUMNS}, e.name, e.label, d.title, d.path,
               substr(d.text, max(0, m.start - {CONTEXT_WINDOW}) + 1,
                      m.end + {CONTEXT_WINDOW} - max(0, m.start - {CONTEXT_WINDOW})),
               max(0, m.start - {CONTEXT_WINDOW})
        FROM mentions m JOIN entities e ON e.id = m.entity_id JOIN documents d ON d.id = m.document_id
        WHERE {' AND '.join(where)}
        ORDER BY m.document_id, m.start
        LIMIT ? OFFSET ?
        """,
        [*params, -1 if limit is None else limit, offset],
    ).fetchall()
    return [MentionRow(_mention(row), *row[_MENTION_FIELDS:]) for row in rows]


def add_rules(db: sqlite_utils.Database, rules: Iterable[tuple[str, str, str | None]],
              description: str, now: str) -> int:
    """Store one correction (one or more rules) and return its batch number."""
    batch = (db.execute("SELECT COALESCE(MAX(batch), 0) + 1 FROM entity_rules").fetchone()[0])
    for kind, key, value in rules:
        db.execute(
            "INSERT INTO entity_rules (batch, kind, key, value, description, created) VALUES (?, ?, ?, ?, ?, ?)",
            [batch, kind, key, value, description, now],
        )
    return batch


def list_rules(db: sqlite_utils.Database) -> list[StoredRule]:
    rows = db.execute(
        "SELECT id, batch, kind, key, value, description, created FROM entity_rules ORDER BY id"
    ).fetchall()
    return [StoredRule(*row) for row in rows]


def delete_batch(db: sqlite_utils.Database, batch: int) -> bool:
    return db.execute("DELETE FROM entity_rules WHERE batch = ?", [batch]).rowcount > 0


# ---- name matches: mentions the model missed ----------------------------------

def entity_names(db: sqlite_utils.Database, numeric: Iterable[str],
                 keys: Iterable[str] | None = None) -> list[tuple[str, str, int, str]]:
    """(surface, key, entity_id, label) of linked model mentions (of these keys, or all), for finding the
    names elsewhere. A document whose analysis is not linked yet is left out: its mentions are linked by
    their own key for now ("CSTO" apart from the organisation it stands for), not as linking will have it."""
    scope = "" if keys is None else (
        " AND m.id IN (SELECT id FROM mentions INDEXED BY mentions_key WHERE key IN (SELECT value FROM json_each(:keys)))")
    return db.execute(
        "SELECT DISTINCT m.text, m.key, m.entity_id, e.label FROM mentions m JOIN entities e ON e.id = m.entity_id"
        " WHERE m.status = 'linked' AND m.source IN ('model', 'user')"
        " AND e.label NOT IN (SELECT value FROM json_each(:numeric))"
        " AND m.document_id NOT IN (SELECT document_id FROM unlinked_documents)" + scope,
        {"numeric": json.dumps(sorted(numeric)), "keys": json.dumps(sorted(set(keys or ())))},
    ).fetchall()


def document_entities(db: sqlite_utils.Database, document_id: int) -> set[int]:
    """The entities that a document's mentions point at."""
    rows = db.execute("SELECT DISTINCT entity_id FROM mentions WHERE document_id = ? AND entity_id IS NOT NULL",
                      [document_id])
    return {row[0] for row in rows}


def name_match_entities(db: sqlite_utils.Database, document_ids: Iterable[int]) -> set[int]:
    """The entities the name matches of these documents point at."""
    rows = db.execute("SELECT DISTINCT entity_id FROM mentions WHERE document_id IN (SELECT value FROM json_each(?))"
                      " AND source = 'name-match' AND entity_id IS NOT NULL",
                      [json.dumps(sorted(set(document_ids)))]).fetchall()
    return {row[0] for row in rows}


def taken_spans(db: sqlite_utils.Database, document_id: int) -> list[tuple[int, int]]:
    """Spans of model and user mentions (linked or ignored): name matches may not overlap them."""
    return db.execute(
        "SELECT start, end FROM mentions WHERE document_id = ? AND source IN ('model', 'user') ORDER BY start",
        [document_id],
    ).fetchall()


def all_document_ids(db: sqlite_utils.Database) -> list[int]:
    return [row[0] for row in db.execute("SELECT id FROM documents WHERE analysed_with IS NOT NULL ORDER BY id")]


def replace_name_matches(db: sqlite_utils.Database, document_id: int,
                         matches: Iterable[tuple[int, int, str, str, str, int, bool]]) -> None:
    """A document's name matches: (start, end, text, label, key, entity_id, certain); reviews re-applied.

    A certain match is linked (automatic) unless the reader rejected it; others wait for review.
    """
    db.execute("DELETE FROM mentions WHERE document_id = ? AND source = 'name-match'", [document_id])
    for start, end, text, label, key, entity_id, certain in matches:
        verdict = db.execute(
            "SELECT verdict FROM mention_reviews WHERE document_id = ? AND start = ? AND end = ? AND key = ?",
            [document_id, start, end, key],
        ).fetchone()
        verdict = verdict[0] if verdict else None
        status = {"accepted": "linked", "rejected": "rejected"}.get(verdict or "", "linked" if certain else "unlinked")
        db.execute(
            "INSERT INTO mentions (document_id, start, end, text, label, key, entity_id, source, status, automatic)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, 'name-match', ?, ?)",
            [document_id, start, end, text, label, key, entity_id, status, int(certain and verdict is None)],
        )


def review_mention(db: sqlite_utils.Database, mention_id: int, verdict: str) -> Mention | None:
    """Accept or reject a name match; the verdict is kept for re-analysis."""
    row = db.execute(f"SELECT {_MENTION_COLUMNS}, m.key FROM mentions m WHERE m.id = ? AND m.source = 'name-match'",
                     [mention_id]).fetchone()
    if row is None:
        return None
    mention, key = _mention(row), row[_MENTION_FIELDS]
    db.execute("INSERT OR REPLACE INTO mention_reviews (document_id, start, end, key, verdict) VALUES (?, ?, ?, ?, ?)",
               [mention.document_id, mention.start, mention.end, key, verdict])
    status = {"accepted": "linked", "rejected": "rejected", "pending": "unlinked"}[verdict]
    db.execute("UPDATE mentions SET status = ?, automatic = 0 WHERE id = ?", [status, mention_id])
    if verdict == "pending":
        db.execute("DELETE FROM mention_reviews WHERE document_id = ? AND start = ? AND end = ? AND key = ?",
                   [mention.document_id, mention.start, mention.end, key])
    refresh_entity_counts(db, [mention.entity_id] if mention.entity_id is not None else [])
    refresh_document_counts(db, [mention.document_id])
    return mention
