"""A Markdown vault for Obsidian: a file per document and per entity, joined by [[wiki links]]."""
from __future__ import annotations

import json
import os
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reader.errors import Cancelled, ReaderError
from reader.export import blockquote, markdown_text
from reader.atomic_write import atomic_output
from reader.exports.types import Progress, type_word
from reader.labels import VALUE_LABELS
from reader.models import Note
from reader.storage import entities as stored_entities
from reader.storage import exports as stored
from reader.storage import notes as stored_notes
from reader.stories import source_of

if TYPE_CHECKING:
    from reader.library import Library

DOCUMENTS, ENTITIES = "Documents", "Entities"  # the vault's two folders
INDEX = "Reader.md"
MANIFEST = ".reader-vault.json"  # what the last export wrote, so that the next removes what is gone
MAX_NAME_BYTES = 120
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|#^\[\]]+')  # separators, Windows, and Obsidian's link syntax


@dataclass(frozen=True)
class VaultReport:
    folder: Path
    documents: int
    entities: int
    removed: int  # files of an earlier export whose document or entity is gone (or renamed)


def _never() -> bool:
    return False


def export_vault(library: Library, folder: str | Path, progress: Progress | None = None,
                 cancelled=_never) -> VaultReport:
    """Write the vault into `folder` (created if needed): `Documents/` (title, date, source, path,
    its notes, the same story elsewhere) and `Entities/` (type, other names, notes, and a link
    to every document that mentions it), and `Reader.md`. Names are, across exports, the same.

    Each file is replaced whole (written beside it, then renamed); a file whose content did not
    change is left alone. Files an earlier export wrote for what is gone are removed.
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise ReaderError(f"{folder}: not a folder; a vault is a folder of Markdown files")
    try:
        for sub in (DOCUMENTS, ENTITIES):
            (folder / sub).mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ReaderError(f"{folder}: cannot make the vault's folders ({error.strerror or error})") from error
    db = library.db
    titles = {row[0]: row for row in stored_notes.document_titles(db)}  # id -> (id, title, path, published)
    document_files = file_names(((i, row[1]) for i, row in titles.items()), "Untitled")
    entities = stored.entity_cards(db, VALUE_LABELS)
    entity_files = file_names(((e[0], e[1]) for e in entities), "Unnamed")
    notes_by_document: dict[int, list[Note]] = defaultdict(list)
    notes_by_entity: dict[int | None, list[Note]] = defaultdict(list)
    for note in stored_notes.list_notes(db):
        if note.kind == "entity":
            notes_by_entity[note.entity_id if note.entity_id in entity_files else None].append(note)
        else:
            notes_by_document[note.document_id].append(note)
    cards = list(stored.document_cards(db))  # no text: ids, titles, sources, stories
    stories: dict[int, list[int]] = defaultdict(list)
    for card in cards:
        if card[5] is not None:
            stories[card[5]].append(card[0])
    links = Links(document_files, {i: row[1] for i, row in titles.items()})
    written: set[str] = set()
    total = len(cards) + len(entities)
    for done, (document_id, title, path, published, meta, story) in enumerate(cards):
        _step(progress, cancelled, done, total)
        others = [i for i in stories.get(story, []) if i != document_id]
        text = document_markdown(document_id, title, path, published, source_of(meta), notes_by_document[document_id],
                                 [(links.to_document(i), titles[i][3]) for i in others])
        written.add(_write(folder, f"{DOCUMENTS}/{document_files[document_id]}.md", text))
    for done, (entity_id, name, label, mentions, documents) in enumerate(entities, start=len(cards)):
        _step(progress, cancelled, done, total)
        surfaces = [(s, n) for s, n in stored_entities.entity_surfaces(db, entity_id) if s != name]
        mentioned = sorted(stored.documents_of_entity(db, entity_id),
                           key=lambda d: (titles[d[0]][3] is None, titles[d[0]][3] or "", d[0]))
        text = entity_markdown(entity_id, name, label, mentions, documents, surfaces, notes_by_entity[entity_id],
                               [(links.to_document(i), titles[i][3], n) for i, n in mentioned])
        written.add(_write(folder, f"{ENTITIES}/{entity_files[entity_id]}.md", text))
    written.add(_write(folder, INDEX, index_markdown(library, len(cards), len(entities), notes_by_entity[None])))
    removed = _remove_stale(folder, written)
    return VaultReport(folder, len(cards), len(entities), removed)


# ---- names and links --------------------------------------------------------------------------

def safe_name(text: str, fallback: str) -> str:
    """A file name (without .md) from a title or a name: no path separators, nothing Windows or
    Obsidian's links refuse (: * ? " < > | # ^ [ ]), no leading dot, at most 120 bytes."""
    from pathvalidate import sanitize_filename  # reserved names (CON, NUL...), lengths in bytes

    name = _UNSAFE.sub(" ", unicodedata.normalize("NFC", text))
    name = " ".join(name.split()).lstrip(". ")
    name = sanitize_filename(name, platform="universal", max_len=MAX_NAME_BYTES).strip()
    return name or fallback


