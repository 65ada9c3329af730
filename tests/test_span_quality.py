"""Span quality: the cleaned spans Reader shows score at least as well as raw spaCy spans.

A small gold set of newswire-style sentences (written for this test, no external data) annotated
with CoNLL-2003 conventions: an entity span excludes a leading "the", a trailing "'s"/"’s" and
surrounding quotes ("the European Commission" -> European Commission, "Putin's" -> Putin,
the “Caucasian Knot” -> Caucasian Knot). The real model reads every sentence once; both systems
are scored with benchmarks.evaluation (the same scoring as benchmarks/ner_quality.py on CoNLL-2003).
"""
from __future__ import annotations

import re

import pytest

from benchmarks.evaluation import Entity, Score, exact_match, raw_entities, reader_entities, untyped
from reader import surfaces

# [surface|TYPE] marks a gold entity; TYPE is a CoNLL-2003 type (PER, LOC, ORG, MISC).
GOLD_SENTENCES = [
    # Determiners: the model tends to include "the"; CoNLL never does.
    "The [European Commission|ORG] fined [Google|ORG] 2.4 billion euros on Tuesday.",
    "Talks at the [United Nations|ORG] in [New York|LOC] stalled over the weekend.",
    "The [Bank of England|ORG] left interest rates unchanged, citing stubborn inflation.",
    "Shares in [Siemens|ORG] rose after the [Federal Reserve|ORG] signalled a pause.",
    "The [World Health Organization|ORG] warned of a new outbreak in [Uganda|LOC].",
    "[Arsenal|ORG] went top of the [Premier League|MISC] after beating [Chelsea|ORG] 2-0.",
    "The [Red Cross|ORG] said aid convoys had finally reached [Khartoum|LOC].",
    "Delegates from the [African Union|ORG] met in [Addis Ababa|LOC] on Monday.",
    "Voters in the [Netherlands|LOC] turned away from the [Labour Party|ORG] in local elections.",
    "The [International Monetary Fund|ORG] cut its growth forecast for [Argentina|LOC].",
    "Fans packed the [Stade de France|LOC] for the last match of the [Six Nations|MISC].",
    # Possessives, straight and curly apostrophes.
    "[Putin|PER]'s spokesman, [Dmitry Peskov|PER], declined to comment.",
    "[Germany|LOC]'s biggest carmaker, [Volkswagen|ORG], reported lower profits.",
    "[Macron|PER]’s government survived a confidence vote in the [National Assembly|ORG].",
    "[Tesla|ORG]'s shares fell after [Elon Musk|PER] sold more stock.",
    "[Brazil|LOC]'s central bank raised rates for a third time.",
    "[Serena Williams|PER]'s coach said she would not play at [Wimbledon|MISC].",
    "[Nigeria|LOC]’s president, [Bola Tinubu|PER], flew to [Abuja|LOC] from [London|LOC].",
    "The [Pentagon|ORG] said [Ukraine|LOC]'s forces had retaken [Kherson|LOC].",
    "The [Conservative Party|ORG]'s leader, [Kemi Badenoch|PER], criticised the [BBC|ORG].",
    # Quoted names.
    "Reporters from the “[Caucasian Knot|ORG]” website said the road to [Stepanakert|LOC] was closed.",
    "Supporters of “[Georgian Dream|ORG]” rallied in [Tbilisi|LOC] on Sunday.",
    'The newspaper "[Le Monde|ORG]" reported that [Renault|ORG] would close a plant near [Paris|LOC].',
    # Plain names.
    "[Angela Merkel|PER] met [Emmanuel Macron|PER] in [Berlin|LOC] on Friday.",
    "[Toyota|ORG] will build a battery plant in [North Carolina|LOC].",
    "[Novak Djokovic|PER] beat [Carlos Alcaraz|PER] in straight sets in [Melbourne|LOC].",
    "[Microsoft|ORG] agreed to buy [Activision Blizzard|ORG] for 69 billion dollars.",
    "[Kenya|LOC] and [Ethiopia|LOC] signed a trade deal in [Nairobi|LOC].",
    "[Lionel Messi|PER] scored twice as [Inter Miami|ORG] beat [Orlando City|ORG].",
    "[Boeing|ORG] delayed deliveries to [Ryanair|ORG] again.",
    "Prime Minister [Keir Starmer|PER] visited [Washington|LOC] for talks with [Joe Biden|PER].",
    "[Nestle|ORG] said sales in [China|LOC] slowed in the second quarter.",
    "[Chinese|MISC] exports to [Russia|LOC] rose sharply last year.",
]

