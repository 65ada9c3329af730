"""The graph as the window draws it, worked out away from the window: the types asked for, how strong a
link must be, node sizes and positions. Qt-free, so that it runs in a process of its own: the spring
layout and the caches behind the graph are seconds of Python on a big library, and a thread of the
window's process would take the window's interpreter meanwhile (`reader.child_process`)."""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reader.analytics import Graph, layout
from reader.child_process import run_in_child
from reader.errors import Cancelled
from reader.labels import VALUE_LABELS

SCENE_HEIGHT = 640.0  # the canvas's scene units
MIN_RADIUS, MAX_RADIUS = 4.5, 22.0
NUMBERS_CHIP = "_numbers"  # the one chip for numbers, dates and amounts


@dataclass(frozen=True)
class GraphRequest:
    """What the graph pane asks for: its chips (type -> on), links and size, stories once, and for a
    first look at a big library, about how many links to keep (`auto_weight`)."""

    chips: dict[str, bool]
    min_weight: int = 1
    top: int = 150
    stories: bool = False
    auto_weight: int | None = None


@dataclass(frozen=True)
class DrawnGraph:
    present: list[str]  # the library's entity types (for the chips)
    weight: int  # the least shared paragraphs of a link drawn (chosen, for `auto_weight`)
    graph: Graph
    positions: dict[int, tuple[float, float]]  # about [-1, 1]²


def checked_labels(present: list[str], chips: dict[str, bool]) -> list[str]:
    """The types to draw: those whose chip is on (new types on; numbers and dates share one chip, off at first)."""
    labels = []
    for label in present:
        if label in VALUE_LABELS:
            if chips.get(NUMBERS_CHIP, False):
                labels.append(label)
        elif chips.get(label, True):
            labels.append(label)
    return labels


def node_radius(mentions: int, most: int) -> float:
    """A node's radius in scene units: its area grows with its mentions."""
    return MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * math.sqrt(mentions / max(1, most))


def graph_layout(graph: Graph) -> dict[int, tuple[float, float]]:
    """Positions for drawing: the core layout, with circles as large as they are drawn kept apart."""
    most = max((n.mentions for n in graph.nodes), default=1)
    radii = {n.id: node_radius(n.mentions, most) / (SCENE_HEIGHT / 2) for n in graph.nodes}
    return layout(graph, radii=radii)


def draw_graph(library, request: GraphRequest, stopped: Callable[[], bool] = lambda: False) -> DrawnGraph:
    """The graph for a request, laid out; raises Cancelled between steps once `stopped()`."""
    analytics = library.analytics
    present = analytics.entity_labels()
    analytics.refresh()  # the slow step after a change: bring the caches up to date
    if stopped():
        raise Cancelled("a newer graph was asked for")
    weight = request.min_weight
    graph = analytics.graph(1 if request.auto_weight else weight, checked_labels(present, request.chips),
                            request.top, stories=request.stories)
    if request.auto_weight and len(graph.edges) > request.auto_weight:
        weight = sorted((e.weight for e in graph.edges), reverse=True)[request.auto_weight]
    if request.auto_weight and weight > 1:  # the same graph with only its strongest links
        edges = tuple(e for e in graph.edges if e.weight >= weight)
        linked = {e.source for e in edges} | {e.target for e in edges}
        graph = Graph(tuple(n for n in graph.nodes if n.id in linked), edges)
    if stopped():
        raise Cancelled("a newer graph was asked for")
    return DrawnGraph(present, weight, graph, graph_layout(graph))


def draw_graph_in_process(library_path: str | Path, request: GraphRequest,
                          cancelled: Callable[[], bool] = lambda: False) -> DrawnGraph:
    """`draw_graph` in a child process (see the module's note)."""
    return run_in_child(library_path, _draw, request, name="reader-graph", what="Drawing the graph",
                        cancelled=cancelled, kill_on_cancel=True)


def _draw(library, request: GraphRequest, progress, stopped, changed) -> DrawnGraph:
    return draw_graph(library, request, stopped)
