"""The one span cleaner (what the library stores), names found again, labels, name lists and dates."""
from __future__ import annotations

import pytest

from reader import dates, gazetteer, labels
from reader.gazetteer import _lines
from reader.mentions import clean_mentions, declared_aliases
from reader.recall import NameIndex, certain, common_words
from reader.surfaces import fold, surface_key


def cleaned(text: str, *spans: tuple[str, str], clutter=()) -> list[tuple[str, str]]:
    """clean_mentions on spans given as (surface, label), each at its first occurrence."""
    found = [(text.index(surface), text.index(surface) + len(surface), label) for surface, label in spans]
    return [(m.text, m.label) for m in clean_mentions(text, found, clutter)]


# ---- spans ------------------------------------------------------------------------------------


def test_a_title_case_headline_does_not_make_its_verbs_part_of_a_person():
    text = "Prime Minister Smith Resigns After Vote\n\nJohn Smith resigned on Monday. Smith said he was tired."
    assert cleaned(text, ("Minister Smith Resigns", "PERSON"), ("John Smith", "PERSON")) == [
        ("Smith", "PERSON"), ("John Smith", "PERSON")]
    # a name the body never uses is left as the model found it
    text = "Storm Hits Coastal Towns\n\nHeavy rain fell."
    assert cleaned(text, ("Storm Hits Coastal Towns", "EVENT")) == [("Storm Hits Coastal Towns", "EVENT")]


def test_urls_and_e_mail_addresses_make_no_entities():
    text = ("Write to Anna.Smith@example.org or see www.example.com/news and https://Reuters.com/world; "
            "for reprints, [email\xa0protected]. Reuters.com reported it.")
    spans = [("Anna.Smith@example.org", "PERSON"), ("www.example.com/news", "ORG"),
             ("https://Reuters.com/world", "PERSON"), ("[email\xa0protected]", "ORG"), ("Reuters.com", "ORG")]
    assert cleaned(text, *spans) == []


def test_bylines_and_titles_leave_the_name():
    text = "By Anna Smith and John Doe, Reuters\n\nMr Mubarak met President Barack Obama."
    assert cleaned(text, ("Anna Smith and John", "PERSON"), ("Mr Mubarak", "PERSON"),
                   ("President Barack Obama", "PERSON")) == [
        ("Anna Smith", "PERSON"), ("Mubarak", "PERSON"), ("Barack Obama", "PERSON")]


def test_scores_lower_case_words_and_clutter_are_left_out():
    text = "Liverpool 1-0 won. The node failed. Bold Italic Underline"
    toolbar = text.index("Bold")
    assert cleaned(text, ("Liverpool 1-0", "ORG"), ("node", "ORG"), ("Bold Italic Underline", "ORG"),
                   clutter=[(toolbar, len(text))]) == [("Liverpool", "ORG")]
    assert cleaned("He won one of two.", ("one", "CARDINAL")) == [("one", "CARDINAL")]  # values may be lower case


def test_the_text_calls_a_one_word_name_a_place():
    text = "Forces in Stepanakert fired. The village of Farrux. The Lachin district. Trust in Smith's plan."
    assert cleaned(text, ("Stepanakert", "PERSON"), ("Farrux", "ORG"), ("Lachin", "PERSON"), ("Smith", "PERSON")) == [
        ("Stepanakert", "GPE"), ("Farrux", "GPE"), ("Lachin", "GPE"), ("Smith", "PERSON")]


def test_declared_aliases_come_from_the_kept_spans():
    text = "The Collective Security Treaty Organization (CSTO) met."
    kept = clean_mentions(text, [(4, 43, "ORG"), (45, 49, "ORG")])
    assert declared_aliases(text, [(m.start, m.end) for m in kept]) == [
        ("Collective Security Treaty Organization", "CSTO")]


