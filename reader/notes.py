"""Anchoring notes to passages (W3C quote + prefix/suffix + offsets) and re-anchoring them."""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

PREFIX_CHARS = 32  # characters of context kept either side of a quote, as Hypothesis does

# ---- scoring ----------------------------------------------------------------------------
# A candidate passage is scored in [0, 1] as a weighted sum of four similarities:
#   quote     difflib ratio of the stored quote and the candidate text, on characters
#             (on words when the quote is longer than LONG_QUOTE_CHARS)    (weight 0.60)
#   prefix    stored prefix vs the text before the candidate: half difflib ratio, half the
#             share of characters that agree going outward from the quote (weight 0.15)
#   suffix    the same for the stored suffix and the text after it         (weight 0.15)
#   distance  1 / (1 + |new start - old start| / PROXIMITY_SCALE)           (weight 0.10)
# An exact occurrence of the quote has quote similarity 1, so it always beats an approximate
# one; among several exact occurrences context decides first, then nearness.
QUOTE_WEIGHT, PREFIX_WEIGHT, SUFFIX_WEIGHT, DISTANCE_WEIGHT = 0.60, 0.15, 0.15, 0.10
PROXIMITY_SCALE = 500  # characters: a candidate this far from the old offset gets half the distance score
NEAR_CHARS = 1000  # an exact match within this distance of the old offset is reported "exact-near"
LONG_QUOTE_CHARS = 120  # longer quotes are compared word by word (difflib on characters is quadratic)

# An approximate match is accepted only if the candidate text is at least this similar to the
# quote (one changed word in a sentence stays well above; a different sentence falls below) ...
MIN_QUOTE_SIMILARITY = 0.75
# ... and its whole score reaches this (so a fair quote with lost context and far away fails).
MIN_FUZZY_SCORE = 0.65
# Short quotes match by chance: below this length an approximate match also needs its
# context (mean of prefix and suffix similarity) to agree at least this much.
SHORT_QUOTE_CHARS = 20
MIN_SHORT_QUOTE_CONTEXT = 0.6

# ---- search bounds (what keeps re-anchoring fast on long documents) ---------------------------
MAX_EXACT_OCCURRENCES = 500  # exact occurrences scored, nearest to the old offset first
ANCHOR_WORDS = 8  # rarest quote words whose occurrences vote for candidate windows
MAX_WORD_OCCURRENCES = 60  # a word more frequent than this in the new text seeds nothing
MAX_CANDIDATES = 24  # candidate windows compared with difflib, at most
CONTEXT_PROBE_CHARS = 12  # end of prefix / start of suffix looked up to seed candidates

_WORD = re.compile(r"\w+")
_TOKEN = re.compile(r"\w+|[^\w\s]")


@dataclass(frozen=True)
class Selector:
    """What is stored to find a passage again: W3C TextQuoteSelector + TextPositionSelector."""

    exact: str
    prefix: str
    suffix: str
    start: int
    end: int


@dataclass(frozen=True)
class Anchor:
    """Where a selector was found in a new text, how well, and how ("exact-near"|"exact"|"fuzzy")."""

    start: int
    end: int
    score: float
    method: str


def make_selector(text: str, start: int, end: int) -> Selector:
    """The selector of text[start:end]: the quote, PREFIX_CHARS either side, and the offsets."""
    if not 0 <= start < end <= len(text):
        raise ValueError(f"selection {start}..{end} is not inside a text of {len(text)} characters")
    return Selector(
        exact=text[start:end],
        prefix=text[max(0, start - PREFIX_CHARS):start],
        suffix=text[end:end + PREFIX_CHARS],
        start=start,
        end=end,
    )


_PAIRS = {")": "(", "]": "[", "}": "{", "”": "“", "’": "‘", "»": "«", '"': '"', "'": "'"}


def passage_bounds(text: str, start: int, end: int) -> tuple[int, int] | None:
    """What a selection of text[start:end] notes: whole words (a selection beginning or ending inside
    a word takes all of it), without whitespace or punctuation at its edges, except a closing mark
    whose opening one is inside ("(CSTO)", "“peace”") and an abbreviation's point ("U.S.").
    None when nothing but whitespace and punctuation is selected."""
    start, end = _snap_start(text, max(0, start)), _snap_end(text, min(len(text), end))
    while start < end and _edge(text[start]) and not _kept_opening(text, start, end):
        start += 1
    while end > start and _edge(text[end - 1]) and not _kept_closing(text, start, end):
        end -= 1
    return (start, end) if start < end else None


def _edge(char: str) -> bool:
    return char.isspace() or unicodedata.category(char).startswith(("P", "Z"))


def _kept_opening(text: str, start: int, end: int) -> bool:
    closing = [c for c, o in _PAIRS.items() if o == text[start]]
    return bool(closing) and closing[0] in text[start + 1:end].rstrip()


