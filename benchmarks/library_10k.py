"""Build a large analysed library (10,000 documents) from the seeds' paragraphs, with varied names.

The seeds' paragraphs are analysed once with the real model; each generated document recombines
18 of them, gives the people in it other names (surnames kept consistent within the document), and
reuses the model's spans shifted into place. Everything is written through reader.storage and
linked with Library.relink(), as an import would.

Usage: python benchmarks/library_10k.py PATH [DOCUMENTS]   (an existing file is reused)
"""
from __future__ import annotations

import hashlib
import random
import sys
import time
from datetime import date, datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.corpus import seed_paragraphs  # noqa: E402
from reader.mentions import clean_mentions, declared_aliases  # noqa: E402
from reader.surfaces import surface_key  # noqa: E402
from reader.library import Library  # noqa: E402
from reader.models import SourceDocument, Span  # noqa: E402
from reader.nlp import Analyser, model_id  # noqa: E402
from reader.storage import documents as stored_documents  # noqa: E402
from reader.storage import entities as stored_entities  # noqa: E402

FIRST = ("Anna Boris Carla Davit Elena Farid Gohar Hasan Irina Javid Karina Levon Maria Nariman Olga Pavel "
         "Rena Samvel Tamara Umid Vera Vusal Yana Zaur Aram Bella Chingiz Dina Emin Fatima Gevorg Hayk "
         "Ilgar Jamila Kamran Lilit Murad Nigar Oleg Parvin Rustam Sona Tigran Ulviyya Vahan Zarina").split()
LAST = ("Aliyev Babayan Cherkasov Davtyan Efendiyev Fedorov Grigoryan Hasanov Ivanova Jafarov Karapetyan "
        "Lavrov Mammadov Nersisyan Orlov Petrosyan Quliyev Rahimov Sargsyan Tagiyev Umarov Vardanyan "
        "Yusifov Zakharov Abbasov Bagirova Chobanyan Dadashov Eminov Galstyan Huseynova Ismayilov "
        "Kocharyan Melikov Novruzova Osipov Poghosyan Rzayev Simonyan Tumanyan Valiyev Yeghiazaryan").split()
PARAGRAPHS_EACH = 18
BATCH = 250


def analysed_paragraphs(analyser: Analyser) -> list[tuple[str, list[Span]]]:
    """The seeds' paragraphs with the model's spans (one pass of the real model)."""
    texts = seed_paragraphs()
    found = dict(analyser.spans(enumerate(texts), sum(map(len, texts))))
    pool = [(text, sorted(found.get(i, []), key=lambda s: s.start)) for i, text in enumerate(texts)]
    places = {surface_key(text[s.start:s.end]) for text, spans in pool for s in spans
              if s.label in ("GPE", "LOC", "NORP", "ORG", "FAC")}
    return [(text, [s if s.label != "PERSON" or surface_key(text[s.start:s.end]) not in places
                    else Span(s.start, s.end, "PERSON?") for s in spans]) for text, spans in pool]


def _renamed(text: str, spans: list[Span], names: dict[str, tuple[str, str]],
             pick) -> tuple[str, list[Span]]:
    """The paragraph with each PERSON given another name; spans moved to match."""
    out, moved, position, shift = [], [], 0, 0
    for span in spans:
        if span.start < position:
            continue
        surface = text[span.start:span.end]
        replacement = None
        if span.label == "PERSON" and surface[:1].isupper():
            tokens = surface.replace("’s", "").replace("'s", "").split()
            first, last = names.setdefault(tokens[-1], pick())
            replacement = f"{first} {last}" if len(tokens) > 1 else last
        out.append(text[position:span.start])
        new = replacement or surface
        label = "PERSON" if span.label == "PERSON?" else span.label  # a place the model took for a person
        moved.append(Span(span.start + shift, span.start + shift + len(new), label))
        out.append(new)
        shift += len(new) - len(surface)
        position = span.end
    out.append(text[position:])
    return "".join(out), moved


