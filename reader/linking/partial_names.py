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
    by_word: dict[tuple[int, str], list[str]] = defaultdict(list)  # (document, first or last word) -> names
    heads: dict[tuple[int, str], list[str]] = defaultdict(list)  # (document, kind word before "of") -> names
    in_document: dict[int, list[str]] = defaultdict(list)
    for document_id, key in state.doc_votes:
        if " " not in key or not _thing(state, key):
            continue
        words = key.split()
        in_document[document_id].append(key)
        for word in {words[0], words[-1]}:
            by_word[(document_id, word)].append(key)
        if (head := head_word(words)) is not None:
            heads[(document_id, head)].append(key)
    for document_id, keys in in_document.items():  # several words first: "House of Representatives"
        for key in sorted(keys, key=lambda k: len(k.split())):
            words = key.split()
            longer = {k for k in (*by_word[(document_id, words[0])], *by_word[(document_id, words[-1])])
                      if len(k.split()) > len(words) and _part_of(words, k.split())}
            _join_one(state, document_id, key, longer)
    for document_id, key in state.doc_votes:
        if " " in key or (document_id, key) in state.local or not state.free(key) or not _kind_word(state, key):
            continue
        _join_one(state, document_id, key, set(heads.get((document_id, key), ())))


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
