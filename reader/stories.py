"""Stories over a library: near-duplicate documents grouped as they are imported, and listed."""
from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from reader.errors import Cancelled
from reader.models import NearDuplicate
from reader.storage import stories as stored

if TYPE_CHECKING:
    from reader.library import Library

BATCH = 100  # documents fingerprinted and stored per transaction

Progress = Callable[[int, int, str], None]


class Stories:
    """Which documents tell the same story (wire copy in several outlets, with small edits)."""

    def __init__(self, library: Library) -> None:
        self.library = library

    def update(self, progress: Progress = lambda done, total, message: None,
               cancelled: Callable[[], bool] = lambda: False) -> int:
        """Group the documents that have no signature of their present text yet; returns how many
        of them joined a story with other documents.

        Only new and changed documents are read: each is compared with the candidates its LSH
        band keys find among the stored signatures, never with the whole library. A changed
        document first leaves its story (which splits if it held it together).
        """
        db = self.library.db
        from reader import near_duplicates as nd  # numpy and datasketch only when there is work

        stored.keep_only(db, nd.SIGNATURE_ID)
        pending = stored.pending_documents(db)
        grouped = 0
        for first in range(0, len(pending), BATCH):
            if cancelled():
                raise Cancelled(f"grouping near-duplicates cancelled after {first} of {len(pending)} documents")
            progress(first, len(pending), "Finding near-duplicates")
            rows = stored.texts(db, pending[first:first + BATCH])
            with db.write():
                for (document_id, content_hash, _), found in zip(rows, nd.fingerprints(r[2] for r in rows)):
                    self._leave_story(document_id)
                    grouped += self._join_story(document_id, content_hash, found)
        if pending:
            progress(len(pending), len(pending), "Finding near-duplicates")
        return grouped

    def pending(self) -> int:
        """How many documents `update` would read (new or changed since they were grouped; all of
        them the first time a library made before near-duplicates is opened)."""
        return len(stored.pending_documents(self.library.db))

    def near_duplicates(self, document_id: int) -> list[NearDuplicate]:
        """The other documents of this document's story, by date, each with its source and similarity."""
        from reader import near_duplicates as nd

        out = []
        for other_id, title, path, published, meta, theirs, mine in stored.others_in_story(self.library.db, document_id):
            out.append(NearDuplicate(other_id, title, path, published, source_of(json.loads(meta) if meta else {}),
                                     round(nd.similarity(mine, theirs), 3)))
        return out

    def grouped_with(self, document_ids: Sequence[int] | None = None) -> list[int]:
        """The documents whose "also in" these documents' grouping may have changed: every document
        of a story with several documents that holds one of `document_ids` (all such documents when
        None), by id."""
        return stored.grouped_with(self.library.db, document_ids)

    def story_of(self, document_id: int) -> int | None:
        """The story a document belongs to (its own id when it has no near-duplicate); None until grouped."""
        return stored.story_of(self.library.db, document_id)

    # ---- grouping ----------------------------------------------------------------------------

    def _join_story(self, document_id: int, content_hash: str, found) -> int:
        """Store a document's fingerprint in the story of the most similar story's first document
        (when at least THRESHOLD alike), else as a story of its own. Returns 1 if it joined one.

        Comparing with a story's first document, not with any member, keeps stories from
        chaining: every document of a story is a near-duplicate of its first one.
        """
        db = self.library.db
        story = _best_story(found.signature, stored.founders(db, found.bands) if found.bands else [])
        stored.insert(db, document_id, content_hash, found.signature, found.shingles, found.bands,
                      story if story is not None else document_id)
        return 0 if story is None else 1

    def _leave_story(self, document_id: int) -> None:
        """Take a document (its text changed) out of its story; the rest regroup among themselves."""
        db = self.library.db
        story = stored.story_of(db, document_id)
        if story is None:
            return
        stored.remove(db, document_id)
        if story == document_id:  # it was the first: the others regroup, in the order they came
            for part in _regroup(stored.signatures_in(db, story)):
                stored.set_story(db, part, part[0])


def _best_story(signature: bytes, founders: Sequence[tuple[int, bytes]]) -> int | None:
    """The story whose first document is most like `signature`, if alike enough (ties: the oldest)."""
    from reader import near_duplicates as nd

    scores = nd.similarities(signature, [s for _, s in founders])
    best = max(range(len(founders)), key=lambda i: (scores[i], -founders[i][0]), default=None)
    return founders[best][0] if best is not None and scores[best] >= nd.THRESHOLD else None


def _regroup(members: Sequence[tuple[int, bytes]]) -> list[list[int]]:
    """Documents (by id) grouped as import does: each joins the most alike earlier first document."""
    founders: list[tuple[int, bytes]] = []
    parts: dict[int, list[int]] = {}
    for document_id, signature in members:
        story = _best_story(signature, founders)
        if story is None:
            founders.append((document_id, signature))
            story = document_id
        parts.setdefault(story, []).append(document_id)
    return list(parts.values())


def source_of(meta: Mapping[str, object]) -> str | None:
    """Where a document came from, as its file said: the outlet, the sender, or the link's site."""
    for key in ("source", "from"):
        value = meta.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    link = meta.get("link")
    if isinstance(link, str) and link:
        return urlparse(link).hostname or link
    return None
