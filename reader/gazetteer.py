"""Knowledge shipped in reader/data: places, nationality words, people's words and well-known aliases."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from reader.surfaces import surface_key

# Kinds of places (reader/data/places.tsv) whose name is a place whatever the model says.
_STRONG_KINDS = frozenset({"country", "continent", "capital"})
# Nationality words: country + suffix ("iran" + "ian", "russia" + "n"), or stem + suffix ("ital" + "ian").
_FULL_SUFFIXES = ("ian", "ese", "ish", "an", "i")
_STEM_SUFFIXES = ("ian", "ean", "ese", "ish", "an")


@dataclass(frozen=True)
class _Places:
    strong: dict[str, str]  # key -> "GPE" | "LOC": countries, big-country capitals, continents
    weak: dict[str, str]  # key -> "GPE": cities, states and regions, small capitals
    demonym_bases: frozenset[str]  # country / continent keys
    demonym_stems: frozenset[str]  # the same without their last vowel, "ey", "en" or "ain" ("italy" -> "ital")


@dataclass(frozen=True)
class _Names:
    aliases: dict[str, str]  # key -> id of its alias group ("russia", "russian federation" -> "RU")
    given: frozenset[str]  # keys of common given names
    honorifics: frozenset[str]  # keys of words before a name: "mr", "president", "prime minister"
    company_words: dict[str, str]  # last words of organisation names -> "suffix" ("inc") | "institution" ("bank")
    nationality_forms: dict[str, str]  # key of a nationality noun -> key of its word ("spaniard" -> "spanish")
    kind_words: dict[str, str]  # last words of names -> the label they give ("cup" -> "EVENT", "act" -> "LAW")
    nicknames: dict[str, frozenset[str]]  # a nickname -> the given names it is short for ("jim" -> {"james"})
    common_surnames: frozenset[str]  # keys of the most common surnames ("smith", "murphy")


def is_known_place(key: str) -> bool:
    """True if `key` (a linking key, see `surfaces.surface_key`) names a known place."""
    places = _places()
    return key in places.strong or key in places.weak


def is_strong_place(key: str) -> bool:
    """True for places whose name is a place whatever the model says: countries, continents, capitals."""
    return key in _places().strong


def is_country(key: str) -> bool:
    """True for a country's or continent's name ("france", "united kingdom", "uk", "europe")."""
    return key in _places().demonym_bases


def place_label(key: str) -> str | None:
    """The label of a known place key: GPE, or LOC for continents; None if unknown."""
    places = _places()
    return places.strong.get(key) or places.weak.get(key)


@lru_cache(maxsize=1 << 16)
def is_demonym(key: str) -> bool:
    """True for nationality words derived from a country or continent name: "armenian", "azerbaijanis"."""
    places = _places()
    if not key or key in places.strong or key in places.weak:
        return False
    candidates = [key]
    if key.endswith("s") and len(key) > 4:  # plural: "armenians"
        candidates.append(key[:-1])
    for word in candidates:
        if len(word) > 2 and word[-2] in "aeiouy" and word[-1] == "n" and word[:-1] in places.demonym_bases:
            return True
        for suffix in _FULL_SUFFIXES:
            if word.endswith(suffix) and word[: -len(suffix)] in places.demonym_bases:
                return True
        for suffix in _STEM_SUFFIXES:
            if word.endswith(suffix) and word[: -len(suffix)] in places.demonym_stems:
                return True
    return False


def alias_group(key: str) -> str | None:
    """The id of the well-known names `key` belongs to ("EU" and "European Union"), or None."""
    return _names().aliases.get(key)


def is_given_name(word_key: str) -> bool:
    """True for a common given name ("anna", "john"), as a linking key."""
    return word_key in _names().given


@lru_cache(maxsize=1 << 16)
def honorific_length(key: str) -> int:
    """How many leading words of `key` are an honorific ("prime minister nikol pashinyan" -> 2), else 0."""
    words = key.split()
    honorifics = _names().honorifics
    for n in (3, 2, 1):
        if len(words) > n and " ".join(words[:n]) in honorifics:
            return n
    return 0


def nationality_base(key: str) -> str:
    """The nationality or group word a one-word key would be a form of: "spaniard" -> "spanish",
    "mexicans" -> "mexican", "dutchman" -> "dutch" (plurals and "-man" nouns by rule, the rest listed);
    else the key itself. A candidate only: linking joins the two where the library has both as such."""
    forms = _names().nationality_forms
    if key in forms:
        return forms[key]
    for ending in ("women", "woman", "men", "man"):
        if key.endswith(ending) and len(key) - len(ending) >= 4:
            return key[: -len(ending)]
    if key.endswith("s") and not key.endswith("ss") and len(key) >= 5:
        return forms.get(key[:-1], key[:-1])
    return key


def kind_label(word_key: str) -> str | None:
    """The label a name's last word gives it ("cup" -> "EVENT", "treaty" -> "LAW", "stadium" -> "FAC")."""
    return _names().kind_words.get(word_key)


