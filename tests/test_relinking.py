"""Linking only what a change reaches gives the library that linking everything gives: after an
import into a library that has documents already, and after each kind of correction."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reader.library import Library
from reader.paths import SEEDS_DIR

GOLD = Path(__file__).resolve().parent.parent / "benchmarks" / "gold" / "articles"


def linked_state(library: Library) -> tuple:
    """Which mentions form each entity (with its name and type), and each mention's status (a name
    found for an entity that is gone, kept should it come back, shows nowhere: left out)."""
    rows = library.db.execute(
        "SELECT m.document_id, m.start, m.end, m.status, e.name, e.label, m.entity_id FROM mentions m"
        " LEFT JOIN entities e ON e.id = m.entity_id"
        " WHERE NOT (m.source = 'name-match' AND m.entity_id IS NULL)").fetchall()
    groups: dict[int, set] = {}
    for document_id, start, end, status, name, label, entity_id in rows:
        if entity_id is not None and status == "linked":
            groups.setdefault(entity_id, set()).add((document_id, start, end, name, label))
    entities = frozenset(frozenset(group) for group in groups.values())
    statuses = frozenset((document_id, start, end, status) for document_id, start, end, status, *_ in rows)
    counts = frozenset(library.db.execute("SELECT name, label, mentions, documents FROM entities WHERE mentions > 0"))
    return entities, statuses, counts


def assert_same_as_a_full_relink(library: Library) -> None:
    partial = linked_state(library)
    library.relink()  # everything, from scratch
    library.find_name_matches()
    full = linked_state(library)
    assert partial[0] == full[0], _difference(partial[0], full[0])
    assert partial[1] == full[1]
    assert partial[2] == full[2]


def _difference(partial: frozenset, full: frozenset) -> str:
    only_partial = sorted(sorted(g)[:3] for g in partial - full)[:5]
    only_full = sorted(sorted(g)[:3] for g in full - partial)[:5]
    return f"only when relinked in part: {only_partial}\nonly when relinked whole: {only_full}"


def test_an_import_into_a_library_links_what_it_reaches_as_a_full_relink_would(empty_library: Library, tmp_path):
    seeds = sorted(SEEDS_DIR.glob("*.txt"))
    first, later = tmp_path / "first", tmp_path / "later"
    first.mkdir()
    later.mkdir()
    for seed in seeds[:3]:
        shutil.copy(seed, first / seed.name)
    for seed in seeds[3:]:
        shutil.copy(seed, later / seed.name)
    empty_library.import_paths([first])
    empty_library.import_paths([later])
    assert_same_as_a_full_relink(empty_library)


@pytest.mark.skipif(not GOLD.exists(), reason="the linking gold is not in this checkout")
def test_articles_arriving_one_by_one_end_as_a_full_relink_would(empty_library: Library, tmp_path):
    articles = sorted(p for p in GOLD.iterdir() if p.suffix in (".txt", ".html"))[:24]
    folder = tmp_path / "batch"
    folder.mkdir()
    for article in articles[:18]:
        shutil.copy(article, folder / article.name)
    empty_library.import_paths([folder])
    for article in articles[18:]:  # a new story, a follow-up, people named again by their surname...
        single = tmp_path / article.stem
        single.mkdir()
        shutil.copy(article, single / article.name)
        empty_library.import_paths([single])
    assert_same_as_a_full_relink(empty_library)


def test_each_correction_and_its_undo_link_as_a_full_relink_would(seeded: Library):
    corrections = seeded.corrections
    steps = [
        lambda: corrections.merge(seeded.entity("Qarabagh"), seeded.entity("Karabakh")),
        lambda: corrections.rename(seeded.entity("Caucasian Knot"), "Kavkazsky Uzel"),
        lambda: corrections.relabel(seeded.entity("Stepanakert"), "LOC"),
        lambda: corrections.ignore(seeded.entity("Bastion")),
        lambda: corrections.split(seeded.entity("Vladimir Putin"), "Putin"),
        lambda: corrections.distinct(seeded.entity("Nikol Pashinyan"), "Pashinyan"),
        lambda: corrections.merge_many([seeded.entity("Armenia"), seeded.entity("Artsakh")], seeded.entity("Azerbaijan")),
    ]
    done = []
    for step in steps:
        done.append(step())
        assert done[-1].change.entities is not None  # it says which entities changed
        assert_same_as_a_full_relink(seeded)
    for correction in reversed(done):
        corrections.remove(correction.id)
        assert_same_as_a_full_relink(seeded)
