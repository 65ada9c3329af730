"""One road from the window to the library: operations run off the GUI thread, on lanes that each have
their own connection, and come back as results, progress, failures and one `changed` signal."""
from __future__ import annotations

import queue
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

from reader.changes import Change
from reader.errors import Cancelled, ReaderError

# Lanes: reads for panels (fast, the newest wins), heavier computations (graph, tables, caches),
# the user's writes (corrections, notes), and imports. Each lane runs its jobs one at a time.
QUERY, COMPUTE, WRITE, IMPORT = "query", "compute", "write", "import"
LANES = (QUERY, COMPUTE, WRITE, IMPORT)

Operation = Callable[[Any, "Job"], Any]  # (library, job) -> result; a result may carry `.change`


class Job:
    """One operation on its way: what runs, on which lane, and what to call when it ends."""

    def __init__(self, runner: Runner, op: Operation, lane: str, label: str, key: str | None,
                 on_done: Callable[[Any], None] | None, on_failed: Callable[[str], None] | None) -> None:
        self._runner = runner
        self.op, self.lane, self.label, self.key = op, lane, label, key
        self.on_done, self.on_failed = on_done, on_failed
        self._cancel = threading.Event()
        self.finished = False

    # ---- for the window ----

    def cancel(self) -> None:
        """Ask the job to stop; its result, if it still comes, is not delivered."""
        self._cancel.set()

    # ---- for the operation, on its lane ----

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def progress(self, done: int, total: int, message: str) -> None:
        if not self._cancel.is_set():
            self._runner.progressed.emit(self, done, total, message)

    def report(self, change: Change) -> None:
        """Part of the work is stored (a document of an import): panels may show it already."""
        if change and not self._cancel.is_set():
            self._runner.changed_partly.emit(self, change)

    def __repr__(self) -> str:
        return f"<Job {self.label or self.op!r} on {self.lane}>"


class _Lane(QThread):
    """A thread with its own Library connection that runs its queue of jobs in order."""

    def __init__(self, runner: Runner, name: str) -> None:
        super().__init__(runner)
        self.setObjectName(f"reader-{name}")
        self.runner = runner
        self.jobs: queue.Queue[Job | None] = queue.Queue()
        self.current: Job | None = None

    def run(self) -> None:  # noqa: D102 (the thread's loop)
        library = None
        try:
            while (job := self.jobs.get()) is not None:
                self.current = job
                if job.cancelled():
                    self.runner._ended.emit(job, None, None)
                    continue
                try:
                    if library is None:
                        library = self.runner.open_library()
                    result = job.op(library, job)
                except Cancelled:
                    self.runner._ended.emit(job, None, None)
                except ReaderError as error:
                    self.runner._ended.emit(job, None, str(error))
                except Exception as error:  # a bug must reach the user, not end the lane
                    traceback.print_exc(file=sys.stderr)
                    self.runner._ended.emit(job, None, f"{job.label or 'the operation'} failed: {error!r}")
                else:
                    self.runner._ended.emit(job, result, None)
                finally:
                    self.current = None
        finally:
            if library is not None:
                library.close()


class Runner(QObject):
    """Runs library operations off the GUI thread; results and changes come back on it."""

    progressed = Signal(object, int, int, str)  # job, done, total, message
    failed = Signal(object, str)  # job, message: for failures the job does not handle itself
    changed = Signal(object)  # Change: what an operation (or part of one) changed
    changed_partly = Signal(object, object)  # job, Change (emitted from a lane; re-emitted as `changed`)
    busy_changed = Signal(bool)  # whether a write or an import is under way
    _ended = Signal(object, object, object)  # job, result, error message (from a lane)

    def __init__(self, library_path: str | Path, analyser=None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library_path = Path(library_path)
        self.analyser = analyser
        self._lanes = {name: _Lane(self, name) for name in LANES}
        self._pending: list[Job] = []
        self.writes = 0  # writes and imports finished (the library watcher tells them from other processes')
        self._ended.connect(self._on_ended)
        self.changed_partly.connect(lambda job, change: None if job.cancelled() else self.changed.emit(change))
        for lane in self._lanes.values():
            lane.start()
        self._closed = False

    def open_library(self):
        """A connection of the lane's own (called on the lane's thread)."""
        from reader.library import Library

        return Library(self.library_path, analyser=self.analyser)

    # ---- running ---------------------------------------------------------------------------

    def run(self, op: Operation, lane: str = QUERY, label: str = "", key: str | None = None,
            on_done: Callable[[Any], None] | None = None,
            on_failed: Callable[[str], None] | None = None) -> Job:
        """Queue `op(library, job)` on a lane. A `key` makes it replace an unfinished job with the same key."""
        if self._closed:  # the window is closing: late requests (a timer's) are dropped
            job = Job(self, op, lane, label, key, on_done, on_failed)
            job.cancel()
            job.finished = True
            return job
        if key is not None:
            for old in self._pending:
                if old.key == key:
                    old.cancel()
        job = Job(self, op, lane, label, key, on_done, on_failed)
        was_busy = self.busy()
        self._pending.append(job)
        self._lanes[lane].jobs.put(job)
        if not was_busy and self.busy():
            self.busy_changed.emit(True)
        return job

    def busy(self, lane: str | None = None) -> bool:
        """Jobs waiting or running: on a lane, or (by default) writes and imports."""
        lanes = (lane,) if lane else (WRITE, IMPORT)
        return any(job.lane in lanes and not job.finished for job in self._pending)

    def jobs(self, lane: str | None = None) -> list[Job]:
        return [job for job in self._pending if lane is None or job.lane == lane]

    def _on_ended(self, job: Job, result: Any, error: str | None) -> None:
        job.finished = True
        if job.lane in (WRITE, IMPORT):
            self.writes += 1
        if job in self._pending:
            self._pending.remove(job)
        try:
            if job.cancelled() and error is None:
                return
            if error is not None:
                if job.on_failed is not None:
                    job.on_failed(error)
                else:
                    self.failed.emit(job, error)
                return
            if job.on_done is not None:
                job.on_done(result)
            change = result if isinstance(result, Change) else getattr(result, "change", None)
            if change:
                self.changed.emit(change)
        finally:
            if job.lane in (WRITE, IMPORT) and not self.busy():
                self.busy_changed.emit(False)

    # ---- the end -------------------------------------------------------------------------------

    def shutdown(self, wait: bool = True) -> None:
        """Cancel reads and imports (an import stops after its current document); writes already asked for
        still run, so that nothing the user wrote is lost; then stop the lanes (each closes its connection)."""
        if self._closed:
            return
        self._closed = True
        for job in self._pending:
            if job.lane != WRITE:
                job.cancel()
        for lane in self._lanes.values():
            lane.jobs.put(None)
        if wait:
            for lane in self._lanes.values():
                lane.wait()
