"""Importing, analysing and querying a real library file with the real model."""
from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from reader.errors import NotFound
from reader.library import Library
from tests.conftest import SEEDS


def test_seeds_import_with_titles_and_entities(seeded: Library):
    docs = seeded.documents()
    assert len(docs) == 5
    assert all(d.mentions > 10 and d.analysed_with.startswith("en_core_web_sm 3.8") for d in docs)
    titles = {d.title for d in docs}
    assert "Russia expresses concern over Azerbaijan-Armenia tensions" in titles


def test_azerbaijan_is_one_place_in_every_document(seeded: Library):
    matches = [e for e in seeded.entities() if e.name == "Azerbaijan"]
    assert len(matches) == 1
    assert matches[0].label == "GPE"
    assert matches[0].documents == 5
    surfaces = {m.mention.text for m in seeded.mentions(entity_id=matches[0].id)}
    assert surfaces == {"Azerbaijan"}


def test_every_mention_slices_its_document_exactly(seeded: Library):
    texts = {d.id: seeded.document(d.id).text for d in seeded.documents()}
    mentions = seeded.mentions()
    assert len(mentions) > 300
    for m in mentions:
        assert texts[m.mention.document_id][m.mention.start:m.mention.end] == m.mention.text
        assert m.context[m.context_start:m.context_end] == m.mention.text


def test_spans_are_cleaned_of_determiners_possessives_and_quotes(seeded: Library):
    surfaces = {m.mention.text for m in seeded.mentions()}
    assert not any(s.lower().startswith("the ") for s in surfaces)
    assert not any(s.endswith(("'s", "’s")) for s in surfaces)
    assert not any(s[0] in "\"“”'" or s[-1] in "\"“”'" for s in surfaces)


def test_text_is_stored_exactly_as_read(seeded: Library):
    path = SEEDS / "001_44389988b1146c98.txt"
    assert seeded.document(str(path)).text == path.read_text(encoding="utf-8")


def test_duplicate_content_is_skipped_naming_the_document_there(seeded: Library, tmp_path: Path):
    copy = tmp_path / "copy.txt"
    copy.write_bytes((SEEDS / "004_32adc1dd58a98b40.txt").read_bytes())
    report = seeded.import_paths([copy])
    assert report.added == [] and len(report.duplicates) == 1
    assert "Russia expresses concern over Azerbaijan-Armenia tensions" in report.duplicates[0]
    assert str(copy) in report.duplicates[0]
    assert seeded.document_count() == 5


def test_changed_file_updates_the_same_document_and_reanalyses(empty_library: Library, tmp_path: Path):
    article = tmp_path / "article.txt"
    article.write_text("Angela Merkel met Emmanuel Macron in Paris.\n", encoding="utf-8")
    empty_library.import_paths([article])
    (doc_id,) = [d.id for d in empty_library.documents()]
    article.write_text("Olaf Scholz met Emmanuel Macron in Berlin.\n", encoding="utf-8")
    report = empty_library.import_paths([article])
    assert report.updated == [doc_id] and report.added == []
    names = {m.entity_name for m in empty_library.mentions(document_id=doc_id)}
    assert "Berlin" in names and "Paris" not in names and "Angela Merkel" not in names
    assert empty_library.import_paths([article]).unchanged == [str(article.resolve())]


