"""Name surfaces as text: folding, the clean span of a name, its linking key, initials and acronyms."""
from __future__ import annotations

import re
import unicodedata

# Words that do not give a letter to an acronym.
SMALL_WORDS = frozenset(
    "of and for the de del della der des di du da la le les in on at to a an y et und fur für van von".split()
)

_QUOTES = "\"'`´“”„‟«»‹›‘’‚‛′″"
EDGE_PUNCT = ".,;:!?*•·…|/\\_-–—‐‑‒―~<>" + _QUOTES
_DETERMINER_WORDS = ("the", "The", "THE", "a", "an")
_DETERMINER = re.compile(r"(?:the|The|THE|a|an)\s+")
_POSSESSIVE = re.compile(r"(?<=\w)\s?['’][sS]$")  # also tokenised text: "Mandela 's"
_KEEP_FINAL_DOT = re.compile(r"(?:(?:^|[.\s])\w\.|\b(?:Inc|Corp|Co|Ltd|Jr|Sr|St|Bros)\.)$")
_OPEN, _CLOSE = "([{", ")]}"
_BRACKETS = re.compile(r"[()\[\]{}]")
HYPHENS = re.compile(r"[-‐‑‒–—―−]+")
_DOTTED = re.compile(r"^(?:\w\.)+\w?\.?$")
# Letters that NFKD does not decompose, folded as in usual transliteration (Bakı -> baki, Əliyev -> aliyev).
FOLD_MAP = str.maketrans({"ı": "i", "ə": "a", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae",
                           "œ": "oe", "ß": "ss"})
_QUOTE_MAP = str.maketrans({**{q: "'" for q in "‘’‚‛′`´"}, **{q: '"' for q in "“”„‟«»‹›″"}})


def fold(text: str) -> str:
    """Text as keys compare it: casefolded, diacritics removed, Ə/ı/ø... transliterated."""
    text = text.casefold()
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).translate(FOLD_MAP)


def clean_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Offsets of the clean surface inside text[start:end], or None if no letter or digit remains."""
    s, e = max(0, start), min(len(text), end)
    while True:
        before = (s, e)
        s, e = _cut_at_break(text, s, e)
        while s < e and (text[s].isspace() or text[s] in EDGE_PUNCT):
            s += 1
        while s < e and (text[e - 1].isspace() or text[e - 1] in EDGE_PUNCT):
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


def clean_surface(surface: str) -> str:
    """The clean part of a surface ("the “Caucasian Knot" -> "Caucasian Knot"); the surface if none."""
    span = clean_span(surface, 0, len(surface))
    return surface[span[0]:span[1]] if span else surface


def surface_key(surface: str) -> str:
    """The linking key of a surface: normalised, casefolded, diacritics folded; "" if nothing is left."""
    text = unicodedata.normalize("NFKC", surface).translate(_QUOTE_MAP)
    span = clean_span(text, 0, len(text))
    if span is None:
        return ""
    text = fold(HYPHENS.sub(" ", text[span[0]:span[1]]))
    return " ".join(w.replace(".", "") if _DOTTED.match(w) else w for w in text.split())


def initials(name: str) -> str:
    """Upper-case initials of the capitalised words of a name, small words skipped."""
    letters = []
    for word in HYPHENS.sub(" ", name).split():
        word = word.strip(EDGE_PUNCT + "()[]")
        if word and word[0].isupper() and word.casefold() not in SMALL_WORDS:
            letters.append(word[0])
    return "".join(letters)


def key_initials(key: str) -> str:
    """Initials of a multi-word key, small words skipped ("european union" -> "EU"); "" for one word."""
    words = [w for w in key.split() if w not in SMALL_WORDS and w[:1].isalpha()]
    return "".join(w[0] for w in words).upper() if len(words) >= 2 else ""


def acronym_letters(surface: str) -> str:
    """The letters of an all-caps acronym ("CSTO", "U.S."), or "" if the surface is not one."""
    if " " in surface.strip():
        return ""
    letters = "".join(ch for ch in surface if ch.isalpha())
    if 2 <= len(letters) <= 6 and letters.isupper() and all(ch.isalpha() or ch in ".&" for ch in surface.strip()):
        return letters
    return ""
