"""The co-occurrence graph: entities as nodes, shared paragraphs as edges, in a zoomable QGraphicsView."""
from __future__ import annotations

import html
import re
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QListView, QSizePolicy, QSpinBox, QToolButton, QVBoxLayout,
                               QWidget)

from reader.analytics import Graph
from reader.graph_drawing import NUMBERS_CHIP, DrawnGraph, GraphRequest, checked_labels, draw_graph_in_process
from reader.labels import VALUE_LABELS
from reader.models import EdgeParagraph
from reader.ui import theme
from reader.ui.common.busy_badge import BusyBadge
from reader.ui.common.flow_layout import FlowLayout
from reader.ui.common.turns import next_turn
from reader.ui.common.rich_delegate import HTML_ROLE, RichTextDelegate
from reader.ui.entities.entity_panel import swatch
from reader.ui.insights.graph_canvas import GraphCanvas
from reader.ui.insights.panes import export_button, export_picture, with_side_list
from reader.ui.runner import COMPUTE, QUERY

PARAGRAPH_ROLE = Qt.ItemDataRole.UserRole + 40
EDGE_HINT = "Click a link between two entities to read the paragraphs where both appear. Click a node to select its entity."


def paragraph_html(paragraph: EdgeParagraph, surfaces: list[str], limit: int = 700) -> str:
    """A shared paragraph: its document and date, then its text (escaped) with both names in bold."""
    text = paragraph.text if len(paragraph.text) <= limit else paragraph.text[:limit].rsplit(" ", 1)[0] + " …"
    body = html.escape(text)
    if surfaces:
        pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(html.escape(s)) for s in
                                                    sorted(set(surfaces), key=len, reverse=True)) + r")(?!\w)")
        body = pattern.sub(r"<b>\1</b>", body)
    date = html.escape(paragraph.published or "undated")
    return (f"<div style='font-weight:600'>{html.escape(paragraph.title)}</div>"
            f"<div style='color:gray'>{date}</div><div>{body}</div>")


