"""Span repairs the text itself settles: a name's edges, its number or year, its club word, not a time zone.

Each function looks at one span and the characters around it; `mentions.clean_mentions` applies them.
"""
from __future__ import annotations

import re

from reader import gazetteer
from reader.labels import VALUE_LABELS
from reader.surfaces import surface_key

# ---- edges: the small words and hyphenated affixes a model leaves on a name -----------------------

# Words that begin or end no name ("Ravens of", "Ace Tyre and"): a name keeps them only inside.
_EDGE_WORDS = frozenset("of and & at to for from in on with by".split())
# English prefixes joined to a name by a hyphen ("pro-Russian", "Ex-BEA", "then-Compaq"); a name's own
# particles ("al-Qaeda") are not among them.
_PREFIX = re.compile(r"(?:pro|anti|non|ex|then|post|pre|mid|neo|semi|quasi|self|all)[-‐‑–](?=[A-Z])", re.IGNORECASE)
# A lower-case word joined to the end of a name by a hyphen ("Ethiopian-born", "US-run", "Texas-based").
_SUFFIX = re.compile(r"(?<=[^\W\d_])[-‐‑–][a-z]{2,}$")
_WORD_AT = re.compile(r"\S+")
_YEAR = re.compile(r"(?:1[5-9]|20)\d\d")


