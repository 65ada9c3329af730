"""The `notes` and `entity dossier` commands: what a user types, what comes out, exit codes."""
from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from reader.cli import main
from reader.cli.notes import NOTE_COLUMNS
from reader.library import Library

TITLE = "Russia expresses concern over Azerbaijan-Armenia tensions"
QUOTE = "Moscow brokered a cease-fire after the latest bout of fighting in 2020"


@pytest.fixture
def library(seeded: Library) -> Library:
    return seeded


def run(library: Library, capsys, *argv: str) -> tuple[int, str, str]:
    """`reader --library FILE ARGV...` on the library's file: exit code, stdout, stderr."""
    code = main(["--library", str(library.path), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_add_the_three_kinds_and_list_them_as_json(library: Library, capsys):
    code, out, _ = run(library, capsys, "notes", "add", "--document", TITLE, "--quote", QUOTE, "--body", "on <b>this</b>")
    assert code == 0 and out.startswith("added note 1 on characters ")
    assert run(library, capsys, "notes", "add", "--entity", "Putin", "--body", "on him")[0] == 0
    assert run(library, capsys, "notes", "add", "--document", "5", "--body", "on the article")[0] == 0
    code, out, _ = run(library, capsys, "notes", "list", "--json")
    rows = json.loads(out)
    assert code == 0 and [r["kind"] for r in rows] == ["document", "passage", "entity"]
    passage = rows[1]
    document = library.document(TITLE)
    assert {k: passage[k] for k in NOTE_COLUMNS} == {
        "id": 1, "document_id": document.id, "entity_id": None, "start": document.text.index(QUOTE),
        "end": document.text.index(QUOTE) + len(QUOTE), "quote": QUOTE, "body": "on <b>this</b>", "status": "anchored",
    }
    assert rows[2]["entity_id"] == library.entity("Vladimir Putin").id and rows[2]["entity_key"] == "vladimir putin"
    code, out, _ = run(library, capsys, "notes", "list", "--entity", "Moscow", "--json")
    assert [r["id"] for r in json.loads(out)] == [1]


def test_list_as_a_table(library: Library, capsys):
    assert run(library, capsys, "notes", "list")[1] == "(none)\n"
    run(library, capsys, "notes", "add", "--document", TITLE, "--quote", QUOTE, "--body", "first\nline two")
    code, out, _ = run(library, capsys, "notes", "list", "--document", TITLE)
    lines = out.splitlines()
    assert code == 0 and lines[0].split() == NOTE_COLUMNS
    assert "first line two" in lines[1] and len(lines) == 2


def test_add_with_json_prints_the_note(library: Library, capsys):
    code, out, _ = run(library, capsys, "notes", "add", "--document", TITLE, "--body", "whole", "--json")
    assert code == 0 and json.loads(out)["kind"] == "document"


@pytest.mark.parametrize("argv, message", [
    (["--document", TITLE, "--quote", "nowhere to be found", "--body", "x"],
     "reader: the quote 'nowhere to be found' is not in document 5 “Russia expresses concern"),
    (["--document", "no such thing", "--body", "x"], "reader: no document 'no such thing'"),
    (["--entity", "Nobody Known", "--body", "x"], "reader: no entity 'Nobody Known'"),
    (["--entity", "Putin", "--document", "5", "--body", "x"], "reader: a note is on an entity"),
    (["--body", "x"], "reader: say what the note is on"),
])
def test_add_errors_are_one_line_naming_the_thing(library: Library, capsys, argv, message):
    code, out, err = run(library, capsys, "notes", "add", *argv)
    assert code == 1 and out == "" and err.startswith(message) and err.count("\n") == 1


def test_export_each_format_to_stdout_and_file(library: Library, capsys, tmp_path: Path):
    run(library, capsys, "notes", "add", "--document", TITLE, "--quote", QUOTE, "--body", 'say "hi", <script>')
    code, out, _ = run(library, capsys, "notes", "export", "--format", "md")
    assert code == 0 and f"## {TITLE}" in out and 'say "hi", <script>' in out
    code, out, _ = run(library, capsys, "notes", "export", "--format", "csv")
    assert next(csv.DictReader(io.StringIO(out)))["note"] == 'say "hi", <script>'
    target = tmp_path / "notes.json"
    code, out, err = run(library, capsys, "notes", "export", "--format", "json", "--output", str(target))
    assert code == 0 and out == "" and f"wrote {target}" in err
    assert json.loads(target.read_text(encoding="utf-8"))["first"]["items"][0]["target"]["selector"][0]["exact"] == QUOTE
    code, _, err = run(library, capsys, "notes", "export", "--format", "md", "--output", str(tmp_path / "no" / "x.md"))
    assert code == 1 and "cannot write" in err


def test_import_reports_and_refuses_bad_files(library: Library, capsys, tmp_path: Path, _seeded_file, analyser):
    run(library, capsys, "notes", "add", "--document", TITLE, "--quote", QUOTE, "--body", "travel")
    exported = tmp_path / "notes.json"
    run(library, capsys, "notes", "export", "--format", "json", "--output", str(exported))
    other_path = tmp_path / "other.db"
    shutil.copy(_seeded_file, other_path)
    other = Library(other_path, analyser=analyser)
    try:
        code, out, err = run(other, capsys, "notes", "import", str(exported))
        assert (code, out, err) == (0, "anchored 1, orphaned 0, skipped 0\n", "")
        code, out, err = run(other, capsys, "notes", "import", str(exported))
        assert out == "anchored 0, orphaned 0, skipped 1\n" and "already in the library as note 1" in err
    finally:
        other.close()
    bad = tmp_path / "bad.json"
    bad.write_text("{oops", encoding="utf-8")
    code, _, err = run(library, capsys, "notes", "import", str(bad))
    assert code == 1 and err.startswith(f"reader: {bad}: not a JSON file of annotations")
    code, _, err = run(library, capsys, "notes", "import", str(tmp_path / "missing.json"))
    assert code == 1 and "cannot read" in err


def test_entity_dossier(library: Library, capsys, tmp_path: Path):
    run(library, capsys, "notes", "add", "--entity", "Vladimir Putin", "--body", "note for the dossier")
    code, out, _ = run(library, capsys, "entity", "dossier", "Putin")
    assert code == 0 and out.startswith("# Vladimir Putin\n") and "note for the dossier" in out
    target = tmp_path / "putin.md"
    assert run(library, capsys, "entity", "dossier", "Putin", "--output", str(target))[0] == 0
    assert target.read_text(encoding="utf-8") == out
    code, out, _ = run(library, capsys, "entity", "dossier", "Putin", "--json")
    data = json.loads(out)
    assert data["entity"]["name"] == "Vladimir Putin" and len(data["mentions"]) == 3
    assert data["aliases"] == [{"surface": "Vladimir Putin", "count": 2}, {"surface": "Putin", "count": 1}]
    assert [n["body"] for n in data["notes"]] == ["note for the dossier"]
    code, _, err = run(library, capsys, "entity", "dossier", "Nobody Known")
    assert code == 1 and "no entity 'Nobody Known'" in err
