"""Rendering notes and entity dossiers as Markdown, CSV and W3C Web Annotation JSON, and reading that JSON back."""
from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import quote as url_quote
from urllib.parse import unquote, urlparse

from reader import labels
from reader.errors import ReaderError
from reader.models import Entity, MentionInContext, Note

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
NOTE_URN = "urn:reader:note:"
ENTITY_URN = "urn:reader:entity:"  # followed by the entity key, %-encoded (stable across libraries)
CSV_COLUMNS = ["id", "kind", "document_id", "document_title", "document_path", "entity",
               "entities_in_passage", "quote", "note", "start", "end", "status", "created", "updated"]


@dataclass(frozen=True)
class DocumentRef:
    """What an export says about a document."""

    id: int
    title: str
    path: str
    published: str | None


@dataclass(frozen=True)
class ExportedNote:
    """A note with the names an export shows next to it."""

    note: Note
    document: DocumentRef | None
    entity: Entity | None  # entity notes: their entity, None while orphaned
    entities: tuple[str, ...] = ()  # passage notes: names of the entities inside the passage


@dataclass(frozen=True)
class ParsedAnnotation:
    """One annotation read from W3C JSON, reduced to what Reader stores."""

    number: int  # 1-based position in the file, for messages
    kind: str  # "passage" | "document" | "entity"
    body: str
    created: str | None
    modified: str | None
    path: str | None = None  # the document's path, from a file: URI
    title: str | None = None
    entity_name: str | None = None
    entity_key: str | None = None
    exact: str | None = None
    prefix: str = ""
    suffix: str = ""
    start: int | None = None
    end: int | None = None


# ---- Markdown -------------------------------------------------------------------------------

def notes_markdown(items: Sequence[ExportedNote]) -> str:
    """Notes grouped by document (passages, then notes on the document), entity notes, then orphans."""
    out = ["# Notes", ""]
    if not items:
        out += ["(no notes)", ""]
    anchored = [i for i in items if i.note.status == "anchored"]
    by_document: dict[int, list[ExportedNote]] = {}
    for item in anchored:
        if item.document is not None:
            by_document.setdefault(item.document.id, []).append(item)
    for group in by_document.values():
        out += _document_heading(group[0].document, "##")
        for item in sorted((i for i in group if i.note.kind == "passage"), key=lambda i: i.note.start or 0):
            out += _passage(item)
        on_document = [i for i in group if i.note.kind == "document"]
        if on_document:
            out += ["### Notes on the document", ""]
            for item in on_document:
                out += [item.note.body, ""]
    on_entities = [i for i in anchored if i.note.kind == "entity"]
    if on_entities:
        out += ["## Entity notes", ""]
        for item in on_entities:
            out += [f"### {_entity_title(item)}", "", item.note.body, ""]
    orphans = [i for i in items if i.note.status != "anchored"]
    if orphans:
        out += ["## Needs review", "",
                "These notes lost their place (their passage, document or entity changed).", ""]
        for item in orphans:
            out += _orphan(item)
    return "\n".join(out).rstrip("\n") + "\n"


def _document_heading(document: DocumentRef | None, level: str) -> list[str]:
    if document is None:
        return [f"{level} (no document)", ""]
    lines = [f"{level} {markdown_text(document.title)}", "", f"Source: {markdown_code(document.path)}"]
    if document.published:
        lines[-1] += "  "  # Markdown line break
        lines.append(f"Published: {document.published}")
    return lines + [""]


def markdown_text(text: str) -> str:
    """Text taken from a document (a quote, a title, an entity name) for Markdown: shown as the
    same text by any viewer, never as a link, an image, HTML or formatting. (A note's own body
    stays exactly as the reader typed it.)"""
    return _MD_LINE_START.sub(r"\1\2\\\3", markdown_inline(text))


