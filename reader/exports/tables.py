"""Entities and mentions as CSV for spreadsheets, written a row at a time."""
from __future__ import annotations

import csv
import json
from typing import TYPE_CHECKING, TextIO

from reader.errors import Cancelled
from reader.export import spreadsheet_cell
from reader.labels import VALUE_LABELS
from reader.exports.types import Progress, type_word
from reader.storage import exports as stored
from reader.text import context_of

if TYPE_CHECKING:
    from reader.library import Library

ENTITY_COLUMNS = ["id", "name", "type", "label", "aliases", "mentions", "documents", "first_date", "last_date"]
MENTION_COLUMNS = ["entity_id", "entity", "type", "label", "document_id", "document", "start", "end", "text",
                   "sentence"]
ALIAS_SEPARATOR = "; "


def _never() -> bool:
    return False


def entities_csv(library: Library, out: TextIO, progress: Progress | None = None,
                 cancelled=_never, values: bool = False) -> int:
    """Every entity with mentions, most mentioned first: id, name, type (a word) and label (the
    model's code), its other names, counts, and the first and last dates of its documents.
    Numbers and dates only with `values`. Returns how many rows were written."""
    library.analytics.refresh()  # the dates come from the analytics cache
    writer = csv.writer(out)
    writer.writerow(ENTITY_COLUMNS)
    total = len(library.entities(values=values)) if progress else 0
    rows = 0
    leave_out = () if values else VALUE_LABELS
    for entity_id, name, label, mentions, documents, first, last, written in stored.entities_with_aliases(library.db,
                                                                                                       leave_out):
        aliases = [text for text in json.loads(written or "[]") if text != name]
        writer.writerow([entity_id, spreadsheet_cell(name), type_word(label), label,
                         spreadsheet_cell(ALIAS_SEPARATOR.join(aliases)), mentions, documents, first or "",
                         last or ""])
        rows += 1
        if rows % 1000 == 0:
            _check(cancelled, rows, "entities")
            if progress:
                progress(rows, total, f"Exporting entities ({rows:,} of {total:,})")
    return rows


def mentions_csv(library: Library, out: TextIO, progress: Progress | None = None, cancelled=_never,
                 values: bool = False) -> int:
    """Every linked mention, by document then position: its entity, its document, its offsets
    (`text[start:end]` of the document is the mention) and its sentence; numbers and dates only with
    `values`. Returns the row count."""
    writer = csv.writer(out)
    writer.writerow(MENTION_COLUMNS)
    total = stored.count_linked_mentions(library.db) if progress else 0
    rows = 0
    for document_id, title, text, mentions in stored.documents_with_mentions(library.db,
                                                                              () if values else VALUE_LABELS):
        _check(cancelled, rows, "mentions")
        document = spreadsheet_cell(title)
        for start, end, surface, entity_id, name, label in mentions:
            sentence = context_of(text, start, end)[0].replace("\n", " ")
            writer.writerow([entity_id, spreadsheet_cell(name), type_word(label), label, document_id, document,
                             start, end, spreadsheet_cell(surface), spreadsheet_cell(sentence)])
        rows += len(mentions)
        if progress:
            progress(rows, total, f"Exporting mentions ({rows:,} of {total:,})")
    return rows


def _check(cancelled, rows: int, what: str) -> None:
    if cancelled():
        raise Cancelled(f"export of {what} cancelled after {rows:,} rows")
