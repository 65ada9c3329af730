"""Near-duplicates: how similar a story's variants are, how similar different stories are, and the
cost of grouping at import on a 10,000-document library.

Texts: the 65 Wikinews articles of the linking gold and the 5 seed articles, as Reader reads them
(clutter included). Variants of each, as outlets edit wire copy: another headline, the last
paragraph trimmed, a byline and page clutter added, typos (one word in 50), a wire rewrite (new
lead paragraph and dateline, last two paragraphs cut), and all of the first four at once.
Different stories: every pair of distinct articles, and the same-topic clusters (NASCAR 41-43,
Libya 46-48, the seeds on Karabakh). A pair is grouped when its LSH band keys meet and its
estimated Jaccard is at least reader.near_duplicates.THRESHOLD.

Usage: python benchmarks/near_duplicates.py [LIBRARY_10K]   (the library is copied, never changed;
build one with benchmarks/library_10k.py; default /tmp/reader-10k.db, skipped if missing)
"""
from __future__ import annotations

import itertools
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reader import formats  # noqa: E402
from reader import near_duplicates as nd  # noqa: E402
from reader.library import Library  # noqa: E402
from reader.paths import SEEDS_DIR  # noqa: E402

GOLD = Path(__file__).resolve().parent / "gold" / "articles"
SAME_TOPIC = [("41_", "42_", "43_"), ("46_", "47_", "48_"), tuple(p.name[:4] for p in sorted(SEEDS_DIR.glob("*.txt")))]
BYLINE = "By Maria Lopez, Staff Writer | The Daily Courier\nUpdated 14:32 GMT · 4 min read\nShare on Facebook · Share on X · Email\n\n"
FOOTER = ("\n\nRead more: Officials respond to the report · Markets close lower · Weather warning issued for the coast\n"
          "Sign up for our morning newsletter. Subscribe now and get unlimited access.\n"
          "© 2024 The Daily Courier. All rights reserved. Cookie settings · Privacy policy · Terms of use\n")


def articles() -> list[tuple[str, str]]:
    found = []
    for path in sorted(GOLD.iterdir()) + sorted(SEEDS_DIR.glob("*.txt")):
        found += [(path.name, d.text) for d in formats.read_documents(path)]
    return found


def headline(text: str, rng: random.Random) -> str:
    return "Officials say new details emerge as the story develops\n" + text.partition("\n")[2]


def trimmed(text: str, rng: random.Random) -> str:
    paragraphs = text.rstrip().split("\n\n")
    return "\n\n".join(paragraphs[:-1]) if len(paragraphs) > 2 else text


def cluttered(text: str, rng: random.Random) -> str:
    return BYLINE + text + FOOTER


def typos(text: str, rng: random.Random, every: int = 50) -> str:
    words = text.split(" ")
    for i, word in enumerate(words):
        if len(word) > 3 and rng.random() < 1 / every:
            j = rng.randrange(len(word) - 1)
            words[i] = word[:j] + word[j + 1] + word[j] + word[j + 2:]
    return " ".join(words)


def wire_rewrite(text: str, rng: random.Random) -> str:
    paragraphs = [p for p in text.rstrip().split("\n\n") if p.strip()]
    body = paragraphs[2:-2] if len(paragraphs) > 6 else paragraphs[1:]
    lead = "LONDON (Courier) - A new account of the events was published on Tuesday, officials said."
    return paragraphs[0] + "\n\n" + lead + "\n\n" + "\n\n".join(body)


def everything(text: str, rng: random.Random) -> str:
    return typos(cluttered(trimmed(headline(text, rng), rng), rng), rng)


VARIANTS = {"headline": headline, "trimmed": trimmed, "byline+clutter": cluttered, "typos 1/50": typos,
            "wire rewrite": wire_rewrite, "all four": everything}


def grouped(a: nd.Fingerprint, b: nd.Fingerprint) -> bool:
    return bool(set(a.bands) & set(b.bands)) and nd.similarity(a.signature, b.signature) >= nd.THRESHOLD


