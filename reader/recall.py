"""Finding known entity names where the model missed them, and which finds are certain (pure)."""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from reader import gazetteer
from reader.mentions import ADDRESS
from reader.surfaces import fold, surface_key

_TOKEN = re.compile(r"\w+", re.UNICODE)
MAX_TOKENS = 6
SHORT_NAME = 4  # names this short (EU, CSTO, Baku) must match letter for letter, case included


@dataclass(frozen=True)
class NameMatch:
    start: int
    end: int
    text: str
    key: str
    entity_id: int
    label: str
    exact: bool = False  # the text is a known name letter for letter, case included


class NameIndex:
    """Known names -> entities; a name claimed by two entities is ambiguous and never matched."""

    def __init__(self, names: Iterable[tuple[str, str, int, str]]) -> None:
        """names: (surface, key, entity_id, label) of linked mentions."""
        owners: dict[str, set[int]] = defaultdict(set)
        labels: dict[int, str] = {}
        exact: dict[str, str] = {}
        surfaces: dict[str, set[str]] = defaultdict(set)
        self._first_words: set[str] = set()
        self._last_words: set[str] = set()  # a cheap test before the costly key of a candidate
        self._longest = 1
        for surface, key, entity_id, label in names:
            words = _TOKEN.findall(surface)
            if not words or not surface[:1].isupper():
                continue  # only names written with a capital are searched for
            owners[key].add(entity_id)
            labels[entity_id] = label
            exact[surface] = key
            surfaces[key].add(surface)
            self._first_words.add(fold(words[0]))
            self._last_words.add(fold(words[-1]))
            self._longest = max(self._longest, min(len(words), MAX_TOKENS))
        self._entity = {key: next(iter(ids)) for key, ids in owners.items() if len(ids) == 1}
        self._labels = labels
        self._exact = {surface: key for surface, key in exact.items() if key in self._entity}
        self._short_keys = {key for surface, key in self._exact.items() if len(surface) <= SHORT_NAME}
        self._surfaces = surfaces

    def __len__(self) -> int:
        return len(self._entity)

    def entries(self) -> dict[str, tuple[int | None, str | None, tuple[str, ...]]]:
        """What the index knows of each key: (its one entity, that entity's label, the key's surfaces);
        (None, None, surfaces) for a key that two entities claim. Where a key's entry changes, the
        names found in the documents that write it may change."""
        entries = {}
        for key, surfaces in self._surfaces.items():
            entity_id = self._entity.get(key)
            entries[key] = (entity_id, self._labels.get(entity_id), tuple(sorted(surfaces)))
        return entries

    def find(self, text: str, taken: list[tuple[int, int]]) -> list[NameMatch]:
        """Longest known names in `text`, at word boundaries, not overlapping `taken` spans."""
        taken = sorted(taken)
        starts = [s for s, _ in taken]
        tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
        found: list[NameMatch] = []
        i = 0
        while i < len(tokens):
            start, end = tokens[i]
            word = text[start:end]
            if not word[:1].isupper() or fold(word) not in self._first_words:
                i += 1
                continue
            match = self._longest_at(text, tokens, i)
            if match is None or _overlaps(match[0], match[1], taken, starts):
                i += 1
                continue
            found.append(match[2])
            i = match[3]
        return found

    def _longest_at(self, text: str, tokens: list[tuple[int, int]], i: int):
        for n in range(min(self._longest, len(tokens) - i), 0, -1):
            start, end = tokens[i][0], tokens[i + n - 1][1]
            candidate = text[start:end]
            key = self._exact.get(candidate)
            exact = key is not None
            if key is None:
                if fold(text[tokens[i + n - 1][0]:end]) not in self._last_words:
                    continue
                key = surface_key(candidate)
                if key not in self._entity or key in self._short_keys:
                    continue
            entity_id = self._entity[key]
            return start, end, NameMatch(start, end, candidate, key, entity_id, self._labels[entity_id], exact), i + n
        return None


def surname_matches(text: str, people: Iterable[tuple[str, int]], taken: list[tuple[int, int]],
                    common: set[str]) -> list[tuple[NameMatch, bool]]:
    """A surname written alone beside its full name in the same document ("Akers" of "David Akers"),
    where the model missed it: (match, certain). Certain when one person of the document bears it, it
    is no common word of the library and names no known place; else for review.

    people: (full name as written in this document, entity id) of the document's linked people.
    """
    bearers: dict[str, set[int]] = defaultdict(set)
    for name, entity_id in people:
        words = _TOKEN.findall(name)
        if len(words) >= 2 and words[-1][:1].isupper() and sum(ch.isalpha() for ch in words[-1]) >= 3:
            bearers[words[-1]].add(entity_id)
    if not bearers:
        return []
    taken = sorted(taken)
    starts = [s for s, _ in taken]
    found = []
    for token in _TOKEN.finditer(text):
        ids = bearers.get(token.group())
        if not ids or _overlaps(token.start(), token.end(), taken, starts):
            continue
        key = surface_key(token.group())
        match = NameMatch(token.start(), token.end(), token.group(), key, min(ids), "PERSON", True)
        sure = len(ids) == 1 and fold(token.group()) not in common and not gazetteer.is_known_place(key)
        found.append((match, sure))
    return found


