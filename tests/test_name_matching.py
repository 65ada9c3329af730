"""Names the model missed stay what a search of the whole library finds, whatever changes the library:
a correction made while an import is not linked yet, a merge, a word written in lower case, a changed file."""
from __future__ import annotations

import shutil

from reader.library import Library
from reader.paths import SEEDS_DIR

CSTO_ALONE = ("Drills\n\nExpert Andrei Suzdaltsev said the failure of Moscow’s troops to stand up for Armenia in the"
              " conflict with Azerbaijan “sharply undermined the credibility of the CSTO.”\n\n"
              "Putin said in Moscow on Tuesday that Armenia would stay in the pact.\n")


def name_matches(library: Library) -> set[tuple]:
    """(document, start, end, text, entity name, status) of every name match."""
    return set(library.db.execute(
        "SELECT m.document_id, m.start, m.end, m.text, e.name, m.status FROM mentions m"
        " LEFT JOIN entities e ON e.id = m.entity_id WHERE m.source = 'name-match'"))


def assert_as_a_clean_search_finds(library: Library) -> None:
    kept = name_matches(library)
    library.find_name_matches()  # every document, from scratch
    clean = name_matches(library)
    assert kept == clean, f"only kept: {sorted(kept - clean)[:5]}; only found afresh: {sorted(clean - kept)[:5]}"


def found(library: Library, text: str) -> set[tuple]:
    return {(name, status) for _, _, _, written, name, status in name_matches(library) if written == text}


def test_a_correction_made_while_an_import_is_not_linked_yet_loses_no_name_match(seeded: Library, tmp_path,
                                                                                  analyser):
    """Between an import's analysis and its linking, the new article's names are linked by their own key
    for now ("CSTO" apart from the Collective Security Treaty Organization, "Putin" apart from Vladimir
    Putin). Another program's correction then looks for "Putin" again in the seeds: the "CSTO" that a seed
    writes alone stays found for the organisation, and once the import is linked the names found are
    those a clean search finds."""
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "drills.txt").write_text(CSTO_ALONE, encoding="utf-8")
    csto = seeded.entity("Collective Security Treaty Organization")
    seeds_alone = {row[:3] for row in name_matches(seeded) if row[3] == "CSTO" and row[0] != 5}  # not the one defining it
    assert seeds_alone

    def rename_elsewhere(change) -> None:
        if change.documents_updated and not renamed:  # analysed, not linked yet
            other = Library(seeded.path, analyser=analyser)
            renamed.append(other.corrections.rename(other.entity("Vladimir Putin"), "Vladimir V. Putin"))
            other.close()

    renamed: list = []
    seeded.import_paths([tmp_path / "new"], changed=rename_elsewhere)
    assert renamed
    assert {row[:3] for row in name_matches(seeded) if row[4] == csto.name} >= seeds_alone
    assert_as_a_clean_search_finds(seeded)


def test_a_surname_written_alone_follows_its_person_into_a_merge(seeded: Library):
    """ "Alili" alone, found beside "Ahmed Alili", goes with him into the entity he is merged into."""
    assert found(seeded, "Alili") == {("Ahmed Alili", "linked")}
    seeded.corrections.merge(seeded.entity("Ahmed Alili"), seeded.entity("Farhad Mamedov"))
    assert found(seeded, "Alili") == {("Farhad Mamedov", "linked")}
    assert all(entity.name != "Ahmed Alili" for entity in seeded.entities())
    assert_as_a_clean_search_finds(seeded)


def test_a_name_the_library_comes_to_write_in_lower_case_is_no_longer_linked_without_review(seeded: Library,
                                                                                            tmp_path):
    """ "Price" alone (Ned Price's surname) is linked without review while the library never writes "price";
    an article about the price of gas makes it a word, and the match waits for review, as everywhere."""
    assert found(seeded, "Price") == {("Ned Price", "linked")}
    (tmp_path / "gas").mkdir()
    (tmp_path / "gas" / "gas.txt").write_text("Gas\n\nThe price of gas rose in Baku on Monday.\n", encoding="utf-8")
    seeded.import_paths([tmp_path / "gas"])
    assert found(seeded, "Price") == {("Ned Price", "unlinked")}
    assert_as_a_clean_search_finds(seeded)


def test_a_changed_file_takes_its_names_away_from_where_they_were_found(empty_library: Library, tmp_path):
    """The only article that says what the CSTO is changes into a note that names no organisation: the
    "CSTO" another article writes alone is no longer found, and the organisation is gone."""
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS_DIR, folder)
    empty_library.import_paths([folder])
    assert ("Collective Security Treaty Organization", "linked") in found(empty_library, "CSTO")
    defining = next(path for path in folder.iterdir() if "Collective Security Treaty Organization" in path.read_text())
    defining.write_text("Armenia\n\nArmenia and Azerbaijan met again in Moscow on Tuesday.\n", encoding="utf-8")
    report = empty_library.import_paths([folder])
    assert report.updated and report.analysed == 1
    assert found(empty_library, "CSTO") == set()
    assert all(entity.name != "Collective Security Treaty Organization" for entity in empty_library.entities())
    assert_as_a_clean_search_finds(empty_library)
