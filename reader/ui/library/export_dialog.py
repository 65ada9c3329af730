"""File → Export…: one dialog for every export (entities, mentions, the graph, a Markdown vault, notes, a dossier)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QGridLayout, QLabel,
                               QRadioButton, QVBoxLayout, QWidget)

from reader.ui.common.safe_text import menu_text

# kind -> (what the choice says, what is written; a muted line under it)
LIBRARY_KINDS = {
    "entities": ("Entities as CSV", "name, type, other names, mentions, documents, first and last date"),
    "mentions": ("Mentions as CSV", "entity, document, offsets and sentence of every linked mention"),
    "graph": ("Co-occurrence graph for Gephi", "entities with their type and mentions; links weighted by the "
                                               "paragraphs they share"),
    "vault": ("Markdown vault for Obsidian", "a folder: a file per document and per entity, joined by links"),
}
NOTES_KINDS = {
    "md": ("All notes as Markdown", ""),
    "csv": ("All notes as CSV", "a spreadsheet"),
    "json": ("All notes as JSON", "W3C Web Annotation, which File → Import notes… reads back"),
    "dossier": ("Dossier of an entity", "its mentions in context and its notes (Markdown)"),
}
KINDS = tuple(LIBRARY_KINDS) + tuple(NOTES_KINDS)
GRAPH_FORMATS = (("graphml", "GraphML"), ("gexf", "GEXF"))


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("sectionHeading")
    return label


def _muted(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("muted")
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class ExportDialog(QDialog):
    """What to export; the file (or, for a vault, the folder) is asked for next.

    `entity_name`: the selected entity (its dossier), if any. `graph_shown`: how the graph panel
    filters its graph, in words, once it has drawn one (else the graph is exported whole)."""

    def __init__(self, entity_name: str | None, graph_shown: str | None, stories: bool, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.setObjectName("exportDialog")
        self.group = QButtonGroup(self)
        self._graph_shown = graph_shown is not None
        self.buttons: dict[str, QRadioButton] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        grid.setColumnStretch(1, 1)
        row = 0
        for heading, kinds in (("For other tools", LIBRARY_KINDS), ("Notes", NOTES_KINDS)):
            if row:
                grid.setRowMinimumHeight(row, 10)
                row += 1
            grid.addWidget(_heading(heading), row, 0, 1, 3)
            row += 1
            for kind, (text, detail) in kinds.items():
                if kind == "dossier" and entity_name:
                    text = menu_text(f"Dossier of “{entity_name}”")
                elif kind == "dossier":
                    detail = "select an entity first"
                button = QRadioButton(text)
                button.setEnabled(kind != "dossier" or entity_name is not None)
                self.group.addButton(button)
                self.buttons[kind] = button
                grid.addWidget(button, row, 0, 1, 2 if kind != "graph" else 1)
                if kind == "graph":
                    self.graph_format = QComboBox()
                    for key, name in GRAPH_FORMATS:
                        self.graph_format.addItem(name, key)
                    self.graph_format.setToolTip("Both open in Gephi; GEXF keeps the types for its appearance panel")
                    grid.addWidget(self.graph_format, row, 1, Qt.AlignmentFlag.AlignLeft)
                row += 1
                if detail:
                    grid.addWidget(_muted(detail), row, 0, 1, 3)
                    grid.itemAtPosition(row, 0).widget().setContentsMargins(24, 0, 0, 4)
                    row += 1
                if kind == "graph":
                    self.graph_as_shown = QCheckBox("As the graph panel shows it" if graph_shown
                                                    else "As the graph panel shows it (open the graph first)")
                    self.graph_as_shown.setEnabled(graph_shown is not None)
                    self.graph_as_shown.setChecked(graph_shown is not None)
                    self.graph_as_shown.setToolTip("Unchecked: every entity, and every link between them")
                    holder = QWidget()
                    inner = QVBoxLayout(holder)
                    inner.setContentsMargins(24, 0, 0, 0)
                    inner.addWidget(self.graph_as_shown)
                    details = ([graph_shown] if graph_shown else []) + (
                        ["Each story counted once (View → Count a story once)"] if stories else [])
                    for detail in details:
                        inner.addWidget(_muted(detail))
                        inner.itemAt(inner.count() - 1).widget().setContentsMargins(22, 0, 0, 0)
                    grid.addWidget(holder, row, 0, 1, 3)
                    row += 1
        self.buttons["entities"].setChecked(True)
        self.group.buttonToggled.connect(lambda *_: self._update())
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = box.button(QDialogButtonBox.StandardButton.Ok)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(_muted("Choose what to export; you pick the file next. "
                                "It is written whole, or not at all."))
        layout.addSpacing(6)
        layout.addLayout(grid)
        layout.addSpacing(8)
        layout.addWidget(box)
        self._update()

    def _update(self) -> None:
        graph = self.choice() == "graph"
        self.graph_format.setEnabled(graph)
        self.graph_as_shown.setEnabled(graph and self._graph_shown)
        self.ok_button.setText("Choose folder…" if self.choice() == "vault" else "Choose file…")

    def choice(self) -> str:
        return next(kind for kind, button in self.buttons.items() if button.isChecked())

    def choose(self, kind: str, graph_format: str | None = None) -> None:
        self.buttons[kind].setChecked(True)
        if graph_format is not None:
            self.graph_format.setCurrentIndex(self.graph_format.findData(graph_format))

    def chosen_graph_format(self) -> str:
        return self.graph_format.currentData()

    def graph_filtered(self) -> bool:
        """Export the graph as the panel shows it (else every entity and link)."""
        return self.graph_as_shown.isEnabled() and self.graph_as_shown.isChecked()
