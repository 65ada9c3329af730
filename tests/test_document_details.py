"""What a reader does to a document: their own title and date (kept through re-imports), read and unread."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from reader.cli import main
from reader.errors import ReaderError
from reader.library import Library


def titled(library: Library, start: str):
    return next(d for d in library.documents() if d.title.startswith(start))


def test_a_reader_s_title_and_date_survive_a_re_import_of_the_file(empty_library: Library, tmp_path: Path):
    article = tmp_path / "article.txt"
    article.write_text("Merkel in Paris\n\nMarch 3, 2021. Angela Merkel met Emmanuel Macron in Paris.\n",
                       encoding="utf-8")
    empty_library.import_paths([article])
    (doc,) = empty_library.documents()
    assert (doc.title, doc.published) == ("Merkel in Paris", "2021-03-03")
    change = empty_library.set_document_details(doc.id, title="  Merkel and Macron  meet ", published="2021-03-04")
    assert change.documents_updated == {doc.id} and change.entities  # its entities' dates moved
    assert empty_library.import_paths([article]).unchanged == [str(article.resolve())]  # nothing new in the file
    shown = empty_library.document(doc.id)
    assert (shown.title, shown.published) == ("Merkel and Macron meet", "2021-03-04")
    article.write_text("Merkel in Paris\n\nMarch 3, 2021. Olaf Scholz met Emmanuel Macron in Berlin.\n",
                       encoding="utf-8")
    assert empty_library.import_paths([article]).updated == [doc.id]  # new text, the reader's title and date
    shown = empty_library.document(doc.id)
    assert (shown.title, shown.published) == ("Merkel and Macron meet", "2021-03-04")
    assert [h.id for h in empty_library.search("Macron meet")] == [doc.id]  # the title is searched


def test_a_date_taken_away_is_not_found_again_in_the_text(empty_library: Library, tmp_path: Path):
    article = tmp_path / "article.txt"
    article.write_text("Talks\n\nOn March 3, 2021 Angela Merkel met Emmanuel Macron in Paris.\n", encoding="utf-8")
    empty_library.import_paths([article])
    (doc,) = empty_library.documents()
    assert doc.published == "2021-03-03"
    empty_library.set_document_details(doc.id, published="")
    empty_library.analyse(everything=True)
    assert empty_library.document(doc.id).published is None


def test_the_timeline_counts_a_document_at_its_corrected_date(seeded: Library):
    caption = titled(seeded, "Russian forces in Qarabagh")
    entity = seeded.entity("Qarabagh")
    seeded.set_document_details(caption.id, published="May 5, 2019")
    seeded.analytics.refresh()
    days = {p.date: p.document_ids for p in seeded.analytics.timeline(entity.id)}
    assert days["2019-05-05"] == (caption.id,)
    assert caption.published not in days


@pytest.mark.parametrize("title, published, says", [
    ("   ", None, "title cannot be empty"),
    (None, "next Tuesday", "'next Tuesday' is not a day"),
    (None, "2024-13-01", "is not a day"),
])
def test_details_that_are_no_title_or_no_day_are_refused_and_nothing_changes(seeded, title, published, says):
    doc = seeded.documents()[0]
    with pytest.raises(ReaderError, match=says):
        seeded.set_document_details(doc.id, title=title, published=published)
    assert seeded.documents()[0] == doc


def test_opened_documents_are_read_and_the_list_can_show_only_unread_ones(seeded: Library):
    docs = seeded.lists.documents()
    assert not any(d.read for d in docs)
    assert seeded.mark_read(docs[0].id) is True
    assert seeded.mark_read(docs[0].id) is False  # read once: the first opening is kept
    assert [d.id for d in seeded.lists.documents(unread=True)] == [d.id for d in docs[1:]]
    assert seeded.lists.document_total(unread=True) == len(docs) - 1
    assert seeded.lists.documents()[0].read
    azerbaijan = seeded.entity("Azerbaijan")
    assert seeded.lists.read_group_total(azerbaijan.id) == 1
    seeded.mark_read(docs[0].id, read=False)
    assert seeded.lists.document_total(unread=True) == len(docs)
    assert seeded.lists.read_group_total(azerbaijan.id) == 0


def test_reader_document_set_changes_title_and_date(capsys, seeded: Library):
    doc = titled(seeded, "Russian forces in Qarabagh")
    path = str(seeded.path)
    code = main(["--library", path, "document", "set", str(doc.id), "--title", "Forces in Karabakh",
                 "--date", "2021-01-12"])
    assert code == 0 and "Forces in Karabakh" in capsys.readouterr().out
    code = main(["--library", path, "show", str(doc.id), "--json"])
    shown = json.loads(capsys.readouterr().out)
    assert (shown["title"], shown["published"]) == ("Forces in Karabakh", "2021-01-12")
    assert main(["--library", path, "document", "set", str(doc.id), "--date", "someday"]) == 1
    assert "'someday' is not a day" in capsys.readouterr().err


def test_an_older_library_gains_read_and_edited_columns(tmp_path: Path):
    from reader.storage import database

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    for number, script in enumerate(database.MIGRATIONS[:8], start=1):
        for statement in database._statements(script):
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {number}")
    conn.execute("INSERT INTO documents (path, title, content_hash, text, words, imported_at)"
                 " VALUES ('/a.txt', 'A', 'h', 'Anna Smith spoke.', 3, 'now')")
    conn.commit()
    conn.close()
    library = Library(path)
    try:
        assert [(d.title, d.read) for d in library.lists.documents()] == [("A", False)]
        library.set_document_details(1, title="Anna speaks")
        library.mark_read(1)
        assert [(d.title, bool(d.read)) for d in library.lists.documents()] == [("Anna speaks", True)]
    finally:
        library.close()


def test_importing_the_seeds_again_changes_nothing_not_even_a_day_found_in_the_text(seeded: Library):
    from tests.conftest import SEEDS

    caption = titled(seeded, "Russian forces in Qarabagh")
    assert caption.published == "2021-01-11"  # named in its opening, found at analysis
    report = seeded.import_paths([SEEDS])
    assert (report.added, report.updated, len(report.unchanged)) == ([], [], 5)
    assert seeded.document(caption.id).published == "2021-01-11"
