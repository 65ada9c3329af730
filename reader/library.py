"""The facade the UI and CLI call: import, analyse, link, and query a library."""
from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from reader import clutter, gazetteer
from reader.annotations import Annotations
from reader.corrections import Corrections
from reader.changes import Change
from reader.dates import day_of, written_day
from reader.errors import Cancelled, DiskFull, LibraryError, NotFound, ReaderError, RefusedFile
from reader.labels import VALUE_LABELS
from reader.lists import Lists
from reader.name_matching import NameMatcher
from reader.relinking import Relinker
from reader.mentions import clean_mentions, declared_aliases
from reader.models import (Document, DocumentInfo, Entity, Mention, MentionInContext, Refusal, Region, SearchHit,
                           SourceDocument)
from reader.nlp import Analyser, model_id
from reader.storage import database
from reader.storage import documents as stored_documents
from reader.storage import entities as stored_entities
from reader.storage.connection import WRITE_WAIT_SECONDS, LibraryDatabase
from reader.surfaces import surface_key
from reader.storage import stories as stored_stories
from reader.text import context_of
from reader.timestamps import now

Progress = Callable[[int, int, str], None]
DAY_NEAR_TOP = 1500  # characters: a day named this near the top dates an undated document
CancelCheck = Callable[[], bool]
ChangeReport = Callable[[Change], None]  # part of long work is stored: what it changed


def _no_progress(done: int, total: int, message: str) -> None:
    pass


def _no_change(change: Change) -> None:
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
    warnings: list[str] = field(default_factory=list)  # imported, with a caveat: "FILE: what was done"
    analysed: int = 0
    cancelled: bool = False
    watch_hits: int = 0  # new hits of watched names in what was imported
    near_duplicates: int = 0  # documents found to tell a story already in the library (grouped, kept)

    @property
    def change(self) -> Change:
        """What the import changed: its documents and, once analysed and linked, any entity."""
        return Change.of(added=self.added, updated=self.updated, entities=None if self.analysed else ())


