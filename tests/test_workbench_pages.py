"""What the window's workbench reads and undoes, in the core: review filters of the entity table, a watched
name's hits a page at a time (documents with new hits first), several corrections removed at once."""
from __future__ import annotations

import shutil

from reader.library import Library
from reader.paths import SEEDS_DIR as SEEDS


def test_entity_table_filters_by_documents_count_and_by_chosen_ids(seeded: Library):
    lists = seeded.lists
    everything = lists.entities(limit=1000)
    wide = lists.entities(min_documents=4, limit=1000)
    assert wide and all(r.documents >= 4 for r in wide)
    assert {r.id for r in wide} == {r.id for r in everything if r.documents >= 4}
    assert lists.entity_total(min_documents=4) == len(wide)
    suspicious = seeded.analytics.suspicious()
    capitals = sorted(i for i, why in suspicious.items() if "all_caps" in why)
    chosen = lists.entities(ids=capitals, limit=1000)
    assert {r.name for r in chosen} >= {"RMK"} and {r.id for r in chosen} == set(capitals)
    assert lists.entity_total(ids=capitals) == len(capitals)
    assert lists.entities(ids=[], limit=1000) == [] and lists.entity_total(ids=[]) == 0


def test_a_watched_names_hits_come_a_page_at_a_time_new_documents_first(tmp_path, analyser):
    folder = tmp_path / "articles"
    folder.mkdir()
    seeds = sorted(SEEDS.iterdir())
    for seed in seeds[:3]:
        shutil.copy(seed, folder / seed.name)
    watch = tmp_path / "w.txt"
    watch.write_text("Moscow\n", encoding="utf-8")
    library = Library(tmp_path / "library.db", analyser=analyser)
    try:
        library.import_paths([folder])
        library.watchlists.add_file(watch)
        library.watchlists.mark_seen()
        for seed in seeds[3:]:
            shutil.copy(seed, folder / seed.name)
        report = library.import_paths([folder])
        moscow = library.watchlists.name("Moscow")
        groups = library.watchlists.hit_groups(moscow.id)
        assert library.watchlists.hit_group_total(moscow.id) == len(groups) == moscow.documents
        assert sum(g.mentions for g in groups) == moscow.hits and sum(g.new for g in groups) == moscow.new > 0
        fresh = [g for g in groups if g.new]
        assert groups[:len(fresh)] == fresh and {g.document_id for g in fresh} <= set(report.added)
        assert library.watchlists.hit_groups(moscow.id, offset=1, limit=1) == groups[1:2]
        first = groups[0]
        hits = library.watchlists.hits(moscow.id, document_id=first.document_id)
        assert len(hits) == first.mentions and all(h.new for h in hits)
        paged = [h for offset in range(0, len(hits), 2)
                 for h in library.watchlists.hits(moscow.id, document_id=first.document_id, offset=offset, limit=2)]
        assert paged == hits
    finally:
        library.close()


def test_several_corrections_are_removed_at_once(seeded: Library):
    corrections = seeded.corrections
    merged = corrections.merge(seeded.entity("Qarabagh"), seeded.entity("Karabakh"))
    apart = corrections.distinct("Armenians", "Armenian")  # one entity since plurals join: now kept apart
    kept = corrections.rename(seeded.entity("Baku"), "Baku city")
    removed = corrections.remove_many([merged.id, apart.id, merged.id, 999])
    assert [c.id for c in removed] == [merged.id, apart.id]
    assert [c.id for c in corrections.list()] == [kept.id]
    assert seeded.entity("Qarabagh").id != seeded.entity("Karabakh").id
    assert corrections.remove_many([merged.id]) == []
