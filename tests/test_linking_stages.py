"""Each linking stage on literal inputs, the rules between keys it relies on, and the bucket contract."""
from __future__ import annotations

from itertools import combinations

import pytest

from reader import linking
from reader.linking import Occurrence, Rule, link, relation_buckets, value_key


def occ(document_id: int, surface: str, label: str, count: int = 1) -> Occurrence:
    return Occurrence(document_id, surface, label, count)


def state_of(occurrences: list[Occurrence]) -> linking.State:
    state = linking.aggregate(occurrences)
    linking.label_keys(state)
    return state


def entity(result: linking.Linking, document_id: int, surface: str) -> str:
    return result.assignment[(document_id, linking.surface_key(surface))]


# ---- aggregate: values stay in their document ------------------------------------------------------


def test_a_documents_values_are_its_own_and_named_keys_pool_across_documents():
    state = linking.aggregate([occ(1, "May", "DATE", 2), occ(2, "May", "PERSON"), occ(2, "May", "DATE"),
                               occ(3, "one", "CARDINAL")])
    assert set(state.values) == {(1, "may"), (3, "one")}
    assert state.keys["may"].votes == {"PERSON": 1}  # document 2 says a person, its date vote left out
    result = link([occ(1, "first", "ORDINAL"), occ(2, "first", "ORDINAL")])
    assert result.assignment == {(1, "first"): value_key(1, "first"), (2, "first"): value_key(2, "first")}


# ---- labels: knowledge where it settles the type ------------------------------------------------------


@pytest.mark.parametrize("surface, votes, label", [
    ("Acme Holdings", {"PERSON": 2}, "ORG"),  # a company word ends it
    ("Victor Valdes", {"PRODUCT": 2}, "PERSON"),  # a given name starts it
    ("Paris Saint-Germain", {"FAC": 1}, "FAC"),  # "Paris" is a given name, but a place first
    ("Azerbaijan", {"PERSON": 8, "ORG": 3, "GPE": 2}, "GPE"),  # a country whatever the model says
    ("Armenians", {"PERSON": 2}, "NORP"),  # a nationality word
])
def test_label_key_uses_knowledge(surface, votes, label):
    assert linking.label_key(linking.surface_key(surface), votes) == label


def test_the_text_settles_a_place_no_person_bears():
    # "forces in Stepanakert" (a place cue) beside two person tags; nobody in the library is named so
    state = state_of([occ(1, "Stepanakert", "PERSON", 2), occ(1, "Stepanakert", "GPE")])
    assert state.label("stepanakert") == "GPE"
    # a name a person of the library bears stays a person
    state = state_of([occ(1, "Khadr", "PERSON", 2), occ(1, "Khadr", "GPE"), occ(2, "Omar Khadr", "PERSON")])
    assert state.label("khadr") == "PERSON"
    # no majority, a quarter of places, nothing says organisation: a place
    state = state_of([occ(1, "Karabakh", "ORG", 13), occ(1, "Karabakh", "GPE", 10), occ(1, "Karabakh", "PERSON", 17)])
    assert state.label("karabakh") == "GPE"


@pytest.mark.parametrize("surface, votes, label", [
    ("Carling Cup", {"ORG": 3}, "EVENT"), ("Grammy Awards", {"PERSON": 2}, "EVENT"),  # kind words end them
    ("Nuclear Non-Proliferation Treaty", {"ORG": 5}, "LAW"), ("Pan Am Flight 103", {"PRODUCT": 1}, "EVENT"),
    ("Signal Iduna Stadium", {"LOC": 1}, "FAC"), ("Bruce Arena", {"PERSON": 2}, "PERSON"),  # a person's surname
    ("Manchester United", {"PERSON": 9}, "ORG"),  # a club's word
    ("The Da Vinci Code", {"WORK_OF_ART": 2}, "WORK_OF_ART"), ("Pulitzer Prize", {"WORK_OF_ART": 1}, "EVENT"),
])
def test_the_last_or_first_word_settles_what_kind_of_thing_a_name_is(surface, votes, label):
    assert linking.label_key(linking.surface_key(surface), votes) == label