class Library:
    """One library file: its documents, their mentions and entities, the user's rules."""

    def __init__(self, path: str | Path, analyser: Analyser | None = None,
                 write_wait: float = WRITE_WAIT_SECONDS) -> None:
        """Open (or create) a library file. A write waits up to `write_wait` seconds for another
        program's write to finish (then LibraryBusy); a window may prefer a short wait and a retry."""
        self.path = Path(path)
        self.closed = False
        self.db: LibraryDatabase = database.open_database(self.path, write_wait)
        self._analyser = analyser
        self.corrections = Corrections(self)
        self.notes = Annotations(self)
        self.lists = Lists(self)
        self.relinker = Relinker(self)
        self.name_matches = NameMatcher(self)
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
        self.closed = True

    def write(self):
        """The one way to change the library: `with library.write(): ...` is a transaction that
        takes the write lock first (BEGIN IMMEDIATE), waits its turn behind other writers, and
        stores all of its changes or none. Nested blocks are savepoints."""
        return self.db.write()

    @contextlib.contextmanager
    def waiting_at_most(self, seconds: float) -> Iterator[Library]:
        """Inside the block a write waits at most `seconds` for another writer (then LibraryBusy):
        for the window's own small writes, which keep their text and try again rather than freeze it."""
        before = self.db.write_wait
        self.db.write_wait = min(before, seconds)
        try:
            yield self
        finally:
            self.db.write_wait = before

    @property
    def read_only(self) -> bool:
        """True when the library file, its folder or its disk cannot be written: reading works,
        any change raises ReadOnlyLibrary."""
        return self.db.read_only

    def data_version(self) -> int:
        """A number that changes whenever another connection (another process, another thread's
        Library) commits a change to this library; poll it to notice changes made elsewhere."""
        return self.db.data_version()

    def content_version(self) -> int:
        """A number that grows with every change to the library's content, by any connection; a rebuild of
        caches (the graph's, the entity table's) leaves it as it was."""
        return self.db.content_version()

    # ---- import and analysis -------------------------------------------------

    def import_paths(
        self, paths: Iterable[str | Path], progress: Progress = _no_progress,
        cancelled: CancelCheck = _never, analyse: bool = True, changed: ChangeReport = _no_change,
    ) -> ImportReport:
        """Read files and folders into the library, one transaction per document, then analyse.

        A file may hold several documents (a mailbox, a feed, a news export); each gets its
        own verdict, and a file that cannot be read is refused without stopping the others.
        `changed` hears of each document as it is stored and analysed.
        """
        from reader import formats  # only importing needs file readers: keeps start-up light
        from reader.documents import shown_path

        report = ImportReport()
        found, report.refused = formats.collect_files(paths)
        for number, path in enumerate(found, start=1):
            if cancelled():
                report.cancelled = True
                return report
            progress(number - 1, len(found), f"Reading {shown_path(path.name)}")
            try:
                for item in formats.read_documents(path):
                    if isinstance(item, Refusal):
                        report.refused.append(item)
                    else:
                        before = len(report.added), len(report.updated)
                        self._import_document(item, report)
                        changed(Change.of(added=report.added[before[0]:], updated=report.updated[before[1]:]))
                    if cancelled():
                        report.cancelled = True
                        return report
            except RefusedFile as error:
                report.refused.append(Refusal(error.path, error.reason))
            except (LibraryError, DiskFull):
                raise  # the library itself cannot take more (disk full, read-only): stop here
            except Exception as error:  # one file's surprise is that file's verdict, not the import's
                report.refused.append(Refusal(shown_path(path), f"could not be imported ({_described(error)})"))
        try:
            report.near_duplicates = self.stories.update(progress, cancelled)
        except Cancelled:
            report.cancelled = True
            return report
        if analyse:
            try:
                report.analysed = self.analyse(progress=progress, cancelled=cancelled, changed=changed)
            except Cancelled:
                report.cancelled = True
        if not report.cancelled:
            report.watch_hits = self.watchlists.match_pending(progress)
        return report

    def _import_document(self, source: SourceDocument, report: ImportReport) -> None:
        with self.db.write():  # looked up under the lock: another process may import the same file
            existing = stored_documents.document_by_path(self.db, source.path)
            if existing:  # the title and date the reader gave it stay
                source = replace(source, **stored_documents.edited_details(self.db, existing.id))
                if source.published is None and existing.content_hash == source.content_hash:
                    source = replace(source, published=existing.published)  # the day its opening names stays
            if existing and stored_documents.same_details(existing, source):
                report.unchanged.append(source.path)
                return
            if existing and existing.content_hash == source.content_hash:  # a new title, date or metadata
                stored_documents.update_document_details(self.db, existing.id, source, now())
                report.updated.append(existing.id)  # the analysis stays
                return
            twin = stored_documents.document_by_hash(self.db, source.content_hash)
            if twin and twin.path != source.path:
                report.duplicates.append(
                    f"{source.path}: same content as document {twin.id} “{twin.title}” ({twin.path}); skipped"
                )
                return
            if existing:  # its old names leave the library: looked for again where they mattered
                self.name_matches.follow_removal(
                    existing.id, lambda: stored_documents.replace_document(self.db, existing.id, source, now()))
                self.notes.reanchor_document(existing.id, existing.text, source.text)
                report.updated.append(existing.id)
            else:
                report.added.append(stored_documents.insert_document(self.db, source, now()))
        report.warnings.extend(f"{source.path}: {warning}" for warning in source.warnings)

    def get_flag(self, key: str) -> str | None:
        return database.get_meta(self.db, key)

    def set_flag(self, key: str, value: str) -> None:
        database.set_meta(self.db, key, value)

    def has_pending_work(self) -> bool:
        """Documents not analysed yet, or a linking or name matching left unfinished (an
        interrupted or failed import): `analyse()` finishes it."""
        return (bool(self.pending()) or stored_entities.needs_linking(self.db)
                or stored_entities.needs_name_matching(self.db))

    def pending(self, everything: bool = False) -> list[int]:
        return stored_documents.pending_document_ids(self.db, model_id(), everything)

    def analyse(
        self, everything: bool = False, progress: Progress = _no_progress,
        cancelled: CancelCheck = _never, changed: ChangeReport = _no_change,
    ) -> int:
        """Analyse pending documents (all with `everything`), then relink. Returns how many.

        Each document is committed on its own: a cancelled or killed run keeps what finished.
        """
        ids = self.pending(everything)
        if not ids:
            self._finish_linking()
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
        done, stopped = 0, False
        try:
            for document_id, spans in self.analyser.spans(without_clutter(), total_chars, cancelled):
                self._store_analysis(document_id, by_id[document_id], spans, regions.pop(document_id), analysed_with)
                changed(Change.of(updated=[document_id]))
                done += 1
                progress(done, len(ids), f"Analysed {done} of {len(ids)} documents")
                if cancelled() and done < len(ids):
                    raise Cancelled(f"analysis cancelled after {done} of {len(ids)} documents")
        except Cancelled:
            stopped = True  # answered at once: what was analysed is linked by finish_linking, later
            raise
        finally:
            if done and not stopped:
                places.join()
                self._finish_linking(lambda message: progress(done, len(ids), message))
        return done

    def finish_linking(self, progress: Progress = _no_progress) -> Change:
        """Link what an interrupted or cancelled analysis stored but did not link yet; what changed."""
        if not (stored_entities.needs_linking(self.db) or stored_entities.needs_name_matching(self.db)):
            return Change()
        self._finish_linking(lambda message: progress(0, 0, message))
        return Change.of(entities=None)

    def _finish_linking(self, say: Callable[[str], None] = lambda message: None) -> None:
        """Link and look for names in what was analysed but not yet linked (all of the library
        after a full re-analysis or an old library's upgrade; else only the keys those reach)."""
        if stored_entities.needs_linking(self.db):
            say("Linking entities")
            self.relink(stored_entities.unlinked(self.db))
        if stored_entities.needs_name_matching(self.db):
            say("Finding names the model missed")
            self.find_name_matches(stored_entities.unmatched(self.db))

    def _store_analysis(self, document_id: int, text: str, spans, regions: list[Region], analysed_with: str) -> None:
        kept = clean_mentions(text, spans, [(r.start, r.end) for r in regions])
        mentions = [stored_entities.NewMention(m.start, m.end, m.text, m.label, m.key) for m in kept]
        aliases = declared_aliases(text, [(m.start, m.end) for m in kept])
        day = next((d for m in kept if m.label == "DATE" and m.start < DAY_NEAR_TOP and (d := day_of(m.text))), None)
        with self.db.write():
            if stored_documents.text_of(self.db, document_id) != text:
                return  # changed or removed by another process meanwhile: still pending, analysed next time
            stored_documents.replace_regions(self.db, document_id, regions)
            stored_entities.replace_model_mentions(self.db, document_id, mentions, aliases, analysed_with)
            self.relinker.remember(text, ((m.key, m.text, m.label) for m in kept))
            if day:  # a document without a date of its own takes the day its opening names
                stored_documents.fill_published(self.db, document_id, day)

    def relink(self, documents: Iterable[int] | None = None, keys: Iterable[str] = ()) -> Change:
        """Link mentions to entities, the user's rules last: the whole library, or only what these
        documents and keys can reach. One transaction; returns what changed (see reader.relinking)."""
        return self.relinker.relink(documents, keys)

    def find_name_matches(self, documents: Iterable[int] | None = None) -> int:
        """Store known names the model did not mark (certain ones linked, the others for review):
        in these documents, or in the whole library (linking looks for them again elsewhere)."""
        return self.name_matches.find(documents)

    # ---- documents -----------------------------------------------------------

    def documents(self) -> list[DocumentInfo]:
        return stored_documents.list_documents(self.db)

    def last_document_id(self) -> int:
        return stored_documents.last_id(self.db)

    def documents_after(self, document_id: int) -> list[int]:
        """Ids of the documents stored after this one (by anyone)."""
        return stored_documents.ids_after(self.db, document_id)

    def content_hash(self, document_id: int) -> str | None:
        """The stored text's hash (to tell whether a document shown earlier changed since)."""
        return stored_documents.content_hash(self.db, document_id)

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

    def set_document_details(self, ref: int | str, title: str | None = None, published: str | None = None) -> Change:
        """Give a document a title and a date of the reader's own (None: leave it; published "": no date).

        They are kept apart from what the file says, so a re-import of the file keeps them; the date
        may be written as 2024-03-31 or March 31, 2024. What changed: the document and its entities."""
        document = self.document(ref)
        edits: dict[str, str | None] = {}
        if title is not None:
            if not " ".join(title.split()):
                raise ReaderError("a document's title cannot be empty")
            edits["title"] = " ".join(title.split())
        if published is not None:
            edits["published"] = _day(published) if published.strip() else None
        if not edits:
            return Change()
        with self.db.write():
            kept = stored_documents.edited_details(self.db, document.id)
            stored_documents.set_edited_details(self.db, document.id, kept | edits)
            entities = stored_documents.entities_of(self.db, document.id)
        return Change.of(updated=[document.id], entities=entities)

    def mark_read(self, document_id: int, read: bool = True) -> bool:
        """Mark a document read (as opening it does) or unread again; whether that changed anything."""
        if stored_documents.is_read(self.db, document_id) == read:
            return False  # as it was: no write lock taken
        with self.db.write():
            return stored_documents.mark_read(self.db, document_id, read, now())

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

    def entities(self, label: str | None = None, values: bool = False, stories: bool = False) -> list[Entity]:
        """Entities, most mentioned first: named things only, unless `values` or a value `label` is asked for.

        Values (dates, numbers, amounts) are entities of their own document: listed with `values=True`.
        `stories` counts each story once (a story's documents as one document, with the mentions of
        the one that has most).
        """
        found = stored_entities.list_entities(self.db, label, () if values else VALUE_LABELS)
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

    def suggestions(self, limit: int | None = 50):
        """The most confident merge suggestions, with evidence (see reader.workbench.suggest)."""
        from reader.workbench import suggest

        return suggest(self, limit)

    def entities_by_id(self, ids: Iterable[int]) -> dict[int, Entity]:
        """These entities (those that exist), by id."""
        return {e.id: e for e in stored_entities.get_entities(self.db, ids)}

    def entity_by_id(self, entity_id: int, stories: bool = False) -> Entity | None:
        """An entity; `stories` counts each story once, as `entities` does."""
        found = stored_entities.get_entity(self.db, entity_id)
        if found is None or not stories:
            return found
        return _count_stories_once([found], stored_stories.entity_excess(self.db, [entity_id]))[0]

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
        self, entity_id: int | None = None, document_id: int | None = None, status: str = "linked",
        offset: int = 0, limit: int | None = None,
    ) -> list[MentionInContext]:
        """Mentions with their sentence of context (no filter: all), by document and position."""
        out = []
        for row in stored_entities.mention_rows(self.db, entity_id, document_id, status, offset, limit):
            m = row.mention
            context, start, end = context_of(row.window, m.start, m.end, row.window_start)
            out.append(MentionInContext(m, row.entity_name, row.entity_label, row.document_title,
                                        row.document_path, context, start, end))
        return out


def _day(text: str) -> str:
    """An ISO day from what a reader wrote ("2024-03-31", "March 31, 2024", "31 March 2024")."""
    day = written_day(text)
    if day is None:
        raise ReaderError(f"{text.strip()!r} is not a day: write it as 2024-03-31 or March 31, 2024")
    return day


def _described(error: BaseException) -> str:
    text = str(error).strip()
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _count_stories_once(entities: list[Entity], excess: dict[int, tuple[int, int]]) -> list[Entity]:
    """Entities with their counts less what a story's other documents added, re-sorted."""
    if not excess:
        return entities
    counted = [replace(e, mentions=e.mentions - excess[e.id][0], documents=e.documents - excess[e.id][1])
               if e.id in excess else e for e in entities]
    return sorted(counted, key=lambda e: (-e.mentions, e.name.casefold()))
