"""E-mail, mailboxes and single-file web pages: a document per message, attachments named only."""
from __future__ import annotations

import pytest

from reader.errors import RefusedFile
from reader.formats import read_documents
from reader.models import Refusal
from tests.formats.writers import ARTICLES, message, write_eml, write_mbox, write_mhtml

ARTICLE = ARTICLES[0]


def test_eml_plain_text_subject_date_sender_and_attachments_named(tmp_path):
    mail = message(ARTICLE, attachment="ceasefire-map.pdf", message_id="<talks-1@example.org>")
    [document] = read_documents(write_eml(tmp_path / "talks.eml", mail))

    assert document.title == ARTICLE.title
    assert document.published == "2022-03-03"
    assert document.text == ("From: Jane Doe <jane@example.org>\nTo: Desk <desk@example.org>\n"
                             "Date: Thu, 03 Mar 2022 09:00:00 +0000\n\n" + ARTICLE.body
                             + "\n\nAttachments: ceasefire-map.pdf")
    assert document.meta == {"from": "Jane Doe <jane@example.org>", "to": "Desk <desk@example.org>",
                             "message_id": "<talks-1@example.org>", "attachments": ["ceasefire-map.pdf"]}
    assert "%PDF" not in document.text  # the attachment is named, not imported


def test_an_html_only_message_goes_through_the_html_extraction(tmp_path, no_network):
    [document] = read_documents(write_eml(tmp_path / "newsletter.eml", message(ARTICLES[1], html=True)))

    assert document.text.endswith(ARTICLES[1].body)
    assert "Unsubscribe" not in document.text and "<p>" not in document.text
    assert document.title == ARTICLES[1].title


def test_an_eml_that_is_no_message_is_refused(tmp_path):
    path = tmp_path / "notes.eml"
    path.write_text("just some words\nwith no headers at all\n")
    with pytest.raises(RefusedFile, match="is not an e-mail"):
        list(read_documents(path))


def test_mbox_gives_one_document_per_message_known_by_its_message_id(tmp_path):
    mails = [message(article, message_id=f"<m{n}@example.org>") for n, article in enumerate(ARTICLES)]
    path = write_mbox(tmp_path / "inbox.mbox", mails)

    documents = list(read_documents(path))

    assert [d.path for d in documents] == [f"{path.resolve()}#m{n}@example.org" for n in range(3)]
    assert [d.title for d in documents] == [a.title for a in ARTICLES]
    assert [d.published for d in documents] == ["2022-03-03", "2024-04-19", "2022-09-14"]
    assert [d.meta["from"] for d in documents] == [
        "Jane Doe <jane@example.org>", "Anna Lee <anna@example.org>", "Levon Sargsyan <levon@example.org>"]
    assert all(d.text.endswith(a.body) for d, a in zip(documents, ARTICLES))


def test_mbox_messages_without_an_id_and_twice_saved_ones_stay_distinct(tmp_path):
    first, second = message(ARTICLES[0]), message(ARTICLES[1])
    del first["Message-ID"], second["Message-ID"]
    twice = message(ARTICLES[2], message_id="<same@example.org>")
    path = write_mbox(tmp_path / "box.mbox", [first, second, twice, twice])

    paths = [d.path.split("#", 1)[1] for d in read_documents(path)]
    assert paths == ["1", "2", "same@example.org", "same@example.org~2"]


def test_a_damaged_message_in_a_mailbox_is_refused_alone(tmp_path):
    path = write_mbox(tmp_path / "box.mbox", [message(ARTICLES[0], message_id="<ok@example.org>")])
    with path.open("ab") as box:
        box.write(b"From nobody Mon Jan  1 00:00:00 2024\n\n\n")  # a message with nothing in it
    items = list(read_documents(path))
    assert [type(i).__name__ for i in items] == ["SourceDocument", "Refusal"]
    assert isinstance(items[1], Refusal) and items[1].path == f"{path.resolve()}#2"
    assert items[1].reason == "this message has no headers and no text"


def test_a_file_that_is_no_mailbox_is_refused(tmp_path):
    path = tmp_path / "box.mbox"
    path.write_text("Dear all, the minutes are attached.\n")
    with pytest.raises(RefusedFile, match="is not an mbox mailbox"):
        list(read_documents(path))


def test_mhtml_reads_the_saved_page_and_nothing_remote(tmp_path, no_network):
    article = ARTICLES[2]
    [document] = read_documents(write_mhtml(tmp_path / "page.mhtml", article))

    assert document.text == "\n\n".join([article.title, *article.paragraphs])
    assert document.title == article.title
    assert document.published == "2022-09-14"  # the page's date, not when it was saved (2030)
    assert document.meta == {"link": f"https://news.example.org/{article.slug}"}


def test_an_mht_without_an_html_page_is_refused(tmp_path):
    path = tmp_path / "empty.mht"
    path.write_bytes(b"MIME-Version: 1.0\nContent-Type: text/plain\n\nno page here\n")
    with pytest.raises(RefusedFile, match="holds no HTML page"):
        list(read_documents(path))