def test_a_two_word_name_whose_surname_is_a_person_in_its_document_is_a_person():
    state = state_of([occ(1, "Iker Casillas", "ORG"), occ(1, "Casillas", "PERSON", 2)])
    assert state.label("iker casillas") == "PERSON"
    state = state_of([occ(1, "Ford Motor", "ORG"), occ(1, "Ford", "PERSON", 2)])  # the first word: no
    assert state.label("ford motor") == "ORG"


# ---- aliases: declared, well-known, by initials, spelling variants -------------------------------------


def test_well_known_aliases_join_and_the_spelt_out_name_leads():
    result = link([occ(1, "Russia", "GPE", 5), occ(2, "Russian Federation", "GPE"), occ(3, "EU", "ORG", 4),
                   occ(4, "European Union", "ORG"), occ(4, "Russian", "NORP", 3), occ(5, "Türkiye", "GPE"),
                   occ(6, "Turkey", "GPE")])
    assert entity(result, 2, "Russian Federation") == entity(result, 1, "Russia") == "russia"
    assert entity(result, 3, "EU") == "european union"  # an acronym never names the entity
    assert entity(result, 4, "Russian") == "russian"  # a nationality word stays apart from its country
    assert entity(result, 5, "Türkiye") == entity(result, 6, "Turkey")
    assert result.entities["russia"].name == "Russia"


def test_a_lower_case_word_is_no_acronym_of_a_well_known_name():
    result = link([occ(1, "Who", "ORG"), occ(2, "World Health Organization", "ORG")])
    assert entity(result, 1, "Who") != entity(result, 2, "World Health Organization")
    result = link([occ(1, "WHO", "ORG"), occ(2, "World Health Organization", "ORG")])
    assert entity(result, 1, "WHO") == entity(result, 2, "World Health Organization")


def test_forms_of_a_nationality_word_join_it_and_places_stay_apart():
    result = link([occ(1, "Mexican", "NORP"), occ(2, "Mexicans", "NORP", 2), occ(3, "Dutch", "NORP"),
                   occ(3, "Dutchman", "NORP"), occ(4, "Spanish", "NORP"), occ(5, "Spaniard", "PERSON"),
                   occ(6, "Americas", "LOC"), occ(6, "America", "NORP"), occ(7, "Kansas", "GPE"), occ(7, "Kansa", "NORP")])
    assert entity(result, 2, "Mexicans") == "mexican"
    assert entity(result, 3, "Dutchman") == "dutch"
    assert entity(result, 5, "Spaniard") == "spanish"
    assert result.entities["spanish"].label == "NORP"
    assert entity(result, 6, "Americas") == "americas"  # a place is no plural
    assert entity(result, 7, "Kansas") == "kansas"


def test_a_name_with_one_letter_wrong_joins_the_name_and_different_names_stay_apart():
    result = link([occ(1, "Robert Lewandowski", "PERSON", 4), occ(2, "Robert Lewandoski", "PERSON"),
                   occ(3, "Federal Aviation Administration", "ORG", 2), occ(4, "Federal Aviation Adminstration", "ORG"),
                   occ(5, "John Anderson", "PERSON"), occ(6, "John Andersen", "PERSON"),  # too short to tell
                   occ(7, "Mary Hernandez", "PERSON"), occ(8, "Mary Fernandez", "PERSON"),
                   occ(9, "Anna Kowalski", "PERSON"), occ(10, "Piotr Kowalsky", "PERSON")])
    assert entity(result, 2, "Robert Lewandoski") == "robert lewandowski"
    assert entity(result, 4, "Federal Aviation Adminstration") == "federal aviation administration"
    assert entity(result, 6, "John Andersen") == "john anderson"  # one letter: more likely a slip than two people
    assert entity(result, 8, "Mary Fernandez") == "mary fernandez"  # a letter wrong at the start: two names
    assert entity(result, 10, "Piotr Kowalsky") == "piotr kowalsky"  # another first name


