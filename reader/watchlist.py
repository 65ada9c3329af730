"""Watchlists: the user's own lists of names, found in every document, with new hits since last seen."""
from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from reader.errors import NotFound, ReaderError
from reader.models import Mention, MentionInContext
from reader.storage import watchlists as stored
from reader.text import context_of
from reader.watch_match import Matcher, MatchOptions, Pattern, Vocabulary, fold_text, words_of

if TYPE_CHECKING:
    from reader.library import Library

Progress = Callable[[int, int, str], None]
_ALIAS_SEPARATORS = ("|", ";")
WATCH_LABEL = "WATCH"  # the label of a hit whose watched name has no type


@dataclass(frozen=True)
class WatchEntry:
    """One line of a watchlist file."""

    name: str
    aliases: tuple[str, ...] = ()
    label: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Watchlist:
    id: int
    name: str
    path: str | None
    options: MatchOptions
    created: str
    names: int
    hits: int
    new: int  # hits not seen yet


@dataclass(frozen=True)
class WatchedName:
    id: int
    watchlist_id: int
    watchlist: str
    name: str
    aliases: tuple[str, ...]
    label: str | None
    note: str | None
    options: MatchOptions  # the list's, with this name's own changes
    hits: int
    documents: int
    new: int  # "3 new mentions of X" since the user last looked


@dataclass(frozen=True)
class WatchHit:
    """A watched name found in a document: shown like a linked mention (text[start:end] is `text`)."""

    id: int
    name_id: int
    name: str
    watchlist: str
    new: bool
    mention: MentionInContext


@dataclass(frozen=True)
class WatchHitGroup:
    """A document where a watched name was found, as an entity's list of mentions shows one."""

    document_id: int
    title: str
    published: str | None
    path: str
    mentions: int  # hits in this document
    new: int  # of them, not seen yet


@dataclass(frozen=True)
class WatchlistReport:
    watchlist: Watchlist
    added: int
    changed: int
    removed: int
    new_hits: int


