"""Watchlists: reading the user's files, loose matching they can tighten, and new hits after an import."""
from __future__ import annotations

import shutil

import pytest

from reader.labels import LABELS
from reader.errors import ReaderError
from reader.library import Library
from reader.watch_match import Matcher, MatchOptions, Pattern, Vocabulary, fold_text, words_of
from reader.watchlist import WatchEntry, read_watchlist

from reader.paths import SEEDS_DIR as SEEDS
TEXT = ("İlham Əliyev met the press. Later ALIYEV spoke, and Aliyev Ilham left for Türkiye; "
        "Nagorno-Karabakh stayed calm. Ilham Aliev was quoted. Valiyev was not there.")


def find(options: MatchOptions, *names: str) -> list[str]:
    patterns = [Pattern(1, tuple(words_of(n) for n in names), options)]
    vocabulary = Vocabulary(word.lower() for word in words_of(TEXT))  # the words a search index would hold
    matcher = Matcher(patterns, vocabulary.expand(patterns))
    return [f.text for f in matcher.find(TEXT, fold_text(TEXT), [1])]


def test_loose_matching_folds_case_diacritics_letters_and_word_order_with_exact_offsets():
    options = MatchOptions(similarity=100)
    assert find(options, "Ilham Aliyev") == ["İlham Əliyev", "Aliyev Ilham"]
    assert find(options, "Turkiye") == ["Türkiye"]
    assert find(options, "nagorno karabakh") == ["Nagorno-Karabakh"]
    matcher = Matcher([Pattern(7, (words_of("Aliyev"),), options)], {})
    for hit in matcher.find(TEXT, fold_text(TEXT), [7]):
        assert TEXT[hit.start:hit.end] == hit.text
    assert [h.text for h in matcher.find(TEXT, fold_text(TEXT), [7])] == ["Əliyev", "ALIYEV", "Aliyev"]


def test_each_looseness_can_be_tightened():
    assert find(MatchOptions(similarity=100, any_order=False), "Ilham Aliyev") == ["İlham Əliyev"]
    assert find(MatchOptions(similarity=100, fold_letters=False), "Ilham Aliyev") == ["Aliyev Ilham"]
    assert find(MatchOptions(similarity=100, fold_diacritics=False), "Turkiye") == []
    assert find(MatchOptions(similarity=100, ignore_case=False), "Aliyev") == ["Əliyev", "Aliyev"]
    assert find(MatchOptions(similarity=100, ignore_case=False, fold_letters=False), "Aliyev") == ["Aliyev"]
    # fuzziness: "Aliev" is one letter short of "Aliyev"; "Valiyev" is another name
    assert "Ilham Aliev" in find(MatchOptions(similarity=90), "Ilham Aliyev")
    assert "Ilham Aliev" not in find(MatchOptions(similarity=100), "Ilham Aliyev")
    assert find(MatchOptions(similarity=100), "Valiyev") == ["Valiyev"]


def test_watchlist_files_csv_and_text(tmp_path):
    csv_file = tmp_path / "people.csv"
    csv_file.write_text("name,aliases,type,note\nIlham Aliyev,Əliyev|Aliev,person,president\n"
                        "\"Pashinyan, Nikol\",,,\nIlham Aliyev,İlham Əliyev,,\n", encoding="utf-8")
    assert read_watchlist(csv_file, LABELS) == [
        WatchEntry("Ilham Aliyev", ("Əliyev", "Aliev", "İlham Əliyev"), "PERSON", "president"),
        WatchEntry("Pashinyan, Nikol"),
    ]
    text_file = tmp_path / "places.txt"
    text_file.write_text("# places\nKarabakh\n\n  Stepanakert  \n", encoding="utf-8")
    assert [e.name for e in read_watchlist(text_file, LABELS)] == ["Karabakh", "Stepanakert"]


def test_a_malformed_watchlist_is_refused_naming_the_file(tmp_path):
    cases = {
        "empty.txt": "\n# nothing\n",
        "columns.csv": "who,when\nAliyev,2020\n",
        "type.csv": "name,type\nAliyev,PLANET\n",
        "punctuation.txt": "Aliyev\n---\n",
    }
    for name, text in cases.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ReaderError, match=str(path)):
            read_watchlist(path, LABELS)
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\xff\xfe\x00\x01")
    with pytest.raises(ReaderError, match=f"{binary}: not a watchlist"):
        read_watchlist(binary, LABELS)
    with pytest.raises(ReaderError, match="no such file"):
        read_watchlist(tmp_path / "missing.txt", LABELS)


