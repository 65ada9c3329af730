"""Linking the library after a change: the whole of it, or only the keys a change can reach."""
from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from reader import linking
from reader.changes import Change
from reader.recall import lower_words
from reader.storage import entities as stored_entities
from reader.storage import relinking as stored

if TYPE_CHECKING:
    from reader.library import Library

WIDEST_BUCKET = 400  # a bucket of more keys than this is a common word, not a relation to follow
WHOLE_LIBRARY_SHARE = 0.6  # a change reaching more of the library's mentions than this relinks it all


class Relinker:
    """Relinks the keys a change can reach (new documents, a correction), or the whole library."""

    def __init__(self, library: Library) -> None:
        self.library = library

    @property
    def db(self):
        return self.library.db

    # ---- linking ------------------------------------------------------------------------------

    def relink(self, documents: Iterable[int] | None = None, keys: Iterable[str] = ()) -> Change:
        """Link again the mentions of these documents and keys, and every key they can change
        (sharing a relation bucket, an entity, a rule or a declared acronym); all of them when
        `documents` is None and no keys are given. Names are looked for again wherever the linking
        changed what a name stands for. One transaction; returns what changed."""
        with self.db.write():
            if stored.is_flagged(self.db, stored.BUCKETS_STALE):
                self._store_all_buckets()
            documents = None if documents is None else set(documents)
            rules = self.library.corrections.rules()
            aliases = stored_entities.all_aliases(self.db)
            if documents is None and not keys:
                return self._relink_all(rules, aliases, None)
            reach = self._reach(set(keys) | stored.document_keys(self.db, documents or ()), rules, aliases)
            if stored.mention_count(self.db, reach) > stored.mention_count(self.db) * WHOLE_LIBRARY_SHARE:
                return self._relink_all(rules, aliases, documents or ())
            names = self.library.name_matches.entries(reach)
            occurrences = stored.occurrences_of(self.db, reach, documents or ())
            result = linking.link((linking.Occurrence(*row) for row in occurrences), rules,
                                  [a for a in aliases if _alias_keys(a) & reach])
            done = stored.store_linking(
                self.db, reach, ((e.key, e.name, e.label) for e in result.entities.values()),
                ((doc, key, entity_key) for (doc, key), entity_key in result.assignment.items()), documents or ())
            self.library.notes.reattach_entity_notes()
            stored_entities.mark_linking_done(self.db, documents or ())
            found = self.library.name_matches.follow(names, reach, done.short_forms)
        return Change.of(updated=done.documents | (documents or set()), entities=done.entities, rules=bool(keys)) | found

    def _relink_all(self, rules: list[linking.Rule], aliases: list[tuple[int, str, str]],
                    new_documents: set[int] | tuple | None) -> Change:
        """Link every mention of the library, applying the user's rules last; with `new_documents`
        (an import reaching most of the library), counts follow only what changed."""
        names = self.library.name_matches.entries(None)
        occurrences = [linking.Occurrence(*row) for row in stored_entities.occurrences(self.db)]
        result = linking.link(occurrences, rules, aliases)
        done = stored.store_linking(
            self.db, None, ((e.key, e.name, e.label) for e in result.entities.values()),
            ((doc, key, entity_key) for (doc, key), entity_key in result.assignment.items()), new_documents)
        self.library.notes.reattach_entity_notes()
        stored_entities.mark_linking_done(self.db, new_documents)
        self.library.name_matches.follow(names, None, done.short_forms)
        return Change.of(entities=None, everything=True)

    def _reach(self, seed: set[str], rules: list[linking.Rule], aliases: list[tuple[int, str, str]]) -> set[str]:
        """The keys whose linking a change to `seed` can alter: those sharing a (narrow) relation
        bucket with it, then, until nothing grows, every key of their entities, of the rules that
        name them, and of the acronyms declared with them."""
        reach = seed | stored.keys_sharing_buckets(self.db, seed, WIDEST_BUCKET)
        rule_pairs = [(_rule_key(r.key), _rule_key(r.value)) for r in rules if r.value and r.kind in ("merge", "distinct")]
        alias_pairs = [tuple(_alias_keys(a)) for a in aliases]
        for _ in range(8):
            grown = reach | stored.entity_keys_of(self.db, reach)
            for pairs in (rule_pairs, alias_pairs):
                for pair in pairs:
                    if set(pair) & grown:
                        grown |= set(pair)
            if grown == reach:
                break
            reach = grown
        return reach

    def remember(self, text: str, mentions: Iterable[tuple[str, str, str]]) -> None:
        """What a new analysis tells later partial linking: its (key, surface, label) relation
        buckets, and the words its text writes in lower case."""
        self.store_buckets(mentions)
        self.library.name_matches.follow_words(stored.add_common_words(self.db, lower_words(text)))

    def store_buckets(self, rows: Iterable[tuple[str, str, str]]) -> None:
        """Remember the relation buckets of (key, surface, label) rows (new mentions)."""
        stored.add_buckets(self.db, ((bucket, key) for key, surface, label in set(rows)
                                     for bucket in linking.relation_buckets(key, surface, label)))

    def _store_all_buckets(self) -> None:
        self.store_buckets(stored.distinct_surfaces(self.db))
        stored.clear_flag(self.db, stored.BUCKETS_STALE)


def _rule_key(key: str) -> str:
    from reader.surfaces import surface_key

    return surface_key(key) or key


def _alias_keys(alias: tuple[int, str, str]) -> set[str]:
    from reader.surfaces import surface_key

    return {k for k in (surface_key(alias[1]), surface_key(alias[2])) if k}