def trim_edges(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without small words at its edges, a year before it, or hyphenated English affixes."""
    while True:
        before = (start, end)
        words = list(_WORD_AT.finditer(text, start, end))
        if len(words) >= 2 and (words[0].group() in _EDGE_WORDS or _YEAR.fullmatch(words[0].group())):
            start = words[1].start()  # "of", and the year before an event's name ("1959 Cuban Revolution")
        elif len(words) >= 2 and words[-1].group() in _EDGE_WORDS:
            end = words[-2].end()
        prefix = _PREFIX.match(text, start, end)
        if prefix:
            start = prefix.end()
        suffix = _SUFFIX.search(text, start, end)
        if suffix and text[start].isupper() and " " not in text[suffix.start():end]:
            end = suffix.start()
        if (start, end) == before:
            return start, end


# ---- what follows a name: its number, its year, its club or company word ---------------------------

# Abbreviations written before or after a club's or company's name ("FC Barcelona", "Juventus FC").
_CLUB_BEFORE = re.compile(r"(?<![\w.])(?:FC|AFC|AC|AS|CF|SC|SV|VfB|VfL|SS|SSC|RC|CD|FK|NK|SK|BK|TSV)[ \t]+$")
_CLUB_AFTER = re.compile(r"[ \t]+(?:FC|AFC|CF|SC|SV|Inc\.|Ltd\.?|plc|PLC|LLC|Corp\.|AG|GmbH|NV|SpA)(?!\w)")
# The year of a law ("Emergency Economic Stabilization Act of 2008").
_LAW_HEAD = re.compile(r"\b(?:Act|Bill|Code|Ordinance|Statute)$")
_OF_YEAR = re.compile(r"[ \t]+of[ \t]+(?:1[6-9]|20)\d\d\b")
# The number of an event or a flight ("Super Bowl 50", "Super Bowl XLVII", "Air France Flight 447").
_NUMBER_AFTER = re.compile(r"[ \t]+(\d{1,3}|[IVXLC]{2,7})\b(?![-–—:.,]?\d)")
_FLIGHT_NUMBER = re.compile(r"[ \t]+[A-Z]{0,3}\d{1,5}\b(?![-–—:.,]?\d)")
_FLIGHT_AFTER = re.compile(r"[ \t]+Flight[ \t]+[A-Z]{0,3}\d{1,5}\b(?![-–—:.,]?\d)")
_NUMBER_CLOSES = re.compile(r"[ \t]*(?:[^\w\s]|$)")  # the number ends a phrase: "Super Bowl 50:"


# A monarch's or pope's number ("Abdullah II", "John Paul II").
_REGNAL_AFTER = re.compile(r"[ \t]+(?:II|III|IV|VI{0,3}|IX|XI{0,3}|XIV|XV|XVI)\b(?![-–.]?\d)")
# Up to three capitalised words after a name, the last of which may say what the whole is.
_CAPITALISED_AFTER = re.compile(r"[ \t]+[A-Z][\w'’&-]*")


def extend(text: str, start: int, end: int, label: str, numbered: set[str],
           headline: bool = False) -> tuple[int, int, str]:
    """The span with the club word, law year or event number that belongs to it, and its label then.

    `numbered`: the texts this document writes as a whole name with its number, closed by punctuation
    or a line's end at least once ("Super Bowl 50:"); an event number elsewhere extends only those.
    Outside a `headline` (in title case every word is capitalised), a name also takes the capitalised
    words after it up to one that says what the whole is ("Elton John" AIDS Foundation, "Amsterdam"
    ArenA, "Brady" Bill).
    """
    if label in VALUE_LABELS:
        return start, end, label
    surface = text[start:end]
    if label == "PERSON" and (regnal := _REGNAL_AFTER.match(text, end)):
        return start, regnal.end(), label
    if not headline and (kind := _kind_after(text, end)) is not None:
        return start, kind[0], kind[1]
    before = _CLUB_BEFORE.search(text, max(0, start - 6), start)
    if before and label in ("ORG", "GPE", "PERSON", "FAC", "NORP"):
        return before.start(), end, "ORG"
    after = _CLUB_AFTER.match(text, end)
    if after and label in ("ORG", "GPE", "PERSON", "FAC", "NORP"):
        return start, after.end(), "ORG"
    if _LAW_HEAD.search(surface) and (year := _OF_YEAR.match(text, end)):
        return start, year.end(), "LAW"
    flight = _FLIGHT_NUMBER.match(text, end) if surface.endswith(" Flight") else \
        _FLIGHT_AFTER.match(text, end) if label == "ORG" else None
    if flight:
        return start, flight.end(), "EVENT"
    if label == "EVENT":
        number = _NUMBER_AFTER.match(text, end)
        if number and (not number.group(1).isdigit() or surface + number.group() in numbered):
            return start, number.end(), label
    return start, end, label


def _kind_after(text: str, end: int) -> tuple[int, str] | None:
    """(end, label) of the capitalised words after a name that end with a kind word: "AIDS Foundation"
    -> ORG, "Bill" -> LAW, "ArenA" -> FAC; None unless the kind word ends the run of capitalised words
    within three ("White House Press Secretary" is a title, not a press)."""
    position = end
    for _ in range(3):
        word = _CAPITALISED_AFTER.match(text, position)
        if word is None:
            return None
        position = word.end()
        key = surface_key(word.group())
        kind = gazetteer.kind_label(key) or ("ORG" if gazetteer.is_institution_word(key) else None)
        if kind and not _CAPITALISED_AFTER.match(text, position):
            return position, kind
    return None


def numbered_names(text: str, spans: list[tuple[int, int, str]]) -> set[str]:
    """Event names this text writes with a number at least once where the number closes a phrase."""
    found = set()
    for start, end, label in spans:
        if label == "EVENT" and (number := _NUMBER_AFTER.match(text, end)) and _NUMBER_CLOSES.match(text, number.end()):
            found.add(text[start:number.end()])
    return found


def merge_adjacent(spans: list[tuple[int, int, str]], text: str) -> list[tuple[int, int, str]]:
    """Spans the model cut out of one name: an airline and its flight number ("Asiana Airlines" "Flight
    214", one event), a maker and its model's number ("Boeing" "777"), a person's name in two pieces
    ("Zine al-Abidine" "Ben Ali")."""
    merged: list[tuple[int, int, str]] = []
    for span in sorted(spans):
        if merged and text[merged[-1][1]:span[0]] == " ":
            last = merged[-1]
            if last[2] == "ORG" and re.match(r"Flight\s+[A-Z]{0,3}\d", text[span[0]:span[1]]):
                merged[-1] = (last[0], span[1], "EVENT")
                continue
            if last[2] == span[2] == "PERSON":
                merged[-1] = (last[0], span[1], "PERSON")
                continue
            if last[2] in ("ORG", "PRODUCT") and span[2] == "PRODUCT" and any(ch.isdigit() for ch in text[span[0]:span[1]]):
                merged[-1] = (last[0], span[1], "PRODUCT")  # "Boeing" "777", "Airbus" "A320-200"
                continue
        merged.append(span)
    return merged


# ---- not names: time zones, numbers -----------------------------------------------------------------

# Time zones written after a time ("13:15 UTC", "9 a.m. EST"): part of the time, not an organisation.
_TIME_ZONES = frozenset(
    "UTC GMT BST IST CET CEST EET EEST WET WEST MSK EST EDT CST CDT MST MDT PST PDT AKST AKDT HST AST ADT "
    "NST NDT JST KST HKT SGT AEST AEDT ACST AWST NZST NZDT WIB".split())
_TIME_BEFORE = re.compile(r"(?:\d|[ap]\.?m\.?)[ \t]*\(?$", re.IGNORECASE)
# A number that names a team ("49ers", "76ers").
_NUMBER_NAME = re.compile(r"\d+[a-z]*ers")
# Numbers written as words or digits that the model took for names ("Millions march", "the 2010 edition").
_NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty sixty seventy "
    "eighty ninety hundred hundreds thousand thousands million millions billion billions dozen dozens".split())
_DIGITS = re.compile(r"[\d.,]+")


def is_time_zone(text: str, start: int, end: int) -> bool:
    """True for a time zone written after a time: the time's, not a name of its own."""
    return text[start:end] in _TIME_ZONES and bool(_TIME_BEFORE.search(text, max(0, start - 12), start))


def number_name_label(surface: str, label: str) -> str:
    """ORG for a team named by a number ("49ers"), which the model takes for a value; a value for a number
    it took for a name ("Millions" march, "the 2010" World Cup: DATE for a year); else `label`."""
    if label in VALUE_LABELS:
        return "ORG" if _NUMBER_NAME.fullmatch(surface) else label
    if _DIGITS.fullmatch(surface):
        return "DATE" if _YEAR.fullmatch(surface) else "CARDINAL"
    return "CARDINAL" if surface.casefold() in _NUMBER_WORDS else label
