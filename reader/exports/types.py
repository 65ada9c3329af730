"""What every export shares: entity types in plain words, and the progress callback's shape."""
from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int, str], None]

# spaCy's labels as a reader says them
TYPE_WORDS = {
    "PERSON": "person", "ORG": "organisation", "GPE": "place", "LOC": "location", "NORP": "group",
    "FAC": "facility", "EVENT": "event", "PRODUCT": "product", "WORK_OF_ART": "work", "LAW": "law",
    "LANGUAGE": "language", "DATE": "date", "TIME": "time", "MONEY": "money", "PERCENT": "percentage",
    "QUANTITY": "quantity", "ORDINAL": "ordinal", "CARDINAL": "number",
}


def type_word(label: str) -> str:
    """"PERSON" -> "person", "GPE" -> "place"; an unknown label in lower case."""
    return TYPE_WORDS.get(label, label.lower().replace("_", " "))
