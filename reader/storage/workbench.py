"""SQL for the entity workbench: entities to compare, the rules that rule pairs out, shared documents, evidence."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import sqlite_utils

from reader.models import Entity
from reader.storage.entities import _ENTITY_COLUMNS, MentionRow, mention_rows


def comparable_entities(db: sqlite_utils.Database, numeric: Iterable[str]) -> list[Entity]:
    """Every entity with linked mentions, values (dates, numbers) left out."""
    numeric = list(numeric)
    marks = ",".join("?" for _ in numeric)
    rows = db.execute(
        f"SELECT {_ENTITY_COLUMNS} FROM entities WHERE mentions > 0 AND label NOT IN ({marks})", numeric
    ).fetchall()
    return [Entity(*row) for row in rows]


def entities_with_keys(db: sqlite_utils.Database, keys: Iterable[str]) -> dict[str, set[int]]:
    """key -> ids of the entities that key belongs to now (its own entity, or the one its mentions joined)."""
    keys = sorted(set(keys))
    found: dict[str, set[int]] = defaultdict(set)
    for start in range(0, len(keys), 500):
        chunk = keys[start:start + 500]
        marks = ",".join("?" for _ in chunk)
        rows = db.execute(
            f"SELECT key, id FROM entities WHERE key IN ({marks}) AND mentions > 0"
            f" UNION SELECT DISTINCT key, entity_id FROM mentions"
            f" WHERE key IN ({marks}) AND status = 'linked' AND entity_id IS NOT NULL",
            chunk + chunk,
        ).fetchall()
        for key, entity_id in rows:
            found[key].add(entity_id)
    return found


def shared_documents(db: sqlite_utils.Database, a: int, b: int) -> tuple[int, int | None]:
    """(how many documents mention both entities, the first of them)."""
    row = db.execute(
        "SELECT COUNT(*), MIN(document_id) FROM ("
        " SELECT document_id FROM mentions WHERE entity_id = ? AND status = 'linked'"
        " INTERSECT SELECT document_id FROM mentions WHERE entity_id = ? AND status = 'linked')",
        [a, b],
    ).fetchone()
    return row[0], row[1]


def first_mention(db: sqlite_utils.Database, entity_id: int, document_id: int | None = None) -> MentionRow | None:
    """An entity's first linked mention (in `document_id` if given), with a text window around it."""
    rows = mention_rows(db, entity_id, document_id, limit=1)
    return rows[0] if rows else None
