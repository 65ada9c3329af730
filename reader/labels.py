"""The entity types: spaCy's label set, their order, which are values, and their names in plain words."""
from __future__ import annotations

# Every label, in the order lists and legends show them.
LABELS: tuple[str, ...] = (
    "PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE",
    "DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL", "CARDINAL",
)
# Numbers, dates and amounts: highlighted where they are, never entities that link across documents.
VALUE_LABELS: frozenset[str] = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL", "CARDINAL"})
# Things that are places: a country, city or region (GPE), or another location (LOC).
PLACE_LABELS: frozenset[str] = frozenset({"GPE", "LOC"})
# Named things: every label that is not a value.
NAMED_LABELS: tuple[str, ...] = tuple(label for label in LABELS if label not in VALUE_LABELS)

# One of each, as a reader says it ("Person"), and a group of them ("People").
_NAMES: dict[str, tuple[str, str]] = {
    "PERSON": ("Person", "People"),
    "ORG": ("Organisation", "Organisations"),
    "GPE": ("Place", "Places"),
    "LOC": ("Region", "Regions"),
    "NORP": ("Group", "Groups"),
    "FAC": ("Facility", "Facilities"),
    "EVENT": ("Event", "Events"),
    "PRODUCT": ("Product", "Products"),
    "WORK_OF_ART": ("Work", "Works"),
    "LAW": ("Law", "Laws"),
    "LANGUAGE": ("Language", "Languages"),
    "DATE": ("Date", "Dates"),
    "TIME": ("Time", "Times"),
    "MONEY": ("Money", "Money"),
    "PERCENT": ("Percentage", "Percentages"),
    "QUANTITY": ("Quantity", "Quantities"),
    "ORDINAL": ("Ordinal", "Ordinals"),
    "CARDINAL": ("Number", "Numbers"),
}


def is_value(label: str) -> bool:
    """True for numbers, dates and amounts."""
    return label in VALUE_LABELS


def name(label: str) -> str:
    """One thing of this type in plain words: "Person", "Organisation", "Place"."""
    return _NAMES[label][0] if label in _NAMES else label.replace("_", " ").title()


def plural(label: str) -> str:
    """Things of this type in plain words: "People", "Organisations", "Places"."""
    return _NAMES[label][1] if label in _NAMES else label.replace("_", " ").title()


def order(label: str) -> int:
    """Position of a label in LABELS (unknown labels last)."""
    try:
        return LABELS.index(label)
    except ValueError:
        return len(LABELS)


def parse(text: str) -> str:
    """A label from what a user typed: "person", "Organisation", "gpe" -> the label; ValueError if unknown."""
    wanted = " ".join(text.split()).casefold()
    for label in LABELS:
        if wanted in (label.casefold(), name(label).casefold(), plural(label).casefold()):
            return label
    raise ValueError(f"unknown type {text.strip().upper()!r}; use one of {', '.join(LABELS)}")