def test_a_nickname_stands_for_the_given_name_in_its_document():
    result = link([occ(1, "James Brady", "PERSON", 4), occ(1, "Jim", "PERSON", 2), occ(1, "Sarah Brady", "PERSON"),
                   occ(2, "Nicholas Moreau", "PERSON"), occ(2, "Nick Moreau", "PERSON"), occ(3, "Jim", "PERSON"),
                   occ(4, "Nick Moreau", "PERSON")])
    assert entity(result, 1, "Jim") == "james brady"
    assert entity(result, 2, "Nick Moreau") == "nicholas moreau"
    assert entity(result, 3, "Jim") == "jim"  # a first name never joins across documents
    assert entity(result, 4, "Nick Moreau") == "nick moreau"  # nor does a nickname


def test_spelling_variants_of_a_full_name_join():
    result = link([occ(1, "Ilham Aliyev", "PERSON", 3), occ(2, "Ilham Aliev", "PERSON"), occ(3, "Ilham Alizade", "PERSON")])
    assert entity(result, 2, "Ilham Aliev") == "ilham aliyev"
    assert entity(result, 3, "Ilham Alizade") == "ilham alizade"


# ---- people and organisations: the document first ---------------------------------------------------------


def test_surname_first_name_and_title_forms_join_the_one_full_name_of_their_document():
    result = link([occ(1, "Anna Smith", "PERSON"), occ(1, "Smith", "PERSON", 3), occ(1, "Anna", "PERSON", 2),
                   occ(1, "Mr Smith", "PERSON"), occ(2, "Anna", "PERSON")])
    for surface in ("Smith", "Anna", "Mr Smith"):
        assert entity(result, 1, surface) == "anna smith", surface
    assert entity(result, 2, "Anna") == "anna"  # a first name never joins across documents
    assert result.entities["anna smith"].label == "PERSON"


def test_longer_and_shorter_full_names_and_particles_in_one_document():
    result = link([occ(1, "Aretha Louise Franklin", "PERSON"), occ(1, "Aretha Franklin", "PERSON"),
                   occ(1, "Franklin", "PERSON"), occ(2, "Ruud van Nistelrooy", "PERSON"),
                   occ(2, "van Nistelrooy", "PERSON", 2), occ(3, "Martin Luther King Jr.", "PERSON"),
                   occ(3, "King", "PERSON", 2), occ(4, "Dominique Strauss-Kahn", "PERSON"),
                   occ(4, "Strauss-Kahn", "PERSON")])
    assert entity(result, 1, "Aretha Franklin") == entity(result, 1, "Franklin") == "aretha louise franklin"
    assert entity(result, 2, "van Nistelrooy") == "ruud van nistelrooy"
    assert entity(result, 3, "King") == "martin luther king jr."
    assert entity(result, 4, "Strauss-Kahn") == "dominique strauss kahn"


def test_a_surname_with_a_lower_case_particle_and_a_numbered_team_are_short_forms():
    result = link([occ(1, "Abdelbaset Ali al-Megrahi", "PERSON"), occ(1, "Abdelbaset al-Megrahi", "PERSON", 3),
                   occ(1, "al-Megrahi", "PERSON", 7), occ(2, "San Francisco 49ers", "FAC"), occ(2, "49ers", "ORG", 13)])
    assert entity(result, 1, "al-Megrahi") == entity(result, 1, "Abdelbaset al-Megrahi") == "abdelbaset ali al megrahi"
    assert entity(result, 2, "49ers") == "san francisco 49ers"
    assert result.entities["san francisco 49ers"].label == "ORG"


