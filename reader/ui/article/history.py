"""The Back/Forward trail of places visited: document, position and selection."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Place:
    document_id: int
    offset: int  # the reading position (text offset at the top of the view)
    selection: tuple[int, int] | None = None
    scroll: int | None = None  # the scroll bar's value there: Back returns to the same pixel


class History:
    """A browser-like trail: visiting a new place drops everything forward of here."""

    def __init__(self, limit: int = 200) -> None:
        self._places: list[Place] = []
        self._index = -1
        self._limit = limit

    @property
    def current(self) -> Place | None:
        return self._places[self._index] if self._index >= 0 else None

    def visit(self, place: Place) -> None:
        del self._places[self._index + 1:]
        self._places.append(place)
        if len(self._places) > self._limit:
            del self._places[0]
        self._index = len(self._places) - 1

    def update_current(self, place: Place) -> None:
        """Remember where the reader is now in the current place (scrolling, selecting)."""
        if self._index >= 0:
            self._places[self._index] = place

    def can_go_back(self) -> bool:
        return self._index > 0

    def can_go_forward(self) -> bool:
        return self._index < len(self._places) - 1

    def back(self) -> Place | None:
        if not self.can_go_back():
            return None
        self._index -= 1
        return self._places[self._index]

    def forward(self) -> Place | None:
        if not self.can_go_forward():
            return None
        self._index += 1
        return self._places[self._index]