def _kept_closing(text: str, start: int, end: int) -> bool:
    last = text[end - 1]
    if last == "." and end - start >= 2 and text[end - 2].isalpha() and (end - start == 2 or text[end - 3] == "."):
        return text[start:end - 1].count(".") >= 1  # "U.S." keeps its point; "said." does not
    opening = _PAIRS.get(last)
    if opening is None:
        return False
    inside = text[start:end - 1]
    return (inside.count(opening) > inside.count(last)) if opening != last else inside.count(last) % 2 == 1


def find_quote(text: str, quote: str) -> tuple[int, int] | None:
    """Offsets of the first occurrence of `quote`, tolerating differences in whitespace."""
    quote = quote.strip()
    if not quote:
        return None
    at = text.find(quote)
    if at >= 0:
        return at, at + len(quote)
    pattern = r"\s+".join(re.escape(part) for part in quote.split())
    match = re.search(pattern, text)
    return (match.start(), match.end()) if match else None


def reanchor(selector: Selector, new_text: str) -> Anchor | None:
    """Find a selector's passage in a changed text; None when no match is good enough.

    Tries the exact quote (nearest the old offset wins when context ties), then an
    approximate match in candidate windows seeded by rare words of the quote and by the
    prefix and suffix, scored as described at the top of this module.
    """
    if not selector.exact or not new_text:
        return None
    exact = _exact(selector, new_text)
    if exact is not None:
        return exact
    return _fuzzy(selector, new_text)


def _exact(selector: Selector, text: str) -> Anchor | None:
    length = len(selector.exact)
    positions, at = [], text.find(selector.exact)
    while at >= 0:
        positions.append(at)
        at = text.find(selector.exact, at + 1)
    if not positions:
        return None
    positions.sort(key=lambda p: abs(p - selector.start))
    best = max(positions[:MAX_EXACT_OCCURRENCES],
               key=lambda p: (_score(selector, text, p, p + length, 1.0), -abs(p - selector.start)))
    method = "exact-near" if abs(best - selector.start) <= NEAR_CHARS else "exact"
    return Anchor(best, best + length, round(_score(selector, text, best, best + length, 1.0), 4), method)


def _fuzzy(selector: Selector, text: str) -> Anchor | None:
    quote = selector.exact
    best: tuple[float, int, int] | None = None
    for expected in _candidate_starts(selector, text):
        for start, end in _align(quote, text, expected):
            similarity = _similarity(quote, text[start:end])
            if similarity < MIN_QUOTE_SIMILARITY:
                continue
            score = _score(selector, text, start, end, similarity)
            if len(quote) < SHORT_QUOTE_CHARS and _context(selector, text, start, end) < MIN_SHORT_QUOTE_CONTEXT:
                continue
            if best is None or score > best[0]:
                best = (score, start, end)
    if best is None or best[0] < MIN_FUZZY_SCORE:
        return None
    return Anchor(best[1], best[2], round(best[0], 4), "fuzzy")


