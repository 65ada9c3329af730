"""The command line: what a user types, what comes out, and exit codes."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli import main
from tests.conftest import SEEDS

ROOT = Path(__file__).resolve().parent.parent


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def library_file(_seeded_file, tmp_path) -> str:
    path = tmp_path / "cli.db"
    shutil.copy(_seeded_file, path)
    return str(path)


def test_import_then_entities_json_lists_azerbaijan_once(tmp_path):
    """The done criterion, run exactly as a user would, through `python -m reader`."""
    db = str(tmp_path / "x.db")
    imported = subprocess.run([sys.executable, "-m", "reader", "--library", db, "import", str(SEEDS)],
                              capture_output=True, text=True, cwd=ROOT)
    assert imported.returncode == 0, imported.stderr
    assert "imported 5" in imported.stdout
    listed = subprocess.run([sys.executable, "-m", "reader", "--library", db, "entities", "--json"],
                            capture_output=True, text=True, cwd=ROOT)
    entities = json.loads(listed.stdout)
    azerbaijan = [e for e in entities if e["name"].lower() == "azerbaijan"]
    assert azerbaijan == [{**azerbaijan[0], "label": "GPE", "documents": 5}]
    assert set(entities[0]) >= {"id", "name", "label", "mentions", "documents"}


def test_documents_json_shape(capsys, library_file):
    code, out, _ = run(capsys, "--library", library_file, "documents", "--json")
    docs = json.loads(out)
    assert code == 0 and len(docs) == 5
    assert set(docs[0]) >= {"id", "title", "path", "words", "mentions"}
    assert all(d["words"] > 300 and d["mentions"] > 10 for d in docs)


def test_show_json_by_id_and_path(capsys, library_file):
    path = str(SEEDS / "004_32adc1dd58a98b40.txt")
    code, out, _ = run(capsys, "--library", library_file, "show", path, "--json")
    shown = json.loads(out)
    assert code == 0 and shown["text"] == Path(path).read_text(encoding="utf-8")
    code, out, _ = run(capsys, "--library", library_file, "show", str(shown["id"]), "--json")
    assert json.loads(out)["path"] == path and set(shown) >= {"id", "title", "path", "text"}


def test_mentions_json_offsets_slice_the_text(capsys, library_file):
    code, out, _ = run(capsys, "--library", library_file, "mentions", "--entity", "AZERBAIJAN", "--json")
    mentions = json.loads(out)
    assert code == 0 and len({m["document_id"] for m in mentions}) == 5
    assert set(mentions[0]) >= {"entity_id", "entity", "label", "document_id", "document_path",
                                "start", "end", "text", "context"}
    texts = {}
    for m in mentions:
        if m["document_id"] not in texts:
            _, shown, _ = run(capsys, "--library", library_file, "show", str(m["document_id"]), "--json")
            texts[m["document_id"]] = json.loads(shown)["text"]
        assert texts[m["document_id"]][m["start"]:m["end"]] == m["text"]
        assert m["text"] in m["context"]


def test_mentions_filtered_by_document_and_unfiltered(capsys, library_file):
    _, out, _ = run(capsys, "--library", library_file, "mentions", "--json")
    everything = json.loads(out)
    _, out, _ = run(capsys, "--library", library_file, "mentions", "--document", "1", "--json")
    first = json.loads(out)
    assert 0 < len(first) < len(everything)
    assert {m["document_id"] for m in first} == {1}


def test_entities_by_type(capsys, library_file):
    _, out, _ = run(capsys, "--library", library_file, "entities", "--type", "person", "--json")
    people = json.loads(out)
    assert people and {e["label"] for e in people} == {"PERSON"}


def test_search_json(capsys, library_file):
    code, out, _ = run(capsys, "--library", library_file, "search", "Peskov", "--json")
    hits = json.loads(out)
    assert code == 0 and hits and set(hits[0]) >= {"id", "title", "snippet"}
    assert "[[Peskov]]" in hits[0]["snippet"]


def test_search_json_offsets_are_the_occurrence_the_snippet_shows(capsys, library_file):
    code, out, _ = run(capsys, "--library", library_file, "search", '"peace treaty"', "--json")
    hit = next(h for h in json.loads(out) if h["title"].startswith("Analysts in Moscow"))
    text = json.loads(run(capsys, "--library", library_file, "show", str(hit["id"]), "--json")[1])["text"]
    before = hit["snippet"].split("[[", 1)[0].split(" … ")[-1]
    assert text[hit["start"]:hit["end"]].casefold() == "peace treaty"
    assert len(before) > 15 and text[:hit["start"]].endswith(before)
    assert hit["start"] > text.casefold().index("peace treaty")


def test_errors_are_one_line_on_stderr_with_nonzero_exit(capsys, library_file, tmp_path):
    code, out, err = run(capsys, "--library", library_file, "show", "999")
    assert code == 1 and out == "" and err.count("\n") == 1 and "999" in err
    code, _, err = run(capsys, "--library", library_file, "search", '"open')
    assert code == 1 and "quote is not closed" in err
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    code, _, err = run(capsys, "--library", library_file, "import", str(empty))
    assert code == 1 and "empty.txt" in err


def test_library_from_environment(capsys, library_file, monkeypatch):
    monkeypatch.setenv("READER_LIBRARY", library_file)
    code, out, _ = run(capsys, "documents", "--json")
    assert code == 0 and len(json.loads(out)) == 5


def test_entity_merge_covers_all_seeds_and_survives_analyze_all(capsys, library_file):
    code, out, _ = run(capsys, "--library", library_file, "entity", "merge", "Qarabagh", "Karabakh")
    assert code == 0 and "Merged “Qarabagh” into “Karabakh”" in out
    for step in ([], ["analyze", "--all"]):
        if step:
            assert run(capsys, "--library", library_file, *step)[0] == 0
        _, out, _ = run(capsys, "--library", library_file, "mentions", "--entity", "Karabakh", "--json")
        assert len({m["document_id"] for m in json.loads(out)}) == 5
    _, out, _ = run(capsys, "--library", library_file, "entity", "rules", "--json")
    rules = json.loads(out)
    assert [r["kind"] for r in rules] == ["merge"]
    assert rules[0]["rules"] == [{"kind": "merge", "key": "qarabagh", "value": "karabakh"}]


def test_entity_rename_relabel_ignore_split_and_unrule(capsys, library_file):
    lib = ["--library", library_file]
    assert run(capsys, *lib, "entity", "rename", "Karabakh", "Karabakh region")[0] == 0
    assert run(capsys, *lib, "entity", "relabel", "karabakh region", "LOC")[0] == 0
    _, out, _ = run(capsys, *lib, "entities", "--type", "LOC", "--json")
    assert "Karabakh region" in {e["name"] for e in json.loads(out)}
    assert run(capsys, *lib, "entity", "ignore", "Caucasian Knot")[0] == 0
    _, out, _ = run(capsys, *lib, "entities", "--json")
    assert "Caucasian Knot" not in {e["name"] for e in json.loads(out)}
    assert run(capsys, *lib, "entity", "split", "Vladimir Putin", "Putin")[0] == 0
    _, out, _ = run(capsys, *lib, "entities", "--type", "PERSON", "--json")
    assert {"Putin", "Vladimir Putin"} <= {e["name"] for e in json.loads(out)}
    _, out, _ = run(capsys, *lib, "entity", "rules", "--json")
    ignore = next(r for r in json.loads(out) if r["kind"] == "ignore")
    assert run(capsys, *lib, "entity", "unrule", str(ignore["id"]))[0] == 0
    _, out, _ = run(capsys, *lib, "entities", "--json")
    assert "Caucasian Knot" in {e["name"] for e in json.loads(out)}
    code, _, err = run(capsys, *lib, "entity", "relabel", "Azerbaijan", "planet")
    assert code == 1 and "unknown type 'PLANET'" in err


def test_every_command_is_documented_in_the_readme():
    """Each command and sub-command appears in the README's command table as `reader ...`."""
    import click

    from reader.cli import root

    def paths(group: click.Group, prefix: str) -> list[str]:
        found = []
        for name, command in group.commands.items():
            found.append(f"{prefix} {name}")
            if isinstance(command, click.Group):
                found += paths(command, f"{prefix} {name}")
        return found

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [path for path in paths(root, "reader") if f"`{path}" not in readme]
    assert not missing, f"not in the README: {missing}"


