"""Map Python string offsets (code points) to Qt text positions (UTF-16 units) and back."""
from __future__ import annotations

from bisect import bisect_right


class Utf16Map:
    """Identity for texts without astral characters; otherwise a table of where they are."""

    def __init__(self, text: str) -> None:
        self._astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]

    def to_qt(self, offset: int) -> int:
        if not self._astral:
            return offset
        return offset + bisect_right(self._astral, offset - 1)

    def from_qt(self, position: int) -> int:
        if not self._astral:
            return position
        offset = position
        for _ in range(3):  # converges quickly: each step can only shrink the correction
            offset = position - bisect_right(self._astral, offset - 1)
        return offset
