"""Window speed: opening an ~11k-word article with ~1,300 entities, and start-up vs a bare Qt window.

Usage: QT_QPA_PLATFORM=offscreen python benchmarks/open_article.py
"""
from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.library import Library  # noqa: E402
from reader.paths import SEEDS_DIR  # noqa: E402

# Both child processes print the wall-clock time of their main window's first paint ("shown");
# Reader also prints when its article is open and highlighted ("content").
WATCH = (
    "from PySide6.QtCore import QObject, QEvent, QTimer\n"
    "class Watch(QObject):\n"
    "    painted = False\n"
    "    def eventFilter(self, obj, event):\n"
    "        if obj is window and event.type() == QEvent.Type.Paint and not self.painted:\n"
    "            self.painted = True\n"
    "            print('shown', time.time(), flush=True)\n"
    "        return False\n"
    "watch = Watch(); window.installEventFilter(watch)\n"
)
BARE = ("import time, sys\nfrom PySide6.QtWidgets import QApplication, QMainWindow\napp = QApplication(sys.argv)\n"
        "window = QMainWindow(); window.resize(1280, 800)\n" + WATCH + "window.show()\n"
        "QTimer.singleShot(200, app.quit)\napp.exec()\n")
READER = ("import time, sys\nfrom reader.ui.app import launch\n"
          "app, window = launch(['--library', {library!r}])\n" + WATCH +
          "window.document_opened.connect(lambda _: (print('content', time.time(), flush=True), QTimer.singleShot(0, app.quit)))\n"
          "app.exec()\nassert 'spacy' not in sys.modules, 'spaCy was imported'\n")


def long_article(folder: Path) -> Path:
    paragraphs = [p for path in sorted(SEEDS_DIR.glob("*.txt"))
                  for p in path.read_text(encoding="utf-8").split("\n\n")]
    words, parts = 0, []
    while words < 11_000:
        paragraph = paragraphs[len(parts) % len(paragraphs)]
        parts.append(paragraph)
        words += len(paragraph.split())
    path = folder / "long.txt"
    path.write_text("A long article\n\n" + "\n\n".join(parts), encoding="utf-8")
    return path


def startup(script: str, runs: int = 7) -> dict[str, float]:
    """Median seconds from process start to each printed milestone."""
    samples: dict[str, list[float]] = {}
    for _ in range(runs):
        began = time.time()
        out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT,
                             env={**os.environ, "HOME": tempfile.mkdtemp()})  # fresh settings each run
        if out.returncode != 0:
            raise SystemExit(out.stderr)
        for line in out.stdout.splitlines():
            name, at = line.split()
            samples.setdefault(name, []).append(float(at) - began)
    return {name: statistics.median(values) for name, values in samples.items()}


def main() -> None:
    from reader.ui.app import create_application
    from PySide6.QtCore import QSettings
    from reader.ui.main_window import MainWindow

    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        library = Library(folder / "library.db")
        library.import_paths([long_article(folder)])
        library.import_paths([SEEDS_DIR])
        doc = library.documents()[0]
        app = create_application([])
        window = MainWindow(library, QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat))
        window.refresh_library()
        window.resize(1280, 800)
        window.show()
        app.processEvents()
        other = library.documents()[1].id
        timings = []
        for _ in range(7):
            window.open_document(other)
            window.grab()
            began = time.perf_counter()
            window.open_document(doc.id)
            window.article.view.viewport().grab()  # forces layout and a full paint of the visible text
            timings.append((time.perf_counter() - began) * 1000)
        shown = len(window.article.view.mentions())
        print(f"article: {doc.words:,} words, {shown:,} highlighted mentions")
        print(f"open and render (query, build, highlight, paint): median {statistics.median(timings):.0f} ms "
              f"over {len(timings)} runs (goal <= 100 ms)")
        window.close()
        library.close()
        # A user's Python caches compiled modules after the first run; this machine sets
        # PYTHONDONTWRITEBYTECODE, so compile Reader's modules once as an installation would.
        compileall.compile_dir(str(ROOT / "reader"), quiet=1)
        bare = startup(BARE)["shown"]
        reader = startup(READER.format(library=str(folder / "library.db")))
        print(f"process start to window shown (first paint): bare PySide6 window {bare * 1000:.0f} ms, "
              f"Reader on an analysed library {reader['shown'] * 1000:.0f} ms, "
              f"ratio {reader['shown'] / bare:.2f} (goal <= 1.5)")
        print(f"process start to the first article open and highlighted: {reader['content'] * 1000:.0f} ms "
              f"(spaCy not imported)")


if __name__ == "__main__":
    main()
