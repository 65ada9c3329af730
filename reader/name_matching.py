"""Names the model missed: found in documents, and kept what a search of the whole library finds as
linking, analyses and the library's words change."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from reader.changes import Change
from reader.labels import VALUE_LABELS
from reader.recall import NameIndex, certain, lower_words, short_form_matches, words_to_check
from reader.storage import documents as stored_documents
from reader.storage import entities as stored_entities
from reader.storage import relinking as stored

if TYPE_CHECKING:
    from reader.library import Library

NameEntries = dict[str, tuple]  # key -> (its one entity or None, that entity's label, its surfaces)


class NameMatcher:
    """Finds known names where the model did not mark them, and looks again wherever a change makes
    the names found there differ: a name that now stands for one entity, or no longer does, or for
    another; a name now written otherwise; a document's own names linked otherwise; a word that the
    library now writes in lower case."""

    def __init__(self, library: Library) -> None:
        self.library = library

    @property
    def db(self):
        return self.library.db

    def find(self, documents: Iterable[int] | None = None) -> int:
        """Store known names the model did not mark as `name-match` mentions: the certain ones linked
        (automatic, rejectable), the others unlinked for review; in these documents, or in every one.
        Clutter is never searched. Returns how many were found."""
        found = 0
        with self.db.write():
            if stored.is_flagged(self.db, stored.WORDS_STALE):
                for _, text in stored_documents.document_texts(self.db, stored_entities.all_document_ids(self.db)):
                    stored.add_common_words(self.db, lower_words(text))
                stored.clear_flag(self.db, stored.WORDS_STALE)
            index = NameIndex(stored_entities.entity_names(self.db, VALUE_LABELS))
            targets = stored_entities.all_document_ids(self.db) if documents is None else sorted(set(documents))
            touched = stored_entities.name_match_entities(self.db, targets) if documents is not None else set()
            for document_id, text in stored_documents.document_texts(self.db, targets):
                found += self._match_document(index, document_id, text)
            if documents is not None:
                touched |= stored_entities.name_match_entities(self.db, targets)
            stored_entities.refresh_entity_counts(self.db, None if documents is None else touched)
            stored_documents.refresh_document_counts(self.db, None if documents is None else targets)
            stored_entities.mark_name_matching_done(self.db, None if documents is None else targets)
        return found

    # ---- following changes ---------------------------------------------------------------------

    def entries(self, keys: Iterable[str] | None) -> NameEntries:
        """What the names index knows of these keys (of all, when None): take it before a change, and
        give it to `follow` after."""
        return NameIndex(stored_entities.entity_names(self.db, VALUE_LABELS, keys)).entries()

    def follow(self, before: NameEntries, keys: Iterable[str] | None, documents: Iterable[int] = ()) -> Change:
        """After a change to the linking (or to analyses) of these keys, whose names index was `before`:
        where a key now stands for another entity, its name matches point there; where it became one
        entity's name, or no longer is, or is written otherwise, names are looked for again, and in
        these `documents` (where a surname written alone may follow its full name elsewhere).
        Documents whose names are not looked for yet wait for their turn, and everything does when
        the whole library will be searched. Returns the documents and entities whose name matches changed."""
        waiting = stored_entities.unmatched(self.db)
        searched = set(stored_entities.all_document_ids(self.db)) - set(waiting or ())  # analysed, names found
        if waiting is None or not searched:
            return Change()
        after = self.entries(keys)
        moves: dict[str, tuple[int, str]] = {}
        anywhere: set[str] = set()  # look for the key however written, and where it was found
        lost: set[str] = set()  # no longer one entity's name: it can only go, where it was found
        written: set[str] = set()  # look where these surfaces are written letter for letter
        for key in before.keys() | after.keys():
            old, new = before.get(key, (None, None, ())), after.get(key, (None, None, ()))
            if old == new:
                continue
            if old[0] is not None and new[0] is not None and old[2] == new[2]:
                moves[key] = new[:2]  # another entity's (or type's): the same spans, found for it
            elif old[:2] == new[:2]:
                written |= set(old[2]) ^ set(new[2])  # the same owner, written otherwise
            elif new[0] is None:
                lost.add(key)  # (a name shared by two entities, or gone, is never matched)
            else:
                anywhere.add(key)
                written |= set(old[2]) | set(new[2])
        again = set(documents)
        if anywhere:
            again |= stored.documents_with_phrases(self.db, anywhere | written, waiting)
        elif written:
            again |= stored.documents_with_phrases(self.db, written, waiting, exactly=True)
        if anywhere or lost:
            again |= stored.documents_with_name_matches(self.db, anywhere | lost)
        again &= searched
        entities, moved = stored.move_name_matches(self.db, moves) if moves else (set(), set())
        stored_entities.refresh_entity_counts(self.db, entities)
        stored_documents.refresh_document_counts(self.db, moved)
        entities |= self._look_again(again)
        left = {before[key][0] for key in moves.keys() | anywhere | lost if before.get(key, (None,))[0] is not None}
        gone = stored.forget_unused_entities(self.db, entities | left)
        return Change.of(updated=moved | again, entities=entities | gone)

    def follow_words(self, words: set[str]) -> None:
        """These (folded) words are now written in lower case somewhere: a name match that is one of
        them is no longer certain."""
        waiting = stored_entities.unmatched(self.db)
        if words and waiting is not None:  # (a document not analysed has no name match)
            self._look_again(stored.documents_with_certain_matches(self.db, words) - set(waiting))

    def follow_removal(self, document_id: int, remove: Callable[[], None]) -> None:
        """Run `remove`, which takes a document's analysis away (its text changed): its entities are
        counted again (or forgotten), and names are looked for again where the document's names were
        all that made them known, or one entity's."""
        keys = stored.document_keys(self.db, [document_id])
        entities = stored_entities.document_entities(self.db, document_id)
        before = self.entries(keys)
        remove()
        stored_entities.mark_unmatched(self.db, document_id)
        gone = stored.forget_unused_entities(self.db, entities)
        stored_entities.refresh_entity_counts(self.db, entities - gone)
        self.follow(before, keys)

    def _look_again(self, documents: set[int]) -> set[int]:
        """Find the names in these documents again; returns the entities their name matches pointed at
        or point at now."""
        if not documents:
            return set()
        entities = stored_entities.name_match_entities(self.db, documents)
        self.find(documents)
        return entities | stored_entities.name_match_entities(self.db, documents)

    # ---- one document ----------------------------------------------------------------------------

    def _match_document(self, index: NameIndex, document_id: int, text: str) -> int:
        taken = stored_entities.taken_spans(self.db, document_id)
        taken += [(r.start, r.end) for r in stored_documents.document_regions(self.db, document_id)]
        found = index.find(text, taken)
        names = [(m.text, m.entity_id, label) for m, _, label in stored_entities.document_mentions(self.db, document_id)
                 if m.source != "name-match"]
        common = stored.common_among(self.db, words_to_check(text, found))
        matches = [(m, certain(m, common)) for m in found]
        matches += short_form_matches(text, names, taken + [(m.start, m.end) for m, _ in matches], common)
        stored_entities.replace_name_matches(self.db, document_id, (
            (m.start, m.end, m.text, m.label, m.key, m.entity_id, sure) for m, sure in matches))
        return len(matches)