def markdown_inline(text: str) -> str:
    """markdown_text for text that does not start a line: the characters of links, images, HTML, code and
    emphasis backslash-escaped, '<' as &lt;, and bare web and mail addresses kept from linking."""
    text = _MD_PUNCTUATION.sub(r"\\\g<0>", text)
    text = _MD_ENTITY.sub(r"\\&", text).replace("<", "&lt;")
    return _MD_AUTOLINK.sub(r"\\", text)


_MD_PUNCTUATION = re.compile(r"[\\`*_\[\]|~@#$]|==|%%")  # #tag, $math$, ==mark==, %%comment%% in vaults
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")  # "&amp;" would show as "&"
_MD_AUTOLINK = re.compile(r"(?<=\w)(?=://)|(?<=\bwww)(?=\.)", re.IGNORECASE)  # "https\://", "www\."
_MD_LINE_START = re.compile(r"^([ \t]*)(\d*)([#>+=-]|(?<=\d)[.)])", re.MULTILINE)  # headings, quotes, lists


def markdown_code(text: str) -> str:
    """A code span holding `text` exactly, whatever backticks it contains."""
    text = " ".join(text.splitlines())
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def blockquote(text: str) -> list[str]:
    """Document text as Markdown quote lines (every line quoted, blank lines kept)."""
    return [f"> {markdown_text(line)}" if line.strip() else ">" for line in text.strip("\n").split("\n")]


def _passage(item: ExportedNote) -> list[str]:
    lines = blockquote(item.note.quote or "") + [""]
    if item.note.body:
        lines += [item.note.body, ""]
    if item.entities:
        lines += [f"Entities: {markdown_text(', '.join(item.entities))}", ""]
    return lines


def _entity_title(item: ExportedNote) -> str:
    if item.entity is not None:
        return f"{markdown_text(item.entity.name)} ({labels.name(item.entity.label)})"
    return markdown_text(item.note.entity_key) if item.note.entity_key else "(unknown entity)"


def _orphan(item: ExportedNote) -> list[str]:
    note = item.note
    if note.kind == "entity":
        return [f"### Entity {_entity_title(item)} (no longer found)", "", note.body, ""]
    title = item.document.title if item.document else "(no document)"
    lines = [f"### {markdown_text(title)}", ""]
    if note.kind == "passage":
        lines += [f"Last seen at characters {note.start}–{note.end}:", ""] + blockquote(note.quote or "") + [""]
    return lines + ([note.body, ""] if note.body else [])


# ---- CSV ------------------------------------------------------------------------------------

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet may run as a formula (OWASP)


def spreadsheet_cell(value: object) -> object:
    """A cell a spreadsheet will not run: text gets a leading ' before what would start a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def notes_csv(items: Sequence[ExportedNote]) -> str:
    """One row per note, RFC 4180 quoting; text in any column that would start a spreadsheet
    formula gets a leading '."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for item in items:
        note, document = item.note, item.document
        writer.writerow([spreadsheet_cell(value) for value in (
            note.id, note.kind, note.document_id if note.document_id is not None else "",
            document.title if document else "", document.path if document else "",
            item.entity.name if item.entity else (note.entity_key or ""),
            "; ".join(item.entities), note.quote or "", note.body,
            "" if note.start is None else note.start, "" if note.end is None else note.end,
            note.status, note.created, note.updated,
        )])
    return buffer.getvalue()


# ---- W3C Web Annotation JSON ----------------------------------------------------------------

def file_uri(path: str) -> str:
    try:
        return Path(path).as_uri()
    except ValueError:  # a relative path cannot be a file URI
        return path