def test_refused_files_do_not_stop_the_others_or_touch_the_library(seeded: Library, tmp_path: Path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    (folder / "good.txt").write_text("Kremlin spokesperson Dmitry Peskov spoke in Moscow.\n", encoding="utf-8")
    before = {d.id: d.mentions for d in seeded.documents()}
    report = seeded.import_paths([folder])
    assert len(report.added) == 1
    refused = {Path(r.path).name: r.reason for r in report.refused}
    assert set(refused) == {"empty.txt", "binary.txt"}
    after = {d.id: d.mentions for d in seeded.documents()}
    assert {k: after[k] for k in before} == before


def test_cancelled_analysis_keeps_finished_documents_and_resumes(empty_library: Library):
    seen = []

    def cancel_after_two() -> bool:
        return len(seen) >= 2

    report = empty_library.import_paths(
        [SEEDS], progress=lambda done, total, msg: seen.append(done) if msg.startswith("Analysed") else None,
        cancelled=cancel_after_two,
    )
    assert report.cancelled
    analysed = [d for d in empty_library.documents() if d.analysed_with]
    assert len(analysed) == 2 and all(d.mentions > 0 for d in analysed)
    assert len(empty_library.pending()) == 3
    assert empty_library.analyse() == 3
    assert empty_library.pending() == []
    assert [e for e in empty_library.entities() if e.name == "Azerbaijan"][0].documents == 5


def test_a_cancelled_analysis_answers_at_once_and_its_documents_are_linked_afterwards(empty_library: Library):
    from reader.changes import Change
    from reader.storage import entities as stored_entities

    seen = []
    report = empty_library.import_paths(
        [SEEDS], progress=lambda done, total, msg: seen.append(done) if msg.startswith("Analysed") else None,
        cancelled=lambda: bool(seen),
    )
    assert report.cancelled
    analysed = [d.id for d in empty_library.documents() if d.analysed_with]
    assert len(analysed) == 1 and empty_library.document_mentions(analysed[0])
    assert stored_entities.unlinked(empty_library.db) == analysed  # Cancel did not wait for the linking
    assert empty_library.finish_linking().entities is None
    assert stored_entities.unlinked(empty_library.db) == []
    assert empty_library.finish_linking() == Change()  # nothing left to link
    assert len(empty_library.pending()) == 4


_KILL_SCRIPT = """
import os, sys
from reader.library import Library
library = Library(sys.argv[1])
def die_after_third(done, total, message):
    if message.startswith("Analysed") and done == 3:
        os._exit(9)  # the process dies here: no cleanup, no finally
library.import_paths([sys.argv[2]], progress=die_after_third)
"""


def test_killed_import_loses_nothing_and_the_next_run_finishes(tmp_path: Path, analyser):
    path = tmp_path / "killed.db"
    result = subprocess.run([sys.executable, "-c", _KILL_SCRIPT, str(path), str(SEEDS)],
                            cwd=Path(__file__).resolve().parent.parent)
    assert result.returncode == 9
    library = Library(path, analyser=analyser)
    assert library.document_count() == 5
    assert len([d for d in library.documents() if d.analysed_with and d.mentions]) == 3
    assert len(library.pending()) == 2
    assert library.analyse() == 2
    assert all(d.mentions > 0 for d in library.documents())
    assert [e for e in library.entities() if e.name == "Azerbaijan"][0].documents == 5
    library.close()


def test_analyze_all_reanalyses_everything(seeded: Library):
    before = {e.name: e.mentions for e in seeded.entities()}
    assert seeded.analyse(everything=True) == 5
    assert {e.name: e.mentions for e in seeded.entities()} == before


def test_lookups_by_id_path_title_and_name(seeded: Library):
    doc = seeded.documents()[0]
    assert seeded.document(str(doc.id)).id == doc.id
    assert seeded.document(doc.path).id == doc.id
    assert seeded.document(doc.title).id == doc.id
    assert seeded.entity("azerbaijan").name == "Azerbaijan"
    with pytest.raises(NotFound, match="no document 'nothing here'"):
        seeded.document("nothing here")
    with pytest.raises(NotFound):
        seeded.entity("Atlantis")


def test_search_ranks_and_reports_malformed_queries(seeded: Library):
    hits = seeded.search('"Lachin corridor"')
    assert hits and re.search(r"\[\[Lachin( corridor)?\]\]", hits[0].snippet)
    assert seeded.search("peacekeep*")
    from reader.errors import ReaderError
    with pytest.raises(ReaderError, match="quote is not closed"):
        seeded.search('"unbalanced')


def test_library_file_has_schema_wal_and_indexes(seeded: Library):
    conn = sqlite3.connect(seeded.path)
    from reader.storage.database import SCHEMA_VERSION

    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    indexes = {row[1] for row in conn.execute("SELECT * FROM sqlite_master WHERE type = 'index'")}
    assert {"mentions_document", "mentions_entity"} <= indexes


def test_every_file_gets_its_own_verdict_and_the_import_goes_on(empty_library: Library, tmp_path: Path, monkeypatch):
    from reader import documents

    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "a-undefined.html").write_bytes(
        ('<html><head><meta charset="undefined"></head><body><article>'
         + "<p>Officials in Baku met the caf\xe9 owners on Tuesday to talk about the border.</p>" * 3
         + "</article></body></html>").encode("cp1252"))
    with open(bytes(folder) + b"/b-caf\xe9.txt", "wb") as file:
        file.write(b"Nikol Pashinyan spoke in Yerevan on Monday.\n")
    stray = "Ильхам Алиев прибыл в Москву. Zürich.\n".encode("utf-8") * 10
    (folder / "c-stray.txt").write_bytes(stray[:100] + b"\xfe" + stray[100:])
    (folder / "d-bug.txt").write_text("Vladimir Putin spoke in Moscow.\n", encoding="utf-8")
    (folder / "e-good.txt").write_text("Emmanuel Macron spoke in Paris.\n", encoding="utf-8")
    read = documents.read_document

    def a_bug_on_one_file(path):
        if Path(path).name == "d-bug.txt":
            raise KeyError("an unforeseen bug")
        return read(path)

    monkeypatch.setattr("reader.formats.text.read_document", a_bug_on_one_file)
    report = empty_library.import_paths([folder])
    assert len(report.added) == 4 and not report.cancelled
    assert [(Path(r.path).name, r.reason) for r in report.refused] == [
        ("d-bug.txt", "cannot be read as a text file: it is damaged or not what its name says"
                      " (KeyError: 'an unforeseen bug')")]
    assert report.warnings == [
        f"{folder}/b-caf\\xe9.txt: its file name is not valid UTF-8: stored as b-caf\\xe9.txt",
        f"{folder}/c-stray.txt: not valid UTF-8 in 1 byte (byte 0xFE on line 2): read as UTF-8 with each"
        " such byte replaced by “\ufffd”"]
    texts = {Path(d.path).name: empty_library.document(d.id).text for d in empty_library.documents()}
    assert "Ильхам Алиев прибыл в Москву" in texts["c-stray.txt"]
    assert "the café owners" in texts["a-undefined.html"]
    again = empty_library.import_paths([folder])  # the same folder again: nothing aborts, nothing doubles
    assert (again.added, len(again.unchanged), len(again.refused)) == ([], 4, 1)
    assert empty_library.document_count() == 4


