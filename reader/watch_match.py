"""Finding watched names in text: folding, loose candidates from the search index's words, exact offsets (pure)."""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import permutations, product

from rapidfuzz import fuzz, process

from reader.surfaces import FOLD_MAP  # the letters linking keys fold beyond diacritics (ə -> a, ı -> i)

WORD = re.compile(r"[^\W_]+")
# What may stand between two words of one name: spaces, a hyphen, a dot after an initial.
_GAP = re.compile(r"\.?[ \t\u00a0]*(?:[-‐‑–][ \t\u00a0]*)?")
MIN_FUZZY_LETTERS = 5  # shorter words match only letter for letter (after folding)
_MAX_PHRASES = 32  # FTS alternatives per name before falling back to a looser query


@dataclass(frozen=True)
class MatchOptions:
    """How loosely a watched name matches; each can be tightened per list or per name."""

    ignore_case: bool = True
    fold_diacritics: bool = True  # "Türkiye" finds "Turkiye"
    fold_letters: bool = True  # transliteration letters as linking keys fold them: "Əliyev" finds "Aliyev"
    any_order: bool = True  # "Aliyev Ilham" finds "Ilham Aliyev"
    similarity: int = 90  # least rapidfuzz ratio of each word, 0-100; 100 = the same letters once folded

    @classmethod
    def from_dict(cls, values: dict) -> MatchOptions:
        known = {k: v for k, v in values.items() if k in cls.__dataclass_fields__}
        return cls(**known)


@dataclass(frozen=True)
class Pattern:
    """A watched name ready to match: its spellings (the name and its aliases) split into words."""

    name_id: int
    variants: tuple[tuple[str, ...], ...]
    options: MatchOptions


@dataclass(frozen=True)
class Found:
    name_id: int
    start: int
    end: int
    text: str


def _text_fold_table() -> dict[int, str]:
    """One character for one character: Latin letters with diacritics and transliteration letters to plain."""
    table: dict[int, str] = {}
    for code in list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)):
        ch = chr(code)
        base = unicodedata.normalize("NFKD", ch)
        if len(base) > 1 and base[0].isascii() and base[0].isalpha() and all(unicodedata.combining(c) for c in base[1:]):
            table[code] = base[0]
    for code, plain in FOLD_MAP.items():
        if isinstance(plain, str) and len(plain) == 1:
            table[code] = plain
            upper = chr(code).upper()
            if len(upper) == 1 and upper != chr(code):
                table[ord(upper)] = plain.upper()
    return table


_TEXT_FOLD = _text_fold_table()


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _fold_run(match: re.Match) -> str:
    return match.group().translate(_TEXT_FOLD)


def fold_text(text: str) -> str:
    """The text lower-cased with diacritics and transliteration letters folded, offsets unchanged."""
    folded = (text if text.isascii() else _NON_ASCII.sub(_fold_run, text)).lower()
    if len(folded) != len(text):  # a rare letter whose lower case is longer
        folded = "".join(ch.translate(_TEXT_FOLD).lower()[:1] or ch for ch in text)
    return folded


def loose(word: str) -> str:
    """The loosest form of a word: how candidates are found before a name's own options are checked."""
    return fold_text(unicodedata.normalize("NFC", word))


@lru_cache(maxsize=65536)
def fold_word(word: str, options: MatchOptions) -> str:
    """A word as a name's options compare it."""
    word = unicodedata.normalize("NFC", word)
    if options.fold_letters:
        word = "".join(_fold_letter(ch) for ch in word)
    if options.fold_diacritics:
        word = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
        word = unicodedata.normalize("NFC", word)
    return word.casefold() if options.ignore_case else word


def _fold_letter(ch: str) -> str:
    plain = ch.lower().translate(FOLD_MAP)
    if plain == ch.lower():
        return ch
    return plain.upper() if ch.isupper() else plain


def words_of(name: str) -> tuple[str, ...]:
    return tuple(WORD.findall(name))


def _alike(a: str, b: str, similarity: int) -> bool:
    if a == b:
        return True
    if similarity >= 100 or min(len(a), len(b)) < MIN_FUZZY_LETTERS:
        return False
    return fuzz.ratio(a, b) >= similarity


# ---- candidates: which words of the library each watched word may be -----------------------