def test_an_ambiguous_short_name_is_kept_apart():
    result = link([occ(1, "Fidel Castro", "PERSON"), occ(1, "Raul Castro", "PERSON"), occ(1, "Castro", "PERSON", 4),
                   occ(2, "Michael Jordan", "PERSON"), occ(2, "Jordan Henderson", "PERSON"), occ(2, "Jordan", "PERSON")])
    assert entity(result, 1, "Castro") == "castro"
    assert entity(result, 2, "Jordan") == "jordan"  # one's surname, the other's first name


def test_across_the_library_only_an_unambiguous_surname_joins():
    result = link([occ(1, "Vladimir Putin", "PERSON"), occ(2, "Putin", "PERSON"),
                   occ(3, "Anna Smith", "PERSON"), occ(4, "John Smith", "PERSON"), occ(5, "Smith", "PERSON"),
                   occ(5, "Bush", "PERSON"), occ(6, "Bush", "PERSON"), occ(6, "Laura Bush", "PERSON"),
                   occ(7, "George W. Bush", "PERSON")])
    assert entity(result, 2, "Putin") == "vladimir putin"
    assert entity(result, 5, "Smith") == "smith"  # two Smiths in the library, none in its document
    assert entity(result, 6, "Bush") == "laura bush"  # its own document first
    assert entity(result, 5, "Bush") == "bush"  # two Bushes in the library


def test_across_the_library_a_surname_alone_needs_to_be_able_to_name_one_person():
    result = link([occ(1, "Regan Smith", "PERSON"), occ(2, "Smith", "PERSON", 2),  # the most common surnames
                   occ(3, "Brian Scott", "PERSON"), occ(4, "Scott", "PERSON"),  # a given name
                   occ(5, "Antonio Valencia", "PERSON"), occ(6, "Valencia", "PERSON"),  # a place's name
                   occ(7, "Barack Obama", "PERSON"), occ(8, "Obama", "PERSON"),
                   occ(9, "Tony Blair", "PERSON"), occ(10, "Tony Blair", "PERSON"), occ(11, "Blair", "PERSON")])
    assert entity(result, 2, "Smith") == "smith"
    assert entity(result, 4, "Scott") == "scott"
    assert entity(result, 6, "Valencia") == "valencia"
    assert entity(result, 8, "Obama") == "barack obama"
    assert entity(result, 11, "Blair") == "tony blair"  # common, but the library follows him


def test_a_surname_the_document_calls_a_place_is_no_surname():
    result = link([occ(1, "Greg Allen", "PERSON"), occ(1, "Allen", "GPE")])  # a known city, tagged a place
    assert entity(result, 1, "Allen") == "allen"
    result = link([occ(1, "Lloyd Austin", "PERSON"), occ(1, "Austin", "PERSON", 4), occ(2, "Austin", "GPE", 2)])
    assert entity(result, 1, "Austin") == "lloyd austin"  # tagged a place elsewhere only
    assert entity(result, 2, "Austin") == "austin"


def test_a_word_of_a_compact_organisation_joins_it_in_its_document_and_follows_it():
    result = link([occ(1, "Denver Broncos", "ORG"), occ(1, "Broncos", "PRODUCT", 3), occ(1, "Denver", "GPE", 2),
                   occ(2, "Liverpool FC", "ORG"), occ(2, "Liverpool", "GPE", 5), occ(3, "Broncos", "ORG"),
                   occ(4, "Liverpool", "GPE")])
    assert entity(result, 1, "Broncos") == entity(result, 1, "Denver") == "denver broncos"
    assert entity(result, 2, "Liverpool") == "liverpool fc"
    assert entity(result, 3, "Broncos") == "denver broncos"  # it stood for the Broncos wherever named
    assert entity(result, 4, "Liverpool") == "liverpool"  # a place follows nobody
    assert result.entities["denver broncos"].label == "ORG"
    result = link([occ(1, "Real Madrid", "ORG"), occ(1, "Madrid", "ORG", 2), occ(2, "Madrid", "GPE"),
                   occ(2, "Real Madrid", "ORG")])
    assert entity(result, 1, "Madrid") == "real madrid"  # a capital's name, but the club in its document
    assert entity(result, 2, "Madrid") == "madrid"