# ---- entities a reader can trust on the seeds ------------------------------------------------------


def test_the_seeds_entity_list_has_no_values_and_no_clutter(seeded: Library):
    from reader.labels import VALUE_LABELS

    entities = seeded.entities()
    assert entities and not [e for e in entities if e.label in VALUE_LABELS]
    names = {e.name for e in entities}
    assert not names & {"Bold Italic Underline", "Cookie Policies", "Ctrl + Enter", "Subscribe", "Patron", "Invest",
                        "Rantburg"}
    for document in seeded.documents():
        regions = seeded.document_regions(document.id)
        for m, _, _ in seeded.document_mentions(document.id):
            assert not any(r.start < m.end and m.start < r.end for r in regions), m.text
    with_values = seeded.entities(values=True)
    assert {e.label for e in with_values} & VALUE_LABELS
    assert len(with_values) > len(entities)
    assert seeded.entities("DATE") and all(e.label == "DATE" for e in seeded.entities("DATE"))


def test_the_seeds_link_russia_under_both_names_and_stepanakert_is_a_place(seeded: Library):
    russia = seeded.entity("Russia")
    assert russia.label == "GPE"
    assert {s for s, _ in seeded.entity_surfaces(russia.id)} == {"Russia", "Russian Federation"}
    assert seeded.entity("Stepanakert").label == "GPE"
    assert seeded.entity("Russian").id != russia.id  # the nationality word stays apart


def test_page_clutter_is_stored_as_regions_and_titles_come_from_the_article(seeded: Library):
    forum = seeded.document(next(d.id for d in seeded.documents() if d.title.startswith("Analysts in Moscow")))
    regions = seeded.document_regions(forum.id)
    assert forum.text[regions[0].start:regions[0].end].startswith("You have commented 339 times")
    assert {r.kind for r in regions} >= {"comments", "toolbar", "navigation"}
    titles = {d.title for d in seeded.documents()}
    assert not any(t.startswith(("0", "You have commented", "Copyright")) for t in titles)


def test_an_undated_document_takes_the_day_its_opening_names(seeded: Library):
    caption = next(d for d in seeded.documents() if d.title.startswith("Russian forces in Qarabagh"))
    assert caption.published == "2021-01-11"  # "Ilham Aliyev and Vladimir Putin in Moscow, January 11, 2021"
    days = seeded.document_days(caption.id)
    assert days and days[0][2] == "2021-01-11"
    assert seeded.document(caption.id).text[days[0][0]:days[0][1]] == "January 11, 2021"


def test_an_older_library_gains_the_regions_table_and_is_relinked(tmp_path: Path):
    from reader.storage import database

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    for number, script in enumerate(database.MIGRATIONS[:3], start=1):
        for statement in database._statements(script):
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {number}")
    conn.execute("INSERT INTO documents (path, title, content_hash, text, words, imported_at)"
                 " VALUES ('/a.txt', 'A', 'h', 'Anna Smith spoke.', 3, 'now')")
    conn.execute("INSERT INTO mentions (document_id, start, end, text, label, key) VALUES (1, 0, 10, 'Anna Smith', 'PERSON', 'anna smith')")
    conn.commit()
    conn.close()
    library = Library(path)
    try:
        assert library.document_regions(1) == []
        assert library.has_pending_work()  # values and joins changed: the library is relinked
        library.relink()
        assert [e.name for e in library.entities()] == ["Anna Smith"]
        assert library.mentions()[0].mention.automatic is False
    finally:
        library.close()
