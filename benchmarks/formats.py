"""Import speed per format: the same articles as .txt, .pdf, .docx, .rtf, .eml, .mbox, .mhtml, .epub, .rss
and a Nexis export, each set imported into a fresh library with the real model.

Prints, per format: the whole import (read, store, analyse, link) in wall and CPU seconds, documents
and words per second, the CPU time to read the files alone, and what reading adds to the analysis
of the same texts (goal for PDF and Word: under 20%).

Usage: python3 benchmarks/formats.py [ARTICLES [REPEATS]]   (default 60 articles of 12 paragraphs, ~30k
words, best of 2)
"""
from __future__ import annotations

import random
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.corpus import seed_paragraphs  # noqa: E402
from reader.formats import read_documents  # noqa: E402
from reader.library import Library  # noqa: E402
from reader.nlp import Analyser  # noqa: E402
from tests.formats import writers  # noqa: E402

PARAGRAPHS_EACH = 12


def articles(count: int) -> tuple[writers.Article, ...]:
    rng = random.Random(11)
    pool = seed_paragraphs()
    out = []
    for number in range(count):
        chosen = tuple(rng.sample(pool, PARAGRAPHS_EACH))
        title = f"Report {number}: " + " ".join(chosen[0].split()[:6]).rstrip(",.;:")
        out.append(writers.Article(title, date(2022, 1, 1) + timedelta(days=number), "Jane Doe",
                                   "Caucasus Review", chosen))
    return tuple(out)


def write_sets(root: Path, items: tuple[writers.Article, ...]) -> dict[str, Path]:
    sets = {}

    def folder(name: str) -> Path:
        sets[name] = root / name
        sets[name].mkdir()
        return sets[name]

    txt, pdf, docx, rtf, eml, mhtml = (folder(n) for n in ("txt", "pdf", "docx", "rtf", "eml", "mhtml"))
    for n, a in enumerate(items):
        (txt / f"{n:04d}.txt").write_text(f"{a.title}\n\n{a.published:%B %-d, %Y}\n\n{a.body}\n", encoding="utf-8")
        writers.write_pdf(pdf / f"{n:04d}.pdf", a)
        writers.write_docx(docx / f"{n:04d}.docx", a)
        (rtf / f"{n:04d}.rtf").write_text(writers.rtf([a.title, f"{a.published:%B %-d, %Y}", *a.paragraphs]),
                                          encoding="ascii")
        writers.write_eml(eml / f"{n:04d}.eml", writers.message(a))
        writers.write_mhtml(mhtml / f"{n:04d}.mhtml", a)
    writers.write_mbox(folder("mbox") / "all.mbox", [writers.message(a) for a in items])
    writers.write_epub(folder("epub") / "all.epub", items)
    (folder("rss") / "all.rss").write_text(writers.rss(items), encoding="utf-8")
    writers.write_nexis_docx(folder("nexis-docx") / "all.docx", items)
    return sets


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the analysis runs in worker processes)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def read_only(folder: Path) -> float:
    """CPU seconds to read every file of `folder` into documents (no analysis, no storage)."""
    start = cpu_seconds()
    for file in sorted(folder.iterdir()):
        for _ in read_documents(file):
            pass
    return cpu_seconds() - start


def import_once(folder: Path, database: Path, analyser: Analyser) -> tuple[float, float, int, int]:
    """(wall seconds, CPU seconds, documents, words) of one import of `folder` into a fresh library."""
    database.unlink(missing_ok=True)
    library = Library(database, analyser=analyser)
    start, cpu = time.perf_counter(), cpu_seconds()
    report = library.import_paths([folder])
    elapsed, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    documents = library.documents()
    library.close()
    assert not report.refused, report.refused
    return elapsed, cpu, len(documents), sum(d.words for d in documents)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    analyser = Analyser()
    with tempfile.TemporaryDirectory(prefix="formats-bench-") as scratch:
        root = Path(scratch)
        sets = write_sets(root, articles(count))
        import_once(sets["txt"], root / "warm.db", analyser)  # load the model once, outside the figures
        reading = {name: min(read_only(folder) for _ in range(repeats)) for name, folder in sets.items()}
        imports: dict[str, list] = {name: [] for name in sets}
        for _ in range(repeats):  # interleaved, best of `repeats`: the machine is shared
            for name, folder in sets.items():
                imports[name].append(import_once(folder, root / f"{name}.db", analyser))
        print(f"{count} articles of {PARAGRAPHS_EACH} seed paragraphs per set; real model, fresh library each,"
              f" best of {repeats}\n")
        print(f"{'format':<11}{'docs':>5}{'words':>8}{'import s':>9}{'docs/s':>8}{'words/s':>9}{'import cpu s':>13}"
              f"{'read cpu s':>11}{'reading adds':>14}")
        txt_cpu = min(cpu for _, cpu, _, _ in imports["txt"])
        analysis = txt_cpu - reading["txt"]  # the .txt import is nearly all analysis
        for name in sets:
            elapsed = min(wall for wall, _, _, _ in imports[name])
            cpu = min(c for _, c, _, _ in imports[name])
            _, _, documents, words = imports[name][0]
            print(f"{name:<11}{documents:>5}{words:>8,}{elapsed:>9.2f}{documents / elapsed:>8.1f}"
                  f"{words / elapsed:>9,.0f}{cpu:>13.2f}{reading[name]:>11.2f}{reading[name] / analysis:>13.1%}")
        print("\nreading adds: CPU time to read the files alone / CPU time the analysis of the same texts takes"
              "\n(CPU time, the analysis's worker processes included: wall times swing with other load on the"
              " machine)")


if __name__ == "__main__":
    main()