def test_small_words_and_hyphenated_affixes_are_no_part_of_a_name():
    text = "The Ravens of the AFC won. Pro-Russian rebels and Ethiopian-born runners. Ex-BEA boss spoke."
    assert cleaned(text, ("Ravens of", "ORG"), ("Pro-Russian", "NORP"), ("Ethiopian-born", "NORP"),
                   ("Ex-BEA", "ORG")) == [("Ravens", "ORG"), ("Russian", "NORP"), ("Ethiopian", "NORP"), ("BEA", "ORG")]
    # inside a name, and a name's own particle, they stay
    text = "The Bank of England and al-Qaeda. Guinea-Bissau voted."
    assert cleaned(text, ("Bank of England", "ORG"), ("al-Qaeda", "ORG"), ("Guinea-Bissau", "GPE")) == [
        ("Bank of England", "ORG"), ("al-Qaeda", "ORG"), ("Guinea-Bissau", "GPE")]


def test_a_name_takes_its_club_word_law_year_event_number_and_flight_number():
    text = ("FC Barcelona beat Juventus FC. The Emergency Economic Stabilization Act of 2008 passed.\n"
            "Super Bowl 50: a review\nIn Super Bowl 50 by a score; he won the Champions League 3 times.\n"
            "Super Bowl XLVII ended. Air France Flight 447 fell; Asiana Airlines Flight 214 crashed.")
    spans = [("Barcelona", "GPE"), ("Juventus", "ORG"), ("Emergency Economic Stabilization Act", "ORG"),
             ("Super Bowl", "EVENT"), ("Champions League", "EVENT"), ("Super Bowl XLVII", "EVENT"),
             ("Air France Flight", "ORG"), ("Asiana Airlines", "ORG"), ("Flight 214", "PRODUCT")]
    found = [(text.index(s), text.index(s) + len(s), label) for s, label in spans]
    second = text.index("Super Bowl", text.index("In Super"))
    found.append((second, second + len("Super Bowl"), "EVENT"))
    found += [(text.index("50:"), text.index("50:") + 2, "CARDINAL"), (text.index("2008"), text.index("2008") + 4, "DATE")]
    assert [(m.text, m.label) for m in clean_mentions(text, found)] == [
        ("FC Barcelona", "ORG"), ("Juventus FC", "ORG"), ("Emergency Economic Stabilization Act of 2008", "LAW"),
        ("Super Bowl 50", "EVENT"),
        ("Super Bowl 50", "EVENT"),  # the number closes a phrase once ("Super Bowl 50:"): the name has it
        ("Champions League", "EVENT"),  # "3 times" is no part of it
        ("Super Bowl XLVII", "EVENT"), ("Air France Flight 447", "EVENT"), ("Asiana Airlines Flight 214", "EVENT")]


def test_a_name_takes_the_words_that_say_what_it_is_and_a_monarchs_number_and_leaves_a_year_out():
    text = ("She sang at an Elton John AIDS Foundation event. They played at the Amsterdam ArenA. Clinton signed "
            "the Brady Bill. King Abdullah II came. Since the 1959 Cuban Revolution, Zine al-Abidine Ben Ali "
            "met the White House Press Secretary.")
    found = [at(text, "Elton John", "PERSON"), at(text, "Amsterdam", "GPE"), at(text, "Brady", "PERSON"),
             at(text, "Abdullah", "PERSON"), at(text, "1959 Cuban Revolution", "EVENT"),
             at(text, "Zine al-Abidine", "PERSON"), at(text, "Ben Ali", "PERSON"), at(text, "White House", "ORG")]
    assert [(m.text, m.label) for m in clean_mentions(text, found)] == [
        ("Elton John AIDS Foundation", "ORG"), ("Amsterdam ArenA", "FAC"), ("Brady Bill", "LAW"),
        ("Abdullah II", "PERSON"), ("Cuban Revolution", "EVENT"), ("Zine al-Abidine Ben Ali", "PERSON"),
        ("White House", "ORG")]  # "Press Secretary" goes on: a title, not a press


