"""The graph's canvas: nodes sized by mentions, labels that avoid each other, links to click, pictures."""
from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPalette, QPen
from PySide6.QtWidgets import QGraphicsEllipseItem, QGraphicsItem, QGraphicsLineItem, QGraphicsScene, QGraphicsView

from reader.analytics import Graph
from reader.graph_drawing import SCENE_HEIGHT, node_radius
from reader.ui import theme
from reader.ui.common.safe_text import tip
from reader.ui.insights.panes import render_picture

LABEL_FONT_POINTS = 8.5


def label_font(bold: bool) -> QFont:
    font = theme.ui_font()
    font.setPointSizeF(LABEL_FONT_POINTS + (0.5 if bold else 0))
    if bold:
        font.setWeight(QFont.Weight.DemiBold)
    return font


class LabelItem(QGraphicsItem):
    """A node's name at constant screen size, on a translucent halo, below its node."""

    def __init__(self, text: str, font: QFont, metrics: QFontMetricsF, colours: tuple[QColor, QColor]) -> None:
        super().__init__()
        self.text = text
        self.font = font
        self.size = QSize(int(metrics.horizontalAdvance(text)) + 6, int(metrics.height()) + 2)
        self.offset = 0.0  # pixels below the node's centre
        self.ink, self.halo = colours
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setZValue(10)

    def rect(self) -> QRectF:
        return QRectF(-self.size.width() / 2, self.offset, self.size.width(), self.size.height())

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self.rect()

    def paint(self, painter: QPainter, option, widget=None) -> None:
        rect = self.rect()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.halo)
        painter.drawRoundedRect(rect, 3, 3)
        painter.setFont(self.font)
        painter.setPen(self.ink)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.text)


