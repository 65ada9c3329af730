"""Long work on the library in a process of its own, reporting back as it goes.

Python runs one thread at a time. Work on a thread of the window's process (an import storing and linking
documents, the graph's spring layout) took the interpreter from every paint and every event the window
handled in Python, and the window froze for a few hundred milliseconds at a time. In a child process the
work takes none of the window's interpreter; the window's thread only waits on a pipe.

A task is a module-level function `task(library, argument, progress, stopped, changed)`, run in the child
with a connection of its own; what it returns comes back to the caller. What it commits stays committed if
the child dies; SQLite rolls back what was not.
"""
from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reader.changes import Change
from reader.errors import Cancelled, ReaderError

CHILD_NICENESS = 5  # the window's process comes first for the processors
POLL_S = 0.1  # how often the waiting thread looks at `cancelled` (cancel is answered within a second)
PRELOAD = ["reader.library", "reader.graph_drawing", "networkx"]  # imported once by the fork server, not by each child

Progress = Callable[[int, int, str], None]
Task = Callable[[Any, Any, Progress, Callable[[], bool], Callable[[Change], None]], Any]


def run_in_child(library_path: str | Path, task: Task, argument: Any, *, name: str, what: str, kept: str = "",
                 progress: Progress = lambda done, total, message: None,
                 cancelled: Callable[[], bool] = lambda: False,
                 changed: Callable[[Change], None] = lambda change: None, kill_on_cancel: bool = False) -> Any:
    """`task(library, argument, …)` in a child process named `name`: its result, or its ReaderError or
    Cancelled raised here. `what` names the work in a message ("The import"); `kept` says, for a child that
    dies, what is kept of its work. Once `cancelled()`, the task is asked to stop (it looks at `stopped`), or
    with `kill_on_cancel` (work whose result alone matters: a graph, suggestions) the child is ended at once;
    SQLite rolls back whatever it had not committed."""
    context = _context()
    receive, send = context.Pipe(duplex=False)
    stop = context.Event()
    child = context.Process(target=_child, args=(str(library_path), task, argument, what, send, stop),
                            name=name, daemon=False)  # not daemonic: an import starts analysis workers
    child.start()
    send.close()
    try:
        while True:
            if not stop.is_set() and cancelled():
                stop.set()  # the task stops at its next look at `stopped` and says what it kept
                if kill_on_cancel:
                    child.terminate()
                    raise Cancelled(f"{what} was cancelled")
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
        raise ReaderError(f"{what} stopped unexpectedly (exit code {child.exitcode}). {kept}".strip())
    finally:
        stop.set()
        receive.close()
        child.join()


def _context():
    """Fork server children: never a fork of the threaded window; the fork server has Reader imported."""
    import multiprocessing as mp  # only child work needs it: keeps the window's start-up light

    if "forkserver" not in mp.get_all_start_methods():
        return mp.get_context("spawn")
    context = mp.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)  # read when the fork server starts (the first child)
    return context


def _child(library_path: str, task: Task, argument: Any, what: str, pipe, stop) -> None:
    """The child's whole life: open the library, run the task, send each step back, close."""
    from reader.library import Library

    try:
        os.nice(CHILD_NICENESS)
    except OSError:
        pass
    gone = []

    def send(message: tuple) -> None:
        try:
            pipe.send(message)
        except OSError:  # the window is gone: stop at the next look, as for Cancel
            gone.append(True)

    def stopped() -> bool:
        return stop.is_set() or bool(gone)

    def progress(done: int, total: int, message: str) -> None:
        send(("progress", (done, total, message)))

    try:
        library = Library(library_path)
        try:
            result = task(library, argument, progress, stopped, lambda change: send(("changed", change)))
        finally:
            library.close()
        send(("done", result))
    except Cancelled as error:
        send(("cancelled", str(error)))
    except ReaderError as error:
        send(("refused", str(error)))
    except BaseException as error:  # a bug: its traceback on stderr, one line for the user
        traceback.print_exc(file=sys.stderr)
        send(("failed", f"{what} failed: {error!r}"))
    finally:
        pipe.close()
