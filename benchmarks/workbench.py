"""Entity workbench figures: merge suggestions (time, count, precision of the top 50) and watchlist matching.

Usage: python benchmarks/workbench.py [DOCUMENTS] [LIBRARY_10K]
       (default 2000 documents; LIBRARY_10K defaults to /tmp/reader-10k.db, copied, never changed)

How suggestions are judged (precision = correct / judged, over the 50 most confident):
- Seeds and seed-derived names: by hand. I read every suggestion the seeds give in its sentences;
  SAME below lists the pairs that name one thing in these articles (e.g. "Karabakh war" in the seeds
  is always the 2020 war, the "Second Karabakh War"). A pair not listed there counts as wrong, and
  is printed so that a reader can check the judgement.
- A library with known variants: benchmarks/library_10k.py's generator (seed paragraphs, people
  renamed from 46 first and 42 last names) writes DOCUMENTS articles, and in each article some people
  are written another way: a transliteration of the surname or first name (Aliev, Mamedov, Ilqar),
  surname first ("Aliyev Anna") or an initial ("A. Aliyev"). Every person mention keeps who it really
  is, so an entity's identity is the person most of its mentions are; a suggestion is correct when
  both sides are the same person (or the same seed thing, by SAME). Distinct people with similar
  names are there by construction (Aliyev / Valiyev, Huseynova / Hasanov, one surname for many people).
- The linking gold (benchmarks/gold: 40 real Wikinews articles, every name mention annotated with
  a corpus-wide entity id): the articles are imported with the real model; a Reader entity's
  identity is the gold entity most of its mentions overlap; a suggestion is correct when both sides
  have the same identity (an entity with no gold mention, e.g. page clutter, makes it wrong).
- The plain generated library (library_10k.py, no variants) and the 10,000-document one: judged by
  SAME; their people are all distinct by construction.

Watchlist: 1,000 names over the 10,000-document library (700 full names that occur, 200 of them
written surname first, 100 that occur nowhere): adding the list (matching the whole library), then
100 new documents matched incrementally. Goals: suggestions < 2 s, precision >= 0.9, watchlist < 10 s.
"""
from __future__ import annotations

import hashlib
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import gold, library_10k  # noqa: E402
from benchmarks.corpus import SEEDS  # noqa: E402
from reader.library import Library  # noqa: E402
from reader.linking import surface_key  # noqa: E402
from reader.models import SourceDocument, Span  # noqa: E402
from reader.nlp import Analyser, model_id  # noqa: E402
from reader.storage import documents as stored_documents  # noqa: E402
from reader.storage import entities as stored_entities  # noqa: E402

# Pairs judged to be one thing, by reading the seeds (keys as linking writes them).
SAME = [
    ("qarabagh", "karabakh"), ("farrux", "farrukh"), ("russian defense ministry", "russian ministry of defense"),
    ("azerbaijani defense ministry", "azerbaijani ministry of defense"),
    ("azerbaijani defense ministry", "ministry of defense of azerbaijan"),
    ("azerbaijani ministry of defense", "ministry of defense of azerbaijan"),
    ("azerbaijani foreign ministry", "azerbaijan's foreign ministry"), ("russian", "russians"),
    ("azerbaijani", "azerbaijanis"), ("armenian", "armenians"), ("karabakh war", "second karabakh war"),
    ("stepanyan", "gegham stepanyan"),
]
# Spellings one person's name is also written in (true variants), for the generated library.
SURNAME_VARIANTS = {
    "Aliyev": "Aliev", "Mammadov": "Mamedov", "Hasanov": "Gasanov", "Huseynova": "Guseynova", "Quliyev": "Guliyev",
    "Jafarov": "Djafarov", "Yusifov": "Yusufov", "Efendiyev": "Efendiev", "Ismayilov": "Ismailov", "Rzayev": "Rzaev",
    "Tagiyev": "Tagiev", "Karapetyan": "Karapetian", "Grigoryan": "Grigorian", "Sargsyan": "Sarkisyan",
    "Kocharyan": "Kotcharyan", "Petrosyan": "Petrossian", "Vardanyan": "Vardanian", "Nersisyan": "Nersesyan",
    "Davtyan": "Davtian", "Galstyan": "Galstian", "Simonyan": "Simonian", "Poghosyan": "Pogosyan",
    "Babayan": "Babaian", "Chobanyan": "Tchobanian", "Tumanyan": "Toumanian", "Yeghiazaryan": "Egiazaryan",
    "Valiyev": "Valiev", "Rahimov": "Ragimov", "Umarov": "Oumarov", "Abbasov": "Abasov",
}
FIRST_VARIANTS = {"Farid": "Fareed", "Javid": "Cavid", "Ilgar": "Ilqar", "Hayk": "Haik", "Ulviyya": "Ulviya",
                  "Chingiz": "Chinghiz", "Gevorg": "Gevork", "Rustam": "Rustem", "Hasan": "Gasan"}
VARIED_SHARE = 0.12  # of the people in an article, this share is written another way there
TOP = 50


