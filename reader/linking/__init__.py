"""Entity linking: occurrences -> keys -> entities, in stages ordered by evidence, the user's rules last.

`link()` runs the stages in order over one small state (`State`): aggregate occurrences by key, type
the keys, then join keys library-wide (declared acronyms, well-known aliases, acronyms by initials,
spelling variants of full names) or inside one document (a surname, first name or honorific form of
the one full name there), then across the library where a short name is unambiguous; the user's
rules come last and win. Values (dates, numbers, amounts) never link across documents: each
document's value is an entity of its own. Every relation between two keys is named by a bucket
(`relation_buckets`), so that a subset of the library can be relinked on its own.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from reader import gazetteer
from reader.labels import VALUE_LABELS
from reader.linking.knowledge import (acronyms_by_initials, declared_acronyms, known_aliases, label_key, label_keys,
                                      nationality_forms, plural_names)
from reader.linking.partial_names import document_parts, head_word, owners_acronyms
from reader.linking.rules import entities, frozen_keys, kept_apart, user_merges
from reader.linking.short_forms import (document_names, library_names, name_words, person_match, spelling,
                                        spelling_variants)
from reader.linking.state import (PLACE_SHARE, Facts, Groups, LinkedEntity, Linking, Occurrence, Rule, State,
                                  aggregate, is_value_key, value_key)
from reader.surfaces import SMALL_WORDS, acronym_letters, clean_surface, initials, key_initials, surface_key

__all__ = ["Occurrence", "Rule", "LinkedEntity", "Linking", "State", "Facts", "Groups", "link", "relation_buckets",
           "value_key", "is_value_key", "aggregate", "label_key", "label_keys", "declared_acronyms", "known_aliases",
           "acronyms_by_initials", "nationality_forms", "plural_names", "spelling_variants", "owners_acronyms",
           "document_names", "document_parts", "library_names", "frozen_keys", "kept_apart", "user_merges", "entities",
           "person_match", "spelling", "name_words", "surface_key", "PLACE_SHARE"]


# ---- the pipeline ----------------------------------------------------------------------------------


def link(
    occurrences: Iterable[Occurrence],
    rules: Sequence[Rule] = (),
    aliases: Iterable[tuple[int, str, str]] = (),
) -> Linking:
    """Link a library's occurrences into entities; `aliases` are (document_id, long, short) declarations."""
    state = aggregate(occurrences)
    label_keys(state)
    state.frozen = frozen_keys(state, rules)
    state.groups = Groups(kept_apart(state, rules))
    declared_acronyms(state, aliases)
    known_aliases(state)
    nationality_forms(state)
    plural_names(state)
    acronyms_by_initials(state)
    spelling_variants(state)
    owners_acronyms(state)
    document_names(state)
    document_parts(state)
    library_names(state)
    user_merges(state, rules)
    return entities(state, rules)


def relation_buckets(key: str, surface: str, label: str) -> frozenset[str]:
    """Buckets such that two keys whose linking can depend on each other share one.

    A key's own bucket; the first and last name words and the last word before a company word
    (spelling skeletons; small words, titles and "Jr." left out); the initials of a multi-word name and the letters of an acronym; its
    well-known alias group. Declared acronyms ("Long Name (LN)") and the user's rules relate the
    keys they name explicitly. `label` is the model's label of this occurrence (values relate to
    nothing outside their document).
    """
    buckets = {f"key:{key}"}
    if not key or label in VALUE_LABELS and not any(ch.isalpha() for ch in key):
        return frozenset(buckets)
    words = [w for w in name_words(key) if w not in SMALL_WORDS]
    named = [w for w in words if not gazetteer.is_company_word(w)]
    for word in {*words[:1], *words[-1:], *named[-1:]}:
        if any(ch.isalpha() for ch in word):
            buckets.add(f"word:{spelling(word)}")
    if " " not in key and (base := gazetteer.nationality_base(key)) != key:
        buckets.add(f"word:{spelling(base)}")  # "mexicans", "spaniard": the nationality word they are forms of
    for name in gazetteer.names_for_nickname(key.split()[0]):
        buckets.add(f"word:{spelling(name)}")  # "jim", "jim brady": the name a nickname is short for
    if " " in key:
        buckets.add(f"plural:{key.removesuffix('s')}")  # "grammy award", "grammy awards"
        if (head := head_word(key.split())) is not None:
            buckets.add(f"word:{spelling(head)}")  # "the House" of "U.S. House of Representatives"
    if gazetteer.honorific_length(key):
        buckets.add(f"key:{' '.join(name_words(key))}")
    for letters in (acronym_letters(clean_surface(surface)), initials(clean_surface(surface)), key_initials(key)):
        if len(letters) >= 2:
            buckets.add(f"initials:{letters}")
    if (group := gazetteer.alias_group(key)) is not None:
        buckets.add(f"alias:{group}")
    return frozenset(buckets)
