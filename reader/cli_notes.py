"""The `notes` and `entity` commands: write, list, export and import notes; entity dossiers."""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from reader.errors import ReaderError
from reader.models import Note

Handler = Callable[..., int]  # (library, args) -> exit code

NOTE_COLUMNS = ["id", "document_id", "entity_id", "start", "end", "quote", "body", "status"]


def register(subparsers: argparse._SubParsersAction) -> argparse._SubParsersAction:
    """Add `notes ...` and `entity ...` to the top-level commands; returns the entity sub-commands."""
    notes = subparsers.add_parser("notes", help="write, list, export and import notes",
                                  description="Notes on passages, entities and documents.")
    commands = notes.add_subparsers(dest="notes_command", required=True, metavar="ACTION")

    sub = commands.add_parser(
        "add", help="add a note on a passage (--document and --quote), an entity, or a document",
        description="Add a note: --document DOC --quote TEXT for a passage (its first occurrence),"
                    " --entity E for an entity, --document DOC alone for the whole document.")
    sub.add_argument("--document", metavar="DOC", help="document id, path or title")
    sub.add_argument("--quote", metavar="TEXT", help="the passage, as it is in the document")
    sub.add_argument("--entity", metavar="E", help="entity id or name")
    sub.add_argument("--body", metavar="TEXT", required=True, help="the note (Markdown); - reads it from stdin")
    sub.add_argument("--json", action="store_true", help="print the new note as JSON")
    sub.set_defaults(handler=_add)

    sub = commands.add_parser("list", help="list notes", description="List notes, by document then position.")
    sub.add_argument("--document", metavar="DOC", help="only this document's notes")
    sub.add_argument("--entity", metavar="E", help="notes on this entity and on passages that mention it")
    sub.add_argument("--status", choices=["anchored", "orphaned"], help="only notes with this status")
    sub.add_argument("--query", metavar="TEXT", help="only notes whose body or quote contains this")
    sub.add_argument("--json", action="store_true", help="print JSON")
    sub.set_defaults(handler=_list)

    sub = commands.add_parser("export", help="export notes as Markdown, CSV or W3C Web Annotation JSON",
                              description="Export every note (stdout unless --output).")
    sub.add_argument("--format", choices=["md", "csv", "json"], required=True)
    sub.add_argument("--output", metavar="FILE", help="write to this file")
    sub.set_defaults(handler=_export)

    sub = commands.add_parser("import", help="import notes from W3C Web Annotation JSON",
                              description="Import notes exported as JSON; they anchor by quote here.")
    sub.add_argument("file", metavar="FILE")
    sub.set_defaults(handler=_import)

    entity = register_entity(subparsers)
    sub = entity.add_parser("dossier", help="an entity's dossier in Markdown",
                            description="Its names, notes, and every mention with its sentence.")
    sub.add_argument("entity", metavar="E", help="entity id or name")
    sub.add_argument("--output", metavar="FILE", help="write to this file")
    sub.add_argument("--json", action="store_true", help="the same as JSON instead of Markdown")
    return entity


def register_entity(subparsers: argparse._SubParsersAction) -> argparse._SubParsersAction:
    """Add the `entity` command; returns its sub-commands, for others to add theirs.

    A sub-command added there is run by COMMANDS["entity"]: its handler fn(library, args) -> int
    is found in ENTITY_COMMANDS by sub-command name, else given by `set_defaults(handler=fn)`.
    """
    parser = subparsers.add_parser("entity", help="correct an entity (merge, rename, relabel, ignore, split) or print its dossier",
                                   description="Commands on one entity.")
    return parser.add_subparsers(dest="entity_command", required=True, metavar="ACTION")


def _notes(library, args) -> int:
    return args.handler(library, args)


def _entity(library, args) -> int:
    handler = ENTITY_COMMANDS.get(args.entity_command) or getattr(args, "handler", None)
    if handler is None:
        raise ReaderError(f"`entity {args.entity_command}` has no handler")
    return handler(library, args)


# ---- handlers ------------------------------------------------------------------------------

