"""Workbench corrections: "not the same", bulk steps undone at once, and rules carried to another library."""
from __future__ import annotations

import json
import shutil

import pytest

from reader.errors import ReaderError
from reader.library import Library

from reader.paths import SEEDS_DIR as SEEDS
QARABAGH_SEED = "001_44389988b1146c98.txt"


def test_not_the_same_is_stored_listed_respected_by_suggestions_and_undone(seeded: Library):
    qarabagh, karabakh = seeded.entity("Qarabagh"), seeded.entity("Karabakh")
    correction = seeded.corrections.distinct(qarabagh, karabakh)
    assert correction.kind == "distinct"
    assert correction.rules == (("distinct", "qarabagh", "karabakh"),)
    assert [c.id for c in seeded.corrections.list()] == [correction.id]
    assert seeded.corrections.distinct("Karabakh", "Qarabagh").id == correction.id  # no second copy
    assert not [s for s in seeded.suggestions(limit=None) if {s.source.name, s.target.name} == {"Qarabagh", "Karabakh"}]
    seeded.analyse(everything=True)
    assert not [s for s in seeded.suggestions(limit=None) if {s.source.name, s.target.name} == {"Qarabagh", "Karabakh"}]
    seeded.corrections.remove(correction.id)
    assert seeded.corrections.list() == []
    assert [s for s in seeded.suggestions(limit=None) if {s.source.name, s.target.name} == {"Qarabagh", "Karabakh"}]


def test_not_the_same_refuses_one_name_twice(seeded: Library):
    with pytest.raises(ReaderError, match="same name"):
        seeded.corrections.distinct("Karabakh", "the Karabakh")
    assert seeded.corrections.list() == []


def test_not_the_same_keeps_automatic_linking_apart_after_reanalysis(seeded: Library):
    putin = seeded.entity("Vladimir Putin")
    assert "Putin" in {surface for surface, _ in seeded.entity_surfaces(putin.id)}  # the surname joined it
    seeded.corrections.distinct("Putin", putin)
    seeded.analyse(everything=True)
    putin = seeded.entity("Vladimir Putin")
    assert "Putin" not in {surface for surface, _ in seeded.entity_surfaces(putin.id)}


def test_bulk_relabel_is_one_correction_and_one_undo(seeded: Library):
    chosen = [seeded.entity(name) for name in ("Karabakh", "Qarabagh", "Artsakh")]
    labels_before = {e.name: e.label for e in chosen}
    correction = seeded.corrections.relabel_many(chosen, "loc")
    assert len(seeded.corrections.list()) == 1 and len(correction.rules) == 3
    assert {seeded.entity(name).label for name in labels_before} == {"LOC"}
    seeded.analyse(everything=True)
    assert {seeded.entity(name).label for name in labels_before} == {"LOC"}
    seeded.corrections.remove(correction.id)
    assert {name: seeded.entity(name).label for name in labels_before} == labels_before


def test_bulk_not_an_entity_is_one_correction_and_one_undo(seeded: Library):
    chosen = [seeded.entity(name) for name in ("Bastion", "RMK", "West")]
    mentions = {e.name: e.mentions for e in chosen}
    correction = seeded.corrections.ignore_many(chosen)
    assert len(seeded.corrections.list()) == 1
    remaining = {e.name for e in seeded.entities()}
    assert not remaining & set(mentions)
    seeded.corrections.remove(correction.id)
    assert {name: seeded.entity(name).mentions for name in mentions} == mentions
    with pytest.raises(ReaderError, match="unknown type"):
        seeded.corrections.relabel_many(chosen, "planet")
    with pytest.raises(ReaderError, match="at least one"):
        seeded.corrections.ignore_many([])


def test_rules_travel_to_a_fresh_library_and_apply_to_later_imports(seeded: Library, tmp_path, analyser):
    seeded.corrections.merge(seeded.entity("Qarabagh"), seeded.entity("Karabakh"))
    seeded.corrections.rename(seeded.entity("Caucasian Knot"), "Kavkazsky Uzel")
    seeded.corrections.relabel(seeded.entity("Stepanakert"), "GPE")
    seeded.corrections.ignore(seeded.entity("Bastion"))
    seeded.corrections.split(seeded.entity("Vladimir Putin"), "Putin")
    seeded.corrections.distinct("Armenia", "Armenians")
    exported = tmp_path / "decisions.json"
    assert seeded.corrections.export_rules(exported) == 6
    assert json.loads(exported.read_text(encoding="utf-8"))["format"] == "reader-corrections"
    assert not list(tmp_path.glob(".decisions.json.*"))  # the temporary file was renamed

    folder = tmp_path / "articles"
    folder.mkdir()
    for seed in SEEDS.iterdir():
        if seed.name != QARABAGH_SEED:
            shutil.copy(seed, folder / seed.name)
    other = Library(tmp_path / "other.db", analyser=analyser)
    try:
        other.import_paths([folder])
        report = other.corrections.import_rules(exported)
        assert (report.corrections, report.skipped) == (6, 0)
        assert [c.description for c in other.corrections.list()] == [c.description for c in seeded.corrections.list()]
        assert other.entity("Caucasian Knot").name == "Kavkazsky Uzel"
        assert other.entity("Stepanakert").label == "GPE"
        assert not [e for e in other.entities() if e.name == "Bastion"]

        again = other.corrections.import_rules(exported)
        rules = sum(len(c.rules) for c in seeded.corrections.list())
        assert (again.corrections, again.rules, again.skipped) == (0, 0, rules)
        assert len(other.corrections.list()) == 6

        shutil.copy(SEEDS / QARABAGH_SEED, folder / QARABAGH_SEED)
        other.import_paths([folder])  # the article with "Qarabagh" arrives later: the merge applies to it
        karabakh = other.entity("Karabakh")
        assert "Qarabagh" in {surface for surface, _ in other.entity_surfaces(karabakh.id)}
        assert other.entity("Qarabagh").id == karabakh.id
    finally:
        other.close()


def test_a_malformed_rules_file_is_refused_naming_it_and_nothing_changes(seeded: Library, tmp_path):
    cases = {
        "broken.json": "{not json",
        "other.json": json.dumps({"format": "something else"}),
        "kind.json": json.dumps({"format": "reader-corrections", "version": 1,
                                 "corrections": [{"description": "x", "rules": [{"kind": "explode", "key": "a"}]}]}),
        "value.json": json.dumps({"format": "reader-corrections", "version": 1,
                                  "corrections": [{"description": "x", "rules": [{"kind": "merge", "key": "a"}]}]}),
    }
    for name, text in cases.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ReaderError, match=str(path)):
            seeded.corrections.import_rules(path)
    with pytest.raises(ReaderError, match="no such file"):
        seeded.corrections.import_rules(tmp_path / "missing.json")
    assert seeded.corrections.list() == []
