"""Merge suggestions: each rule on literal names, the pairs never suggested, and the seeds."""
from __future__ import annotations

from reader.library import Library
from reader.linking import surface_key
from reader.models import Entity
from reader.suggestions import (ACRONYM, DOTS, INITIAL, PLURAL, SHORT_FORM, SPELLING, WORD_ORDER, propose,
                                sound_key)


def entities(*rows: tuple[str, str, int]) -> list[Entity]:
    """Entities from (name, label, mentions); ids in order from 1."""
    return [Entity(i, name, label, surface_key(name), mentions, 1) for i, (name, label, mentions) in
            enumerate(rows, start=1)]


def pairs(found, population: list[Entity]) -> list[tuple[str, str, str]]:
    names = {e.id: e.name for e in population}
    return [(names[p.source_id], names[p.target_id], p.rule) for p in found]


def test_transliterations_are_suggested_into_the_better_known_spelling():
    population = entities(("Karabakh", "GPE", 40), ("Qarabagh", "GPE", 4), ("Farrux", "GPE", 1),
                          ("Farrukh", "GPE", 2), ("Sergei Lavrov", "PERSON", 5), ("Sergey Lavrov", "PERSON", 1),
                          ("Nikol Pashinyan", "PERSON", 9), ("Nikol Pashinian", "PERSON", 2))
    found = pairs(propose(population), population)
    assert ("Qarabagh", "Karabakh", SPELLING) in found
    assert ("Farrux", "Farrukh", SPELLING) in found
    assert ("Sergey Lavrov", "Sergei Lavrov", SPELLING) in found
    assert ("Nikol Pashinian", "Nikol Pashinyan", SPELLING) in found
    assert sound_key("qarabagh") == sound_key("karabakh")


def test_short_forms_acronyms_dots_word_order_and_plurals():
    population = entities(
        ("Gegham Stepanyan", "PERSON", 3), ("Stepanyan", "PERSON", 1), ("V. Putin", "PERSON", 1),
        ("Vladimir Putin", "PERSON", 9), ("OSCE", "ORG", 2), ("Organization for Security and Co-operation in Europe",
                                                             "ORG", 1),
        ("St. Petersburg", "GPE", 3), ("St Petersburg", "GPE", 1), ("Aliyev Ilham", "PERSON", 1),
        ("Ilham Aliyev", "PERSON", 7), ("Russian Defense Ministry", "ORG", 1), ("Russian Ministry of Defense", "ORG", 2),
        ("Armenian", "NORP", 20), ("Armenians", "NORP", 4),
    )
    found = pairs(propose(population), population)
    assert ("Stepanyan", "Gegham Stepanyan", SHORT_FORM) in found
    assert ("V. Putin", "Vladimir Putin", INITIAL) in found
    assert ("OSCE", "Organization for Security and Co-operation in Europe", ACRONYM) in found
    assert ("St Petersburg", "St. Petersburg", DOTS) in found
    assert ("Aliyev Ilham", "Ilham Aliyev", WORD_ORDER) in found
    assert ("Russian Defense Ministry", "Russian Ministry of Defense", WORD_ORDER) in found
    assert ("Armenians", "Armenian", PLURAL) in found


def test_never_a_place_with_its_people_values_different_people_or_different_places():
    population = entities(
        ("Armenia", "GPE", 40), ("Armenian", "NORP", 30), ("Armenians", "NORP", 4), ("Azerbaijan", "GPE", 60),
        ("Azerbaijani", "NORP", 30), ("Azerbaijanis", "PERSON", 1), ("Artsakh", "GPE", 3), ("Artsakhis", "NORP", 1),
        ("2020", "DATE", 9), ("2021", "DATE", 3), ("November 10", "DATE", 4), ("November 11", "DATE", 1),
        ("Ilham Aliyev", "PERSON", 9), ("Mehriban Aliyeva", "PERSON", 2), ("Aliyev", "PERSON", 3),
        ("Aliyeva", "PERSON", 1), ("Vahan Aliyev", "PERSON", 2), ("Vahan Valiyev", "PERSON", 2),
        ("Niger", "GPE", 2), ("Nigeria", "GPE", 3), ("Russian Ministry of Defense", "ORG", 2),
        ("Ministry of Defense of Azerbaijan", "ORG", 1),
    )
    found = propose(population)
    names = {e.id: e.name for e in population}
    suggested = {frozenset((names[p.source_id], names[p.target_id])) for p in found}
    for place, people in (("Armenia", "Armenian"), ("Armenia", "Armenians"), ("Azerbaijan", "Azerbaijani"),
                          ("Azerbaijan", "Azerbaijanis"), ("Artsakh", "Artsakhis")):
        assert frozenset((place, people)) not in suggested
    for a, b in (("2020", "2021"), ("November 10", "November 11"), ("Aliyev", "Aliyeva"),
                 ("Vahan Aliyev", "Vahan Valiyev"), ("Niger", "Nigeria"),
                 ("Russian Ministry of Defense", "Ministry of Defense of Azerbaijan")):
        assert frozenset((a, b)) not in suggested, (a, b)


