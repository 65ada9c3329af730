"""Responsiveness of the real window: for each action, the time until its result is painted and the
longest event-loop stall while it runs (a probe timer ticks every 10 ms on the GUI thread).

Usage: QT_QPA_PLATFORM=offscreen python3 benchmarks/interaction.py [--seeds] [--documents N] [--library PATH]
                                                                 [--no-import] [--stall-stacks FILE]
  --seeds          the five sample articles (in a temporary library)
  --documents N    a generated library of N documents (default 10000; built once by library_10k.py
                   into /tmp/reader-N.db and copied, so that the actions never change it)
Goal: no stall over 100 ms; results start appearing within 150 ms.
"""
from __future__ import annotations

import argparse
import faulthandler
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QSettings, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

PROBE_MS = 10
STALL_MS = 50  # --stall-stacks: a stall this long writes the threads' stacks
STALL_STACKS = os.environ.get("INTERACTION_STALL_STACKS", "")
TIMEOUT_S = float(os.environ.get("INTERACTION_TIMEOUT", 600))


@dataclass
class Figure:
    action: str
    done_ms: float  # until the result is painted (or the timeout)
    stall_ms: float  # the longest gap between two probe ticks (or the action's start and a tick)
    note: str = ""


class Probe:
    """Ticks every PROBE_MS on the GUI thread and remembers when. With `STALL_STACKS` set (--stall-stacks),
    every thread's Python stack is written to that file whenever a tick is STALL_MS late (faulthandler,
    which needs no interpreter lock): what the window was doing, or waiting for, during a stall."""

    def __init__(self) -> None:
        self.ticks: list[float] = []
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(PROBE_MS)
        self.timer.timeout.connect(self.tick)
        self.stacks = open(STALL_STACKS, "w") if STALL_STACKS else None  # noqa: SIM115 (open while it runs)
        self.timer.start()

    def tick(self) -> None:
        self.ticks.append(time.perf_counter())
        if self.stacks is not None:
            faulthandler.dump_traceback_later(STALL_MS / 1000, file=self.stacks)

    def action(self, name: str) -> None:
        if self.stacks is not None and name:
            self.stacks.write(f"\n######## {name}\n")
            self.stacks.flush()

    def stall(self, start: float, end: float) -> float:
        inside = [t for t in self.ticks if start <= t <= end]
        points = [start, *inside, end]
        return max(b - a for a, b in zip(points, points[1:])) * 1000 if len(points) > 1 else 0.0


def measure(probe: Probe, action: str, start, done, paint: QWidget | None = None, note: str = "",
            keep_going=None) -> Figure:
    """Run `start` from the event loop; wait (event loop running) until `done()`, then paint."""
    loop = QEventLoop()
    probe.action(action)
    began = time.perf_counter()
    finished: list[float] = []

    def check() -> None:
        if finished:
            return
        if keep_going is not None:
            keep_going()
        if done():
            if paint is not None:
                paint.repaint()
            finished.append(time.perf_counter())
            loop.quit()
        elif time.perf_counter() - began > TIMEOUT_S:
            finished.append(time.perf_counter())
            loop.quit()

    checker = QTimer()
    checker.setInterval(2)
    checker.timeout.connect(check)
    QTimer.singleShot(0, start)
    checker.start()
    loop.exec()
    checker.stop()
    end = finished[0]
    timed_out = end - began > TIMEOUT_S
    if action:
        print(f"  {action}: {(end - began) * 1000:,.0f} ms", file=sys.stderr, flush=True)
    return Figure(action, (end - began) * 1000, probe.stall(began, end), "TIMEOUT" if timed_out else note)


def settle(ms: int = 300) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


# ---- what the window shows (works on the window as it is) ---------------------------------------

def panel_title(window) -> str:
    return window.entity_panel.title.text()


def mentions_shown(window) -> int:
    return window.entity_panel.mentions_view.model().rowCount()


def can_fetch_more(model) -> bool:
    return model.has_more()


def library_rows(window) -> int:
    return window.library_panel.view.model().rowCount()


# ---- the actions ----------------------------------------------------------------------------------

