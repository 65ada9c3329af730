"""Near-duplicates: a story's variants are grouped at import, different stories are not, and a
story can be counted once in the entity counts and the graph."""
from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from reader import near_duplicates as nd
from reader.library import Library
from tests.conftest import SEEDS

SEED_FILES = sorted(SEEDS.glob("*.txt"))
BYLINE = "By Maria Lopez, Staff Writer | The Daily Courier\nUpdated 14:32 GMT · 4 min read\n\n"
FOOTER = ("\n\nRead more: Officials respond to the report · Markets close lower\n"
          "Sign up for our morning newsletter. © 2024 The Daily Courier. All rights reserved.\n")


def seed_text(number: int) -> str:
    return SEED_FILES[number].read_text(encoding="utf-8")


def other_headline(text: str) -> str:
    return "Officials say new details emerge as the story develops\n" + text.partition("\n")[2]


def trimmed(text: str) -> str:
    return "\n\n".join(text.rstrip().split("\n\n")[:-1]) + "\n"


def with_clutter(text: str) -> str:
    return BYLINE + text + FOOTER


def with_typos(text: str, every: int = 50) -> str:
    rng = random.Random(5)
    words = text.split(" ")
    for i, word in enumerate(words):
        if len(word) > 3 and rng.random() < 1 / every:
            words[i] = word[1] + word[0] + word[2:]
    return " ".join(words)


VARIANTS = {"headline": other_headline, "trimmed": trimmed, "clutter": with_clutter, "typos": with_typos,
            "all four": lambda t: with_typos(with_clutter(trimmed(other_headline(t))))}


def signature(text: str) -> bytes:
    return next(nd.fingerprints([text])).signature


@pytest.mark.parametrize("kind", list(VARIANTS))
def test_each_kind_of_edit_keeps_the_same_story(kind):
    for number in range(len(SEED_FILES)):
        original = seed_text(number)
        assert nd.similarity(signature(original), signature(VARIANTS[kind](original))) >= nd.THRESHOLD, kind


def test_different_articles_on_the_same_topic_are_different_stories():
    """The five seeds are all about Karabakh, Azerbaijan, Armenia and Russia: five stories."""
    signatures = [signature(seed_text(n)) for n in range(len(SEED_FILES))]
    for i, a in enumerate(signatures):
        for b in signatures[i + 1:]:
            assert nd.similarity(a, b) < nd.THRESHOLD / 3


