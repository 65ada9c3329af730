"""Exports open in the tools that read them: csv, networkx (GraphML, GEXF), a Markdown vault."""
from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import networkx as nx
import pytest

from reader.errors import Cancelled, ReaderError
from reader.labels import VALUE_LABELS
from reader.exports import (ENTITY_COLUMNS, MENTION_COLUMNS, atomic_output, entities_csv, export_vault, graph_file,
                            mentions_csv)
from reader.exports.vault import file_names, safe_name
from reader.library import Library

LINK = re.compile(r"\[\[([^\]|]+)(?:\|[^\]]*)?\]\]")


def read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


# ---- CSV ------------------------------------------------------------------------------------

def test_entities_csv_has_every_entity_with_type_aliases_and_dates(seeded: Library, tmp_path):
    target = tmp_path / "entities.csv"
    with atomic_output(target) as out:
        count = entities_csv(seeded, out)
    rows = read_csv(target)
    assert list(rows[0]) == ENTITY_COLUMNS and count == len(rows) == len(seeded.entities())
    azerbaijan = next(r for r in rows if r["name"] == "Azerbaijan")
    assert (azerbaijan["type"], azerbaijan["label"], azerbaijan["documents"]) == ("place", "GPE", "5")
    assert azerbaijan["first_date"] <= azerbaijan["last_date"] and azerbaijan["first_date"].startswith("20")
    entity = seeded.entity(int(azerbaijan["id"]))
    assert int(azerbaijan["mentions"]) == entity.mentions
    putin = next(r for r in rows if r["name"] == "Vladimir Putin")
    assert "Putin" in putin["aliases"].split("; ")


def test_a_name_that_would_be_a_formula_is_neutralised(seeded: Library, tmp_path):
    seeded.corrections.rename(seeded.entity("Azerbaijan"), '=HYPERLINK("http://evil.example","x")')
    seeded.corrections.rename(seeded.entity("Armenia"), "-2+3")
    target = tmp_path / "entities.csv"
    with atomic_output(target) as out:
        entities_csv(seeded, out)
    names = {r["name"] for r in read_csv(target)}
    assert "'=HYPERLINK(\"http://evil.example\",\"x\")" in names and "'-2+3" in names
    assert not any(n.startswith(("=", "+", "-", "@", "\t", "\r")) for n in names)


def test_mentions_csv_offsets_slice_their_documents(seeded: Library, tmp_path):
    target = tmp_path / "mentions.csv"
    with atomic_output(target) as out:
        count = mentions_csv(seeded, out)
    rows = read_csv(target)
    named = [m for m in seeded.mentions() if m.entity_label not in VALUE_LABELS]  # numbers and dates: --values
    assert list(rows[0]) == MENTION_COLUMNS and count == len(rows) == len(named)
    texts = {d.id: seeded.document(d.id).text for d in seeded.documents()}
    for row in rows:
        text = texts[int(row["document_id"])]
        assert text[int(row["start"]):int(row["end"])] == row["text"]
        assert row["text"] in row["sentence"]
    assert {r["entity"] for r in rows if r["text"] == "Azerbaijan"} == {"Azerbaijan"}


def test_a_cancelled_export_leaves_the_old_file_untouched(seeded: Library, tmp_path):
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "mentions.csv"
    target.write_text("the export of yesterday\n", encoding="utf-8")
    with pytest.raises(Cancelled):
        with atomic_output(target) as out:
            mentions_csv(seeded, out, cancelled=lambda: True)
    assert target.read_text(encoding="utf-8") == "the export of yesterday\n"
    assert [p.name for p in target.parent.iterdir()] == ["mentions.csv"]  # no temporary file left


# ---- graph ----------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["graphml", "gexf"])
def test_graph_files_read_back_with_names_types_counts_and_weights(seeded: Library, tmp_path, kind):
    target = tmp_path / f"graph.{kind}"
    with atomic_output(target, binary=True) as out:
        nodes, edges = graph_file(seeded, out, kind)
    graph = seeded.analytics.graph(top=None)
    assert (nodes, edges) == (len(graph.nodes), len(graph.edges)) and edges > 100
    read = nx.read_graphml(target) if kind == "graphml" else nx.read_gexf(target)
    assert (read.number_of_nodes(), read.number_of_edges()) == (nodes, edges)
    azerbaijan = next(n for n in graph.nodes if n.name == "Azerbaijan")
    data = read.nodes[str(azerbaijan.id)]
    assert (data["label"], data["type"], data["ner_label"]) == ("Azerbaijan", "place", "GPE")
    assert (data["mentions"], data["documents"]) == (azerbaijan.mentions, 5)
    heaviest = graph.edges[0]
    assert read.edges[str(heaviest.source), str(heaviest.target)]["weight"] == heaviest.weight


def test_gexf_declares_every_attribute_it_uses_with_its_type(seeded: Library, tmp_path):
    target = tmp_path / "graph.gexf"
    with atomic_output(target, binary=True) as out:
        graph_file(seeded, out, "gexf", top=30)
    ns = {"g": "http://www.gexf.net/1.2draft"}
    root = ElementTree.parse(target).getroot()
    declared = {a.get("id"): (a.get("title"), a.get("type"))
                for a in root.findall("g:graph/g:attributes[@class='node']/g:attribute", ns)}
    assert sorted(declared.values()) == [("documents", "long"), ("mentions", "long"), ("ner_label", "string"),
                                         ("type", "string")]
    used = {v.get("for") for v in root.iter("{http://www.gexf.net/1.2draft}attvalue")}
    assert used == set(declared)
    assert all(e.get("weight") for e in root.iter("{http://www.gexf.net/1.2draft}edge"))
    assert all(n.get("label") for n in root.iter("{http://www.gexf.net/1.2draft}node"))


