"""An import (or the linking an import left) in a process of its own, reporting back as it goes.

A window's import ran on a thread of the window's process, and Python runs one thread at a time: while
the import stored and linked documents, every paint and every event the window handled in Python
waited its turn for the interpreter, and the window froze for a few hundred milliseconds at a time.
In a process of its own, the import takes none of the window's interpreter. What it stores is committed
one document at a time as before, so a child that dies loses nothing stored; the rest is analysed the
next time (`Library.has_pending_work`).
"""
from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

from reader.changes import Change
from reader.errors import Cancelled, ReaderError

CHILD_NICENESS = 5  # the window's process comes first for the processors
POLL_S = 0.1  # how often the waiting thread looks at `cancelled` (cancel is answered within a second)

Progress = Callable[[int, int, str], None]


def import_in_process(library_path: str | Path, paths: list[str], progress: Progress,
                      cancelled: Callable[[], bool], changed: Callable[[Change], None]):
    """`Library.import_paths` (then the graph and timeline caches) in a child process: the ImportReport."""
    return _run_child(library_path, ("import", paths), progress, cancelled, changed)


def finish_linking_in_process(library_path: str | Path, progress: Progress,
                              cancelled: Callable[[], bool] = lambda: False) -> Change:
    """`Library.finish_linking` in a child process: what changed."""
    return _run_child(library_path, ("link", None), progress, cancelled, lambda change: None)


def _run_child(library_path, work: tuple[str, list[str] | None], progress: Progress,
               cancelled: Callable[[], bool], changed: Callable[[Change], None]):
    import multiprocessing as mp  # only imports need it: keeps the window's start-up light

    methods = mp.get_all_start_methods()
    context = mp.get_context("forkserver" if "forkserver" in methods else "spawn")  # never fork a threaded window
    receive, send = context.Pipe(duplex=False)
    stop = context.Event()
    child = context.Process(target=_child, args=(str(library_path), work, send, stop),
                            name="reader-import", daemon=False)  # not daemonic: it starts analysis workers
    child.start()
    send.close()
    try:
        while True:
            if not stop.is_set() and cancelled():
                stop.set()  # the child stops after its current document and reports what it kept
            if not receive.poll(POLL_S):
                if child.is_alive():
                    continue
                if not receive.poll():  # ended without a word: killed, or out of memory
                    break
            try:
                kind, value = receive.recv()
            except EOFError:
                break
            if kind == "progress":
                progress(*value)
            elif kind == "changed":
                changed(value)
            elif kind == "done":
                return value
            elif kind == "cancelled":
                raise Cancelled(value)
            else:  # "refused" (a ReaderError: a message for the user) or "failed" (a bug, printed by the child)
                raise ReaderError(value)
        child.join()
        raise ReaderError(f"The import stopped unexpectedly (exit code {child.exitcode}). Every document it "
                          "stored is kept; what it had not analysed yet is analysed at the next import or start.")
    finally:
        stop.set()
        receive.close()
        child.join()


def _child(library_path: str, work: tuple[str, list[str] | None], pipe, stop) -> None:
    """The child's whole life: open the library, do the work, send each step back, close."""
    from reader.library import Library

    try:
        os.nice(CHILD_NICENESS)
    except OSError:
        pass
    gone = []

    def send(message: tuple) -> None:
        try:
            pipe.send(message)
        except OSError:  # the window is gone: stop after this document, as for Cancel
            gone.append(True)

    def stopped() -> bool:
        return stop.is_set() or bool(gone)

    def progress(done: int, total: int, message: str) -> None:
        send(("progress", (done, total, message)))

    kind, paths = work
    try:
        library = Library(library_path)
        try:
            if kind == "link":
                result = library.finish_linking(progress)
            else:
                result = library.import_paths(paths, progress=progress, cancelled=stopped,
                                              changed=lambda change: send(("changed", change)))
                if result.analysed and not result.cancelled:  # the graph and timeline caches, here too
                    progress(result.analysed, result.analysed, "Updating the graph and timeline")
                    library.analytics.refresh()
        finally:
            library.close()
        send(("done", result))
    except Cancelled as error:
        send(("cancelled", str(error)))
    except ReaderError as error:
        send(("refused", str(error)))
    except BaseException as error:  # a bug: its traceback on stderr, one line for the user
        traceback.print_exc(file=sys.stderr)
        send(("failed", f"the import failed: {error!r}"))
    finally:
        pipe.close()
