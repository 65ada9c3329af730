"""Anchoring and re-anchoring a passage on literal texts."""
from __future__ import annotations

import random

import pytest

from reader.notes import PREFIX_CHARS, Anchor, Selector, find_quote, make_selector, passage_bounds, reanchor

TEXT = (
    "Russia expressed serious concern amid an ongoing escalation of tensions.\n\n"
    "Moscow brokered a cease-fire after the latest bout of fighting in 2020 and posted "
    "peacekeepers along the sole road linking Karabakh to Armenia, the Lachin corridor.\n\n"
    "Armenia denied the claims as a far-fetched and baseless pretext."
)
QUOTE = "Moscow brokered a cease-fire after the latest bout of fighting in 2020"


def selector_of(text: str, quote: str) -> Selector:
    start = text.index(quote)
    return make_selector(text, start, start + len(quote))


def found(text: str, anchor: Anchor | None) -> str | None:
    return None if anchor is None else text[anchor.start:anchor.end]


def test_selector_keeps_quote_context_and_offsets():
    s = selector_of(TEXT, QUOTE)
    assert s == Selector(QUOTE, TEXT[s.start - PREFIX_CHARS:s.start], TEXT[s.end:s.end + PREFIX_CHARS], 74, 144)
    assert s.prefix == "an ongoing escalation of tensions.\n\n"[-32:]
    assert make_selector("abc", 0, 3) == Selector("abc", "", "", 0, 3)
    with pytest.raises(ValueError):
        make_selector("abc", 2, 2)
    with pytest.raises(ValueError):
        make_selector("abc", 1, 9)


def test_unchanged_text_anchors_in_place():
    s = selector_of(TEXT, QUOTE)
    assert reanchor(s, TEXT) == Anchor(s.start, s.end, 1.0, "exact-near")


def test_text_inserted_before_the_quote_moves_the_anchor():
    s = selector_of(TEXT, QUOTE)
    new = "A new opening paragraph, added by the editors.\n\n" + TEXT
    anchor = reanchor(s, new)
    assert anchor.method == "exact-near"
    assert (anchor.start, anchor.end) == (s.start + 48, s.end + 48)
    assert found(new, anchor) == QUOTE


def test_a_word_changed_in_the_passage_anchors_approximately():
    s = selector_of(TEXT, QUOTE)
    new = TEXT.replace("latest bout", "most recent round")
    anchor = reanchor(s, new)
    assert anchor.method == "fuzzy"
    assert found(new, anchor) == "Moscow brokered a cease-fire after the most recent round of fighting in 2020"
    assert 0.8 < anchor.score < 1


def test_first_word_changed_anchors_on_a_word_boundary():
    s = selector_of(TEXT, QUOTE)
    new = "Intro.\n" + TEXT.replace("Moscow brokered", "Russia mediated")
    assert found(new, reanchor(s, new)) == "Russia mediated a cease-fire after the latest bout of fighting in 2020"


def test_quote_appearing_twice_takes_the_one_near_the_old_offset():
    block = "He said: the talks failed again. "
    text = block + "x" * 400 + block + "y" * 10
    second = text.index("the talks failed", 10)
    s = make_selector(text, second, second + len("the talks failed"))
    new = "Z" * 5 + text  # both occurrences move; context alone cannot tell them apart
    anchor = reanchor(s, new)
    assert (anchor.start, anchor.method) == (second + 5, "exact-near")


def test_quote_twice_context_beats_distance():
    text = "In Baku, officials said no. " + "filler " * 30 + "In Yerevan, officials said no. "
    start = text.index("officials said no", 10)
    s = make_selector(text, start, start + len("officials said no"))
    new = "In Yerevan, officials said no. " + "other " * 40 + "In Baku, officials said no. "
    anchor = reanchor(s, new)
    assert new[anchor.start - 12:anchor.start] == "In Yerevan, "


