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

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from reader import gazetteer, labels
from reader.labels import PLACE_LABELS, VALUE_LABELS
from reader.surfaces import SMALL_WORDS, acronym_letters, clean_surface, initials, key_initials, surface_key

# Labels whose multi-word names can own an acronym ("EU" -> "European Union").
ACRONYM_OWNER_LABELS = frozenset({"ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW"})
# A key whose mentions are at least this share GPE/LOC (and two or more) is a place: a weak gazetteer
# place gets a place label, and it is no surname.
PLACE_SHARE = 0.25
VALUE_PREFIX = "~"  # value entities are keyed "~<document>~<key>": no surface key starts with "~"
_MIN_VARIANT = 5  # spelling variants are compared on words at least this long


@dataclass(frozen=True)
class Occurrence:
    """Aggregated model mentions: one row per (document, surface, label)."""

    document_id: int
    surface: str
    label: str
    count: int = 1


@dataclass(frozen=True)
class Rule:
    """A user's correction, keyed by the surface_key of the surface it is about."""

    kind: str  # "merge" | "rename" | "relabel" | "ignore" | "split" | "distinct"
    key: str
    value: str | None = None  # merge: target key; rename: new name; relabel: new label; distinct: other key


@dataclass(frozen=True)
class LinkedEntity:
    key: str  # canonical key: the key of the entity's main name
    name: str
    label: str
    aliases: tuple[str, ...]  # all distinct keys that joined it, sorted


@dataclass(frozen=True)
class Linking:
    entities: dict[str, LinkedEntity]  # canonical key -> entity
    assignment: dict[tuple[int, str], str]  # (document_id, surface_key) -> canonical key

    def entity_for(self, document_id: int, surface: str) -> LinkedEntity | None:
        canonical = self.assignment.get((document_id, surface_key(surface)))
        return self.entities.get(canonical) if canonical is not None else None


def value_key(document_id: int, key: str) -> str:
    """The key of a document's own value entity ("2020" in document 7 -> "~7~2020")."""
    return f"{VALUE_PREFIX}{document_id}{VALUE_PREFIX}{key}"


def is_value_key(key: str) -> bool:
    return key.startswith(VALUE_PREFIX)


# ---- the state the stages share -------------------------------------------------------------------


@dataclass
class Facts:
    """What the library says about one key: label votes, surfaces, and the label it was given."""

    votes: dict[str, int] = field(default_factory=dict)
    surfaces: dict[str, int] = field(default_factory=dict)
    label: str = ""

    @cached_property
    def best(self) -> str:
        """The surface the entity is shown by: the most frequent, then the longest (read once aggregated)."""
        return _best_surface(self.surfaces)

    @property
    def model_label(self) -> str:
        return _majority(self.votes)


class Groups:
    """Union-find over keys (the root is the canonical key), refusing to join keys kept apart."""

    def __init__(self, apart: Iterable[tuple[str, str]] = ()) -> None:
        self.parent: dict[str, str] = {}
        self._apart: dict[str, set[str]] = defaultdict(set)  # root -> keys its group must not meet
        for a, b in apart:
            self._apart[a].add(b)
            self._apart[b].add(a)

    def find(self, key: str) -> str:
        root = key
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while key != root:
            self.parent[key], key = root, self.parent[key]
        return root

    def may_join(self, key: str, into: str) -> bool:
        a, b = self.find(key), self.find(into)
        return a == b or not (any(self.find(k) == b for k in self._apart.get(a, ()))
                              or any(self.find(k) == a for k in self._apart.get(b, ())))

    def join(self, key: str, into: str) -> bool:
        """Put key's group into into's group; False (and nothing done) if they are kept apart."""
        if not self.may_join(key, into):
            return False
        self.force(key, into)
        return True

    def force(self, key: str, into: str) -> None:
        a, b = self.find(key), self.find(into)
        if a != b:
            self.parent[a] = b
            if a in self._apart:
                self._apart[b] |= self._apart.pop(a)


