"""Short forms of names: a surname, first name or title form, or a club's city, joins the full name."""
from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

from reader import gazetteer
from reader.labels import PLACE_LABELS
from rapidfuzz.distance import OSA

from reader.linking.state import PLACE_SHARE, Groups, State, place_share
from reader.surfaces import HYPHENS, SMALL_WORDS, acronym_letters

_MIN_VARIANT = 5  # spelling variants are compared on words at least this long


# ---- short forms: a surname, a first name, a club's city joins the full name -----------------------

_GENERATIONAL = frozenset({"jr", "sr", "ii", "iii", "iv"})


@lru_cache(maxsize=1 << 17)
def spelling(word: str) -> str:
    """A word's spelling skeleton: transliteration variants fold together ("Aliyev", "Aliev")."""
    word = word.replace("kh", "h").replace("ph", "f").replace("ck", "k").replace("y", "i").replace("j", "i")
    return re.sub(r"(.)\1+", r"\1", word)


@lru_cache(maxsize=1 << 17)
def name_words(key: str) -> tuple[str, ...]:
    """The words of a full name, without an honorific before it or "Jr." after it."""
    words = key.split()[gazetteer.honorific_length(key):]
    while len(words) > 2 and words[-1].rstrip(".") in _GENERATIONAL:
        words.pop()
    return tuple(words)


def _person(state: State, key: str) -> bool:
    """A full person name that short forms may join."""
    return (" " in key and state.label(key) == "PERSON" and key not in state.frozen
            and not gazetteer.is_known_place(key) and gazetteer.honorific_length(key) == 0)


def _organisation(state: State, key: str) -> bool:
    """A compact organisation name ("Denver Broncos", "FC Barcelona") that one of its words may stand
    for; not one hyphenated word ("Nagorno-Karabakh")."""
    words = key.split()
    return (2 <= len(words) <= 4 and state.label(key) in _NAMED_THINGS and key not in state.frozen
            and len(state.keys[key].best.split()) == len(words) and not any(w in SMALL_WORDS for w in words))


# Labels of names whose one word can stand for the whole ("Broncos", "Grammy", "Allianz").
_NAMED_THINGS = frozenset({"ORG", "EVENT", "FAC", "LAW", "PRODUCT"})


def _key_short_form(state: State, key: str) -> tuple[str, ...] | None:
    """The name words of a key that may stand for a longer name in its document, or None."""
    facts = state.keys[key]
    words = name_words(key)
    if not state.free(key) or not words or len(words) > 1 and facts.label != "PERSON":
        return None
    last = facts.best.split()[-1]
    if (gazetteer.is_country(key) or gazetteer.is_demonym(key)
            or not any(part[:1].isupper() or part[:1].isdigit() for part in HYPHENS.split(last))  # "al-Megrahi", "49ers"
            or not all(ch.isalnum() or ch in "'’" for ch in "".join(words)) or not any(map(str.isalpha, words[-1]))
            or facts.label == "PERSON" and not words[-1].isalpha()):
        return None
    return words


def _placey(state: State, document_id: int, key: str) -> bool:
    """The key names a place in this document: the model says so for most of its mentions there, or
    more than once, or once for a known place. A surname is not blocked because the model once
    tagged it a place among other mentions."""
    votes = state.doc_votes[(document_id, key)]
    places = sum(votes.get(label, 0) for label in PLACE_LABELS)
    share = place_share(votes)
    return share > 0.5 or places >= 2 and share >= PLACE_SHARE or places >= 1 and gazetteer.is_known_place(key)


def person_match(short: tuple[str, ...], full: str) -> str | None:
    """How a short form names a full person name: "same", "surname" (its last words, or the last word
    spelt another way), "first" (its first word, or a nickname of it: "Jim" of "James Brady"), "nickname"
    (the full name with a nickname: "Nick Moreau" of "Nicholas Moreau"), "inside" (fewer of its words), or
    None."""
    words = name_words(full)
    if len(short) == len(words) >= 2 and short[1:] == words[1:] and _nickname(short[0], words[0]):
        return "nickname"
    if len(short) >= len(words):
        return "same" if short == words else None
    if short == words[-len(short):]:
        return "surname"
    if len(short) == 1:
        if short[0] == words[0] or _nickname(short[0], words[0]):
            return "first"
        if len(short[0]) >= _MIN_VARIANT and spelling(short[0]) == spelling(words[-1]):
            return "surname"
        return None
    if short[0] == words[0] and short[-1] == words[-1] and _inside(list(short), list(words)):
        return "inside"
    return None