def file_names(items: Iterable[tuple[int, str]], fallback: str) -> dict[int, str]:
    """id -> file name, unique ignoring case: the oldest (smallest id) of a name keeps it, the
    others get their id added, so a name never changes when documents are added later."""
    taken: set[str] = set()
    out: dict[int, str] = {}
    for item_id, text in sorted(items):
        base = safe_name(text, fallback)
        name, extra = base, 0
        while name.casefold() in taken:
            extra += 1
            name = f"{base} ({item_id})" if extra == 1 else f"{base} ({item_id}-{extra})"
        taken.add(name.casefold())
        out[item_id] = name
    return out


class Links:
    """Wiki links to document files: the vault path (so that names never clash), and the title shown."""

    def __init__(self, files: dict[int, str], titles: dict[int, str]) -> None:
        self.files, self.titles = files, titles

    def to_document(self, document_id: int) -> str:
        return wiki_link(f"{DOCUMENTS}/{self.files[document_id]}", self.titles[document_id])


def wiki_link(target: str, shown: str) -> str:
    """[[target|shown]]: `shown` loses what would end the link or make an alias ([ ] |)."""
    shown = " ".join(shown.translate(str.maketrans({"[": "(", "]": ")", "|": "/"})).split()) or target
    return f"[[{target}|{shown}]]"


# ---- files ------------------------------------------------------------------------------------

def document_markdown(document_id: int, title: str, path: str, published: str | None, source: str | None,
                      notes: list[Note], same_story: list[tuple[str, str | None]]) -> str:
    """A document's file: properties, heading, where it came from, its notes, the same story elsewhere."""
    out = _properties({"title": title, "date": published, "source": source, "path": path,
                       "reader_document": document_id, "also_in": len(same_story) or None})
    out += [f"# {markdown_text(title)}", ""]
    facts = [f"Date: {published}" if published else "", f"Source: {markdown_text(source)}" if source else ""]
    if any(facts):
        out += [" · ".join(f for f in facts if f) + "  "]
    out += [f"File: {markdown_text(path)}", ""]
    if same_story:
        out += [f"## Same story in {len(same_story)} other document{'s' if len(same_story) != 1 else ''}", ""]
        out += [f"- {link}" + (f" · {date}" if date else "") for link, date in same_story] + [""]
    anchored = [n for n in notes if n.status == "anchored"]
    if anchored:
        out += ["## Notes", ""]
        for note in anchored:
            out += _note(note)
    orphans = [n for n in notes if n.status != "anchored"]
    if orphans:
        out += ["## Notes that lost their place", ""]
        for note in orphans:
            out += [f"Last seen at characters {note.start}–{note.end}:", ""] if note.kind == "passage" else []
            out += _note(note)
    return _joined(out)


