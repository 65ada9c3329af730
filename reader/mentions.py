"""From a document's model spans to the mentions Reader keeps: clean surfaces, keys, declared acronyms.

The one span cleaner: the library stores what `clean_mentions` returns, and the span benchmarks score
the same. A span is cleaned (`surfaces.clean_span`: determiners, possessives, quotes and edge
punctuation; a person's title, "Mr" or "President", left out; in a byline, a name ends at the next
separator), and dropped when it lies in page clutter, touches a URL or an e-mail address, or names
nothing (a named type written without a capital letter). In a headline written in title case
("Minister Resigns After Vote") a name is cut to the part the article's own text uses as a name.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from reader import gazetteer, span_labels, spans as span_repairs
from reader.labels import VALUE_LABELS
from reader.surfaces import HYPHENS, SMALL_WORDS, acronym_letters, clean_span, initials, surface_key


@dataclass(frozen=True)
class CleanMention:
    start: int
    end: int
    text: str  # text[start:end] of the document
    label: str
    key: str


ADDRESS = re.compile(
    r"(?:https?://|www\.)\S+"  # URLs
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail addresses
    r"|\[email[\s\xa0]*protected\]"  # what saved pages leave of an obfuscated address
    r"|(?<![\w@.])(?:[A-Za-z0-9-]+\.)+(?:com|org|net|gov|edu|info|io|news|[a-z]{2})(?:/\S*)?(?![\w.]*\w)",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_SCORE = re.compile(r"(?<=\w)\s+\d{1,3}\s?[-–—:]\s?\d{1,3}$")


def clean_mentions(text: str, spans: Iterable, clutter: Sequence[tuple[int, int]] = ()) -> list[CleanMention]:
    """The mentions Reader keeps of a document's model spans ((start, end, label) or Span objects)."""
    skip = _disjoint([*clutter, *((m.start(), m.end()) for m in ADDRESS.finditer(text))])
    found = span_repairs.merge_adjacent(
        [(s.start, s.end, s.label) if hasattr(s, "label") else tuple(s) for s in spans], text)
    numbered = span_repairs.numbered_names(text, found)
    headlines = title_case_lines(text)
    taken = _disjoint((start, end) for start, end, label in found if label not in VALUE_LABELS)
    absorbed: list[tuple[int, int]] = []  # what names took in: the number of "Super Bowl 50", a law's year
    kept: list[CleanMention] = []
    for start, end, label in found:
        if label in VALUE_LABELS and absorbed and _overlaps((start, end), absorbed):
            continue
        bounds = clean_span(text, start, end)
        if bounds is not None and label not in VALUE_LABELS:
            bounds = clean_span(text, *span_repairs.trim_edges(text, *bounds))
        if bounds is None or _overlaps(bounds, skip) or span_repairs.is_time_zone(text, *bounds):
            continue
        longer = span_repairs.extend(text, *bounds, label, numbered, headline=_overlaps(bounds, headlines))
        if longer[:2] != bounds and not _overlaps_other(longer[:2], bounds, taken):
            bounds, label = longer[:2], longer[2]
            absorbed.append(bounds)
        bounds = _in_byline(text, *bounds)
        if label == "PERSON":
            bounds = _without_title(text, *bounds)
        if label not in VALUE_LABELS and (score := _SCORE.search(text, bounds[0], bounds[1])):
            bounds = (bounds[0], score.start())  # "Liverpool 1-0"
        surface = text[bounds[0]:bounds[1]]
        label = span_repairs.number_name_label(surface, label)
        if label not in VALUE_LABELS and not any(ch.isupper() for ch in surface) and not surface[:1].isdigit():
            continue  # "node", "badanov": a named thing is written with a capital (or a number: "49ers")
        key = surface_key(surface)
        if key:
            kept.append(CleanMention(bounds[0], bounds[1], surface, _place_by_context(text, bounds, label), key))
    kept = span_labels.split_joined_names(text, _cut_headline_names(text, kept, headlines), _part)
    kept = span_labels.titled_as_people(text, span_labels.surnames_as_people(text, kept, _relabel), _relabel)
    return span_labels.places_as_clubs(text, kept, _relabel)


def _relabel(mention: CleanMention, label: str) -> CleanMention:
    return replace(mention, label=label)


def _part(mention: CleanMention, start: int, end: int, label: str) -> CleanMention:
    surface = mention.text[start - mention.start:end - mention.start]
    return CleanMention(start, end, surface, label, surface_key(surface))