@dataclass
class State:
    """Keys, where they occur, and the joins made so far."""

    keys: dict[str, Facts]  # named keys
    doc_votes: dict[tuple[int, str], dict[str, int]]  # (document, named key) -> label votes there
    values: dict[tuple[int, str], Facts]  # (document, key) of a value -> its facts there
    places_of: Counter[str] = field(default_factory=Counter)  # named key -> documents where it occurs
    groups: Groups = field(default_factory=Groups)
    local: dict[tuple[int, str], str] = field(default_factory=dict)  # (document, key) -> key joined there
    as_label: dict[tuple[int, str], str] = field(default_factory=dict)  # label local joins vote for
    joined: set[str] = field(default_factory=set)  # keys joined library-wide by a stage
    frozen: frozenset[str] = frozenset()  # keys automatic linking leaves alone (ignored, split)
    declared: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))  # long key -> surfaces
    short_places: list[tuple[int, str, tuple[str, ...]]] | None = None  # read once the library-wide joins are made

    def label(self, key: str) -> str:
        return self.keys[key].label

    def free(self, key: str) -> bool:
        """A key no stage has joined yet and the user has not frozen."""
        return key not in self.frozen and key not in self.joined


# ---- stage 1: aggregate ----------------------------------------------------------------------------


def aggregate(occurrences: Iterable[Occurrence]) -> State:
    """Occurrences by key; a document's key whose votes there are mostly values is a value of its own."""
    key_of: dict[str, tuple[str, str]] = {}
    named: dict[tuple[int, str], dict[str, int]] = {}  # (document, key) -> votes of named labels
    key_votes: dict[str, dict[str, int]] = {}
    key_surfaces: dict[str, dict[str, int]] = {}
    value_votes: dict[tuple[int, str], dict[str, int]] = {}  # (document, key) -> votes of value labels
    value_surfaces: dict[tuple[int, str], dict[str, int]] = {}
    places_of: Counter[str] = Counter()  # key -> documents where it is named
    for occ in occurrences:
        known = key_of.get(occ.surface)
        if known is None:
            known = key_of[occ.surface] = (surface_key(occ.surface), clean_surface(occ.surface))
        key, surface = known
        if not key:
            continue
        place, label, count = (occ.document_id, key), occ.label, occ.count
        if label in VALUE_LABELS:
            votes, surfaces = value_votes.get(place), value_surfaces.get(place)
            if votes is None:
                votes, surfaces = value_votes[place], value_surfaces[place] = {}, {}
        else:
            place_votes = named.get(place)
            if place_votes is None:
                place_votes = named[place] = {}
                places_of[key] += 1
            place_votes[label] = place_votes.get(label, 0) + count
            votes, surfaces = key_votes.get(key), key_surfaces.get(key)
            if votes is None:
                votes, surfaces = key_votes[key], key_surfaces[key] = {}, {}
        votes[label] = votes.get(label, 0) + count
        surfaces[surface] = surfaces.get(surface, 0) + count
    moved: set[str] = set()
    for place in [place for place in value_votes if place in named]:  # a document says both: the majority
        votes = named[place]
        if sum(value_votes[place].values()) > sum(votes.values()):
            del named[place]
            moved.add(place[1])
            places_of[place[1]] -= 1
            for label, n in votes.items():
                left = key_votes[place[1]]
                left[label] -= n
                if not left[label]:
                    del left[label]
                value_votes[place][label] = n
        else:
            del value_votes[place]
    keys = {key: Facts(votes, key_surfaces[key]) for key, votes in key_votes.items()}
    for key in moved:  # keys named in no document any more
        if not places_of[key]:
            del keys[key], places_of[key]
    valued = {place: Facts(votes, value_surfaces[place]) for place, votes in value_votes.items()}
    return State(keys=keys, doc_votes=named, values=valued, places_of=places_of)


# ---- stage 2: labels -------------------------------------------------------------------------------