def _nickname(short: str, name: str) -> bool:
    """A nickname of the name, shorter than it ("Jim" of "James"; not "Ford" of "Brad")."""
    return len(short) < len(name) and name in gazetteer.names_for_nickname(short)


def _organisation_match(state: State, key: str, short: tuple[str, ...], full: str) -> bool:
    """A one-word form standing for a compact organisation: its last name word ("Broncos", "FC
    Barcelona"), or its first word where the rest only marks it as a company or club ("Liverpool
    FC") or where a place names it ("Denver Broncos", "Bayern Munich"), unless the rest says what
    kind of thing is there ("Toronto Congress Centre", "Ryanair Pilots Group"); or its last word where that
    says what it is ("Church", "Commission", "United"), whatever the model took that word for."""
    words = full.split()
    if len(short) != 1 or short[0] not in words:
        return False
    if short[0] == words[-1] and gazetteer.is_company_word(short[0]):
        return True
    rest = [w for w in words if w != short[0]]
    if short[0] == words[0] and rest and all(gazetteer.kind_label(w) == "EVENT" for w in rest):
        # "Grammy" (Awards); not "UEFA" (Cup), its owner, nor "Monaco" (Grand Prix), where it is
        return not acronym_letters(state.keys[key].best) and not gazetteer.is_known_place(key)
    if state.label(key) == "PERSON":
        return False
    named = [w for w in words if not gazetteer.is_company_word(w)]
    if any(gazetteer.is_institution_word(w) or gazetteer.kind_label(w) for w in rest):
        return False  # "Michigan" (International Speedway), "Toronto" (Congress Centre): where it is
    if named and short[0] == named[-1] and short[0] != words[0]:
        return True
    if short[0] == words[0] and not gazetteer.is_known_place(key) and gazetteer.is_known_place(" ".join(rest)):
        return True  # "Real" (Madrid), "Borussia" (Dortmund): a club's name before its city's
    return short[0] == words[0] and (all(gazetteer.is_company_word(w) for w in rest)
                                     or gazetteer.is_known_place(key) and not any(map(gazetteer.is_company_word, rest)))


def document_names(state: State) -> None:
    """A surname, first name or honorific form joins the one full name of the same document; a word of
    a compact organisation's name joins the one such organisation there ("Broncos", "Denver Broncos")."""
    looks_for: dict[tuple[str, ...], tuple[str, ...]] = {}  # short form -> the words its full names are found by
    wanted: set[tuple[int, str]] = set()  # (document, word) a short form there looks for
    for document_id, _key, short in _short_places(state):
        words = looks_for.get(short)
        if words is None:
            words = looks_for[short] = (spelling(short[-1]), short[0], *gazetteer.names_for_nickname(short[0]))
        wanted.update((document_id, word) for word in words)
    people: dict[tuple[int, str], list[str]] = defaultdict(list)  # (document, word) -> full names
    organisations: dict[tuple[int, str], list[str]] = defaultdict(list)
    looked_up: dict[str, tuple[dict, tuple[str, ...]] | None] = {}  # key -> (its index, the words it is found by)
    for key in state.keys:
        if _person(state, key):
            words = name_words(key)
            looked_up[key] = (people, tuple({spelling(words[-1]), words[0]}))
        elif _organisation(state, key):
            looked_up[key] = (organisations, tuple(set(key.split())))
    for document_id, key in state.doc_votes:
        found_by = looked_up.get(key)
        if found_by is not None:
            index, words = found_by
            for word in words:
                if (document_id, word) in wanted:
                    index[(document_id, word)].append(key)
    for document_id, key, short in sorted(_short_places(state), key=lambda place: -len(place[2])):  # "Jim Brady", "Jim"
        if (document_id, key) in state.local:
            continue
        candidates = {full for word in looks_for[short] for full in people.get((document_id, word), ())}
        candidates.discard(key)
        found = {(full, how) for full in candidates if (how := person_match(short, full))} \
            if candidates and not _placey(state, document_id, key) and not gazetteer.is_strong_place(key) else set()
        if found:
            if {how for _, how in found} >= {"surname", "first"}:
                continue  # "Jordan": one person's surname, another's first name
            target = _one_person(state, [state.local.get((document_id, full), full) for full, _ in found])
            if target is not None:
                _join_here(state, document_id, key, target, "PERSON")
        elif not gazetteer.is_strong_place(key) or not _placey(state, document_id, key):  # "in Madrid"
            owners = {state.groups.find(full) for full in organisations.get((document_id, short[0]), ())
                      if _organisation_match(state, key, short, full)}
            if len(owners) == 1:
                _join_here(state, document_id, key, owners.pop(), "ORG")


