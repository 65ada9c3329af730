"""Small layout helpers shared by the tool panels."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from reader.errors import ReaderError


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


def export_button(choose_export: Callable[[str], None]) -> QWidget:
    """An "Export" button with a menu: as PNG or as SVG (choose_export gets "png" or "svg")."""
    from PySide6.QtWidgets import QMenu, QToolButton

    button = QToolButton()
    button.setText("Export")
    button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    menu = QMenu(button)
    menu.addAction("As PNG…", lambda: choose_export("png"))
    menu.addAction("As SVG…", lambda: choose_export("svg"))
    button.setMenu(menu)
    return button


def export_picture(parent: QWidget, exports, title: str, stem: str, kind: str, export: Callable[[str], Path]) -> None:
    """Ask where to save a picture (SVG or PNG) in the export folder, save it, and say where it went (or
    why it could not be written). `exports`: the window's Exports (reader/ui/common/export_files.py)."""
    from PySide6.QtWidgets import QMessageBox

    from reader.ui.common.safe_text import show_message

    path = exports.ask(parent, title, f"{stem}.{kind}", "SVG image (*.svg)" if kind == "svg" else "PNG image (*.png)")
    if path:
        try:
            written = export(str(path))
        except ReaderError as error:
            show_message(parent, QMessageBox.Icon.Warning, "Not exported", str(error))
            return
        exports.done(written)


def render_picture(path: str | Path, size: QSize, paint: Callable[[QPainter, QRectF], None],
                   title: str, background: QColor) -> Path:
    """Draw a picture to SVG (by its suffix) or PNG at twice the screen size; the path written.

    A path without a suffix gets .png; a file that cannot be written raises ReaderError.
    """
    path = Path(path)
    if not path.suffix:
        path = path.with_suffix(".png")
    target = QRectF(0, 0, size.width(), size.height())
    if path.suffix.lower() == ".svg":
        device = QSvgGenerator()
        device.setFileName(str(path))
        device.setSize(size)
        device.setViewBox(target)
        device.setTitle(title)
    else:
        device = QImage(size * 2, QImage.Format.Format_ARGB32_Premultiplied)
        device.setDevicePixelRatio(2)
        device.fill(background)
    painter = QPainter(device)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    painter.fillRect(target, background)
    paint(painter, target)
    painter.end()
    written = path.exists() if isinstance(device, QSvgGenerator) else device.save(str(path))
    if not written:
        raise ReaderError(f"{path}: could not write the picture (check the folder and the file name)")
    return path
