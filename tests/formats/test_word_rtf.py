"""Word (.docx) and RTF files: paragraphs, tables, title and date; damaged files refused by name."""
from __future__ import annotations

import zipfile
from datetime import datetime, timezone

import pytest

from reader.errors import RefusedFile
from reader.formats import read_documents
from tests.formats.writers import ARTICLES, rtf, write_docx

ARTICLE = ARTICLES[0]


def test_docx_paragraphs_title_and_the_date_written_at_the_top(tmp_path):
    [document] = read_documents(write_docx(tmp_path / "talks.docx", ARTICLE))

    assert document.text == "\n\n".join([ARTICLE.title, "Caucasus Review, 03 March 2022", *ARTICLE.paragraphs])
    assert document.title == ARTICLE.title
    assert document.published == "2022-03-03"  # the dateline, not the file's creation (2030)
    assert document.meta == {"author": "Jane Doe"}


def test_docx_without_a_core_title_or_dateline_takes_its_heading_and_core_date(tmp_path):
    [document] = read_documents(write_docx(tmp_path / "x.docx", ARTICLES[1], core_title=False, dated_text=False))

    assert document.title == "Russian peacekeepers leave Karabakh"  # the Title-styled paragraph
    assert document.published == "2024-04-19"  # core properties: created


def test_docx_tables_are_read_in_place_a_row_per_paragraph(tmp_path):
    import docx

    word = docx.Document()
    word.add_paragraph("Casualty figures by side")
    table = word.add_table(rows=2, cols=2)
    for row, cells in zip(table.rows, [("Armenia", "105"), ("Azerbaijan", "80")]):
        for cell, value in zip(row.cells, cells):
            cell.text = value
    word.add_paragraph("Figures from the ministries in Yerevan and Baku.")
    word.save(str(tmp_path / "table.docx"))

    [document] = read_documents(tmp_path / "table.docx")
    assert document.text == ("Casualty figures by side\n\nArmenia | 105\n\nAzerbaijan | 80\n\n"
                             "Figures from the ministries in Yerevan and Baku.")


@pytest.mark.parametrize("make", ["not a zip", "zip without a document"])
def test_a_damaged_docx_is_refused_by_name(tmp_path, make):
    path = tmp_path / "broken.docx"
    if make == "not a zip":
        path.write_bytes(b"PK\x03\x04 this is no zip at all")
    else:
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("hello.txt", "no word document in here")
    with pytest.raises(RefusedFile) as refused:
        list(read_documents(path))
    assert refused.value.path == str(path)
    assert "Word document" in refused.value.reason


def test_rtf_paragraphs_title_accents_and_date(tmp_path):
    path = tmp_path / "note.rtf"
    path.write_text(rtf(["Talks in Brussels", "3 March 2022", "Türkiye and Azerbaijan’s foreign ministers met.",
                         "Braces {stay} and back\\slashes too."], title="Brussels café talks"), encoding="ascii")

    [document] = read_documents(path)

    assert document.text == ("Talks in Brussels\n\n3 March 2022\n\nTürkiye and Azerbaijan’s foreign ministers met."
                             "\n\nBraces {stay} and back\\slashes too.")
    assert document.title == "Brussels café talks"
    assert document.published == "2022-03-03"


def test_an_rtf_saved_as_doc_is_read_and_a_binary_doc_is_refused_with_advice(tmp_path):
    exported = tmp_path / "export.doc"
    exported.write_text(rtf(["Border clashes reported near Jermuk", "Armenia accused Azerbaijan of shelling."]))
    [document] = read_documents(exported)
    assert document.title == "Border clashes reported near Jermuk"

    binary = tmp_path / "old.doc"
    binary.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(RefusedFile, match="old binary Word file; save it as .docx"):
        list(read_documents(binary))


def test_core_date_is_used_only_without_a_date_in_the_text(tmp_path):
    import docx

    word = docx.Document()
    word.add_paragraph("Minutes of the meeting on border delimitation between the two commissions")
    word.core_properties.created = datetime(2023, 5, 6, tzinfo=timezone.utc)
    word.save(str(tmp_path / "minutes.docx"))
    [document] = read_documents(tmp_path / "minutes.docx")
    assert document.published == "2023-05-06"
