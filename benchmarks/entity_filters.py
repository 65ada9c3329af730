"""The entity table's "suspicious" filter: how long Analytics.suspicious() takes, and what it finds.

Usage: python benchmarks/entity_filters.py [ENTITIES] [LIBRARY_10K]
       (default 25,000 entities; LIBRARY_10K defaults to /tmp/reader-10k.db, copied, never changed)

Two libraries:
- generated here: ENTITIES invented names (people, organisations with long names, one-word
  acronyms in capitals) in 5,000 documents, the model's type for a name varying for one name in
  ten, a long tail of names mentioned once; written through reader.storage and linked with
  Library.relink(), as an import would;
- the 10,000-document library of benchmarks/library_10k.py (about 930,000 mentions), if present.
Each figure is the median of 5 runs on a warm cache (the window runs it off the GUI thread).
"""
from __future__ import annotations

import hashlib
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reader.library import Library  # noqa: E402
from reader.linking import surface_key  # noqa: E402
from reader.models import SourceDocument  # noqa: E402
from reader.storage import documents as stored_documents  # noqa: E402
from reader.storage import entities as stored_entities  # noqa: E402

DOCUMENTS = 5_000
SYLLABLES = "ka ri mo sa le van ti na bor gel du mir ze han ost pel ru vik lo tam".split()
LABELS = ("PERSON", "ORG", "GPE")


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def _names(count: int, rng: random.Random) -> list[tuple[str, str, bool]]:
    """(name, label, mixed): a few acronyms and long organisation names among people and places."""
    found: dict[str, tuple[str, str, bool]] = {}
    while len(found) < count:
        kind = rng.random()
        if kind < 0.05:
            name, label = "".join(rng.choice("ABCDEFGHKLMNPRSTUVZ") for _ in range(rng.randint(3, 5))), "ORG"
        elif kind < 0.15:
            name, label = f"{_word(rng)} Institute for {_word(rng)} and {_word(rng)} Studies", "ORG"
        elif kind < 0.7:
            name, label = f"{_word(rng)} {_word(rng)}", "PERSON"
        else:
            name, label = _word(rng), rng.choice(("GPE", "ORG"))
        key = surface_key(name)
        if key and key not in found:
            found[key] = (name, label, rng.random() < 0.1)
    return list(found.values())


def build(path: Path, entities: int, seed: int = 11) -> None:
    rng = random.Random(seed)
    names = _names(entities, rng)
    weights = [1 / (rank + 1) ** 0.9 for rank in range(len(names))]
    library = Library(path)
    db, now = library.db, datetime.now(timezone.utc).isoformat(timespec="seconds")
    try:
        order = list(range(len(names)))
        rng.shuffle(order)
        pending = iter(order)  # every name is mentioned at least once
        for first in range(0, DOCUMENTS, 250):
            with db.atomic():
                for number in range(first, first + 250):
                    chosen = [next(pending, None) for _ in range(len(names) // DOCUMENTS + 1)]
                    chosen = [i for i in chosen if i is not None] + rng.choices(range(len(names)), weights, k=50)
                    text, mentions = "", []
                    for i in chosen:
                        name, label, mixed = names[i]
                        text += "Today "
                        said = rng.choice(LABELS) if mixed and rng.random() < 0.5 else label
                        mentions.append(stored_entities.NewMention(len(text), len(text) + len(name), name, said,
                                                                   surface_key(name)))
                        text += name + " spoke.\n\n"
                    source = SourceDocument(f"/generated/{number}.txt", f"Document {number}", None, text,
                                            hashlib.sha256(text.encode()).hexdigest(), len(text.split()))
                    document_id = stored_documents.insert_document(db, source, now)
                    stored_entities.replace_model_mentions(db, document_id, mentions, [], "generated")
        library.relink()
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        library.close()


def measure(title: str, path: Path) -> None:
    library = Library(path)
    try:
        library.analytics.suspicious()  # warm the cache
        times, found = [], {}
        for _ in range(5):
            started = time.perf_counter()
            found = library.analytics.suspicious()
            times.append(time.perf_counter() - started)
        entities = len(library.entities())
        mentions = library.db.execute("SELECT COUNT(*) FROM mentions WHERE status = 'linked'").fetchone()[0]
        reasons = Counter(r for why in found.values() for r in why)
        print(f"{title}: {library.document_count()} documents, {entities} entities, {mentions} linked mentions")
        print(f"  suspicious(): {statistics.median(times):.3f} s (median of 5; min {min(times):.3f}, max"
              f" {max(times):.3f}); {len(found)} entities flagged: {dict(reasons)}")
    finally:
        library.close()


def main() -> None:
    entities = int(sys.argv[1]) if len(sys.argv) > 1 else 25_000
    big = Path(sys.argv[2] if len(sys.argv) > 2 else "/tmp/reader-10k.db")
    with tempfile.TemporaryDirectory(prefix="entity-filters-") as name:
        folder = Path(name)
        started = time.perf_counter()
        build(folder / "generated.db", entities)
        print(f"(built the generated library in {time.perf_counter() - started:.0f} s)")
        measure("Generated", folder / "generated.db")
        if big.exists():
            shutil.copy(big, folder / "big.db")
            measure("Generated (library_10k.py), 10,000 documents", folder / "big.db")
        else:
            print(f"{big} not found: build it with `python3 benchmarks/library_10k.py {big}`")


if __name__ == "__main__":
    main()
