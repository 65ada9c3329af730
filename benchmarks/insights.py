"""Insight speed on a large library: library search, entity-browser filter, top-150 graph laid out and drawn.

Usage: python benchmarks/insights.py [LIBRARY]   (default /tmp/reader-10k.db, built by library_10k.py if missing)
Goals: search <= 50 ms median, filter <= 50 ms median, graph <= 1 s.
"""
from __future__ import annotations

import os
import statistics
from dataclasses import replace
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks.library_10k import build  # noqa: E402
from reader.analytics import Analytics  # noqa: E402
from reader.library import Library  # noqa: E402

QUERIES = [
    "Azerbaijan", "Armenia", "Karabakh", "Russia", "peacekeepers", "Pashinyan", "Aliyev", "Moscow", "Baku",
    '"peace process"', '"Russian peacekeepers"', '"foreign ministry"', '"South Caucasus"', '"Lachin corridor"',
    "peace*", "Azer*", "arm*", "Kara*", "withdraw*", "negotiat*",
    "Russia OR Turkey", "Baku AND Moscow", "Karabakh NOT Russia", "ceasefire violation", "Mammadov",
    "Poghosyan", "European Union", "Brussels summit", "NEAR(Putin Aliyev, 10)", "checkpoint border",
]
FILTERS = ["a", "az", "aze", "azer", "m", "ma", "mam", "mamm", "kar", "karab", "ru", "rus", "russ", "p", "pe",
           "people", "places", "org", "e", "elena"]


def timed(function) -> float:
    start = time.perf_counter()
    function()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/reader-10k.db")
    if not path.exists():
        build(path)
    library = Library(path)
    analytics = Analytics(library)
    print(f"library: {library.document_count():,} documents, {len(library.entities()):,} entities ({path})")

    rebuild = timed(lambda: analytics.refresh(force=True))
    print(f"caches rebuilt from scratch (first use, or after a large merge): {rebuild:,.0f} ms")

    for query in QUERIES:  # warm the page cache, as a session would be
        analytics.search(query)
    times = [timed(lambda q=q: analytics.search(q)) for q in QUERIES for _ in range(3)]
    print(f"library search, {len(QUERIES)} queries x3: median {statistics.median(times):.1f} ms,"
          f" p90 {statistics.quantiles(times, n=10)[-1]:.1f} ms, max {max(times):.1f} ms  (goal <= 50 ms median)")

    from PySide6.QtWidgets import QApplication

    from reader.ui.entities.entity_browser import EntityBrowser
    from reader.ui.insights.graph_view import GraphView

    app = QApplication.instance() or QApplication([])
    browser = EntityBrowser(library)
    browser.resize(900, 600)
    browser.show()
    load = timed(lambda: browser.set_rows(analytics.entity_table()))

    def filter_once(text: str) -> None:
        browser.filter_box.setText(text)
        browser.table.viewport().grab()  # paints the visible rows

    times = [timed(lambda t=t: filter_once(t)) for _ in range(3) for t in FILTERS + [""]]
    print(f"entity browser ({len(browser.model.rows):,} entities, loaded in {load:.0f} ms): filter as you type,"
          f" median {statistics.median(times):.1f} ms, max {max(times):.1f} ms  (goal <= 50 ms median)")

    rows = analytics.entity_table()  # a bigger library: the same names, 25 times over
    many = [replace(r, id=r.id + copy * 1_000_000, name=f"{r.name} {copy}") for copy in range(25) for r in rows]
    browser.set_rows(many)
    times = [timed(lambda t=t: filter_once(t)) for _ in range(3) for t in FILTERS + [""]]
    print(f"entity browser with {len(many):,} entities: filter median {statistics.median(times):.1f} ms,"
          f" max {max(times):.1f} ms")

    view = GraphView(library, analytics)
    view.resize(1200, 700)
    view.show()
    app.processEvents()

    def graph_once() -> None:
        view.reload()  # query top 150 + layout (networkx) + build the scene
        view.canvas.viewport().grab()  # paints the scene

    times = [timed(graph_once) for _ in range(5)]
    graph = view.graph
    print(f"graph of the top {view.top.value()} entities ({len(graph.nodes)} nodes, {len(graph.edges):,} links,"
          f" min weight 1): query + layout + draw median {statistics.median(times):.0f} ms,"
          f" max {max(times):.0f} ms  (goal <= 1000 ms)")
    start = time.perf_counter()
    analytics.graph(top=150)
    query = (time.perf_counter() - start) * 1000
    print(f"  of which the query: {query:.1f} ms")
    library.close()


if __name__ == "__main__":
    main()
