"""Text, Markdown and HTML files (read by reader.documents); a text file may be a news export."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from reader.documents import read_document
from reader.formats.news_exports import as_documents, split_export
from reader.models import SourceDocument


def read(file: Path) -> Iterator[SourceDocument]:
    source = read_document(file)
    if file.suffix.lower() == ".txt" and (articles := split_export(source.text)):
        yield from as_documents(file, articles)
    else:
        yield source
