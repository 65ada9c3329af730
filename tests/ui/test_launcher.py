"""The launcher's identity: the window icon drawn for Reader, and the desktop entry the window belongs to."""
from __future__ import annotations

from PySide6.QtGui import QColor, QImage

from reader.paths import RESOURCES_DIR
from reader.ui.app import create_application


def test_the_window_carries_readers_icon_at_every_size(qtbot):
    icon = create_application([]).windowIcon()
    assert not icon.isNull()
    for size in (16, 32, 256):
        image = icon.pixmap(size, size).toImage().convertToFormat(QImage.Format.Format_ARGB32)
        assert (image.width(), image.height()) == (size, size)
        colours = {image.pixel(x, y) for x in range(size) for y in range(size)}
        assert QColor("#ffffff").rgba() in colours  # the page
        assert len(colours) > 4  # page, lines and highlights, not a blank square


def test_the_window_is_matched_to_the_shipped_desktop_entry():
    name = create_application([]).desktopFileName()  # what a Wayland dock looks up for the name and icon
    assert (RESOURCES_DIR / f"{name}.desktop").is_file()