def label_key(key: str, votes: dict[str, int]) -> str:
    """The label of a key: the model's majority, corrected where knowledge settles it."""
    label = _majority(votes)
    if label == "LANGUAGE":
        return label
    place = gazetteer.place_label(key)
    if place and (gazetteer.is_strong_place(key) or _place_share(votes) >= PLACE_SHARE):
        return place
    if gazetteer.is_demonym(key):
        return "NORP"
    words = key.split()
    if len(words) >= 2 and label == "PERSON" and gazetteer.is_company_word(words[-1]):
        return "ORG"  # "Acme Holdings", "Trend News Agency"
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
    name_words_of_people = {w for key, facts in state.keys.items() if " " in key
                            and label_key(key, facts.votes) == "PERSON" for w in key.split()}
    for key, facts in state.keys.items():
        facts.label = label_key(key, facts.votes)
        places = {label: n for label, n in facts.votes.items() if label in PLACE_LABELS}
        majority = max(facts.votes.values()) * 2 > sum(facts.votes.values())
        needed = PLACE_SHARE if not majority else 1 / 3 if facts.label == "PERSON" else 2.0
        if (facts.label in ("PERSON", "ORG") and places and " " not in key and key not in name_words_of_people
                and not gazetteer.is_given_name(key) and not gazetteer.is_company_word(key)
                and _place_share(facts.votes) >= needed):
            facts.label = _majority(places)
    for document_id, key in state.doc_votes:
        words = key.split()
        if (len(words) == 2 and state.keys[key].label in _NOT_PEOPLE_BY_MISTAKE and words[1] in state.keys
                and _majority(state.doc_votes.get((document_id, words[1]), {"": 1})) == "PERSON"
                and state.keys[words[1]].label == "PERSON" and state.keys[key].best.split()[0][:1].isupper()
                and not any(gazetteer.is_company_word(w) or gazetteer.is_known_place(w) for w in words)):
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


# ---- stage 5: acronyms by initials ------------------------------------------------------------------


def acronyms_by_initials(state: State) -> None:
    """"EU" -> the one multi-word organisation or place whose initials are E U."""
    owners: dict[str, list[str]] = defaultdict(list)
    for key, facts in state.keys.items():
        if " " in key and facts.label in ACRONYM_OWNER_LABELS and key not in state.frozen:
            letters = initials(facts.best)
            if len(letters) >= 2:
                owners[letters].append(key)
    find = state.groups.find
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
        if len({find(k) for k in candidates}) == 1 and state.groups.join(key, candidates[0]):
            state.joined.add(key)


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
    return (2 <= len(words) <= 4 and state.label(key) == "ORG" and key not in state.frozen
            and len(state.keys[key].best.split()) == len(words) and not any(w in SMALL_WORDS for w in words))


def _key_short_form(state: State, key: str) -> tuple[str, ...] | None:
    """The name words of a key that may stand for a longer name in its document, or None."""
    facts = state.keys[key]
    words = name_words(key)
    if not state.free(key) or not words or len(words) > 1 and facts.label != "PERSON":
        return None
    if (gazetteer.is_strong_place(key) or gazetteer.is_demonym(key) or not facts.best.split()[-1][:1].isupper()
            or not all(ch.isalpha() or ch in "'’" for ch in "".join(words))):
        return None
    return words


def _placey(state: State, document_id: int, key: str) -> bool:
    """The key names a place in this document: the model says so for most of its mentions there, or
    more than once, or once for a known place. A surname is not blocked because the model once
    tagged it a place among other mentions."""
    votes = state.doc_votes[(document_id, key)]
    places = sum(votes.get(label, 0) for label in PLACE_LABELS)
    share = _place_share(votes)
    return share > 0.5 or places >= 2 and share >= PLACE_SHARE or places >= 1 and gazetteer.is_known_place(key)


def person_match(short: tuple[str, ...], full: str) -> str | None:
    """How a short form names a full person name: "same", "surname" (its last words, or the last word
    spelt another way), "first" (its first word), "inside" (fewer of its words), or None."""
    words = name_words(full)
    if len(short) >= len(words):
        return "same" if short == words else None
    if short == words[-len(short):]:
        return "surname"
    if len(short) == 1:
        if short[0] == words[0]:
            return "first"
        if len(short[0]) >= _MIN_VARIANT and spelling(short[0]) == spelling(words[-1]):
            return "surname"
        return None
    if short[0] == words[0] and short[-1] == words[-1] and _inside(list(short), list(words)):
        return "inside"
    return None


