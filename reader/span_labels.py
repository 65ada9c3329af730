"""What a document settles: a surname or titled name taken for a place, a city for its club, two names as one.

The model labels each span on its own; these rules look at the document's other mentions and at the
words around each one. `mentions.clean_mentions` applies them to the mentions it keeps.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from typing import TypeVar

from reader import gazetteer
from reader.labels import VALUE_LABELS
from reader.surfaces import surface_key

M = TypeVar("M")  # a mention with start, end, text, label and key (mentions.CleanMention)

_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Words before a name that make it a place here ("in Newton", "near Mars Hill").
_LOCATIVE_BEFORE = re.compile(r"\b(?:in|near|outside|across|around|throughout|into)\s+$", re.IGNORECASE)
# Before or after a name: where someone is from ("of Allen, Texas", "from Newton").
_ORIGIN_BEFORE = re.compile(r"(?<!\bout )\b(?:of|from)\s+$")
_PLACE_AFTER = re.compile(r",\s+([A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)")


def _a_place_here(text: str, mention) -> bool:
    """The words around a name make it a place: "in Newton", "of Allen, Texas"."""
    before = text[max(0, mention.start - 12):mention.start]
    after = _PLACE_AFTER.match(text, mention.end)
    return bool(_LOCATIVE_BEFORE.search(before) or _ORIGIN_BEFORE.search(before)
                or after and gazetteer.is_known_place(surface_key(after.group(1))))


def surnames_as_people(text: str, mentions: Sequence[M], relabel: Callable[[M, str], M]) -> list[M]:
    """A one-word name the model took for a place, which is the surname of a person the document names
    in full, is that person where the words around it do not make it a place ("Cam Newton" ... "Newton
    threw", but "in Newton", "of Newton, Kansas");
    a country's or capital's name never ("Jack London" ... "London")."""
    surnames = {m.key.split()[-1] for m in mentions if m.label == "PERSON" and " " in m.key}
    out = []
    for m in mentions:
        if (m.label in _PLACE_LABELS and m.key in surnames and not gazetteer.is_strong_place(m.key)
                and not gazetteer.is_demonym(m.key) and not _a_place_here(text, m)):
            m = relabel(m, "PERSON")
        out.append(m)
    return out


_WORDS_BEFORE = re.compile(r"((?:[A-Za-z][\w.]*[ \t]+){1,3})$")


def titled_as_people(text: str, mentions: Sequence[M], relabel: Callable[[M, str], M]) -> list[M]:
    """A name of one or two words right after a person's title is a person, whatever the model took it
    for ("Captain Iriyanto", "Mr Goss"); not a kind word ("Justice Department")."""
    out = []
    for m in mentions:
        if m.label not in ("PERSON", *VALUE_LABELS) and len(m.key.split()) <= 2 \
                and not gazetteer.is_company_word(m.key.split()[-1]) and _after_title(text, m):
            m = relabel(m, "PERSON")
        out.append(m)
    return out


def _after_title(text: str, mention) -> bool:
    before = _WORDS_BEFORE.search(text, max(0, mention.start - 40), mention.start)
    if before is None:
        return False
    words = before.group(1).split()
    for n in range(1, len(words) + 1):
        title = surface_key(" ".join(words[-n:]))
        if len(title.split()) == n and gazetteer.honorific_length(f"{title} {mention.key}") == n:
            return True  # not "the Premier League": "the" is no title
    return False


# ---- a place's name for its club ---------------------------------------------------------------------

# Words of a match report; a document with several of them reports on sport.
_SPORT_WORDS = re.compile(
    r"\b(?:match|matches|goals?|scored|scoring|striker|midfielder|defender|goalkeeper|keeper|coach|manager|"
    r"league|season|penalty|penalties|kick-?off|half-?time|touchdowns?|quarterback|referee|tournament|"
    r"fixture|squad|championship|semi-?finals?|play-?offs?|innings|wickets?|pitcher|winger|substitute|"
    r"equali[sz]er|stoppage|offside|header|free kick|clean sheet|home side|away side|away goals?)\b",
    re.IGNORECASE)
_SPORT_WORDS_NEEDED = 5  # distinct words
# Around a club's name: what a team does or has.
_TEAM_AFTER = re.compile(
    r"(?:['’]s\s+(?:\w+\s+)?(?:coach|manager|goalkeeper|keeper|striker|defender|defen[cs]e|midfield|"
    r"midfielder|forward|captain|players?|squad|side|team|fans|net|lead|attack|offen[cs]e|quarterback|"
    r"line-?up|chances?|hopes|supporters|bench)\b"
    r"|\s+(?:were|have\s+been|beat|beats|defeated|defeats|drew|draws|lost|loses|won|wins|scored|scores|"
    r"advanced|advances|conceded|equali[sz]ed|trailed|led|bowed|came\s+back|continued\s+to\s+(?:press|push|attack))\b"
    r"|\s+\d{1,2}\s?[-–]\s?\d{1,2}\b)")
_TEAM_BEFORE = re.compile(
    r"\b(?:against|beat|beating|beats|defeated|defeating|defeat|versus|vs\.?|v\.?|rivals|giants|champions|"
    r"holders|hosts|visitors|threaten|stun|stunned|leaving)\s+$", re.IGNORECASE)


def places_as_clubs(text: str, mentions: Sequence[M], relabel: Callable[[M, str], M]) -> list[M]:
    """In a report on sport, a city's or region's name that acts as a team at least twice ("Barcelona
    were", "against Barcelona", "Barcelona's coach"), or once where the document names a club with it
    ("Real Madrid"), names its club in this document: an organisation,
    except where "in" or "near" comes before it. A country's name stays a place (a national team is its
    country)."""
    if len({w.group().casefold() for w in _SPORT_WORDS.finditer(text)}) < _SPORT_WORDS_NEEDED:
        return list(mentions)
    acting: dict[str, int] = defaultdict(int)
    for m in mentions:
        if _club_candidate(m) and (_TEAM_AFTER.match(text, m.end)
                                   or _TEAM_BEFORE.search(text, max(0, m.start - 24), m.start)):
            acting[m.key] += 1
    named_in = {word for m in mentions if m.label == "ORG" and " " in m.key for word in m.key.split()}
    clubs = {key for key, n in acting.items() if n >= 2 or key in named_in}  # "Real Madrid" ... "Madrid were"
    return [relabel(m, "ORG") if m.key in clubs and m.label != "ORG"
            and not _LOCATIVE_BEFORE.search(text, max(0, m.start - 12), m.start) else m for m in mentions]


def _club_candidate(mention) -> bool:
    return (" " not in mention.key and mention.label in ("GPE", "LOC", "ORG", "PERSON", "NORP")
            and gazetteer.is_known_place(mention.key) and not gazetteer.is_country(mention.key))


# ---- two names in one span -----------------------------------------------------------------------------

_JOINED = re.compile(r"\s+(and|&|at|of|from)\s+|,\s+")


def split_joined_names(text: str, mentions: Sequence[M], part: Callable[[M, int, int, str], M]) -> list[M]:
    """A span that joins two names is two mentions: two names the document also names on their own ("Ajax
    and Porto"), two companies' names of two words or more ("Best Buy and Circuit City"), two people's
    given names ("John and Russ", "Sarah and James Brady"), and "Baptista of Arsenal" where Baptista is a
    person there. Never a name the document repeats whole, a known place ("Bosnia and Herzegovina"), or
    a kind of thing of a place ("Bank of England")."""
    alone = Counter(m.key for m in mentions)
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    for m in mentions:
        labels[m.key][m.label] += 1
    people = {word for m in mentions if m.label == "PERSON" for word in m.key.split()}
    out: list[M] = []
    for m in mentions:
        split = None
        if m.label not in VALUE_LABELS and alone[m.key] == 1 and not gazetteer.is_known_place(m.key):
            split = _two_names(m, alone, people)
        if split is None:
            out.append(m)
            continue
        for start, end in split:
            key = surface_key(text[start:end])
            label = labels[key].most_common(1)[0][0] if key in labels else "PERSON" if key in people else m.label
            out.append(part(m, start, end, label))
    return out


def _two_company_names(left: str, right: str) -> bool:
    """"Best Buy" and "Circuit City": two names of two words or more, neither ending in a word that makes
    the whole one name ("Ace Tyre and Exhaust Centre", "Energy Improvement and Extension Act")."""
    return all(len(key.split()) >= 2 and not gazetteer.is_company_word(key.split()[-1])
               and not gazetteer.kind_label(key.split()[-1]) for key in (left, right))


def _two_given_names(left: str, right: str) -> bool:
    """"John and Russ", "Sarah and James Brady": each side begins with a given name."""
    return all(gazetteer.is_given_name(key.split()[0]) for key in (left, right))


def _two_names(m, alone: Counter, people: set[str]) -> tuple[tuple[int, int], tuple[int, int]] | None:
    for joint in _JOINED.finditer(m.text):
        left, right = m.text[:joint.start()], m.text[joint.end():]
        lk, rk = surface_key(left), surface_key(right)
        if not lk or not rk or lk == rk or not right[:1].isupper() or not left[:1].isupper():
            continue
        word = (joint.group(1) or ",").casefold()
        if word in ("of", "at", "from"):
            ok = rk in alone and (lk in alone or lk in people) and not gazetteer.is_company_word(lk.split()[-1]) \
                and not gazetteer.kind_label(lk.split()[-1])
        else:
            ok = lk in alone and rk in alone or m.label == "ORG" and _two_company_names(lk, rk) \
                or m.label == "PERSON" and _two_given_names(lk, rk)
        if ok:
            return (m.start, m.start + len(left)), (m.start + joint.end(), m.end)
    return None
