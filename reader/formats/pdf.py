"""PDF files through PDFium (pypdfium2): the text layer as paragraphs, page breaks kept, title and date.

Lines are rejoined into paragraphs from their geometry (a wider gap than the page's line
spacing, an indent, a change of size or column ends a paragraph); running headers, footers
and page numbers are dropped; each page ends a paragraph. A PDF without a text layer
(a scan) is refused: Reader does no OCR.
"""
from __future__ import annotations

import ctypes
import re
import statistics
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from reader.dates import text_date
from reader.errors import RefusedFile
from reader.formats.common import clean_text, make_document, read_bytes, to_iso
from reader.formats.news_exports import as_documents, split_export
from reader.models import SourceDocument

NO_TEXT_LAYER = "no text layer (scanned?); OCR is not supported"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_PAGE_NUMBER = re.compile(r"(?:page\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:of|/)\s*\d{1,4})?", re.IGNORECASE)
_SOFT_HYPHENS = "\x02\xad\ufffe"
_JUNK_TITLE = re.compile(r"untitled.*|\(unspecified\)|microsoft (word|powerpoint) - .*|.*\.(docx?|pdf|indd|rtf|odt|txt)"
                         r"|[\W\d_]*", re.IGNORECASE)  # titles that producers fill in by themselves


@dataclass(frozen=True)
class _Line:
    text: str
    left: float
    right: float
    baseline: float
    size: float


def read(file: Path) -> Iterator[SourceDocument]:
    import pypdfium2 as pdfium

    name = str(file)
    try:
        pdf = pdfium.PdfDocument(read_bytes(file))
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise RefusedFile(name, "is password-protected; Reader cannot open encrypted PDFs") from None
        raise RefusedFile(name, "is not a readable PDF: it is damaged or not a PDF") from None
    try:
        pages = [_page_lines(pdf[index]) for index in range(len(pdf))]
        metadata = pdf.get_metadata_dict()
    finally:
        pdf.close()
    if not any(line.text.strip() for page in pages for line in page):
        raise RefusedFile(name, NO_TEXT_LAYER)
    pages = _without_running_lines(pages)
    text = clean_text("\n\n".join(p for p in (_paragraphs(lines) for lines in pages) if p))
    if articles := split_export(text):
        yield from as_documents(file, articles)
        return
    title = metadata.get("Title", "").strip()
    if not title or _JUNK_TITLE.fullmatch(title):
        title = _heading(pages[0]) if pages[0] else ""
    empty = [str(number) for number, page in enumerate(pages, start=1) if not page]
    yield make_document(
        file, text, title=title,
        # a date printed at the top is the article's; the file's own date is when it was made
        published=text_date(text) or to_iso(_pdf_date(metadata.get("CreationDate", ""))),
        meta={"pages": len(pages), "author": metadata.get("Author", "").strip(),
              "pages_without_text": ", ".join(empty)},
    )


def _page_lines(page) -> list[_Line]:
    """The page's text lines in PDFium's reading order, with where each stands and its size."""
    import pypdfium2.raw as raw

    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        text = textpage.get_text_range(0, count) if count > 0 else ""
        aligned = len(text) == count  # one character per index (no surrogate pairs)
        x, y = ctypes.c_double(), ctypes.c_double()
        lines, start = [], 0
        for match in [*_LINE_BREAK.finditer(text), None]:
            end = match.start() if match else len(text)
            raw_line = text[start:end]
            stripped = raw_line.strip()
            if stripped:
                first = start + raw_line.index(stripped[0])
                last = start + raw_line.rindex(stripped[-1])
                if aligned:
                    left = textpage.get_charbox(first)[0]
                    right = textpage.get_charbox(last)[2]
                    raw.FPDFText_GetCharOrigin(textpage, first, x, y)
                    lines.append(_Line(stripped, left, right, y.value, raw.FPDFText_GetFontSize(textpage, first)))
                else:
                    lines.append(_Line(stripped, 0.0, 0.0, -float(len(lines)) * 12, 10.0))
            start = match.end() if match else len(text)
        return lines
    finally:
        textpage.close()
        page.close()


def _without_running_lines(pages: list[list[_Line]]) -> list[list[_Line]]:
    """Pages without their page numbers and the headers and footers repeated on most pages."""
    def key(line: _Line) -> str:
        return re.sub(r"\d+", "#", " ".join(line.text.lower().split()))

    edges = [{id(line) for line in page[:2] + page[-2:]} for page in pages]
    counts = Counter(k for page in pages for k in {key(line) for line in page[:2] + page[-2:]})
    repeated = {k for k, n in counts.items() if len(pages) >= 2 and n >= max(2, len(pages) / 2)}
    return [[line for line in page if id(line) not in edge
             or not (_PAGE_NUMBER.fullmatch(line.text) or key(line) in repeated)]
            for page, edge in zip(pages, edges)]


def _paragraphs(lines: list[_Line]) -> str:
    """One page's lines joined into paragraphs separated by blank lines."""
    if not lines:
        return ""
    # the line spacing inside a paragraph: the smallest between lines of one size (not overlapping)
    spacings = [a.baseline - b.baseline for a, b in zip(lines, lines[1:])
                if 0.8 * a.size <= a.baseline - b.baseline < 3 * max(a.size, 1) and _same_size(a, b)]
    usual = min(spacings) if spacings else None
    right_edge = max(line.right for line in lines)
    paragraphs, current = [], lines[0].text
    for a, b in zip(lines, lines[1:]):
        if _breaks(a, b, usual, right_edge):
            paragraphs.append(current)
            current = b.text
        elif a.text[-1] in _SOFT_HYPHENS:
            current = current[:-1] + b.text
        elif a.text.endswith("-") and a.text[-2:-1].isalpha():
            current += b.text  # "Nagorno-" + "Karabakh"
        else:
            current += " " + b.text
    paragraphs.append(current)
    return "\n\n".join(p.strip(_SOFT_HYPHENS) for p in paragraphs)


def _breaks(a: _Line, b: _Line, usual: float | None, right_edge: float) -> bool:
    spacing = a.baseline - b.baseline
    size = max(a.size, b.size, 1.0)
    if spacing <= 0 or not _same_size(a, b) or spacing > 3 * size:
        return True  # a new column, a heading, or a wide gap
    if spacing > (usual * 1.3 + 0.5 if usual is not None else 0) and spacing > 1.45 * size:
        return True  # space between paragraphs
    if b.left > a.left + size and a.right < right_edge - 2 * size:
        return True  # a short last line, then an indented first line
    return a.text.endswith((".", "!", "?", ":", "”", '"')) and a.right < right_edge - 4 * size


def _same_size(a: _Line, b: _Line) -> bool:
    return abs(a.size - b.size) <= 0.15 * max(a.size, b.size, 1.0)


def _heading(lines: list[_Line]) -> str:
    """The largest text at the top of the first page, when it stands out from the body."""
    top = lines[:10]
    body = statistics.median(line.size for line in lines)
    biggest = max(top, key=lambda line: line.size)
    if biggest.size < body * 1.15:
        return ""
    first = top.index(biggest)
    words = [biggest.text]
    for line in top[first + 1:]:
        if abs(line.size - biggest.size) > 0.5:
            break
        words.append(line.text)
    return " ".join(words)


def _pdf_date(value: str) -> str | None:
    """ "D:20220303120000+00'00'" -> "2022-03-03"."""
    match = re.match(r"(?:D:)?(\d{4})(\d{2})(\d{2})", value.strip())
    return f"{match.group(1)}-{match.group(2)}-{match.group(3)}" if match else None