def test_quote_moved_far_is_found_anywhere():
    s = selector_of(TEXT, QUOTE)
    paragraphs = TEXT.split("\n\n")
    new = "\n\n".join([paragraphs[0], paragraphs[2], "padding " * 300, paragraphs[1]])
    anchor = reanchor(s, new)
    assert anchor.method == "exact" and found(new, anchor) == QUOTE


def test_deleted_passage_is_orphaned():
    s = selector_of(TEXT, QUOTE)
    paragraphs = TEXT.split("\n\n")
    assert reanchor(s, "\n\n".join([paragraphs[0], paragraphs[2]])) is None
    assert reanchor(s, "") is None


def test_passage_rewritten_beyond_recognition_is_orphaned():
    s = selector_of(TEXT, QUOTE)
    new = TEXT.replace(QUOTE, "Russia kept troops on the road after the war")
    assert reanchor(s, new) is None


def test_short_quote_needs_context_to_match_approximately():
    text = "The minister Pashinyan said yes. Later, more."
    s = selector_of(text, "Pashinyan")
    assert found(text.replace("Pashinyan", "Pashinian"), reanchor(s, text.replace("Pashinyan", "Pashinian"))) == "Pashinian"
    assert reanchor(s, "Nothing here about Pashinian at all, only other words.") is None


def test_find_quote_tolerates_whitespace():
    assert find_quote(TEXT, QUOTE) == (74, 144)
    assert find_quote(TEXT, "tensions.  Moscow\nbrokered") == (TEXT.index("tensions."), TEXT.index("brokered") + 8)
    assert find_quote(TEXT, "not in there") is None
    assert find_quote(TEXT, "   ") is None


def _long_text(words: int, seed: int) -> str:
    rng = random.Random(seed)
    vocabulary = TEXT.replace("\n", " ").split() + [f"w{i}" for i in range(200)]
    return " ".join(rng.choice(vocabulary) for _ in range(words))


@pytest.mark.parametrize("change", ["deleted", "edited", "moved"])
def test_long_documents_reanchor_quickly(change: str):
    text = _long_text(11_000, seed=7)  # about 53k characters
    assert len(text) > 50_000
    start = text.index(" ", 30_000) + 1
    s = make_selector(text, start, text.index(" ", start + 300))
    if change == "deleted":
        new = text[:start - 500] + text[s.end + 500:]
    elif change == "edited":
        new = text[:start + 100] + " an inserted phrase " + text[start + 110:]
    else:
        new = text[s.end:] + text[:s.end]
    anchor = reanchor(s, new)
    if change == "deleted":
        assert anchor is None
    elif change == "edited":
        assert anchor.method == "fuzzy" and abs(anchor.start - start) <= 2
    else:
        assert anchor.method == "exact" and found(new, anchor) == s.exact


def test_long_quote_on_a_long_document_re_anchors_by_its_fuzzy_match():
    text = _long_text(11_000, seed=11)
    s = make_selector(text, 10_000, 14_000)  # a 4,000-character passage
    new = text[:11_000] + "CHANGED " + text[11_008:]
    anchor = reanchor(s, new)
    assert anchor.method == "fuzzy" and abs(anchor.start - 10_000) <= 2 and abs(anchor.end - 14_000) <= 2


@pytest.mark.parametrize("selected, noted", [
    ("aid “the pea", "said “the peace"),  # inside words at both ends: the whole words
    (" “the peace process” ", "“the peace process”"),  # a quotation keeps its marks
    ("was over, ", "was over"),  # a trailing comma and space go
    ("the U.S. ", "the U.S."),  # an abbreviation keeps its point
    (" (CSTO)", "(CSTO)"),
    ("today.", "today"),
])
def test_a_passage_takes_whole_words_without_stray_punctuation(selected, noted):
    text = "He said “the peace process” was over, in the U.S. and (CSTO) today."
    start = text.index(selected)
    bounds = passage_bounds(text, start, start + len(selected))
    assert text[bounds[0]:bounds[1]] == noted


def test_a_selection_of_punctuation_only_notes_nothing():
    assert passage_bounds("was over, in the", 8, 10) is None