def test_numbers_the_model_took_for_names_are_values_and_a_makers_model_number_is_one_name():
    text = "Millions march\n\nAt the 2010 World Cup, a Boeing 777 and an Airbus A320-200 flew."
    found = [at(text, "Millions", "ORG"), at(text, "2010", "EVENT"), at(text, "World Cup", "EVENT"),
             at(text, "Boeing", "ORG"), at(text, "777", "PRODUCT"), at(text, "Airbus", "ORG"),
             at(text, "A320-200", "PRODUCT")]
    assert [(m.text, m.label) for m in clean_mentions(text, found)] == [
        ("Millions", "CARDINAL"), ("2010", "DATE"), ("World Cup", "EVENT"), ("Boeing 777", "PRODUCT"),
        ("Airbus A320-200", "PRODUCT")]


def test_time_zones_belong_to_the_time_and_numbered_teams_are_names():
    text = "It crashed at 13:15 UTC. The 49ers lost. The UTC building."
    utc = text.index("UTC")
    found = [(utc, utc + 3, "ORG"), (text.index("49ers"), text.index("49ers") + 5, "CARDINAL"),
             (text.rindex("UTC"), text.rindex("UTC") + 3, "ORG")]
    assert [(m.text, m.label) for m in clean_mentions(text, found)] == [("49ers", "ORG"), ("UTC", "ORG")]