def write_variants(folder: Path, kinds=("all four", "headline", "clutter", "trimmed", "typos")) -> list[Path]:
    """One variant of each seed, each seed with another kind of edit, as another outlet saved it."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number, kind in enumerate(kinds):
        path = folder / f"outlet_{number}.txt"
        path.write_text(VARIANTS[kind](seed_text(number)), encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture
def twice_told(tmp_path, analyser) -> Library:
    """The seeds and a variant of each from another outlet, imported without analysis."""
    library = Library(tmp_path / "stories.db", analyser=analyser)
    library.import_paths([SEEDS], analyse=False)
    report = library.import_paths(write_variants(tmp_path / "outlets"), analyse=False)
    assert len(report.added) == 5 and report.near_duplicates == 5
    yield library
    library.close()


def by_path(library: Library) -> dict[str, object]:
    return {d.path: d for d in library.documents()}


def test_import_groups_each_variant_with_its_original_and_nothing_else(twice_told, tmp_path):
    documents = by_path(twice_told)
    for number, seed in enumerate(SEED_FILES):
        original, variant = documents[str(seed)], documents[str(tmp_path / "outlets" / f"outlet_{number}.txt")]
        assert original.story == variant.story == original.id
        assert original.also_in == variant.also_in == 1
    assert len({d.story for d in documents.values()}) == 5


def test_a_documents_near_duplicates_name_the_other_outlet(twice_told, tmp_path):
    original = twice_told.document(str(SEED_FILES[4]))
    others = twice_told.stories.near_duplicates(original.id)
    assert [(o.path, o.title) for o in others] == [(str(tmp_path / "outlets" / "outlet_4.txt"), original.title)]
    assert 0.7 < others[0].similarity < 1.0
    assert twice_told.stories.near_duplicates(others[0].id)[0].id == original.id


def test_exact_duplicates_are_still_refused(twice_told, tmp_path):
    copy = tmp_path / "copy.txt"
    shutil.copy(SEED_FILES[0], copy)
    report = twice_told.import_paths([copy], analyse=False)
    assert report.added == [] and len(report.duplicates) == 1 and "same content" in report.duplicates[0]


def test_grouping_survives_reimport_and_new_documents_are_compared_alone(twice_told, tmp_path, monkeypatch):
    before = {d.path: (d.story, d.also_in) for d in twice_told.documents()}
    seen: list[str] = []
    fingerprints = nd.fingerprints

    def counted(texts):
        texts = list(texts)
        seen.extend(texts)
        return fingerprints(texts)

    monkeypatch.setattr(nd, "fingerprints", counted)
    report = twice_told.import_paths([SEEDS, tmp_path / "outlets"], analyse=False)
    assert len(report.unchanged) == 10 and seen == []
    assert {d.path: (d.story, d.also_in) for d in twice_told.documents()} == before
    extra = tmp_path / "third_outlet.txt"
    extra.write_text(with_clutter(trimmed(seed_text(2))), encoding="utf-8")
    report = twice_told.import_paths([extra], analyse=False)
    assert report.near_duplicates == 1 and seen == [extra.read_text(encoding="utf-8")]  # the new one only
    story = twice_told.document(str(SEED_FILES[2])).id
    assert by_path(twice_told)[str(extra)].story == story
    assert by_path(twice_told)[str(SEED_FILES[2])].also_in == 2


def test_a_changed_document_leaves_its_story(twice_told, tmp_path):
    variant = tmp_path / "outlets" / "outlet_1.txt"
    variant.write_text(with_clutter(seed_text(3)), encoding="utf-8")  # the outlet's file now tells seed 3's story
    twice_told.import_paths([variant], analyse=False)
    documents = by_path(twice_told)
    assert documents[str(SEED_FILES[1])].also_in == 0
    assert documents[str(variant)].story == documents[str(SEED_FILES[3])].id
    assert documents[str(SEED_FILES[3])].also_in == 2


def test_when_a_storys_first_document_changes_the_others_stay_together(empty_library, tmp_path):
    first, second, third = (tmp_path / f"{name}.txt" for name in ("first", "second", "third"))
    first.write_text(seed_text(0), encoding="utf-8")
    second.write_text(with_clutter(seed_text(0)), encoding="utf-8")
    third.write_text(other_headline(seed_text(0)), encoding="utf-8")
    empty_library.import_paths([first, second, third], analyse=False)
    assert {d.story for d in empty_library.documents()} == {empty_library.document(str(first)).id}
    first.write_text(seed_text(1), encoding="utf-8")  # the first file now holds another article
    empty_library.import_paths([first], analyse=False)
    documents = by_path(empty_library)
    assert documents[str(second)].story == documents[str(third)].story == documents[str(second)].id
    assert documents[str(second)].also_in == 1
    assert documents[str(first)].also_in == 0


# ---- counting a story once ------------------------------------------------------------------

@pytest.fixture
def seeds_and_trimmed_copies(seeded: Library, tmp_path) -> Library:
    """The analysed seeds, and from another outlet each seed without its last paragraph, analysed."""
    folder = tmp_path / "trimmed"
    folder.mkdir()
    for number, seed in enumerate(SEED_FILES):
        (folder / f"trimmed_{number}.txt").write_text(trimmed(seed_text(number)), encoding="utf-8")
    report = seeded.import_paths([folder])
    assert report.near_duplicates == 5 and report.analysed == 5
    return seeded


def test_counting_stories_once_gives_the_counts_of_the_seeds_alone(seeds_and_trimmed_copies, _seeded_file, analyser):
    alone = Library(_seeded_file, analyser=analyser)
    try:
        expected = {e.name: (e.mentions, e.documents) for e in alone.entities()[:5]}
    finally:
        alone.close()
    by_document = {e.name: e for e in seeds_and_trimmed_copies.entities()}
    by_story = {e.name: e for e in seeds_and_trimmed_copies.entities(stories=True)}
    for name, (mentions, documents) in expected.items():
        assert (by_story[name].mentions, by_story[name].documents) == (mentions, documents), name
        assert by_document[name].documents == 2 * documents
    azerbaijan = by_story["Azerbaijan"]
    assert seeds_and_trimmed_copies.entity_by_id(azerbaijan.id, stories=True) == azerbaijan
    rows = {r.name: r for r in seeds_and_trimmed_copies.analytics.entity_table(stories=True)}
    assert (rows["Azerbaijan"].mentions, rows["Azerbaijan"].documents) == expected["Azerbaijan"]


def test_the_graph_can_count_shared_paragraphs_once_per_story(seeds_and_trimmed_copies, _seeded_file, analyser):
    alone = Library(_seeded_file, analyser=analyser)
    try:
        single = alone.analytics.graph(top=20)
        names = {n.id: n.name for n in single.nodes}
        expected = {frozenset((names[e.source], names[e.target])): e.weight for e in single.edges}
    finally:
        alone.close()
    library = seeds_and_trimmed_copies
    pair = frozenset(("Azerbaijan", "Armenia"))
    for stories in (True, False):
        graph = library.analytics.graph(top=20, stories=stories)
        names = {n.id: n.name for n in graph.nodes}
        weights = {frozenset((names[e.source], names[e.target])): e.weight for e in graph.edges}
        azerbaijan = graph.node(next(i for i, n in names.items() if n == "Azerbaijan"))
        if stories:
            assert weights[pair] == expected[pair] and azerbaijan.documents == 5
        else:
            assert weights[pair] > expected[pair] and azerbaijan.documents == 10