def read_watchlist(path: Path, labels: Iterable[str]) -> list[WatchEntry]:
    """Names from a CSV (header: name, aliases, type, note) or a text file (a name per line)."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise ReaderError(f"{path}: no such file") from None
    except UnicodeDecodeError as error:
        raise ReaderError(f"{path}: not a watchlist (not UTF-8 text: byte {error.start})") from None
    except OSError as error:
        raise ReaderError(f"{path}: cannot read the watchlist ({error.strerror or error})") from error
    if "\x00" in text:
        raise ReaderError(f"{path}: not a watchlist (a binary file)")
    lines = text.splitlines()
    header = next((line for line in lines if line.strip()), "")
    delimiter = "\t" if "\t" in header else ";" if ";" in header and "," not in header else ","
    first_column = header.split(delimiter)[0].strip().strip('"').casefold()
    if first_column == "name" or path.suffix.casefold() in (".csv", ".tsv"):
        entries = _read_csv(path, text, delimiter, {label.upper() for label in labels})
    else:
        entries = [WatchEntry(" ".join(line.split())) for line in lines
                   if line.strip() and not line.lstrip().startswith("#")]
    merged: dict[str, WatchEntry] = {}
    for entry in entries:
        known = merged.get(entry.name)
        if known is None:
            merged[entry.name] = entry
        else:
            merged[entry.name] = replace(known, aliases=tuple(dict.fromkeys(known.aliases + entry.aliases)))
    if not merged:
        raise ReaderError(f"{path}: the watchlist has no names (a name per line, or CSV with a 'name' column)")
    for entry in merged.values():
        if not words_of(entry.name):
            raise ReaderError(f"{path}: “{entry.name}” has no letters or digits to look for")
    return list(merged.values())


def _read_csv(path: Path, text: str, delimiter: str, labels: set[str]) -> list[WatchEntry]:
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    columns = {(c or "").strip().casefold(): c for c in reader.fieldnames or ()}
    if "name" not in columns:
        raise ReaderError(f"{path}: not a watchlist (the CSV header needs a 'name' column; found"
                          f" {', '.join(repr(c) for c in columns) or 'none'})")
    unknown = set(columns) - {"name", "aliases", "type", "note"}
    if unknown:
        raise ReaderError(f"{path}: unknown column {sorted(unknown)[0]!r} (use name, aliases, type, note)")
    entries = []
    try:
        for row in reader:
            def cell(column: str) -> str:
                return " ".join((row.get(columns[column]) or "").split()) if column in columns else ""

            name = cell("name")
            if not name:
                if any(v and v.strip() for v in row.values() if isinstance(v, str)):
                    raise ReaderError(f"{path}: line {reader.line_num}: a row without a name")
                continue
            label = cell("type").upper() or None
            if label and label not in labels:
                raise ReaderError(f"{path}: line {reader.line_num}: unknown type {label!r}"
                                  f" (use one of {', '.join(sorted(labels))})")
            raw = cell("aliases")
            for separator in _ALIAS_SEPARATORS:
                raw = raw.replace(separator, "\n")
            aliases = tuple(dict.fromkeys(a.strip() for a in raw.split("\n") if a.strip() and a.strip() != name))
            entries.append(WatchEntry(name, aliases, label, cell("note") or None))
    except csv.Error as error:
        raise ReaderError(f"{path}: line {reader.line_num}: not valid CSV ({error})") from None
    return entries


class Watchlists:
    """The library's watchlists: add from files, list, hits, new hits, mark seen, tighten matching."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.db = library.db

    # ---- lists and names ------------------------------------------------------------

    def add_file(self, path: str | Path, progress: Progress | None = None) -> WatchlistReport:
        """Add (or refresh) the list named after the file, then find its names in every document."""
        from reader.labels import LABELS
        from reader.timestamps import now

        path = Path(path).expanduser()
        entries = read_watchlist(path, LABELS)
        with self.db.write():
            list_id = stored.save_watchlist(self.db, path.stem, str(path.resolve()), now())
            added, changed, removed = stored.replace_names(self.db, list_id, (
                (e.name, json.dumps(list(e.aliases), ensure_ascii=False), e.label, e.note) for e in entries))
        new_hits = self.match_pending(progress)
        return WatchlistReport(self._watchlist(list_id), added, changed, removed, new_hits)

    def lists(self) -> list[Watchlist]:
        return [Watchlist(row[0], row[1], row[2], MatchOptions.from_dict(json.loads(row[3])), *row[4:])
                for row in stored.watchlist_rows(self.db)]

    def names(self, watchlist: int | None = None) -> list[WatchedName]:
        counts = stored.name_counts(self.db)
        return [WatchedName(r.id, r.watchlist_id, r.watchlist, r.name, tuple(json.loads(r.aliases)), r.label, r.note,
                            _options(r), *counts.get(r.id, (0, 0, 0)))
                for r in stored.name_rows(self.db, watchlist)]

    def name(self, ref: int | str) -> WatchedName:
        """A watched name by id or by its name (case-insensitive)."""
        text = str(ref).strip()
        for n in self.names():
            if str(n.id) == text or n.name.casefold() == text.casefold():
                return n
        raise NotFound(f"no watched name {text!r}")

    def watchlist(self, ref: int | str) -> Watchlist:
        """A watchlist by id or by its name (case-insensitive)."""
        return self._watchlist(self._list_id(ref))

    def remove(self, watchlist: int | str) -> Watchlist:
        found = self._watchlist(self._list_id(watchlist))
        with self.db.write():
            stored.delete_watchlist(self.db, found.id)
        return found

    def set_options(self, watchlist: int | str | None = None, name: int | str | None = None,
                    progress: Progress | None = None, **changes) -> int:
        """Tighten or loosen matching of a whole list or of one name (ignore_case, fold_diacritics,
        fold_letters, any_order, similarity); the names concerned are matched again. Returns new hits."""
        bad = set(changes) - set(MatchOptions.__dataclass_fields__)
        if bad:
            raise ReaderError(f"unknown matching option {sorted(bad)[0]!r}"
                              f" (use {', '.join(MatchOptions.__dataclass_fields__)})")
        if "similarity" in changes and not 0 <= int(changes["similarity"]) <= 100:
            raise ReaderError("similarity is a percentage, 0 to 100 (100: the same letters)")
        with self.db.write():
            if name is not None:
                row = stored.name_rows(self.db, name_ids=[self.name(name).id])[0]
                stored.set_name_options(self.db, row.id, json.dumps({**json.loads(row.options), **changes}))
            else:
                found = self._watchlist(self._list_id(watchlist))
                stored.set_list_options(self.db, found.id, json.dumps({**asdict(found.options), **changes}))
        return self.match_pending(progress)

    # ---- hits -----------------------------------------------------------------------

    def hits(self, name: int | str | None = None, watchlist: int | str | None = None,
             new: bool = False, document_id: int | None = None, offset: int = 0,
             limit: int | None = None) -> list[WatchHit]:
        """Hits with their sentence, by name and document; `new`: only those not seen yet.
        `offset` and `limit` take a page of them (a window's list); a `name` given as an int is its id."""
        name_id = name if isinstance(name, int) else self.name(name).id if name is not None else None
        list_id = self._list_id(watchlist) if watchlist is not None else None
        out = []
        for row in stored.hit_rows(self.db, name_id, list_id, new, document_id, offset,
                                   -1 if limit is None else limit):
            context, start, end = context_of(row.window, row.start, row.end, row.window_start)
            label = row.label or WATCH_LABEL
            mention = Mention(row.id, row.document_id, row.start, row.end, row.text, label, None, "watchlist", "linked")
            out.append(WatchHit(row.id, row.name_id, row.name, row.watchlist, row.new,
                                MentionInContext(mention, row.name, label, row.document_title, row.document_path,
                                                 context, start, end)))
        return out

    def hit_groups(self, name_id: int, offset: int = 0, limit: int | None = None) -> list[WatchHitGroup]:
        """A page of the documents where a watched name was found, those with new hits first."""
        return [WatchHitGroup(*row[:5], row[5] or 0)
                for row in stored.hit_groups(self.db, name_id, offset, -1 if limit is None else limit)]

    def hit_group_total(self, name_id: int) -> int:
        return stored.hit_group_total(self.db, name_id)

    def mark_seen(self, names: Iterable[int | str] | None = None) -> None:
        """The hits found so far count as seen (for these names, or all): `new` starts again from here."""
        ids = None if names is None else [self.name(n).id for n in names]
        with self.db.write():
            stored.mark_seen(self.db, ids)

    # ---- matching -------------------------------------------------------------------

    def match_pending(self, progress: Progress | None = None) -> int:
        """Match names not matched yet against the whole library, then documents new or changed since
        the last matching against the names matched before. Returns how many hits are new."""
        if not stored.has_names(self.db):
            return 0
        before = stored.matched_name_ids(self.db)
        unmatched = stored.unmatched_name_ids(self.db)
        new = self._match_names(unmatched, progress) if unmatched else 0
        pending = stored.pending_document_ids(self.db)
        if pending and before:
            new += self._match_documents(pending, before, progress)
        elif pending:
            with self.db.write():  # the names just matched saw every document as it is now
                stored.mark_documents_matched(self.db, pending)
        return new

    def _patterns(self, name_ids: list[int]) -> list[Pattern]:
        rows = stored.name_rows(self.db, name_ids=name_ids)
        return [Pattern(r.id, tuple(v for v in (words_of(s) for s in [r.name, *json.loads(r.aliases)]) if v),
                        _options(r)) for r in rows]

    def _match_names(self, name_ids: list[int], progress: Progress | None) -> int:
        """These names against the whole library: the search index picks the documents to read."""
        patterns = self._patterns(name_ids)
        vocabulary = Vocabulary(stored.index_terms(self.db))
        accepted = vocabulary.expand(patterns)
        matcher = Matcher(patterns, accepted)
        wanted: dict[int, set[int] | None] = defaultdict(set)  # document -> names that may occur in it
        for pattern in patterns:
            for query in vocabulary.search_queries(pattern, accepted):
                for document_id in stored.documents_matching(self.db, query):
                    wanted[document_id].add(pattern.name_id)
        found = self._find(matcher, wanted, progress)
        with self.db.write():
            new = stored.sync_hits(self.db, found, name_ids=name_ids)
            stored.mark_names_matched(self.db, name_ids)
        return new

    def _match_documents(self, document_ids: list[int], name_ids: list[int], progress: Progress | None) -> int:
        """Documents new or changed since the last matching, against these names, read one by one."""
        patterns = self._patterns(name_ids)
        matcher = Matcher(patterns, Vocabulary(stored.index_terms(self.db)).expand(patterns))
        found = self._find(matcher, {document_id: None for document_id in document_ids}, progress)
        with self.db.write():
            new = stored.sync_hits(self.db, found, name_ids=name_ids, document_ids=document_ids)
            stored.mark_documents_matched(self.db, document_ids)
        return new

    def _find(self, matcher: Matcher, wanted: dict[int, set[int] | None],
              progress: Progress | None) -> list[tuple[int, int, int, int, str]]:
        found: list[tuple[int, int, int, int, str]] = []
        ids = sorted(wanted)
        for done, (document_id, text) in enumerate(stored.texts(self.db, ids), start=1):
            folded = fold_text(text)
            names = wanted[document_id]
            if names is None:
                names = matcher.candidates(folded)
            found += [(f.name_id, document_id, f.start, f.end, f.text) for f in matcher.find(text, folded, names)]
            if progress and done % 200 == 0:
                progress(done, len(ids), f"Looking for watched names: {done} of {len(ids)} documents")
        return found

    def _list_id(self, watchlist: int | str | None) -> int:
        if watchlist is None:
            raise ReaderError("choose a watchlist")
        text = str(watchlist).strip()
        for found in self.lists():
            if str(found.id) == text or found.name.casefold() == text.casefold():
                return found.id
        raise NotFound(f"no watchlist {text!r}")

    def _watchlist(self, list_id: int) -> Watchlist:
        for found in self.lists():
            if found.id == list_id:
                return found
        raise NotFound(f"no watchlist {list_id}")


def _options(row: stored.NameRow) -> MatchOptions:
    return MatchOptions.from_dict({**json.loads(row.list_options), **json.loads(row.options)})
