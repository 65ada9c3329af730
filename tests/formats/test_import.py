"""Every format through a real import with the real model: offsets, verdicts, re-import, the schema."""
from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from reader.cli import main
from reader.library import Library
from reader.storage import database
from tests.formats.writers import (ARTICLES, atom, message, rss, write_docx, write_eml, write_epub, write_factiva_rtf,
                                   write_mbox, write_mhtml, write_nexis_docx, write_pdf, write_scanned_pdf)


def edition(name: str) -> tuple:
    """The articles as one outlet filed them: the same story with a line of its own."""
    return tuple(replace(a, paragraphs=(*a.paragraphs, f"Filed for the {name} edition.")) for a in ARTICLES)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A folder with files of each format (22 articles), plus a damaged PDF, a damaged DOCX and a scan."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    write_pdf(folder / "talks.pdf", edition("PDF")[0])
    write_docx(folder / "peacekeepers.docx", edition("Word")[1])
    write_eml(folder / "clashes.eml", message(edition("mail")[2], attachment="map.png"))
    write_mbox(folder / "inbox.mbox", [message(a, message_id=f"<in{n}@example.org>") for n, a in enumerate(ARTICLES)])
    write_mhtml(folder / "page.mhtml", edition("web")[0])
    write_epub(folder / "review.epub", edition("book"))
    (folder / "wire.rss").write_text(rss(edition("RSS")), encoding="utf-8")
    (folder / "feed.atom").write_text(atom(edition("Atom")), encoding="utf-8")
    write_nexis_docx(folder / "nexis.docx", edition("Nexis"))
    write_factiva_rtf(folder / "factiva.rtf", edition("Factiva"))
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog")
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 damaged in transfer")
    write_scanned_pdf(folder / "scan.pdf")
    return folder


def test_a_folder_of_every_format_imports_and_every_mention_slices_its_text(empty_library: Library, corpus: Path):
    report = empty_library.import_paths([corpus])

    refused = {Path(r.path).name: r.reason for r in report.refused}
    assert sorted(refused) == ["broken.docx", "broken.pdf", "scan.pdf"]
    assert refused["scan.pdf"] == "no text layer (scanned?); OCR is not supported"
    documents = empty_library.documents()
    assert len(report.added) == len(documents) == 22 and report.duplicates == []
    assert report.analysed == 22
    per_file = Counter(Path(d.path.split("#")[0]).name for d in documents)
    assert per_file == {"talks.pdf": 1, "peacekeepers.docx": 1, "clashes.eml": 1, "inbox.mbox": 3, "page.mhtml": 1,
                        "review.epub": 3, "wire.rss": 3, "feed.atom": 3, "nexis.docx": 3, "factiva.rtf": 3}

    texts = {d.id: empty_library.document(d.id).text for d in documents}
    mentions = empty_library.mentions()
    assert len(mentions) > 100
    for m in mentions:
        assert texts[m.mention.document_id][m.mention.start:m.mention.end] == m.mention.text

    pashinyan = empty_library.entity("Nikol Pashinyan")
    assert pashinyan.label == "PERSON" and pashinyan.documents >= 5  # linked across formats


def test_a_mailbox_message_is_found_by_its_path_and_carries_its_metadata(empty_library: Library, corpus: Path):
    empty_library.import_paths([corpus / "inbox.mbox"], analyse=False)

    document = empty_library.document(f"{(corpus / 'inbox.mbox').resolve()}#in1@example.org")

    assert document.title == ARTICLES[1].title and document.published == "2024-04-19"
    assert document.meta == {"from": "Anna Lee <anna@example.org>", "to": "Desk <desk@example.org>",
                             "message_id": "<in1@example.org>"}


def test_reimporting_a_changed_mailbox_updates_the_same_documents_and_keeps_notes(empty_library: Library,
                                                                               tmp_path: Path):
    path = tmp_path / "inbox.mbox"
    mails = [message(a, message_id=f"<in{n}@example.org>") for n, a in enumerate(ARTICLES)]
    write_mbox(path, mails)
    first = empty_library.import_paths([path], analyse=False)
    ids = {d.path: d.id for d in empty_library.documents()}
    target = empty_library.document(f"{path.resolve()}#in1@example.org")
    quote = "Dmitry Peskov told reporters"
    note = empty_library.notes.add_quote_note(target.id, quote, "who decided?")

    changed = message(ARTICLES[1], message_id="<in1@example.org>")
    changed.set_content("UPDATE: a correction was added at the top.\n\n" + ARTICLES[1].body + "\n")
    renamed = message(ARTICLES[2], message_id="<in2@example.org>")
    renamed.replace_header("Subject", "Border clashes reported near Jermuk (updated)")
    new = message(ARTICLES[0], message_id="<in3@example.org>")
    new.set_content("A new message about Brussels and the talks between Armenia and Azerbaijan.\n")
    write_mbox(path, [mails[0], changed, renamed, new])
    second = empty_library.import_paths([path], analyse=False)

    assert len(first.added) == 3
    assert second.unchanged == [f"{path.resolve()}#in0@example.org"]
    assert second.updated == [ids[f"{path.resolve()}#in1@example.org"], ids[f"{path.resolve()}#in2@example.org"]]
    assert len(second.added) == 1 and second.refused == []
    assert {d.path: d.id for d in empty_library.documents()}.items() >= ids.items()  # same ids
    moved = empty_library.notes.get(note.id)
    text = empty_library.document(target.id).text
    assert moved.status == "anchored" and moved.start > note.start and text[moved.start:moved.end] == quote
    assert empty_library.document(ids[f"{path.resolve()}#in2@example.org"]).title.endswith("(updated)")


def test_a_library_of_the_previous_schema_gains_the_meta_column(tmp_path: Path, analyser):
    path = tmp_path / "old.db"
    connection = sqlite3.connect(path)
    for number in range(database.SCHEMA_VERSION - 1):
        for statement in database._statements(database.MIGRATIONS[number]):
            connection.execute(statement)
    connection.execute(f"PRAGMA user_version = {database.SCHEMA_VERSION - 1}")
    connection.execute("INSERT INTO documents (path, title, content_hash, text, words, imported_at)"
                       " VALUES ('/old/a.txt', 'Old', 'h', 'Old text', 2, '2024-01-01')")
    connection.commit()
    connection.close()

    library = Library(path, analyser=analyser)
    try:
        assert database.schema_version(library.db) == database.SCHEMA_VERSION
        assert library.document("/old/a.txt").meta == {}
    finally:
        library.close()


def test_the_command_line_lists_refusals_and_shows_a_message(tmp_path: Path, corpus: Path, capsys):
    db = str(tmp_path / "cli.db")
    code = main(["--library", db, "import", "--no-analyze", str(corpus)])
    out, err = capsys.readouterr()
    assert code == 1  # some files were refused
    assert f"refused: {corpus / 'scan.pdf'}: no text layer (scanned?); OCR is not supported" in err
    assert f"refused: {corpus / 'broken.docx'}:" in err

    code = main(["--library", db, "show", f"{(corpus / 'inbox.mbox').resolve()}#in2@example.org"])
    out, _ = capsys.readouterr()
    assert code == 0
    assert out.startswith(f"# {ARTICLES[2].title}\n{(corpus / 'inbox.mbox').resolve()}#in2@example.org\n2022-09-14\n")
