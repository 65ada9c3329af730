"""Notes in a real library: writing, re-anchoring on re-import, relinking, export and import."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from reader.annotations import Annotations
from reader.errors import NotFound, ReaderError
from reader.library import Library
from tests.conftest import SEEDS

SEED = SEEDS / "004_32adc1dd58a98b40.txt"
TITLE = "Russia expresses concern over Azerbaijan-Armenia tensions"
QUOTE = "Moscow brokered a cease-fire after the latest bout of fighting in 2020"
PEACEKEEPERS = "“We express our serious concern about the situation within the zone of responsibility"


@pytest.fixture
def notes(seeded: Library) -> Annotations:
    return seeded.notes


@pytest.fixture
def copy(tmp_path: Path, empty_library: Library) -> tuple[Library, Annotations, Path]:
    """A library holding one file that the test may change on disk."""
    path = tmp_path / "articles" / "russia.txt"
    path.parent.mkdir()
    path.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    empty_library.import_paths([path], analyse=False)
    return empty_library, empty_library.notes, path


def change_file(library: Library, notes: Annotations, path: Path, new_text: str) -> tuple[int, int]:
    """Change the file on disk and import it again, as a user would: (anchored, orphaned) notes."""
    path.write_text(new_text, encoding="utf-8")
    assert library.import_paths([path], analyse=False).updated == [library.document(str(path)).id]
    statuses = [note.status for note in notes.list(document_id=library.document(str(path)).id)]
    return statuses.count("anchored"), statuses.count("orphaned")


def test_passage_note_is_linked_to_the_entities_in_its_passage(seeded: Library, notes: Annotations):
    note = notes.add_quote_note(TITLE, QUOTE, "Who guarantees *what*?")
    document = seeded.document(TITLE)
    assert document.text[note.start:note.end] == QUOTE == note.quote
    assert (note.prefix, note.suffix) == (document.text[note.start - 32:note.start], document.text[note.end:note.end + 32])
    assert (note.kind, note.status, note.body, note.document_id) == ("passage", "anchored", "Who guarantees *what*?", document.id)
    assert [e.name for e in notes.entities_in_note(note)] == ["Moscow", "2020"]
    moscow = seeded.entity("Moscow")
    assert notes.list(entity_id=moscow.id) == [note]
    assert notes.list(entity_id=seeded.entity("Armenia").id) == []
    assert notes.get(note.id) == note


def test_quote_not_in_the_document_names_it(notes: Annotations):
    with pytest.raises(ReaderError, match="is not in document 5 “Russia expresses concern"):
        notes.add_quote_note(TITLE, "words that are nowhere", "x")
    with pytest.raises(NotFound):
        notes.add_quote_note("no such title", QUOTE, "x")
    with pytest.raises(ReaderError, match="not a passage of document 5"):
        notes.add_passage_note(5, 10, 10_000_000, "x")
    with pytest.raises(ReaderError, match="empty"):
        notes.add_document_note(5, "  ")


def test_list_filters(seeded: Library, notes: Annotations):
    a = notes.add_quote_note(TITLE, QUOTE, "About the CEASE-FIRE")
    b = notes.add_document_note(seeded.document(TITLE).id, "Read twice")
    c = notes.add_entity_note(seeded.entity("Azerbaijan").id, "Check figures")
    assert notes.list() == [b, a, c]
    assert notes.notes_for_document(a.document_id) == [b, a]
    assert notes.list(query="cease-fire") == [a]  # in body and quote, any case
    assert notes.list(query="latest BOUT") == [a]
    assert notes.list(status="orphaned") == []
    assert notes.list(since=a.created[:10], until=a.created[:10]) == [b, a, c]
    assert notes.list(until="2000-01-01") == []
    assert notes.list(entity_id=seeded.entity("Azerbaijan").id) == [c]
    with pytest.raises(ReaderError):
        notes.list(status="lost")


def test_update_delete_and_restore(notes: Annotations):
    note = notes.add_quote_note(TITLE, QUOTE, "first")
    edited = notes.update_body(note.id, "second <b>as typed</b>")
    assert edited.body == "second <b>as typed</b>" and edited.created == note.created
    deleted = notes.delete(note.id)
    assert deleted == edited
    with pytest.raises(NotFound):
        notes.get(note.id)
    assert notes.restore(deleted) == edited
    with pytest.raises(ReaderError, match="already"):
        notes.restore(deleted)


def test_paragraph_inserted_before_the_quote(copy):
    library, notes, path = copy
    note = notes.add_quote_note(str(path), QUOTE, "keep me")
    old = library.document(str(path)).text
    new = old.replace("Armenia and Azerbaijan have fought", "A new paragraph by the editors.\n\nArmenia and Azerbaijan have fought")
    assert change_file(library, notes, path, new) == (1, 0)
    moved = notes.get(note.id)
    assert (moved.start, moved.end, moved.quote, moved.status) == (note.start + 33, note.end + 33, QUOTE, "anchored")
    assert library.document(str(path)).text[moved.start:moved.end] == QUOTE
    assert moved.body == "keep me" and moved.updated == note.updated


def test_word_edited_inside_the_passage(copy):
    library, notes, path = copy
    note = notes.add_quote_note(str(path), QUOTE, "keep me")
    new = library.document(str(path)).text.replace("latest bout", "most recent bout")
    assert change_file(library, notes, path, new) == (1, 0)
    moved = notes.get(note.id)
    assert moved.quote == "Moscow brokered a cease-fire after the most recent bout of fighting in 2020"
    assert (moved.start, moved.status) == (note.start, "anchored")


def test_deleted_passage_orphans_the_note_which_can_be_reattached(copy):
    library, notes, path = copy
    kept = notes.add_quote_note(str(path), PEACEKEEPERS, "still here")
    note = notes.add_quote_note(str(path), QUOTE, "keep me")
    old = library.document(str(path)).text
    paragraph_start = old.index(QUOTE)
    paragraph_end = old.index("\n\n", paragraph_start) + 2
    assert change_file(library, notes, path, old[:paragraph_start] + old[paragraph_end:]) == (1, 1)
    orphan = notes.get(note.id)
    assert (orphan.status, orphan.quote, orphan.start, orphan.body) == ("orphaned", QUOTE, note.start, "keep me")
    assert notes.list(status="orphaned") == [orphan]
    assert notes.get(kept.id).status == "anchored"
    assert "## Needs review" in notes.export("md")
    text = library.document(str(path)).text
    start = text.index("Kremlin")
    attached = notes.attach(note.id, orphan.document_id, start, start + 7)
    assert (attached.status, attached.quote, attached.body) == ("anchored", "Kremlin", "keep me")
    assert notes.list(status="orphaned") == []


def test_reanchoring_belongs_to_the_callers_transaction(copy):
    library, notes, path = copy
    note = notes.add_quote_note(str(path), QUOTE, "keep me")
    document = library.document(str(path))
    with pytest.raises(RuntimeError):
        with library.db.atomic():
            notes.reanchor_document(document.id, document.text, "nothing like it")
            assert notes.get(note.id).status == "orphaned"
            raise RuntimeError("import interrupted")
    assert notes.get(note.id) == note


def test_reimport_through_the_library_keeps_notes(copy):
    library, notes, path = copy
    note = library.notes.add_quote_note(str(path), QUOTE, "keep me")
    gone = library.notes.add_quote_note(str(path), "sparking anger from Armenia", "will be orphaned")
    text = path.read_text(encoding="utf-8")
    path.write_text("Breaking: a new first paragraph.\n\n" + text.replace(", sparking anger from Armenia", ""),
                    encoding="utf-8")
    report = library.import_paths([path], analyse=False)
    assert report.updated == [note.document_id]
    assert library.notes.get(note.id).quote == QUOTE
    assert library.notes.get(note.id).start > note.start
    assert library.notes.get(gone.id).status == "orphaned"


def test_entity_note_survives_relink_and_reanalysis(seeded: Library, notes: Annotations):
    note = notes.add_entity_note(seeded.entity("Vladimir Putin").id, "Watch statements")
    assert (note.entity_key, note.kind) == ("vladimir putin", "entity")
    seeded.relink()
    notes.reattach_entity_notes()
    assert notes.get(note.id).entity_id == seeded.entity("Vladimir Putin").id
    seeded.analyse(everything=True)
    notes.reattach_entity_notes()
    after = notes.get(note.id)
    assert (after.entity_id, after.status, after.body) == (seeded.entity("Vladimir Putin").id, "anchored", "Watch statements")


def test_entity_notes_follow_a_merge_and_wait_out_an_ignore(seeded: Library, notes: Annotations):
    short = notes.add_entity_note(seeded.entity("Karabakh").id, "on Karabakh")
    long = notes.add_entity_note(seeded.entity("Nagorno-Karabakh").id, "on Nagorno-Karabakh")
    seeded.corrections.merge(seeded.entity("Karabakh"), seeded.entity("Nagorno-Karabakh"))  # relinks
    assert notes.reattach_entity_notes() == (2, 0)
    merged = seeded.entity("Nagorno-Karabakh").id
    assert notes.get(short.id).entity_id == notes.get(long.id).entity_id == merged
    kremlin = notes.add_entity_note(seeded.entity("Kremlin").id, "on the Kremlin")
    ignored = seeded.corrections.ignore(seeded.entity("Kremlin"))
    notes.reattach_entity_notes()
    assert (notes.get(kremlin.id).entity_id, notes.get(kremlin.id).status) == (None, "orphaned")
    assert notes.get(kremlin.id) in notes.list(status="orphaned")
    seeded.corrections.remove(ignored.id)
    notes.reattach_entity_notes()
    assert (notes.get(kremlin.id).entity_id, notes.get(kremlin.id).status) == (seeded.entity("Kremlin").id, "anchored")


def test_json_round_trip_into_another_library(seeded: Library, notes: Annotations, tmp_path: Path, analyser):
    passage = notes.add_quote_note(TITLE, QUOTE, "Body with <script>x</script>")
    whole = notes.add_document_note(seeded.document(TITLE).id, "A document note")
    on_entity = notes.add_entity_note(seeded.entity("Ilham Aliyev").id, "An entity note")
    exported = notes.export("json")
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(SEEDS, elsewhere)  # other paths: documents are matched by title
    other = Library(tmp_path / "other.db", analyser=analyser)
    try:
        other_notes = getattr(other, "notes", None) or Annotations(other)
        other.import_paths([elsewhere])
        report = other_notes.import_json(exported)
        assert (len(report.anchored), len(report.orphaned), report.skipped) == (3, 0, ())
        imported = {n.body: n for n in other_notes.list()}
        for original in (passage, whole, on_entity):
            copy = imported[original.body]
            assert (copy.kind, copy.quote, copy.start, copy.end, copy.prefix, copy.suffix, copy.created) == (
                original.kind, original.quote, original.start, original.end, original.prefix, original.suffix,
                original.created)
        assert other.document(imported[passage.body].document_id).path == str(elsewhere / SEED.name)
        assert other.entity_by_id(imported[on_entity.body].entity_id).name == "Ilham Aliyev"
        again = other_notes.import_json(exported)
        assert again.anchored == () and len(again.skipped) == 3
        assert all("already in the library" in reason for reason in again.skipped)
    finally:
        other.close()


def test_import_finds_the_document_by_quote_and_reports_skips(seeded: Library, notes: Annotations):
    annotations = [
        {"type": "Annotation", "body": {"type": "TextualBody", "value": "found by quote"},
         "target": {"source": "https://example.org/elsewhere",
                    "selector": [{"type": "TextQuoteSelector", "exact": PEACEKEEPERS}]}},
        {"type": "Annotation", "body": {"type": "TextualBody", "value": "nowhere"},
         "target": {"source": "file:///nowhere.txt", "selector": [{"type": "TextQuoteSelector", "exact": "no such words"}]}},
        {"type": "Annotation", "body": {"type": "TextualBody", "value": "lost quote"},
         "target": {"source": "file:///x.txt", "selector": [{"type": "TextQuoteSelector", "exact": "no such words"}]},
         "document": {"title": TITLE}},
        {"type": "Annotation", "body": "unknown entity", "target": "urn:reader:entity:nobody%20here"},
    ]
    report = notes.import_json(json.dumps(annotations))
    assert len(report.anchored) == 1 and len(report.orphaned) == 1
    found = notes.get(report.anchored[0])
    assert seeded.document(found.document_id).title == TITLE and found.quote == PEACEKEEPERS
    orphan = notes.get(report.orphaned[0])
    assert (orphan.status, orphan.quote, orphan.document_id) == ("orphaned", "no such words", seeded.document(TITLE).id)
    assert report.skipped == (
        "annotation 2: no document here matches (/nowhere.txt) and none contains its quote",
        "annotation 4: no entity here is named 'nobody here'",
    )
    assert str(report) == "anchored 1, orphaned 1, skipped 2"


def test_export_formats_and_selection(notes: Annotations):
    a = notes.add_quote_note(TITLE, QUOTE, "first <b>")
    notes.add_quote_note(TITLE, PEACEKEEPERS, "second")
    markdown = notes.export("md", note_ids=[a.id])
    assert f"## {TITLE}" in markdown and "> " + QUOTE in markdown and "first <b>" in markdown
    assert "second" not in markdown and "Entities: Moscow, 2020" in markdown
    assert notes.export("csv").count("\r\n") == 3
    assert len(json.loads(notes.export("json"))["first"]["items"]) == 2
    with pytest.raises(ReaderError, match="choose one of md, csv, json"):
        notes.export("pdf")


def test_dossier(seeded: Library, notes: Annotations):
    putin = seeded.entity("Putin")
    notes.add_entity_note(putin.id, "Decides *everything*")
    text = notes.dossier(putin.id)
    assert text.startswith("# Vladimir Putin\n\nType: Person · 3 mentions in 3 documents\n\n"
                           "## Written as\n\n- Vladimir Putin (2)\n- Putin (1)\n\n## Notes\n\n"
                           "### On Vladimir Putin\n\nDecides *everything*\n")
    assert text.count("**Putin**") + text.count("**Vladimir Putin**") == 3
    with pytest.raises(NotFound):
        notes.dossier(999_999)


def _passage_annotation(document, start: int, end: int, body: str) -> dict:
    return {"type": "Annotation", "body": {"type": "TextualBody", "value": body},
            "target": {"source": Path(document.path).as_uri(), "selector": [
                {"type": "TextQuoteSelector", "exact": document.text[start:end],
                 "prefix": document.text[max(0, start - 32):start], "suffix": document.text[end:end + 32]},
                {"type": "TextPositionSelector", "start": start, "end": end}]}}


def test_hostile_notes_json_gets_a_repair_or_one_clear_message(seeded: Library, notes: Annotations, tmp_path: Path):
    document = seeded.document(TITLE)
    broken = {"type": "Annotation", "body": {"type": "TextualBody", "value": "half an emoji: \ud83d!"},
              "target": {"source": Path(document.path).as_uri()}}
    report = notes.import_json(json.dumps([broken]))
    assert len(report.anchored) == 1 and notes.get(report.anchored[0]).body == "half an emoji: \ufffd!"
    assert report.warnings == ("annotation 1: invalid characters (unpaired UTF-16 surrogates) were replaced by “\ufffd”",)
    with pytest.raises(ReaderError, match="nested too deeply"):
        notes.import_json("[" * 100_000 + "]" * 100_000)
    with_bom = tmp_path / "with-bom.json"
    with_bom.write_bytes(b"\xef\xbb\xbf" + json.dumps([_passage_annotation(document, 10, 30, "after a BOM")]).encode())
    assert len(notes.import_file(with_bom).anchored) == 1
    latin = tmp_path / "latin.json"
    latin.write_bytes(b'[{"body": "caf\xe9"}]')
    with pytest.raises(ReaderError, match=r"latin.json: not a JSON file of annotations \(not UTF-8 text: byte 0xE9"):
        notes.import_file(latin)
    with pytest.raises(ReaderError, match=r"missing.json: cannot read"):
        notes.import_file(tmp_path / "missing.json")


def test_thousands_of_notes_import_together_each_in_its_place(seeded: Library, notes: Annotations):
    documents = [seeded.document(d.id) for d in seeded.documents()]
    wanted = []
    for number in range(3000):
        document = documents[number % len(documents)]
        start = (number * 37) % (len(document.text) - 80)
        while not document.text[start].strip() or not document.text[start + 20].strip():
            start += 1
        wanted.append((document, start, start + 21, f"note {number}"))
    report = notes.import_json(json.dumps([_passage_annotation(*w) for w in wanted]))
    assert (len(report.anchored), report.orphaned, report.skipped) == (3000, (), ())
    stored = {n.body: n for n in notes.list()}
    for document, start, end, body in wanted:
        note = stored[body]
        assert (note.document_id, note.start, note.end, note.quote) == (document.id, start, end, document.text[start:end])
