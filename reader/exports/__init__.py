"""Exports for other tools: entities and mentions as CSV, the graph as GraphML or GEXF, a Markdown vault.

Each export reads the library through cursors and writes as it reads; `atomic_output` gives the
file that replaces its target only once complete. The window's File → Export and the CLI call these.
"""
from reader.atomic_write import atomic_output
from reader.exports.graph_files import GRAPH_FORMATS, graph_file
from reader.exports.tables import ENTITY_COLUMNS, MENTION_COLUMNS, entities_csv, mentions_csv
from reader.exports.vault import VaultReport, export_vault

__all__ = ["atomic_output", "GRAPH_FORMATS", "graph_file", "ENTITY_COLUMNS", "MENTION_COLUMNS", "entities_csv",
           "mentions_csv", "VaultReport", "export_vault"]
