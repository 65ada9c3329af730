"""Commands on entities: list, mentions, the co-occurrence graph, and `entity` corrections, suggestions, dossiers."""
from __future__ import annotations

import json

import click

from reader.cli.base import json_option, root, values_option, with_library
from reader.cli.output import counted, emit, emit_json, write_text
from reader.cli.shapes import correction_row, entity_row, graph_data, mention_row, note_row, suggestion_row
from reader.errors import NotFound, ReaderError
from reader.labels import LABELS
from reader.models import Entity
from reader.suspicious import REASONS

STORIES_HELP = "count each story once: near-duplicate documents count as one"


@root.command("entities")
@click.option("--type", "label", metavar="LABEL", help="only this type (PERSON, ORG, GPE, ...)")
@click.option("--stories", is_flag=True, help=STORIES_HELP)
@values_option
@click.option("--suspicious", is_flag=True,
              help="only entities worth a second look, with their reasons: " + "; ".join(
                  f"{code} ({words})" for code, words in REASONS.items()))
@json_option
@with_library
def list_entities(library, label: str | None, stories: bool, values: bool, suspicious: bool, as_json: bool) -> int:
    """List entities, most mentioned first (names; numbers and dates with --values or --type DATE...)."""
    entities = library.entities(label, values=values, stories=stories)
    if not suspicious:
        return emit([entity_row(e) for e in entities], ["id", "name", "label", "mentions", "documents"], as_json)
    reasons = library.analytics.suspicious()
    rows = [entity_row(e) | {"reasons": list(reasons[e.id])} for e in entities if e.id in reasons]
    if as_json:
        return emit_json(rows)
    table = [r | {"reasons": ", ".join(r["reasons"])} for r in rows]
    return emit(table, ["id", "name", "label", "mentions", "documents", "reasons"], False)


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
    """Correct entities (merge, rename, relabel, ignore, split, distinct), review merge suggestions,
    list, export and import corrections, print a dossier."""


def _done(correction) -> int:
    print(f"{correction.description} (correction {correction.id}; undo with `reader entity unrule {correction.id}`)")
    return 0


@entity.command()
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...")
@click.argument("target", metavar="TARGET")
@with_library
def merge(library, sources: tuple[str, ...], target: str) -> int:
    """SOURCE's mentions become TARGET's (each an id or any of the entity's names); several SOURCEs are
    one correction, undone at once."""
    found = [library.entity(source) for source in sources]
    kept = library.entity(target)
    if len(found) == 1:
        return _done(library.corrections.merge(found[0], kept))
    return _done(library.corrections.merge_many(found, kept))


@entity.command()
@click.argument("entity_ref", metavar="E")
@click.argument("name", metavar="NAME")
@with_library
def rename(library, entity_ref: str, name: str) -> int:
    """Give an entity a new display name."""
    return _done(library.corrections.rename(library.entity(entity_ref), name))


@entity.command(help=f"Change the type of one or more entities (one correction): {', '.join(LABELS)}.")
@click.argument("entity_refs", nargs=-1, required=True, metavar="E...")
@click.argument("label", metavar="LABEL")
@with_library
def relabel(library, entity_refs: tuple[str, ...], label: str) -> int:
    found = [library.entity(ref) for ref in entity_refs]
    if len(found) == 1:
        return _done(library.corrections.relabel(found[0], label))
    return _done(library.corrections.relabel_many(found, label))


@entity.command()
@click.argument("entity_refs", nargs=-1, required=True, metavar="E...")
@with_library
def ignore(library, entity_refs: tuple[str, ...]) -> int:
    """Mark one or more entities as not entities (one correction)."""
    return _done(library.corrections.ignore_many([library.entity(ref) for ref in entity_refs]))


@entity.command()
@click.argument("first", metavar="A")
@click.argument("second", metavar="B")
@with_library
def distinct(library, first: str, second: str) -> int:
    """Say A and B are not the same (each an id, an entity's name, or a name as written): they are never
    suggested or linked together again."""
    known = {c.id for c in library.corrections.list()}
    correction = library.corrections.distinct(_entity_or_name(library, first), _entity_or_name(library, second))
    if correction.id in known:
        print("already decided: ", end="")
    return _done(correction)


def _entity_or_name(library, ref: str) -> Entity | str:
    """The entity REF is the id, name or key of; else REF as written ("Putin" whose mentions joined
    "Vladimir Putin" stays the name "Putin")."""
    from reader.surfaces import surface_key

    try:
        found = library.entity(ref)
    except NotFound:
        return ref
    text = ref.strip()
    if str(found.id) == text or found.name.casefold() == text.casefold() or found.key == surface_key(text):
        return found
    return ref


@entity.command()
@click.option("--limit", type=click.IntRange(min=0), default=50, show_default=True, metavar="N",
              help="at most N suggestions (0: all)")
@json_option
@with_library
def suggest(library, limit: int, as_json: bool) -> int:
    """Entities that are probably one, most confident first: the rule, how sure, the documents that
    mention both, and a sentence from each side (--json). Accept one with `reader entity merge SOURCE
    TARGET`, refuse it with `reader entity distinct SOURCE TARGET`."""
    found = library.suggestions(limit or None)
    if as_json:
        return emit_json([suggestion_row(s) for s in found])
    rows = [{"confidence": f"{s.confidence:.2f}", "merge": f"{s.source.name} ({s.source.id})",
             "into": f"{s.target.name} ({s.target.id})", "rule": s.rule, "shared": s.shared_documents}
            for s in found]
    return emit(rows, ["confidence", "merge", "into", "rule", "shared"], False)


@entity.command()
@click.argument("entity_ref", metavar="E")
@click.argument("surface", metavar="SURFACE")
@with_library
def split(library, entity_ref: str, surface: str) -> int:
    """Take one name (SURFACE, as written in the text) back out of an entity."""
    return _done(library.corrections.split(library.entity(entity_ref), surface))


@entity.command()
@click.option("--export", "export_file", metavar="FILE",
              help="write every correction to FILE (JSON), to carry them to another library")
@click.option("--import", "import_file", metavar="FILE",
              help="add the corrections of FILE that this library lacks; they apply at once and after every import")
@json_option
@with_library
def rules(library, export_file: str | None, import_file: str | None, as_json: bool) -> int:
    """List the corrections (they re-apply after every analysis), or export or import them."""
    if export_file and import_file:
        raise ReaderError("--export or --import, one at a time")
    if export_file:
        count = library.corrections.export_rules(export_file)
        if as_json:
            return emit_json({"path": export_file, "corrections": count})
        print(f"exported {counted(count, 'correction')} to {export_file}")
        return 0
    if import_file:
        return _import_rules(library, import_file, as_json)
    rows = [correction_row(c) for c in library.corrections.list()]
    return emit(rows, ["id", "created", "description"], as_json)


def _import_rules(library, file: str, as_json: bool) -> int:
    report = library.corrections.import_rules(file)
    by_id = {c.id: c for c in library.corrections.list()}
    added = [by_id[i] for i in report.added]
    if as_json:
        return emit_json({"path": file, "added": [correction_row(c) for c in added], "rules": report.rules,
                          "skipped": report.skipped})
    print(f"{file}: added {counted(report.corrections, 'correction')} ({counted(report.rules, 'rule')});"
          f" skipped {counted(report.skipped, 'rule')} this library already has")
    for correction in added:
        print(f"added: {correction.description} (correction {correction.id};"
              f" undo with `reader entity unrule {correction.id}`)")
    return 0


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