def _candidate_starts(selector: Selector, text: str) -> list[int]:
    """Likely start offsets of the passage in `text`, most promising first, deduplicated.

    The old offset and the places the prefix / suffix point at come first; then every
    occurrence of a rare quote word votes for the start it implies, and the starts on
    which most words agree are kept (at most MAX_CANDIDATES in all).
    """
    quote = selector.exact
    bucket = max(8, len(quote) // 4)
    starts = [min(selector.start, max(0, len(text) - len(quote))), *_context_hits(selector, text)]
    votes: Counter[int] = Counter()
    where: dict[int, int] = {}
    for word, offset in _anchor_words(quote, text):
        voted = set()
        for match in re.finditer(r"\b" + re.escape(word) + r"\b", text, re.IGNORECASE):
            start = max(0, match.start() - offset)
            key = start // bucket
            if key not in voted:
                voted.add(key)
                votes[key] += 1
                where.setdefault(key, start)
    ranked = sorted(votes, key=lambda k: (-(2 * votes[k] + votes[k - 1] + votes[k + 1]), k))
    starts += [where[k] for k in ranked]
    seen, unique = set(), []
    for start in starts:
        if start // bucket not in seen:
            seen.add(start // bucket)
            unique.append(start)
    return unique[:MAX_CANDIDATES]


def _anchor_words(quote: str, text: str) -> list[tuple[str, int]]:
    """(word, its offset in the quote) for the quote's rarest words in `text`, and its first and last."""
    words = [(m.group().lower(), m.start()) for m in _WORD.finditer(quote)]
    if not words:
        return []
    counts = Counter(_WORD.findall(text.lower()))
    first_at: dict[str, int] = {}
    for word, at in words:
        first_at.setdefault(word, at)
    present = [w for w in first_at if 0 < counts[w] <= MAX_WORD_OCCURRENCES]
    chosen = sorted(present, key=lambda w: (counts[w], -len(w)))[:ANCHOR_WORDS]
    out = [(w, first_at[w]) for w in chosen]
    for word, at in (words[0], words[-1]):
        if word in present and (word, at) not in out:
            out.append((word, at))  # the last word aligns the passage's end too
    return out


def _context_hits(selector: Selector, text: str) -> list[int]:
    """Starts implied by the end of the prefix and by the start of the suffix, where found once or so."""
    out = []
    probe = selector.prefix[-CONTEXT_PROBE_CHARS:]
    if len(probe.strip()) >= 4 and text.count(probe) <= MAX_WORD_OCCURRENCES:
        out.extend(m.end() for m in re.finditer(re.escape(probe), text))
    probe = selector.suffix[:CONTEXT_PROBE_CHARS]
    if len(probe.strip()) >= 4 and text.count(probe) <= MAX_WORD_OCCURRENCES:
        out.extend(m.start() - len(selector.exact) for m in re.finditer(re.escape(probe), text))
    return out


def _align(quote: str, text: str, expected: int) -> list[tuple[int, int]]:
    """Spans in a window around `expected` that line up with the quote (by difflib blocks)."""
    slack = max(PREFIX_CHARS, len(quote) // 3)
    low = max(0, expected - slack)
    high = min(len(text), expected + len(quote) + slack)
    window = text[low:high]
    if len(quote) > LONG_QUOTE_CHARS:
        matches = list(_TOKEN.finditer(window))
        a, b = _TOKEN.findall(quote), [m.group() for m in matches]
        spans = [(m.start(), m.end()) for m in matches]
    else:
        a, b, spans = quote, window, [(i, i + 1) for i in range(len(window))]
    if not a or not b:
        return []
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    # a passage of `a` at least MIN_QUOTE_SIMILARITY alike inside `b` bounds this ratio from below
    if matcher.quick_ratio() < 0.9 * MIN_QUOTE_SIMILARITY * 2 * len(a) / (len(a) + len(b)):
        return []
    blocks = [k for k in matcher.get_matching_blocks() if k.size >= min(3, len(a))]
    if not blocks:
        return []
    first, last = blocks[0], blocks[-1]
    first_unit = min(len(b) - 1, max(0, first.b - first.a))
    last_unit = min(len(b), last.b + last.size + (len(a) - last.a - last.size)) - 1
    if last_unit < first_unit:
        return []
    start, end = low + spans[first_unit][0], low + spans[last_unit][1]
    found = [(start, end)]
    snapped = (_snap_start(text, start), _snap_end(text, end))
    if snapped != (start, end):
        found.append(snapped)
    return found


def _snap_start(text: str, start: int) -> int:
    while 0 < start < len(text) and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    return start


def _snap_end(text: str, end: int) -> int:
    while 0 < end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    return end


def _score(selector: Selector, text: str, start: int, end: int, similarity: float) -> float:
    prefix, suffix = _context_parts(selector, text, start, end)
    distance = 1 / (1 + abs(start - selector.start) / PROXIMITY_SCALE)
    return (QUOTE_WEIGHT * similarity + PREFIX_WEIGHT * prefix + SUFFIX_WEIGHT * suffix
            + DISTANCE_WEIGHT * distance)


def _context(selector: Selector, text: str, start: int, end: int) -> float:
    prefix, suffix = _context_parts(selector, text, start, end)
    return (prefix + suffix) / 2


def _context_parts(selector: Selector, text: str, start: int, end: int) -> tuple[float, float]:
    """Prefix and suffix similarity: half difflib ratio, half the share of characters that agree
    outward from the quote without a break (the characters nearest the quote count most)."""
    before = text[max(0, start - len(selector.prefix)):start]
    after = text[end:end + len(selector.suffix)]
    prefix_run = _common_run(selector.prefix[::-1], before[::-1])
    suffix_run = _common_run(selector.suffix, after)
    prefix = (_ratio(selector.prefix, before) + (prefix_run / len(selector.prefix) if selector.prefix else
                                                   float(not before))) / 2
    suffix = (_ratio(selector.suffix, after) + (suffix_run / len(selector.suffix) if selector.suffix else
                                                  float(not after))) / 2
    return prefix, suffix


def _common_run(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _similarity(quote: str, candidate: str) -> float:
    """difflib ratio of quote and candidate, on characters, or on words for a long quote."""
    if len(quote) > LONG_QUOTE_CHARS:
        return _ratio(_TOKEN.findall(quote), _TOKEN.findall(candidate))
    return _ratio(quote, candidate)


def _ratio(a: str | list[str], b: str | list[str]) -> float:
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()