def test_an_events_first_word_stands_for_it_but_not_an_acronym_of_its_owner():
    result = link([occ(1, "Grammy Awards", "EVENT"), occ(1, "Grammy", "PERSON", 3), occ(2, "UEFA Cup", "ORG"),
                   occ(2, "UEFA", "ORG"), occ(3, "Academy Award", "EVENT"), occ(4, "Academy Awards", "EVENT", 2)])
    assert entity(result, 1, "Grammy") == "grammy awards"
    assert entity(result, 2, "UEFA") == "uefa"
    assert entity(result, 3, "Academy Award") == "academy awards"  # one name, singular and plural
    result = link([occ(1, "Monaco Grand Prix", "EVENT"), occ(1, "Monaco", "GPE")])
    assert entity(result, 1, "Monaco") == "monaco"  # where it is held


def test_the_word_that_says_what_an_organisation_is_stands_for_it_in_its_document_only():
    result = link([occ(1, "Westboro Baptist Church", "ORG"), occ(1, "Church", "ORG", 5),
                   occ(2, "Manchester United", "PERSON", 3), occ(2, "United", "PERSON", 2),
                   occ(3, "European Commission", "ORG"), occ(3, "Election Commission", "ORG"),
                   occ(3, "Commission", "ORG"), occ(4, "Church", "ORG")])
    assert entity(result, 1, "Church") == "westboro baptist church"
    assert entity(result, 2, "United") == "manchester united"
    assert result.entities["manchester united"].label == "ORG"
    assert entity(result, 3, "Commission") == "commission"  # two commissions there
    assert entity(result, 4, "Church") == "church"  # another document's church may be another


def test_part_of_a_longer_name_stands_for_it_in_its_document():
    result = link([occ(1, "Dayton Daily News", "ORG"), occ(1, "Daily News", "ORG"),
                   occ(2, "Federación Nacional de Cafeteros de Colombia", "ORG"), occ(2, "Federación Nacional", "FAC", 2),
                   occ(3, "Foreign and Commonwealth Office", "ORG"), occ(3, "Foreign Office", "ORG"),
                   occ(4, "U.S. House of Representatives", "ORG"), occ(4, "House of Representatives", "ORG"),
                   occ(4, "House", "ORG", 3), occ(5, "U.S. Department of Justice", "ORG"), occ(5, "Department", "ORG"),
                   occ(6, "Daily News", "ORG"), occ(6, "New York Daily News", "ORG"), occ(6, "Dayton Daily News", "ORG")])
    assert entity(result, 1, "Daily News") == "dayton daily news"
    assert entity(result, 2, "Federación Nacional") == "federacion nacional de cafeteros de colombia"
    assert entity(result, 3, "Foreign Office") == "foreign and commonwealth office"
    assert entity(result, 4, "House") == entity(result, 4, "House of Representatives") == "us house of representatives"
    assert entity(result, 5, "Department") == "us department of justice"
    assert entity(result, 6, "Daily News") == "daily news"  # two of them there


def test_a_longer_name_that_says_it_is_another_thing_keeps_its_part_apart():
    result = link([occ(1, "Asiana Airlines", "ORG", 2), occ(1, "Asiana Airlines Flight 214", "EVENT"),
                   occ(2, "Super Bowl", "EVENT"), occ(2, "Super Bowl XLVII", "EVENT"),
                   occ(2, "Super Bowl Most Valuable Player Award", "EVENT"), occ(3, "UEFA Cup", "EVENT"),
                   occ(3, "UEFA Super Cup", "EVENT")])
    for document_id, key in result.assignment:
        assert result.assignment[(document_id, key)] == key


