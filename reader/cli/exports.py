"""The `export` commands: entities and mentions as CSV, the graph as GraphML or GEXF, a Markdown vault."""
from __future__ import annotations

import sys

import click

from reader.cli.base import values_option, root, with_library
from reader.cli.output import end_progress, output_file, progress
from reader.errors import ReaderError

OUTPUT_HELP = "write to this file (replaced only once complete) instead of standard output"


@root.group()
def export() -> None:
    """Export for other tools: entities and mentions (CSV), the graph (GraphML, GEXF), a Markdown vault."""


def _said(count: int, what: str, output: str | None) -> None:
    if output is not None:
        print(f"{count:,} {what}", file=sys.stderr)


@export.command("entities")
@click.option("--format", "kind", type=click.Choice(["csv"]), default="csv", show_default=True)
@click.option("--output", metavar="FILE", help=OUTPUT_HELP)
@values_option
@with_library
def export_entities(library, kind: str, output: str | None, values: bool) -> int:
    """Every entity: id, name, type, label, aliases, mentions, documents, first and last date."""
    from reader.exports import entities_csv

    with output_file(output) as out:
        count = entities_csv(library, out, values=values)
    _said(count, "entities", output)
    return 0


@export.command("mentions")
@click.option("--format", "kind", type=click.Choice(["csv"]), default="csv", show_default=True)
@click.option("--output", metavar="FILE", help=OUTPUT_HELP)
@values_option
@with_library
def export_mentions(library, kind: str, output: str | None, values: bool) -> int:
    """Every linked mention: entity, document, start and end offsets, text, sentence."""
    from reader.exports import mentions_csv

    with output_file(output) as out:
        count = mentions_csv(library, out, progress=progress, values=values)
    end_progress()
    _said(count, "mentions", output)
    return 0


@export.command("graph")
@click.option("--format", "kind", type=click.Choice(["graphml", "gexf"]), required=True,
              help="GraphML or GEXF (both open in Gephi)")
@click.option("--output", metavar="FILE", help=OUTPUT_HELP)
@click.option("--min-weight", type=int, default=1, metavar="N", help="only pairs sharing at least N paragraphs")
@click.option("--type", "labels", multiple=True, metavar="LABEL",
              help="only entities of this type (PERSON, ORG, GPE, ...); repeat for several")
@click.option("--top", type=int, metavar="N", help="only the N most mentioned entities (default: all)")
@click.option("--stories", is_flag=True, help="count each story once (near-duplicate documents as one)")
@with_library
def export_graph(library, kind: str, output: str | None, min_weight: int, labels: tuple[str, ...],
                 top: int | None, stories: bool) -> int:
    """Who appears with whom: entities (name, type, mentions) and the paragraphs each pair shares."""
    from reader.exports import graph_file

    with output_file(output, binary=True) as out:
        nodes, edges = graph_file(library, out, kind, min_weight, list(labels) or None, top, stories)
    _said(nodes, f"entities, {edges:,} pairs", output)
    return 0


@export.command("vault")
@click.option("--output", metavar="DIR", help="the vault's folder (created if needed)")
@with_library
def export_vault(library, output: str | None) -> int:
    """A Markdown vault for Obsidian: a file per document and per entity, linked."""
    from reader.exports import export_vault as write_vault

    if output is None:
        raise ReaderError("a vault is a folder of Markdown files, not one stream: give the folder with --output DIR")
    report = write_vault(library, output, progress=progress)
    end_progress()
    print(f"wrote {report.documents:,} documents and {report.entities:,} entities to {report.folder}"
          + (f"; removed {report.removed} files of gone documents or entities" if report.removed else ""))
    return 0
