"""Near-duplicate fingerprints of a text: word shingles, a MinHash signature (datasketch), LSH band keys."""
from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np  # imported where it is used: a window that only shows the other sources never loads it

SHINGLE_WORDS = 5  # a shingle is 5 consecutive words, casefolded, punctuation dropped
PERMUTATIONS = 128  # MinHash values per signature (estimates Jaccard within about ±0.04)
BANDS, ROWS = 64, 2  # LSH: a pair is a candidate when 2 consecutive values agree in one of 64 bands
THRESHOLD = 0.3  # estimated Jaccard of shingles at or above which two texts tell the same story
MIN_WORDS = 2 * SHINGLE_WORDS  # shorter texts are never grouped: too few shingles to judge
SEED = 1
SCHEME = "affine32"
# What a stored signature was made with; a library holding another one recomputes them all.
SIGNATURE_ID = f"crc32-words-datasketch-{SCHEME}-seed{SEED}-{PERMUTATIONS}-{SHINGLE_WORDS}words-{BANDS}x{ROWS}"

_WORD = re.compile(r"\w+")
_MULTIPLIER = 0x9E3779B97F4A7C15  # odd: the 64-bit golden ratio


@dataclass(frozen=True)
class Fingerprint:
    """What near-duplicate detection keeps of a text (nothing needs recomputing later)."""

    signature: bytes  # PERMUTATIONS little-endian uint32 values
    shingles: int  # how many distinct shingles the text has
    bands: tuple[int, ...]  # LSH bucket keys (signed 64-bit), empty for texts too short to group


def shingle_hashes(text: str) -> np.ndarray:
    """The distinct 32-bit hashes of the text's word 5-grams (Unicode NFKC, casefolded,
    punctuation dropped): each word hashed once with CRC-32, then 5 in a row combined."""
    import numpy as np

    words = _WORD.findall(unicodedata.normalize("NFKC", text).casefold())
    if not words:
        return np.zeros(0, dtype=np.uint32)
    ids = np.fromiter((zlib.crc32(word.encode()) for word in words), dtype=np.uint64, count=len(words))
    width = min(SHINGLE_WORDS, len(words))
    combined = np.zeros(len(words) - width + 1, dtype=np.uint64)
    for offset in range(width):  # a polynomial in the word hashes, modulo 2^64
        combined = combined * np.uint64(_MULTIPLIER) + ids[offset:len(words) - width + 1 + offset]
    return np.unique((combined ^ (combined >> np.uint64(32))).astype(np.uint32))


def fingerprints(texts: Iterable[str]) -> Iterator[Fingerprint]:
    """A fingerprint for each text, in order (one set of permutations for the whole batch)."""
    import numpy as np
    from datasketch import MinHash  # about 1 s to import (scipy): only when documents are grouped

    hashes = [shingle_hashes(text) for text in texts]
    minhashes = MinHash.generator((h.tolist() for h in hashes), num_perm=PERMUTATIONS, seed=SEED,
                                  scheme=SCHEME, hashfunc=int)
    for found, minhash in zip(hashes, minhashes):
        values = np.asarray(minhash.hashvalues, dtype="<u4")
        words_enough = len(found) >= MIN_WORDS - SHINGLE_WORDS + 1
        yield Fingerprint(values.tobytes(), len(found), band_keys(values) if words_enough else ())


def band_keys(values: np.ndarray) -> tuple[int, ...]:
    """One key per band: a 64-bit hash of the band's number and its ROWS values."""
    raw = values.astype("<u4").tobytes()
    size = ROWS * 4
    return tuple(
        int.from_bytes(hashlib.blake2b(bytes([band]) + raw[band * size:(band + 1) * size], digest_size=8).digest(),
                       "little", signed=True)
        for band in range(BANDS)
    )


def similarity(a: bytes, b: bytes) -> float:
    """The estimated Jaccard similarity of two texts' shingles: the share of equal MinHash values (4-byte
    words compared as they are stored: equal whatever the byte order)."""
    count = len(a) // 4
    if count == 0 or len(b) != len(a):
        return 0.0
    return sum(a[i:i + 4] == b[i:i + 4] for i in range(0, 4 * count, 4)) / count


def similarities(signature: bytes, others: Sequence[bytes]) -> np.ndarray:
    """`similarity` of one signature with each of `others`, in one pass."""
    import numpy as np

    if not others:
        return np.zeros(0)
    mine = np.frombuffer(signature, dtype="<u4")
    theirs = np.frombuffer(b"".join(others), dtype="<u4").reshape(len(others), -1)
    return (theirs == mine).mean(axis=1)


def same_story(a: bytes, b: bytes) -> bool:
    return similarity(a, b) >= THRESHOLD
