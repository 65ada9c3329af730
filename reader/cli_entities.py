"""CLI commands that correct entities: merge, rename, relabel, ignore, split, rules."""
from __future__ import annotations

import argparse
import json
import sys

from reader.labels import LABELS
from reader.library import Library


def register(entity_commands) -> None:
    """Add the correction sub-commands to the `entity` command's sub-parsers."""
    sub = entity_commands.add_parser("merge", help="merge SOURCE into TARGET (SOURCE's mentions become TARGET's)")
    sub.add_argument("source", metavar="SOURCE", help="entity id or any of its names")
    sub.add_argument("target", metavar="TARGET", help="entity id or any of its names")
    sub = entity_commands.add_parser("rename", help="give an entity a new display name")
    sub.add_argument("entity", metavar="E")
    sub.add_argument("name", metavar="NAME")
    sub = entity_commands.add_parser("relabel", help="change an entity's type")
    sub.add_argument("entity", metavar="E")
    sub.add_argument("label", metavar="LABEL", help=", ".join(LABELS))
    sub = entity_commands.add_parser("ignore", help="mark an entity as not an entity")
    sub.add_argument("entity", metavar="E")
    sub = entity_commands.add_parser("split", help="make one of an entity's names an entity of its own")
    sub.add_argument("entity", metavar="E")
    sub.add_argument("surface", metavar="SURFACE", help="the name to split out, as written in the text")
    sub = entity_commands.add_parser("rules", help="list the corrections (they re-apply after every analysis)")
    sub.add_argument("--json", action="store_true", help="print JSON")
    sub = entity_commands.add_parser("unrule", help="remove a correction by its id (see `entity rules`)")
    sub.add_argument("correction", metavar="ID", type=int)


def _done(library: Library, correction) -> int:
    print(f"{correction.description} (correction {correction.id}; undo with `reader entity unrule {correction.id}`)")
    return 0


def _merge(library: Library, args: argparse.Namespace) -> int:
    return _done(library, library.corrections.merge(library.entity(args.source), library.entity(args.target)))


def _rename(library: Library, args: argparse.Namespace) -> int:
    return _done(library, library.corrections.rename(library.entity(args.entity), args.name))


def _relabel(library: Library, args: argparse.Namespace) -> int:
    return _done(library, library.corrections.relabel(library.entity(args.entity), args.label))


def _ignore(library: Library, args: argparse.Namespace) -> int:
    return _done(library, library.corrections.ignore(library.entity(args.entity)))


def _split(library: Library, args: argparse.Namespace) -> int:
    return _done(library, library.corrections.split(library.entity(args.entity), args.surface))


def _rules(library: Library, args: argparse.Namespace) -> int:
    corrections = library.corrections.list()
    if args.json:
        rows = [{"id": c.id, "kind": c.kind, "description": c.description, "created": c.created,
                 "rules": [{"kind": k, "key": key, "value": v} for k, key, v in c.rules]} for c in corrections]
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        print()
    elif not corrections:
        print("(no corrections)")
    for c in corrections if not args.json else []:
        print(f"{c.id:>4}  {c.created}  {c.description}")
    return 0


def _unrule(library: Library, args: argparse.Namespace) -> int:
    correction = library.corrections.remove(args.correction)
    print(f"Removed: {correction.description}")
    return 0


COMMANDS = {"merge": _merge, "rename": _rename, "relabel": _relabel, "ignore": _ignore, "split": _split,
            "rules": _rules, "unrule": _unrule}
