"""Linking figures: entities before and after linking, name matches added, and linking time at scale.

Usage: python benchmarks/linking.py [DOCUMENTS]   (default 120 recombined seed articles)
"""
from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.corpus import write_corpus  # noqa: E402
from reader import linking  # noqa: E402
from reader.library import Library  # noqa: E402
from reader.storage import entities as stored  # noqa: E402


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 120
    with tempfile.TemporaryDirectory() as folder:
        write_corpus(Path(folder) / "corpus", count)
        library = Library(Path(folder) / "library.db")
        start = time.perf_counter()
        library.import_paths([Path(folder) / "corpus"])
        analysis = time.perf_counter() - start
        rows = stored.occurrences(library.db)
        naive = {(label, text) for _, text, label, _ in rows}
        occurrences = [linking.Occurrence(*row) for row in rows]
        start = time.perf_counter()
        result = linking.link(occurrences, [], stored.all_aliases(library.db))
        link_seconds = time.perf_counter() - start
        start = time.perf_counter()
        library.relink()
        relink_seconds = time.perf_counter() - start
        start = time.perf_counter()
        found = library.find_name_matches()
        match_seconds = time.perf_counter() - start
        print(f"corpus: {count} documents; import with analysis took {analysis:.1f} s")
        print(f"distinct entities, naive (label, text): {len(naive):,}")
        named = [e for e in result.entities.values() if not linking.is_value_key(e.key)]
        print(f"distinct entities after linking: {len(named):,} named, "
              f"{len(result.entities) - len(named):,} values (each of its own document)")
        automatic = sum(m.mention.automatic for m in library.mentions())
        print(f"name-match mentions added: {found:,} ({automatic:,} certain and linked, the others for review)")
        print(f"link(): {link_seconds * 1000:.0f} ms; relink and store: {relink_seconds * 1000:.0f} ms; "
              f"name matching: {match_seconds * 1000:.0f} ms "
              f"({(link_seconds + match_seconds) / analysis:.1%} of import time)")
        scale(occurrences)
        library.close()


def scale(seed_rows: list[linking.Occurrence]) -> None:
    """Synthetic libraries: each document reuses a seed document's occurrences with some names varied."""
    rng = random.Random(3)
    by_doc: dict[int, list[linking.Occurrence]] = {}
    for occ in seed_rows:
        by_doc.setdefault(occ.document_id, []).append(occ)
    templates = list(by_doc.values())
    print("link() at scale (synthetic occurrences; linear growth means no quadratic step):")
    previous = None
    for documents in (1_000, 3_000, 10_000):
        rows = []
        for doc in range(documents):
            for occ in rng.choice(templates):
                surface = occ.surface
                if occ.label in ("PERSON", "ORG") and rng.random() < 0.3:
                    surface = f"{surface} {rng.randrange(5000)}" if occ.label == "ORG" else f"{rng.choice('ABCDEFGH')}. {surface}"
                rows.append(linking.Occurrence(doc, surface, occ.label, occ.count))
        start = time.perf_counter()
        result = linking.link(rows)
        seconds = time.perf_counter() - start
        per = seconds / len(rows) * 1e6
        growth = f", {per / previous:.2f}x the time per row of the step before" if previous else ""
        print(f"  {documents:>6,} documents, {len(rows):>9,} occurrence rows -> {len(result.entities):>7,} entities "
              f"in {seconds:.2f} s ({per:.1f} µs per row{growth})")
        previous = per


if __name__ == "__main__":
    main()
