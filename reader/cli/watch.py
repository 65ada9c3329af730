"""The `watch` commands: add watchlists, list them, their hits and new hits, mark seen, tighten matching."""
from __future__ import annotations

from collections import defaultdict

import click

from reader.cli.base import json_option, root, with_library
from reader.cli.output import counted, emit, emit_json, end_progress, progress
from reader.cli.shapes import watch_hit_row, watchlist_row
from reader.errors import ReaderError


@root.group()
def watch() -> None:
    """Watchlists: your own lists of names, found in every document, with the new hits since you last looked."""


@watch.command()
@click.argument("file", metavar="FILE")
@with_library
def add(library, file: str) -> int:
    """Add a watchlist and find its names in every document: CSV with the header name,aliases,type,note
    (aliases separated by | or ;), or text with a name per line. The list is named after the file;
    adding the file again updates it."""
    report = library.watchlists.add_file(file, progress=progress)
    end_progress()
    w = report.watchlist
    print(f"watchlist “{w.name}”: {counted(w.names, 'name')} ({report.added} added, {report.changed} changed,"
          f" {report.removed} removed); {counted(report.new_hits, 'new hit')}")
    return 0


@watch.command("list")
@json_option
@with_library
def list_watchlists(library, as_json: bool) -> int:
    """Watchlists and their names, with hits, documents and new hits."""
    names = library.watchlists.names()
    if as_json:
        by_list = defaultdict(list)
        for n in names:
            by_list[n.watchlist_id].append(n)
        return emit_json([watchlist_row(w, by_list[w.id]) for w in library.watchlists.lists()])
    rows = [{"list": n.watchlist, "id": n.id, "name": n.name, "hits": n.hits, "documents": n.documents, "new": n.new}
            for n in names]
    return emit(rows, ["list", "id", "name", "hits", "documents", "new"], False)


@watch.command()
@click.option("--new", "new_only", is_flag=True, help="only hits not seen yet (see `reader watch seen`)")
@click.option("--name", metavar="NAME", help="only this watched name (its id or name)")
@click.option("--list", "watchlist", metavar="LIST", help="only this watchlist (its id or name)")
@json_option
@with_library
def hits(library, new_only: bool, name: str | None, watchlist: str | None, as_json: bool) -> int:
    """Where watched names occur, with their sentence; JSON as `reader mentions` prints a mention, plus
    name_id, watchlist and new."""
    rows = [watch_hit_row(h) for h in library.watchlists.hits(name, watchlist, new=new_only)]
    if as_json:
        return emit_json(rows)
    table = [{"name": r["entity"], "new": "new" if r["new"] else "", "document_id": r["document_id"],
              "start": r["start"], "text": r["text"], "context": r["context"]} for r in rows]
    return emit(table, ["name", "new", "document_id", "start", "text", "context"], False)


@watch.command()
@click.argument("names", nargs=-1, metavar="[NAME...]")
@with_library
def seen(library, names: tuple[str, ...]) -> int:
    """Count the hits found so far as seen, of these names (ids or names) or of all: `reader watch hits
    --new` then lists only what later imports find."""
    chosen = [library.watchlists.name(n) for n in names] if names else library.watchlists.names()
    new = sum(n.new for n in chosen)
    library.watchlists.mark_seen([n.id for n in chosen] if names else None)
    print(f"marked {counted(new, 'new hit')} of {counted(len(chosen), 'name')} as seen")
    return 0


@watch.command("set")
@click.argument("name", metavar="[NAME]", required=False)
@click.option("--list", "watchlist", metavar="LIST", help="change a whole watchlist instead of one name")
@click.option("--exact-case/--any-case", "exact_case", default=None,
              help="“Aliyev” finds only “Aliyev”, not “ALIYEV” (default: any case)")
@click.option("--diacritics-folding/--no-diacritics-folding", "fold_diacritics", default=None,
              help="“Turkiye” finds “Türkiye” (default: on)")
@click.option("--letter-folding/--no-letter-folding", "fold_letters", default=None,
              help="letters transliterations vary in: “Aliyev” finds “Əliyev” (default: on)")
@click.option("--any-order/--ordered", "any_order", default=None,
              help="“Aliyev Ilham” finds “Ilham Aliyev” (default: any order)")
@click.option("--similarity", type=click.IntRange(0, 100), metavar="PERCENT",
              help="how alike each word of five letters or more must be; 100: the same letters (default: 90)")
@with_library
def set_matching(library, name: str | None, watchlist: str | None, exact_case: bool | None,
                 fold_diacritics: bool | None, fold_letters: bool | None, any_order: bool | None,
                 similarity: int | None) -> int:
    """Tighten or loosen how one watched name (NAME: its id or name) or a whole list (--list) is found;
    its hits are found again at once. A name's own settings win over its list's."""
    if (name is None) == (watchlist is None):
        raise ReaderError("say what to change: a watched name (NAME) or a whole list (--list LIST)")
    changes = {key: value for key, value in (
        ("ignore_case", None if exact_case is None else not exact_case), ("fold_diacritics", fold_diacritics),
        ("fold_letters", fold_letters), ("any_order", any_order), ("similarity", similarity),
    ) if value is not None}
    if not changes:
        raise ReaderError("nothing to change: give --exact-case, --no-diacritics-folding, --no-letter-folding,"
                          " --ordered, --similarity PERCENT (or their opposites)")
    new = library.watchlists.set_options(watchlist=watchlist, name=name, progress=progress, **changes)
    end_progress()
    found = library.watchlists.name(name) if name is not None else library.watchlists.watchlist(watchlist)
    what = f"“{found.name}”" if name is not None else f"watchlist “{found.name}”"
    print(f"{what}: {_described(found.options)}; {counted(found.hits, 'hit')}, {new} new")
    return 0


def _described(options) -> str:
    return ", ".join([
        "any case" if options.ignore_case else "exact case",
        "diacritics folded" if options.fold_diacritics else "diacritics kept",
        "letters folded" if options.fold_letters else "letters kept",
        "any order" if options.any_order else "in order",
        f"similarity {options.similarity}%",
    ])


@watch.command()
@click.argument("watchlist", metavar="LIST")
@with_library
def remove(library, watchlist: str) -> int:
    """Remove a watchlist (its id or name), its names and their hits; the file is not touched."""
    removed = library.watchlists.remove(watchlist)
    print(f"removed watchlist “{removed.name}” ({counted(removed.names, 'name')}, {counted(removed.hits, 'hit')})")
    return 0