def test_a_name_after_its_owners_acronym_is_the_name_across_the_library():
    result = link([occ(1, "FIFA World Cup", "EVENT"), occ(2, "World Cup", "EVENT", 3),
                   occ(3, "UEFA Champions League", "ORG"), occ(4, "Champions League", "ORG"),
                   occ(5, "ICC World Twenty20", "EVENT"), occ(6, "ITF World Twenty20", "EVENT"),
                   occ(6, "World Twenty20", "EVENT")])
    assert entity(result, 1, "FIFA World Cup") == "world cup"
    assert entity(result, 3, "UEFA Champions League") == "champions league"
    assert entity(result, 5, "ICC World Twenty20") == "icc world twenty20"  # two owners: which one?


def test_a_word_that_stood_for_an_organisation_does_not_where_its_document_names_another_with_it():
    result = link([occ(1, "US Senate", "ORG"), occ(1, "Senate", "ORG", 3), occ(2, "Senate", "ORG"),
                   occ(3, "Senate", "ORG"), occ(3, "Senate of Pakistan", "ORG"),
                   occ(4, "Michigan International Speedway", "FAC"), occ(4, "Michigan", "GPE")])
    assert entity(result, 2, "Senate") == "us senate"
    assert entity(result, 3, "Senate") == "senate"
    assert entity(result, 4, "Michigan") == "michigan"  # where the speedway is


def test_a_two_letter_acronym_joins_its_owner_only_where_its_document_names_it():
    result = link([occ(1, "Huffington Post", "ORG"), occ(2, "HP", "ORG", 5), occ(3, "HP", "ORG"),
                   occ(3, "Huffington Post", "ORG"), occ(4, "Ford", "ORG"), occ(4, "Brad Keselowski", "PERSON")])
    assert entity(result, 2, "HP") == "hp"
    assert entity(result, 3, "HP") == "huffington post"
    assert entity(result, 4, "Ford") == "ford"  # "ford" is listed as a nickname of "brad", but no shorter


def test_a_city_its_document_makes_a_club_is_the_one_club_of_the_library_named_with_it():
    result = link([occ(1, "Barcelona", "ORG", 12), occ(1, "Barcelona", "GPE", 2), occ(2, "FC Barcelona", "ORG"),
                   occ(3, "Barcelona", "GPE", 3), occ(4, "Madrid", "ORG", 2), occ(5, "Real Madrid", "ORG"),
                   occ(6, "Atletico Madrid", "ORG")])
    assert entity(result, 1, "Barcelona") == "fc barcelona"
    assert entity(result, 3, "Barcelona") == "barcelona"  # the city
    assert entity(result, 4, "Madrid") == "madrid"  # two clubs of Madrid: which one?


def test_an_organisation_that_says_what_it_is_keeps_its_place_and_its_namesake_apart():
    result = link([occ(1, "Bank of England", "ORG"), occ(1, "England", "GPE"), occ(2, "Toronto Congress Centre", "ORG"),
                   occ(2, "Toronto", "GPE"), occ(3, "Ryanair Pilots Group", "ORG"), occ(3, "Ryanair", "ORG", 5),
                   occ(4, "Nagorno-Karabakh", "ORG"), occ(4, "Karabakh", "GPE")])
    for document_id, short in ((1, "England"), (2, "Toronto"), (3, "Ryanair"), (4, "Karabakh")):
        assert entity(result, document_id, short) == linking.surface_key(short)


# ---- the user's rules ----------------------------------------------------------------------------------


def test_distinct_keeps_two_keys_apart_from_every_automatic_join():
    occurrences = [occ(1, "Anna Smith", "PERSON"), occ(1, "Smith", "PERSON", 2), occ(2, "EU", "ORG"),
                   occ(3, "European Union", "ORG"), occ(4, "Russia", "GPE"), occ(5, "Russian Federation", "GPE")]
    assert entity(link(occurrences), 1, "Smith") == "anna smith"
    rules = [Rule("distinct", "smith", "anna smith"), Rule("distinct", "eu", "european union"),
             Rule("distinct", "russian federation", "russia")]
    result = link(occurrences, rules)
    assert entity(result, 1, "Smith") == "smith"
    assert entity(result, 2, "EU") == "eu"
    assert entity(result, 5, "Russian Federation") == "russian federation"


