"""What an operation changed in a library: a plain value each window panel reads to refresh only that."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Change:
    """Documents added or updated, entities affected, notes touched.

    `entities` is None when any entity may have changed (a full relink, another process's work);
    `everything` when the extent is unknown altogether (show the library afresh).
    """

    documents_added: frozenset[int] = field(default_factory=frozenset)
    documents_updated: frozenset[int] = field(default_factory=frozenset)  # text, analysis, title or date
    entities: frozenset[int] | None = field(default_factory=frozenset)
    notes: frozenset[int] = field(default_factory=frozenset)
    rules: bool = False  # corrections were added or removed
    everything: bool = False
    reviewed: frozenset[int] = field(default_factory=frozenset)  # name matches given a verdict (mention ids)

    @classmethod
    def of(cls, *, added: Iterable[int] = (), updated: Iterable[int] = (),
           entities: Iterable[int] | None = (), notes: Iterable[int] = (), rules: bool = False,
           everything: bool = False, reviewed: Iterable[int] = ()) -> Change:
        return cls(frozenset(added), frozenset(updated), None if entities is None else frozenset(entities),
                   frozenset(notes), rules, everything, frozenset(reviewed))

    def __or__(self, other: Change) -> Change:
        entities = None if self.entities is None or other.entities is None else self.entities | other.entities
        return Change(self.documents_added | other.documents_added,
                      (self.documents_updated | other.documents_updated) - (self.documents_added
                                                                               | other.documents_added),
                      entities, self.notes | other.notes, self.rules or other.rules,
                      self.everything or other.everything, self.reviewed | other.reviewed)

    @property
    def documents(self) -> frozenset[int]:
        return self.documents_added | self.documents_updated

    def touches_entity(self, entity_id: int | None) -> bool:
        if entity_id is None:
            return False
        return self.everything or self.entities is None or entity_id in self.entities

    def touches_document(self, document_id: int | None) -> bool:
        return document_id is not None and (self.everything or document_id in self.documents)

    def __bool__(self) -> bool:
        return bool(self.everything or self.documents_added or self.documents_updated or self.notes
                    or self.rules or self.entities is None or self.entities)


EVERYTHING = Change(everything=True, entities=None)