def _overlaps_other(longer: tuple[int, int], bounds: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    """True if the part `longer` adds to `bounds` overlaps another span (`taken`: disjoint, sorted)."""
    return (longer[0] < bounds[0] and _overlaps((longer[0], bounds[0]), taken)
            or bounds[1] < longer[1] and _overlaps((bounds[1], longer[1]), taken))


def _place_by_context(text: str, bounds: tuple[int, int], label: str) -> str:
    """GPE for a one-word name the text itself calls a place ("the village of Farrux", "the Lachin
    district", "forces in Stepanakert" for a name the model took for a person); else `label`."""
    if label not in ("PERSON", "ORG") or " " in text[bounds[0]:bounds[1]] or _POSSESSIVE_AFTER.match(text, bounds[1]):
        return label
    before = text[max(0, bounds[0] - 24):bounds[0]]
    if _PLACE_NOUN_BEFORE.search(before) or _PLACE_NOUN_AFTER.match(text, bounds[1]):
        return "GPE"
    return "GPE" if label == "PERSON" and _IN_BEFORE.search(before) else label


_PLACE_NOUN_BEFORE = re.compile(r"\b(?:city|town|village|region|province|district|capital) of\s+$")
_PLACE_NOUN_AFTER = re.compile(r"\s+(?:region|province|district|oblast|governorate|county|village)\b")
_IN_BEFORE = re.compile(r"(?:^|\s)(?:in|near|outside)\s+$")
_POSSESSIVE_AFTER = re.compile(r"['’]s\b")


def _in_byline(text: str, start: int, end: int) -> tuple[int, int]:
    """In a byline ("By Anna Smith and John Doe, Reuters"), a name ends at the next separator."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line = text[line_start:len(text) if line_end < 0 else line_end]
    if not _BYLINE.match(line) or len(line.split()) > 20:
        return start, end
    cut = _BYLINE_SEPARATOR.search(text, start, end)
    return (start, cut.start()) if cut else (start, end)


_BYLINE = re.compile(r"\s*(?:by|posted by|written by|reporting by|words by|text by)\b[:\s]", re.IGNORECASE)
_BYLINE_SEPARATOR = re.compile(r"\s*(?:,|;|\||·|•| and | - | – | — )")


def _without_title(text: str, start: int, end: int) -> tuple[int, int]:
    """A person's name without the title before it: "Mr Mubarak" -> "Mubarak", "President Lula" -> "Lula"."""
    titled = gazetteer.honorific_length(surface_key(text[start:end]))
    if not titled:
        return start, end
    for word in re.finditer(r"\S+", text[start:end]):
        titled -= len(surface_key(word.group()).split())
        if titled <= 0:
            rest = clean_span(text, start + word.end(), end)
            return rest if rest and text[rest[0]].isupper() else (start, end)
    return start, end


def _disjoint(regions: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Regions sorted and merged where they overlap or touch."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(regions):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _overlaps(bounds: tuple[int, int], regions: list[tuple[int, int]]) -> bool:
    """True if text[start:end] overlaps one of `regions` (disjoint, sorted)."""
    index = bisect_right(regions, (bounds[1],)) - 1
    return index >= 0 and regions[index][0] < bounds[1] and bounds[0] < regions[index][1]


# ---- headlines in title case ----------------------------------------------------------------


def title_case_lines(text: str) -> list[tuple[int, int]]:
    """Offsets of short lines written in title case ("Minister Resigns After Vote")."""
    found, position = [], 0
    for line in text.split("\n"):
        words = [w for w in _WORD.findall(line) if w.casefold() not in SMALL_WORDS]
        if 3 <= len(words) <= 20 and len(line) <= 160 and sum(w[0].isupper() for w in words) >= 0.8 * len(words):
            found.append((position, position + len(line)))
        position += len(line) + 1
    return found


def _cut_headline_names(text: str, mentions: list[CleanMention], lines: list[tuple[int, int]]) -> list[CleanMention]:
    """Cut multi-word names in title-case lines to the longest part the body uses as a name or a word of one."""
    if not lines:
        return mentions
    in_line = [_overlaps((m.start, m.end), lines) for m in mentions]
    body = {m.key for m, headline in zip(mentions, in_line) if not headline}
    body |= {word for key in body for word in key.split() if word not in SMALL_WORDS}  # "Smith" of "John Smith"
    kept = []
    for mention, headline in zip(mentions, in_line):
        if headline and " " in mention.key and mention.key not in body and mention.label not in VALUE_LABELS:
            mention = _known_part(text, mention, body)
        if mention is not None:
            kept.append(mention)
    return kept


def _known_part(text: str, mention: CleanMention, body: set[str]) -> CleanMention | None:
    """The longest run of the mention's words that the body names; the mention as it is if none."""
    words = [(m.start() + mention.start, m.end() + mention.start) for m in _WORD.finditer(mention.text)]
    for size in range(len(words) - 1, 0, -1):
        for i in range(len(words) - size + 1):
            start, end = words[i][0], words[i + size - 1][1]
            bounds = clean_span(text, start, end)
            if bounds and (key := surface_key(text[bounds[0]:bounds[1]])) in body:
                return CleanMention(bounds[0], bounds[1], text[bounds[0]:bounds[1]], mention.label, key)
    return mention


# ---- acronyms declared in the text ----------------------------------------------------------------


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
    words = HYPHENS.sub(" ", long_name).split()
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


def declared_aliases(text: str, spans: Iterable[tuple[int, int]]) -> list[tuple[str, str]]:
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
