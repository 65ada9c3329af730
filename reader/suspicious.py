"""Suspicious entities: which review filters of the entity table an entity meets, and why (pure)."""
from __future__ import annotations

# Reason codes (JSON, filters) and what each means, in plain words (tables, tooltips).
MIXED_TYPES = "mixed_types"
ALL_CAPS = "all_caps"
LONG_NAME = "long_name"
FOUND_ONCE = "found_once"
REASONS = {
    MIXED_TYPES: "the model gave its mentions different types",
    ALL_CAPS: "one word in capitals",
    LONG_NAME: "a very long name",
    FOUND_ONCE: "found only once",
}

MIXED_TYPES_SHARE = 0.2  # mixed: at least this share of the model's mentions has another type than the most common
LONG_NAME_WORDS = 5  # long: at least this many words...
LONG_NAME_CHARACTERS = 40  # ...or more than this many characters


def reasons(name: str, mentions: int, model_mentions: int, main_type_mentions: int,
            model_types: int) -> tuple[str, ...]:
    """The reasons (codes, in the order of REASONS) that make an entity worth a second look.

    `mentions`: its linked mentions; `model_mentions`: those the model found, `main_type_mentions`
    of them with the model's most common type for it, of `model_types` different types.
    """
    found = []
    if model_types > 1 and model_mentions - main_type_mentions >= MIXED_TYPES_SHARE * model_mentions:
        found.append(MIXED_TYPES)
    words = name.split()
    if len(words) == 1 and name.isupper() and sum(ch.isalpha() for ch in name) >= 2:
        found.append(ALL_CAPS)
    if len(words) >= LONG_NAME_WORDS or len(name) > LONG_NAME_CHARACTERS:
        found.append(LONG_NAME)
    if mentions == 1:
        found.append(FOUND_ONCE)
    return tuple(found)
