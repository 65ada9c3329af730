"""The `notes` commands: add, list, export and import notes."""
from __future__ import annotations

import sys

import click

from reader.cli.base import json_option, root, with_library
from reader.cli.output import emit, emit_json, write_text
from reader.cli.shapes import note_row
from reader.errors import ReaderError

NOTE_COLUMNS = ["id", "document_id", "entity_id", "start", "end", "quote", "body", "status"]


@root.group()
def notes() -> None:
    """Notes on passages, entities and documents: add, list, export, import."""


@notes.command()
@click.option("--document", metavar="DOC", help="document id, path or title")
@click.option("--quote", metavar="TEXT", help="the passage, as it is in the document (its first occurrence)")
@click.option("--entity", metavar="E", help="entity id or name")
@click.option("--body", metavar="TEXT", required=True, help="the note (Markdown); - reads it from stdin")
@json_option
@with_library
def add(library, document: str | None, quote: str | None, entity: str | None, body: str, as_json: bool) -> int:
    """Add a note on a passage (--document and --quote), an entity (--entity) or a document (--document)."""
    body = sys.stdin.read() if body == "-" else body
    if entity and (document or quote):
        raise ReaderError("a note is on an entity (--entity) or on a document (--document), not both")
    if entity:
        note = library.notes.add_entity_note(library.entity(entity).id, body)
    elif document and quote is not None:
        note = library.notes.add_quote_note(document, quote, body)
    elif document:
        note = library.notes.add_document_note(library.document(document).id, body)
    else:
        raise ReaderError("say what the note is on: --document DOC [--quote TEXT], or --entity E")
    if as_json:
        return emit_json(note_row(note))
    where = {"passage": f"characters {note.start}–{note.end} of document {note.document_id}",
             "document": f"document {note.document_id}", "entity": f"entity {note.entity_id}"}[note.kind]
    print(f"added note {note.id} on {where}")
    return 0


@notes.command("list")
@click.option("--document", metavar="DOC", help="only this document's notes")
@click.option("--entity", metavar="E", help="notes on this entity and on passages that mention it")
@click.option("--status", type=click.Choice(["anchored", "orphaned"]), help="only notes with this status")
@click.option("--query", metavar="TEXT", help="only notes whose body or quote contains this")
@json_option
@with_library
def list_notes(library, document: str | None, entity: str | None, status: str | None, query: str | None,
               as_json: bool) -> int:
    """List notes, by document then position."""
    entity_id = library.entity(entity).id if entity else None
    document_id = library.document(document).id if document else None
    found = library.notes.list(document_id=document_id, entity_id=entity_id, status=status, query=query)
    return emit([note_row(n) for n in found], NOTE_COLUMNS, as_json)


@notes.command("export")
@click.option("--format", "kind", type=click.Choice(["md", "csv", "json"]), required=True,
              help="Markdown, CSV, or W3C Web Annotations (JSON)")
@click.option("--output", metavar="FILE", help="write to this file instead of stdout")
@with_library
def export_notes(library, kind: str, output: str | None) -> int:
    """Export every note."""
    write_text(library.notes.export(kind), output)
    return 0


@notes.command("import")
@click.argument("file", metavar="FILE")
@with_library
def import_notes(library, file: str) -> int:
    """Import W3C Web Annotations JSON; notes anchor by their quote in this library's documents."""
    report = library.notes.import_file(file)
    print(report)
    for message in report.skipped:
        print(f"skipped: {message}", file=sys.stderr)
    for message in report.warnings:
        print(f"warning: {message}", file=sys.stderr)
    return 0
