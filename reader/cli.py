"""Headless commands over Library; --json on every read command."""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from reader import cli_entities, cli_insights, cli_notes
from reader.errors import ReaderError
from reader.library import ImportReport, Library
from reader.paths import default_library_path


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="reader", description="Reader: follow people, places and organisations across news articles.")
    parser.add_argument("--library", metavar="PATH", help="library file (default: READER_LIBRARY, else one in your data directory)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help: str, json_flag: bool = False) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help)
        if json_flag:
            sub.add_argument("--json", action="store_true", help="print JSON")
        return sub

    sub = command("import", "import files and folders (.txt, .md, .html) and analyse them")
    sub.add_argument("paths", nargs="+", metavar="PATH")
    sub.add_argument("--no-analyze", action="store_true", help="store only; analyse later")
    sub = command("analyze", "analyse documents not yet analysed with the current model")
    sub.add_argument("--all", action="store_true", help="re-analyse every document")
    command("documents", "list documents", json_flag=True)
    sub = command("show", "print a document", json_flag=True)
    sub.add_argument("document", metavar="DOC", help="id, path or title")
    sub = command("entities", "list entities, most mentioned first", json_flag=True)
    sub.add_argument("--type", metavar="LABEL", help="only this type (PERSON, ORG, GPE, ...)")
    sub = command("mentions", "list mentions with their sentence", json_flag=True)
    sub.add_argument("--entity", metavar="E", help="entity id or name")
    sub.add_argument("--document", metavar="DOC", help="document id, path or title")
    sub = command("search", "full-text search (phrases in quotes, prefix*)", json_flag=True)
    sub.add_argument("query", metavar="QUERY")
    cli_insights.register(commands)
    entity_commands = cli_notes.register(commands)
    cli_entities.register(entity_commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        library = Library(args.library or default_library_path())
    except ReaderError as error:
        print(f"reader: {error}", file=sys.stderr)
        return 1
    try:
        return _COMMANDS[args.command](library, args)
    except ReaderError as error:
        print(f"reader: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("reader: interrupted; finished documents are kept", file=sys.stderr)
        return 130
    finally:
        library.close()


def _progress(done: int, total: int, message: str) -> None:
    if sys.stderr.isatty():
        print(f"\r\033[K{message} ({done}/{total})", end="", file=sys.stderr, flush=True)


def _import(library: Library, args) -> int:
    report = library.import_paths(args.paths, progress=_progress, analyse=not args.no_analyze)
    if sys.stderr.isatty():
        print("\r\033[K", end="", file=sys.stderr)
    _print_report(report)
    return 1 if report.refused or report.cancelled else 0


def _print_report(report: ImportReport) -> None:
    print(f"imported {len(report.added)}, updated {len(report.updated)}, unchanged {len(report.unchanged)},"
          f" duplicates {len(report.duplicates)}, refused {len(report.refused)}; analysed {report.analysed}")
    for message in report.duplicates:
        print(f"duplicate: {message}", file=sys.stderr)
    for refusal in report.refused:
        print(f"refused: {refusal}", file=sys.stderr)


def _analyze(library: Library, args) -> int:
    count = library.analyse(everything=args.all, progress=_progress)
    if sys.stderr.isatty():
        print("\r\033[K", end="", file=sys.stderr)
    print(f"analysed {count} document{'s' if count != 1 else ''}")
    return 0


def _emit(args, rows: list[dict], columns: Sequence[str]) -> int:
    if args.json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    if not rows:
        print("(none)")
        return 0
    widths = {c: min(60, max(len(c), *(len(str(r[c])) for r in rows))) for c in columns}
    print("  ".join(c.ljust(widths[c]) for c in columns))
    for row in rows:
        print("  ".join(_cell(row[c], widths[c]) for c in columns))
    return 0


def _cell(value, width: int) -> str:
    text = "" if value is None else str(value).replace("\n", " ")
    return (text[: width - 1] + "…" if len(text) > width else text).ljust(width)


def _documents(library: Library, args) -> int:
    rows = [{"id": d.id, "title": d.title, "path": d.path, "published": d.published,
             "words": d.words, "mentions": d.mentions, "entities": d.entities}
            for d in library.documents()]
    return _emit(args, rows, ["id", "title", "published", "words", "mentions"])


def _show(library: Library, args) -> int:
    d = library.document(args.document)
    if args.json:
        return _emit(args, {"id": d.id, "title": d.title, "path": d.path, "published": d.published,  # type: ignore[arg-type]
                            "words": d.words, "analysed_with": d.analysed_with, "text": d.text}, [])
    print(f"# {d.title}\n{d.path}" + (f"\n{d.published}" if d.published else "") + "\n")
    print(d.text)
    return 0


def _entities(library: Library, args) -> int:
    rows = [{"id": e.id, "name": e.name, "label": e.label, "mentions": e.mentions, "documents": e.documents}
            for e in library.entities(args.type)]
    return _emit(args, rows, ["id", "name", "label", "mentions", "documents"])


def _mentions(library: Library, args) -> int:
    entity_id = library.entity(args.entity).id if args.entity else None
    document_id = library.document(args.document).id if args.document else None
    rows = [{"id": m.mention.id, "entity_id": m.mention.entity_id, "entity": m.entity_name,
             "label": m.entity_label, "document_id": m.mention.document_id,
             "document_path": m.document_path, "start": m.mention.start, "end": m.mention.end,
             "text": m.mention.text, "source": m.mention.source, "context": m.context}
            for m in library.mentions(entity_id, document_id)]
    return _emit(args, rows, ["entity", "label", "document_id", "start", "text", "context"])


def _search(library: Library, args) -> int:
    return _emit(args, cli_insights.search_rows(library, args.query), ["id", "title", "snippet"])


_COMMANDS = {
    "import": _import, "analyze": _analyze, "documents": _documents, "show": _show,
    "entities": _entities, "mentions": _mentions, "search": _search,
}
_COMMANDS.update(cli_notes.COMMANDS)
_COMMANDS.update(cli_insights.COMMANDS)
cli_notes.ENTITY_COMMANDS.update(cli_entities.COMMANDS)
