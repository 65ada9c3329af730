"""Insights over a library: ranked search, the co-occurrence graph and its layout, timelines, entity table."""
from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from reader.errors import ReaderError
from reader.labels import VALUE_LABELS
from reader.storage import analytics as stored
from reader.storage import stories as stored_stories
from reader.models import DocumentMentions, EdgeParagraph, EntityRow, GraphEdge, GraphNode, SearchHit

if TYPE_CHECKING:
    import sqlite_utils

    from reader.library import Library

__all__ = ["Analytics", "Graph", "TimelinePoint", "UNDATED", "SearchHit", "EntityRow",
           "GraphNode", "GraphEdge", "EdgeParagraph", "DocumentMentions", "layout", "bucket_timeline",
           "bucket_unit"]

UNDATED = "undated"


@dataclass(frozen=True)
class Graph:
    """Entities (most mentioned first) and the paragraphs they share (heaviest first)."""

    nodes: tuple[GraphNode, ...]
    edges: tuple[GraphEdge, ...]

    def node(self, entity_id: int) -> GraphNode | None:
        return next((n for n in self.nodes if n.id == entity_id), None)


@dataclass(frozen=True)
class TimelinePoint:
    """One date (ISO day "YYYY-MM-DD", month "YYYY-MM", year "YYYY", or "undated")."""

    date: str
    documents: int
    mentions: int
    document_ids: tuple[int, ...]
    titles: tuple[str, ...]  # aligned with document_ids


class Analytics:
    """The insights a library offers; caches are rebuilt on demand after mentions change."""

    def __init__(self, library: Library) -> None:
        self.library = library

    @property
    def db(self) -> sqlite_utils.Database:
        return self.library.db

    def refresh(self, force: bool = False) -> bool:
        """Bring the co-occurrence and date caches up to date. True if they were rebuilt."""
        return stored.refresh(self.db, force)

    # ---- search ----------------------------------------------------------------------

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """FTS5 search, best first: phrases in quotes, prefix*, AND / OR / NOT, NEAR(a b)."""
        if not query.strip():
            raise ReaderError("the search query is empty")
        return stored.search(self.db, query, limit)

    # ---- entities --------------------------------------------------------------------

    def entity_table(self, values: bool = False, stories: bool = False) -> list[EntityRow]:
        """Every named entity with mentions (values too if asked): counts, first and last dates.

        `stories` counts each story once: a story's near-duplicate documents count as one
        document, with the mentions of the one that mentions the entity most.
        """
        self.refresh()
        rows = stored.entity_rows(self.db, [] if values else sorted(VALUE_LABELS))
        if not stories:
            return rows
        excess = stored_stories.entity_excess(self.db)
        rows = [_less(r, excess.get(r.id)) for r in rows]
        return sorted(rows, key=lambda r: -r.mentions) if excess else rows

    def suspicious(self) -> dict[int, tuple[str, ...]]:
        """Entity id -> why it is worth a second look (reason codes, see reader.suspicious.REASONS),
        for every entity that meets one: mixed types from the model, one word in capitals, a very
        long name, found only once. Values (dates, numbers) are left out. One pass over the mentions."""
        from reader.suspicious import reasons

        found = {}
        for row in stored.entity_types(self.db, leave_out=VALUE_LABELS):
            why = reasons(row.name, row.mentions, row.model_mentions, row.main_type_mentions, row.model_types)
            if why:
                found[row.id] = why
        return found

    # ---- co-occurrence graph -----------------------------------------------------------

    def graph(self, min_weight: int = 1, labels: Iterable[str] | None = None, top: int | None = 150,
              stories: bool = False) -> Graph:
        """The `top` most mentioned entities (of `labels`; default all but numbers and dates;
        `top` None: all of them) that share a paragraph with another of them at least
        `min_weight` times.

        `stories` counts each story once: a story's near-duplicate documents add the mentions,
        and the shared paragraphs of a pair, of the one document that has most.
        """
        self.refresh()
        if labels is None:
            wanted = [label for label in self.entity_labels() if label not in VALUE_LABELS]
        else:
            wanted = sorted({label.upper() for label in labels})
        if not stories:
            candidates = stored.top_entities(self.db, wanted, top)
            edges = stored.edges_among(self.db, [n.id for n in candidates], max(1, min_weight))
        else:
            candidates, edges = self._graph_by_story(wanted, top, max(1, min_weight))
        linked = {e.source for e in edges} | {e.target for e in edges}
        return Graph(tuple(n for n in candidates if n.id in linked), tuple(edges))

    def _graph_by_story(self, labels: list[str], top: int | None,
                        min_weight: int) -> tuple[list[GraphNode], list[GraphEdge]]:
        excess = stored_stories.entity_excess(self.db)
        # Only entities in near-duplicates lose counts: the top `top` by story are among the
        # top `top` + len(excess) by document.
        wider = None if top is None else top + len(excess)
        nodes = [_less(n, excess.get(n.id)) for n in stored.top_entities(self.db, labels, wider)]
        nodes = sorted(nodes, key=lambda n: (-n.mentions, n.name.casefold(), n.id))[:top]
        ids = [n.id for n in nodes]
        taken = stored_stories.edge_excess(self.db, ids)
        edges = [replace(e, weight=e.weight - taken.get((e.source, e.target), 0))
                 for e in stored.edges_among(self.db, ids, min_weight)]
        edges = [e for e in edges if e.weight >= min_weight]
        return nodes, sorted(edges, key=lambda e: (-e.weight, e.source, e.target))

    def entity_labels(self) -> list[str]:
        """The types of the library's entities."""
        return stored.entity_labels(self.db)

    def edge_paragraphs(self, a_id: int, b_id: int, limit: int = 500) -> list[EdgeParagraph]:
        """The paragraphs where both entities are mentioned (document, title, offsets, text)."""
        self.refresh()
        return stored.edge_paragraphs(self.db, a_id, b_id, limit)

    # ---- timeline --------------------------------------------------------------------

    def timeline(self, entity_id: int) -> list[TimelinePoint]:
        """The entity's documents grouped by date; documents without a date last, as "undated"."""
        by_date: dict[str, list[DocumentMentions]] = defaultdict(list)
        for row in stored.entity_documents(self.db, entity_id):
            by_date[row.published or UNDATED].append(row)
        order = sorted(by_date, key=lambda d: (d == UNDATED, d))
        return [_point(day, by_date[day]) for day in order]


