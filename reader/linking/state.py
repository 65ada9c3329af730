"""Linking's shared state: occurrences and rules in, facts per key, groups of keys, the aggregation."""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from reader import labels
from reader.labels import PLACE_LABELS, VALUE_LABELS
from reader.surfaces import clean_surface, surface_key

# A key whose mentions are at least this share GPE/LOC (and two or more) is a place: a weak gazetteer
# place gets a place label, and it is no surname.
PLACE_SHARE = 0.25
VALUE_PREFIX = "~"  # value entities are keyed "~<document>~<key>": no surface key starts with "~"


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
        return best_surface(self.surfaces)

    @property
    def model_label(self) -> str:
        return majority(self.votes)


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
    clubs: dict[str, set[str]] | None = None  # word -> compact organisations named with it, read when needed

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


# ---- votes and surfaces ----------------------------------------------------------------------------


def majority(votes: dict[str, int], prefer: str | None = None) -> str:
    if len(votes) == 1:
        return next(iter(votes))
    top = max(votes.values())
    tied = [label for label, n in votes.items() if n == top]
    if prefer in tied:
        return prefer  # type: ignore[return-value]
    return min(tied, key=lambda label: (label != "PERSON", label not in PLACE_LABELS, labels.order(label), label))


def place_share(votes: dict[str, int]) -> float:
    total = sum(votes.values())
    return sum(votes.get(label, 0) for label in PLACE_LABELS) / total if total else 0.0


def best_surface(surfaces: dict[str, int]) -> str:
    if len(surfaces) == 1:
        return next(iter(surfaces))
    return min(surfaces.items(), key=lambda item: (-item[1], -len(item[0]), item[0]))[0]
