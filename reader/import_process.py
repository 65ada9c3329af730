"""An import (or the linking an import left) in a process of its own (`reader.child_process`).

What the import stores is committed one document at a time, so a child that dies loses nothing stored;
the rest is analysed the next time (`Library.has_pending_work`).
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reader.changes import Change
from reader.child_process import Progress, run_in_child

KEPT = "Every document it stored is kept; what it had not analysed yet is analysed at the next import or start."


def import_in_process(library_path: str | Path, paths: list[str], progress: Progress,
                      cancelled: Callable[[], bool], changed: Callable[[Change], None]):
    """`Library.import_paths` (then the graph and timeline caches) in a child process: the ImportReport."""
    return run_in_child(library_path, _import, paths, name="reader-import", what="The import", kept=KEPT,
                        progress=progress, cancelled=cancelled, changed=changed)


def finish_linking_in_process(library_path: str | Path, progress: Progress,
                              cancelled: Callable[[], bool] = lambda: False) -> Change:
    """`Library.finish_linking` in a child process: what changed."""
    return run_in_child(library_path, _link, None, name="reader-import", what="The linking", kept=KEPT,
                        progress=progress, cancelled=cancelled)


def _import(library, paths: list[str], progress: Progress, stopped: Callable[[], bool],
            changed: Callable[[Change], None]):
    report = library.import_paths(paths, progress=progress, cancelled=stopped, changed=changed)
    if report.analysed and not report.cancelled:  # the graph and timeline caches, here too
        progress(report.analysed, report.analysed, "Updating the graph and timeline")
        library.analytics.refresh()
    return report


def _link(library, argument: None, progress: Progress, stopped: Callable[[], bool],
          changed: Callable[[Change], None]) -> Change:
    return library.finish_linking(progress)
