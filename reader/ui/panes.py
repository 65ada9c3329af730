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


def ask_image_path(parent: QWidget, title: str, stem: str, kind: str) -> str:
    """Ask where to save a picture as SVG or PNG; an empty string when the user cancels."""
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getSaveFileName(parent, title, f"{stem}.{kind}",
                                          "SVG image (*.svg)" if kind == "svg" else "PNG image (*.png)")
    return path