def start_up(path: Path) -> Figure:
    """A fresh process: start -> the last article readable (text shown and painted)."""
    script = f"""
import os, sys, time
sys.path.insert(0, {str(ROOT)!r})
clock = os.sysconf("SC_CLK_TCK")
started = float(open("/proc/self/stat").read().rsplit(")", 1)[1].split()[19]) / clock  # since boot
began = time.time() - (float(open("/proc/uptime").read().split()[0]) - started)
from PySide6.QtCore import QTimer
from reader.ui.app import launch
app, window = launch(["--library", {str(path)!r}])
def check():
    view = getattr(window, "article", None)
    if view is not None and view.view.text:
        view.view.viewport().repaint()
        print(f"{{(time.time() - began) * 1000:.0f}}")
        app.quit()
timer = QTimer(); timer.timeout.connect(check); timer.start(5)
app.exec()
"""
    home = tempfile.mkdtemp()
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=TIMEOUT_S,
                         env={**os.environ, "HOME": home, "XDG_CONFIG_HOME": home, "XDG_DATA_HOME": home})
    if out.returncode != 0 or not out.stdout.strip():
        return Figure("start -> article readable", float("nan"), float("nan"), out.stderr.strip()[-200:])
    return Figure("start -> article readable", float(out.stdout.split()[-1]), float("nan"),
                  "whole process; stall not probed")