class GraphCanvas(QGraphicsView):
    """Draws a Graph at given positions; wheel zooms, drag pans, clicks pick nodes and edges."""

    node_clicked = Signal(int)
    edge_clicked = Signal(int, int)
    background_clicked = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QGraphicsView.Shape.NoFrame)
        self.setMouseTracking(True)
        self.graph = Graph((), ())
        self._labels: dict[int, str] = {}
        self._near: dict[int, set[int]] = {}
        self._fonts = [(font, QFontMetricsF(font)) for font in (label_font(False), label_font(True))]  # made
        # with the window, not with the first graph: a font's first use loads it
        self.nodes: dict[int, QGraphicsEllipseItem] = {}
        self.edges: dict[tuple[int, int], QGraphicsLineItem] = {}
        self.labels: dict[int, LabelItem] = {}
        self.radius: dict[int, float] = {}
        self.selected_node: int | None = None
        self.selected_edge: tuple[int, int] | None = None
        self.hovered: int | None = None
        self._press: QPoint | None = None
        self._max_weight = 1
        self.weights: dict[tuple[int, int], int] = {}
        self.positions: dict[int, tuple[float, float]] = {}
        self._aspect = 0.0

    # ---- drawing ------------------------------------------------------------------

    def show_graph(self, graph: Graph, positions: dict[int, tuple[float, float]],
                   selected: int | None = None) -> None:
        """Draw a graph, its node `selected` marked; positions are in about [-1, 1]² and get stretched
        to the view's shape."""
        self.graph = graph
        self.positions = dict(positions)
        self.hovered = None
        self.selected_node = selected if selected in positions else None
        self.selected_edge = None
        self._index(graph)
        scene = self.scene()
        scene.clear()
        self.nodes, self.edges, self.labels, self.radius = {}, {}, {}, {}
        most = max((n.mentions for n in graph.nodes), default=1)
        self._max_weight = max((e.weight for e in graph.edges), default=1)
        self.weights = {(e.source, e.target): e.weight for e in graph.edges}
        for edge in reversed(graph.edges):  # heaviest drawn last, on top
            if edge.source in positions and edge.target in positions:
                line = QGraphicsLineItem()
                self.edges[(edge.source, edge.target)] = line
                scene.addItem(line)
        fonts = self._fonts
        colours = self._label_colours()
        ranked = sorted(graph.nodes, key=lambda n: -n.mentions)
        for rank, node in enumerate(ranked):
            r = node_radius(node.mentions, most)
            self.radius[node.id] = r
            item = QGraphicsEllipseItem(-r, -r, 2 * r, 2 * r)
            item.setZValue(1 + rank / 1000)  # small nodes above big ones: all stay clickable
            item.setToolTip(tip(f"{node.name} — {theme.label_name(node.label)}\n"
                                f"{node.mentions} mentions in {node.documents} documents"))
            self.nodes[node.id] = item
            scene.addItem(item)
            label = LabelItem(node.name, *fonts[rank < 12], colours)
            label.setVisible(False)
            self.labels[node.id] = label
            scene.addItem(label)
        self._aspect = 0.0
        self._place_items()
        self.restyle(place=False)
        self.fit()

    def _index(self, graph: Graph) -> None:
        """Each node's type and neighbours, looked up on every restyle (hover, selection)."""
        self._labels = {n.id: n.label for n in graph.nodes}
        self._near: dict[int, set[int]] = {n.id: set() for n in graph.nodes}
        for e in graph.edges:
            self._near.setdefault(e.source, set()).add(e.target)
            self._near.setdefault(e.target, set()).add(e.source)

    def _place_items(self) -> None:
        """Map the positions to the scene, wider when the view is wide (up to 3 : 1)."""
        aspect = min(3.0, max(1.0, self.viewport().width() / max(1, self.viewport().height())))
        if abs(aspect - self._aspect) < 0.1:
            return
        self._aspect = aspect
        half_w, half_h = SCENE_HEIGHT * aspect / 2, SCENE_HEIGHT / 2
        points = {i: QPointF(x * half_w, y * half_h) for i, (x, y) in self.positions.items()}
        for node_id, item in self.nodes.items():
            item.setPos(points[node_id])
            self.labels[node_id].setPos(points[node_id])
        for (a, b), line in self.edges.items():
            line.setLine(points[a].x(), points[a].y(), points[b].x(), points[b].y())
        rect = self.scene().itemsBoundingRect()
        self.scene().setSceneRect(rect.adjusted(-rect.width(), -rect.height(), rect.width(), rect.height()))

    def fit(self) -> None:
        if self.nodes:
            bounds = QRectF()
            for item in self.nodes.values():
                bounds = bounds.united(item.sceneBoundingRect())
            self.fitInView(bounds.adjusted(-24, -18, 24, 34), Qt.AspectRatioMode.KeepAspectRatio)
        self.place_labels()

    def _strength(self, weight: int) -> float:
        return math.sqrt(weight / self._max_weight)

    def _dark(self) -> bool:
        return theme.is_dark(self.palette())

    def _label_colours(self) -> tuple[QColor, QColor]:
        halo = QColor(self.palette().color(QPalette.ColorRole.Base))
        halo.setAlpha(200)
        return self.palette().color(QPalette.ColorRole.Text), halo

    def restyle(self, place: bool = True) -> None:
        """Colours and emphasis: the hovered or selected node and its neighbours stand out; then the
        names are placed again (unless `place` is false: the caller places them)."""
        dark = self._dark()
        self.setBackgroundBrush(self.palette().color(QPalette.ColorRole.Base))
        focus = self.hovered if self.hovered is not None else self.selected_node
        near = self._near.get(focus, set()) | {focus} if focus is not None else None
        ink = QColor(215, 222, 235) if dark else QColor(40, 52, 75)
        for (a, b), line in self.edges.items():
            t = self._strength(self.weights[(a, b)])
            colour = QColor(ink)
            line.setZValue(0.5 if (a, b) == self.selected_edge else -2 + t)
            if (a, b) == self.selected_edge:
                colour = self.palette().color(QPalette.ColorRole.Highlight)
                width = 2.5 + 4 * t
            elif near is not None and focus in (a, b):
                colour = theme.colours(self._labels[focus], dark).accent
                colour.setAlpha(int(110 + 130 * t))
                width = 0.8 + 4 * t
            else:
                colour.setAlpha(int((10 if near is not None else 18) + (50 if near is not None else 150) * t ** 1.5))
                width = 0.4 + 4.6 * t ** 1.3
            if width < 1:  # as faint, at the width Qt's rasteriser draws fastest (a third of a graph's paint)
                colour.setAlphaF(colour.alphaF() * width)
                width = 1.0
            pen = QPen(colour, width)
            pen.setCosmetic(True)
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)  # a link ends under its nodes: no cap is ever seen
            line.setPen(pen)
        outline = self.palette().color(QPalette.ColorRole.Base)
        for node in self.graph.nodes:
            item = self.nodes[node.id]
            fill = QColor(theme.colours(node.label, dark).accent)
            fill.setAlpha(235)
            item.setBrush(QBrush(fill))
            selected = node.id == self.selected_node
            pen = QPen(self.palette().color(QPalette.ColorRole.Text) if selected else outline,
                       3.0 if selected else 1.2)
            pen.setCosmetic(True)
            item.setPen(pen)
            item.setOpacity(1.0 if near is None or node.id in near else 0.22)
        colours = self._label_colours()
        for label in self.labels.values():
            label.ink, label.halo = colours
        if place:
            self.place_labels()

    def place_labels(self) -> None:
        """Show the names that fit, whole, in the view without overlapping, most important first (recomputed
        on zoom)."""
        if not self.labels:
            return
        scale = self.transform().m11()
        focus = self.hovered if self.hovered is not None else self.selected_node
        near = self._near.get(focus, set()) if focus is not None else set()
        order = sorted(self.graph.nodes, key=lambda n: (n.id != focus, n.id not in near, -n.mentions))
        placed: list[QRectF] = []
        view_rect = QRectF(self.viewport().rect())
        for node in order:
            label = self.labels[node.id]
            label.prepareGeometryChange()
            label.offset = self.radius[node.id] * scale + 1
            centre = self.mapFromScene(self.nodes[node.id].pos())
            box = label.rect().translated(centre.x(), centre.y())
            show = (focus is None or node.id == focus or node.id in near) and view_rect.contains(box) \
                and not any(box.adjusted(-2, -1, 2, 1).intersects(other) for other in placed)
            if show:
                placed.append(box)
            label.setVisible(show)

    # ---- selection ----------------------------------------------------------------

    def select_node(self, entity_id: int | None) -> None:
        self.selected_node = entity_id if entity_id in self.nodes else None
        self.restyle()

    def select_edge(self, pair: tuple[int, int] | None) -> None:
        self.selected_edge = pair
        self.restyle()

    # ---- hit testing ----------------------------------------------------------------

    def node_at(self, point: QPoint) -> int | None:
        """The node under a viewport point (the smallest, drawn on top, when they overlap)."""
        scale = self.transform().m11()
        best = None
        for node_id, item in self.nodes.items():
            centre = self.mapFromScene(item.pos())
            reach = self.radius[node_id] * scale + 2
            if (centre.x() - point.x()) ** 2 + (centre.y() - point.y()) ** 2 <= reach ** 2:
                if best is None or self.radius[node_id] < self.radius[best]:
                    best = node_id
        return best

    def edge_at(self, point: QPoint) -> tuple[int, int] | None:
        best, best_distance = None, 5.0
        for pair, line in self.edges.items():
            a = self.mapFromScene(line.line().p1())
            b = self.mapFromScene(line.line().p2())
            distance = _segment_distance(point, a, b)
            if distance <= max(best_distance, line.pen().widthF() / 2 + 2) and (
                    best is None or distance < best_distance):
                best, best_distance = pair, distance
        return best

    def node_point(self, entity_id: int) -> QPoint:
        return self.mapFromScene(self.nodes[entity_id].pos())

    def edge_point(self, a: int, b: int) -> QPoint | None:
        """A viewport point that picks this edge (not a node, not another edge), if any."""
        line = self.edges[(min(a, b), max(a, b))].line()
        for t in (0.5, 0.4, 0.6, 0.3, 0.7, 0.35, 0.65, 0.25, 0.75, 0.2, 0.8):
            point = self.mapFromScene(line.pointAt(t))
            if self.node_at(point) is None and self.edge_at(point) == (min(a, b), max(a, b)):
                return point
        return None

    # ---- mouse and wheel -------------------------------------------------------------

    def wheelEvent(self, event) -> None:  # noqa: N802
        steps = event.angleDelta().y() / 120
        factor = 1.18 ** steps
        scale = self.transform().m11()
        factor = max(0.15 / scale, min(10.0 / scale, factor))
        self.scale(factor, factor)
        self.place_labels()

    def mousePressEvent(self, event) -> None:  # noqa: N802
        self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        super().mouseReleaseEvent(event)
        point = event.position().toPoint()
        if self._press is None or (point - self._press).manhattanLength() > 4:
            self._press = None
            self.place_labels()
            return
        self._press = None
        if event.button() != Qt.MouseButton.LeftButton:
            return
        node = self.node_at(point)
        if node is not None:
            self.node_clicked.emit(node)
            return
        edge = self.edge_at(point)
        if edge is not None:
            self.edge_clicked.emit(*edge)
        else:
            self.background_clicked.emit()

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        super().mouseMoveEvent(event)
        if event.buttons():
            return
        point = event.position().toPoint()
        node = self.node_at(point)
        if node != self.hovered:
            self.hovered = node
            self.restyle()
        over = node is not None or self.edge_at(point) is not None
        self.viewport().setCursor(Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.OpenHandCursor)
        edge = None if node is not None else self.edge_at(point)
        if edge is not None:
            weight = self.weights[edge]
            names = [self.graph.node(i).name for i in edge]
            self.viewport().setToolTip(tip(f"{names[0]} — {names[1]}: {weight} shared paragraph"
                                           f"{'s' if weight != 1 else ''}. Click to read them."))
        elif node is None:
            self.viewport().setToolTip("")

    def leaveEvent(self, event) -> None:  # noqa: N802
        super().leaveEvent(event)
        if self.hovered is not None:
            self.hovered = None
            self.restyle()

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802
        if self.node_at(event.position().toPoint()) is None:
            self.fit()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self.nodes:
            self._place_items()
        self.fit()

    def changeEvent(self, event) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == event.Type.PaletteChange and self.nodes:
            self.restyle()

    # ---- export -----------------------------------------------------------------------

    def export(self, path: str | Path) -> Path:
        """What is shown, as PNG (at twice the screen resolution) or SVG (by the file's suffix)."""
        return export_view(self, path)


def _segment_distance(p: QPoint, a: QPoint, b: QPoint) -> float:
    dx, dy = b.x() - a.x(), b.y() - a.y()
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((p.x() - a.x()) * dx + (p.y() - a.y()) * dy) / length))
    return math.hypot(p.x() - (a.x() + t * dx), p.y() - (a.y() + t * dy))


def export_view(view: QGraphicsView, path: str | Path, title: str = "Reader graph") -> Path:
    """Render what a graphics view shows to PNG (twice its size) or SVG, chosen by the file's suffix."""
    source = view.viewport().rect()
    return render_picture(path, source.size(), lambda painter, target: QGraphicsView.render(view, painter, target, source),
                          title, view.palette().color(QPalette.ColorRole.Base))
