"""What every export shares: entity types in plain words, and the progress callback's shape."""
from __future__ import annotations

from collections.abc import Callable

from reader import labels

Progress = Callable[[int, int, str], None]

def type_word(label: str) -> str:
    """"PERSON" -> "person", "GPE" -> "place" (reader.labels' plain words, in lower case)."""
    return labels.name(label).lower()