def is_common_surname(word_key: str) -> bool:
    """True for one of the most common surnames ("smith", "murphy"): alone it names no one person."""
    return word_key in _names().common_surnames


def names_for_nickname(word_key: str) -> frozenset[str]:
    """The given names a nickname is short for ("jim" -> {"james"}, "nick" -> {"nicholas", ...})."""
    return _names().nicknames.get(word_key, frozenset())


def _nicknames() -> dict[str, frozenset[str]]:
    names: dict[str, set[str]] = {}
    for name, nickname in _lines("nicknames.tsv"):
        names.setdefault(nickname, set()).add(name)
    return {nickname: frozenset(found) for nickname, found in names.items()}


def is_listed_nationality_form(key: str) -> bool:
    """True for a listed noun of a nationality or group ("spaniard", "brit", "jews")."""
    return key in _names().nationality_forms


def is_company_word(word_key: str) -> bool:
    """True for a word that ends organisation names ("inc", "ltd", "ministry", "foundation")."""
    return word_key in _names().company_words


def is_institution_word(word_key: str) -> bool:
    """True for a word that says what kind of organisation a name is ("bank", "university", "ministry")."""
    return _names().company_words.get(word_key) == "institution"


def load() -> None:
    """Read the lists now (a few tens of milliseconds), e.g. on a thread while the model runs."""
    _places()
    _names()


def _lines(name: str) -> list[list[str]]:
    text = resources.files("reader").joinpath("data", name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def _place_rows() -> list[tuple[str, str, str, str]]:
    """(key, label, kind, country code) of every name in places.tsv."""
    return [(key, label, kind, code) for key, _name, label, kind, code in _lines("places.tsv")]


@lru_cache(maxsize=1)
def _places() -> _Places:
    strong: dict[str, str] = {}
    weak: dict[str, str] = {}
    country_keys: set[str] = set()
    for key, label, kind, _code in _place_rows():
        if kind in _STRONG_KINDS:
            strong.setdefault(key, label)
            weak.pop(key, None)
            if kind in ("country", "continent"):
                country_keys.add(key)
        elif key not in strong:
            weak.setdefault(key, label)
    for fields in _lines("aliases.tsv"):  # "UK", "Britain", "America": countries by well-known names
        keys = [surface_key(name) for name in fields]
        if any(key in country_keys for key in keys):
            for key in keys:
                if key not in strong and len(key) >= 2:
                    strong[key] = "GPE"
                    weak.pop(key, None)
                    country_keys.add(key)
    stems: set[str] = set()
    for key in country_keys:
        for ending in ("a", "e", "i", "o", "y", "ey", "en", "ain"):
            if key.endswith(ending) and len(key) - len(ending) >= 3:
                stems.add(key[: -len(ending)])
    return _Places(strong=strong, weak=weak, demonym_bases=frozenset(country_keys), demonym_stems=frozenset(stems))


@lru_cache(maxsize=1)
def _names() -> _Names:
    groups = {key: code for key, _label, _kind, code in _place_rows() if code}
    for fields in _lines("aliases.tsv"):
        keys = [key for key in map(surface_key, fields) if key]
        known = [groups[key] for key in keys if key in groups]
        group = known[0] if known else keys[0]
        for key in keys:
            groups.setdefault(key, group)
    return _Names(
        aliases=groups,
        given=frozenset(surface_key(row[0]) for row in _lines("given_names.txt")),
        honorifics=frozenset(surface_key(row[0]) for row in _lines("honorifics.txt")),
        company_words={surface_key(row[0]): row[1] for row in _lines("company_words.txt")},
        kind_words={surface_key(row[0]): row[1] for row in _lines("kind_words.tsv")},
        nicknames=_nicknames(),
        common_surnames=frozenset(surface_key(row[0]) for row in _lines("common_surnames.txt")),
        nationality_forms={surface_key(form): surface_key(row[0]) for row in _lines("nationalities.tsv")
                           for form in row[1:]},
    )
