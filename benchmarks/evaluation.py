"""Span quality of the entities Reader shows: exact-span precision, recall and F1 against gold spans.

Used by benchmarks/ner_quality.py (CoNLL-2003) and tests/test_span_quality.py (a small literal gold
set). Qt-free and model-free: callers pass the model's entities as (start, end, label) tuples.

Two systems are compared on the same model output:
- raw: the model's entity spans as spaCy returns them;
- reader: the spans Reader stores and shows: reader.mentions.clean_mentions, the very function the
  library stores mentions with (determiners, possessives, quotes and edge punctuation removed; spans
  on URLs or e-mail addresses, or named types without a capital letter, left out).

spaCy (OntoNotes) labels are mapped to the four CoNLL-2003 types by CONLL_TYPE. The numeric labels
(DATE, TIME, PERCENT, MONEY, QUANTITY, ORDINAL, CARDINAL) have no CoNLL type: CoNLL does not
annotate numbers, dates or amounts, so such spans are left out of both systems before scoring.
"""
from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from reader.mentions import clean_mentions

# spaCy label -> CoNLL-2003 type; a label not listed here (the numeric ones) is not scored.
CONLL_TYPE: dict[str, str] = {
    "PERSON": "PER",
    "ORG": "ORG",
    "GPE": "LOC", "LOC": "LOC", "FAC": "LOC",
    "NORP": "MISC", "EVENT": "MISC", "WORK_OF_ART": "MISC", "LAW": "MISC", "LANGUAGE": "MISC",
    "PRODUCT": "MISC",
}

Entity = tuple[int, int, str]  # start, end (character offsets), CoNLL type


def raw_entities(ents: Iterable[tuple[int, int, str]]) -> list[Entity]:
    """The model's spans unchanged, with CoNLL types; numeric labels left out."""
    return [(start, end, CONLL_TYPE[label]) for start, end, label in ents if label in CONLL_TYPE]


def reader_entities(text: str, ents: Iterable[tuple[int, int, str]]) -> list[Entity]:
    """The spans Reader shows for the same model output, with CoNLL types; numeric labels left out."""
    return [(m.start, m.end, CONLL_TYPE[m.label]) for m in clean_mentions(text, ents) if m.label in CONLL_TYPE]


@dataclass(frozen=True)
class Score:
    """Exact-match counts: a prediction counts only if it equals a gold item."""

    correct: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __str__(self) -> str:
        return (f"P {self.precision:6.2%}  R {self.recall:6.2%}  F1 {self.f1:6.2%}"
                f"  ({self.correct} correct / {self.predicted} predicted / {self.gold} gold)")


def exact_match(gold: Iterable[Hashable], predicted: Iterable[Hashable]) -> Score:
    """Score predicted items against gold items; both are sets (duplicates count once)."""
    gold_set, predicted_set = set(gold), set(predicted)
    return Score(len(gold_set & predicted_set), len(predicted_set), len(gold_set))


def untyped(items: Iterable[tuple]) -> list[tuple]:
    """Items without their last field (the type): scores boundaries only."""
    return [item[:-1] for item in items]