def _short_places(state: State) -> list[tuple[int, str, tuple[str, ...]]]:
    """(document, key, name words) of every occurrence of a key that can be a short form."""
    if state.short_places is None:
        forms = {key: _key_short_form(state, key) for key in state.keys}
        state.short_places = [(document_id, key, forms[key]) for document_id, key in state.doc_votes if forms[key]]
    return state.short_places


def library_names(state: State) -> None:
    """Across the library, where the document has no full name of its own: a surname joins the one
    person of the library with that surname (never a first name, see `_names_one`); a word that stood for one
    organisation wherever its document named it stands for it here too (never a place, a kind word such
    as "Commission", or where its document names another with that word: "Senate of Pakistan"); a city's name
    that its document makes an organisation stands for the one club of the library named with it
    ("Barcelona" in a match report, "FC Barcelona" elsewhere)."""
    surnames: dict[str, set[str]] = defaultdict(set)
    for key in state.keys:
        if _person(state, key):
            surnames[spelling(name_words(key)[-1])].add(key)
    stood_for: dict[str, set[str]] = defaultdict(set)
    for place, target in state.local.items():
        if state.as_label.get(place) == "ORG":
            stood_for[place[1]].add(state.groups.find(target))
    named_with = _named_with(state, stood_for)  # "Senate of Pakistan" where "Senate" stands alone
    find = state.groups.find
    targets: dict[tuple[str, ...], str | None] = {}
    clubs: dict[str, str | None] = {}
    for document_id, key, short in _short_places(state):
        if (document_id, key) in state.local:
            continue
        if state.label(key) == "PERSON" and not _placey(state, document_id, key) and not gazetteer.is_strong_place(key):
            if short not in targets:
                found = [full for full in surnames.get(spelling(short[-1]), ())
                         if person_match(short, full) in ("same", "surname")]
                targets[short] = _one_person(state, found, anywhere=True) if _names_one(state, short, found) else None
            target = targets[short]
            if target is not None:
                _join_here(state, document_id, key, target, "PERSON")
        elif len(stood_for.get(key, ())) == 1 and not gazetteer.is_known_place(key) \
                and not gazetteer.is_company_word(key) \
                and all(find(other) in stood_for[key] for other in named_with.get((document_id, key), ())):
            _join_here(state, document_id, key, next(iter(stood_for[key])), "ORG")
        elif gazetteer.is_known_place(key) and _club_here(state, document_id, key):
            if key not in clubs:
                clubs[key] = _one_club(state, key, short)
            if clubs[key] is not None:
                _join_here(state, document_id, key, clubs[key], "ORG")


def _names_one(state: State, short: tuple[str, ...], found: list[str]) -> bool:
    """A surname alone names someone across the library only if it can: never a place's name ("Valencia");
    a common surname ("Smith") or a given name ("Scott", "John") only if the full name it would join is in
    two documents or more (someone the library follows, not a passer-by of one story)."""
    word = short[-1]
    if len(short) > 1:
        return True
    if gazetteer.is_known_place(word):
        return False
    return not (gazetteer.is_common_surname(word) or gazetteer.is_given_name(word)) \
        or any(state.places_of[full] >= 2 for full in found)


def _named_with(state: State, words: dict[str, set[str]]) -> dict[tuple[int, str], set[str]]:
    """(document, word) -> the names of things there that contain one of these words."""
    things = {key: found for key in state.keys if " " in key and state.label(key) in _NAMED_THINGS
              and (found := [w for w in key.split() if w in words])}
    found: dict[tuple[int, str], set[str]] = defaultdict(set)
    for document_id, key in state.doc_votes:
        for word in things.get(key) or ():
            found[(document_id, word)].add(key)
    return found


def _club_here(state: State, document_id: int, key: str) -> bool:
    """Its document's mentions of a place's name are mostly an organisation's (the text made it a club)."""
    votes = state.doc_votes[(document_id, key)]
    return votes.get("ORG", 0) * 2 > sum(votes.values())


