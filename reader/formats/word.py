"""Word .docx files through python-docx: paragraphs and tables in order, title, date; news exports split."""
from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

from reader.dates import text_date
from reader.errors import RefusedFile
from reader.formats.common import clean_text, make_document, open_zip, read_bytes, to_iso
from reader.formats.news_exports import as_documents, split_export
from reader.models import SourceDocument

_HEADING_STYLES = ("title", "heading 1", "heading1")


def read(file: Path) -> Iterator[SourceDocument]:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    data = read_bytes(file)
    open_zip(data, file, "Word document").close()
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError):
        raise RefusedFile(str(file), "is not a readable Word document: it has no document part"
                                     " (damaged, or not a .docx)") from None
    paragraphs = list(_paragraphs(document))
    text = clean_text("\n\n".join(text for text, _ in paragraphs))
    if not text.strip():
        raise RefusedFile(str(file), "contains no text")
    if articles := split_export(text):
        yield from as_documents(file, articles)
        return
    properties = document.core_properties
    title = (properties.title or "").strip() or next(
        (text for text, block in paragraphs[:10] if _style(block).startswith(_HEADING_STYLES)), None)
    yield make_document(
        file, text, title=title,
        # a date written at the top is the article's; the file's own dates are when it was made
        published=text_date(text) or to_iso(properties.created) or to_iso(properties.modified),
        meta={"author": (properties.author or "").strip()},
    )


def _paragraphs(document) -> Iterator[tuple[str, object]]:
    """(text, paragraph or table) of each paragraph in body order; a table row is one paragraph."""
    from docx.table import Table

    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                cells = _unique(" ".join(cell.text.split()) for cell in row.cells)
                if line := " | ".join(c for c in cells if c):
                    yield line, block
        else:
            lines = (" ".join(line.split()) for line in block.text.split("\n"))
            if text := "\n".join(line for line in lines if line):
                yield text, block


def _style(block) -> str:
    """A paragraph's style name, lower case ("" for a table); asked only of the first few (it is slow)."""
    from docx.table import Table

    if isinstance(block, Table) or block.style is None:
        return ""
    return (block.style.name or "").lower()


def _unique(cells) -> list[str]:
    """Row cells with merged cells (python-docx repeats them) given once."""
    out: list[str] = []
    for cell in cells:
        if not out or cell != out[-1]:
            out.append(cell)
    return out
