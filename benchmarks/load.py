"""Load test: a real `reader import` of many articles while concurrent commands read and write the library.

Generates articles from the seeds' paragraphs (benchmarks.corpus.write_corpus), imports them with
`python3 -m reader import` (the real model), and meanwhile runs WORKERS threads, each starting
CLI commands one after another until the import ends: search, entities, graph, documents,
mentions, notes list (readers) and notes add, entity rename (writers). Then it checks that
nothing is missing: every document imported and analysed, every note that a command reported
added is there, and the name matches are those a clean re-run of the linking steps finds.

Prints: commands run (by kind, with p50/p95/max seconds), failed commands, tracebacks seen,
and what is missing. Goal: zero failed, zero tracebacks, nothing missing.

Usage: python3 benchmarks/load.py [--documents 2000] [--workers 20] [--pause 0.5] [--folder /tmp/reader-load]
       (--documents 200 for a quick run; --pause 0 for workers that never stop)
"""
from __future__ import annotations

import argparse
import itertools
import json
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import SEEDS, write_corpus  # noqa: E402
from reader.library import Library  # noqa: E402

QUERIES = ["Karabakh", '"peace talks"', "Azerbaij*", "Moscow OR Baku", "border", "ceasefire"]
RENAMED = ["Azerbaijan", "Armenia", "Russia", "Moscow", "Baku", "Yerevan"]
# each worker cycles through these, from a different start: mostly reading, notes often, a rename
# (which relinks the whole library) now and then, as people using the window and scripts would
PLAN = ["search", "entities", "notes add", "documents", "search", "mentions", "notes add passage",
        "notes list", "search", "graph", "notes add", "documents", "entities", "search", "notes add",
        "mentions", "documents", "entity rename", "search", "notes add passage", "entities", "graph",
        "notes list", "notes add"]


class Load:
    def __init__(self, library: Path) -> None:
        self.library = library
        self.lock = threading.Lock()
        self.seconds: dict[str, list[float]] = defaultdict(list)
        self.failed: list[str] = []
        self.tracebacks = 0
        self.notes_added: list[str] = []
        self.seed_quotes = [(path, _first_sentence(path)) for path in sorted(SEEDS.glob("*.txt"))]

    def run(self, kind: str, args: list[str], note: str | None = None) -> None:
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "reader", "--library", str(self.library), *args],
                              cwd=ROOT, capture_output=True, text=True)
        elapsed = time.perf_counter() - started
        with self.lock:
            self.seconds[kind].append(elapsed)
            if "Traceback" in done.stderr:
                self.tracebacks += 1
            if done.returncode != 0:
                self.failed.append(f"{' '.join(args)} -> exit {done.returncode}: {done.stderr.strip()[-300:]}")
            elif note is not None:
                self.notes_added.append(note)

    def worker(self, number: int, importing: threading.Event, pause: float) -> None:
        for step in itertools.count():
            if step:
                time.sleep(pause)  # a person (or a script) between two commands
            if not importing.is_set():
                return
            kind = PLAN[(number + step) % len(PLAN)]
            tag = f"load {number}-{step}"
            if kind == "search":
                self.run(kind, ["search", QUERIES[step % len(QUERIES)], "--json"])
            elif kind in ("entities", "graph", "documents"):
                self.run(kind, [kind, "--json"])
            elif kind == "mentions":
                self.run(kind, ["mentions", "--entity", RENAMED[step % len(RENAMED)], "--json"])
            elif kind == "notes list":
                self.run(kind, ["notes", "list", "--json"])
            elif kind == "notes add":
                self.run(kind, ["notes", "add", "--document", str(1 + step % 5), "--body", tag], note=tag)
            elif kind == "notes add passage":
                path, quote = self.seed_quotes[step % len(self.seed_quotes)]
                self.run(kind, ["notes", "add", "--document", str(path), "--quote", quote, "--body", tag], note=tag)
            elif kind == "entity rename":
                name = RENAMED[step % len(RENAMED)]
                self.run(kind, ["entity", "rename", name, f"{name} ({tag})"])