def _less(row, excess: tuple[int, int] | None):
    """An entity row or graph node with a story-once excess (mentions, documents) taken off."""
    return row if excess is None else replace(row, mentions=row.mentions - excess[0],
                                              documents=row.documents - excess[1])


def _point(day: str, rows: list[DocumentMentions]) -> TimelinePoint:
    return TimelinePoint(day, len(rows), sum(r.mentions for r in rows),
                         tuple(r.document_id for r in rows), tuple(r.title for r in rows))


# ---- pure helpers: timeline buckets and graph layout ----------------------------------------

def bucket_unit(points: list[TimelinePoint]) -> str:
    """"day" for up to ~3 months of dates, "month" up to ~6 years, else "year"."""
    days = [date.fromisoformat(p.date) for p in points if p.date != UNDATED]
    if not days:
        return "day"
    span = (max(days) - min(days)).days
    return "day" if span <= 92 else "month" if span <= 6 * 366 else "year"


def bucket_timeline(points: list[TimelinePoint], unit: str) -> list[TimelinePoint]:
    """Merge points into days, months ("YYYY-MM") or years, filling empty buckets between
    the first and last date (so bars sit on a true time axis); "undated" stays last."""
    width = {"day": 10, "month": 7, "year": 4}[unit]
    merged: dict[str, list[TimelinePoint]] = defaultdict(list)
    for point in points:
        merged[point.date if point.date == UNDATED else point.date[:width]].append(point)
    dated = sorted(k for k in merged if k != UNDATED)
    keys = _fill(dated[0], dated[-1], unit) if dated else []
    out = []
    for key in keys + ([UNDATED] if UNDATED in merged else []):
        group = merged.get(key, [])
        out.append(TimelinePoint(key, sum(p.documents for p in group), sum(p.mentions for p in group),
                                 tuple(i for p in group for i in p.document_ids),
                                 tuple(t for p in group for t in p.titles)))
    return out


