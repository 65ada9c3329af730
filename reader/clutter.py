"""Page clutter in saved article text (comment forms, cookie notices, toolbars...), and the headline.

Clutter is found line by line and returned as regions of the text (offsets unchanged): it is stored,
shown dimmed, and left out of the analysis. The headline is never clutter, and the title comes from it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from reader.dates import line_date as is_date_line

_TOP_LINES, _TOP_CHARS = 30, 4000  # where a title is looked for
_TITLE_MAX, _SENTENCE_MAX = 120, 90
_LONG = 30  # words: a line this long is a paragraph of the article unless it says otherwise


@dataclass(frozen=True)
class Region:
    """A stretch of a document's text: text[start:end] is clutter of this kind."""

    start: int
    end: int
    kind: str  # "comments", "cookies", "toolbar", "share", "copyright", "address", "navigation",
    #            "appeal", "repeat"


def _pattern(*alternatives: str) -> re.Pattern[str]:
    return re.compile("|".join(alternatives), re.IGNORECASE)


# What a line says that makes it clutter, by kind. Short lines only, unless noted in _ANYWHERE.
_LINE_RULES: dict[str, re.Pattern[str]] = {
    "comments": _pattern(
        r"you have commented \d+ times?", r"comments? (?:are|is|have been|has been) (?:closed|disabled)",
        r"leave a (?:comment|reply)", r"(?:post|add|write) a comment", r"^\d+ comments?$", r"^comments?:?$",
        r"^your (?:name|e-?mail|website|comment|nick(?:name)?)\b", r"^(?:name|e-?mail|website)\s*(?:\(\w+\)|\*)?:?$",
        r"you must be logged in", r"log ?in to (?:comment|reply)", r"notify me of (?:new|follow-up)",
        r"^(?:reply|report|like|comment|post comment)$", r"comment policy",
        r"\d+ (?:thoughts|comments|responses|replies) on\b", r"required fields are marked",
        r"e-?mail address will not be published", r"save my name, e-?mail"),
    "cookies": _pattern(
        r"\bcookies?\b.*\b(?:polic(?:y|ies)|consent|accept|settings|preferences)\b", r"\bwe use cookies\b",
        r"\bprivacy (?:policy|notice|statement|settings)\b", r"^privacy$", r"terms (?:of|and) (?:use|service|conditions)"),
    "copyright": _pattern(
        r"^(?:copyright|©|\(c\))", r"©\s*\d{4}", r"\(c\)\s*\d{4}", r"copyright\s*(?:©\s*)?\d{4}", r"all rights reserved",
        r"when (?:referencing|quoting|using) our materials", r"\breprint(?:ed|ing)?\b.*\bpermission\b",
        r"written permission", r"active hyperlink", r"licen[cs]ed under", r"creative commons", r"\bCC[ -]BY\b",
        r"text is available under", r"this page was last edited", r"^retrieved from\b"),
    "share": _pattern(r"^share(?: this| on| via|:|$)", r"^(?:tweet|print|e-?mail this)$", r"^click to (?:share|print|email)"),
    "navigation": _pattern(
        r"^related(?: posts?| articles?| stories| news| content)?:?$", r"^read (?:more|also|next)\b.{0,40}$",
        r"^see also:?$", r"^more (?:from|on|in|stories)\b.{0,40}$", r"^(?:most (?:read|popular|viewed)|trending|recommended)\b.{0,30}$",
        r"^tags?:", r"^filed under", r"^posted (?:by|in)\b", r"^(?:previous|next) (?:article|post|story)\b",
        r"^skip to (?:content|main)", r"^(?:home|menu|search|newsletter|contact us|about us)$",
        r"^(?:[\w’'-]+(?: [\w’'-]+){0,3} ?/ ?){2,}[\w’'-]+(?: [\w’'-]+){0,3}$",
        r"^[\w’' -]{1,30} [»›▸>] ", r"^categories:", r"print this page", r"close window", r"listen to this article",
        r"\b\d+ min(?:ute)?s? read\b", r"view in (?:your )?browser", r"^powered by\b", r"^follow us\b"),
    "e-mail": _pattern(
        r"^from:\s*\S+@", r"^subject:", r"you saved this article", r"you are receiving this (?:e-?mail|message)",
        r"\bunsubscribe\b", r"manage (?:your )?preferences", r"^original link:"),
    "appeal": _pattern(
        r"\bsubscribe\b", r"\bnewsletter\b", r"\bsign (?:up|in)\b", r"\blog ?in\b", r"\bdonat(?:e|ion|ing)\b",
        r"become a (?:patron|subscriber|supporter)", r"support (?:us|our (?:work|journalism|reporting))",
        r"\bcontribute to\b", r"get (?:full|unlimited) access", r"already a (?:subscriber|member)", r"\bpaywall\b",
        r"join our community", r"advertisement", r"^advertise$", r"^sponsored\b", r"to suggest a correction",
        r"press ctrl ?\+ ?enter",
        r"leave your suggestions"),
}
_ANYWHERE = {"appeal": 2, "copyright": 2}  # a paragraph of any length is clutter when it says so in two ways
# Navigation headings whose block (the lines right under them) is navigation too.
_HEADING = re.compile(r"^(?:related|read (?:more|also)|see also|more (?:from|on|stories)|tags?|most read|trending)\b",
                      re.IGNORECASE)
