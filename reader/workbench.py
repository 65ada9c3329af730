"""Merge suggestions for a library: its entities and rules in, suggestions with their evidence out."""
from __future__ import annotations

from itertools import product
from typing import TYPE_CHECKING

from reader.labels import VALUE_LABELS
from reader.models import MentionInContext
from reader.storage import workbench as stored
from reader.storage.entities import MentionRow, list_rules
from reader.suggestions import Suggestion, propose
from reader.text import context_of

if TYPE_CHECKING:
    from reader.library import Library


def suggest(library: Library, limit: int | None = 50) -> list[Suggestion]:
    """The `limit` most confident merge suggestions (None: all), each with shared documents and evidence.

    Pairs the user said are distinct, names the user split out, values, and a place with its
    people are never suggested; entities already merged are one entity and cannot be.
    """
    db = library.db
    entities = stored.comparable_entities(db, VALUE_LABELS)
    rules = list_rules(db)
    owners = stored.entities_with_keys(
        db, [r.key for r in rules if r.kind in ("distinct", "split")] + [r.value for r in rules if r.kind == "distinct"
                                                                         and r.value])
    distinct = [
        (a, b) for r in rules if r.kind == "distinct" and r.value
        for a, b in product(owners.get(r.key, ()), owners.get(r.value, ()))
    ]
    frozen = {entity_id for r in rules if r.kind == "split" for entity_id in owners.get(r.key, ())}
    proposals = propose(entities, distinct, frozen)
    if limit is not None:
        proposals = proposals[:max(0, limit)]
    by_id = {e.id: e for e in entities}
    out = []
    for p in proposals:
        shared, first_shared = stored.shared_documents(db, p.source_id, p.target_id)
        evidence = (
            _in_context(stored.first_mention(db, p.source_id, first_shared)),
            _in_context(stored.first_mention(db, p.target_id, first_shared)),
        )
        out.append(Suggestion(by_id[p.source_id], by_id[p.target_id], p.rule, p.reason, p.confidence, shared,
                              evidence))
    return out


def _in_context(row: MentionRow | None) -> MentionInContext | None:
    if row is None:
        return None
    m = row.mention
    context, start, end = context_of(row.window, m.start, m.end, row.window_start)
    return MentionInContext(m, row.entity_name, row.entity_label, row.document_title, row.document_path,
                            context, start, end)
