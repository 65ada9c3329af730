"""RTF files (and the .doc files news databases export, which are RTF inside) through striprtf."""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from reader.dates import iso_date, text_date
from reader.errors import RefusedFile
from reader.formats.common import clean_text, make_document, read_bytes
from reader.formats.news_exports import as_documents, split_export
from reader.models import SourceDocument

_CODEPAGE = re.compile(rb"\\ansicpg(\d+)")
_INFO_TITLE = re.compile(r"\{\\title\s+([^{}]*)\}")
_CREATED = re.compile(r"\{\\creatim\\yr(\d{4})\\mo(\d{1,2})\\dy(\d{1,2})")
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read(file: Path) -> Iterator[SourceDocument]:
    from striprtf.striprtf import rtf_to_text

    data = read_bytes(file)
    if not data.lstrip()[:5] == b"{\\rtf":
        if data.startswith(_OLE2):
            raise RefusedFile(str(file), "is an old binary Word file; save it as .docx and import that")
        raise RefusedFile(str(file), "is not an RTF document (it does not start with {\\rtf)")
    codepage = _CODEPAGE.search(data[:4096])
    encoding = f"cp{codepage.group(1).decode()}" if codepage else "cp1252"
    try:
        "".encode(encoding)
    except LookupError:
        encoding = "cp1252"
    # RTF is 7-bit: characters beyond ASCII are \'xx escapes in the code page, or \uN
    rtf = data.decode("latin-1")
    text = rtf_to_text(rtf, encoding=encoding, errors="replace")
    lines = (" ".join(line.split()) for line in text.split("\n"))
    text = clean_text("\n\n".join(line for line in lines if line))  # each \par is a paragraph
    if not text:
        raise RefusedFile(str(file), "contains no text")
    if articles := split_export(text):
        yield from as_documents(file, articles)
        return
    title = _INFO_TITLE.search(rtf[:20000])
    created = _CREATED.search(rtf[:20000])
    yield make_document(
        file, text, title=rtf_to_text(title.group(1), encoding=encoding, errors="replace") if title else None,
        # a date written at the top is the article's; the file's own date is when it was made
        published=text_date(text) or (iso_date("{}-{:0>2}-{:0>2}".format(*created.groups())) if created else None),
    )