def test_a_name_that_ends_a_longer_one_but_never_one_that_begins_it():
    population = entities(("Champions League", "EVENT", 3), ("UEFA Champions League", "EVENT", 2),
                          ("United Nations", "ORG", 9), ("United Nations General Assembly", "ORG", 2),
                          ("Middle East", "LOC", 4), ("Quartet on the Middle East", "ORG", 1))
    assert pairs(propose(population), population) == [("Champions League", "UEFA Champions League", SHORT_FORM)]


def test_a_known_place_is_no_spelling_of_something_else():
    # Europa is not Europe; Columbia (South Carolina) is a known place of its own, not a misspelt Colombia
    population = entities(("Europe", "LOC", 9), ("Europa", "ORG", 2), ("Colombia", "GPE", 5), ("Columbia", "GPE", 1))
    assert pairs(propose(population), population) == []


def test_pairs_said_distinct_and_names_split_out_are_not_suggested_again():
    population = entities(("Karabakh", "GPE", 40), ("Qarabagh", "GPE", 4), ("Gegham Stepanyan", "PERSON", 3),
                          ("Stepanyan", "PERSON", 1))
    assert len(propose(population)) == 2
    assert pairs(propose(population, distinct=[(1, 2)]), population) == [
        ("Stepanyan", "Gegham Stepanyan", SHORT_FORM)]
    assert pairs(propose(population, frozen=[4]), population) == [("Qarabagh", "Karabakh", SPELLING)]


def test_most_confident_first():
    population = entities(("USA", "GPE", 5), ("U.S.A.", "GPE", 2), ("Karabakh War", "EVENT", 3),
                          ("Second Karabakh War", "EVENT", 2), ("Qarabagh", "GPE", 4), ("Karabakh", "GPE", 40))
    found = propose(population)
    assert [p.rule for p in found] == [DOTS, SPELLING, SHORT_FORM]
    assert found[0].confidence > found[1].confidence > found[2].confidence


def test_seeds_suggest_qarabagh_into_karabakh_early_with_evidence_and_never_a_place_with_its_people(
        seeded: Library):
    suggestions = seeded.suggestions(limit=None)
    top = [(s.source.name, s.target.name) for s in suggestions[:5]]
    assert ("Qarabagh", "Karabakh") in top
    qarabagh = next(s for s in suggestions if s.source.name == "Qarabagh")
    assert qarabagh.rule == SPELLING and 0 < qarabagh.confidence < 1
    source_sentence, target_sentence = qarabagh.evidence
    assert source_sentence.context[source_sentence.context_start:source_sentence.context_end] == "Qarabagh"
    assert target_sentence.context[target_sentence.context_start:target_sentence.context_end] == "Karabakh"
    assert qarabagh.shared_documents == 0  # "Qarabagh" is in one article, which never writes "Karabakh"
    # "Armenians" needs no suggestion: linking joins a nationality word's plural to it
    assert not any(s.source.name == "Armenians" for s in suggestions)
    assert "Armenians" not in {e.name for e in seeded.entities()} and "Armenian" in {e.name for e in seeded.entities()}
    for s in suggestions:
        labels = {s.source.label, s.target.label}
        assert not (labels & {"GPE", "LOC"} and "NORP" in labels), (s.source.name, s.target.name)
        assert not labels & {"DATE", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY", "TIME"}
    assert [s.confidence for s in suggestions] == sorted((s.confidence for s in suggestions), reverse=True)
    assert len(seeded.suggestions(limit=3)) == 3


def test_accepting_a_suggestion_merges_and_it_is_not_suggested_again(seeded: Library):
    first = next(s for s in seeded.suggestions() if s.source.name == "Qarabagh")
    seeded.corrections.merge(first.source, first.target)
    assert not [s for s in seeded.suggestions(limit=None) if "Qarabagh" in (s.source.name, s.target.name)]
    assert "Qarabagh" in {surface for surface, _ in seeded.entity_surfaces(seeded.entity("Karabakh").id)}