def _fill(first: str, last: str, unit: str) -> list[str]:
    if unit == "year":
        return [str(y) for y in range(int(first), int(last) + 1)]
    if unit == "month":
        y, m = int(first[:4]), int(first[5:7])
        keys = []
        while f"{y:04d}-{m:02d}" <= last:
            keys.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return keys
    start, end = date.fromisoformat(first), date.fromisoformat(last)
    return [date.fromordinal(o).isoformat() for o in range(start.toordinal(), end.toordinal() + 1)]


def layout(graph: Graph, seed: int = 7, radii: dict[int, float] | None = None) -> dict[int, tuple[float, float]]:
    """Node positions, deterministic for a seed, in about [-1, 1]².

    A weighted spring layout (networkx) where an edge pulls by how specific the pairing is
    (shared paragraphs relative to both entities' mentions), so that hubs do not drag every
    node to the middle; then nodes are pushed apart until their circles (`radii`, in the same
    units) do not overlap. Smaller connected parts are lined up in a column to the right.
    """
    import networkx as nx

    if not graph.nodes:
        return {}
    mentions = {n.id: max(1, n.mentions) for n in graph.nodes}
    g = nx.Graph()
    g.add_nodes_from(mentions)
    for e in graph.edges:
        specific = e.weight / math.sqrt(mentions[e.source] * mentions[e.target])
        g.add_edge(e.source, e.target, weight=0.15 + min(1.0, specific) * math.log1p(e.weight))
    parts = sorted(nx.connected_components(g), key=lambda c: (-len(c), min(c)))
    main = g.subgraph(parts[0])
    positions = nx.spring_layout(main, weight="weight", seed=seed, iterations=120,
                                 k=1.6 / math.sqrt(len(main)), scale=1.0) if len(main) > 2 \
        else _small_layout(list(main))
    positions = _normalise({n: (float(x), float(y)) for n, (x, y) in positions.items()})
    cell, column, row, rows = 0.42, 0, 0, 4
    for part in parts[1:]:
        local = _normalise(_small_layout(sorted(part)) if len(part) <= 2 else
                           {n: tuple(map(float, xy)) for n, xy in
                            nx.spring_layout(g.subgraph(part), seed=seed).items()})
        size = cell * 0.3 * min(1.6, math.sqrt(len(part) / 2))
        cx, cy = 1.25 + column * cell, -0.75 + row * cell * 1.1
        positions.update({n: (cx + x * size, cy + y * size) for n, (x, y) in local.items()})
        row += 1
        if row == rows:
            row, column = 0, column + 1
    positions = _normalise(positions)
    return _separate(positions, radii) if radii else positions


def _small_layout(nodes: list[int]) -> dict[int, tuple[float, float]]:
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    return {nodes[0]: (-1.0, 0.0), nodes[1]: (1.0, 0.0)}


def _separate(positions: dict[int, tuple[float, float]], radii: dict[int, float],
              rounds: int = 60, gap: float = 1.15) -> dict[int, tuple[float, float]]:
    """Push overlapping circles apart (each pair by half the overlap), a few dozen rounds."""
    import numpy as np

    ids = list(positions)
    xy = np.array([positions[i] for i in ids], dtype=float)
    r = np.array([radii.get(i, 0.0) for i in ids], dtype=float) * gap
    need = r[:, None] + r[None, :]
    np.fill_diagonal(need, 0)
    for _ in range(rounds):
        delta = xy[:, None, :] - xy[None, :, :]
        distance = np.sqrt((delta ** 2).sum(-1)) + np.eye(len(ids))
        overlap = np.clip(need - distance, 0, None)
        if not overlap.any():
            break
        push = (delta / distance[..., None]) * (overlap[..., None] / 2)
        xy += push.sum(1)
    return {i: (float(x), float(y)) for i, (x, y) in zip(ids, xy)}


def _normalise(positions: dict[int, tuple[float, float]]) -> dict[int, tuple[float, float]]:
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    half = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9) / 2
    return {node: ((x - cx) / half, (y - cy) / half) for node, (x, y) in positions.items()}
