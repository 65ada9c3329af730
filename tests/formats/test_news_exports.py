"""Exports from news databases (Nexis, Factiva) split into one document per article."""
from __future__ import annotations

from reader.formats import read_documents
from tests.formats.writers import ARTICLES, nexis_lines, write_factiva_rtf, write_nexis_docx


def test_a_nexis_docx_splits_into_its_articles_with_their_own_fields(tmp_path):
    path = write_nexis_docx(tmp_path / "nexis.docx", ARTICLES)

    documents = list(read_documents(path))

    assert [d.path for d in documents] == [f"{path.resolve()}#{n}" for n in (1, 2, 3)]
    assert [d.title for d in documents] == [a.title for a in ARTICLES]
    assert [d.published for d in documents] == ["2022-03-03", "2024-04-19", "2022-09-14"]
    assert [d.text for d in documents] == [f"{a.title}\n\n{a.body}" for a in ARTICLES]  # no cover page, no fields
    assert documents[1].meta == {"export": "Nexis", "source": "Baku Daily", "byline": "Anna Lee",
                                 "section": "WORLD; Pg. 4", "words_in_source": "44"}


def test_a_factiva_rtf_splits_on_its_document_numbers(tmp_path):
    path = write_factiva_rtf(tmp_path / "factiva.rtf", ARTICLES)

    documents = list(read_documents(path))

    assert len(documents) == 3
    assert [d.title for d in documents] == [a.title for a in ARTICLES]
    assert [d.published for d in documents] == ["2022-03-03", "2024-04-19", "2022-09-14"]
    assert [d.text for d in documents] == [f"{a.title}\n\n{a.body}" for a in ARTICLES]
    assert documents[2].meta == {"export": "Factiva", "source": "Yerevan Times", "byline": "By Levon Sargsyan",
                                 "document_id": "CAUREV002020220914ei3300003x", "words_in_source": "36"}
    assert documents[2].path.endswith("#CAUREV002020220914ei3300003x")


def test_factivas_coded_format_in_a_text_file(tmp_path):
    path = tmp_path / "factiva.txt"
    path.write_text(
        "HD Baku and Yerevan trade accusations\nBY Anna Lee\nWC 512 words\nPD 4 March 2022\n"
        "SN Financial Times\nSC FTFTA\nLA English\nCY Copyright 2022 The Financial Times Limited\n"
        "LP Azerbaijan accused Armenia of shelling.\nTD Armenia denied it.\nThe talks continue.\n"
        "CO minafa : Ministry of Foreign Affairs\nAN Document FTFTA00020220304ei340001k\n", encoding="utf-8")

    [document] = read_documents(path)

    assert document.title == "Baku and Yerevan trade accusations"
    assert document.published == "2022-03-04"
    assert document.text == ("Baku and Yerevan trade accusations\n\nAzerbaijan accused Armenia of shelling."
                             "\n\nArmenia denied it.\nThe talks continue.")
    assert document.meta["source"] == "Financial Times" and document.meta["byline"] == "Anna Lee"


def test_a_nexis_text_export_keeps_its_line_breaks_inside_the_body(tmp_path):
    article = ARTICLES[2]
    lines = nexis_lines(article)
    lines[lines.index("Body") + 1] = "Armenia accused Azerbaijan of shelling\npositions near Jermuk overnight."
    path = tmp_path / "nexis.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    [document] = read_documents(path)

    assert document.text.startswith(f"{article.title}\n\nArmenia accused Azerbaijan of shelling\npositions near")
    assert document.published == "2022-09-14"


def test_an_ordinary_text_mentioning_end_of_document_stays_one_document(tmp_path):
    path = tmp_path / "memo.txt"
    path.write_text("Memo on the talks\n\nThe parties met in Brussels.\n\nEnd of Document\n", encoding="utf-8")
    [document] = read_documents(path)
    assert document.path == str(path.resolve())
    assert document.text == path.read_text(encoding="utf-8")


def test_an_article_whose_header_is_not_recognised_is_kept_whole(tmp_path):
    odd = ["Letter to the editor", "Sir, the talks in Brussels deserve more attention.", "End of Document"]
    path = tmp_path / "nexis.txt"
    path.write_text("\n".join(nexis_lines(ARTICLES[0]) + odd) + "\n", encoding="utf-8")

    documents = list(read_documents(path))

    assert [d.title for d in documents] == [ARTICLES[0].title, "Letter to the editor"]
    assert documents[1].text == "Letter to the editor\nSir, the talks in Brussels deserve more attention."
    assert documents[1].path.endswith("#2")
