"""Single-file web pages (.mhtml, .mht): the saved page's HTML through the .html extraction.

Only the HTML part is read; images, styles and scripts saved beside it are ignored, and
nothing is ever fetched.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from reader.documents import html_main_text
from reader.errors import RefusedFile
from reader.formats.common import clean_text, make_document, read_bytes
from reader.formats.mail import parse_message, part_text
from reader.models import SourceDocument


def read(file: Path) -> Iterator[SourceDocument]:
    archive = parse_message(read_bytes(file))
    page = next((part for part in archive.walk() if part.get_content_type() == "text/html"), None)
    if page is None:
        raise RefusedFile(str(file), "is not a web archive: it holds no HTML page")
    text, title, published = html_main_text(part_text(page))
    text = clean_text(text)
    if not text.strip():
        raise RefusedFile(str(file), "no article text was found in this web archive")
    link = archive["Snapshot-Content-Location"] or page["Content-Location"] or ""
    yield make_document(file, text, title=title, published=published,
                        meta={"link": str(link).strip()})