def _first_sentence(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return next(line for line in text.split("\n") if len(line.split()) >= 8).split(". ")[0]


def _name_matches(library: Library) -> list[tuple]:
    return library.db.execute(
        "SELECT document_id, start, end, key, entity_id, status FROM mentions WHERE source = 'name-match'"
        " ORDER BY document_id, start, end").fetchall()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=20)
    parser.add_argument("--pause", type=float, default=0.5, help="seconds each worker waits between commands")
    parser.add_argument("--folder", type=Path, default=Path("/tmp/reader-load"))
    args = parser.parse_args()

    shutil.rmtree(args.folder, ignore_errors=True)
    articles = args.folder / "articles"
    write_corpus(articles, args.documents)
    library_path = args.folder / "library.db"
    load = Load(library_path)
    started = time.perf_counter()
    load.run("import seeds", ["import", str(SEEDS)])  # something to read and note from the start
    print(f"{args.documents} articles; seeds imported in {time.perf_counter() - started:.1f} s;"
          f" importing with {args.workers} concurrent commands...", flush=True)

    importing = threading.Event()
    importing.set()
    workers = [threading.Thread(target=load.worker, args=(n, importing, args.pause)) for n in range(args.workers)]
    started = time.perf_counter()
    importer = subprocess.Popen([sys.executable, "-m", "reader", "--library", str(library_path), "import",
                                 str(articles)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for worker in workers:
        worker.start()
    out, err = importer.communicate()
    import_seconds = time.perf_counter() - started
    importing.clear()
    for worker in workers:
        worker.join()

    print(f"\nimport: exit {importer.returncode} in {import_seconds:.0f} s: {out.strip()}")
    if importer.returncode != 0 or "Traceback" in err:
        print(f"import stderr: {err.strip()[-2000:]}")
    total = sum(len(v) for v in load.seconds.values())
    print(f"\ncommands run: {total}")
    for kind, seconds in sorted(load.seconds.items()):
        ordered = sorted(seconds)
        p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
        print(f"  {kind:18} {len(seconds):5}   p50 {statistics.median(seconds):6.2f} s"
              f"   p95 {p95:6.2f} s   max {ordered[-1]:6.2f} s")
    print(f"failed commands: {len(load.failed)}")
    for failure in load.failed[:20]:
        print(f"  {failure}")
    print(f"tracebacks seen: {load.tracebacks + ('Traceback' in err)}")

    library = Library(library_path)
    documents = library.documents()
    missing_documents = args.documents + 5 - len(documents)
    unanalysed = len(library.pending())
    pending = library.has_pending_work()
    bodies = {note.body for note in library.notes.list()}
    missing_notes = [tag for tag in load.notes_added if tag not in bodies]
    after_import = _name_matches(library)
    library.find_name_matches()  # what a clean re-run finds
    clean = _name_matches(library)
    library.close()
    print(f"\ndocuments: {len(documents)} (missing {missing_documents}), not analysed: {unanalysed},"
          f" linking left pending: {pending}")
    print(f"notes added: {len(load.notes_added)} (missing {len(missing_notes)})")
    print(f"name matches: {len(after_import)} (a clean re-run finds {len(clean)};"
          f" different: {len(set(after_import) ^ set(clean))})")
    ok = (importer.returncode == 0 and not load.failed and not load.tracebacks and "Traceback" not in err
          and missing_documents == 0 and unanalysed == 0 and not pending and not missing_notes
          and after_import == clean)
    print(json.dumps({"documents": args.documents, "workers": args.workers, "pause": args.pause, "commands": total,
                      "failed": len(load.failed), "tracebacks": load.tracebacks, "import_seconds": round(import_seconds),
                      "ok": ok}))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