def test_distinct_holds_through_a_third_key():
    occurrences = [occ(1, "EU", "ORG"), occ(2, "European Union", "ORG"), occ(3, "CSTO", "ORG"),
                   occ(3, "Collective Security Treaty Organization", "ORG")]
    aliases = [(3, "Collective Security Treaty Organization", "EU")]  # a text's mistake ties EU to the CSTO
    result = link(occurrences, [Rule("distinct", "european union", "collective security treaty organization")],
                  aliases)
    assert entity(result, 2, "European Union") != entity(result, 3, "Collective Security Treaty Organization")


def test_a_merge_after_a_distinct_rule_joins_and_one_before_it_does_not():
    occurrences = [occ(1, "Acme", "ORG"), occ(2, "Acme Corp", "ORG")]
    before = link(occurrences, [Rule("merge", "acme", "acme corp"), Rule("distinct", "acme", "acme corp")])
    after = link(occurrences, [Rule("distinct", "acme", "acme corp"), Rule("merge", "acme", "acme corp")])
    assert entity(before, 1, "Acme") == "acme"
    assert entity(after, 1, "Acme") == "acme corp"


# ---- buckets: keys whose linking can depend on each other share one -----------------------------------------


STAGE_EXAMPLES = [  # (surface, label) pairs each stage above links
    [("Anna Smith", "PERSON"), ("Smith", "PERSON"), ("Anna", "PERSON"), ("Mr Smith", "PERSON")],
    [("Aretha Louise Franklin", "PERSON"), ("Aretha Franklin", "PERSON"), ("Franklin", "PERSON")],
    [("Ruud van Nistelrooy", "PERSON"), ("van Nistelrooy", "PERSON")],
    [("Martin Luther King Jr.", "PERSON"), ("King", "PERSON")],
    [("Ilham Aliyev", "PERSON"), ("Ilham Aliev", "PERSON"), ("Aliyev", "PERSON")],
    [("Denver Broncos", "ORG"), ("Broncos", "ORG"), ("Denver", "GPE")],
    [("Grammy Awards", "EVENT"), ("Grammy Award", "EVENT"), ("Grammy", "ORG")],
    [("Real Madrid", "ORG"), ("Real", "ORG")],
    [("Westboro Baptist Church", "ORG"), ("Church", "ORG")],
    [("U.S. House of Representatives", "ORG"), ("House of Representatives", "ORG"), ("House", "ORG")],
    [("Dayton Daily News", "ORG"), ("Daily News", "ORG")],
    [("FIFA World Cup", "EVENT"), ("World Cup", "EVENT")],
    [("James Brady", "PERSON"), ("Jim", "PERSON"), ("Jim Brady", "PERSON")],
    [("Robert Lewandowski", "PERSON"), ("Robert Lewandoski", "PERSON")],
    [("Liverpool FC", "ORG"), ("Liverpool", "GPE")],
    [("Russia", "GPE"), ("Russian Federation", "GPE")],
    [("EU", "ORG"), ("European Union", "ORG")],
    [("U.S.", "GPE"), ("United States", "GPE"), ("America", "GPE")],
    [("OSCE", "ORG"), ("Organization for Security and Co-operation in Europe", "ORG")],
    [("President Vladimir Putin", "PERSON"), ("Vladimir Putin", "PERSON"), ("Putin", "PERSON")],
]


@pytest.mark.parametrize("group", STAGE_EXAMPLES, ids=lambda g: g[0][0])
def test_related_keys_share_a_bucket(group):
    """Every form shares a bucket with the name it joins (the first of its group), and with every
    other key that could claim it (here: the other names of the group it is a part of)."""
    (full, full_label), *forms = group
    for surface, label in forms:
        assert relation_buckets(linking.surface_key(full), full, full_label) & \
            relation_buckets(linking.surface_key(surface), surface, label), (full, surface)
    joined = link([occ(1, surface, label) for surface, label in group])
    assert len({joined.assignment[(1, linking.surface_key(s))] for s, _ in group}) == 1, group


