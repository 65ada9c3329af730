"""Map Python string offsets (code points) to Qt text positions (UTF-16 units) and back."""
from __future__ import annotations

from bisect import bisect_left, bisect_right


class Utf16Map:
    """Identity for texts without astral characters; otherwise a table of where they are."""

    def __init__(self, text: str) -> None:
        self._astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]
        self._qt_starts = [offset + n for n, offset in enumerate(self._astral)]  # where each begins in Qt

    def to_qt(self, offset: int) -> int:
        if not self._astral:
            return offset
        return offset + bisect_right(self._astral, offset - 1)

    def from_qt(self, position: int) -> int:
        if not self._astral:
            return position
        # every astral character that begins before `position` takes two units for one offset;
        # a position between the two halves of one maps to the character's start
        return position - bisect_left(self._qt_starts, position)