def annotation(item: ExportedNote) -> dict:
    """One note as a W3C Web Annotation (plus Reader's "document" / "entity" labels)."""
    note = item.note
    data: dict = {
        "type": "Annotation",
        "id": f"{NOTE_URN}{note.id}",
        "motivation": "commenting" if note.body else "highlighting",
        "created": note.created,
        "modified": note.updated,
        "body": {"type": "TextualBody", "value": note.body, "format": "text/markdown"},
    }
    if note.kind == "entity":
        key = item.entity.key if item.entity else (note.entity_key or "")
        data["target"] = {"source": ENTITY_URN + url_quote(key, safe="")}
        data["entity"] = {"key": key, "name": item.entity.name if item.entity else None,
                          "label": item.entity.label if item.entity else None}
    else:
        target: dict = {"source": file_uri(item.document.path) if item.document else None}
        if note.kind == "passage":
            target["selector"] = [
                {"type": "TextQuoteSelector", "exact": note.quote, "prefix": note.prefix or "",
                 "suffix": note.suffix or ""},
                {"type": "TextPositionSelector", "start": note.start, "end": note.end},
            ]
        data["target"] = target
        if item.document:
            data["document"] = {"title": item.document.title, "path": item.document.path,
                                "published": item.document.published}
    if note.status != "anchored":
        data["status"] = note.status
    return data


def notes_json(items: Sequence[ExportedNote]) -> str:
    """An AnnotationCollection whose first page holds every note."""
    collection = {
        "@context": ANNO_CONTEXT,
        "type": "AnnotationCollection",
        "label": "Reader notes",
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": [annotation(i) for i in items]},
    }
    return json.dumps(collection, ensure_ascii=False, indent=2) + "\n"


def parse_annotations(text: str) -> tuple[list[ParsedAnnotation], list[str], list[str]]:
    """Annotations read from W3C JSON (a list, an Annotation, a page or a collection), why others
    were skipped, and warnings about those read with a repair (invalid characters replaced)."""
    try:
        data = json.loads(text.removeprefix("\ufeff"))
    except json.JSONDecodeError as error:
        raise ReaderError(f"not a JSON file of annotations ({error})") from error
    except RecursionError:
        raise ReaderError("not a JSON file of annotations (nested too deeply to be one)") from None
    if isinstance(data, dict):
        if isinstance(data.get("first"), dict):
            data = data["first"].get("items", [])
        elif "items" in data:
            data = data["items"]
        elif data.get("type") == "Annotation" or "target" in data:
            data = [data]
    if not isinstance(data, list):
        raise ReaderError("not a list of annotations nor an AnnotationCollection")
    parsed, skipped, warnings = [], [], []
    for number, item in enumerate(data, start=1):
        try:
            annotation = _parse_one(number, item)
        except ValueError as error:
            skipped.append(f"annotation {number}: {error}")
            continue
        repaired = _without_lone_surrogates(annotation)
        if repaired != annotation:
            warnings.append(f"annotation {number}: invalid characters (unpaired UTF-16 surrogates)"
                            " were replaced by “\ufffd”")
        parsed.append(repaired)
    return parsed, skipped, warnings


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")  # JSON's "\\ud800" alone: no character, cannot be stored


def _without_lone_surrogates(annotation: ParsedAnnotation) -> ParsedAnnotation:
    changed = {name: _LONE_SURROGATE.sub("\ufffd", value) for name, value in vars(annotation).items()
               if isinstance(value, str) and _LONE_SURROGATE.search(value)}
    return replace(annotation, **changed) if changed else annotation


