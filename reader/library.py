"""The facade the UI and CLI call: import, analyse, link, and query a library."""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from reader import clutter, gazetteer, linking
from reader.annotations import Annotations
from reader.corrections import Corrections
from reader.dates import day_of
from reader.errors import Cancelled, NotFound, RefusedFile
from reader.labels import VALUE_LABELS
from reader.mentions import clean_mentions, declared_aliases
from reader.models import Document, DocumentInfo, Entity, Mention, MentionInContext, Refusal, Region, SearchHit
from reader.nlp import Analyser, model_id
from reader.recall import NameIndex, certain, common_words, surname_matches
from reader.storage import database
from reader.storage import documents as stored_documents
from reader.storage import entities as stored_entities
from reader.surfaces import surface_key
from reader.text import context_of

Progress = Callable[[int, int, str], None]
DAY_NEAR_TOP = 1500  # characters: a day named this near the top dates an undated document
CancelCheck = Callable[[], bool]


def _no_progress(done: int, total: int, message: str) -> None:
    pass


def _never() -> bool:
    return False


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass
class ImportReport:
    added: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)  # one message each, naming both files
    refused: list[Refusal] = field(default_factory=list)
    analysed: int = 0
    cancelled: bool = False


class Library:
    """One library file: its documents, their mentions and entities, the user's rules."""

    def __init__(self, path: str | Path, analyser: Analyser | None = None) -> None:
        self.path = Path(path)
        self.db = database.open_database(self.path)
        self._analyser = analyser
        self.corrections = Corrections(self)
        self.notes = Annotations(self)
        self._analytics = None

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
        """Read files and folders into the library, one transaction per document, then analyse."""
        from reader import documents as files  # only importing needs file readers: keeps start-up light

        report = ImportReport()
        found, report.refused = files.collect_files(paths)
        for number, path in enumerate(found, start=1):
            if cancelled():
                report.cancelled = True
                return report
            progress(number - 1, len(found), f"Reading {path.name}")
            try:
                self._import_file(path, report)
            except RefusedFile as error:
                report.refused.append(Refusal(error.path, error.reason))
        if analyse:
            try:
                report.analysed = self.analyse(progress=progress, cancelled=cancelled)
            except Cancelled:
                report.cancelled = True
        return report

    def _import_file(self, path: Path, report: ImportReport) -> None:
        from reader import documents as files

        source = files.read_document(path)
        existing = stored_documents.document_by_path(self.db, source.path)
        if existing and existing.content_hash == source.content_hash:
            report.unchanged.append(source.path)
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
        regions: dict[int, list[Region]] = {}

        def without_clutter():  # the model reads no clutter; offsets stay those of the text
            for document_id, text in texts:
                found = regions[document_id] = clutter.find_clutter(text)
                yield document_id, clutter.mask(text, found)

        progress(0, len(ids), "Loading the language model")
        # Linking needs the gazetteer; read it while the model runs in the worker processes.
        places = threading.Thread(target=gazetteer.load, name="gazetteer", daemon=True)
        places.start()
        done = 0
        try:
            for document_id, spans in self.analyser.spans(without_clutter(), total_chars):
                self._store_analysis(document_id, by_id[document_id], spans, regions.pop(document_id), analysed_with)
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

    def _store_analysis(self, document_id: int, text: str, spans, regions: list[Region], analysed_with: str) -> None:
        kept = clean_mentions(text, spans, [(r.start, r.end) for r in regions])
        mentions = [stored_entities.NewMention(m.start, m.end, m.text, m.label, m.key) for m in kept]
        aliases = declared_aliases(text, [(m.start, m.end) for m in kept])
        day = next((d for m in kept if m.label == "DATE" and m.start < DAY_NEAR_TOP and (d := day_of(m.text))), None)
        with self.db.atomic():
            stored_documents.replace_regions(self.db, document_id, regions)
            stored_entities.replace_model_mentions(self.db, document_id, mentions, aliases, analysed_with)
            if day:  # a document without a date of its own takes the day its opening names
                stored_documents.fill_published(self.db, document_id, day)

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
        """Store known names the model did not mark as `name-match` mentions: the certain ones linked
        (automatic, rejectable), the others unlinked for review. Clutter is never searched."""
        index = NameIndex(stored_entities.entity_names(self.db, VALUE_LABELS))
        found = 0
        with self.db.atomic():
            texts = stored_documents.document_texts(self.db, stored_entities.all_document_ids(self.db))
            common = common_words(text for _, text in texts)
            for document_id, text in texts:
                taken = stored_entities.taken_spans(self.db, document_id)
                taken += [(r.start, r.end) for r in stored_documents.document_regions(self.db, document_id)]
                matches = [(m, certain(m, common)) for m in index.find(text, taken)]
                people = [(m.text, m.entity_id) for m, _, label in stored_entities.document_mentions(self.db, document_id)
                          if label == "PERSON" and m.source != "name-match"]
                matches += surname_matches(text, people, taken + [(m.start, m.end) for m, _ in matches], common)
                stored_entities.replace_name_matches(self.db, document_id, (
                    (m.start, m.end, m.text, m.label, m.key, m.entity_id, sure) for m, sure in matches))
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

    def entities(self, label: str | None = None, values: bool = False) -> list[Entity]:
        """Entities, most mentioned first: named things only, unless `values` or a value `label` is asked for.

        Values (dates, numbers, amounts) are entities of their own document: listed with `values=True`.
        """
        return stored_entities.list_entities(self.db, label, () if values else VALUE_LABELS)

    def entity(self, ref: int | str) -> Entity:
        """An entity by id or by any of its names (case-insensitive)."""
        text = str(ref).strip()
        if text.isdigit():
            found = stored_entities.get_entity(self.db, int(text))
            if found:
                return found
        matches = stored_entities.entities_named(self.db, text, surface_key(text))
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

    def entity_by_id(self, entity_id: int) -> Entity | None:
        return stored_entities.get_entity(self.db, entity_id)

    def entity_surfaces(self, entity_id: int) -> list[tuple[str, int]]:
        return stored_entities.entity_surfaces(self.db, entity_id)

    def document_regions(self, document_id: int) -> list[Region]:
        """The page clutter of a document (comment forms, cookie notices...), in text order."""
        return stored_documents.document_regions(self.db, document_id)

    def document_days(self, document_id: int) -> list[tuple[int, int, str]]:
        """(start, end, ISO day) of the dates in a document that name a day with its year."""
        return [(m.start, m.end, day) for m, _, label in self.document_mentions(document_id)
                if label == "DATE" and (day := day_of(m.text))]

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
