"""The linking gold corpus is consistent with the texts Reader reads (no model needed)."""
from __future__ import annotations

import hashlib
from collections import defaultdict

from benchmarks import gold
from reader.documents import read_document


def test_every_mention_is_its_surface_in_the_text_reader_reads():
    for document in gold.documents():
        text = read_document(document.path).text
        assert hashlib.sha256(text.encode()).hexdigest() == document.text_sha256, document.path.name
        for m in document.mentions:
            assert text[m.start:m.end] == m.surface, (document.path.name, m)
            assert m.surface == m.surface.strip() and m.surface, (document.path.name, m)
            assert not document.in_clutter(m.start, m.end), (document.path.name, m)


def test_mentions_are_names_and_never_overlap():
    for document in gold.documents():
        assert all(m.label in gold.NAME_LABELS for m in document.mentions)
        spans = sorted((m.start, m.end) for m in document.mentions)
        assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:])), document.path.name


def test_every_entity_has_a_name_and_one_type():
    entities = gold.entities()
    labels = defaultdict(set)
    for document in gold.documents():
        for m in document.mentions:
            labels[m.entity].add(m.label)
    assert set(labels) == set(entities)
    for key, seen in labels.items():
        assert seen == {entities[key].label}, key
        assert entities[key].name.strip(), key


def test_the_corpus_is_large_and_varied_enough():
    documents = gold.documents()
    assert len(documents) >= 40
    assert len({d.domain for d in documents}) >= 3
    assert {d.path.suffix for d in documents} == {".txt", ".html"}
    assert any(d.clutter for d in documents if d.path.suffix == ".txt")
    in_several = defaultdict(set)
    for document in documents:
        for m in document.mentions:
            in_several[m.entity].add(document.path.name)
    assert sum(len(files) > 1 for files in in_several.values()) >= 50  # entities linked across documents