def _organisation_match(state: State, key: str, short: tuple[str, ...], full: str) -> bool:
    """A one-word form standing for a compact organisation: its last name word ("Broncos", "FC
    Barcelona"), or its first word where the rest only marks it as a company or club ("Liverpool
    FC") or where a place names it ("Denver Broncos", "Bayern Munich"), unless the rest says what
    kind of thing is there ("Toronto Congress Centre", "Ryanair Pilots Group")."""
    words = full.split()
    if len(short) != 1 or state.label(key) == "PERSON" or short[0] not in words:
        return False
    rest = [w for w in words if w != short[0]]
    named = [w for w in words if not gazetteer.is_company_word(w)]
    if any(gazetteer.is_institution_word(w) for w in rest):
        return False
    if named and short[0] == named[-1] and short[0] != words[0]:
        return True
    return short[0] == words[0] and (all(gazetteer.is_company_word(w) for w in rest)
                                     or gazetteer.is_known_place(key) and not any(map(gazetteer.is_company_word, rest)))


def document_names(state: State) -> None:
    """A surname, first name or honorific form joins the one full name of the same document; a word of
    a compact organisation's name joins the one such organisation there ("Broncos", "Denver Broncos")."""
    kinds = {key: "person" if _person(state, key) else "organisation" if _organisation(state, key) else None
             for key in state.keys}
    people: dict[int, list[str]] = defaultdict(list)
    organisations: dict[int, list[str]] = defaultdict(list)
    for document_id, key in state.doc_votes:
        if kinds[key] == "person":
            people[document_id].append(key)
        elif kinds[key] == "organisation":
            organisations[document_id].append(key)
    named = {document_id: _by_name_word(names) for document_id, names in people.items()}
    owned = {document_id: _by_word(names) for document_id, names in organisations.items()}
    for document_id, key, short in _short_places(state):
        if (document_id, key) in state.local or not (document_id in people or document_id in organisations):
            continue
        candidates = named.get(document_id, {}).get(spelling(short[-1]), set()) | \
            named.get(document_id, {}).get(short[0], set())
        found = {(full, how) for full in candidates if full != key
                 and not _placey(state, document_id, key) and (how := person_match(short, full))}
        if {how for _, how in found} >= {"surname", "first"}:
            continue  # "Jordan": one person's surname, another's first name
        target = _one_person(state, [full for full, _ in found])
        if target is not None:
            _join_here(state, document_id, key, target, "PERSON")
        elif not found:
            owners = {state.groups.find(full) for full in owned.get(document_id, {}).get(short[0], ())
                      if _organisation_match(state, key, short, full)}
            if len(owners) == 1:
                _join_here(state, document_id, key, owners.pop(), "ORG")


def _short_places(state: State) -> list[tuple[int, str, tuple[str, ...]]]:
    """(document, key, name words) of every occurrence of a key that can be a short form."""
    if state.short_places is None:
        forms = {key: _key_short_form(state, key) for key in state.keys}
        state.short_places = [(document_id, key, forms[key]) for document_id, key in state.doc_votes if forms[key]]
    return state.short_places


def _by_word(names: list[str]) -> dict[str, set[str]]:
    """Names by each of their words."""
    index: dict[str, set[str]] = defaultdict(set)
    for name in names:
        for word in name.split():
            index[word].add(name)
    return index


def _by_name_word(names: list[str]) -> dict[str, set[str]]:
    """Full names by the spelling of their last word and by their first word."""
    index: dict[str, set[str]] = defaultdict(set)
    for name in names:
        words = name_words(name)
        index[spelling(words[-1])].add(name)
        index[words[0]].add(name)
    return index