def test_keys_that_compete_for_a_short_form_share_its_bucket():
    competing = [("Anna Smith", "PERSON"), ("John Smith", "PERSON"), ("Smith", "PERSON"), ("Smith Barney", "ORG")]
    buckets = [relation_buckets(linking.surface_key(s), s, label) for s, label in competing]
    for a, b in combinations(buckets, 2):
        assert a & b


def test_buckets_are_selective():
    ministry = relation_buckets("ministry of defense of azerbaijan", "Ministry of Defense of Azerbaijan", "ORG")
    assert not any(b.endswith((":of", ":the")) for b in ministry)
    assert not relation_buckets("anna smith", "Anna Smith", "PERSON") & relation_buckets("john jones", "John Jones", "PERSON")
    assert relation_buckets("2020", "2020", "DATE") == frozenset({"key:2020"})


# A small library where every stage has something to join, and things it must keep apart.
BUCKET_LIBRARY = [
    *(occ(i, surface, label) for i, group in enumerate(STAGE_EXAMPLES, start=1) for surface, label in group),
    occ(20, "Putin", "PERSON"), occ(21, "Smith", "PERSON"), occ(22, "John Smith", "PERSON"), occ(23, "Broncos", "ORG"),
    occ(24, "Mexican", "NORP"), occ(25, "Mexicans", "NORP"), occ(25, "Dutchman", "NORP"), occ(26, "Dutch", "NORP"),
    occ(26, "Spaniard", "NORP"), occ(27, "Spanish", "NORP"), occ(27, "Khadr", "PERSON"), occ(27, "Khadr", "GPE"),
    occ(28, "Omar Khadr", "PERSON"), occ(29, "Barcelona", "ORG", 3), occ(30, "FC Barcelona", "ORG"),
    occ(31, "Daily News", "ORG"), occ(31, "Dayton Daily News", "ORG"), occ(32, "Jim", "PERSON"),
    occ(32, "James Brady", "PERSON"), occ(33, "FIFA World Cup", "EVENT"), occ(34, "World Cup", "EVENT"),
    occ(35, "Grammy Awards", "EVENT"), occ(35, "Grammy", "PERSON"), occ(36, "Grammy Award", "EVENT"),
]


def _partition(result: linking.Linking, without: str | None = None) -> dict[tuple[int, str], tuple[str, str]]:
    """(document, key) -> (canonical key, label) of every named key but `without`."""
    return {place: (canonical, result.entities[canonical].label) for place, canonical in result.assignment.items()
            if place[1] != without and not linking.is_value_key(canonical)}


def test_a_key_changes_the_linking_only_of_keys_that_share_a_bucket_with_it():
    """Take any key out of the library: every key whose entity or label changes shares a bucket with it
    (or is joined to one that does), so relinking the keys of the changed buckets is enough."""
    full = link(BUCKET_LIBRARY)
    surfaces = {linking.surface_key(o.surface): (o.surface, o.label) for o in BUCKET_LIBRARY}
    buckets = {key: relation_buckets(key, surface, label) for key, (surface, label) in surfaces.items()}
    for gone in surfaces:
        rest = link([o for o in BUCKET_LIBRARY if linking.surface_key(o.surface) != gone])
        before, after = _partition(full, gone), _partition(rest)
        changed = {place for place in before if before[place] != after.get(place)}
        for place in changed:
            together = {key for p, key in ((p, p[1]) for p in before) if before[p][0] == before[place][0]} | \
                {key for p, key in ((p, p[1]) for p in after) if after[p][0] == after.get(place, ("",))[0]}
            assert any(buckets[gone] & buckets[key] for key in together), (gone, place, before[place], after.get(place))
