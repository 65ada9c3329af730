"""Export times on a large library: entities and mentions (CSV), the whole graph (GraphML, GEXF), a vault.

Usage: python benchmarks/exports.py [LIBRARY]   (default /tmp/reader-10k.db, built by
benchmarks/library_10k.py; it is copied first, never changed). Prints wall and CPU seconds, rows
and sizes, and the process's peak memory after each export (the exports stream: it should stay
far below the size of what they write).
"""
from __future__ import annotations

import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reader.exports import atomic_output, entities_csv, export_vault, graph_file, mentions_csv  # noqa: E402
from reader.library import Library  # noqa: E402


def timed(label: str, work) -> None:
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{label:<34}{time.perf_counter() - wall:>8.1f} s{time.process_time() - cpu:>8.1f} s CPU"
          f"   {result}   (peak memory so far {peak:.0f} MB)")


def size(path: Path) -> str:
    total = sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else path.stat().st_size
    return f"{total / 1e6:.1f} MB"


def main(source: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="exports-bench-") as folder:
        folder = Path(folder)
        shutil.copy(source, folder / "library.db")
        library = Library(folder / "library.db")
        print(f"{library.document_count():,} documents, {len(library.entities()):,} entities\n")
        timed("group near-duplicates (once)", lambda: f"{library.stories.update()} grouped")
        timed("analytics caches (once)", lambda: f"rebuilt: {library.analytics.refresh()}")

        def to_file(name: str, write, binary: bool = False):
            def work():
                with atomic_output(folder / name, binary=binary) as out:
                    count = write(out)
                return f"{count} -> {size(folder / name)}"
            return work

        timed("entities CSV", to_file("entities.csv", lambda out: f"{entities_csv(library, out):,} rows"))
        timed("mentions CSV", to_file("mentions.csv", lambda out: f"{mentions_csv(library, out):,} rows"))
        for kind in ("graphml", "gexf"):
            timed(f"graph {kind} (every entity)",
                  to_file(f"graph.{kind}", lambda out, kind=kind: "%d nodes, %d edges" % graph_file(library, out, kind),
                          binary=True))
        timed("graph gexf, stories once", to_file(
            "stories.gexf", lambda out: "%d nodes, %d edges" % graph_file(library, out, "gexf", stories=True),
            binary=True))

        def vault():
            report = export_vault(library, folder / "vault")
            return f"{report.documents:,} documents, {report.entities:,} entities -> {size(folder / 'vault')}"

        timed("vault", vault)
        timed("vault again (nothing changed)", vault)
        library.close()


if __name__ == "__main__":
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/reader-10k.db")
    if not path.exists():
        sys.exit(f"{path}: no such library; build one with benchmarks/library_10k.py {path}")
    main(path)
