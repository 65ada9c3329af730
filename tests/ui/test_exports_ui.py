"""File → Export… in the window: every kind written (and read back by the library made for its format), in the
background with Cancel, never half-written, from the folder the last export used."""
from __future__ import annotations

import csv
import re
import threading
from pathlib import Path

import networkx as nx
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QMessageBox

from reader.exports import ENTITY_COLUMNS, MENTION_COLUMNS
from reader.formats import SUFFIXES
from reader.ui.library.exporter import ExportRequest
from reader.ui.library.importer import FILE_FILTER
from reader.ui.runner import COMPUTE
from tests.ui.conftest import settle

WIKI_LINK = re.compile(r"\[\[([^\]|]+)\|[^\]]*\]\]")


@pytest.fixture
def files(monkeypatch):
    """The save and folder dialogs answer with the next path given; what they were opened on is kept."""
    answers = {"save": [], "folder": [], "asked": []}

    def save(parent, title, suggested, pattern):
        answers["asked"].append(suggested)
        return str(answers["save"].pop(0)), pattern

    def folder(parent, title, start):
        answers["asked"].append(start)
        return str(answers["folder"].pop(0))

    monkeypatch.setattr("reader.ui.library.exporter.QFileDialog.getSaveFileName", save)
    monkeypatch.setattr("reader.ui.library.exporter.QFileDialog.getExistingDirectory", folder)
    return answers


def export_from_menu(qtbot, window, kind: str, graph_format: str | None = None, as_shown: bool | None = None):
    """File → Export…, choose `kind` in the dialog, accept; wait until it is written."""
    def pick() -> None:
        dialog = window.exporter.last_dialog
        dialog.choose(kind, graph_format)
        if as_shown is not None:
            dialog.graph_as_shown.setChecked(as_shown)
        dialog.accept()

    QTimer.singleShot(0, pick)
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    next(a for a in file_menu.actions() if a.text() == "Export…").trigger()
    settle(qtbot, window)


