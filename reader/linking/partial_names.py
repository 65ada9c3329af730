"""Names of things inside longer names: part of an organisation's name in its document, an owner's acronym."""
from __future__ import annotations

from collections import defaultdict

from reader import gazetteer
from reader.labels import PLACE_LABELS
from reader.linking.short_forms import _inside, _join_here
from reader.linking.state import State
from reader.surfaces import SMALL_WORDS, acronym_letters

# Labels of names whose part can stand for the whole in their document.
_THINGS = frozenset({"ORG", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"})


def _thing(state: State, key: str) -> bool:
    return state.label(key) in _THINGS and key not in state.frozen and not gazetteer.is_known_place(key)


def document_parts(state: State) -> None:
    """In one document, a name of several words that is part of the one longer name of a thing there,
    beginning or ending as it does ("Daily News" / "Dayton Daily News", "Foreign Office" / "Foreign and
    Commonwealth Office"), stands for it; so does a kind word that heads a name "X of Y" there ("the
    House" / "U.S. House of Representatives", "Department" / "Department of Justice")."""
    things = {key: words for key in state.keys if len(words := key.split()) >= 2 and _thing(state, key)}
    kinds = {key for key in state.keys if " " not in key and state.free(key) and _kind_word(state, key)}
    longer_of: dict[str, list[str]] = defaultdict(list)  # a name -> the longer names it is a part of
    for key, words in things.items():
        for part in _parts(words):
            if part in things or part in kinds:
                longer_of[part].append(key)
    found = []
    for document_id, key in state.doc_votes:
        if key in longer_of:
            longer = {k for k in longer_of[key] if (document_id, k) in state.doc_votes}
            if longer:
                found.append((document_id, key, longer))
    for document_id, key, longer in sorted(found, key=lambda f: -len(f[1].split())):  # "House of ..." before "House"
        if key in kinds or state.free(key):
            _join_one(state, document_id, key, longer)


def _parts(words: list[str]) -> set[str]:
    """The parts of a name that may stand for it: its ends, its beginning before "of" or "and", both ends
    around "and ...", and the kind word that heads it ("department" of "us department of justice")."""
    n = len(words)
    found = {" ".join(words[i:]) for i in range(1, n - 1)}  # "daily news" of "dayton daily news"
    found |= {" ".join(words[:i]) for i in range(2, n) if words[i] in _GOES_ON}
    if n >= 4 and words[1] in ("and", "&"):
        found |= {" ".join((words[0], *words[i:])) for i in range(3, n)}  # "foreign office"
    found = {part for part in found if _part_of(part.split(), words)}
    if (head := head_word(words)) is not None:
        found.add(head)
    return found


# A legislature's chamber: "the House" of "House of Representatives", "House of Commons".
_CHAMBER = "house"


def head_word(words: list[str] | tuple[str, ...]) -> str | None:
    """The kind word before "of" that heads a name, after a place or an acronym ("us department of justice")."""
    for i, word in enumerate(words[:-2]):
        if words[i + 1] == "of" and (gazetteer.is_company_word(word) or word == _CHAMBER):
            return word
        if not (gazetteer.is_known_place(word) or gazetteer.is_demonym(word) or len(word) <= 4):
            return None
    return None


def _kind_word(state: State, key: str) -> bool:
    return (gazetteer.is_company_word(key) or key == _CHAMBER) and state.label(key) not in PLACE_LABELS


# Words after which a name goes on to say whose or which it is ("Federación Nacional de Cafeteros").
_GOES_ON = frozenset({"of", "de", "del", "della", "des", "du", "di", "for", "on", "and", "&"})


def _part_of(words: list[str], longer: list[str]) -> bool:
    """A part of a longer name that names the same thing: its end ("Daily News" of "Dayton Daily News"),
    its beginning where the rest says whose it is ("Federación Nacional" of "Federación Nacional de
    Cafeteros"), or both ends around "and ..." ("Foreign Office" of "Foreign and Commonwealth Office").
    Not "Asiana Airlines" of "Asiana Airlines Flight 214", nor "UEFA Cup" of "UEFA Super Cup"."""
    n = len(words)
    if len([w for w in words if w not in SMALL_WORDS]) < 2:
        return False
    if longer[-n:] == words:
        return True
    if longer[:n] == words:
        return longer[n] in _GOES_ON
    return (words[0] == longer[0] and words[-1] == longer[-1] and longer[1] in ("and", "&")
            and _inside(words, longer))


def _join_one(state: State, document_id: int, key: str, longer: set[str]) -> None:
    """Join the key here to the one thing these longer names name (themselves or what they joined here)."""
    roots = {state.groups.find(state.local.get((document_id, k), k)) for k in longer}
    if len(roots) == 1 and (document_id, key) not in state.local and state.free(key):
        target = roots.pop()
        _join_here(state, document_id, key, target, state.label(target) if target in state.keys else "ORG")


def owners_acronyms(state: State) -> None:
    """A name after its owner's acronym is the name ("FIFA World Cup" / "World Cup", "UEFA Champions
    League" / "Champions League") across the library, where the rest has two words or more and only one
    owner puts its acronym before it; a country's is no owner ("U.S. House of Representatives")."""
    owned: dict[str, list[str]] = defaultdict(list)
    for key, facts in state.keys.items():
        words = key.split()
        if (len(words) >= 3 and _thing(state, key) and state.free(key)
                and acronym_letters(facts.best.split()[0]) and not gazetteer.is_known_place(words[0])
                and (rest := " ".join(words[1:])) in state.keys):
            owned[rest].append(key)
    for rest, keys in owned.items():
        if len(keys) == 1 and _thing(state, rest) and state.groups.join(keys[0], rest):
            state.joined.add(keys[0])