def run_actions(library_path: Path, import_folder: Path | None) -> list[Figure]:
    from reader.library import Library
    from reader.ui.app import create_application, freeze_start_up_objects
    from reader.ui.common.turns import next_turn
    from reader.ui.main_window import MainWindow

    app = create_application([])
    settings_dir = tempfile.mkdtemp()
    settings = QSettings(str(Path(settings_dir) / "settings.ini"), QSettings.Format.IniFormat)
    probe = Probe()
    figures: list[Figure] = []
    library = Library(library_path)
    top = library.entities()[:2]
    documents = library.document_count()
    window = None

    def make_window() -> None:  # as the app starts (reader.ui.app.launch): a frame, the panels, the library
        nonlocal window
        window = MainWindow(None, settings, deferred=True)
        window.resize(1280, 800)
        window.show()

        def attach() -> None:
            window.tools_built.connect(freeze_start_up_objects)
            window.attach_library(library)
            window.refresh_library()

        next_turn(lambda: window.build_in_turns(lambda: next_turn(attach)))

    figures.append(measure(probe, "window built and library listed", make_window,
                           lambda: window is not None and window.runner is not None and library_rows(window) > 0
                           and window.settled(), None))
    settle()
    first, second = window.library_panel.first_document_id(), None
    figures.append(measure(probe, "open an article", lambda: window.open_document(first),
                           lambda: window.current_document == first and bool(window.article.view.text),
                           window.article.view.viewport()))
    settle()
    for entity, label in ((top[0], "click the most-mentioned entity"), (top[1], "switch entity")):
        figures.append(measure(probe, f"{label} ({entity.name}, {entity.mentions:,} mentions)",
                               lambda e=entity: window.show_entity(e.id),
                               lambda e=entity: panel_title(window) == e.name and mentions_shown(window) > 0,
                               window.entity_panel.mentions_view.viewport()))
        settle()

    view = window.entity_panel.mentions_view
    bar = view.verticalScrollBar()

    def to_end() -> None:
        bar.setValue(bar.maximum())

    figures.append(measure(probe, "scroll the linked mentions to the end", to_end,
                           lambda: bar.value() == bar.maximum() and not can_fetch_more(view.model()),
                           view.viewport(), keep_going=to_end))
    settle()

    box = window.library_panel.filter_box
    worst = Figure("type in the library filter (worst keystroke)", 0, 0)
    typed = ""
    for char in "report 12":
        typed += char
        figure = measure(probe, "", lambda t=typed: box.setText(t),
                         lambda t=typed: _filter_applied(window, t), window.library_panel.view.viewport())
        if figure.done_ms > worst.done_ms:
            worst.done_ms = figure.done_ms
        worst.stall_ms = max(worst.stall_ms, figure.stall_ms)
    worst.note = f"'report 12' typed; {library_rows(window):,} rows shown"
    figures.append(worst)
    box.clear()
    settle(600)

    tools = window.insights
    for word, label in ((common_word(library), "library search, common word"),
                        (rare_word(library), "library search, rare word")):
        def search(w=word) -> None:
            tools.show_search()
            tools.search.model.clear()
            tools.search.query.setText(w)
            tools.search.run()
        figures.append(measure(probe, f"{label} ({word})", search,
                               lambda: tools.search.model.rowCount() > 0, tools.search.results.viewport()))
        settle()

    window.show_entity(top[1].id)
    settle(1500)
    people = [e for e in library.entities() if e.label == "PERSON"]
    target, source = people[0], people[len(people) // 2]  # a well-known person, and one of the tail
    corrections = window.corrections
    figures.append(measure(probe, f"merge {source.name} into {target.name}",
                           lambda: corrections.merge_ids(source.id, target.id),
                           lambda: panel_title(window) == target.name and _no_job(window),
                           window.entity_panel.mentions_view.viewport()))
    settle()
    figures.append(measure(probe, "rename it", lambda: corrections.rename(target.id, target.name + " (renamed)"),
                           lambda: panel_title(window) == target.name + " (renamed)" and _no_job(window),
                           window.entity_panel.mentions_view.viewport()))
    settle()
    figures.append(measure(probe, "undo the rename", window.undo_stack.undo,
                           lambda: panel_title(window) == target.name and _no_job(window),
                           window.entity_panel.mentions_view.viewport()))
    settle()

    figures.append(measure(probe, "entity table", lambda: tools.show_dock(tools.browser_dock),
                           lambda: tools.browser.model.rowCount() > 0, tools.browser.table.viewport()))
    settle()
    figures.append(measure(probe, "graph", lambda: tools.show_dock(tools.graph_dock),
                           lambda: bool(tools.graph.canvas.nodes), tools.graph.canvas.viewport()))
    settle()
    figures.append(measure(probe, "timeline", lambda: tools.show_dock(tools.timeline_dock),
                           lambda: bool(tools.timeline.chart.buckets), tools.timeline.chart))
    settle()
    tools.show_dock(tools.graph_dock)
    measure(probe, "", lambda: None, window.settled)
    figures.append(measure(probe, "count a story once (entity panel, graph)", window.stories.count_once_action.trigger,
                           lambda: window.settled() and "story counted once" in tools.graph.summary.text(),
                           tools.graph.canvas.viewport()))
    window.stories.count_once_action.trigger()
    measure(probe, "", lambda: None, window.settled)
    from reader.ui.library.exporter import ExportRequest

    out = Path(tempfile.mkdtemp(prefix="reader-exports-"))
    for kind, name in (("entities", "entities.csv"), ("mentions", "mentions.csv"), ("gexf", "graph.gexf"),
                       ("vault", "vault")):
        started = []
        figures.append(measure(probe, f"export {name} (File → Export…)",
                               lambda k=kind, n=name: started.append(window.exporter.start(ExportRequest(k, out / n))),
                               lambda: bool(started) and window.exporter.job is None, window.statusBar()))
        figures[-1].note = window.status_label.text().replace(str(out), "")[:60]
    shutil.rmtree(out, ignore_errors=True)
    for dock in (tools.browser_dock, tools.graph_dock, tools.timeline_dock):
        dock.hide()
    figures += workbench_actions(window, probe, library)

    if import_folder is not None:
        article = window.article.view.verticalScrollBar()
        step = [1]

        def scroll() -> None:  # the reader keeps reading while the import runs
            if article.value() >= article.maximum() or article.value() <= 0:
                step[0] = -step[0]
            article.setValue(article.value() + 40 * step[0])

        before = library.document_count()
        figures.append(measure(probe, "import 300 documents while scrolling",
                               lambda: window.import_paths([str(import_folder)]),
                               lambda: window.worker is None and library.document_count() >= before + 300,
                               window.library_panel.view.viewport(), keep_going=scroll,
                               note=f"{before:,} -> {before + 300:,} documents"))
        settle()

    began = time.perf_counter()
    window.close()
    figures.append(Figure("quit (close the window)", (time.perf_counter() - began) * 1000, float("nan")))
    library.close()
    print(f"library: {documents:,} documents ({library_path})")
    return figures


def workbench_actions(window, probe: Probe, library) -> list[Figure]:
    """The merge suggestions queue, the "worth checking" filter, and a watchlist of 200 names."""
    figures = []
    workbench, browser = window.workbench, window.browser
    queue = window.suggestion_queue
    figures.append(measure(probe, "merge suggestions queue", workbench.suggestions.show,
                           lambda: not workbench.suggestions.computing and _no_job(window), queue))
    figures[-1].note = f"{len(queue.items):,} suggestions"
    settle()

    def worth_checking() -> None:
        window.insights.show_dock(window.browser_dock)
        browser.review.set_reason("any")
        browser._apply_filter()

    figures.append(measure(probe, "entity table: worth checking", worth_checking,
                           lambda: browser.model.reasons is not None and not browser.model.loading,
                           browser.table.viewport()))
    figures[-1].note = f"{browser.model.total:,} of {browser.model.everything:,} entities"
    browser.review.set_reason(None)
    settle()
    entities = library.entities()
    names = [e.name for e in entities[len(entities) // 2:][:200]]  # names of the middle: tens of mentions each
    path = Path(tempfile.mkdtemp()) / "watch.txt"
    path.write_text("\n".join(names) + "\n", encoding="utf-8")
    panel = window.watchlist_panel
    figures.append(measure(probe, "add a watchlist of 200 names", lambda: workbench.watchlists.add_file(str(path)),
                           lambda: len(panel.names) == len(names) and _no_job(window, any_lane=True),
                           panel.tree.viewport()))
    figures[-1].note = f"{sum(n.hits for n in panel.names):,} mentions found"
    settle()
    if not panel.names:
        return figures
    top = max(panel.names, key=lambda n: n.hits)

    def choose() -> None:
        from PySide6.QtCore import QModelIndex

        from reader.ui.workbench.watchlist_panel import NAME_ROLE

        panel.tree.setCurrentIndex(QModelIndex())
        panel.hits_model.show(None)
        for row in range(panel.tree_model.rowCount()):
            parent = panel.tree_model.item(row)
            for child in range(parent.rowCount()):
                if parent.child(child).data(NAME_ROLE).id == top.id:
                    panel.tree.setCurrentIndex(parent.child(child).index())

    figures.append(measure(probe, f"a watched name's mentions ({top.name}, {top.hits:,})", choose,
                           lambda: panel.hits_model.ready and panel.hits_model.rowCount() > 0,
                           panel.hits_view.viewport()))
    settle()
    for dock in (window.browser_dock, window.suggestions_dock, window.watch_dock):
        dock.hide()
    return figures


def common_word(library) -> str:
    return library.entities()[0].name.split()[0]


def rare_word(library) -> str:
    """A word of the last document that few documents share (found through the search itself)."""
    import re

    text = library.document(library.documents()[-1].id).text
    for word in sorted(set(re.findall(r"\b[A-Z][a-z]{6,}\b", text)), key=lambda w: (len(w), w), reverse=True):
        if 0 < len(library.search(word, 5)) <= 3:
            return word
    return common_word(library)


def _filter_applied(window, typed: str) -> bool:
    proxy = window.library_panel.view.model()
    if hasattr(proxy, "filter_text"):
        return proxy.filter_text() == " ".join(typed.split()) and not getattr(proxy, "loading", False)
    return True  # the filter applies synchronously


def _no_job(window, any_lane: bool = False) -> bool:
    runner = getattr(window, "runner", None)
    return runner is None or not (runner.jobs() if any_lane else runner.busy())


def report(figures: list[Figure]) -> None:
    width = max(len(f.action) for f in figures)
    print(f"{'action'.ljust(width)}  {'painted':>10}  {'longest stall':>14}")
    for f in figures:
        stall = "" if f.stall_ms != f.stall_ms else f"{f.stall_ms:,.0f} ms"
        print(f"{f.action.ljust(width)}  {f.done_ms:>7,.0f} ms  {stall:>14}  {f.note}")
    stalls = [f.stall_ms for f in figures if f.stall_ms == f.stall_ms]
    print(f"longest stall of all: {max(stalls):,.0f} ms (goal <= 100 ms)")


def compiled_modules() -> None:
    """Run from compiled modules, as an installed Reader does (pip compiles them; Python keeps them after a
    first start), also where writing them is turned off (PYTHONDONTWRITEBYTECODE): compiling the package's
    modules is not part of any action, nor of a start but the very first. They are written beside the
    sources, where Python looks for them; not under a cache prefix, where Python would then look for the
    standard library's too and compile each module an action imports for the first time."""
    import compileall

    compileall.compile_dir(ROOT / "reader", quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", action="store_true", help="the five sample articles")
    parser.add_argument("--documents", type=int, default=10_000, help="generated library size")
    parser.add_argument("--library", type=Path, help="an existing library (copied first)")
    parser.add_argument("--no-import", action="store_true", help="skip importing 300 documents")
    parser.add_argument("--stall-stacks", type=Path, help=f"write every thread's stack here during each stall "
                        f"over {STALL_MS} ms (a diagnosis; the figures then include the writing)")
    args = parser.parse_args()
    if args.stall_stacks:
        global STALL_STACKS
        STALL_STACKS = str(args.stall_stacks)
    work = Path(tempfile.mkdtemp(prefix="reader-interaction-"))
    compiled_modules()
    try:
        path = work / "library.db"
        if args.seeds:
            from reader.library import Library

            library = Library(path)
            from reader.paths import SEEDS_DIR

            library.import_paths([SEEDS_DIR])
            library.close()
        else:
            source = args.library
            if source is None:
                from benchmarks.library_10k import build

                source = Path(f"/tmp/reader-{args.documents}.db")
                if not source.exists():
                    build(source, args.documents)
            for suffix in ("", "-wal", "-shm"):
                if Path(f"{source}{suffix}").exists():
                    shutil.copy(f"{source}{suffix}", f"{path}{suffix}")
        folder = None
        if not args.no_import:
            from benchmarks.corpus import write_corpus

            folder = work / "to-import"
            write_corpus(folder, 300, seed=11)
        figures = [start_up(path)]
        create = QApplication.instance()
        del create
        figures += run_actions(path, folder)
        report(figures)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
