"""Linking stages that need no single document: labels, declared acronyms, well-known aliases, initials."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from reader import gazetteer
from reader.labels import PLACE_LABELS
from reader.linking.state import PLACE_SHARE, Facts, State, majority, place_share
from reader.surfaces import SMALL_WORDS, acronym_letters, initials, surface_key

# Labels whose multi-word names can own an acronym ("EU" -> "European Union").
ACRONYM_OWNER_LABELS = frozenset({"ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW"})


# ---- stage 2: labels -------------------------------------------------------------------------------


def label_key(key: str, votes: dict[str, int]) -> str:
    """The label of a key: the model's majority, corrected where knowledge settles it."""
    label = majority(votes)
    if label == "LANGUAGE":
        return label
    place = gazetteer.place_label(key)
    if place and (gazetteer.is_strong_place(key) or place_share(votes) >= PLACE_SHARE):
        return place
    if gazetteer.is_demonym(key):
        return "NORP"
    words = key.split()
    if len(words) >= 2 and label not in ("EVENT", "LAW", "FAC", "LANGUAGE") and not (
            label == "PERSON" and gazetteer.is_given_name(words[0])):  # "Bruce Arena", "John Tower"
        kind = "EVENT" if words[-2] == "flight" and any(ch.isdigit() for ch in words[-1]) else \
            gazetteer.kind_label(words[-1])
        if kind and (label != "WORK_OF_ART" or kind == "EVENT"):  # "The Da Vinci Code" is a book
            return kind  # "Carling Cup", "Non-Proliferation Treaty", "Pan Am Flight 103", "Signal Iduna Stadium"
    if (len(words) >= 2 and label == "PERSON" and gazetteer.is_company_word(words[-1])
            and not (gazetteer.is_given_name(words[0]) and gazetteer.is_institution_word(words[-1]))):
        return "ORG"  # "Acme Holdings", "Trend News Agency"; not "Arsenio Hall", "Charlotte Church"
    if (label in _NOT_PEOPLE_BY_MISTAKE and 2 <= len(words) <= 3 and gazetteer.is_given_name(words[0])
            and not any(gazetteer.is_company_word(w) or gazetteer.is_known_place(w) or w in SMALL_WORDS for w in words)
            and not gazetteer.is_known_place(key)):
        return "PERSON"  # "Victor Valdes" tagged a product
    return label


# Labels the model gives people's names by mistake (not titles of works, events or laws, which
# often start with a given name).
_NOT_PEOPLE_BY_MISTAKE = frozenset({"ORG", "PRODUCT", "GPE", "LOC", "NORP", "FAC"})


def label_keys(state: State) -> None:
    """Each key's label; a one-word name the model and the text split between a person and a place,
    which no person of the library bears, is a place ("Stepanakert"); a two-word name whose last
    word is a person in its document is a person ("Iker Casillas" beside "Casillas")."""
    for key, facts in state.keys.items():
        facts.label = label_key(key, facts.votes)
    name_words_of_people = {w for key, facts in state.keys.items() if facts.label == "PERSON" and " " in key
                            for w in key.split()}
    for key, facts in state.keys.items():
        if facts.label not in ("PERSON", "ORG") or " " in key or key in name_words_of_people:
            continue
        places = {label: n for label, n in facts.votes.items() if label in PLACE_LABELS}
        has_majority = max(facts.votes.values()) * 2 > sum(facts.votes.values())
        needed = PLACE_SHARE if not has_majority else 1 / 3 if facts.label == "PERSON" else 2.0
        if (places and not gazetteer.is_given_name(key) and not gazetteer.is_company_word(key)
                and place_share(facts.votes) >= needed):
            facts.label = majority(places)
    two_words = {key for key, facts in state.keys.items() if facts.label in _NOT_PEOPLE_BY_MISTAKE
                 and len(words := key.split()) == 2 and words[1] in state.keys
                 and state.keys[words[1]].label == "PERSON" and facts.best.split()[0][:1].isupper()
                 and not any(gazetteer.is_company_word(w) or gazetteer.is_known_place(w) for w in words)}
    for document_id, key in state.doc_votes:
        if key in two_words and majority(state.doc_votes.get((document_id, key.split()[1]), {"": 1})) == "PERSON":
            state.keys[key].label = "PERSON"


# ---- stage 3: acronyms declared in the text ---------------------------------------------------------


def declared_acronyms(state: State, aliases: Iterable[tuple[int, str, str]]) -> None:
    """"Long Name (LN)": library-wide if the short form always means one long form, else per document."""
    meanings: dict[str, dict[int, str]] = defaultdict(dict)
    for document_id, long_surface, short_surface in aliases:
        long_key, short_key = surface_key(long_surface), surface_key(short_surface)
        if not long_key or not short_key or long_key == short_key or {long_key, short_key} & state.frozen:
            continue
        meanings[short_key][document_id] = long_key
        state.declared[long_key][long_surface] += 1
    for short_key, by_doc in meanings.items():
        if len(set(by_doc.values())) == 1:
            if state.groups.join(short_key, next(iter(by_doc.values()))):
                state.joined.add(short_key)
            continue
        for document_id, long_key in by_doc.items():
            if (document_id, short_key) in state.doc_votes and state.groups.may_join(short_key, long_key):
                state.local[(document_id, short_key)] = long_key


