"""Merge suggestions: pairs of entities that are probably one, each with its rule, reason and confidence (pure)."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

from rapidfuzz import fuzz

from reader import gazetteer
from reader.labels import PLACE_LABELS, VALUE_LABELS
from reader.surfaces import SMALL_WORDS, acronym_letters, initials
from reader.models import Entity, MentionInContext

# The rules, in plain words (what a reviewer reads next to a suggestion).
DOTS = "abbreviation with and without dots"
ABBREVIATION = "abbreviated word and full word"
WORD_ORDER = "same words in another order"
SPELLING = "spelling or transliteration variant"
SHORT_FORM = "short form of a full name"
INITIAL = "initial of a first name"
ACRONYM = "acronym and its expansion"
PLURAL = "singular and plural of a group"

# Abbreviated words (after dots are dropped) and the word they stand for.
_ABBREVIATIONS = {
    "st": "saint", "mt": "mount", "ft": "fort", "gen": "general", "col": "colonel", "lt": "lieutenant",
    "sgt": "sergeant", "gov": "governor", "govt": "government", "sen": "senator", "rep": "representative",
    "pres": "president", "prof": "professor", "dr": "doctor", "dept": "department", "univ": "university",
    "intl": "international", "natl": "national", "assn": "association", "corp": "corporation",
    "inc": "incorporated", "ltd": "limited", "co": "company", "bros": "brothers", "jr": "junior", "sr": "senior",
}
# Spellings that transliterations of one name vary between (Qarabagh / Karabakh, Farrux / Farrukh).
_TRANSLITERATION = (("tch", "ch"), ("dzh", "j"), ("dj", "j"), ("zh", "j"), ("kh", "k"), ("gh", "g"),
                    ("ph", "f"), ("ck", "k"), ("q", "k"), ("x", "k"), ("w", "v"), ("y", "i"))
_VOWELS = frozenset("aeiouy")
_SOUND_CLASS = str.maketrans({"g": "k"})
_DEMONYM_ENDINGS = ("is", "s", "ians", "ian", "ean", "ese", "ish", "an", "i", "n")
_PLACE_ENDINGS = ("", "a", "ia", "e", "y", "ey")
MIN_SPELLING_LETTERS = 5  # shorter single words are too often different names spelt alike (Rena / Rina)
SPELLING_MIN_SIMILARITY = 80.0  # rapidfuzz ratio of the transliteration-normal spellings
_LARGE_GROUP = 200  # a phonetic group this big is a very common pattern: compare only its likeliest pairs


@dataclass(frozen=True)
class Proposal:
    """Two entities that are probably the same: merge `source_id` into `target_id`."""

    source_id: int
    target_id: int
    rule: str
    reason: str
    confidence: float  # 0..1, most confident first


@dataclass(frozen=True)
class Suggestion:
    """A proposal with what a reviewer needs to judge it: both entities and a sentence from each."""

    source: Entity  # merged into...
    target: Entity  # ...this one, whose name is kept
    rule: str
    reason: str
    confidence: float
    shared_documents: int  # documents that mention both
    evidence: tuple[MentionInContext | None, MentionInContext | None]  # (source's sentence, target's)


@dataclass(frozen=True)
class _Name:
    entity: Entity
    words: tuple[str, ...]  # the key's words
    person: bool
    place: bool
    people: bool  # a nationality or group of people ("Armenians")


def propose(
    entities: Iterable[Entity], distinct: Iterable[tuple[int, int]] = (), frozen: Iterable[int] = (),
) -> list[Proposal]:
    """Pairs of `entities` that are probably one, most confident first.

    `distinct`: entity id pairs the user said are not the same; `frozen`: ids never suggested
    (names the user split out). Values (dates, numbers) and a place with its people are never paired.
    """
    frozen = set(frozen)
    names = [_name(e) for e in entities if e.label not in VALUE_LABELS and e.id not in frozen and e.key]
    names = [n for n in names if n.words]
    refused = {frozenset(pair) for pair in distinct}
    best: dict[frozenset[int], Proposal] = {}
    by_id = {n.entity.id: n for n in names}
    for proposal in _all_rules(names):
        pair = frozenset((proposal.source_id, proposal.target_id))
        if len(pair) < 2 or pair in refused:
            continue
        if _place_and_people(by_id[proposal.source_id], by_id[proposal.target_id]):
            continue
        known = best.get(pair)
        if known is None or proposal.confidence > known.confidence:
            best[pair] = proposal

    def order(p: Proposal) -> tuple:
        a, b = by_id[p.source_id].entity, by_id[p.target_id].entity
        return (-p.confidence, -(a.mentions + b.mentions), b.name, a.name)

    return sorted(best.values(), key=order)


def _all_rules(names: list[_Name]) -> Iterable[Proposal]:
    yield from _dots_and_abbreviations(names)
    yield from _word_order(names)
    yield from _spelling(names)
    yield from _short_forms(names)
    yield from _acronyms(names)
    yield from _plurals(names)


# ---- what an entity is, for the rules ---------------------------------------------

def _name(entity: Entity) -> _Name:
    words = tuple(entity.key.split())
    place = entity.label in PLACE_LABELS or gazetteer.is_known_place(entity.key)
    people = entity.label == "NORP" or gazetteer.is_demonym(entity.key)
    return _Name(entity, words, entity.label == "PERSON" and not place and not people, place, people)


def _place_and_people(a: _Name, b: _Name) -> bool:
    """True for a place and its people or nationality (Armenia / Armenians), never one entity."""
    if (a.place and b.people) or (b.place and a.people):
        return True
    short, long = sorted((a, b), key=lambda n: len(n.entity.key))
    ending = long.entity.key[len(short.entity.key):]
    return long.entity.key.startswith(short.entity.key) and ending in _DEMONYM_ENDINGS and long.people \
        and not short.people  # "Artsakh" / "Artsakhis", even where no gazetteer knows the place


def _keeper(a: _Name, b: _Name) -> tuple[_Name, _Name]:
    """(source, target): the better-known entity is kept."""
    def rank(n: _Name) -> tuple:
        capitals = sum(w[:1].isupper() for w in n.entity.name.split())
        return (n.entity.mentions, n.entity.documents, capitals, len(n.entity.name), -n.entity.id)

    return (a, b) if rank(a) < rank(b) else (b, a)


def _proposal(source: _Name, target: _Name, rule: str, reason: str, confidence: float) -> Proposal:
    if source.person != target.person and not (source.people or target.people) and rule != ACRONYM:
        confidence -= 0.1  # the model typed them differently: less sure
    return Proposal(source.entity.id, target.entity.id, rule, reason, round(max(0.05, min(confidence, 0.99)), 2))


def _pairs_in_groups(groups: dict, minimum: int = 2) -> Iterable[tuple[_Name, _Name]]:
    for members in groups.values():
        if minimum <= len(members) <= _LARGE_GROUP:
            yield from combinations(members, 2)


def _quoted(n: _Name) -> str:
    return f"“{n.entity.name}”"


# ---- rules ------------------------------------------------------------------------

def _dots_and_abbreviations(names: list[_Name]) -> Iterable[Proposal]:
    """"U.S.A." / "USA", "St. Petersburg" / "St Petersburg" / "Saint Petersburg"."""
    groups: dict[str, list[_Name]] = defaultdict(list)
    for n in names:
        groups[_expanded(_dotless(n.entity.key))].append(n)
    for a, b in _pairs_in_groups(groups):
        source, target = _keeper(a, b)
        if _dotless(a.entity.key) == _dotless(b.entity.key):
            yield _proposal(source, target, DOTS, f"{_quoted(a)} and {_quoted(b)} differ only in dots", 0.95)
        else:
            yield _proposal(source, target, ABBREVIATION,
                            f"{_quoted(a)} and {_quoted(b)} differ only in an abbreviated word", 0.9)


def _dotless(key: str) -> str:
    words = key.replace(".", " ").split()
    if len(words) > 1 and all(len(w) == 1 for w in words):
        return "".join(words)  # "u s a" -> "usa"
    return " ".join(key.replace(".", "").split())


def _expanded(key: str) -> str:
    return " ".join(_ABBREVIATIONS.get(w, w) for w in key.split())


def _content_words(n: _Name, places: bool) -> tuple[str, ...]:
    words = [w.removesuffix("'s") for w in n.words if w not in SMALL_WORDS]
    if places and not n.person:
        words = [_place_of(w) or w for w in words]
    return tuple(sorted(words))


@lru_cache(maxsize=1 << 16)
def _place_of(word: str) -> str | None:
    """The place a nationality word comes from ("azerbaijani" -> "azerbaijan"), if known."""
    if not gazetteer.is_demonym(word):
        return None
    for ending in _DEMONYM_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            stem = word[: -len(ending)]
            for place_ending in _PLACE_ENDINGS:
                if gazetteer.is_known_place(stem + place_ending):
                    return stem + place_ending
    return None


def _word_order(names: list[_Name]) -> Iterable[Proposal]:
    """"Aliyev Ilham" / "Ilham Aliyev"; "Russian Defense Ministry" / "Russian Ministry of Defense"."""
    groups: dict[tuple[str, ...], list[_Name]] = defaultdict(list)
    for n in names:
        words = _content_words(n, places=True)
        if len(words) >= 2 and len(n.words) >= 2:
            groups[words].append(n)
    for a, b in _pairs_in_groups(groups):
        if _expanded(_dotless(a.entity.key)) == _expanded(_dotless(b.entity.key)):
            continue  # the dots rule's
        same = _content_words(a, places=False) == _content_words(b, places=False)
        source, target = _keeper(a, b)
        how = "the same words" if same else "the same words (a nationality for its country)"
        yield _proposal(source, target, WORD_ORDER, f"{_quoted(a)} and {_quoted(b)} have {how} in another order",
                        0.9 if same else 0.82)


@lru_cache(maxsize=1 << 16)
def transliterated(word: str) -> str:
    """A word in one common transliteration ("qarabagh" -> "karabag", "farrukh" -> "farruk")."""
    for old, new in _TRANSLITERATION:
        word = word.replace(old, new)
    return word


@lru_cache(maxsize=1 << 16)
def sound_key(word: str) -> str:
    """First letter and consonant classes of a transliterated word: a blocking key for spelling variants."""
    word = transliterated(word).translate(_SOUND_CLASS)
    if not word:
        return ""
    out = [word[0]]
    for ch in word[1:]:
        if ch not in _VOWELS and ch != out[-1]:
            out.append(ch)
    return "".join(out)


def _inflection_only(a: str, b: str) -> bool:
    """Words that differ by an ending that changes who is meant: Aliyev / Aliyeva, Armenian / Armenians."""
    short, long = sorted((a, b), key=len)
    return long.startswith(short) and long[len(short):] in ("a", "s", "es", "e", "i")


def _spelling(names: list[_Name]) -> Iterable[Proposal]:
    """Qarabagh / Karabakh, Farrux / Farrukh, Sergei / Sergey Lavrov: word by word alike in sound."""
    groups: dict[tuple[str, ...], list[_Name]] = defaultdict(list)
    for n in names:
        if any(not w.isalpha() for w in n.words):
            continue
        if len(n.words) == 1 and len(n.words[0]) < MIN_SPELLING_LETTERS:
            continue
        keys = tuple(sound_key(w) for w in n.words)
        if len(n.words) == 1 and len(keys[0]) < 3:
            continue
        groups[keys].append(n)
    for members in groups.values():
        if len(members) < 2:
            continue
        pairs = combinations(members, 2) if len(members) <= _LARGE_GROUP else _likeliest_pairs(members)
        for a, b in pairs:
            proposal = _spelling_pair(a, b)
            if proposal is not None:
                yield proposal


def _likeliest_pairs(members: list[_Name]) -> Iterable[tuple[_Name, _Name]]:
    from rapidfuzz import process

    spellings = [" ".join(transliterated(w) for w in n.words) for n in members]
    scores = process.cdist(spellings, spellings, scorer=fuzz.ratio, score_cutoff=SPELLING_MIN_SIMILARITY)
    for i, j in zip(*scores.nonzero()):
        if i < j:
            yield members[i], members[j]


def _spelling_pair(a: _Name, b: _Name) -> Proposal | None:
    if a.words == b.words or len(a.words) != len(b.words):
        return None
    differing = [(x, y) for x, y in zip(a.words, b.words) if x != y]
    for x, y in differing:
        if _inflection_only(x, y) or _inflection_only(transliterated(x), transliterated(y)):
            return None
        if gazetteer.is_known_place(x) and gazetteer.is_known_place(y):
            return None  # two different known places (Niger / Nigeria)
        if min(len(x), len(y)) < 4:
            return None
    known = [gazetteer.is_known_place(n.entity.key) for n in (a, b)]
    if all(known):
        return None  # two known places
    if any(known) and not (a.entity.label in PLACE_LABELS and b.entity.label in PLACE_LABELS):
        return None  # a known place and something the model did not take for a place (Europe / Europa)
    similarity = min(fuzz.ratio(transliterated(x), transliterated(y)) for x, y in differing)
    if similarity < SPELLING_MIN_SIMILARITY:
        return None
    source, target = _keeper(a, b)
    confidence = 0.5 + 0.45 * similarity / 100
    if len(a.words) > len(differing):
        confidence += 0.03  # other words agree letter for letter
    return _proposal(source, target, SPELLING,
                     f"{_quoted(a)} and {_quoted(b)} sound alike ({similarity:.0f}% similar once transliterated)",
                     confidence)


def _short_forms(names: list[_Name]) -> Iterable[Proposal]:
    """"Stepanyan" / "Gegham Stepanyan", "V. Putin" / "Vladimir Putin", "Minsk Group" / "OSCE Minsk Group"."""
    by_last: dict[str, list[_Name]] = defaultdict(list)
    by_initial: dict[tuple[str, str], list[_Name]] = defaultdict(list)
    for n in names:
        if n.person and len(n.words) >= 2 and len(n.words[0]) > 1:
            by_last[n.words[-1]].append(n)
            by_initial[(n.words[0][0], n.words[-1])].append(n)
    for n in names:
        if n.place or gazetteer.is_demonym(n.entity.key):
            continue
        if len(n.words) == 1 and n.words[0].isalpha() and len(n.words[0]) >= 3 and not acronym_letters(n.entity.name):
            full = [f for f in by_last.get(n.words[0], ()) if f.entity.id != n.entity.id]
            if len(full) == 1 and n.entity.name[:1].isupper():
                yield _proposal(n, full[0], SHORT_FORM,
                                f"{_quoted(n)} is the surname of {_quoted(full[0])}, the only full name ending in it",
                                0.8 if n.person else 0.72)
        elif len(n.words) == 2 and len(n.words[0]) == 1 and n.words[1].isalpha():
            full = by_initial.get((n.words[0], n.words[1]), [])
            if len(full) == 1:
                # The more people share the surname, the likelier the initial is someone never named in full.
                namesakes = len(by_last.get(n.words[1], ())) - 1
                yield _proposal(n, full[0], INITIAL, f"{_quoted(n)} abbreviates the first name of {_quoted(full[0])},"
                                f" the only one with this initial among {namesakes + 1} of that surname",
                                max(0.4, 0.85 - 0.05 * namesakes))
    yield from _partial_names(names)


def _partial_names(names: list[_Name]) -> Iterable[Proposal]:
    """A multi-word name that ends a longer one of the same kind, and only that one: "Champions League" /
    "UEFA Champions League". Never the beginning ("United Nations" / "United Nations General Assembly"
    is a part of it) nor after a small word ("Middle East" / "Quartet on the Middle East")."""
    longer: dict[tuple[str, ...], list[_Name]] = defaultdict(list)
    for n in names:
        if not n.person and len(n.words) >= 3 and all(w.isalpha() or "." in w or "'" in w for w in n.words):
            for size in range(2, len(n.words)):
                if n.words[-size - 1] not in SMALL_WORDS:
                    longer[n.words[-size:]].append(n)
    for n in names:
        if n.person or len(n.words) < 2 or acronym_letters(n.entity.name):
            continue
        owners = {o.entity.id: o for o in longer.get(n.words, ()) if o.entity.id != n.entity.id}
        if len(owners) == 1:
            owner = next(iter(owners.values()))
            if owner.place == n.place:
                yield _proposal(n, owner, SHORT_FORM, f"{_quoted(n)} ends {_quoted(owner)}, the only longer name"
                                " ending in these words", 0.5)


def _acronyms(names: list[_Name]) -> Iterable[Proposal]:
    """"OSCE" / "Organization for Security and Co-operation in Europe" when one name has those initials."""
    owners: dict[str, list[_Name]] = defaultdict(list)
    for n in names:
        if not n.person and len(n.words) >= 2:
            letters = initials(n.entity.name)
            if len(letters) >= 2:
                owners[letters].append(n)
    for n in names:
        letters = acronym_letters(n.entity.name)
        if not letters or n.people:
            continue
        found = [o for o in owners.get(letters, ()) if o.entity.id != n.entity.id]
        if n.place:
            found = [o for o in found if o.place]
        if len(found) == 1:
            same_kind = found[0].entity.label == n.entity.label
            yield _proposal(n, found[0], ACRONYM, f"{_quoted(n)} is made of the initials of {_quoted(found[0])}",
                            0.8 if same_kind else 0.7)


def _plurals(names: list[_Name]) -> Iterable[Proposal]:
    """"Armenian" / "Armenians", "Democrat" / "Democrats": one group of people in the singular and plural."""
    by_key = {n.entity.key: n for n in names}
    for n in names:
        key = n.entity.key
        for plural in (key + "s", key + "es", key[:-1] + "ies" if key.endswith("y") else None):
            other = by_key.get(plural) if plural else None
            if other is None or other.place or n.place:
                continue
            group = n.people or other.people
            if not group and not {n.entity.label, other.entity.label} <= {"ORG", "NORP"}:
                continue
            source, target = _keeper(n, other)
            yield _proposal(source, target, PLURAL, f"{_quoted(n)} and {_quoted(other)} are one group, singular and"
                            " plural", 0.8 if group else 0.6)
