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


# What each type holds, in a few words (tooltips, menus). Places and Regions are one family: both are places.
_DESCRIPTIONS: dict[str, str] = {
    "PERSON": "people, real or fictional",
    "ORG": "companies, agencies, institutions, parties, teams",
    "GPE": "places with a government: countries, cities, states (other places are Regions)",
    "LOC": "places without a government of their own: regions, mountain ranges, seas, rivers (countries and cities"
           " are Places)",
    "NORP": "nationalities and religious or political groups",
    "FAC": "buildings, airports, roads, bridges",
    "EVENT": "named wars, battles, storms, summits, sports events",
    "PRODUCT": "objects, vehicles, weapons, foods",
    "WORK_OF_ART": "titles of books, songs, films, reports",
    "LAW": "named laws, treaties and agreements",
    "LANGUAGE": "named languages",
    "DATE": "dates and periods",
    "TIME": "times of day",
    "MONEY": "amounts of money",
    "PERCENT": "percentages",
    "QUANTITY": "measurements: weights, distances",
    "ORDINAL": "first, second…",
    "CARDINAL": "other numbers",
}


def describe(label: str) -> str:
    """What things of this type are: "Places: places with a government: countries, cities, states…"."""
    return f"{plural(label)}: {_DESCRIPTIONS[label]}" if label in _DESCRIPTIONS else plural(label)


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
