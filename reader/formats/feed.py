"""RSS and Atom feeds through feedparser (parsing bytes only, never fetching): a document per item."""
from __future__ import annotations

import io
import time
from collections.abc import Iterator
from pathlib import Path

from reader.documents import html_fragment_text
from reader.errors import RefusedFile
from reader.formats.common import clean_text, make_document, part_path, read_bytes, to_iso
from reader.models import Refusal, SourceDocument


def read(file: Path) -> Iterator[SourceDocument | Refusal]:
    import feedparser

    # a stream, never a string: feedparser fetches a string that looks like a URL or a file name
    feed = feedparser.parse(io.BytesIO(read_bytes(file)), resolve_relative_uris=False, sanitize_html=True)
    if not feed.get("version") and not feed.entries:
        raise RefusedFile(str(file), "is not an RSS or Atom feed")
    if not feed.entries:
        raise RefusedFile(str(file), "is a feed with no items")
    source = " ".join(feed.feed.get("title", "").split())
    seen: dict[str, int] = {}
    for number, entry in enumerate(feed.entries, start=1):
        part = entry.get("id") or entry.get("link") or str(number)
        seen[part] = seen.get(part, 0) + 1
        if seen[part] > 1:
            part = f"{part}~{seen[part]}"
        text = clean_text(_entry_text(entry))
        if not text.strip():
            yield Refusal(part_path(file, part), "this feed item has no text, only a headline")
            continue
        yield make_document(
            file, text, part=part, title=entry.get("title"),
            published=_date(entry.get("published_parsed") or entry.get("updated_parsed")),
            meta={"link": entry.get("link"), "author": entry.get("author"), "source": source},
        )


def _entry_text(entry) -> str:
    """The item's fullest body: its content, else its summary, as text with paragraphs."""
    candidates = [*entry.get("content", []), entry.get("summary_detail") or {}]
    best = ""
    for candidate in candidates:
        value = candidate.get("value") or ""
        text = value if candidate.get("type") == "text/plain" else html_fragment_text(value)
        if len(text) > len(best):
            best = text
    return best


def _date(parsed: time.struct_time | None) -> str | None:
    return to_iso(time.strftime("%Y-%m-%d", parsed)) if parsed else None
