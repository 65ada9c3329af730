"""The window's long reads of the library, each in a process of its own (`reader.child_process`): seconds of
Python on a big library that a thread of the window's process would take from the window."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reader.child_process import run_in_child
from reader.suggestions import Suggestion


def refresh_caches_in_process(library) -> bool:
    """`Analytics.refresh` for the entity table and the timeline. A read-only library's caches live in its
    connection only: refreshed there."""
    if library.read_only:
        return library.analytics.refresh()
    return run_in_child(library.path, _refresh, None, name="reader-caches", what="Updating the caches")


def suggest_in_process(library_path: str | Path, limit: int | None = 50,
                       cancelled: Callable[[], bool] = lambda: False) -> list[Suggestion]:
    """`reader.workbench.suggest`; superseded, its process ends at once."""
    return run_in_child(library_path, _suggest, limit, name="reader-suggestions",
                        what="Looking for merge suggestions", cancelled=cancelled, kill_on_cancel=True)


def _refresh(library, argument: None, progress, stopped, changed) -> bool:
    return library.analytics.refresh()


def _suggest(library, limit: int | None, progress, stopped, changed) -> list[Suggestion]:
    from reader.workbench import suggest

    return suggest(library, limit)