def library_names(state: State) -> None:
    """Across the library, where the document has no full name of its own: a surname joins the one
    person of the library with that surname (never a first name); a word that stood for one
    organisation wherever its document named it stands for it here too (never a place)."""
    surnames: dict[str, set[str]] = defaultdict(set)
    for key in state.keys:
        if _person(state, key):
            surnames[spelling(name_words(key)[-1])].add(key)
    stood_for: dict[str, set[str]] = defaultdict(set)
    for place, target in state.local.items():
        if state.as_label.get(place) == "ORG":
            stood_for[place[1]].add(state.groups.find(target))
    targets: dict[tuple[str, ...], str | None] = {}
    for document_id, key, short in _short_places(state):
        if (document_id, key) in state.local:
            continue
        if state.label(key) == "PERSON" and not _placey(state, document_id, key):
            if short not in targets:
                found = [full for full in surnames.get(spelling(short[-1]), ())
                         if person_match(short, full) in ("same", "surname")]
                targets[short] = _one_person(state, found, anywhere=True)
            target = targets[short]
            if target is not None:
                _join_here(state, document_id, key, target, "PERSON")
        elif len(stood_for.get(key, ())) == 1 and not gazetteer.is_known_place(key):
            _join_here(state, document_id, key, next(iter(stood_for[key])), "ORG")


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
    """Full names with the same first name and a surname spelt another way ("Ilham Aliev" / "Ilham Aliyev")."""
    by_skeleton: dict[tuple[str, str], list[str]] = defaultdict(list)
    for key in state.keys:
        words = key.split()
        if _person(state, key) and len(words) == 2 and len(words[1]) >= _MIN_VARIANT and state.free(key):
            by_skeleton[(words[0], spelling(words[1]))].append(key)
    for keys in by_skeleton.values():
        if len(keys) > 1:
            target = max(keys, key=lambda k: (sum(state.keys[k].votes.values()), k))
            for key in keys:
                if key != target and state.groups.join(key, target):
                    state.joined.add(key)


# ---- the user's rules ------------------------------------------------------------------------------


def frozen_keys(state: State, rules: Sequence[Rule]) -> frozenset[str]:
    return frozenset(_rule_key(state, r.key) for r in rules if r.kind in ("ignore", "split"))


def kept_apart(state: State, rules: Sequence[Rule]) -> list[tuple[str, str]]:
    return [(_rule_key(state, r.key), _rule_key(state, r.value)) for r in rules if r.kind == "distinct" and r.value]


def user_merges(state: State, rules: Sequence[Rule]) -> None:
    """The user's merges in order; a later split of either side, or a later distinct rule, cancels one."""
    split_at = {_rule_key(state, r.key): i for i, r in enumerate(rules) if r.kind == "split"}
    apart = [(i, _rule_key(state, r.key), _rule_key(state, r.value))
             for i, r in enumerate(rules) if r.kind == "distinct" and r.value]
    find, moved = state.groups.find, _moved(state)
    for i, rule in enumerate(rules):
        if rule.kind != "merge" or not rule.value:
            continue
        source, target = _rule_key(state, rule.key), _rule_key(state, rule.value)
        if split_at.get(source, -1) > i or split_at.get(target, -1) > i:
            continue
        a, b = find(moved.get(source, source)), find(moved.get(target, target))
        if any(j > i and {find(x), find(y)} == {find(a), find(b)} for j, x, y in apart):
            continue
        state.groups.force(a, b)


def _rule_key(state: State, key: str) -> str:
    return key if key in state.keys or is_value_key(key) else surface_key(key)


def _moved(state: State) -> dict[str, str]:
    """Keys joined to another in every document where they occur -> the key they mostly joined."""
    targets: dict[str, Counter[str]] = defaultdict(Counter)
    for (_, key), target in state.local.items():
        targets[key][target] += 1
    documents = Counter(key for _, key in state.doc_votes)
    return {key: counts.most_common(1)[0][0] for key, counts in targets.items()
            if sum(counts.values()) == documents[key]}


# ---- the result ------------------------------------------------------------------------------------


