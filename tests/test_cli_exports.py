"""The `export` commands and the near-duplicate fields of `documents`, `show`, `entities`, as a user runs them."""
from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys

import networkx as nx
import pytest

from tests.conftest import SEEDS
from tests.test_cli import ROOT, run


@pytest.fixture
def library_file(_seeded_file, tmp_path) -> str:
    path = tmp_path / "cli.db"
    shutil.copy(_seeded_file, path)
    return str(path)


def test_export_entities_to_standard_output_and_to_a_file(capsys, library_file, tmp_path):
    code, printed, _ = run(capsys, "--library", library_file, "export", "entities", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(printed, newline="")))
    assert code == 0 and rows[0]["name"] == "Azerbaijan" and rows[0]["type"] == "place"
    target = tmp_path / "entities.csv"
    code, out, err = run(capsys, "--library", library_file, "export", "entities", "--output", str(target))
    assert code == 0 and out == "" and f"wrote {target}" in err
    with open(target, encoding="utf-8", newline="") as f:
        assert f.read() == printed


def test_export_mentions_csv_file(capsys, library_file, tmp_path):
    target = tmp_path / "mentions.csv"
    code, _, err = run(capsys, "--library", library_file, "export", "mentions", "--format", "csv", "--output", str(target))
    with open(target, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert code == 0 and f"{len(rows):,} mentions" in err and {"entity", "document_id", "start", "end",
                                                                 "sentence"} <= set(rows[0])


def test_export_graph_as_gexf_to_standard_output_reads_back(library_file):
    done = subprocess.run([sys.executable, "-m", "reader", "--library", library_file, "export", "graph",
                           "--format", "gexf", "--top", "25"], capture_output=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    graph = nx.read_gexf(io.BytesIO(done.stdout))
    assert 10 < graph.number_of_nodes() <= 25 and graph.number_of_edges() > 10
    assert {"Azerbaijan", "Armenia"} <= {data["label"] for _, data in graph.nodes(data=True)}


def test_export_graph_needs_a_format(capsys, library_file):
    code, _, err = run(capsys, "--library", library_file, "export", "graph")
    assert code == 2 and "--format" in err


def test_export_vault_needs_a_folder(capsys, library_file, tmp_path):
    code, out, err = run(capsys, "--library", library_file, "export", "vault")
    assert code == 1 and out == "" and "a vault is a folder of Markdown files" in err and "--output DIR" in err
    code, out, _ = run(capsys, "--library", library_file, "export", "vault", "--output", str(tmp_path / "vault"))
    assert code == 0 and "wrote 5 documents" in out
    assert (tmp_path / "vault" / "Entities" / "Azerbaijan.md").is_file()


def test_documents_and_show_tell_where_else_a_story_is(capsys, library_file, tmp_path):
    copy = tmp_path / "another_outlet.txt"
    text = (SEEDS / "004_32adc1dd58a98b40.txt").read_text(encoding="utf-8")
    copy.write_text("By a staff writer\n\n" + text.rsplit("\n\n", 1)[0] + "\n", encoding="utf-8")
    code, out, _ = run(capsys, "--library", library_file, "import", str(copy), "--no-analyze")
    assert code == 0 and "1 tell a story already here" in out
    _, out, _ = run(capsys, "--library", library_file, "documents", "--json")
    documents = {d["path"]: d for d in json.loads(out)}
    seed, other = documents[str(SEEDS / "004_32adc1dd58a98b40.txt")], documents[str(copy)]
    assert seed["story"] == other["story"] == seed["id"] and seed["also_in"] == other["also_in"] == 1
    assert all(d["also_in"] == 0 for p, d in documents.items() if d["story"] != seed["id"])
    _, out, _ = run(capsys, "--library", library_file, "show", str(seed["id"]), "--json")
    shown = json.loads(out)
    assert shown["story"] == seed["id"] and [n["path"] for n in shown["near_duplicates"]] == [str(copy)]
    _, out, _ = run(capsys, "--library", library_file, "show", str(seed["id"]))
    assert f"also in: {copy}" in out


def test_entities_can_count_each_story_once(capsys, library_file):
    code, out, _ = run(capsys, "--library", library_file, "entities", "--stories", "--json")
    assert code == 0 and json.loads(out)[0]["documents"] == 5  # no near-duplicates among the seeds
    code, out, _ = run(capsys, "--library", library_file, "graph", "--stories", "--json")
    assert code == 0 and json.loads(out)["edges"]