def entity_markdown(entity_id: int, name: str, label: str, mentions: int, documents: int,
                    surfaces: list[tuple[str, int]], notes: list[Note],
                    mentioned_in: list[tuple[str, str | None, int]]) -> str:
    """An entity's file: properties (its other names as aliases), notes, and its documents, linked."""
    out = _properties({"aliases": [s for s, _ in surfaces] or None, "type": type_word(label), "ner_label": label,
                       "mentions": mentions, "documents": documents, "reader_entity": entity_id})
    out += [f"# {markdown_text(name)}", "",
            f"{type_word(label).capitalize()} · {mentions} mention{'s' if mentions != 1 else ''}"
            f" in {documents} document{'s' if documents != 1 else ''}", ""]
    if surfaces:
        out += ["## Also written as", ""] + [f"- {markdown_text(s)} ({n})" for s, n in surfaces] + [""]
    if notes:
        out += ["## Notes", ""]
        for note in notes:
            out += [note.body, ""]
    out += ["## Documents", ""]
    out += [f"- {link}" + (f" · {date}" if date else "") + f" · {n} mention{'s' if n != 1 else ''}"
            for link, date, n in mentioned_in] or ["(none)"]
    return _joined(out + [""])


def index_markdown(library: Library, documents: int, entities: int, lost: list[Note]) -> str:
    out = ["# Reader library", "", f"Exported from {markdown_text(str(library.path))}: {documents} documents in"
           f" `{DOCUMENTS}/`, {entities} entities in `{ENTITIES}/`.", ""]
    if lost:
        out += ["## Notes on entities no longer found", ""]
        for note in lost:
            out += [f"### {markdown_text(note.entity_key or '(unknown entity)')}", "", note.body, ""]
    return _joined(out)


def _note(note: Note) -> list[str]:
    """A note as the notes export shows it: the passage quoted, then the body exactly as typed."""
    lines = blockquote(note.quote or "") + [""] if note.kind == "passage" else []
    return lines + ([note.body, ""] if note.body else [])


def _properties(values: dict[str, object]) -> list[str]:
    """YAML front matter (Obsidian's properties); strings as JSON strings, which YAML reads as they are."""
    lines = ["---"]
    for key, value in values.items():
        if value is not None:
            lines.append(f"{key}: {json.dumps(value)}")
    return lines + ["---", ""]


def _joined(lines: list[str]) -> str:
    return "\n".join(lines).rstrip("\n") + "\n"


def _step(progress: Progress | None, cancelled, done: int, total: int) -> None:
    if cancelled():
        raise Cancelled(f"vault export cancelled after {done} of {total} files")
    if progress and done % 100 == 0:
        progress(done, total, "Writing the vault")


def _write(folder: Path, relative: str, text: str) -> str:
    """Write one file unless it already holds exactly `text`; returns its path in the vault."""
    target = folder / relative
    data = text.encode("utf-8")
    try:
        if target.is_file() and target.stat().st_size == len(data) and target.read_bytes() == data:
            return relative
    except OSError:
        pass
    with atomic_output(target, binary=True, sync=False) as out:
        out.write(data)
    return relative


def _remove_stale(folder: Path, written: set[str]) -> int:
    """Remove the files the last export wrote and this one did not; remember what this one wrote."""
    manifest = folder / MANIFEST
    try:
        before = set(json.loads(manifest.read_text(encoding="utf-8")).get("files", []))
    except (OSError, ValueError, AttributeError):
        before = set()
    removed = 0
    for relative in sorted(before - written):
        parts = Path(relative).parts
        if len(parts) == 2 and parts[0] in (DOCUMENTS, ENTITIES) and relative.endswith(".md"):
            try:
                os.unlink(folder / relative)
                removed += 1
            except OSError:
                pass
    with atomic_output(manifest) as out:
        json.dump({"written_by": "Reader", "files": sorted(written)}, out, ensure_ascii=False, indent=0)
    return removed