def entities(state: State, rules: Sequence[Rule]) -> Linking:
    """Entities and the assignment of every (document, key); one label per entity, rules last."""
    ignored = {_rule_key(state, r.key) for r in rules if r.kind == "ignore"}
    find = state.groups.find
    canonical_of = {key: find(key) for key in state.keys if key not in ignored}
    assignment = {place: canonical_of[place[1]] for place in state.doc_votes if place[1] in canonical_of}
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for key, canonical in canonical_of.items():
        votes[canonical].update(state.keys[key].votes)
    members: dict[str, set[str]] = defaultdict(set)
    staying = Counter(state.places_of)  # key -> its documents not joined elsewhere
    for place, target in state.local.items():  # document joins: their votes move with them
        key = place[1]
        if key in canonical_of:
            canonical = assignment[place] = find(target)
            place_votes = state.doc_votes[place]
            votes[canonical_of[key]].subtract(place_votes)
            if place in state.as_label:  # a surname votes person, a club's city organisation
                votes[canonical][state.as_label[place]] += sum(place_votes.values())
            else:
                votes[canonical].update(place_votes)
            members[canonical].add(key)
            staying[key] -= 1
    for key, canonical in canonical_of.items():
        if staying[key] > 0:
            members[canonical].add(key)
    found: dict[str, LinkedEntity] = {}
    for canonical in members:
        entity_votes = {label: n for label, n in votes[canonical].items() if n > 0}
        own = state.keys.get(canonical)
        label = _majority(entity_votes, prefer=own.label if own else None)
        if own is not None and own.label != own.model_label:
            label = own.label  # knowledge corrected the model
        if own is not None:
            name = own.best
        else:  # a user merged into, or a text declared, a name with no mention of its own
            name = _best_surface(state.declared.get(canonical) or Counter(state.keys[k].best for k in members[canonical]))
        found[canonical] = LinkedEntity(canonical, name, label, tuple(sorted(members[canonical])))
    for (document_id, key), facts in state.values.items():
        if key not in ignored:
            canonical = assignment[(document_id, key)] = value_key(document_id, key)
            value_votes = facts.votes if len(facts.votes) == 1 else \
                {label: n for label, n in facts.votes.items() if label in VALUE_LABELS}
            found[canonical] = LinkedEntity(canonical, _best_surface(facts.surfaces), _majority(value_votes), (key,))
    moved = _moved(state) if rules else {}
    for rule in rules:
        if rule.kind in ("rename", "relabel") and rule.value:
            key = _rule_key(state, rule.key)
            home = state.groups.find(moved.get(key, key))
            if home in found:
                entity = found[home]
                found[home] = LinkedEntity(entity.key, rule.value if rule.kind == "rename" else entity.name,
                                           rule.value if rule.kind == "relabel" else entity.label, entity.aliases)
    return Linking(entities=found, assignment=assignment)


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
    acronyms_by_initials(state)
    spelling_variants(state)
    document_names(state)
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
    if gazetteer.honorific_length(key):
        buckets.add(f"key:{' '.join(name_words(key))}")
    for letters in (acronym_letters(clean_surface(surface)), initials(clean_surface(surface)), key_initials(key)):
        if len(letters) >= 2:
            buckets.add(f"initials:{letters}")
    if (group := gazetteer.alias_group(key)) is not None:
        buckets.add(f"alias:{group}")
    return frozenset(buckets)


# ---- helpers ---------------------------------------------------------------------------------------


def _majority(votes: dict[str, int], prefer: str | None = None) -> str:
    if len(votes) == 1:
        return next(iter(votes))
    top = max(votes.values())
    tied = [label for label, n in votes.items() if n == top]
    if prefer in tied:
        return prefer  # type: ignore[return-value]
    return min(tied, key=lambda label: (label != "PERSON", label not in PLACE_LABELS, labels.order(label), label))


def _place_share(votes: dict[str, int]) -> float:
    total = sum(votes.values())
    return sum(votes.get(label, 0) for label in PLACE_LABELS) / total if total else 0.0


def _best_surface(surfaces: dict[str, int]) -> str:
    if len(surfaces) == 1:
        return next(iter(surfaces))
    return min(surfaces.items(), key=lambda item: (-item[1], -len(item[0]), item[0]))[0]