# ---- stage 4: well-known aliases --------------------------------------------------------------------


def known_aliases(state: State) -> None:
    """Names of one thing in well-kept data ("Russian Federation" / "Russia", "EU" / "European Union")."""
    by_group: dict[str, list[str]] = defaultdict(list)
    for key, facts in state.keys.items():
        group = gazetteer.alias_group(key)
        if group and state.free(key) and facts.label not in ("PERSON", "NORP") and _name_like(key, facts):
            by_group[group].append(key)
    for keys in by_group.values():  # the canonical name: a spelt-out name, the most mentioned
        target = max(keys, key=lambda k: (not acronym_letters(state.keys[k].best),
                                          sum(state.keys[k].votes.values()), k))
        for key in keys:
            if key != target and state.groups.join(key, target):
                state.joined.add(key)


def _name_like(key: str, facts: Facts) -> bool:
    """A multi-word name, or an acronym written in capitals ("EU", not "eu" or "Who")."""
    return " " in key or bool(acronym_letters(facts.best)) or facts.best[:1].isupper() and len(key) > 3


# ---- stage 4b: forms of a nationality word ------------------------------------------------------------


def nationality_forms(state: State) -> None:
    """A plural, a "-man" noun or a listed form of a nationality or group word joins it library-wide
    ("Mexicans", "Dutchman", "Spaniard" -> "Mexican", "Dutch", "Spanish"); never a place's name."""
    for key, facts in state.keys.items():
        if " " in key or not state.free(key) or gazetteer.is_known_place(key):
            continue
        base = gazetteer.nationality_base(key)
        if base == key or base not in state.keys or state.label(base) != "NORP":
            continue
        if facts.label == "NORP" or gazetteer.is_demonym(key) or gazetteer.is_listed_nationality_form(key):
            if state.groups.join(key, base):
                state.joined.add(key)


def plural_names(state: State) -> None:
    """A name of several words and the same name with its last word plural are one thing ("Grammy Award",
    "Grammy Awards"); not people."""
    for key, facts in state.keys.items():
        plural = key + "s"
        if (" " in key and plural in state.keys and state.free(key) and state.free(plural)
                and "PERSON" not in (facts.label, state.label(plural))):
            target, other = (plural, key) if sum(state.keys[plural].votes.values()) >= sum(facts.votes.values()) \
                else (key, plural)
            if state.groups.join(other, target):
                state.joined.add(other)


# ---- stage 5: acronyms by initials ------------------------------------------------------------------


def acronyms_by_initials(state: State) -> None:
    """"EU" -> the one multi-word organisation or place whose initials are E U; an acronym of two letters
    only in the documents that name its owner too (many things are "HP")."""
    owners: dict[str, list[str]] = defaultdict(list)
    for key, facts in state.keys.items():
        if " " in key and facts.label in ACRONYM_OWNER_LABELS and key not in state.frozen:
            letters = initials(facts.best)
            if len(letters) >= 2:
                owners[letters].append(key)
    find = state.groups.find
    short_here: list[tuple[str, str]] = []
    for key, facts in state.keys.items():
        if not state.free(key) or gazetteer.is_demonym(key) or facts.label == "PERSON":
            continue
        letters = acronym_letters(facts.best)
        if not letters or letters not in owners:
            continue
        candidates = [k for k in owners[letters] if find(k) != find(key)]
        if gazetteer.is_known_place(key):
            candidates = [k for k in candidates if state.label(k) in PLACE_LABELS]
        if len({find(k) for k in candidates}) > 1:
            candidates = [k for k in candidates if state.label(k) == facts.label]
        if len({find(k) for k in candidates}) != 1:
            continue
        if len(letters) > 2 or gazetteer.is_known_place(key):
            if state.groups.join(key, candidates[0]):
                state.joined.add(key)
        else:  # two letters name many things ("HP"): only where the document names the one owner
            short_here.append((key, {find(k) for k in candidates}.pop()))
    _where_both_are(state, short_here)


def _where_both_are(state: State, pairs: list[tuple[str, str]]) -> None:
    """Join each short key to its owner in the documents that name both."""
    if not pairs:
        return
    wanted = {key: owner for key, owner in pairs}
    owners = set(wanted.values())
    named: dict[int, set[str]] = defaultdict(set)  # document -> owners named there
    for document_id, key in state.doc_votes:
        if (root := state.groups.find(key)) in owners:
            named[document_id].add(root)
    for document_id, key in state.doc_votes:
        owner = wanted.get(key)
        if owner is not None and owner in named.get(document_id, ()) and state.groups.may_join(key, owner):
            state.local[(document_id, key)] = owner
