"""The co-occurrence graph as GraphML or GEXF for Gephi (written by networkx)."""
from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, BinaryIO

from reader.errors import ReaderError
from reader.exports.types import type_word

if TYPE_CHECKING:
    from reader.analytics import Graph
    from reader.library import Library

GRAPH_FORMATS = ("graphml", "gexf")


def graph_file(library: Library, out: BinaryIO, format: str, min_weight: int = 1,
               labels: Iterable[str] | None = None, top: int | None = None, stories: bool = False) -> tuple[int, int]:
    """Write who appears with whom (`Analytics.graph`, all entities unless `top`) as GraphML or
    GEXF; returns (nodes, edges).

    Each node is an entity: `label` (its name, which Gephi shows), `type` (a word: "person",
    "place"...), `ner_label` (the model's code: PERSON, GPE...), `mentions` and `documents`.
    Each edge's `weight` is the number of paragraphs the two share. With `stories`, each story
    counts once (see `Analytics.graph`).
    """
    if format not in GRAPH_FORMATS:
        raise ReaderError(f"cannot write the graph as {format!r}: choose one of {', '.join(GRAPH_FORMATS)}")
    graph = library.analytics.graph(min_weight, labels, top, stories=stories)
    network = to_networkx(graph)
    import networkx as nx

    if format == "graphml":
        nx.write_graphml(network, out, encoding="utf-8", prettyprint=True)
    else:
        nx.write_gexf(network, out, encoding="utf-8", prettyprint=True, version="1.2draft")
    return network.number_of_nodes(), network.number_of_edges()


def to_networkx(graph: Graph):
    """The graph as a networkx Graph with the attributes `graph_file` describes (plain ints and strings)."""
    import networkx as nx

    network = nx.Graph()  # no graph attributes: GEXF 1.2 has no place for them on <graph>
    for node in graph.nodes:
        network.add_node(int(node.id), label=node.name, type=type_word(node.label), ner_label=node.label,
                         mentions=int(node.mentions), documents=int(node.documents))
    for edge in graph.edges:
        network.add_edge(int(edge.source), int(edge.target), weight=int(edge.weight))
    return network