def generate(pool: list[tuple[str, list[Span]]], number: int, rng: random.Random,
             people: list[tuple[str, str]], weights: list[float]) -> tuple[SourceDocument, list[Span]]:
    """One article: a title line, then 18 recombined paragraphs with their shifted spans."""
    chosen = rng.sample(range(len(pool)), PARAGRAPHS_EACH)
    names: dict[str, tuple[str, str]] = {}

    def pick() -> tuple[str, str]:
        return rng.choices(people, weights)[0]

    pieces, spans = [], []
    first_words = " ".join(pool[chosen[0]][0].split()[:8]).rstrip(",.;:")
    title = f"Report {number}: {first_words}"
    offset = len(title) + 2
    for index in chosen:
        text, moved = _renamed(*pool[index], names, pick)
        spans += [Span(s.start + offset, s.end + offset, s.label) for s in moved]
        pieces.append(text)
        offset += len(text) + 2
    body = title + "\n\n" + "\n\n".join(pieces) + "\n"
    published = None
    if rng.random() < 0.85:
        published = date.fromordinal(date(2020, 1, 1).toordinal() + rng.randrange(5 * 365)).isoformat()
    source = SourceDocument(f"/generated/report_{number:05d}.txt", title, published, body,
                            hashlib.sha256(body.encode()).hexdigest(), len(body.split()))
    return source, spans


def _mentions(text: str, spans: list[Span]) -> tuple[list[stored_entities.NewMention], list[tuple[str, str]]]:
    """What Library._store_analysis keeps of a document's spans: cleaned, keyed, with aliases."""
    kept = clean_mentions(text, spans)
    mentions = [stored_entities.NewMention(m.start, m.end, m.text, m.label, m.key) for m in kept]
    return mentions, declared_aliases(text, [(m.start, m.end) for m in kept])


def build(path: str | Path, documents: int = 10_000, seed: int = 7, analyser: Analyser | None = None,
          log=print) -> Path:
    """Write the library at `path` (kept if it already holds `documents` documents)."""
    path = Path(path)
    library = Library(path)
    try:
        if library.document_count() >= documents:
            log(f"reusing {path} ({library.document_count()} documents)")
            return path
        started = time.perf_counter()
        pool = analysed_paragraphs(analyser or Analyser())
        log(f"analysed {len(pool)} seed paragraphs in {time.perf_counter() - started:.1f} s")
        rng = random.Random(seed)
        people = [(f, l) for f in FIRST for l in LAST]
        rng.shuffle(people)
        weights = [1 / (rank + 3) for rank in range(len(people))]  # a few common names, a long tail
        analysed_with, now = model_id(), datetime.now(timezone.utc).isoformat(timespec="seconds")
        db = library.db
        for first in range(library.document_count(), documents, BATCH):
            with db.atomic():
                for number in range(first, min(first + BATCH, documents)):
                    source, spans = generate(pool, number, rng, people, weights)
                    document_id = stored_documents.insert_document(db, source, now)
                    mentions, aliases = _mentions(source.text, spans)
                    stored_entities.replace_model_mentions(db, document_id, mentions, aliases, analysed_with)
            log(f"stored {min(first + BATCH, documents)} documents ({time.perf_counter() - started:.0f} s)")
        linked = time.perf_counter()
        library.relink()
        log(f"linked in {time.perf_counter() - linked:.1f} s; {len(library.entities())} entities;"
            f" built in {time.perf_counter() - started:.0f} s")
        library.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        library.close()
    return path


def build_one_name(path: str | Path, documents: int = 40, mentions_each: int = 500,
                   name: str = "Ilham Aliyev") -> Path:
    """A library where one person is named `mentions_each` times in each of `documents` articles (and a
    place once in each): an entity with many mentions, written in seconds without the model."""
    library = Library(path)
    try:
        analysed_with, now = model_id(), datetime.now(timezone.utc).isoformat(timespec="seconds")
        sentence = f"{name} spoke in Baku on day {{}}. "
        with library.write():
            for number in range(documents):
                title = f"Speeches {number:03d}"
                pieces, spans, offset = [], [], len(title) + 2
                for day in range(mentions_each):
                    text = sentence.format(day)
                    spans.append(Span(offset, offset + len(name), "PERSON"))
                    if day == 0:
                        place = offset + text.index("Baku")
                        spans.append(Span(place, place + 4, "GPE"))
                    pieces.append(text)
                    offset += len(text) + (1 if day % 10 == 9 else 0)
                    if day % 10 == 9:
                        pieces.append("\n")
                body = title + "\n\n" + "".join(pieces) + "\n"
                source = SourceDocument(f"/generated/speeches_{number:03d}.txt", title, None, body,
                                        hashlib.sha256(body.encode()).hexdigest(), len(body.split()))
                document_id = stored_documents.insert_document(library.db, source, now)
                mentions, aliases = _mentions(body, spans)
                stored_entities.replace_model_mentions(library.db, document_id, mentions, aliases, analysed_with)
        library.relink()
    finally:
        library.close()
    return Path(path)


def main() -> None:
    if len(sys.argv) < 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        raise SystemExit(2)
    build(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 10_000)


if __name__ == "__main__":
    main()