def test_an_unknown_graph_format_is_refused(seeded: Library):
    with pytest.raises(ReaderError, match="graphml, gexf"):
        graph_file(seeded, io.BytesIO(), "dot")


# ---- vault ----------------------------------------------------------------------------------

def vault_files(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8") for p in folder.rglob("*.md")}


def test_every_link_of_the_vault_resolves_to_a_file_in_it(seeded: Library, tmp_path):
    folder = tmp_path / "vault"
    report = export_vault(seeded, folder)
    files = vault_files(folder)
    assert report.documents == 5 and report.entities > 50
    assert len([f for f in files if f.startswith("Documents/")]) == 5
    links = [target for text in files.values() for target in LINK.findall(text)]
    assert len(links) > 100
    assert all(f"{target}.md" in files for target in links)
    azerbaijan = files["Entities/Azerbaijan.md"]
    assert azerbaijan.count("[[Documents/") == 5 and "type: \"place\"" in azerbaijan


def test_the_vault_keeps_notes_where_they_belong(seeded: Library, tmp_path):
    document = seeded.documents()[0]
    seeded.notes.add_document_note(document.id, "Check the *source*")
    seeded.notes.add_quote_note(document.id, "Azerbaijan", "first mention here")
    putin = seeded.entity("Vladimir Putin")
    seeded.notes.add_entity_note(putin.id, "Watch his [[statements]]")
    export_vault(seeded, tmp_path / "vault")
    files = vault_files(tmp_path / "vault")
    page = next(text for name, text in files.items() if name.startswith("Documents/") and "first mention" in text)
    assert "Check the *source*" in page and "> Azerbaijan\n\nfirst mention here" in page
    assert "Watch his [[statements]]" in files["Entities/Vladimir Putin.md"]  # the reader's own text, as typed


def test_vault_names_are_safe_unique_and_stable(seeded: Library, tmp_path):
    hostile = '<img src="http://evil.example/p.gif"> [click](http://evil.example) [[Evil]] #tag ../../etc/passwd'
    for path in (tmp_path / "a.txt", tmp_path / "b.txt"):
        path.write_text(f"{hostile}\n\n" + f"The same headline on another story from {path.stem}. " * 3,
                        encoding="utf-8")
    seeded.import_paths([tmp_path / "a.txt", tmp_path / "b.txt"], analyse=False)
    folder = tmp_path / "vault"
    export_vault(seeded, folder)
    first = vault_files(folder)
    made = sorted(name for name in first if "etc passwd" in name)
    assert len(made) == 2 and made[0] != made[1] and all(name.startswith("Documents/") for name in made)
    assert not any(set('<>:"|?*#^[]\\') & set(Path(name).name) for name in first)
    stamps = {p: p.stat().st_mtime_ns for p in folder.rglob("*.md")}
    export_vault(seeded, folder)
    assert vault_files(folder) == first
    assert {p: p.stat().st_mtime_ns for p in folder.rglob("*.md")} == stamps  # unchanged files are not rewritten


def test_document_text_cannot_become_html_links_or_images(seeded: Library, tmp_path):
    from markdown_it import MarkdownIt

    title = '<img src="http://evil.example/p.gif"> ![x](http://evil.example/i.png) [click](http://e.x) [[Evil]]'
    path = tmp_path / "hostile.md"  # a Markdown file is titled by its first heading, whatever it holds
    path.write_text(f"# {title}\n\n" + "A story with markup in its headline, told at length here. " * 3, encoding="utf-8")
    seeded.import_paths([path], analyse=False)
    export_vault(seeded, tmp_path / "vault")
    page = next(text for text in vault_files(tmp_path / "vault").values() if "reader_document" in text
                and "hostile.md" in text)
    body = page.split("---\n", 2)[2]
    html = MarkdownIt("commonmark").render(body)
    assert "<img" not in html and "<a " not in html and "&lt;img" in html
    assert LINK.findall(body) == []


def test_renamed_entities_leave_no_stale_file(seeded: Library, tmp_path):
    folder = tmp_path / "vault"
    export_vault(seeded, folder)
    seeded.corrections.rename(seeded.entity("Vladimir Putin"), "V. V. Putin")
    report = export_vault(seeded, folder)
    assert report.removed == 1
    assert not (folder / "Entities" / "Vladimir Putin.md").exists() and (folder / "Entities" / "V. V. Putin.md").exists()


def test_a_vault_needs_a_folder(seeded: Library, tmp_path):
    not_a_folder = tmp_path / "file.md"
    not_a_folder.write_text("mine", encoding="utf-8")
    with pytest.raises(ReaderError, match="not a folder"):
        export_vault(seeded, not_a_folder)
    assert not_a_folder.read_text(encoding="utf-8") == "mine"


def test_file_names_keep_the_oldest_plain_and_number_the_rest():
    names = file_names([(7, "Talks resume"), (3, "Talks resume"), (9, "TALKS RESUME"), (4, "CON"), (5, "a/b:c"),
                        (6, "..."), (8, "Talks resume (7)")], "Untitled")
    assert names[3] == "Talks resume" and names[7] == "Talks resume (7)" and names[9] == "TALKS RESUME (9)"
    assert names[8] == "Talks resume (7) (8)"
    assert names[4] == "CON_" and names[5] == "a b c" and names[6] == "Untitled"
    assert len(safe_name("é" * 300, "x").encode()) <= 120
