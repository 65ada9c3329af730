"""Commands on documents: import, analyze, documents, show, search, and document set (title, date)."""
from __future__ import annotations

import sys

import click

from reader.cli.base import json_option, root, with_library
from reader.cli.output import counted, emit, emit_json, end_progress, progress
from reader.cli.shapes import document_detail, document_row, hit_row, near_duplicate_row


@root.command("import")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--no-analyze", is_flag=True, help="store only; analyse later with `reader analyze`")
@with_library
def import_(library, paths: tuple[str, ...], no_analyze: bool) -> int:
    """Import files and folders (recursively) and analyse them."""
    report = library.import_paths(list(paths), progress=progress, analyse=not no_analyze)
    end_progress()
    watched = f"; {counted(report.watch_hits, 'new watchlist hit')}" if report.watch_hits else ""
    print(f"imported {len(report.added)}, updated {len(report.updated)}, unchanged {len(report.unchanged)},"
          f" duplicates {len(report.duplicates)}, refused {len(report.refused)}; analysed {report.analysed}"
          + (f"; {report.near_duplicates} tell a story already here" if report.near_duplicates else "") + watched)
    for message in report.duplicates:
        print(f"duplicate: {message}", file=sys.stderr)
    for refusal in report.refused:
        print(f"refused: {refusal}", file=sys.stderr)
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return 1 if report.refused or report.cancelled else 0


@root.command()
@click.option("--all", "everything", is_flag=True, help="re-analyse every document, keeping every correction")
@with_library
def analyze(library, everything: bool) -> int:
    """Analyse pending documents, such as those an interrupted import left."""
    count = library.analyse(everything=everything, progress=progress)
    end_progress()
    print(f"analysed {count} document{'s' if count != 1 else ''}")
    return 0


@root.command()
@json_option
@with_library
def documents(library, as_json: bool) -> int:
    """List documents: id, title, date, words, mentions, and how many others tell the same story."""
    rows = [document_row(d) for d in library.documents()]
    return emit(rows, ["id", "title", "published", "words", "mentions", "also_in"], as_json)


@root.command()
@click.argument("document", metavar="DOC")
@json_option
@with_library
def show(library, document: str, as_json: bool) -> int:
    """Print a document's text (DOC is an id, a path or a title), and where else its story is."""
    d = library.document(document)
    others = library.stories.near_duplicates(d.id)
    if as_json:
        return emit_json(document_detail(d) | {"story": library.stories.story_of(d.id),
                                                "near_duplicates": [near_duplicate_row(n) for n in others]})
    print(f"# {d.title}\n{d.path}" + (f"\n{d.published}" if d.published else "")
          + "".join(f"\nalso in: {n.source or n.path} (document {n.id}, “{n.title}”)" for n in others) + "\n")
    print(d.text)
    return 0


@root.command()
@click.argument("query", metavar="QUERY")
@click.option("--limit", type=int, default=50, show_default=True, help="at most this many documents")
@json_option
@with_library
def search(library, query: str, limit: int, as_json: bool) -> int:
    """Full-text search with ranking: phrases in quotes, prefix*, AND / OR / NOT."""
    rows = [hit_row(h) for h in library.search(query, limit)]
    return emit(rows, ["id", "title", "snippet"], as_json)


@root.group()
def document() -> None:
    """Change a document: its title and date."""


@document.command("set")
@click.argument("ref", metavar="DOC")
@click.option("--title", help="the title to show and search (instead of the file's)")
@click.option("--date", "published", metavar="DATE",
              help='the date it was published: 2024-03-31 or "March 31, 2024"; "" for no date')
@with_library
def set_details(library, ref: str, title: str | None, published: str | None) -> int:
    """Give a document (an id, a path or a title) its own title and date; a re-import of its file keeps them."""
    if title is None and published is None:
        raise click.UsageError("give --title, --date or both")
    changed = library.set_document_details(ref, title=title, published=published)
    d = library.document(next(iter(changed.documents)))
    print(f"document {d.id}: “{d.title}”, {d.published or 'no date'}")
    return 0
