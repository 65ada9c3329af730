"""Text cut to the room it has: a title on up to two lines."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics


def elide_two_lines(text: str, metrics: QFontMetrics, width: int) -> str:
    """`text` on one line if it fits, else broken between words onto two, the second elided ("…")."""
    words, first = text.split(), ""
    while words and metrics.horizontalAdvance((first + " " + words[0]).strip()) <= width:
        first = (first + " " + words.pop(0)).strip()
    if not words:
        return first
    second = metrics.elidedText(" ".join(words), Qt.TextElideMode.ElideRight, width)
    return f"{first}\n{second}" if first else metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
