"""Finding known entity names where the model missed them, and which finds are certain (pure)."""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

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
            self._first_words.add(fold(words[0]))
            self._last_words.add(fold(words[-1]))
            self._longest = max(self._longest, min(len(words), MAX_TOKENS))
        self._entity = {key: next(iter(ids)) for key, ids in owners.items() if len(ids) == 1}
        self._labels = labels
        self._exact = {surface: key for surface, key in exact.items() if key in self._entity}
        self._short_keys = {key for surface, key in self._exact.items() if len(surface) <= SHORT_NAME}

    def __len__(self) -> int:
        return len(self._entity)

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
        found.update(fold(word) for word in set(_LOWER_WORD.findall(ADDRESS.sub(" ", text))))
    return found


_LOWER_WORD = re.compile(r"(?<![\w'’-])[^\W\d_A-Z]\w*")


def _overlaps(start: int, end: int, taken: list[tuple[int, int]], starts: list[int]) -> bool:
    index = bisect_left(starts, end)
    return any(s < end and start < e for s, e in taken[max(0, index - 3):index])
