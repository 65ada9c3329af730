"""NER span quality on CoNLL-2003: raw spaCy entity spans vs the cleaned spans Reader shows.

Usage: python benchmarks/ner_quality.py [PATH] [--examples N]
  PATH: a CoNLL-2003 file ("token POS chunk NER" lines, IOB1 tags, blank line between sentences,
  -DOCSTART- lines between documents); default /tmp/conll2003_testb_part.txt. Nothing is downloaded:
  the data set is Reuters text and is not part of this repository.

Each document's text is rebuilt by joining its tokens with single spaces and its sentences with
"\\n"; the gold spans are the character spans of the IOB1 entities in that text. The real model
(Reader's Analyser: en_core_web_sm, tok2vec+ner) reads each document once with nlp.pipe, and two
systems are scored against the gold spans with exact-span precision/recall/F1, untyped (boundaries
only) and typed (boundaries + CoNLL type): raw spaCy ents, and Reader's spans = reader.mentions.clean_mentions
(the library's own span cleaner) applied to the ents. spaCy labels map to CoNLL types as benchmarks.evaluation.CONLL_TYPE says:
PERSON->PER; ORG->ORG; GPE, LOC, FAC->LOC; NORP, EVENT, WORK_OF_ART, LAW, LANGUAGE, PRODUCT->MISC;
DATE, TIME, PERCENT, MONEY, QUANTITY, ORDINAL, CARDINAL are left out (CoNLL does not annotate them).
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.evaluation import (  # noqa: E402
    CONLL_TYPE, Entity, Score, exact_match, raw_entities, reader_entities, untyped,
)
from reader.nlp import BATCH_SIZE, Analyser, model_id  # noqa: E402

DEFAULT_PATH = Path("/tmp/conll2003_testb_part.txt")


@dataclass
class Document:
    text: str = ""
    gold: list[Entity] = field(default_factory=list)
    sentences: int = 0


def read_conll(path: Path) -> list[Document]:
    """Documents with their rebuilt text and gold (start, end, type) spans from IOB1 tags."""
    documents = [Document()]
    sentences: list[list[tuple[str, str]]] = [[]]
    for line in path.read_text(encoding="utf-8").splitlines() + ["-DOCSTART- -X- -X- O"]:
        fields = line.split()
        if fields and fields[0] == "-DOCSTART-":
            _fill(documents[-1], [s for s in sentences if s])
            documents.append(Document())
            sentences = [[]]
        elif not fields:
            sentences.append([])
        else:
            sentences[-1].append((fields[0], fields[-1]))
    return [d for d in documents if d.text]


def _fill(document: Document, sentences: list[list[tuple[str, str]]]) -> None:
    lines, offset = [], 0
    for sentence in sentences:
        start = kind = None
        position = offset
        for token, tag in sentence + [("", "O")]:  # the sentinel closes a final entity
            prefix, _, tag_type = tag.partition("-")
            if start is not None and (tag == "O" or prefix == "B" or tag_type != kind):
                document.gold.append((start, position - 1, kind))
                start = kind = None
            if tag != "O" and start is None:
                start, kind = position, tag_type
            position += len(token) + 1
        lines.append(" ".join(token for token, _ in sentence))
        offset += len(lines[-1]) + 1
    document.text = "\n".join(lines)
    document.sentences = len(sentences)


def keyed(index: int, entities: list[Entity]) -> list[tuple[int, int, int, str]]:
    return [(index, start, end, kind) for start, end, kind in entities]


def main() -> None:
    parser = argparse.ArgumentParser(description="NER span quality on CoNLL-2003: raw spaCy vs Reader.")
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_PATH, help="CoNLL-2003 file")
    parser.add_argument("--examples", type=int, default=8, help="changed spans to list per verdict")
    options = parser.parse_args()
    path, examples = options.path, options.examples
    documents = read_conll(path)
    gold = [g for i, d in enumerate(documents) for g in keyed(i, d.gold)]
    types = {kind: sum(1 for *_, k in gold if k == kind) for kind in ("PER", "LOC", "ORG", "MISC")}
    tokens = sum(len(line.split(" ")) for d in documents for line in d.text.split("\n"))
    print(f"data: {path}: {len(documents)} documents, {sum(d.sentences for d in documents)} sentences, "
          f"{tokens} tokens, {len(gold)} gold entities ({', '.join(f'{k} {n}' for k, n in types.items())})")

    nlp = Analyser().nlp
    raw: list[tuple[int, int, int, str]] = []
    shown: list[tuple[int, int, int, str]] = []
    changes: list[tuple[int, tuple[int, int], tuple[int, int] | None]] = []
    ents_total = 0
    for index, doc in enumerate(nlp.pipe((d.text for d in documents), batch_size=BATCH_SIZE)):
        ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        ents_total += len(ents)
        raw += keyed(index, raw_entities(ents))
        shown += keyed(index, reader_entities(doc.text, ents))
        for start, end, label in ents:
            if label in CONLL_TYPE:
                after = reader_entities(doc.text, [(start, end, label)])
                if not after or after[0][:2] != (start, end):
                    changes.append((index, (start, end), after[0][:2] if after else None))
    print(f"model: {model_id()} ({' + '.join(nlp.pipe_names)}): {ents_total} entities, "
          f"{len(raw)} with a CoNLL type (numeric labels left out)\n")

    scores: dict[str, tuple[Score, Score]] = {}
    for name, predicted in (("raw spaCy", raw), ("Reader (clean_span)", shown)):
        scores[name] = (exact_match(untyped(gold), untyped(predicted)), exact_match(gold, predicted))
        print(f"{name}\n  untyped (boundaries)        {scores[name][0]}\n"
              f"  typed (boundaries + type)   {scores[name][1]}")
    gold_bounds = {(i, s, e) for i, s, e, _ in gold}
    verdict = {"better": [], "worse": [], "neither": []}
    for index, before, after in changes:
        was, now = (index, *before) in gold_bounds, after is not None and (index, *after) in gold_bounds
        verdict["better" if now and not was else "worse" if was and not now else "neither"].append(
            (index, before, after))
    print(f"\nspans changed by cleaning: {len(changes)} of {len(raw)} "
          f"({sum(1 for *_, a in changes if a is None)} dropped); untyped: {len(verdict['better'])} became "
          f"exact, {len(verdict['worse'])} stopped being exact, {len(verdict['neither'])} wrong before and after")
    (raw_u, raw_t), (new_u, new_t) = scores.values()
    for kind, a, b in (("untyped", raw_u, new_u), ("typed", raw_t, new_t)):
        print(f"difference Reader - raw, {kind}: P {100 * (b.precision - a.precision):+.2f}  "
              f"R {100 * (b.recall - a.recall):+.2f}  F1 {100 * (b.f1 - a.f1):+.2f} points")
    print(f"Reader >= raw spaCy: untyped {new_u.f1 >= raw_u.f1}, typed {new_t.f1 >= raw_t.f1}")
    for name in ("worse", "better", "neither"):
        for index, before, after in verdict[name][:examples]:
            text = documents[index].text
            shown_after = "dropped" if after is None else repr(text[after[0]:after[1]])
            print(f"  {name}: {text[before[0]:before[1]]!r} -> {shown_after}")


if __name__ == "__main__":
    main()