def test_watched_names_are_found_where_the_model_found_nothing(seeded: Library, tmp_path):
    watch = tmp_path / "leaders.csv"
    watch.write_text("name,aliases,type,note\nPashinyan Nikol,,PERSON,\nJamestown,,,\nNobody Atall,,,\n",
                     encoding="utf-8")
    report = seeded.watchlists.add_file(watch)
    assert (report.added, report.watchlist.name, report.watchlist.names) == (3, "leaders", 3)
    names = {n.name: n for n in seeded.watchlists.names()}
    assert names["Nobody Atall"].hits == 0
    pashinyan = seeded.watchlists.hits("Pashinyan Nikol")
    assert pashinyan and {h.mention.mention.text for h in pashinyan} == {"Nikol Pashinyan"}
    for hit in seeded.watchlists.hits():
        m = hit.mention.mention
        assert seeded.document(m.document_id).text[m.start:m.end] == m.text
        assert hit.mention.context[hit.mention.context_start:hit.mention.context_end] == m.text
    # "Jamestown" alone is no entity: the model found "Jamestown Foundation"
    assert "Jamestown" not in {e.name for e in seeded.entities()}
    assert names["Jamestown"].hits >= 1
    assert report.new_hits == sum(n.hits for n in names.values()) == sum(n.new for n in names.values())


def test_new_hits_after_an_import_and_marking_seen(tmp_path, analyser):
    folder = tmp_path / "articles"
    folder.mkdir()
    seeds = sorted(SEEDS.iterdir())
    for seed in seeds[:3]:
        shutil.copy(seed, folder / seed.name)
    watch = tmp_path / "watch.txt"
    watch.write_text("Vladimir Putin\nMoscow\n", encoding="utf-8")
    library = Library(tmp_path / "library.db", analyser=analyser)
    try:
        library.import_paths([folder])
        library.watchlists.add_file(watch)
        before = {n.name: n.hits for n in library.watchlists.names()}
        assert before["Moscow"] > 0
        library.watchlists.mark_seen()
        assert library.watchlists.hits(new=True) == []
        for seed in seeds[3:]:
            shutil.copy(seed, folder / seed.name)
        report = library.import_paths([folder])
        new = library.watchlists.hits(new=True)
        assert report.watch_hits == len(new) > 0
        assert {h.mention.mention.document_id for h in new} <= set(report.added)
        after = {n.name: n for n in library.watchlists.names()}
        assert sum(n.new for n in after.values()) == len(new)
        assert {name: after[name].hits - after[name].new for name in before} == before
        library.watchlists.mark_seen(["Moscow"])
        assert {h.name for h in library.watchlists.hits(new=True)} <= {"Vladimir Putin"}
        assert library.watchlists.hits("Moscow", new=True) == []
    finally:
        library.close()


def test_tightening_a_list_rematches_it_and_keeps_seen_hits_seen(seeded: Library, tmp_path):
    watch = tmp_path / "w.txt"
    watch.write_text("Ilham Aliyev\n", encoding="utf-8")
    seeded.watchlists.add_file(watch)
    loose = seeded.watchlists.hits("Ilham Aliyev")
    seeded.watchlists.mark_seen()
    seeded.watchlists.set_options(watchlist="w", any_order=False, similarity=100)
    tight = seeded.watchlists.hits("Ilham Aliyev")
    assert {h.id for h in tight} <= {h.id for h in loose}
    assert seeded.watchlists.hits(new=True) == []
    with pytest.raises(ReaderError, match="unknown matching option"):
        seeded.watchlists.set_options(watchlist="w", colour="red")


def test_adding_a_changed_file_again_refreshes_the_list_and_keeps_what_stays(seeded: Library, tmp_path):
    watch = tmp_path / "w.txt"
    watch.write_text("Moscow\nBaku\n", encoding="utf-8")
    seeded.watchlists.add_file(watch)
    seeded.watchlists.mark_seen()
    moscow = {h.id for h in seeded.watchlists.hits("Moscow")}
    watch.write_text("Moscow\nYerevan\n", encoding="utf-8")
    report = seeded.watchlists.add_file(watch)
    assert (report.added, report.changed, report.removed) == (1, 0, 1)
    assert [n.name for n in seeded.watchlists.names()] == ["Moscow", "Yerevan"]
    assert {h.id for h in seeded.watchlists.hits("Moscow")} == moscow
    assert {h.name for h in seeded.watchlists.hits(new=True)} == {"Yerevan"}
    assert seeded.watchlists.remove("w").name == "w"
    assert seeded.watchlists.lists() == [] and seeded.watchlists.hits() == []
