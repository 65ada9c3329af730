"""Import speed: Reader end to end vs raw spaCy (tok2vec+ner, all cores) vs a naive full-pipeline loop.

Usage: python benchmarks/ingest.py [DOCUMENTS]   (default 120 documents, ~250k words)
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.corpus import write_corpus  # noqa: E402
from reader.library import Library  # noqa: E402
from reader.nlp import BATCH_SIZE, MODEL_PACKAGE, NOT_NEEDED_FOR_NER  # noqa: E402


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 120
    cores = len(os.sched_getaffinity(0))
    with tempfile.TemporaryDirectory() as folder:
        paths = write_corpus(Path(folder) / "corpus", count)
        texts = [p.read_text(encoding="utf-8") for p in paths]
        words = sum(len(t.split()) for t in texts)
        print(f"corpus: {count} documents, {words:,} words, {cores} cores")

        import spacy

        nlp = spacy.load(MODEL_PACKAGE, exclude=NOT_NEEDED_FOR_NER)
        start = time.perf_counter()
        entities = sum(len(doc.ents) for doc in nlp.pipe(texts, batch_size=BATCH_SIZE, n_process=cores))
        raw = words / (time.perf_counter() - start)
        print(f"raw spaCy nlp.pipe (tok2vec+ner, n_process={cores}): {raw:,.0f} words/s ({entities} entities)")

        full = spacy.load(MODEL_PACKAGE)
        sample = texts
        sample_words = sum(len(t.split()) for t in sample)
        start = time.perf_counter()
        for text in sample:
            full(text)
        naive = sample_words / (time.perf_counter() - start)
        print(f"naive loop nlp(text), full pipeline, 1 process: {naive:,.0f} words/s (on {len(sample)} documents)")

        start = time.perf_counter()
        library = Library(Path(folder) / "library.db")
        report = library.import_paths([Path(folder) / "corpus"])
        elapsed = time.perf_counter() - start
        library.close()
        reader = words / elapsed
        print(f"Reader import end to end (read, analyse, store, link; model load included): "
              f"{reader:,.0f} words/s in {elapsed:.1f} s, {len(report.added)} documents")
        print(f"ratio to raw spaCy: {reader / raw:.2f}  (goal >= 0.85)")
        print(f"ratio to naive loop: {reader / naive:.2f}  (goal >= 2.5)")


if __name__ == "__main__":
    main()