_TOOLBAR_WORDS = frozenset(
    "bold italic underline strike strikethrough bullet bullets blockquote quote link unlink image code undo redo "
    "font size colour color align indent outdent emoji smiley photo foto spoiler list numbered heading".split())
_SHARE_WORDS = frozenset(
    "share tweet email e-mail print facebook twitter x whatsapp telegram linkedin reddit pinterest vk viber "
    "messenger pocket flipboard copy link save comments comment".split())
_MENU_SEPARATOR = re.compile(r"\s[|·•▸›»]\s|^[•·]\s")
_ADDRESS = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\[email[\s\xa0]*protected\]",
                      re.IGNORECASE)
_WORD = re.compile(r"[^\W_][\w'’-]*")


def find_clutter(text: str) -> list[Region]:
    """Regions of page clutter in `text`, in order; the headline is never one."""
    lines = _lines(text)
    kinds: list[str | None] = [_line_kind(line) for _, _, line in lines]
    _mark_repeats(lines, kinds)
    top = _headline_index(lines, kinds)
    _mark_blocks(lines, kinds, top)
    if top is not None:
        kinds[top] = None
    regions = [Region(start, end, kind) for (start, end, _), kind in zip(lines, kinds) if kind]
    return _merge(text, regions)


def headline(text: str) -> tuple[int, int] | None:
    """Offsets of the article's headline line, if it has one."""
    lines = _lines(text)
    kinds = [_line_kind(line) for _, _, line in lines]
    _mark_repeats(lines, kinds)
    index = _headline_index(lines, kinds)
    return None if index is None else lines[index][:2]


def title(text: str, markdown: bool = False) -> str | None:
    """The article's title: a Markdown heading, its headline, else the opening of its first paragraph."""
    if markdown and (heading := re.search(r"^#[ \t]+(.+?)[ \t#]*$", text, re.MULTILINE)):
        return heading.group(1)
    found = headline(text)
    if found:
        return text[found[0]:found[1]].strip()
    clutter = find_clutter(text[:_TOP_CHARS])
    for start, end, line in _lines(text[:_TOP_CHARS])[:_TOP_LINES]:
        if len(line.split()) >= 3 and not any(r.start <= start < r.end for r in clutter) and not is_date_line(line):
            sentence = re.match(r".+?[.!?](?=\s|$)", line)
            return shorten((sentence.group(0) if sentence else line).rstrip("."), _SENTENCE_MAX)
    return None


def mask(text: str, regions: list[Region]) -> str:
    """The text with its clutter blanked out (line breaks kept): same length, same offsets."""
    if not regions:
        return text
    pieces, position = [], 0
    for region in regions:
        pieces.append(text[position:region.start])
        pieces.append(re.sub(r"[^\n]", " ", text[region.start:region.end]))
        position = region.end
    pieces.append(text[position:])
    return "".join(pieces)


def shorten(text: str, limit: int = _TITLE_MAX) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,;:-–—") + "…"


# ---- lines ----------------------------------------------------------------------------------------


def _lines(text: str) -> list[tuple[int, int, str]]:
    """(start, end, stripped line) of every line with a letter or digit; offsets of the stripped line."""
    found, position = [], 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if any(ch.isalnum() for ch in stripped):
            start = position + (len(raw) - len(raw.lstrip()))
            found.append((start, start + len(stripped), stripped))
        position += len(raw) + 1
    return found


def _line_kind(line: str) -> str | None:
    words = _WORD.findall(line)
    short = len(words) <= 25
    for kind, rule in _LINE_RULES.items():
        hits = len({hit.casefold() for hit in rule.findall(line)})
        if hits and (short or hits >= _ANYWHERE.get(kind, 99)):
            return kind
    lowered = [w.casefold() for w in words]
    if short and sum(w in _TOOLBAR_WORDS for w in lowered) >= 3:
        return "toolbar"
    if len(lowered) <= 12 and sum(w in _SHARE_WORDS for w in lowered) >= max(2, 0.6 * len(lowered)):
        return "share"
    if sum(len(m.group(0)) for m in _ADDRESS.finditer(line)) >= 0.6 * len(line) or _is_menu(line):
        return "address" if _ADDRESS.search(line) else "navigation"
    return None


def _is_menu(line: str) -> bool:
    """A row of short links: "Home | World | Politics", "Brexit · Oscars · Weather", "About  Archive  Contact"."""
    pieces = [p.strip() for p in _MENU_SEPARATOR.split(line) if p.strip()]
    if len(pieces) >= 3 and all(len(p.split()) <= 3 for p in pieces[1:]):
        return True
    chunks = [c for c in re.split(r"\s{2,}", line) if c]
    return (2 <= len(chunks) and len(line.split()) <= 8 and not re.search(r"[.!?,;]", line)
            and all(c[:1].isupper() and len(c.split()) <= 3 for c in chunks))


