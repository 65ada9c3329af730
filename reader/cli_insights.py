"""The `graph` command, and search rows with score and hit offsets for the `search` command."""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable


Handler = Callable[..., int]  # (library, args) -> exit code


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `graph` to the top-level commands (its handler is also in COMMANDS)."""
    sub = subparsers.add_parser(
        "graph", help="entities mentioned in the same paragraphs (co-occurrence graph)",
        description="The most mentioned entities and how many paragraphs each pair shares."
                    " Numbers and dates are left out unless asked for with --type.")
    sub.add_argument("--min-weight", type=int, default=1, metavar="N",
                     help="only pairs sharing at least N paragraphs (default 1)")
    sub.add_argument("--type", action="append", metavar="LABEL",
                     help="only entities of this type (PERSON, ORG, GPE, ...); repeat for several")
    sub.add_argument("--top", type=int, default=150, metavar="N",
                     help="how many of the most mentioned entities to consider (default 150)")
    sub.add_argument("--json", action="store_true", help="print JSON: {nodes: [...], edges: [...]}")
    sub.set_defaults(handler=_graph)


def graph_data(library, min_weight: int = 1, labels: list[str] | None = None, top: int = 150) -> dict:
    """The graph as plain data: nodes (id, name, label, mentions), edges (source, target, weight)."""
    graph = library.analytics.graph(min_weight, labels, top)
    return {
        "nodes": [{"id": n.id, "name": n.name, "label": n.label, "mentions": n.mentions} for n in graph.nodes],
        "edges": [{"source": e.source, "target": e.target, "weight": e.weight} for e in graph.edges],
    }


def _graph(library, args) -> int:
    data = graph_data(library, args.min_weight, args.type, args.top)
    if args.json:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    names = {n["id"]: n["name"] for n in data["nodes"]}
    print(f"{len(data['nodes'])} entities, {len(data['edges'])} pairs sharing at least "
          f"{args.min_weight} paragraph{'s' if args.min_weight != 1 else ''}")
    if not data["edges"]:
        return 0
    width = min(40, max(len(names[e["source"]]) for e in data["edges"]))
    for edge in data["edges"]:
        print(f"{names[edge['source']][:width].ljust(width)}  {names[edge['target']][:width].ljust(width)}"
              f"  {edge['weight']}")
    return 0


def search_rows(library, query: str, limit: int = 50) -> list[dict]:
    """Search hits as rows: id, title, path, snippet ([[ ]] around matches), score, start, end
    (offsets of the best hit's first matched term in the document text, or null)."""
    return [{"id": h.id, "title": h.title, "path": h.path, "snippet": h.snippet, "score": round(h.score, 4),
             "start": h.start, "end": h.end}
            for h in library.analytics.search(query, limit)]


COMMANDS: dict[str, Handler] = {"graph": _graph}
