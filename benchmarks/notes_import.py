"""Time an import of many notes (W3C Web Annotation JSON) into the analysed seed library.

Two cases: annotations whose source is a document of this library (found by path), and the
same annotations from elsewhere (an unknown source: each document is found by its quote).

Usage: python3 benchmarks/notes_import.py [NOTES]   (default 20,000)
"""
from __future__ import annotations

import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.corpus import SEEDS  # noqa: E402
from reader.library import Library  # noqa: E402


def annotations(library: Library, count: int, source: str | None) -> str:
    documents = [library.document(d.id) for d in library.documents()]
    rng, items = random.Random(1), []
    while len(items) < count:
        document = rng.choice(documents)
        start = rng.randrange(0, len(document.text) - 60)
        end = start + rng.randrange(10, 50)
        if not document.text[start:end].strip():
            continue
        items.append({
            "type": "Annotation", "body": {"type": "TextualBody", "value": f"note {len(items)}"},
            "target": {"source": source or Path(document.path).as_uri(), "selector": [
                {"type": "TextQuoteSelector", "exact": document.text[start:end],
                 "prefix": document.text[max(0, start - 32):start], "suffix": document.text[end:end + 32]},
                {"type": "TextPositionSelector", "start": start, "end": end}]}})
    return json.dumps(items)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    with tempfile.TemporaryDirectory() as folder:
        seeded = Path(folder) / "seeded.db"
        library = Library(seeded)
        library.import_paths([SEEDS])
        texts = {"found by path": annotations(library, count, None),
                 "found by quote": annotations(library, count, "https://example.org/elsewhere")}
        library.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        library.close()
        for case, text in texts.items():
            path = Path(folder) / "work.db"
            shutil.copy(seeded, path)
            library = Library(path)
            started = time.perf_counter()
            report = library.notes.import_json(text)
            seconds = time.perf_counter() - started
            print(f"{count:,} notes, {case}: {seconds:.1f} s ({report})")
            library.close()
            for leftover in Path(folder).glob("work.db*"):
                leftover.unlink()


if __name__ == "__main__":
    main()
