"""Small layout helpers shared by the tool panels."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget


def with_side_list(main: QWidget, *side: QWidget) -> QSplitter:
    """A picture on the left and, on the right, a narrow column (its last widget stretches)."""
    column = QWidget()
    layout = QVBoxLayout(column)
    layout.setContentsMargins(6, 0, 0, 0)
    for number, widget in enumerate(side):
        layout.addWidget(widget, 1 if number == len(side) - 1 else 0)
    splitter = QSplitter(Qt.Orientation.Horizontal)
    splitter.addWidget(main)
    splitter.addWidget(column)
    splitter.setStretchFactor(0, 3)
    splitter.setStretchFactor(1, 1)
    splitter.setSizes([800, 320])
    splitter.setChildrenCollapsible(False)
    return splitter
