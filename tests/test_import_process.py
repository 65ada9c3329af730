"""The window's import, run in a process of its own: what it reports, Cancel, and a child that dies."""
from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from benchmarks.corpus import write_corpus
from reader.errors import ReaderError
from reader.import_process import finish_linking_in_process, import_in_process
from reader.library import Library


def test_an_import_in_its_own_process_reports_progress_each_document_and_the_whole(tmp_path: Path):
    paths = write_corpus(tmp_path / "batch", 3, paragraphs_each=4)
    steps, changes = [], []
    report = import_in_process(tmp_path / "library.db", [str(tmp_path / "batch")],
                               progress=lambda done, total, message: steps.append(message),
                               cancelled=lambda: False, changed=changes.append)
    assert len(report.added) == 3 and report.analysed == 3 and not report.cancelled
    assert sorted(report.added) == sorted(d for change in changes for d in change.documents_added)
    assert any(step.startswith("Analysed") for step in steps)
    library = Library(tmp_path / "library.db")
    assert sorted(d.path for d in library.documents()) == sorted(str(p) for p in paths)
    assert library.entities() and not library.has_pending_work()
    library.close()


def test_cancel_keeps_what_was_stored_and_the_linking_finishes_in_its_own_process(tmp_path: Path):
    write_corpus(tmp_path / "batch", 8, paragraphs_each=4)
    asked = []
    report = import_in_process(tmp_path / "library.db", [str(tmp_path / "batch")],
                               progress=lambda done, total, message: asked.append(message.startswith("Analysed")),
                               cancelled=lambda: any(asked), changed=lambda change: None)
    assert report.cancelled and len(report.added) == 8
    finish_linking_in_process(tmp_path / "library.db", progress=lambda *step: None)
    library = Library(tmp_path / "library.db")
    assert library.document_count() == 8
    analysed = [d for d in library.documents() if d.analysed_with]
    assert analysed and library.entities()  # what was analysed before Cancel is linked
    library.close()


def test_an_import_whose_process_dies_says_so_and_keeps_every_stored_document(tmp_path: Path):
    write_corpus(tmp_path / "batch", 6, paragraphs_each=4)

    def kill_it(done: int, total: int, message: str) -> None:
        if message.startswith("Analysed"):  # documents are stored, one is analysed: the child dies here
            for child in multiprocessing.active_children():
                if child.name == "reader-import":
                    child.kill()

    with pytest.raises(ReaderError, match="stopped unexpectedly"):
        import_in_process(tmp_path / "library.db", [str(tmp_path / "batch")], progress=kill_it,
                          cancelled=lambda: False, changed=lambda change: None)
    library = Library(tmp_path / "library.db")
    assert library.document_count() == 6 and library.has_pending_work()
    library.analyse()  # what `reader analyze` or the next start does
    assert not library.has_pending_work() and library.entities()
    library.close()
