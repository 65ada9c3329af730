"""Suspicious entities: the reasons on literal names and counts, and the library's one-pass query."""
from __future__ import annotations

from reader.library import Library
from reader.suspicious import ALL_CAPS, FOUND_ONCE, LONG_NAME, MIXED_TYPES, REASONS, reasons


def test_one_word_in_capitals():
    assert reasons("KISS", 3, 3, 3, 1) == (ALL_CAPS,)
    assert reasons("ƏLİYEV", 3, 3, 3, 1) == (ALL_CAPS,)
    assert reasons("U.S.", 3, 3, 3, 1) == (ALL_CAPS,)
    for name in ("Kiss", "BBC News", "G7", "A", "iPHONE", "1984"):
        assert ALL_CAPS not in reasons(name, 3, 3, 3, 1), name


def test_very_long_names():
    assert reasons("Atlas Analytical Center Elkhan Shainoglu", 3, 3, 3, 1) == (LONG_NAME,)  # five words
    assert reasons("Azerbaijani-Turkish Friendship Association", 3, 3, 3, 1) == (LONG_NAME,)  # 42 characters
    assert reasons("Collective Security Treaty Organization", 3, 3, 3, 1) == ()  # four words, 39 characters


def test_mixed_types_when_one_mention_in_five_has_another_type():
    assert reasons("Armenia", 40, 40, 21, 3) == (MIXED_TYPES,)
    assert reasons("Qarabagh", 10, 10, 8, 2) == (MIXED_TYPES,)
    assert reasons("Azerbaijan", 66, 66, 57, 3) == ()  # 9 of 66 typed otherwise: the vote settles it
    assert reasons("Baku", 30, 30, 30, 1) == ()
    assert reasons("Yerevan", 4, 0, 0, 0) == ()  # no mention the model found (the user's, or name matches)


def test_found_once_and_several_reasons_in_a_fixed_order():
    assert reasons("Bastion", 1, 1, 1, 1) == (FOUND_ONCE,)
    assert reasons("RMC", 1, 1, 1, 1) == (ALL_CAPS, FOUND_ONCE)
    assert reasons("East-West Research Center Arastun Orujlu", 2, 2, 1, 2) == (MIXED_TYPES, LONG_NAME)
    assert list(REASONS) == [MIXED_TYPES, ALL_CAPS, LONG_NAME, FOUND_ONCE]


def test_the_library_flags_entities_in_one_pass_and_leaves_values_out(seeded: Library):
    found = seeded.analytics.suspicious()
    by_name = {e.name: e for e in seeded.entities(values=True)}
    assert found[by_name["Armenia"].id] == (MIXED_TYPES,)
    assert found[by_name["KISS"].id] == (ALL_CAPS, FOUND_ONCE)
    assert by_name["Azerbaijan"].id not in found
    value_labels = {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"}
    values = {e.id for e in by_name.values() if e.label in value_labels}
    assert values and not values & set(found)
    once = [e for e in by_name.values() if e.mentions == 1 and e.label not in value_labels]
    assert len(once) > 50 and all(FOUND_ONCE in found[e.id] for e in once)
    seeded.corrections.merge(by_name["KISS"], by_name["Azerbaijan"])  # the entity is gone: so is its flag
    assert by_name["KISS"].id not in seeded.analytics.suspicious()