def at(text: str, surface: str, label: str, nth: int = 0) -> tuple[int, int, str]:
    """The span of the nth occurrence of surface in text."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return start, start + len(surface), label


def test_a_surname_the_model_took_for_a_place_is_the_person_unless_the_words_around_make_it_one():
    text = ("Cam Newton threw twice. Then Newton ran. He grew up in Newton. Patrick Crusius of Allen, Texas, "
            "was named by Greg Allen. London said: Jack London wrote.")
    found = [at(text, "Cam Newton", "PERSON"), at(text, "Newton", "GPE", 1), at(text, "Newton", "GPE", 2),
             at(text, "Patrick Crusius", "PERSON"), at(text, "Allen", "GPE"), at(text, "Greg Allen", "PERSON"),
             at(text, "London", "GPE"), at(text, "Jack London", "PERSON")]
    assert [(m.text, m.label) for m in clean_mentions(text, found)] == [
        ("Cam Newton", "PERSON"), ("Newton", "PERSON"), ("Newton", "GPE"), ("Patrick Crusius", "PERSON"),
        ("Allen", "GPE"), ("Greg Allen", "PERSON"), ("London", "GPE"), ("Jack London", "PERSON")]


def test_a_span_that_joins_two_names_is_two_mentions():
    text = ("Retailers such as Best Buy and Circuit City refused. John and Russ directed it. Baptista of Arsenal "
            "shot; Julio Baptista scored for Arsenal. The Bank of England, Bosnia and Herzegovina, the Ace Tyre "
            "and Exhaust Centre, the California Business and Professions Code.")
    found = [at(text, "Best Buy and Circuit City", "ORG"), at(text, "John and Russ", "PERSON"),
             at(text, "Baptista of Arsenal", "ORG"), at(text, "Julio Baptista", "PERSON"), at(text, "Arsenal", "ORG", 1),
             at(text, "Bank of England", "ORG"), at(text, "Bosnia and Herzegovina", "GPE"),
             at(text, "Ace Tyre and Exhaust Centre", "ORG"), at(text, "California Business and Professions Code", "ORG")]
    assert [(m.text, m.label) for m in clean_mentions(text, found)] == [
        ("Best Buy", "ORG"), ("Circuit City", "ORG"), ("John", "PERSON"), ("Russ", "PERSON"), ("Baptista", "PERSON"),
        ("Arsenal", "ORG"), ("Julio Baptista", "PERSON"), ("Arsenal", "ORG"), ("Bank of England", "ORG"),
        ("Bosnia and Herzegovina", "GPE"), ("Ace Tyre and Exhaust Centre", "ORG"),
        ("California Business and Professions Code", "ORG")]


def test_a_name_right_after_a_persons_title_is_a_person():
    text = "Captain Iriyanto flew. Mr Goss left. The Justice Department said. He won the Premier League."
    found = [at(text, "Iriyanto", "GPE"), at(text, "Goss", "ORG"), at(text, "Department", "ORG"),
             at(text, "Premier League", "ORG")]
    assert [(m.text, m.label) for m in clean_mentions(text, found)] == [
        ("Iriyanto", "PERSON"), ("Goss", "PERSON"), ("Department", "ORG"), ("Premier League", "ORG")]


def test_in_a_match_report_a_city_that_plays_is_its_club():
    text = ("Barcelona were eliminated from the league after the match at Anfield. The coach saw Liverpool score "
            "a goal from a penalty against Barcelona; the referee gave a free kick. Barcelona's keeper was "
            "beaten before half-time. Fans in Barcelona were sad. The season goes on in Madrid.")
    found = [at(text, "Barcelona", "GPE"), at(text, "Liverpool", "ORG"), at(text, "Barcelona", "GPE", 1),
             at(text, "Barcelona", "GPE", 2), at(text, "Barcelona", "GPE", 3), at(text, "Madrid", "GPE")]
    assert [(m.text, m.label) for m in clean_mentions(text, found)] == [
        ("Barcelona", "ORG"), ("Liverpool", "ORG"), ("Barcelona", "ORG"), ("Barcelona", "ORG"),
        ("Barcelona", "GPE"), ("Madrid", "GPE")]
    text = ("Real Madrid lost the league match: Madrid were poor, the coach said after the goal, the penalty "
            "and a free kick before half-time. Sevilla were better; the referee saw Sevilla win.")
    found = [at(text, "Real Madrid", "ORG"), at(text, "Madrid", "GPE", 1), at(text, "Sevilla", "GPE")]
    assert [(m.text, m.label) for m in clean_mentions(text, found)] == [  # once, beside the club's full name
        ("Real Madrid", "ORG"), ("Madrid", "ORG"), ("Sevilla", "GPE")]
    news = "Barcelona were hit by protests; against Barcelona's mayor, crowds marched."  # no report on sport
    assert [(m.text, m.label) for m in clean_mentions(news, [at(news, "Barcelona", "GPE"),
                                                             at(news, "Barcelona", "GPE", 1)])] == [
        ("Barcelona", "GPE"), ("Barcelona", "GPE")]


# ---- one fold ---------------------------------------------------------------------------------------


def test_one_fold_for_keys_and_name_matching():
    assert fold("Əliyev") == fold("Aliyev") == surface_key("Əliyev") == "aliyev"
    assert fold("Bakı") == "baki" and fold("Türkiye") == "turkiye"
    index = NameIndex([("Əliyev", "aliyev", 7, "PERSON")])
    found = index.find("President Aliyev spoke.", taken=[])
    assert [(m.text, m.entity_id) for m in found] == [("Aliyev", 7)]
    assert not certain(found[0], set())  # spelt another way: for review


def test_certain_name_matches_are_exact_capitalised_and_never_common_words():
    index = NameIndex([("Bastion", "bastion", 1, "ORG"), ("Caucasian Knot", "caucasian knot", 2, "ORG"),
                       ("Lachin", "lachin", 3, "GPE")])
    text = "Bastion said so, the Caucasian Knot wrote; Lachin is quiet."
    common = common_words([text, "the last bastion of hope, https://lachin.example.org/news and lachin.az"])
    verdicts = {m.text: certain(m, common) for m in index.find(text, taken=[])}
    assert verdicts == {"Bastion": False, "Caucasian Knot": True, "Lachin": True}  # an address is no word


# ---- labels ----------------------------------------------------------------------------------------------


def test_one_labels_module_names_every_type_in_plain_words():
    assert labels.LABELS[:3] == ("PERSON", "ORG", "GPE")
    assert labels.VALUE_LABELS == {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"}
    assert [labels.name(label) for label in ("PERSON", "ORG", "GPE", "LOC")] == ["Person", "Organisation", "Place", "Region"]
    assert labels.plural("PERSON") == "People"
    assert labels.parse("organisation") == labels.parse("org") == "ORG"
    with pytest.raises(ValueError, match="unknown type 'PLANET'"):
        labels.parse("planet")
    assert set(labels.NAMED_LABELS) | labels.VALUE_LABELS == set(labels.LABELS)


# ---- the name lists shipped in reader/data --------------------------------------------------------------


def test_shipped_place_keys_are_the_keys_reader_computes():
    rows = _lines("places.tsv")
    assert len(rows) > 5000
    assert all(key == surface_key(name) for key, name, *_ in rows)  # else: python3 tools/make_name_lists.py


def test_knowledge_lists():
    assert gazetteer.is_strong_place("russia") and gazetteer.is_strong_place("russian federation")
    assert gazetteer.alias_group("russia") == gazetteer.alias_group("russian federation")
    assert gazetteer.alias_group("eu") == gazetteer.alias_group("european union")
    assert gazetteer.is_demonym("russian") and not gazetteer.is_known_place("russian")
    assert gazetteer.is_given_name("anna") and not gazetteer.is_given_name("moscow")
    assert gazetteer.honorific_length("prime minister nikol pashinyan") == 2
    assert gazetteer.is_company_word("inc") and gazetteer.is_institution_word("university")


# ---- dates --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("surface, day", [
    ("March 26, 2022", "2022-03-26"), ("26 March 2022", "2022-03-26"), ("2024-04-19", "2024-04-19"),
    ("Tuesday, March 6, 2007", "2007-03-06"), ("March 26", None), ("last year", None), ("2020", None),
])
def test_a_date_mention_names_a_day_only_with_its_year(surface, day):
    assert dates.day_of(surface) == day


def test_a_short_line_states_a_date():
    assert dates.line_date("date 2022-03-31 By Trend") == "2022-03-31"
    assert dates.line_date("The talks of March 31, 2022 failed after a long night of quarrels in the city") is None


def test_a_surname_alone_beside_its_full_name_is_found_and_certain_when_one_person_bears_it():
    from reader.recall import surname_matches

    text = "David Akers kicked. Akers scored twice; Smith and Jones watched. Washington cheered."
    people = [("David Akers", 1), ("Anna Smith", 2), ("John Smith", 3), ("George Washington", 4)]
    taken = [(0, 11)]
    found = {m.text: (m.entity_id, sure) for m, sure in surname_matches(text, people, taken, common_words([text]))}
    assert found == {"Akers": (1, True), "Smith": (2, False), "Washington": (4, False)}


def test_the_word_that_stands_for_a_club_or_company_is_found_alone_and_certain_inside_sentences():
    from reader.recall import short_form_matches, stand_in_word

    assert [stand_in_word(n) for n in ("Real Madrid", "Ajax AFC", "San Francisco 49ers", "Bank of England")] == [
        "Real", "Ajax", "49ers", None]
    text = ("Real Madrid lost. The first leg saw Real coming out on top. Real took the kickoff, and the coach "
            "of Real spoke. Acme Inc sold. Acme fell. Air France flew; Air travel grew.")
    names = [("Real Madrid", 1, "ORG"), ("Acme Inc", 2, "ORG"), ("Air France", 3, "ORG")]
    taken = [(0, 11), (text.index("Acme Inc"), text.index("Acme Inc") + 8), (text.index("Air France"), text.index("Air France") + 10)]
    common = common_words([text, "a real problem"])
    found = [(m.text, m.entity_id, m.label, sure) for m, sure in short_form_matches(text, names, taken, common)]
    assert found == [("Real", 1, "ORG", True)] * 3 + [("Acme", 2, "ORG", True)]  # "Air": too short to tell

