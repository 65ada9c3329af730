"""Commands on entities: list, mentions, the co-occurrence graph, and `entity` corrections and dossiers."""
from __future__ import annotations

import json

import click

from reader.cli.base import values_option, json_option, root, with_library
from reader.cli.output import emit, emit_json, write_text
from reader.cli.shapes import correction_row, entity_row, graph_data, mention_row, note_row
from reader.labels import LABELS


STORIES_HELP = "count each story once: near-duplicate documents count as one"


@root.command("entities")
@click.option("--type", "label", metavar="LABEL", help="only this type (PERSON, ORG, GPE, ...)")
@click.option("--stories", is_flag=True, help=STORIES_HELP)
@values_option
@json_option
@with_library
def list_entities(library, label: str | None, stories: bool, values: bool, as_json: bool) -> int:
    """List entities, most mentioned first (names; numbers and dates with --values or --type DATE...)."""
    rows = [entity_row(e) for e in library.entities(label, values=values, stories=stories)]
    return emit(rows, ["id", "name", "label", "mentions", "documents"], as_json)


@root.command()
@click.option("--entity", metavar="E", help="only this entity (id or any of its names)")
@click.option("--document", metavar="DOC", help="only this document (id, path or title)")
@json_option
@with_library
def mentions(library, entity: str | None, document: str | None, as_json: bool) -> int:
    """List mentions with their sentence; text[start:end] of the document is the mention."""
    entity_id = library.entity(entity).id if entity else None
    document_id = library.document(document).id if document else None
    rows = [mention_row(m) for m in library.mentions(entity_id, document_id)]
    return emit(rows, ["entity", "label", "document_id", "start", "text", "context"], as_json)


@root.command()
@click.option("--min-weight", type=int, default=1, metavar="N", help="only pairs sharing at least N paragraphs")
@click.option("--type", "labels", multiple=True, metavar="LABEL",
              help="only entities of this type (PERSON, ORG, GPE, ...); repeat for several")
@click.option("--top", type=int, default=150, metavar="N", help="how many of the most mentioned entities")
@click.option("--stories", is_flag=True, help=STORIES_HELP)
@json_option
@with_library
def graph(library, min_weight: int, labels: tuple[str, ...], top: int, stories: bool, as_json: bool) -> int:
    """Who appears with whom: entities and how many paragraphs each pair shares."""
    data = graph_data(library.analytics.graph(min_weight, list(labels) or None, top, stories=stories))
    if as_json:
        return emit_json(data)
    names = {n["id"]: n["name"] for n in data["nodes"]}
    print(f"{len(data['nodes'])} entities, {len(data['edges'])} pairs sharing at least "
          f"{min_weight} paragraph{'s' if min_weight != 1 else ''}")
    rows = [{"entity": names[e["source"]], "with": names[e["target"]], "paragraphs": e["weight"]}
            for e in data["edges"]]
    return emit(rows, ["entity", "with", "paragraphs"], False) if rows else 0


@root.group()
def entity() -> None:
    """Correct an entity (merge, rename, relabel, ignore, split), list corrections, print a dossier."""


def _done(correction) -> int:
    print(f"{correction.description} (correction {correction.id}; undo with `reader entity unrule {correction.id}`)")
    return 0


@entity.command()
@click.argument("source", metavar="SOURCE")
@click.argument("target", metavar="TARGET")
@with_library
def merge(library, source: str, target: str) -> int:
    """SOURCE's mentions become TARGET's (each an id or any of the entity's names)."""
    return _done(library.corrections.merge(library.entity(source), library.entity(target)))


@entity.command()
@click.argument("entity_ref", metavar="E")
@click.argument("name", metavar="NAME")
@with_library
def rename(library, entity_ref: str, name: str) -> int:
    """Give an entity a new display name."""
    return _done(library.corrections.rename(library.entity(entity_ref), name))


@entity.command(help=f"Change an entity's type: {', '.join(LABELS)}.")
@click.argument("entity_ref", metavar="E")
@click.argument("label", metavar="LABEL")
@with_library
def relabel(library, entity_ref: str, label: str) -> int:
    return _done(library.corrections.relabel(library.entity(entity_ref), label))


@entity.command()
@click.argument("entity_ref", metavar="E")
@with_library
def ignore(library, entity_ref: str) -> int:
    """Mark an entity as not an entity."""
    return _done(library.corrections.ignore(library.entity(entity_ref)))


@entity.command()
@click.argument("entity_ref", metavar="E")
@click.argument("surface", metavar="SURFACE")
@with_library
def split(library, entity_ref: str, surface: str) -> int:
    """Take one name (SURFACE, as written in the text) back out of an entity."""
    return _done(library.corrections.split(library.entity(entity_ref), surface))


@entity.command()
@json_option
@with_library
def rules(library, as_json: bool) -> int:
    """List the corrections (they re-apply after every analysis)."""
    rows = [correction_row(c) for c in library.corrections.list()]
    return emit(rows, ["id", "created", "description"], as_json)


@entity.command()
@click.argument("correction", metavar="ID", type=int)
@with_library
def unrule(library, correction: int) -> int:
    """Remove a correction by its id (see `reader entity rules`)."""
    print(f"Removed: {library.corrections.remove(correction).description}")
    return 0


@entity.command()
@click.argument("entity_ref", metavar="E")
@click.option("--output", metavar="FILE", help="write to this file instead of stdout")
@json_option
@with_library
def dossier(library, entity_ref: str, output: str | None, as_json: bool) -> int:
    """The entity, its names, every mention with its sentence, and its notes (Markdown or JSON)."""
    found = library.entity(entity_ref)
    if not as_json:
        write_text(library.notes.dossier(found.id), output)
        return 0
    data = {
        "entity": entity_row(found) | {"key": found.key},
        "aliases": [{"surface": surface, "count": count} for surface, count in library.entity_surfaces(found.id)],
        "mentions": [mention_row(m) for m in library.mentions(entity_id=found.id)],
        "notes": [note_row(n) for n in library.notes.list(entity_id=found.id)],
    }
    write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", output)
    return 0