def _one_club(state: State, key: str, short: tuple[str, ...]) -> str | None:
    """The one compact organisation of the library that a place's name stands for, or None."""
    if state.clubs is None:
        state.clubs = defaultdict(set)
        for full in state.keys:
            if _organisation(state, full):
                for word in full.split():
                    state.clubs[word].add(full)
    roots = {state.groups.find(full) for full in state.clubs.get(short[0], ()) if _organisation_match(state, key, short, full)}
    return roots.pop() if len(roots) == 1 else None


def _one_person(state: State, names: list[str], anywhere: bool = False) -> str | None:
    """The one entity these full names belong to; a name inside another ("Vladimir Putin" in
    "Vladimir Vladimirovich Putin") is the same person in one document, never across the library."""
    roots = {state.groups.find(name) for name in names}
    if len(roots) == 1:
        return roots.pop()
    if anywhere or not names:
        return None
    longest = max(names, key=lambda n: (len(name_words(n)), n))
    if all(_inside(list(name_words(name)), list(name_words(longest))) for name in names):
        return state.groups.find(longest)
    return None


def _inside(words: list[str], longer: list[str]) -> bool:
    it = iter(longer)
    return all(word in it for word in words)


def _join_here(state: State, document_id: int, key: str, target: str, label: str) -> None:
    """Join `key` to `target` in this document only; its mentions there vote `label`."""
    if state.groups.may_join(key, target) and state.groups.find(key) != state.groups.find(target):
        state.local[(document_id, key)] = target
        state.as_label[(document_id, key)] = label


def spelling_variants(state: State) -> None:
    """Names spelt two ways: a person's full name with the same first name and a surname spelt another way
    or with one letter wrong ("Ilham Aliev" / "Ilham Aliyev", "Robert Lewandoski" / "Robert Lewandowski"),
    and a thing's name of three words or more with one word one letter wrong ("Federal Aviation
    Adminstration"). The most mentioned spelling leads."""
    candidates: dict[tuple, list[str]] = defaultdict(list)
    for key in state.keys:
        words = key.split()
        if len(words) < 2 or not state.free(key):
            continue
        if _person(state, key):
            if len(words) == 2 and len(words[1]) >= _MIN_VARIANT:
                for form in _near_forms(words[1]):
                    candidates[(words[0], form)].append(key)
        elif len(words) >= 3 and state.label(key) in _NAMED_THINGS and not gazetteer.is_known_place(key):
            for i, word in enumerate(words):  # the other words the same: "federal aviation *"
                if len(word) >= _MIN_TYPO and word.isalpha():
                    candidates[(*words[:i], "*", *words[i + 1:])].append(key)
    variants, spelt = Groups(), set()
    for keys in candidates.values():
        if len(keys) > 8:  # many names alike: compare neighbours in spelling order, where one-letter slips sort
            keys = sorted(keys)
        pairs = zip(keys, keys[1:]) if len(keys) > 8 else ((a, b) for i, a in enumerate(keys) for b in keys[i + 1:])
        for a, b in pairs:
            if a != b and _variant(a, b):
                variants.force(a, b)
                spelt.update((a, b))
    by_root: dict[str, list[str]] = defaultdict(list)
    for key in spelt:
        by_root[variants.find(key)].append(key)
    for keys in by_root.values():
        target = max(keys, key=lambda k: (sum(state.keys[k].votes.values()), k))
        for key in keys:
            if key != target and state.groups.join(key, target):
                state.joined.add(key)


_MIN_TYPO = 6  # a word this long may have one letter wrong


def _near_forms(word: str) -> set[str]:
    """The word's spelling skeleton and the skeleton less one letter: two words one letter apart share one."""
    skeleton = spelling(word)
    return {skeleton, *(skeleton[:i] + skeleton[i + 1:] for i in range(len(skeleton)))}


def _variant(a: str, b: str) -> bool:
    """Two keys of as many words, equal but for one word spelt another way or one letter wrong."""
    wa, wb = a.split(), b.split()
    differ = [(x, y) for x, y in zip(wa, wb) if x != y]
    if len(wa) != len(wb) or len(differ) != 1:
        return False
    x, y = differ[0]
    return spelling(x) == spelling(y) or (min(len(x), len(y)) >= _MIN_TYPO and x[0] == y[0]
                                          and OSA.distance(x, y) <= 1)  # "Hernandez", "Fernandez": two names
