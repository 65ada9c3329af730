"""The runner: operations run off the GUI thread on their own connections and come back on it."""
from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QTimer

from reader.changes import Change
from reader.errors import ReaderError
from reader.ui.runner import COMPUTE, IMPORT, QUERY, WRITE, Runner


@pytest.fixture
def runner(qtbot, seeded, analyser):
    made = Runner(seeded.path, analyser)
    yield made
    made.shutdown()


def test_an_operation_runs_on_its_lane_with_its_own_connection_and_returns_on_the_gui_thread(qtbot, runner, seeded):
    gui = threading.get_ident()
    seen = {}

    def op(library, job):
        seen["thread"], seen["library"] = threading.get_ident(), library
        return library.document_count()

    results = []
    runner.run(op, QUERY, on_done=lambda count: results.append((count, threading.get_ident())))
    qtbot.waitUntil(lambda: bool(results), timeout=5000)
    assert results == [(5, gui)]
    assert seen["thread"] != gui and seen["library"] is not seeded and seen["library"].path == seeded.path


def test_what_an_operation_changed_is_announced_once(qtbot, runner):
    change = Change.of(updated=[3], entities=[7])
    with qtbot.waitSignal(runner.changed, timeout=5000) as announced:
        runner.run(lambda library, job: change, WRITE)
    assert announced.args == [change]


def test_failures_come_back_as_messages(qtbot, runner):
    messages = []

    def refuse(library, job):
        raise ReaderError("no entity 'Nobody'")

    runner.run(refuse, WRITE, on_failed=messages.append)
    qtbot.waitUntil(lambda: bool(messages), timeout=5000)
    assert messages == ["no entity 'Nobody'"]
    with qtbot.waitSignal(runner.failed, timeout=5000) as failed:
        runner.run(lambda library, job: 1 / 0, QUERY, label="Counting")
    assert failed.args[1] == "Counting failed: ZeroDivisionError('division by zero')"


def test_a_newer_job_with_the_same_key_replaces_an_unfinished_one(qtbot, runner):
    release, delivered = threading.Event(), []

    def slow(library, job):
        release.wait(5)
        return "old"

    runner.run(slow, QUERY, key="panel", on_done=delivered.append)
    runner.run(lambda library, job: "new", QUERY, key="panel", on_done=delivered.append)
    release.set()
    qtbot.waitUntil(lambda: bool(delivered), timeout=5000)
    qtbot.wait(50)
    assert delivered == ["new"]


def test_progress_and_partial_changes_reach_the_window(qtbot, runner):
    steps = []
    runner.progressed.connect(lambda job, done, total, message: steps.append((done, total, message)))

    def work(library, job):
        for number in range(1, 4):
            job.progress(number, 3, f"step {number}")
            job.report(Change.of(added=[number]))
        return Change()

    with qtbot.waitSignals([runner.changed] * 3, timeout=5000):
        runner.run(work, IMPORT)
    qtbot.waitUntil(lambda: len(steps) == 3, timeout=5000)
    assert steps == [(1, 3, "step 1"), (2, 3, "step 2"), (3, 3, "step 3")]


def test_busy_while_a_write_is_under_way(qtbot, runner):
    release = threading.Event()
    with qtbot.waitSignal(runner.busy_changed, timeout=5000) as became:
        runner.run(lambda library, job: release.wait(5), WRITE)
    assert became.args == [True] and runner.busy()
    with qtbot.waitSignal(runner.busy_changed, timeout=5000) as ended:
        release.set()
    assert ended.args == [False] and not runner.busy()


def test_the_gui_thread_keeps_ticking_while_a_relink_runs(qtbot, runner):
    relinking, ticks_during = threading.Event(), []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks_during.append(1) if relinking.is_set() else None)
    timer.start(5)
    done = []

    def relink(library, job):
        relinking.set()
        for _ in range(5):
            library.relink()
        relinking.clear()
        return True

    runner.run(relink, COMPUTE, on_done=done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=30000)
    timer.stop()
    assert ticks_during  # the window's timers fired while the library was being relinked


def test_shutdown_still_runs_the_writes_already_asked_for(qtbot, seeded, analyser):
    runner = Runner(seeded.path, analyser)
    release = threading.Event()
    runner.run(lambda library, job: release.wait(5), WRITE)
    runner.run(lambda library, job: library.notes.add_document_note(1, "written while closing"), WRITE)
    runner.run(lambda library, job: release.wait(5), QUERY)
    release.set()
    runner.shutdown()
    assert [n.body for n in seeded.notes.list(document_id=1)] == ["written while closing"]
