"""Entity linking: model spans -> clean surfaces -> keys -> library-wide entities, with the user's rules."""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Iterable, Sequence

from reader import gazetteer

# Labels for numbers, dates and amounts: they link by key only, never by surname, acronym or gazetteer.
NUMERIC_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
PLACE_LABELS = frozenset({"GPE", "LOC"})
# Labels whose multi-word names can own an acronym ("EU" -> "European Union").
ACRONYM_OWNER_LABELS = frozenset({"ORG", "GPE", "LOC", "NORP"})
# Words that do not give a letter to an acronym.
SMALL_WORDS = frozenset(
    "of and for the de del della der des di du da la le les in on at to a an y et und fur für van von".split()
)
# Tie-break order for label votes.
_LABEL_PREFERENCE = (
    "PERSON", "GPE", "ORG", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE",
    "DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL",
)
# A key whose mentions are at least this share GPE/LOC is a place: a weak gazetteer place gets a
# place label, and it can never be a surname.
_PLACE_SHARE = 0.25

_QUOTES = "\"'`´“”„‟«»‹›‘’‚‛′″"
_EDGE_PUNCT = ".,;:!?*•·…|/\\_-–—‐‑‒―~<>" + _QUOTES
_DETERMINER_WORDS = ("the", "The", "THE", "a", "an")
_DETERMINER = re.compile(r"(?:the|The|THE|a|an)\s+")
_POSSESSIVE = re.compile(r"(?<=\w)\s?['’][sS]$")  # also tokenised text: "Mandela 's"
_KEEP_FINAL_DOT = re.compile(r"(?:(?:^|[.\s])\w\.|\b(?:Inc|Corp|Co|Ltd|Jr|Sr|St|Bros)\.)$")
_OPEN, _CLOSE = "([{", ")]}"
_BRACKETS = re.compile(r"[()\[\]{}]")
_HYPHENS = re.compile(r"[-‐‑‒–—―−]+")
_DOTTED = re.compile(r"^(?:\w\.)+\w?\.?$")
# Letters that NFKD does not decompose, folded as in usual transliteration (Bakı -> baki, Əliyev -> aliyev).
_FOLD_MAP = str.maketrans({"ı": "i", "ə": "a", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe"})
_QUOTE_MAP = str.maketrans({**{q: "'" for q in "‘’‚‛′`´"}, **{q: '"' for q in "“”„‟«»‹›″"}})


def clean_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Offsets of the clean surface inside text[start:end], or None if no letter or digit remains."""
    s, e = max(0, start), min(len(text), end)
    while True:
        before = (s, e)
        s, e = _cut_at_break(text, s, e)
        while s < e and (text[s].isspace() or text[s] in _EDGE_PUNCT):
            s += 1
        while s < e and (text[e - 1].isspace() or text[e - 1] in _EDGE_PUNCT):
            if text[e - 1] == "." and _KEEP_FINAL_DOT.search(text, s, e):
                break
            e -= 1
        m = _DETERMINER.match(text, s, e)
        if m and m.end() < e:
            s = m.end()
        m = _POSSESSIVE.search(text[s:e])  # a bare "Jones'" lost its quote with the edge punctuation
        if m:
            e = s + m.start()
        if e - s >= 2 and text[s] in _OPEN and text[e - 1] in _CLOSE and not _BRACKETS.search(text, s + 1, e - 1):
            s, e = s + 1, e - 1  # "(CSTO)"
        if (s, e) == before:
            break
    if not any(ch.isalnum() for ch in text[s:e]) or text[s:e] in _DETERMINER_WORDS:
        return None
    return s, e


def _cut_at_break(text: str, s: int, e: int) -> tuple[int, int]:
    """Keep one side of the first line break or unbalanced bracket: the left one if it has a letter."""
    stack: list[int] = []
    cut = -1
    for i in range(s, e):
        ch = text[i]
        if ch == "\n":
            cut = i
        elif ch in _OPEN:
            stack.append(i)
            continue
        elif ch in _CLOSE:
            if stack:
                stack.pop()
                continue
            cut = i
        else:
            continue
        break
    if cut < 0 and stack:
        cut = stack[0]
    if cut < 0:
        return s, e
    if any(ch.isalnum() for ch in text[s:cut]):
        return s, cut
    return cut + 1, e


def surface_key(surface: str) -> str:
    """The linking key of a surface: normalised, casefolded, diacritics folded; "" if nothing is left."""
    text = unicodedata.normalize("NFKC", surface).translate(_QUOTE_MAP)
    span = clean_span(text, 0, len(text))
    if span is None:
        return ""
    text = _HYPHENS.sub(" ", text[span[0]:span[1]])
    text = text.casefold()
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch)).translate(_FOLD_MAP)
    words = [w.replace(".", "") if _DOTTED.match(w) else w for w in text.split()]
    return " ".join(words)


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

    kind: str  # "merge" | "rename" | "relabel" | "ignore" | "split"
    key: str
    value: str | None = None  # merge: target key; rename: new name; relabel: new label


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


def initials(name: str) -> str:
    """Upper-case initials of the capitalised words of a name, small words skipped."""
    letters = []
    for word in _HYPHENS.sub(" ", name).split():
        word = word.strip(_EDGE_PUNCT + "()[]")
        if word and word[0].isupper() and word.casefold() not in SMALL_WORDS:
            letters.append(word[0])
    return "".join(letters)


def acronym_letters(surface: str) -> str:
    """The letters of an all-caps acronym ("CSTO", "U.S."), or "" if the surface is not one."""
    if " " in surface.strip():
        return ""
    letters = "".join(ch for ch in surface if ch.isalpha())
    if 2 <= len(letters) <= 6 and letters.isupper() and all(ch.isalpha() or ch in ".&" for ch in surface.strip()):
        return letters
    return ""


def _acronym_matches(acronym: str, long_name: str) -> bool:
    """True if the parenthesised `acronym` ("CSTO", "AIR Center") abbreviates `long_name`."""
    tokens = acronym.split()
    if not tokens or len(tokens) > 3:
        return False
    head = tokens[0]
    letters = "".join(ch for ch in head if ch.isalpha())
    upper = [ch for ch in letters if ch.isupper()]
    if len(upper) < 2 or not head[0].isupper() or len(upper) * 2 < len(letters):
        return False
    words = _HYPHENS.sub(" ", long_name).split()
    for extra in tokens[1:]:  # "AIR Center": "Center" is spelt out in the long name
        if extra not in words:
            return False
        words.remove(extra)
    full = initials(" ".join(words))
    want = "".join(upper)
    if len(full) < 2 or want[0] != full[0] or want[-1] != full[-1]:
        return False
    it = iter(full)
    return all(ch in it for ch in want)


_PAREN_AFTER = re.compile(r"[ \t]*[(\[][ \t]*([^()\[\]\n]{1,60}?)[ \t]*[)\]]")


def declared_aliases(text: str, spans: list[tuple[int, int]]) -> list[tuple[str, str]]:
    """(long_surface, short_surface) pairs declared as "Long Name (ACRONYM)" or "ACRONYM (Long Name)"."""
    found: list[tuple[str, str]] = []
    for start, end in spans:
        clean = clean_span(text, start, end)
        if clean is None:
            continue
        surface = text[clean[0]:clean[1]]
        m = _PAREN_AFTER.match(text, clean[1])
        if m is None:
            continue
        inner = m.group(1)
        inner_clean = clean_span(inner, 0, len(inner))
        if inner_clean is None:
            continue
        inner = inner[inner_clean[0]:inner_clean[1]]
        if _acronym_matches(inner, surface):
            pair = (surface, inner)
        elif acronym_letters(surface) and _acronym_matches(surface, inner):
            pair = (inner, surface)
        else:
            continue
        if pair not in found:
            found.append(pair)
    return found


def _majority(votes: dict[str, int], prefer: str | None = None) -> str:
    if len(votes) == 1:
        return next(iter(votes))
    top = max(votes.values())
    tied = [label for label, n in votes.items() if n == top]
    if prefer in tied:
        return prefer  # type: ignore[return-value]
    order = {label: i for i, label in enumerate(_LABEL_PREFERENCE)}
    return min(tied, key=lambda label: (order.get(label, len(order)), label))


def _place_share(votes: dict[str, int]) -> float:
    total = sum(votes.values())
    return sum(votes.get(label, 0) for label in PLACE_LABELS) / total if total else 0.0


def _key_label(key: str, votes: dict[str, int]) -> str:
    """Majority label of a key, corrected by the gazetteer (places) and nationality words."""
    label = _majority(votes)
    if label in NUMERIC_LABELS or label == "LANGUAGE":
        return label
    place = gazetteer.place_label(key)
    if place and (gazetteer.is_strong_place(key) or _place_share(votes) >= _PLACE_SHARE):
        return place
    if gazetteer.is_demonym(key):
        return "NORP"
    return label


def _best_surface(surfaces: dict[str, int]) -> str:
    return min(surfaces.items(), key=lambda item: (-item[1], -len(item[0]), item[0]))[0]


class _Groups:
    """Union-find over keys; the root of a group is its canonical key."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        root = key
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while key != root:
            self.parent[key], key = root, self.parent[key]
        return root

    def join(self, key: str, into: str) -> None:
        a, b = self.find(key), self.find(into)
        if a != b:
            self.parent[a] = b


def _is_surname_like(key: str) -> bool:
    return " " not in key and any(ch.isalpha() for ch in key) and all(ch.isalpha() or ch == "'" for ch in key)


def link(
    occurrences: Iterable[Occurrence],
    rules: Sequence[Rule] = (),
    aliases: Iterable[tuple[int, str, str]] = (),
) -> Linking:
    """Link a library's occurrences into entities; `aliases` are (document_id, long, short) declarations."""
    # 1. Aggregate by key.
    key_of: dict[str, tuple[str, str]] = {}  # surface -> (key, clean surface)
    rows: list[tuple[int, str, str, int]] = []
    votes: dict[str, dict[str, int]] = defaultdict(dict)
    surfaces: dict[str, dict[str, int]] = defaultdict(dict)
    doc_keys: dict[tuple[int, str], int] = {}
    for occ in occurrences:
        known = key_of.get(occ.surface)
        if known is None:
            span = clean_span(occ.surface, 0, len(occ.surface))
            surface = occ.surface[span[0]:span[1]] if span else occ.surface
            known = key_of[occ.surface] = (surface_key(occ.surface), surface)
        key, surface = known
        if not key:
            continue
        rows.append((occ.document_id, key, occ.label, occ.count))
        key_votes, key_surfaces = votes[key], surfaces[key]
        key_votes[occ.label] = key_votes.get(occ.label, 0) + occ.count
        key_surfaces[surface] = key_surfaces.get(surface, 0) + occ.count
        doc_keys[(occ.document_id, key)] = doc_keys.get((occ.document_id, key), 0) + occ.count
    raw_label = {key: _majority(v) for key, v in votes.items()}
    labels = {key: _key_label(key, v) for key, v in votes.items()}
    best = {key: _best_surface(s) for key, s in surfaces.items()}

    def rule_key(key: str) -> str:
        return key if key in votes else surface_key(key)

    # 2. Rule keys that automatic linking must leave alone.
    ignored = {rule_key(r.key) for r in rules if r.kind == "ignore"}
    split_at = {rule_key(r.key): i for i, r in enumerate(rules) if r.kind == "split"}
    frozen = ignored | split_at.keys()
    groups = _Groups()
    overrides: dict[tuple[int, str], str] = {}  # (document, key) -> key it joins in that document only
    surname_joined: set[tuple[int, str]] = set()
    joined: set[str] = set()  # keys joined library-wide to another key

    # 3. Declared acronyms: library-wide if the short form always means one long form.
    declared: dict[str, dict[int, str]] = defaultdict(dict)
    declared_surfaces: dict[str, Counter[str]] = defaultdict(Counter)
    for document_id, long_surface, short_surface in aliases:
        long_key, short_key = surface_key(long_surface), surface_key(short_surface)
        if not long_key or not short_key or long_key == short_key or {long_key, short_key} & frozen:
            continue
        if labels.get(short_key) in NUMERIC_LABELS or labels.get(long_key) in NUMERIC_LABELS:
            continue
        declared[short_key][document_id] = long_key
        declared_surfaces[long_key][long_surface] += 1
    for short_key, by_doc in declared.items():
        if len(set(by_doc.values())) == 1:
            groups.join(short_key, next(iter(by_doc.values())))
            joined.add(short_key)
        else:
            for document_id, long_key in by_doc.items():
                if (document_id, short_key) in doc_keys:
                    overrides[(document_id, short_key)] = long_key

    # 4. Acronyms by initials: "EU" -> the one multi-word ORG/GPE/LOC/NORP named "E... U...".
    owners: dict[str, list[str]] = defaultdict(list)
    for key, label in labels.items():
        if " " in key and label in ACRONYM_OWNER_LABELS and key not in frozen:
            letters = initials(best[key])
            if len(letters) >= 2:
                owners[letters].append(key)
    for key, label in labels.items():
        if key in frozen or key in joined or label in NUMERIC_LABELS or gazetteer.is_demonym(key):
            continue
        letters = acronym_letters(best[key])
        if not letters or letters not in owners:
            continue
        candidates = [k for k in owners[letters] if groups.find(k) != groups.find(key)]
        if gazetteer.is_known_place(key):
            candidates = [k for k in candidates if labels[k] in PLACE_LABELS]
        if len({groups.find(k) for k in candidates}) > 1:
            candidates = [k for k in candidates if labels[k] == label]
        if len({groups.find(k) for k in candidates}) == 1:
            groups.join(key, candidates[0])
            joined.add(key)

    # 5. Surnames: "Pashinyan" -> the one full name ending in it, in the document, else in the library.
    def person_like(key: str) -> bool:
        return (
            labels[key] == "PERSON"
            and _place_share(votes[key]) < _PLACE_SHARE
            and not gazetteer.is_strong_place(key)
            and key not in frozen
        )

    full_names = {key: key.rsplit(" ", 1)[1] for key in labels if " " in key and person_like(key)}
    lib_last: dict[str, set[str]] = defaultdict(set)
    for key, last in full_names.items():
        lib_last[last].add(key)
    doc_last: dict[tuple[int, str], set[str]] = defaultdict(set)
    for document_id, key in doc_keys:
        if key in full_names:
            doc_last[(document_id, full_names[key])].add(key)
    library_target: dict[str, str | None] = {}
    for document_id, key in doc_keys:
        if key not in lib_last or key in frozen or key in joined or (document_id, key) in overrides:
            continue
        label = labels[key]
        if (
            label in NUMERIC_LABELS or label == "NORP" or not _is_surname_like(key)
            or gazetteer.is_strong_place(key) or gazetteer.is_demonym(key)
            or _place_share(votes[key]) >= _PLACE_SHARE or not best[key][:1].isupper()
        ):
            continue
        in_doc = {groups.find(k) for k in doc_last.get((document_id, key), ())}
        if len(in_doc) > 1:
            continue
        if not in_doc:
            if label != "PERSON":
                continue
            if key not in library_target:
                in_library = {groups.find(k) for k in lib_last[key]}
                library_target[key] = in_library.pop() if len(in_library) == 1 else None
            target = library_target[key]
        else:
            target = in_doc.pop()
        if target is not None:
            overrides[(document_id, key)] = target
            surname_joined.add((document_id, key))

    # 6. The user's merges, in order; a later split of either side cancels a merge.
    key_docs = Counter(key for _, key in doc_keys)
    over_targets: dict[str, Counter[str]] = defaultdict(Counter)
    for (_, key), target in overrides.items():
        over_targets[key][target] += 1

    def home(key: str) -> str:
        """The canonical key of the entity containing `key`."""
        moved = over_targets.get(key)
        if moved and sum(moved.values()) == key_docs[key]:
            return groups.find(moved.most_common(1)[0][0])
        return groups.find(key)

    for i, rule in enumerate(rules):
        if rule.kind == "merge" and rule.value:
            source, target = rule_key(rule.key), rule_key(rule.value)
            if split_at.get(source, -1) < i and split_at.get(target, -1) < i:
                groups.join(home(source), home(target))

    # 7. Assignment and entities.
    assignment: dict[tuple[int, str], str] = {}
    for document_id, key in doc_keys:
        if key not in ignored:
            assignment[(document_id, key)] = groups.find(overrides.get((document_id, key), key))
    entity_votes: dict[str, dict[str, int]] = defaultdict(dict)
    members: dict[str, set[str]] = defaultdict(set)
    for document_id, key, label, count in rows:
        canonical = assignment.get((document_id, key))
        if canonical is not None:
            label = "PERSON" if (document_id, key) in surname_joined else label
            entity_votes[canonical][label] = entity_votes[canonical].get(label, 0) + count
            members[canonical].add(key)
    renamed: dict[str, str] = {}
    relabelled: dict[str, str] = {}
    for rule in rules:
        if rule.kind in ("rename", "relabel") and rule.value:
            (renamed if rule.kind == "rename" else relabelled)[home(rule_key(rule.key))] = rule.value
    entities: dict[str, LinkedEntity] = {}
    for canonical, entity_label_votes in entity_votes.items():
        own = labels.get(canonical)
        label = _majority(entity_label_votes, prefer=own)
        if own is not None and own != raw_label[canonical]:
            label = own  # the gazetteer or a nationality word corrected the model
        if canonical in surfaces:
            name = best[canonical]
        else:  # a user merged into, or a text declared, a name with no mention of its own
            pooled = declared_surfaces.get(canonical) or Counter(best[key] for key in members[canonical])
            name = _best_surface(pooled)
        entities[canonical] = LinkedEntity(
            key=canonical,
            name=renamed.get(canonical, name),
            label=relabelled.get(canonical, label),
            aliases=tuple(sorted(members[canonical])),
        )
    return Linking(entities=entities, assignment=assignment)
