"""Build benchmark corpora by recombining the seed articles' paragraphs (deterministic)."""
from __future__ import annotations

import random
from pathlib import Path

from reader.paths import SEEDS_DIR as SEEDS


def seed_paragraphs() -> list[str]:
    paragraphs = []
    for path in sorted(SEEDS.glob("*.txt")):
        paragraphs += [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n") if len(p.split()) >= 12]
    return paragraphs


def write_corpus(folder: Path, documents: int, paragraphs_each: int = 18, seed: int = 7) -> list[Path]:
    """Write `documents` distinct articles made of shuffled seed paragraphs; return their paths."""
    rng = random.Random(seed)
    pool = seed_paragraphs()
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(documents):
        chosen = rng.sample(pool, min(paragraphs_each, len(pool)))
        text = f"Article {number}\n\n" + "\n\n".join(chosen) + "\n"
        path = folder / f"article_{number:05d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