def _parse_one(number: int, item: object) -> ParsedAnnotation:
    if not isinstance(item, dict):
        raise ValueError("not an annotation object")
    body = _body_text(item.get("body", item.get("bodyValue")))
    target = item.get("target")
    if isinstance(target, list):
        target = target[0] if target else None
    if isinstance(target, str):
        target = {"source": target}
    if not isinstance(target, dict) or not isinstance(target.get("source") or target.get("id"), str):
        raise ValueError("it has no target source")
    source = target.get("source") or target.get("id")
    common = {"number": number, "body": body, "created": _text(item.get("created")),
              "modified": _text(item.get("modified"))}
    if source.startswith(ENTITY_URN):
        entity = item.get("entity") if isinstance(item.get("entity"), dict) else {}
        key = unquote(source[len(ENTITY_URN):])
        return ParsedAnnotation(kind="entity", entity_name=_text(entity.get("name")) or key,
                                entity_key=_text(entity.get("key")) or key, **common)
    document = item.get("document") if isinstance(item.get("document"), dict) else {}
    title = document.get("title")
    if isinstance(title, list):  # Hypothesis writes {"title": ["..."]}
        title = title[0] if title else None
    path = _path_of(source) or _text(document.get("path"))
    selectors = target.get("selector") or []
    if isinstance(selectors, dict):
        selectors = [selectors]
    quote = next((s for s in selectors if isinstance(s, dict) and s.get("type") == "TextQuoteSelector"), None)
    position = next((s for s in selectors if isinstance(s, dict) and s.get("type") == "TextPositionSelector"), {})
    if quote is None:
        return ParsedAnnotation(kind="document", path=path, title=_text(title), **common)
    exact = _text(quote.get("exact"))
    if not exact:
        raise ValueError("its TextQuoteSelector has no exact text")
    start, end = position.get("start"), position.get("end")
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end):
        start, end = 0, len(exact)
    return ParsedAnnotation(kind="passage", path=path, title=_text(title), exact=exact,
                            prefix=_text(quote.get("prefix")) or "", suffix=_text(quote.get("suffix")) or "",
                            start=start, end=end, **common)


def _body_text(body: object) -> str:
    if isinstance(body, str):
        return body
    if isinstance(body, list):
        texts = [_body_text(b) for b in body if isinstance(b, (str, dict))]
        return "\n\n".join(t for t in texts if t)
    if isinstance(body, dict):
        value = body.get("value")
        return value if isinstance(value, str) else ""
    return ""


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _path_of(source: str) -> str | None:
    parsed = urlparse(source)
    if parsed.scheme == "file":
        from urllib.request import url2pathname  # costs 12 ms at start-up if imported at the top

        return url2pathname(parsed.path)
    if not parsed.scheme and source.startswith("/"):
        return source
    return None


# ---- dossier --------------------------------------------------------------------------------

def dossier_markdown(
    entity: Entity, surfaces: Sequence[tuple[str, int]], mentions: Sequence[MentionInContext],
    notes: Sequence[ExportedNote],
) -> str:
    """An entity's dossier: what it is, how it is written, the reader's notes, every mention in context."""
    documents = len({m.mention.document_id for m in mentions})
    out = [f"# {markdown_text(entity.name)}", "",
           f"Type: {labels.name(entity.label)} · {len(mentions)} mention{'s' if len(mentions) != 1 else ''}"
           f" in {documents} document{'s' if documents != 1 else ''}", ""]
    if surfaces:
        out += ["## Written as", ""] + [f"- {markdown_text(surface)} ({count})" for surface, count in surfaces] + [""]
    if notes:
        out += ["## Notes", ""]
        for item in notes:
            note = item.note
            if note.kind == "entity":
                out += [f"### On {markdown_text(entity.name)}", "", note.body, ""]
            else:
                title = item.document.title if item.document else "(no document)"
                out += [f"### In “{markdown_text(title)}”", ""]
                if note.kind == "passage":
                    out += blockquote(note.quote or "") + [""]
                out += [note.body, ""] if note.body else []
    out += ["## Mentions", ""]
    if not mentions:
        out += ["(no linked mentions)", ""]
    current = None
    for m in mentions:
        if m.mention.document_id != current:
            out += ([""] if current is not None else []) + [f"### {markdown_text(m.document_title)}", "",
                                                            f"Source: {markdown_code(m.document_path)}", ""]
            current = m.mention.document_id
        before, name, after = (" ".join(piece.split("\n")) for piece in (
            m.context[:m.context_start], m.context[m.context_start:m.context_end], m.context[m.context_end:]))
        out.append(f"- {markdown_text(before)}**{markdown_inline(name)}**{markdown_inline(after)}")
    return "\n".join(out).rstrip("\n") + "\n"
