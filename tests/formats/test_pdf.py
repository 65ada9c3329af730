"""PDF files: the text layer as paragraphs, page breaks, title and date, and the PDFs refused."""
from __future__ import annotations

from pathlib import Path

import pytest

from reader.errors import RefusedFile
from reader.formats import read_documents
from tests.formats.writers import ARTICLES, write_pdf, write_scanned_pdf

ARTICLE = ARTICLES[0]


def read_one(path: Path):
    documents = list(read_documents(path))
    assert len(documents) == 1
    return documents[0]


def test_text_layer_reads_as_the_articles_paragraphs(tmp_path):
    document = read_one(write_pdf(tmp_path / "talks.pdf", ARTICLE))

    # lines wrapped by the PDF are joined again: each paragraph is one line of text
    assert document.text == "\n\n".join([ARTICLE.title, "March 3, 2022", *ARTICLE.paragraphs])
    assert document.title == ARTICLE.title  # from the PDF's metadata
    assert document.published == "2022-03-03"  # printed at the top (the file was made today)
    assert document.meta == {"pages": 1, "author": "Jane Doe"}
    assert document.path == str((tmp_path / "talks.pdf").resolve())


def test_a_page_break_ends_a_paragraph_and_running_headers_and_page_numbers_go(tmp_path):
    path = write_pdf(tmp_path / "two-pages.pdf", ARTICLE, running_header="Caucasus Review | weekly briefing",
                     page_break_after=1)
    document = read_one(path)

    assert document.meta["pages"] == 2
    assert document.text.split("\n\n")[2:] == list(ARTICLE.paragraphs)
    assert "weekly briefing" not in document.text
    assert not any(line.strip().isdigit() for line in document.text.split("\n"))


def test_without_a_title_in_the_metadata_the_big_headline_is_the_title(tmp_path):
    document = read_one(write_pdf(tmp_path / "x.pdf", ARTICLES[1], title_in_metadata=False))
    assert document.title == "Russian peacekeepers leave Karabakh"


def test_a_scanned_pdf_is_refused_for_having_no_text_layer(tmp_path):
    path = write_scanned_pdf(tmp_path / "scan.pdf")
    with pytest.raises(RefusedFile) as refused:
        list(read_documents(path))
    assert str(refused.value) == f"{path}: no text layer (scanned?); OCR is not supported"


@pytest.mark.parametrize("content", [b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ntruncated", b"<html>not a pdf</html>"])
def test_a_damaged_pdf_is_refused_by_name(tmp_path, content):
    path = tmp_path / "broken.pdf"
    path.write_bytes(content)
    with pytest.raises(RefusedFile) as refused:
        list(read_documents(path))
    assert refused.value.path == str(path)
    assert "is not a readable PDF" in refused.value.reason


def test_a_password_protected_pdf_is_refused_as_such(tmp_path):
    path = write_pdf(tmp_path / "locked.pdf", ARTICLE, password="secret")
    with pytest.raises(RefusedFile, match="password-protected"):
        list(read_documents(path))


def test_a_multi_column_gap_and_an_indent_start_new_paragraphs(tmp_path):
    """Text drawn line by line, as many producers do: indented first lines and no spacing."""
    from reportlab.pdfgen.canvas import Canvas

    from tests.formats.writers import _pdf_font

    font = _pdf_font()
    path = tmp_path / "indented.pdf"
    canvas = Canvas(str(path))
    canvas.setFont(font, 11)
    lines = [(90, "Armenia and Azerbaijan resumed talks on Monday after a pause of"),
             (72, "several months, according to officials in both capitals."),
             (90, "Charles Michel said the next meeting would be held in Brussels in"),
             (72, "April, with Olaf Scholz and Emmanuel Macron also attending the talks.")]
    y = 760
    for x, line in lines:
        canvas.drawString(x, y, line)
        y -= 14
    canvas.save()

    document = read_one(path)

    assert document.text.split("\n\n") == [
        "Armenia and Azerbaijan resumed talks on Monday after a pause of several months, according to officials "
        "in both capitals.",
        "Charles Michel said the next meeting would be held in Brussels in April, with Olaf Scholz and Emmanuel "
        "Macron also attending the talks."]