def _add(library, args) -> int:
    body = sys.stdin.read() if args.body == "-" else args.body
    if args.entity and (args.document or args.quote):
        raise ReaderError("a note is on an entity (--entity) or on a document (--document), not both")
    if args.entity:
        note = library.notes.add_entity_note(library.entity(args.entity).id, body)
    elif args.document and args.quote is not None:
        note = library.notes.add_quote_note(args.document, args.quote, body)
    elif args.document:
        note = library.notes.add_document_note(library.document(args.document).id, body)
    else:
        raise ReaderError("say what the note is on: --document DOC [--quote TEXT], or --entity E")
    if args.json:
        return _print_json(note_row(note))
    where = {"passage": f"characters {note.start}–{note.end} of document {note.document_id}",
             "document": f"document {note.document_id}", "entity": f"entity {note.entity_id}"}[note.kind]
    print(f"added note {note.id} on {where}")
    return 0


def _list(library, args) -> int:
    entity_id = library.entity(args.entity).id if args.entity else None
    document_id = library.document(args.document).id if args.document else None
    notes = library.notes.list(document_id=document_id, entity_id=entity_id, status=args.status,
                               query=args.query)
    rows = [note_row(n) for n in notes]
    if args.json:
        return _print_json(rows)
    return _print_table(rows, NOTE_COLUMNS)


def _export(library, args) -> int:
    _write(library.notes.export(args.format), args.output)
    return 0


def _import(library, args) -> int:
    try:
        text = Path(args.file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ReaderError(f"{args.file}: cannot read ({getattr(error, 'strerror', None) or error})") from error
    try:
        report = library.notes.import_json(text)
    except ReaderError as error:
        raise ReaderError(f"{args.file}: {error}") from error
    print(report)
    for message in report.skipped:
        print(f"skipped: {message}", file=sys.stderr)
    return 0


def _dossier(library, args) -> int:
    entity = library.entity(args.entity)
    if not args.json:
        _write(library.notes.dossier(entity.id), args.output)
        return 0
    data = {
        "entity": {"id": entity.id, "name": entity.name, "label": entity.label, "key": entity.key,
                   "mentions": entity.mentions, "documents": entity.documents},
        "aliases": [{"surface": surface, "count": count} for surface, count in library.entity_surfaces(entity.id)],
        "mentions": [{"id": m.mention.id, "document_id": m.mention.document_id, "document_title": m.document_title,
                      "document_path": m.document_path, "start": m.mention.start, "end": m.mention.end,
                      "text": m.mention.text, "context": m.context} for m in library.mentions(entity_id=entity.id)],
        "notes": [note_row(n) for n in library.notes.list(entity_id=entity.id)],
    }
    _write(json.dumps(data, ensure_ascii=False, indent=2) + "\n", args.output)
    return 0


ENTITY_COMMANDS: dict[str, Handler] = {"dossier": _dossier}  # `entity` sub-command name -> handler
COMMANDS: dict[str, Handler] = {"notes": _notes, "entity": _entity}  # top-level command -> handler


# ---- output --------------------------------------------------------------------------------

def note_row(note: Note) -> dict:
    """A note as `notes list --json` prints it."""
    return {"id": note.id, "kind": note.kind, "document_id": note.document_id, "entity_id": note.entity_id,
            "entity_key": note.entity_key, "start": note.start, "end": note.end, "quote": note.quote,
            "prefix": note.prefix, "suffix": note.suffix, "body": note.body, "status": note.status,
            "created": note.created, "updated": note.updated}


def _write(text: str, output: str | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    try:
        Path(output).write_text(text, encoding="utf-8", newline="")
    except OSError as error:
        raise ReaderError(f"{output}: cannot write ({error.strerror or error})") from error
    print(f"wrote {output}", file=sys.stderr)


def _print_json(data: object) -> int:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    print()
    return 0


def _print_table(rows: list[dict], columns: Sequence[str]) -> int:
    if not rows:
        print("(none)")
        return 0
    widths = {c: min(40, max(len(c), *(len(_text(r[c])) for r in rows))) for c in columns}
    print("  ".join(c.ljust(widths[c]) for c in columns).rstrip())
    for row in rows:
        cells = []
        for c in columns:
            text = _text(row[c])
            cells.append((text[: widths[c] - 1] + "…" if len(text) > widths[c] else text).ljust(widths[c]))
        print("  ".join(cells).rstrip())
    return 0


def _text(value: object) -> str:
    return "" if value is None else str(value).replace("\n", " ")