def short_form_matches(text: str, names: Iterable[tuple[str, int, str]], taken: list[tuple[int, int]],
                       common: set[str]) -> list[tuple[NameMatch, bool]]:
    """Short forms of the document's own names written alone where the model missed them: a person's
    surname (`surname_matches`) and the word that stands for a club or company ("Real" of "Real Madrid",
    "Ajax" of "Ajax AFC", "49ers" of "San Francisco 49ers"); (match, certain).

    names: (name as written in this document, entity id, entity label) of the document's linked names.
    """
    names = list(names)
    people = [(name, entity_id) for name, entity_id, label in names if label == "PERSON"]
    found = surname_matches(text, people, taken, common)
    organisations = [(name, entity_id) for name, entity_id, label in names if label == "ORG"]
    return found + organisation_word_matches(text, organisations, taken + [(m.start, m.end) for m, _ in found], common)


def organisation_word_matches(text: str, organisations: Iterable[tuple[str, int]], taken: list[tuple[int, int]],
                              common: set[str]) -> list[tuple[NameMatch, bool]]:
    """The word that stands for an organisation of the document, written alone: certain when one
    organisation there has it and the word is no common word of the library, or the document writes it
    with its capital inside a sentence ("saw Real coming"), where only a name is capitalised."""
    owners: dict[str, set[int]] = defaultdict(set)
    for name, entity_id in organisations:
        word = stand_in_word(name)
        if word is not None and sum(ch.isalnum() for ch in word) >= 4 and not gazetteer.is_known_place(surface_key(word)):
            owners[word].add(entity_id)  # not "Air" (France), not "Manchester" (United): the city may be meant
    if not owners:
        return []
    taken = sorted(taken)
    starts = [s for s, _ in taken]
    hits = [t for t in _TOKEN.finditer(text) if t.group() in owners and not _overlaps(t.start(), t.end(), taken, starts)]
    inside_sentence = defaultdict(int)
    for token in hits:
        inside_sentence[token.group()] += _inside_sentence(text, token.start())
    found = []
    for token in hits:
        word, ids = token.group(), owners[token.group()]
        sure = len(ids) == 1 and (fold(word) not in common or inside_sentence[word] >= 2)
        found.append((NameMatch(token.start(), token.end(), word, surface_key(word), min(ids), "ORG", True), sure))
    return found


@lru_cache(maxsize=1 << 14)
def stand_in_word(name: str) -> str | None:
    """The one word that stands for an organisation's name: the name without its place ("Real" of "Real
    Madrid", "Broncos" of "Denver Broncos") or without its company or club abbreviation ("Ajax" of "Ajax
    AFC"); None if no single word does."""
    words = name.split()
    if len(words) >= 2 and _is_suffix(words[-1]):
        words = words[:-1]
    elif len(words) >= 2 and _is_suffix(words[0]):
        words = words[1:]
    if len(words) == 1:
        return words[0] if len(words) < len(name.split()) and words[0][:1].isalnum() else None
    for i in range(1, len(words)):
        head, rest = " ".join(words[:i]), " ".join(words[i:])
        if i == len(words) - 1 and gazetteer.is_known_place(surface_key(head)) \
                and not gazetteer.is_known_place(surface_key(rest)):
            return words[-1]
        if i == 1 and gazetteer.is_known_place(surface_key(rest)) and not gazetteer.is_known_place(surface_key(head)):
            return words[0]
    return None


def _is_suffix(word: str) -> bool:
    key = surface_key(word)
    return gazetteer.is_company_word(key) and not gazetteer.is_institution_word(key)


def _inside_sentence(text: str, start: int) -> bool:
    """True if the word at `start` stands inside a sentence: a capital there marks a name."""
    before = text[max(0, start - 40):start].rstrip(" \t")
    return bool(before) and before[-1] not in ".!?:;\n\"“”‘’'([{•–—-|"


def certain(match: NameMatch, common: set[str]) -> bool:
    """A match to link without review: the name exactly, of two letters or more, and, if it is one
    word, a word the library never writes in lower case ("Bastion" is not certain if "bastion" occurs)."""
    letters = sum(ch.isalpha() for ch in match.text)
    one_word = len(_TOKEN.findall(match.text)) == 1
    return match.exact and letters >= 2 and not (one_word and fold(match.text) in common)


def common_words(texts: Iterable[str]) -> set[str]:
    """The words the texts write in lower case (folded): names that are also common words. Addresses
    are not words ("en.wikinews.org" does not make "wikinews" a common word)."""
    found: set[str] = set()
    for text in texts:
        found |= lower_words(text)
    return found


def lower_words(text: str) -> set[str]:
    """The words one text writes in lower case, folded (the library keeps them: see common_words).
    Addresses are not words ("en.wikinews.org" does not make "wikinews" a common word)."""
    return {fold(word) for word in set(_LOWER_WORD.findall(ADDRESS.sub(" ", text)))}


def words_to_check(text: str, found: Iterable[NameMatch]) -> set[str]:
    """The folded words whose being common decides certainty here: the text's capitalised words
    (surnames written alone) and the one-word matches."""
    words = {fold(w) for w in set(_CAPITALISED.findall(text))}
    return words | {fold(m.text) for m in found if len(_TOKEN.findall(m.text)) == 1}


_LOWER_WORD = re.compile(r"(?<![\w'’-])[^\W\d_A-Z]\w*")
_CAPITALISED = re.compile(r"\b[^\W\d_a-z]\w+")


def _overlaps(start: int, end: int, taken: list[tuple[int, int]], starts: list[int]) -> bool:
    index = bisect_left(starts, end)
    return any(s < end and start < e for s, e in taken[max(0, index - 3):index])