_MARK = re.compile(r"\[([^\]|]+)\|(PER|LOC|ORG|MISC)\]")
# Context that cleaning exists for: a determiner before, or a possessive or quote after/before.
_DETERMINER_BEFORE = re.compile(r"(?:^|\s)(?:the|The|a|an)\s$")


def parse(marked: str) -> tuple[str, list[Entity]]:
    """Plain text and gold (start, end, type) spans of a marked-up sentence."""
    text, gold, last = "", [], 0
    for m in _MARK.finditer(marked):
        text += marked[last:m.start()]
        gold.append((len(text), len(text) + len(m.group(1)), m.group(2)))
        text += m.group(1)
        last = m.end()
    return text + marked[last:], gold


def needs_cleaning(text: str, gold: list[Entity]) -> bool:
    """True if a gold entity has a determiner before it or a possessive or quote next to it."""
    return any(
        _DETERMINER_BEFORE.search(text[:start]) or re.match(r"['’]s\b|[\"”’]", text[end:])
        or text[start - 1:start] in ('"', "“", "‘")
        for start, end, _ in gold
    )


@pytest.fixture(scope="module")
def scored(analyser) -> list[tuple[str, list[Entity], list[Entity], list[Entity]]]:
    """(text, gold, raw, Reader) per sentence; the real model runs once over all sentences."""
    parsed = [parse(marked) for marked in GOLD_SENTENCES]
    texts = [text for text, _ in parsed]
    results = dict(analyser.spans(enumerate(texts), total_chars=sum(map(len, texts))))
    rows = []
    for index, (text, gold) in enumerate(parsed):
        ents = [(span.start, span.end, span.label) for span in results[index]]
        rows.append((text, gold, raw_entities(ents), reader_entities(text, ents)))
    return rows


def _untyped_score(rows, column: int) -> Score:
    gold = [(i, *g) for i, row in enumerate(rows) for g in row[1]]
    predicted = [(i, *p) for i, row in enumerate(rows) for p in row[column]]
    return exact_match(untyped(gold), untyped(predicted))


def test_gold_set_follows_conll_conventions():
    assert 25 <= len(GOLD_SENTENCES) <= 40
    for marked in GOLD_SENTENCES:
        text, gold = parse(marked)
        assert gold, marked
        for start, end, _ in gold:  # cleaning a gold span leaves it as it is
            assert surfaces.clean_span(text, start, end) == (start, end), text[start:end]


def test_reader_spans_score_at_least_as_well_as_raw_spacy(scored):
    raw, reader = _untyped_score(scored, 2), _untyped_score(scored, 3)
    assert reader.f1 >= raw.f1, f"Reader {reader} vs raw {raw}"
    assert reader.precision >= raw.precision and reader.recall >= raw.recall


def test_reader_spans_are_better_where_determiners_possessives_or_quotes_occur(scored):
    subset = [row for row in scored if needs_cleaning(row[0], row[1])]
    assert len(subset) >= 15
    raw, reader = _untyped_score(subset, 2), _untyped_score(subset, 3)
    assert reader.f1 > raw.f1, f"Reader {reader} vs raw {raw}"


def test_no_span_loses_an_exact_match_by_cleaning(scored):
    for text, gold, raw, reader in scored:
        lost = set(untyped(gold)) & set(untyped(raw)) - set(untyped(reader))
        assert not lost, [text[s:e] for s, e in lost]


@pytest.mark.xfail(strict=True, reason="clean_span strips the 's of brand names that CoNLL keeps (McDonald's)")
def test_possessive_brand_names_keep_their_s():
    text = "He ate at McDonald's on Friday."
    start = text.index("McDonald's")
    assert surfaces.clean_span(text, start, start + len("McDonald's")) == (start, start + len("McDonald's"))