def measure_threshold() -> None:
    texts = articles()
    names = [name for name, _ in texts]
    originals = list(nd.fingerprints(text for _, text in texts))
    print(f"{len(texts)} articles; shingles of {nd.SHINGLE_WORDS} words, {nd.PERMUTATIONS} permutations,"
          f" {nd.BANDS} bands x {nd.ROWS}, threshold {nd.THRESHOLD}\n")
    print(f"{'variant (same story)':<22}{'min':>7}{'p10':>7}{'median':>8}{'grouped':>10}")
    for kind, make in VARIANTS.items():
        rng = random.Random(7)
        scores, hits = [], 0
        for original, (_, text) in zip(originals, texts):
            variant = next(nd.fingerprints([make(text, rng)]))
            scores.append(nd.similarity(original.signature, variant.signature))
            hits += grouped(original, variant)
        ordered = sorted(scores)
        print(f"{kind:<22}{ordered[0]:>7.3f}{ordered[len(ordered) // 10]:>7.3f}{statistics.median(scores):>8.3f}"
              f"{hits:>6}/{len(scores)}")
    pairs = [(nd.similarity(a.signature, b.signature), grouped(a, b), names[i], names[j])
             for (i, a), (j, b) in itertools.combinations(enumerate(originals), 2)]
    pairs.sort(reverse=True)
    candidates = sum(bool(set(originals[i].bands) & set(originals[j].bands))
                     for i, j in itertools.combinations(range(len(originals)), 2))
    print(f"\ndifferent stories: {len(pairs)} pairs, grouped {sum(p[1] for p in pairs)}, LSH candidates"
          f" {candidates}; most similar: " + ", ".join(f"{a}/{b} {s:.3f}" for s, _, a, b in pairs[:3]))
    for cluster in SAME_TOPIC:
        members = [i for i, n in enumerate(names) if n.startswith(cluster)]
        scores = [nd.similarity(originals[i].signature, originals[j].signature)
                  for i, j in itertools.combinations(members, 2)]
        print(f"  same topic {names[members[0]]}..{names[members[-1]]}: {len(scores)} pairs,"
              f" most similar {max(scores):.3f}, grouped {sum(grouped(originals[i], originals[j]) for i, j in itertools.combinations(members, 2))}")


def measure_library(source: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="near-duplicates-") as folder:
        path = Path(folder) / "library.db"
        shutil.copy(source, path)
        library = Library(path)
        count = library.document_count()
        started = time.perf_counter()
        library.stories.update()
        backfill = time.perf_counter() - started
        stories = {d.story for d in library.documents()}
        print(f"\n{count} documents (benchmarks/library_10k.py): first grouping of the whole library"
              f" {backfill:.1f} s ({count / backfill:.0f} documents/s, once); {count - len(stories)} documents"
              f" joined another's story ({len(stories)} stories)")
        incoming = Path(folder) / "new"
        incoming.mkdir()
        rng = random.Random(3)
        for name, text in articles()[:20]:
            (incoming / f"{name}.txt").write_text(text, encoding="utf-8")
            (incoming / f"variant_{name}.txt").write_text(everything(text, rng), encoding="utf-8")
        started = time.perf_counter()
        report = library.import_paths([incoming], analyse=False)
        total = time.perf_counter() - started
        again = time.perf_counter()
        library.stories.update()
        nothing = time.perf_counter() - again
        print(f"import of {len(report.added)} new documents (20 articles and a variant of each) into it:"
              f" {total:.2f} s in all, {report.near_duplicates} grouped; an update with nothing new: {nothing * 1000:.0f} ms")
        library.close()


if __name__ == "__main__":
    measure_threshold()
    big = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/reader-10k.db")
    if big.exists():
        measure_library(big)
    else:
        print(f"\n(no {big}: build one with benchmarks/library_10k.py to measure grouping at scale)")