def test_output_to_a_closed_pipe_ends_quietly(library_file):
    """`reader documents | head -1`: no traceback, the exit code of a closed pipe."""
    shell = subprocess.run(
        ["bash", "-c", f'set -o pipefail; {sys.executable} -m reader --library "{library_file}" mentions | head -1'],
        capture_output=True, text=True, cwd=ROOT)
    assert shell.stdout.count("\n") == 1 and shell.stderr == ""
    assert shell.returncode == 141


def test_output_to_a_full_device_says_so(library_file):
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "reader", "--library", library_file, "mentions"],
                              stdout=full, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    assert done.returncode == 1
    assert done.stderr == "reader: cannot write the output: no space left on the device\n"


def test_entities_are_names_unless_values_are_asked_for(capsys, library_file):
    _, out, _ = run(capsys, "--library", library_file, "entities", "--json")
    named = json.loads(out)
    _, out, _ = run(capsys, "--library", library_file, "entities", "--values", "--json")
    everything = json.loads(out)
    values = {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"}
    assert named and not {e["label"] for e in named} & values
    assert {e["label"] for e in everything} & values and len(everything) > len(named)
    _, out, _ = run(capsys, "--library", library_file, "entities", "--type", "DATE", "--json")
    assert {e["label"] for e in json.loads(out)} == {"DATE"}
