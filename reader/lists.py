"""The lists a window shows a page at a time, over queries: documents, an entity's documents, entities."""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from reader.labels import NAMED_LABELS
from reader.models import DocumentInfo, EntityRow, MentionGroup, MentionInContext
from reader.storage import lists as stored

if TYPE_CHECKING:
    from reader.library import Library

DOCUMENT_ORDERS = tuple(stored.DOCUMENT_ORDERS)
GROUP_ORDERS = tuple(stored.GROUP_ORDERS)
ENTITY_ORDERS = tuple(stored.ENTITY_ORDERS)


class Lists:
    """Pages of the library's lists, sorted and filtered in SQL (nothing lists a million rows up front)."""

    def __init__(self, library: Library) -> None:
        self.library = library

    @property
    def db(self):
        return self.library.db

    # ---- documents ----

    def documents(self, order: str = "title", words: Sequence[str] = (), offset: int = 0,
                  limit: int = 200, unread: bool = False) -> list[DocumentInfo]:
        """A page of documents whose title, path or date contains every word (with `unread`, of those
        the reader has not opened)."""
        return stored.document_page(self.db, order, [w.casefold() for w in words], offset, limit, unread)

    def document_total(self, words: Sequence[str] = (), unread: bool = False) -> int:
        return stored.document_total(self.db, [w.casefold() for w in words], unread)

    def document_positions(self, order: str, words: Sequence[str], ids: Sequence[int],
                           unread: bool = False) -> list[tuple[int, DocumentInfo]]:
        """(position in the list, document) for those of `ids` that the filter keeps."""
        return stored.document_positions(self.db, order, [w.casefold() for w in words], ids, unread)

    def document_infos(self, ids: Sequence[int]) -> list[DocumentInfo]:
        return stored.document_infos(self.db, ids)

    # ---- an entity's mentions, by document ----

    def mention_groups(self, entity_id: int, status: str = "linked", order: str = "document",
                       current_document: int | None = None, words: Sequence[str] = (), offset: int = 0,
                       limit: int = -1) -> list[MentionGroup]:
        """A page of the documents that mention an entity, the current one first (then by `order`)."""
        return stored.mention_groups(self.db, entity_id, status, order, current_document,
                                     [w.casefold() for w in words], offset, limit)

    def mention_group_total(self, entity_id: int, status: str = "linked", words: Sequence[str] = ()) -> int:
        return stored.mention_group_total(self.db, entity_id, status, [w.casefold() for w in words])

    def read_group_total(self, entity_id: int) -> int:
        """How many of the documents that mention an entity the reader has opened."""
        return stored.read_group_total(self.db, entity_id)

    def group_mentions(self, entity_id: int, document_id: int, status: str = "linked", offset: int = 0,
                       limit: int = 50) -> list[MentionInContext]:
        """A page of an entity's mentions in one document, in text order, each with its sentence."""
        return self.library.mentions(entity_id, document_id, status, offset=offset, limit=limit)

    # ---- the entity table ----

    def entities(self, order: str = "mentions", descending: bool = True,
                 words: Sequence[tuple[str, Sequence[str]]] = (), labels: Sequence[str] | None = None,
                 offset: int = 0, limit: int = 200, min_documents: int = 1,
                 ids: Sequence[int] | None = None, stories: bool = False) -> list[EntityRow]:
        """A page of the entity table (names only unless `labels` asks for values); `words` pair each
        typed word with the types it names; `min_documents`: only entities in at least that many
        documents; `ids`: only these entities (those a review filter picked, such as the suspicious);
        `stories` counts each story once (its near-duplicates as one document, with the mentions of
        the one that mentions the entity most)."""
        return stored.entity_page(self.db, order, descending, words, _named(labels), offset, limit,
                                  min_documents, ids, stories)

    def entity_total(self, words: Sequence[tuple[str, Sequence[str]]] = (),
                     labels: Sequence[str] | None = None, min_documents: int = 1,
                     ids: Sequence[int] | None = None, stories: bool = False) -> int:
        return stored.entity_total(self.db, words, _named(labels), min_documents, ids, stories)


def _named(labels: Sequence[str] | None) -> Sequence[str]:
    """The types asked for; by default every type that is a name (numbers and dates are no entities)."""
    return list(NAMED_LABELS) if labels is None else labels
