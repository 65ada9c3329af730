"""Pure helpers on document text: the sentence of context around a span."""
from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’»)\]]*\s+(?=[\"'“‘«(\[]?[A-Z0-9À-Ý])|\n\s*\n|\n")
MAX_CONTEXT = 320  # characters of context either side, at most


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of the sentence (or line) containing text[start:end], trimmed to MAX_CONTEXT."""
    low = max(0, start - MAX_CONTEXT)
    high = min(len(text), end + MAX_CONTEXT)
    sentence_start, sentence_end = low, high
    for match in _SENTENCE_END.finditer(text, low, high):
        if match.end() <= start:
            sentence_start = match.end()
        elif match.start() >= end:
            sentence_end = match.start()
            break
    while sentence_start < start and text[sentence_start].isspace():
        sentence_start += 1
    while sentence_end > end and text[sentence_end - 1].isspace():
        sentence_end -= 1
    return sentence_start, sentence_end


def context_of(text: str, start: int, end: int, window_start: int = 0) -> tuple[str, int, int]:
    """The sentence around a span of `text` (which begins at `window_start` in the document).

    Returns the sentence and the span's offsets inside it; an ellipsis marks a cut.
    """
    local_start, local_end = start - window_start, end - window_start
    s, e = sentence_bounds(text, local_start, local_end)
    prefix = "…" if s > 0 and text[s - 1] not in "\n" and s == max(0, local_start - MAX_CONTEXT) else ""
    suffix = "…" if e < len(text) and e == min(len(text), local_end + MAX_CONTEXT) else ""
    sentence = prefix + text[s:e] + suffix
    return sentence, local_start - s + len(prefix), local_end - s + len(prefix)