def test_entities_csv_from_the_file_menu_opens_in_the_csv_module(qtbot, window, files, tmp_path):
    files["save"].append(tmp_path / "entities.csv")
    export_from_menu(qtbot, window, "entities")
    with (tmp_path / "entities.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ENTITY_COLUMNS
    azerbaijan = next(row for row in rows if row["name"] == "Azerbaijan")
    entity = window.library.entity("Azerbaijan")
    assert (int(azerbaijan["mentions"]), int(azerbaijan["documents"])) == (entity.mentions, entity.documents)
    assert azerbaijan["type"] == "place"
    assert window.status_label.text() == f"Exported {len(rows):,} entities to {tmp_path / 'entities.csv'}"
    assert not window.exporter.progress.isVisible()


def test_mentions_csv_gives_offsets_that_slice_the_document(qtbot, window, files, tmp_path):
    files["save"].append(tmp_path / "mentions.csv")
    export_from_menu(qtbot, window, "mentions")
    with (tmp_path / "mentions.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == MENTION_COLUMNS and len(rows) > 100
    texts = {}
    for row in rows[::25]:
        document_id = int(row["document_id"])
        texts.setdefault(document_id, window.library.document(document_id).text)
        assert texts[document_id][int(row["start"]):int(row["end"])] == row["text"]


def test_the_graph_as_the_panel_shows_it_opens_in_networkx_as_graphml(qtbot, window, files, tmp_path):
    window.insights.graph_action.trigger()
    settle(qtbot, window)
    graph = window.graph
    graph.min_weight.setValue(3)
    graph.reload()
    settle(qtbot, window)
    shown = graph.graph
    assert shown.nodes and shown.edges
    files["save"].append(tmp_path / "graph.graphml")
    export_from_menu(qtbot, window, "graph", "graphml", as_shown=True)
    network = nx.read_graphml(tmp_path / "graph.graphml")
    assert {int(n) for n in network.nodes} == {n.id for n in shown.nodes}
    assert network.number_of_edges() == len(shown.edges)
    assert min(weight for _, _, weight in network.edges(data="weight")) >= 3
    first = shown.nodes[0]
    assert network.nodes[str(first.id)]["label"] == first.name


def test_the_whole_graph_opens_in_networkx_as_gexf(qtbot, window, files, tmp_path):
    files["save"].append(tmp_path / "graph.gexf")
    export_from_menu(qtbot, window, "graph", "gexf")  # the graph panel never drawn: every entity
    network = nx.read_gexf(tmp_path / "graph.gexf")
    whole = window.library.analytics.graph(1, None, None)
    assert network.number_of_nodes() == len(whole.nodes) and network.number_of_edges() == len(whole.edges)
    assert {data["type"] for _, data in network.nodes(data=True)} >= {"person", "place"}


def test_a_vault_goes_into_the_chosen_folder_and_its_links_resolve(qtbot, window, files, tmp_path):
    vault = tmp_path / "Vault"
    vault.mkdir()  # the dialog made it: empty
    files["folder"].append(vault)
    export_from_menu(qtbot, window, "vault")
    documents = sorted((vault / "Documents").glob("*.md"))
    entities = sorted((vault / "Entities").glob("*.md"))
    assert len(documents) == window.library.document_count() and entities
    links = [link for page in entities for link in WIKI_LINK.findall(page.read_text(encoding="utf-8"))]
    assert links and all((vault / f"{link}.md").is_file() for link in links)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []
    assert window.status_label.text().endswith(f"entities to {vault}")


def blocked_compute_lane(window) -> threading.Event:
    """Hold the COMPUTE lane until the event is set (so that a cancel comes before the export runs)."""
    gate = threading.Event()
    window.runner.run(lambda library, job: gate.wait(20), COMPUTE, label="Holding the lane")
    return gate


@pytest.mark.parametrize("kind, name", [("mentions", "mentions.csv"), ("graphml", "graph.graphml"),
                                        ("vault", "Vault")])
def test_cancel_leaves_no_file(qtbot, window, tmp_path, kind, name):
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / name
    gate = blocked_compute_lane(window)
    window.exporter.start(ExportRequest(kind, target))
    progress = window.exporter.progress
    assert progress.isVisible() and progress.cancel_button.isEnabled()
    qtbot.mouseClick(progress.cancel_button, Qt.MouseButton.LeftButton)
    gate.set()
    settle(qtbot, window)
    assert not target.exists()
    assert list(folder.iterdir()) == []  # no temporary file or folder left either
    assert window.status_label.text() == f"Export cancelled: {target} is as it was."
    assert not progress.isVisible()


def test_cancel_keeps_the_file_that_was_there(qtbot, window, tmp_path):
    target = tmp_path / "entities.csv"
    target.write_text("what was there\n", encoding="utf-8")
    gate = blocked_compute_lane(window)
    window.exporter.start(ExportRequest("entities", target))
    window.exporter.cancel()
    gate.set()
    settle(qtbot, window)
    assert target.read_text(encoding="utf-8") == "what was there\n"


def test_the_dialogs_open_in_the_folder_the_last_export_used(qtbot, window, files, tmp_path, monkeypatch):
    first = tmp_path / "first"
    first.mkdir()
    files["save"] += [first / "entities.csv", first / "graph.gexf"]
    export_from_menu(qtbot, window, "entities")
    export_from_menu(qtbot, window, "graph", "gexf")
    assert Path(files["asked"][1]) == first / "graph.gexf"  # suggested in the folder used before
    opened = {}
    monkeypatch.setattr("reader.ui.notes.notes_browser.QFileDialog.getOpenFileName",
                        lambda parent, title, folder, pattern: opened.setdefault("folder", folder) and ("", ""))
    window.notes.import_action.trigger()
    assert Path(opened["folder"]) == first  # importing notes starts there too
    offered = []
    QTimer.singleShot(0, lambda: (offered.append(window.exporter.last_dialog.choice()),
                                  window.exporter.last_dialog.reject()))
    window.exporter.action.trigger()
    assert offered == ["graph"]  # and the dialog offers the last kind first


def test_a_failure_is_one_clear_message(qtbot, window, files, tmp_path):
    target = tmp_path / "no such folder" / "entities.csv"
    files["save"].append(target)
    export_from_menu(qtbot, window, "entities")
    box = window.exporter.last_dialog
    assert isinstance(box, QMessageBox) and box.windowTitle() == "Export failed"
    assert str(target) in box.text() and window.status_label.text() == "Export failed."
    box.close()


def test_the_import_filter_lists_exactly_the_formats_reader_reads():
    patterns = re.search(r"Articles \(([^)]*)\)", FILE_FILTER).group(1).split()
    assert sorted(patterns) == sorted(f"*{suffix}" for suffix in SUFFIXES)


def test_a_vault_never_spreads_among_other_files_but_updates_an_earlier_vault(qtbot, window, files, tmp_path):
    folder = tmp_path / "Papers"
    folder.mkdir()
    (folder / "thesis.odt").write_text("mine", encoding="utf-8")
    files["folder"] += [folder, folder / "Reader vault"]
    export_from_menu(qtbot, window, "vault")
    assert sorted(p.name for p in folder.iterdir()) == ["Reader vault", "thesis.odt"]
    vault = folder / "Reader vault"
    assert (vault / "Reader.md").is_file()
    (vault / "Documents" / "mine.md").write_text("kept", encoding="utf-8")
    export_from_menu(qtbot, window, "vault")  # the earlier vault chosen: brought up to date in place
    assert (vault / "Documents" / "mine.md").read_text(encoding="utf-8") == "kept"
    assert not (vault / "Reader vault").exists()
