"""Many articles in one export from a news database (Nexis, Factiva) split into one article each.

Works on the text of the file (whatever format it came in), one paragraph a line. Each
article keeps its own headline, source, date, byline and identity; its stored text is the
headline, a blank line, and the body as it stands in the export.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from reader.dates import iso_date, line_date
from reader.formats.common import make_document, unique_parts
from reader.models import SourceDocument

_NEXIS_END = re.compile(r"End of Document", re.IGNORECASE)
_NEXIS_FIELD = re.compile(
    r"(Section|Length|Byline|Dateline|Highlight|Edition|Correction|Correction-Date|Copyright|"
    r"Journal Code|Publication-Type|Language|Document-Type|Geographic|Subject|Series|Type|Pg\.?)"
    r"\s*:\s*(.*)", re.IGNORECASE)
_NEXIS_TRAILER = re.compile(r"(Load-Date|Classification|Graphic)(?:\s*:\s*(.*))?", re.IGNORECASE)
_KEY_VALUE = re.compile(r"([A-Za-z][\w -]{1,30}?)\s*:\s*(.+)")
_NEXIS_COVER = re.compile(r"(User Name|Date and Time|Job Number|Documents? \(\d+\)|Client/Matter|"
                          r"Search Terms|Search Type|Narrowed by|Content Type|Sources?|Timeline)\b",
                          re.IGNORECASE)
_COPYRIGHT = re.compile(r"(copyright\b|\(c\)|©)", re.IGNORECASE)
_FACTIVA_END = re.compile(r"(?:AN\s+)?Document\s+([A-Za-z0-9]{12,40})")
_FACTIVA_CODE = re.compile(r"(HD|BY|WC|PD|ET|SN|SC|ED|PG|LA|CY|LP|TD|CO|IN|NS|RE|IPC|IPD|PUB|AN|CR|"
                           r"ART|SE|CLM|RF|DE)(?:\s+(.*)|$)")
_WORDS = re.compile(r"([\d,.]+)\s+words", re.IGNORECASE)
_CLOCK = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AP]M)?(?:\s+[A-Z]{2,4})?", re.IGNORECASE)
_SOURCE_CODE = re.compile(r"[A-Z0-9]{2,10}")
_LANGUAGES = frozenset("english french german spanish russian italian dutch portuguese arabic "
                       "chinese japanese turkish polish ukrainian".split())


@dataclass(frozen=True)
class Article:
    key: str  # its identity inside the export (Factiva's document number, Nexis's ordinal)
    title: str
    text: str
    published: str | None
    meta: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    text: str  # stripped


def split_export(text: str) -> list[Article] | None:
    """The articles of a Nexis or Factiva export, in order; None if the text is not one.

    An article whose header is not recognised is still kept, whole, under its headline.
    """
    lines = _lines(text)
    ends = [i for i, line in enumerate(lines) if _NEXIS_END.fullmatch(line.text)]
    if ends:
        blocks = [(str(n), lines[a:b]) for n, (a, b) in enumerate(zip([0] + [e + 1 for e in ends], ends), start=1)]
        parsed = [_nexis(text, block, int(key)) for key, block in blocks]
    else:
        ends = [i for i, line in enumerate(lines) if (m := _FACTIVA_END.fullmatch(line.text))
                and not m.group(1).isalpha() and not m.group(1).isdigit()]
        blocks = [(_FACTIVA_END.fullmatch(lines[b].text).group(1), lines[a:b])
                  for a, b in zip([0] + [e + 1 for e in ends], ends)]
        parsed = [_factiva(text, block, key) for key, block in blocks]
    if not any(parsed):
        return None
    return [article or _whole(text, block, key) for article, (key, block) in zip(parsed, blocks)
            if article or block]


def _whole(text: str, block: list[_Line], key: str) -> Article:
    body = _body(text, block)
    return Article(key, block[0].text, body, None, {})


def _lines(text: str) -> list[_Line]:
    out, offset = [], 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            start = offset + raw.index(stripped[0])
            out.append(_Line(start, start + len(stripped), stripped))
        offset += len(raw) + 1
    return out


def _body(text: str, lines: list[_Line]) -> str:
    return text[lines[0].start:lines[-1].end] if lines else ""


def _article(key: str, title: str, body: str, published: str | None, meta: dict) -> Article:
    return Article(key, title, f"{title}\n\n{body}" if body else title, published,
                   {k: v for k, v in meta.items() if v})


# -- Nexis Uni: headline, source, date, Copyright, fields, "Body", text, Load-Date, End of Document

def _nexis(text: str, block: list[_Line], number: int) -> Article | None:
    body_at = next((i for i, line in enumerate(block) if line.text.lower() == "body"), None)
    header = block[:body_at] if body_at is not None else block[:25]
    fields_at = [i for i, line in enumerate(header) if _NEXIS_FIELD.fullmatch(line.text)]
    if body_at is None and not fields_at:
        return None
    header_end = body_at if body_at is not None else fields_at[-1] + 1
    first_field = min([header_end] + fields_at)
    copyright_at = next((i for i in range(first_field) if _COPYRIGHT.match(block[i].text)), first_field)
    date_at = next((i for i in range(copyright_at - 1, -1, -1) if line_date(block[i].text)), None)
    if date_at is not None and date_at >= 2:
        title_at, source = date_at - 2, block[date_at - 1].text
    else:
        title_at = next((i for i in range(copyright_at) if not _NEXIS_COVER.match(block[i].text)), 0)
        source = None
    fields = {m.group(1).lower(): m.group(2).strip() for i in fields_at
              if i < header_end and (m := _NEXIS_FIELD.fullmatch(block[i].text))}
    rest = block[header_end + (1 if body_at is not None else 0):]
    trailer_at = next((i for i, line in enumerate(rest) if _NEXIS_TRAILER.fullmatch(line.text)), len(rest))
    trailer = {m.group(1).lower(): m.group(2).strip() for line in rest[trailer_at:]
               if (m := _KEY_VALUE.fullmatch(line.text))}
    published = line_date(block[date_at].text) if date_at is not None else line_date(trailer.get("load-date", ""))
    words = _WORDS.match(fields.get("length", ""))
    return _article(str(number), block[title_at].text, _body(text, rest[:trailer_at]), published, {
        "export": "Nexis", "source": source, "byline": fields.get("byline"),
        "section": fields.get("section"), "dateline": fields.get("dateline"),
        "words_in_source": words.group(1) if words else None,
    })


# -- Factiva: headline, byline, "N words", date, source, code, language, copyright, text, "Document ID"

def _factiva(text: str, block: list[_Line], key: str) -> Article | None:
    if not block:
        return None
    if any(line.text.startswith("HD") and _FACTIVA_CODE.fullmatch(line.text) for line in block[:3]):
        return _factiva_coded(text, block, key)
    words_at = next((i for i, line in enumerate(block[:12]) if _WORDS.fullmatch(line.text)), None)
    if words_at is None or words_at == 0:
        return None
    after = block[words_at + 1:words_at + 9]
    date_at = next((i for i, line in enumerate(after[:3]) if line_date(line.text)), None)
    published = line_date(after[date_at].text) if date_at is not None else None
    cursor = (date_at + 1) if date_at is not None else 0
    if cursor < len(after) and _CLOCK.fullmatch(after[cursor].text):
        cursor += 1
    source = after[cursor].text if cursor < len(after) else None
    body_from = cursor + 1
    for i in range(cursor + 1, len(after)):
        line = after[i].text
        if _COPYRIGHT.match(line):
            body_from = i + 1
            break
        if _SOURCE_CODE.fullmatch(line) or line.lower() in _LANGUAGES:
            body_from = i + 1
        else:
            break
    body = block[words_at + 1 + body_from:]
    byline = " ".join(line.text for line in block[1:words_at]) or None
    return _article(key, block[0].text, _body(text, body), published, {
        "export": "Factiva", "source": source, "byline": byline, "document_id": key,
        "words_in_source": _WORDS.fullmatch(block[words_at].text).group(1),
    })


def _factiva_coded(text: str, block: list[_Line], key: str) -> Article | None:
    fields: dict[str, list[_Line]] = {}
    current = None
    for line in block:
        match = _FACTIVA_CODE.fullmatch(line.text)
        if match:
            current = match.group(1)
            fields.setdefault(current, [])
            if match.group(2):
                value_start = line.start + line.text.index(match.group(2))
                fields[current].append(_Line(value_start, line.end, match.group(2).strip()))
        elif current:
            fields[current].append(line)
    title = " ".join(line.text for line in fields.get("HD", []))
    if not title:
        return None
    value = {code: " ".join(line.text for line in lines) for code, lines in fields.items()}
    words = _WORDS.match(value.get("WC", ""))
    parts = [_body(text, fields[code]) for code in ("LP", "TD") if fields.get(code)]
    published = line_date(value.get("PD", "")) or iso_date(value.get("PD"))
    return _article(key, title, "\n\n".join(parts), published, {
        "export": "Factiva", "source": value.get("SN"), "byline": value.get("BY"), "document_id": key,
        "words_in_source": words.group(1) if words else None,
    })


def as_documents(file: Path, articles: list[Article]) -> Iterator[SourceDocument]:
    """One SourceDocument per article, each known as `file#key`."""
    for article, key in zip(articles, unique_parts(a.key for a in articles)):
        yield make_document(file, article.text, title=article.title, published=article.published,
                            meta=article.meta, part=key)