class Judge:
    """Whether two entities are one thing: by SAME, and by who each person mention really is."""

    def __init__(self, library: Library, truth: dict[tuple[int, int], str] | None = None) -> None:
        parent: dict[str, str] = {}

        def find(key: str) -> str:
            while parent.get(key, key) != key:
                key = parent[key]
            return key

        for a, b in SAME:
            parent[find(a)] = find(b)
        self._find = find
        self.identity: dict[int, str] = {}
        if truth:
            votes: dict[int, Counter] = defaultdict(Counter)
            for document_id, start, entity_id in library.db.execute(
                    "SELECT document_id, start, entity_id FROM mentions WHERE status = 'linked'"
                    " AND entity_id IS NOT NULL AND source = 'model'"):
                who = truth.get((document_id, start))
                if who:
                    votes[entity_id][who] += 1
            self.identity = {entity_id: counts.most_common(1)[0][0] for entity_id, counts in votes.items()}

    def same(self, a, b) -> bool:
        return self._who(a) == self._who(b)

    def _who(self, entity) -> str:
        return self._find(self.identity.get(entity.id) or entity.key)


def measure_suggestions(title: str, library: Library, judge: Judge) -> dict:
    times = []
    for _ in range(3):
        started = time.perf_counter()
        everything = library.suggestions(limit=None)
        times.append(time.perf_counter() - started)
    started = time.perf_counter()
    library.suggestions(limit=TOP)
    top_time = time.perf_counter() - started
    top = everything[:TOP]
    wrong = [s for s in top if not judge.same(s.source, s.target)]
    precision = (len(top) - len(wrong)) / len(top) if top else float("nan")
    rules = Counter(s.rule for s in top)
    print(f"\n{title}: {library.document_count()} documents, {len(library.entities())} entities")
    print(f"  all suggestions: {len(everything)} in {statistics.median(times):.2f} s (median of 3);"
          f" top {TOP} with evidence: {top_time:.2f} s")
    print(f"  precision of the top {len(top)}: {precision:.2f} ({len(top) - len(wrong)} correct);"
          f" rules: {dict(rules)}")
    all_wrong = [s for s in everything if not judge.same(s.source, s.target)]
    by_rule = Counter(s.rule for s in everything)
    wrong_by_rule = Counter(s.rule for s in all_wrong)
    print(f"  precision of all {len(everything)}: "
          f"{(len(everything) - len(all_wrong)) / len(everything) if everything else float('nan'):.2f}; by rule: "
          + "; ".join(f"{rule} {n - wrong_by_rule[rule]}/{n}" for rule, n in by_rule.most_common()))
    for s in top[:8]:
        print(f"    {s.confidence:.2f}  {s.source.name} -> {s.target.name}  [{s.rule}; {s.shared_documents} shared]")
    for s in (wrong + [w for w in all_wrong if w not in wrong])[:12]:
        print(f"    judged wrong: {s.source.name} -> {s.target.name} [{s.rule}, {s.confidence:.2f}]")
    return {"time": statistics.median(times), "count": len(everything), "precision": precision}


def seeds_library(folder: Path, analyser: Analyser) -> Library:
    library = Library(folder / "seeds.db", analyser=analyser)
    library.import_paths([SEEDS])
    return library


def gold_library(folder: Path, analyser: Analyser) -> tuple[Library, dict[tuple[int, int], str]]:
    """The gold articles imported with the real model, and the gold entity of each mention Reader found."""
    library = Library(folder / "gold.db", analyser=analyser)
    library.import_paths([gold.ARTICLES_DIR])
    by_file = {d.path.name: d for d in gold.documents()}
    ids = {Path(d.path).name: d.id for d in library.documents()}
    truth: dict[tuple[int, int], str] = {}
    for name, document_id in ids.items():
        found = by_file.get(name)
        if found is None:
            continue
        for m in library.mentions(document_id=document_id):
            start, end = m.mention.start, m.mention.end
            overlapping = [g for g in found.mentions if g.start < end and start < g.end]
            if overlapping:
                truth[(document_id, start)] = max(overlapping, key=lambda g: min(g.end, end) - max(g.start, start)).entity
    return library, truth


def _vary(source: SourceDocument, spans: list[Span], rng: random.Random) -> tuple[SourceDocument, list[Span], list[str]]:
    """The article with some people written another way; returns who each span really is."""
    text = source.text
    people = [text[s.start:s.end] for s in spans if s.label == "PERSON"]
    full = {name.split()[-1]: name for name in people if len(name.split()) == 2}
    varied = {name: rng.choice(("spelling", "spelling", "spelling", "order", "initial"))
              for name in sorted(set(full.values())) if rng.random() < VARIED_SHARE}
    out, moved, who, position, shift = [], [], [], 0, 0
    for span in spans:
        surface = text[span.start:span.end]
        identity, new = surface_key(surface), surface
        if span.label == "PERSON":
            words = surface.split()
            person = full.get(words[-1]) if len(words) == 1 else surface
            identity = surface_key(person) if person else surface_key(surface)
            how = varied.get(person)
            if how and len(words) == 2:
                first, last = words
                if how == "order":
                    new = f"{last} {first}"
                elif how == "initial":
                    new = f"{first[0]}. {last}"
                else:
                    new = f"{FIRST_VARIANTS.get(first, first)} {SURNAME_VARIANTS.get(last, last)}"
            elif how == "spelling":
                new = SURNAME_VARIANTS.get(surface, surface)
        out.append(text[position:span.start])
        out.append(new)
        moved.append(Span(span.start + shift, span.start + shift + len(new), span.label))
        who.append(identity)
        shift += len(new) - len(surface)
        position = span.end
    out.append(text[position:])
    body = "".join(out)
    changed = SourceDocument(source.path, source.title, source.published, body,
                             hashlib.sha256(body.encode()).hexdigest(), len(body.split()))
    return changed, moved, who


