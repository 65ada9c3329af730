"""The facade the UI and CLI call: import, analyse, link, and query a library."""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from reader import gazetteer, linking
from reader.annotations import Annotations
from reader.corrections import Corrections
from reader.errors import Cancelled, NotFound, RefusedFile
from reader.models import (Document, DocumentInfo, Entity, Mention, MentionInContext, Refusal, SearchHit,
                           SourceDocument)
from reader.nlp import Analyser, model_id
from reader.storage import database
from reader.storage import documents as stored_documents
from reader.recall import NameIndex
from reader.storage import entities as stored_entities
from reader.storage import stories as stored_stories
from reader.text import context_of
from reader.timestamps import now

Progress = Callable[[int, int, str], None]
CancelCheck = Callable[[], bool]


def _no_progress(done: int, total: int, message: str) -> None:
    pass


def _never() -> bool:
    return False


@dataclass
class ImportReport:
    added: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)  # one message each, naming both files
    refused: list[Refusal] = field(default_factory=list)
    analysed: int = 0
    cancelled: bool = False
    watch_hits: int = 0  # new hits of watched names in what was imported
    near_duplicates: int = 0  # documents found to tell a story already in the library (grouped, kept)


class Library:
    """One library file: its documents, their mentions and entities, the user's rules."""

    def __init__(self, path: str | Path, analyser: Analyser | None = None) -> None:
        self.path = Path(path)
        self.db = database.open_database(self.path)
        self._analyser = analyser
        self.corrections = Corrections(self)
        self.notes = Annotations(self)
        self._watchlists = None
        self._analytics = None
        self._stories = None

    @property
    def analyser(self) -> Analyser:
        if self._analyser is None:
            self._analyser = Analyser()
        return self._analyser

    def close(self) -> None:
        self.db.close()

    # ---- import and analysis -------------------------------------------------

    def import_paths(
        self, paths: Iterable[str | Path], progress: Progress = _no_progress,
        cancelled: CancelCheck = _never, analyse: bool = True,
    ) -> ImportReport:
        """Read files and folders into the library, one transaction per document, then analyse.

        A file may hold several documents (a mailbox, a feed, a news export); each gets its
        own verdict, and a file that cannot be read is refused without stopping the others.
        """
        from reader import formats  # only importing needs file readers: keeps start-up light

        report = ImportReport()
        found, report.refused = formats.collect_files(paths)
        for number, path in enumerate(found, start=1):
            if cancelled():
                report.cancelled = True
                return report
            progress(number - 1, len(found), f"Reading {path.name}")
            try:
                for item in formats.read_documents(path):
                    if isinstance(item, Refusal):
                        report.refused.append(item)
                    else:
                        self._import_document(item, report)
                    if cancelled():
                        report.cancelled = True
                        return report
            except RefusedFile as error:
                report.refused.append(Refusal(error.path, error.reason))
        try:
            report.near_duplicates = self.stories.update(progress, cancelled)
        except Cancelled:
            report.cancelled = True
            return report
        if analyse:
            try:
                report.analysed = self.analyse(progress=progress, cancelled=cancelled)
            except Cancelled:
                report.cancelled = True
        if not report.cancelled:
            report.watch_hits = self.watchlists.match_pending(progress)
        return report

    def _import_document(self, source: SourceDocument, report: ImportReport) -> None:
        existing = stored_documents.document_by_path(self.db, source.path)
        if existing and stored_documents.same_details(existing, source):
            report.unchanged.append(source.path)
            return
        if existing and existing.content_hash == source.content_hash:
            with self.db.atomic():  # a new title, date or metadata: the analysis stays
                stored_documents.update_document_details(self.db, existing.id, source, now())
            report.updated.append(existing.id)
            return
        twin = stored_documents.document_by_hash(self.db, source.content_hash)
        if twin and twin.path != source.path:
            report.duplicates.append(
                f"{source.path}: same content as document {twin.id} “{twin.title}” ({twin.path}); skipped"
            )
            return
        with self.db.atomic():
            if existing:
                stored_documents.replace_document(self.db, existing.id, source, now())
                self.notes.reanchor_document(existing.id, existing.text, source.text)
                report.updated.append(existing.id)
            else:
                report.added.append(stored_documents.insert_document(self.db, source, now()))

    def get_flag(self, key: str) -> str | None:
        return database.get_meta(self.db, key)

    def set_flag(self, key: str, value: str) -> None:
        database.set_meta(self.db, key, value)

    def has_pending_work(self) -> bool:
        """Documents not analysed yet, or a linking left unfinished (an interrupted import)."""
        return bool(self.pending()) or stored_entities.needs_linking(self.db)

    def pending(self, everything: bool = False) -> list[int]:
        return stored_documents.pending_document_ids(self.db, model_id(), everything)

    def analyse(
        self, everything: bool = False, progress: Progress = _no_progress,
        cancelled: CancelCheck = _never,
    ) -> int:
        """Analyse pending documents (all with `everything`), then relink. Returns how many.

        Each document is committed on its own: a cancelled or killed run keeps what finished.
        """
        ids = self.pending(everything)
        if not ids:
            if stored_entities.needs_linking(self.db):
                self.relink()
            return 0
        analysed_with = model_id()
        texts = stored_documents.document_texts(self.db, ids)
        total_chars = sum(len(text) for _, text in texts)
        by_id = dict(texts)
        progress(0, len(ids), "Loading the language model")
        # Linking needs the gazetteer; read it while the model runs in the worker processes.
        places = threading.Thread(target=gazetteer.load, name="gazetteer", daemon=True)
        places.start()
        done = 0
        try:
            for document_id, spans in self.analyser.spans(iter(texts), total_chars):
                self._store_analysis(document_id, by_id[document_id], spans, analysed_with)
                done += 1
                progress(done, len(ids), f"Analysed {done} of {len(ids)} documents")
                if cancelled() and done < len(ids):
                    raise Cancelled(f"analysis cancelled after {done} of {len(ids)} documents")
        finally:
            if done:
                progress(done, len(ids), "Linking entities across the library")
                places.join()
                self.relink()
                progress(done, len(ids), "Finding names the model missed")
                self.find_name_matches()
        return done

    def _store_analysis(self, document_id: int, text: str, spans, analysed_with: str) -> None:
        mentions, clean = [], []
        for span in spans:
            bounds = linking.clean_span(text, span.start, span.end)
            if bounds is None:
                continue
            start, end = bounds
            surface = text[start:end]
            key = linking.surface_key(surface)
            if key:
                clean.append((start, end))
                mentions.append(stored_entities.NewMention(start, end, surface, span.label, key))
        aliases = linking.declared_aliases(text, clean)
        with self.db.atomic():
            stored_entities.replace_model_mentions(self.db, document_id, mentions, aliases, analysed_with)

    def relink(self) -> None:
        """Link every mention of the library to its entity, applying the user's rules last.

        One transaction from reading to writing: nothing half-linked is ever stored, and another
        connection's correction cannot slip in between what was read and what is written.
        """
        with self.db.atomic():
            occurrences = [
                linking.Occurrence(document_id, surface, label, count)
                for document_id, surface, label, count in stored_entities.occurrences(self.db)
            ]
            result = linking.link(occurrences, self.corrections.rules(), stored_entities.all_aliases(self.db))
            stored_entities.apply_linking(
                self.db,
                ((e.key, e.name, e.label) for e in result.entities.values()),
                ((doc, key, entity_key) for (doc, key), entity_key in result.assignment.items()),
            )
            stored_entities.relink_name_matches(self.db)
            stored_entities.refresh_entity_counts(self.db)
            self.notes.reattach_entity_notes()
            stored_entities.mark_linking_done(self.db)

    def find_name_matches(self) -> int:
        """Store, as unlinked `name-match` mentions, known names the model did not mark."""
        index = NameIndex(stored_entities.entity_names(self.db, linking.NUMERIC_LABELS))
        found = 0
        with self.db.atomic():
            for document_id, text in stored_documents.document_texts(self.db, stored_entities.all_document_ids(self.db)):
                matches = index.find(text, stored_entities.taken_spans(self.db, document_id))
                stored_entities.replace_name_matches(
                    self.db, document_id, ((m.start, m.end, m.text, m.label, m.key, m.entity_id) for m in matches))
                found += len(matches)
            stored_entities.refresh_entity_counts(self.db)
        return found

    # ---- documents -----------------------------------------------------------

    def documents(self) -> list[DocumentInfo]:
        return stored_documents.list_documents(self.db)

    def document_count(self) -> int:
        return stored_documents.count_documents(self.db)

    def document(self, ref: int | str) -> Document:
        """A document by id, path, or exact title."""
        text = str(ref).strip()
        found = None
        if text.isdigit():
            found = stored_documents.get_document(self.db, int(text))
        if found is None:
            found = stored_documents.document_by_path(self.db, str(Path(text).expanduser().resolve()))
        if found is None:
            matches = stored_documents.documents_by_title(self.db, text)
            if len(matches) == 1:
                found = matches[0]
        if found is None:
            raise NotFound(f"no document {text!r} in {self.path} (give an id, a path or a title)")
        return found

    @property
    def watchlists(self):
        """The user's watchlists: names found in every document, new hits since last seen."""
        if self._watchlists is None:
            from reader.watchlist import Watchlists  # rapidfuzz only when watchlists are used

            self._watchlists = Watchlists(self)
        return self._watchlists

    @property
    def stories(self):
        """Near-duplicates: which documents tell the same story, grouped at import."""
        if self._stories is None:
            from reader.stories import Stories

            self._stories = Stories(self)
        return self._stories

    @property
    def analytics(self):
        """Search with hit offsets, the co-occurrence graph, timelines and the entity table."""
        if self._analytics is None:
            from reader.analytics import Analytics

            self._analytics = Analytics(self)
        return self._analytics

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Ranked full-text search; each hit carries a snippet and the offsets of its best match."""
        return self.analytics.search(query, limit)

    # ---- entities and mentions ----------------------------------------------

    def entities(self, label: str | None = None, stories: bool = False) -> list[Entity]:
        """Entities with mentions, most mentioned first; `stories` counts each story once
        (a story's documents as one document, with the mentions of the one that has most)."""
        found = stored_entities.list_entities(self.db, label)
        if not stories:
            return found
        return _count_stories_once(found, stored_stories.entity_excess(self.db))

    def entity(self, ref: int | str) -> Entity:
        """An entity by id or by any of its names (case-insensitive)."""
        text = str(ref).strip()
        if text.isdigit():
            found = stored_entities.get_entity(self.db, int(text))
            if found:
                return found
        matches = stored_entities.entities_named(self.db, text, linking.surface_key(text))
        if not matches:
            raise NotFound(f"no entity {text!r} in {self.path}")
        return matches[0]

    def merge_entities(self, source_ids: list[int], target_id: int):
        """Merge several entities into one (one correction, undone as a whole)."""
        target = self.entity_by_id(target_id)
        sources = [e for e in (self.entity_by_id(i) for i in source_ids) if e is not None]
        if target is None:
            raise NotFound(f"no entity {target_id}")
        return self.corrections.merge_many(sources, target)

    def suggestions(self, limit: int | None = 50):
        """The most confident merge suggestions, with evidence (see reader.workbench.suggest)."""
        from reader.workbench import suggest

        return suggest(self, limit)

    def entity_by_id(self, entity_id: int, stories: bool = False) -> Entity | None:
        """An entity; `stories` counts each story once, as `entities` does."""
        found = stored_entities.get_entity(self.db, entity_id)
        if found is None or not stories:
            return found
        return _count_stories_once([found], stored_stories.entity_excess(self.db, [entity_id]))[0]

    def entity_surfaces(self, entity_id: int) -> list[tuple[str, int]]:
        return stored_entities.entity_surfaces(self.db, entity_id)

    def document_mentions(self, document_id: int) -> list[tuple[Mention, str, str]]:
        """Linked mentions of a document in text order, with entity name and label."""
        return stored_entities.document_mentions(self.db, document_id)

    def mentions(
        self, entity_id: int | None = None, document_id: int | None = None, status: str = "linked"
    ) -> list[MentionInContext]:
        """Mentions with their sentence of context (no filter: all)."""
        out = []
        for row in stored_entities.mention_rows(self.db, entity_id, document_id, status):
            m = row.mention
            context, start, end = context_of(row.window, m.start, m.end, row.window_start)
            out.append(MentionInContext(m, row.entity_name, row.entity_label, row.document_title,
                                        row.document_path, context, start, end))
        return out


def _count_stories_once(entities: list[Entity], excess: dict[int, tuple[int, int]]) -> list[Entity]:
    """Entities with their counts less what a story's other documents added, re-sorted."""
    if not excess:
        return entities
    counted = [replace(e, mentions=e.mentions - excess[e.id][0], documents=e.documents - excess[e.id][1])
               if e.id in excess else e for e in entities]
    return sorted(counted, key=lambda e: (-e.mentions, e.name.casefold()))