class GraphView(QWidget):
    """Type chips, minimum weight and size, the canvas, and the paragraphs behind a clicked edge."""

    entity_selected = Signal(int)
    paragraph_activated = Signal(int, int, int)  # document id, start, end

    drawn = Signal()  # a graph for the current filters is drawn

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.runner = None
        self._job = None  # the graph being drawn
        self.showing = False  # a drawn graph waits for the canvas's new size (the next turn) to be shown
        self.exports = None  # the window's Exports: where pictures go, and the status-bar line saying so
        self._generation = 0
        self.canvas = GraphCanvas()
        self.canvas.node_clicked.connect(self._on_node_clicked)
        self.canvas.edge_clicked.connect(self.show_edge)
        self.canvas.background_clicked.connect(lambda: self.canvas.select_edge(None))
        self.busy = BusyBadge(self.canvas, "Drawing the graph…")
        self.chips: dict[str, QToolButton] = {}
        self.chip_row = QWidget()
        self.chip_layout = FlowLayout(self.chip_row)
        self.min_weight = QSpinBox()
        self.min_weight.setRange(1, 100000)
        self.min_weight.setPrefix("shared ≥ ")
        self.min_weight.setToolTip("Draw a link only where two entities share at least this many paragraphs")
        self.top = QSpinBox()
        self.top.setRange(5, 500)
        self.top.setSingleStep(10)
        self.top.setValue(150)
        self.top.setPrefix("top ")
        self.top.setSuffix(" entities")
        self.top.setToolTip("How many of the most mentioned entities to draw")
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(300)
        self._reload_timer.timeout.connect(self.reload)
        self.min_weight.valueChanged.connect(lambda _: self._reload_timer.start())
        self.top.valueChanged.connect(lambda _: self._reload_timer.start())
        fit = QToolButton()
        fit.setText("Fit")
        fit.setToolTip("Show the whole graph (or double-click the background)")
        fit.clicked.connect(self.canvas.fit)
        export = export_button(self.choose_export)
        self.summary = QLabel()
        self.summary.setObjectName("muted")
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # cut, never widening
        controls = QHBoxLayout()
        controls.setContentsMargins(0, 0, 0, 0)
        controls.addWidget(self.summary, 1)
        for widget in (self.min_weight, self.top, fit, export):
            controls.addWidget(widget)

        self.edge_title = QLabel("Shared paragraphs")
        self.edge_title.setTextFormat(Qt.TextFormat.PlainText)  # entity names
        self.edge_title.setObjectName("sectionHeading")
        self.edge_summary = QLabel(EDGE_HINT)
        self.edge_summary.setObjectName("muted")
        self.edge_summary.setWordWrap(True)
        self.edge_summary.setTextFormat(Qt.TextFormat.PlainText)
        self.paragraph_model = QStandardItemModel(self)
        self.paragraphs = QListView()
        self.paragraphs.setModel(self.paragraph_model)
        self.paragraphs.setItemDelegate(RichTextDelegate(self.paragraphs))
        self.paragraphs.setWordWrap(True)
        self.paragraphs.setFrameShape(QListView.Shape.NoFrame)
        self.paragraphs.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.paragraphs.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.paragraphs.setSpacing(3)
        self.paragraphs.clicked.connect(self._on_paragraph)
        self.paragraphs.activated.connect(self._on_paragraph)
        self.splitter = with_side_list(self.canvas, self.edge_title, self.edge_summary, self.paragraphs)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 4)
        layout.setSpacing(4)
        layout.addWidget(self.chip_row)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(controls)
        self.graph: Graph | None = None
        self.stories = False  # count each story once (near-duplicates as one document)
        self._numeric: list[str] = []
        self._pair: tuple[int, int] | None = None

    # ---- data ---------------------------------------------------------------------

    def set_runner(self, runner) -> None:
        self.runner = runner

    def reload(self, auto_weight: int | None = None) -> None:
        """Query the graph for the current filters and lay it out (in the background), then draw it.

        With `auto_weight`, a first look at a big library keeps only links strong enough to leave
        about that many."""
        self._reload_timer.stop()
        if self.runner is None:
            return
        self._generation += 1
        generation = self._generation
        request = GraphRequest({label: chip.isChecked() for label, chip in self.chips.items()},
                               self.min_weight.value(), self.top.value(), self.stories, auto_weight)
        self.summary.setText("Drawing the graph…")
        self.busy.show_busy(True)
        self._job = self.runner.run(lambda library, job: draw_graph_in_process(library.path, request, job.cancelled),
                        COMPUTE, label="Drawing the graph", key=f"graph-{id(self)}",
                        on_done=lambda drawn: self._draw(generation, drawn), on_failed=self._failed)

    def stop(self) -> bool:
        """Stop drawing (the pane was closed): its process ends at once. True if a graph was being drawn."""
        if self._job is None or self._job.finished:
            return False
        self._job.cancel()
        self._job = None
        self._generation += 1
        self.busy.show_busy(False)
        self.summary.setText("")
        return True

    def _failed(self, message: str) -> None:
        self.busy.show_busy(False)
        self.summary.setText(f"The graph could not be drawn: {message}")

    def _draw(self, generation: int, drawn: DrawnGraph) -> None:
        if generation != self._generation:
            return
        self.busy.show_busy(False)
        if drawn.weight != self.min_weight.value():
            self.min_weight.blockSignals(True)
            self.min_weight.setValue(drawn.weight)
            self.min_weight.blockSignals(False)
        if self._update_chips(drawn.present):  # the canvas changes size: drawn once it has its new size
            self.showing = True
            next_turn(lambda: self._show(generation, drawn))
        else:
            self._show(generation, drawn)

    def _show(self, generation: int, drawn: DrawnGraph) -> None:
        self.showing = False
        if generation != self._generation:
            return
        graph = self.graph = drawn.graph
        self.canvas.show_graph(graph, drawn.positions, selected=self.canvas.selected_node)
        count = len(graph.nodes)
        self.summary.setText(f"{count} entities, {len(graph.edges):,} links · node size: mentions · "
                             "link width: shared paragraphs · wheel zooms, drag pans"
                             + (" · each story counted once" if self.stories else ""))
        self.drawn.emit()

    def _update_chips(self, present: list[str]) -> bool:
        """One chip per type of entity present; numbers and dates share one chip, off at first. True if the
        chips changed."""
        order = {label: i for i, label in enumerate(theme.label_order())}
        wanted = sorted((l for l in present if l not in VALUE_LABELS), key=lambda l: order.get(l, 99))
        self._numeric = [l for l in present if l in VALUE_LABELS]
        wanted += [NUMBERS_CHIP] if self._numeric else []
        if list(self.chips) == wanted:
            return False
        old = {label: chip.isChecked() for label, chip in self.chips.items()}
        for chip in self.chips.values():
            chip.deleteLater()
        while self.chip_layout.count():
            self.chip_layout.takeAt(0)
        self.chips = {}
        for label in wanted:
            chip = QToolButton()
            chip.setObjectName("legendChip")
            chip.setCheckable(True)
            chip.setChecked(old.get(label, label != NUMBERS_CHIP))
            chip.setIcon(swatch("DATE" if label == NUMBERS_CHIP else label))
            chip.setText("Numbers && dates" if label == NUMBERS_CHIP else theme.label_name(label))
            chip.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            chip.setToolTip("Show numbers, dates and amounts in the graph" if label == NUMBERS_CHIP else
                            f"Show them in the graph. {theme.label_description(label)}")
            chip.toggled.connect(lambda checked_labels: self._reload_timer.start())
            self.chips[label] = chip
            self.chip_layout.addWidget(chip)
        self.chip_layout.invalidate()
        return True

    def checked_labels(self) -> list[str]:
        return checked_labels(self._numeric + [l for l in self.chips if l != NUMBERS_CHIP],
                        {label: chip.isChecked() for label, chip in self.chips.items()})

    def select_entity(self, entity_id: int | None) -> None:
        self.canvas.select_node(entity_id)

    def _on_node_clicked(self, entity_id: int) -> None:
        self.canvas.select_node(entity_id)
        self.entity_selected.emit(entity_id)

    def show_edge(self, a: int, b: int) -> None:
        """List the paragraphs where both entities appear (read in the background)."""
        self.canvas.select_edge((min(a, b), max(a, b)))
        names = [self.graph.node(i).name if self.graph and self.graph.node(i) else str(i) for i in (a, b)]
        self.edge_title.setText(f"{names[0]} & {names[1]}")
        self.edge_summary.setText("Finding the paragraphs where both appear…")
        self.paragraph_model.clear()
        pair = (a, b)
        self._pair = pair
        self.runner.run(lambda library, job: (library.analytics.edge_paragraphs(a, b),
                                              [s for i in (a, b) for s, _ in library.entity_surfaces(i)]),
                        QUERY, label="Finding paragraphs", key=f"edge-{id(self)}",
                        on_done=lambda result: self._show_paragraphs(pair, *result))

    def _show_paragraphs(self, pair: tuple[int, int], paragraphs: list[EdgeParagraph], surfaces: list[str]) -> None:
        if pair != self._pair:
            return
        count = len(paragraphs)
        self.edge_summary.setText(f"{count}{'+' if count >= 500 else ''} paragraph{'s' if count != 1 else ''} "
                                  "where both appear. Click one to open it.")
        for paragraph in paragraphs:
            item = QStandardItem()
            item.setData(paragraph_html(paragraph, surfaces), HTML_ROLE)
            item.setData(paragraph, PARAGRAPH_ROLE)
            item.setToolTip("Open the document at this paragraph")
            self.paragraph_model.appendRow(item)

    def clear_edge(self) -> None:
        """Nothing picked: the side pane says how to pick a link (after the library changed)."""
        self._pair = None
        self.canvas.select_edge(None)
        self.paragraph_model.clear()
        self.edge_title.setText("Shared paragraphs")
        self.edge_summary.setText(EDGE_HINT)

    def _on_paragraph(self, index) -> None:
        paragraph = index.data(PARAGRAPH_ROLE)
        if paragraph is not None:
            self.paragraph_activated.emit(paragraph.document_id, paragraph.start, paragraph.end)

    def choose_export(self, kind: str) -> None:
        export_picture(self, self.exports, "Export the graph", "graph", kind, self.export)

    def export(self, path: str | Path) -> Path:
        return self.canvas.export(path)