def variant_library(path: Path, documents: int, analyser: Analyser) -> tuple[Library, dict[tuple[int, int], str]]:
    """A generated library whose people are sometimes written another way, with who each mention is."""
    pool = library_10k.analysed_paragraphs(analyser)
    rng = random.Random(11)
    people = [(f, last) for f in library_10k.FIRST for last in library_10k.LAST]
    rng.shuffle(people)
    weights = [1 / (rank + 3) for rank in range(len(people))]
    library = Library(path)
    truth: dict[tuple[int, int], str] = {}
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    with library.db.atomic():
        for number in range(documents):
            source, spans = library_10k.generate(pool, number, rng, people, weights)
            source, spans, who = _vary(source, spans, rng)
            document_id = stored_documents.insert_document(library.db, source, now)
            mentions, aliases = library_10k._mentions(source.text, spans)
            stored_entities.replace_model_mentions(library.db, document_id, mentions, aliases, model_id())
            for span, identity in zip(spans, who):
                if span.label == "PERSON":
                    truth[(document_id, span.start)] = identity
    library.relink()
    return library, truth


def measure_watchlist(library_10k_path: Path, folder: Path, analyser: Analyser) -> None:
    path = folder / "watch-10k.db"
    shutil.copy(library_10k_path, path)
    library = Library(path)
    names = [e.name for e in library.entities("PERSON") if len(e.name.split()) == 2]
    rng = random.Random(3)
    rng.shuffle(names)
    listed = names[:700] + [" ".join(n.split()[::-1]) for n in names[700:900]]
    listed += [f"Zebulon{i} Quartermaine" for i in range(100)]
    watch = folder / "watch-1000.txt"
    watch.write_text("\n".join(listed) + "\n", encoding="utf-8")
    started = time.perf_counter()
    report = library.watchlists.add_file(watch)
    whole = time.perf_counter() - started
    found = library.watchlists.names()
    print(f"\nWatchlist: {len(listed)} names over {library.document_count()} documents:"
          f" {whole:.2f} s (goal < 10 s); {report.new_hits} hits;"
          f" {sum(1 for n in found if n.hits)} names found, {sum(1 for n in found if not n.hits)} not")
    library.watchlists.mark_seen()
    pool = library_10k.analysed_paragraphs(analyser)
    rng = random.Random(5)
    people = [(f, last) for f in library_10k.FIRST for last in library_10k.LAST]
    weights = [1.0] * len(people)
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    with library.db.atomic():
        for number in range(100):
            source, spans = library_10k.generate(pool, 900_000 + number, rng, people, weights)
            stored_documents.insert_document(library.db, source, now)
    started = time.perf_counter()
    new = library.watchlists.match_pending()
    print(f"  100 new documents matched incrementally against the 1,000 names: {time.perf_counter() - started:.2f} s;"
          f" {new} new hits; {len(library.watchlists.hits(new=True))} listed by `hits --new`")
    library.close()


def main() -> None:
    documents = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    big = Path(sys.argv[2] if len(sys.argv) > 2 else "/tmp/reader-10k.db")
    analyser = Analyser()
    with tempfile.TemporaryDirectory(prefix="workbench-bench-") as name:
        folder = Path(name)
        seeds = seeds_library(folder, analyser)
        measure_suggestions("Seeds", seeds, Judge(seeds))
        seeds.close()
        if gold.ARTICLES_DIR.exists():
            real, truth = gold_library(folder, analyser)
            measure_suggestions("Linking gold (40 Wikinews articles)", real, Judge(real, truth))
            real.close()
        started = time.perf_counter()
        varied, truth = variant_library(folder / "variants.db", documents, analyser)
        print(f"\n(built the library with variants in {time.perf_counter() - started:.0f} s)")
        measure_suggestions("Generated, people written in variants", varied, Judge(varied, truth))
        varied.close()
        plain = folder / "plain.db"
        library_10k.build(plain, documents, analyser=analyser, log=lambda message: None)
        library = Library(plain)
        measure_suggestions("Generated (library_10k.py), no variants", library, Judge(library))
        library.close()
        if big.exists():
            copy = folder / "big.db"
            shutil.copy(big, copy)
            library = Library(copy)
            measure_suggestions("Generated, 10,000 documents", library, Judge(library))
            library.close()
            measure_watchlist(big, folder, analyser)
        else:
            print(f"\n{big} not found: build it with `python3 benchmarks/library_10k.py {big}`")


if __name__ == "__main__":
    main()
