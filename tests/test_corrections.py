"""The user's corrections and the review of name matches, on the analysed seeds."""
from __future__ import annotations

import pytest

from reader.errors import ReaderError
from reader.library import Library


def docs_of(library: Library, name: str) -> set[int]:
    return {m.mention.document_id for m in library.mentions(entity_id=library.entity(name).id)}


def test_merge_qarabagh_into_karabakh_covers_all_seeds_and_survives_reanalysis(seeded: Library):
    assert len(docs_of(seeded, "Karabakh")) == 4
    seeded.corrections.merge(seeded.entity("Qarabagh"), seeded.entity("Karabakh"))
    assert len(docs_of(seeded, "Karabakh")) == 5
    assert "Qarabagh" in {m.mention.text for m in seeded.mentions(entity_id=seeded.entity("Karabakh").id)}
    assert seeded.analyse(everything=True) == 5
    assert len(docs_of(seeded, "Karabakh")) == 5
    assert [c.kind for c in seeded.corrections.list()] == ["merge"]


def test_rename_and_relabel_stick_after_reanalysis(seeded: Library):
    seeded.corrections.rename(seeded.entity("Karabakh"), "Karabakh region")
    seeded.corrections.relabel(seeded.entity("Karabakh region"), "loc")
    seeded.analyse(everything=True)
    entity = seeded.entity("Karabakh")  # still found by its surface
    assert (entity.name, entity.label) == ("Karabakh region", "LOC")


def test_ignore_removes_every_mention_and_undo_brings_them_back(seeded: Library):
    caucasian = seeded.entity("Caucasian Knot")
    before = caucasian.mentions
    correction = seeded.corrections.ignore(caucasian)
    document = next(d for d in seeded.documents() if d.title.startswith("Analysts"))
    names = {name for _, name, _ in seeded.document_mentions(document.id)}
    assert "Caucasian Knot" not in names
    assert not [e for e in seeded.entities() if e.name == "Caucasian Knot"]
    seeded.analyse(everything=True)
    assert not [e for e in seeded.entities() if e.name == "Caucasian Knot"]
    seeded.corrections.remove(correction.id)
    assert seeded.entity("Caucasian Knot").mentions == before


def test_split_takes_a_surname_back_out_of_the_full_name(seeded: Library):
    putin = seeded.entity("Vladimir Putin")
    assert "Putin" in {s for s, _ in seeded.entity_surfaces(putin.id)}
    seeded.corrections.split(putin, "Putin")
    assert "Putin" not in {s for s, _ in seeded.entity_surfaces(seeded.entity("Vladimir Putin").id)}
    alone = seeded.entity("Putin")
    assert alone.id != seeded.entity("Vladimir Putin").id
    with pytest.raises(ReaderError, match="not one of the names"):
        seeded.corrections.split(seeded.entity("Vladimir Putin"), "Medvedev")


def test_invalid_corrections_are_refused_with_a_reason(seeded: Library):
    azerbaijan = seeded.entity("Azerbaijan")
    with pytest.raises(ReaderError, match="into itself"):
        seeded.corrections.merge(azerbaijan, azerbaijan)
    with pytest.raises(ReaderError, match="unknown type 'PLANET'"):
        seeded.corrections.relabel(azerbaijan, "planet")
    assert seeded.corrections.list() == []


def test_certain_name_matches_are_linked_and_rejections_stick(seeded: Library):
    csto = seeded.entity("CSTO")
    matches = [m for m in seeded.mentions(entity_id=csto.id) if m.mention.source == "name-match"]
    assert len(matches) >= 2 and all(m.mention.automatic for m in matches)  # "CSTO" exactly, never a word
    for m in matches:
        doc_text = seeded.document(m.mention.document_id).text
        assert doc_text[m.mention.start:m.mention.end] == m.mention.text == "CSTO"
    accepted, rejected = matches[0], matches[-1]
    linked_before = seeded.entity_by_id(csto.id).mentions
    seeded.corrections.review(accepted.mention.id, "pending")  # reopened: waits for review
    assert [m.mention.id for m in seeded.mentions(entity_id=csto.id, status="unlinked")] == [accepted.mention.id]
    seeded.corrections.review(accepted.mention.id, "accepted")
    seeded.corrections.review(rejected.mention.id, "rejected")
    assert seeded.entity_by_id(csto.id).mentions == linked_before - 1
    assert not any(m.mention.automatic for m in seeded.mentions(entity_id=csto.id) if m.mention.id == accepted.mention.id)
    seeded.analyse(everything=True)
    csto = seeded.entity("CSTO")
    linked = {(m.mention.document_id, m.mention.start) for m in seeded.mentions(entity_id=csto.id)}
    still_unlinked = {(m.mention.document_id, m.mention.start) for m in seeded.mentions(entity_id=csto.id, status="unlinked")}
    assert (accepted.mention.document_id, accepted.mention.start) in linked
    assert (rejected.mention.document_id, rejected.mention.start) not in linked | still_unlinked


def test_name_matches_never_overlap_model_mentions(seeded: Library):
    for document in seeded.documents():
        spans = sorted((m.start, m.end, m.source) for m, _, _ in seeded.document_mentions(document.id))
        spans += [(m.mention.start, m.mention.end, "name-match")
                  for m in seeded.mentions(document_id=document.id, status="unlinked")]
        spans.sort()
        for (s1, e1, _), (s2, e2, _) in zip(spans, spans[1:]):
            assert e1 <= s2


def test_name_index_matches_words_and_folds_case_and_diacritics_only_for_longer_names():
    from reader.recall import NameIndex

    index = NameIndex([("Turkiye", "turkiye", 5, "GPE"), ("Baku", "baku", 3, "GPE"),
                       ("Nagorno-Karabakh", "nagorno karabakh", 4, "GPE"), ("EU", "eu", 2, "ORG")])
    found = index.find("Türkiye, Bakú, the eu and EU; NAGORNO KARABAKH and Bakuriani.", taken=[])
    assert [(m.text, m.entity_id) for m in found] == [("Türkiye", 5), ("EU", 2), ("NAGORNO KARABAKH", 4)]


def test_keeping_a_name_apart_undoes_an_automatic_join_and_a_later_merge_wins(seeded: Library):
    russia = seeded.entity("Russia")
    assert "Russian Federation" in {s for s, _ in seeded.entity_surfaces(russia.id)}  # a well-known alias
    correction = seeded.corrections.distinct(russia, "Russian Federation")
    federation = seeded.entity("Russian Federation")
    assert federation.id != seeded.entity("Russia").id
    assert [r[0] for r in correction.rules] == ["distinct"]
    seeded.corrections.merge(federation, seeded.entity("Russia"))  # the reader's own merge, made after
    assert seeded.entity("Russian Federation").id == seeded.entity("Russia").id
    with pytest.raises(ReaderError, match="are the same name"):
        seeded.corrections.distinct(russia, "Russia")