def _mark_repeats(lines: list[tuple[int, int, str]], kinds: list[str | None]) -> None:
    """A line of three words or more printed again is clutter but for one copy: the last one above
    the article's first paragraph (the page header comes first), else the first. A copy dressed
    with a site name or a section ("Headline | Site", "Sport › Headline") is clutter too."""
    normal = [" ".join(line.split()).casefold() for _, _, line in lines]
    body = _first_paragraph(lines, kinds)
    copies: dict[str, list[int]] = {}
    for i, text in enumerate(normal):
        if len(text.split()) >= 3:
            copies.setdefault(text, []).append(i)
    for text, found in copies.items():
        if len(found) > 1:
            above = [i for i in found if i < body]
            keep = above[-1] if above else found[0]
            for i in found:
                if i != keep and kinds[i] is None:
                    kinds[i] = "repeat"
    for i, text in enumerate(normal):
        if kinds[i] is None and i < body and re.search(r"[|›▸»]", text):
            for other in copies:
                if other != text and len(other.split()) >= 4 and other in text \
                        and len(text.split()) - len(other.split()) <= 6:
                    kinds[i] = "repeat"
                    break


def _first_paragraph(lines: list[tuple[int, int, str]], kinds: list[str | None]) -> int:
    """Index of the first line of the article's text (a long line that is not clutter)."""
    return next((i for i, (_, _, line) in enumerate(lines) if kinds[i] is None and len(line.split()) >= _LONG),
                len(lines))


def _headline_like(line: str) -> bool:
    words = line.split()
    return 3 <= len(words) <= 30 and len(line) <= 150 and not line.endswith((".", ":", ",", ";")) \
        and not is_date_line(line)


def _headline_index(lines: list[tuple[int, int, str]], kinds: list[str | None]) -> int | None:
    """The headline among the top lines: one printed twice, else one right above its date, else a
    short line standing alone (a blank line after it) before the first paragraph."""
    top = [i for i, (start, _, _) in enumerate(lines[:_TOP_LINES]) if start < _TOP_CHARS]
    candidates = [i for i in top if kinds[i] is None and _headline_like(lines[i][2])]
    repeated = {" ".join(lines[i][2].split()).casefold() for i in top if kinds[i] == "repeat"}
    for i in candidates:
        if " ".join(lines[i][2].split()).casefold() in repeated:
            return i
    for i in candidates:
        if i + 1 < len(lines) and is_date_line(lines[i + 1][2]):
            return i
    first_paragraph = _first_paragraph(lines, kinds)
    for i in candidates:
        if i < first_paragraph and _stands_alone(lines, i):
            return i
    return None


def _stands_alone(lines: list[tuple[int, int, str]], i: int) -> bool:
    return i + 1 == len(lines) or lines[i + 1][0] > lines[i][1] + 1  # a blank line follows


def _mark_blocks(lines: list[tuple[int, int, str]], kinds: list[str | None], headline_at: int | None) -> None:
    """Clutter that comes in blocks: the lines under a "Related:" heading, the short lines between
    two clutter lines at the top of the page, and the tail of the page after the article."""
    heading = False
    for i in range(1, len(lines)):  # lines of the same block (no blank line) under a navigation heading
        heading = kinds[i - 1] == "navigation" and (heading or bool(_HEADING.match(lines[i - 1][2])))
        if heading and kinds[i] is None and i != headline_at and lines[i][0] == lines[i - 1][1] + 1 \
                and len(lines[i][2].split()) <= 25:
            kinds[i] = "navigation"
    body = _first_paragraph(lines, kinds)
    for i in range(1, min(body, len(lines) - 1)):
        if kinds[i] is None and i != headline_at and kinds[i - 1] and kinds[i + 1] and len(lines[i][2].split()) <= 25:
            kinds[i] = kinds[i - 1]
    last_paragraph = max((i for i, (_, _, line) in enumerate(lines) if kinds[i] is None and len(line.split()) >= _LONG),
                         default=body)
    tail = next((i for i in range(max(body, last_paragraph) + 1, len(lines))  # after the article's last paragraph
                 if kinds[i] in ("navigation", "appeal", "comments") and lines[i][0] >= 0.5 * lines[-1][1]), None)
    if tail is not None:
        for i in range(tail + 1, len(lines)):
            if kinds[i] is None and len(lines[i][2].split()) >= _LONG:
                break
            kinds[i] = kinds[i] or kinds[tail]


def _merge(text: str, regions: list[Region]) -> list[Region]:
    """Neighbouring regions of one kind, separated only by white space, as one region."""
    merged: list[Region] = []
    for region in regions:
        if merged and merged[-1].kind == region.kind and not text[merged[-1].end:region.start].strip():
            merged[-1] = Region(merged[-1].start, region.end, region.kind)
        else:
            merged.append(region)
    return merged