class Vocabulary:
    """The library's words (from its search index), by loose form, to expand watched words into."""

    def __init__(self, terms: Iterable[str]) -> None:
        self.terms: dict[str, set[str]] = defaultdict(set)  # loose form -> index terms
        for term in terms:
            self.terms[loose(term)].add(term)
        self._by_length: dict[int, list[str]] = defaultdict(list)
        for form in self.terms:
            self._by_length[len(form)].append(form)

    def expand(self, patterns: Iterable[Pattern]) -> dict[tuple[str, int], set[str]]:
        """(loose word, similarity) -> the loose forms of the library's words it may be."""
        wanted = {(loose(word), p.options.similarity) for p in patterns for variant in p.variants for word in variant}
        accepted = {(word, similarity): {word} for word, similarity in wanted}
        fuzzy: dict[tuple[int, int], list[str]] = defaultdict(list)
        for word, similarity in wanted:
            if similarity < 100 and len(word) >= MIN_FUZZY_LETTERS:
                fuzzy[(len(word), similarity)].append(word)
        for (length, similarity), words in fuzzy.items():
            slack = int(length * (100 - similarity) / similarity) + 1
            forms = [f for n in range(max(MIN_FUZZY_LETTERS, length - slack), length + slack + 1)
                     for f in self._by_length.get(n, ())]
            if not forms:
                continue
            scores = process.cdist(words, forms, scorer=fuzz.ratio, score_cutoff=similarity, workers=-1)
            for i, j in zip(*scores.nonzero()):
                accepted[(words[i], similarity)].add(forms[j])
        return accepted

    def search_queries(self, pattern: Pattern, accepted: dict[tuple[str, int], set[str]]) -> list[str]:
        """Full-text queries (FTS5) that find every document where the pattern may occur."""
        queries = []
        for variant in pattern.variants:
            groups = []
            for word in variant:
                forms = accepted[(loose(word), pattern.options.similarity)]
                groups.append(sorted({t for f in forms for t in self.terms.get(f, ())}))
            if not groups or any(not g for g in groups):
                continue  # a word that no document has
            combos = 1
            for g in groups:
                combos *= len(g)
            if len(groups) == 1:
                queries.append(" OR ".join(_quote(t) for t in groups[0]))
            elif combos <= _MAX_PHRASES:
                if pattern.options.any_order:
                    queries.append(" OR ".join(f"NEAR({' '.join(map(_quote, c))}, 0)" for c in product(*groups)))
                else:
                    queries.append(" OR ".join(_quote(" ".join(c)) for c in product(*groups)))
            else:
                queries.append(" AND ".join("(" + " OR ".join(map(_quote, g)) + ")" for g in groups))
        return queries


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


# ---- locating: exact offsets in one document -----------------------------------------------

class Matcher:
    """Watched names with their accepted word forms; finds them in documents."""

    def __init__(self, patterns: Iterable[Pattern], accepted: dict[tuple[str, int], set[str]]) -> None:
        self.patterns = {p.name_id: p for p in patterns}
        self._forms: dict[int, list[list[set[str]]]] = {}
        self._index: dict[str, set[int]] = defaultdict(set)  # loose word form -> name ids
        for p in self.patterns.values():
            forms = [[accepted.get((loose(w), p.options.similarity), {loose(w)}) for w in variant]
                     for variant in p.variants]
            self._forms[p.name_id] = forms
            for variant in forms:
                for word_forms in variant:
                    for form in word_forms:
                        self._index[form].add(p.name_id)

    def candidates(self, folded: str) -> set[int]:
        """Names some of whose words occur in a folded text (a quick filter before `find`)."""
        found: set[int] = set()
        for word in set(WORD.findall(folded)):
            found |= self._index.get(word, set())
        return found

    def find(self, text: str, folded: str, name_ids: Iterable[int]) -> list[Found]:
        """Every occurrence of these names in `text` (whose `fold_text` is `folded`), longest first."""
        out: list[Found] = []
        for name_id in name_ids:
            pattern = self.patterns.get(name_id)
            if pattern is None:
                continue
            spans: dict[int, int] = {}
            for variant, forms in zip(pattern.variants, self._forms[name_id]):
                for start, end in _runs(folded, forms, pattern.options.any_order):
                    if _verified(text, start, end, variant, pattern.options) and spans.get(start, -1) < end:
                        spans[start] = end
            last_end = -1
            for start in sorted(spans):
                if start >= last_end:  # overlapping spellings of one name: keep the first, longest
                    out.append(Found(name_id, start, spans[start], text[start:spans[start]]))
                    last_end = spans[start]
        return out


def _occurrences(folded: str, form: str) -> Iterable[tuple[int, int]]:
    at = folded.find(form)
    while at >= 0:
        end = at + len(form)
        if (at == 0 or not _is_word_char(folded[at - 1])) and (end == len(folded) or not _is_word_char(folded[end])):
            yield at, end
        at = folded.find(form, at + 1)


def _is_word_char(ch: str) -> bool:
    return ch.isalnum()


def _runs(folded: str, forms: list[set[str]], any_order: bool) -> Iterable[tuple[int, int]]:
    """Spans of consecutive words of `folded` that are the variant's words (in order, or in any)."""
    size = len(forms)
    firsts = forms if any_order else forms[:1]
    starts = sorted({at for word_forms in firsts for form in word_forms for at in _occurrences(folded, form)})
    for start, end in starts:
        words = [folded[start:end]]
        position = end
        while len(words) < size:
            gap = _GAP.match(folded, position)
            following = WORD.match(folded, gap.end()) if gap.group().strip(".") else None
            if following is None:
                break
            words.append(following.group())
            position = following.end()
        if len(words) == size and _fits(words, forms, any_order):
            yield start, position


def _fits(words: list[str], forms: list[set[str]], any_order: bool) -> bool:
    if not any_order or len(words) == 1:
        return all(w in f for w, f in zip(words, forms))
    orders = permutations(range(len(words))) if len(words) <= 4 else (range(len(words)), range(len(words))[::-1])
    return any(all(words[i] in forms[j] for i, j in zip(order, range(len(words)))) for order in orders)


def _verified(text: str, start: int, end: int, variant: tuple[str, ...], options: MatchOptions) -> bool:
    """The loose candidate checked against the name's own options (case, diacritics, letters, similarity)."""
    found = [fold_word(w, options) for w in WORD.findall(text[start:end])]
    wanted = [fold_word(w, options) for w in variant]
    if len(found) != len(wanted):
        return False
    if not options.any_order or len(found) == 1:
        return all(_alike(a, b, options.similarity) for a, b in zip(found, wanted))
    orders = permutations(range(len(found))) if len(found) <= 4 else (range(len(found)), range(len(found))[::-1])
    return any(all(_alike(found[i], wanted[j], options.similarity) for i, j in zip(order, range(len(found))))
               for order in orders)
