"""Linking quality on the development gold: mentions, cross-document entities, merges, top entities.

Usage: python benchmarks/linking_quality.py [--details] [--articles 41-65]

`--articles` scores a part of the gold on its own (a library of only those articles, e.g. the
articles held out while rules were developed on the others).

Imports benchmarks/gold/articles into a fresh temporary library with the real model
(Library.import_paths), reads back what Reader linked (Library.mentions, Library.entities) and
scores it against benchmarks/gold (see benchmarks/gold/README.md for the annotation guideline).

What is counted
- Reader mentions: the linked mentions Reader shows (status "linked"; unlinked name-match
  suggestions waiting for review are left out), of entities whose label is not a value
  (DATE, TIME, PERCENT, MONEY, QUANTITY, ORDINAL, CARDINAL). The gold has no values either.
- Mention P/R/F1: exact span match (same document, same start and end). "Typed" also asks the
  Reader entity's label (the type the user sees) to equal the gold type. Reader mentions inside
  clutter ranges have no gold counterpart and count as false positives.
- B-cubed over found mentions: the gold mentions Reader found with the exact span; each one's
  gold cluster (same gold entity) is compared with its Reader cluster (same Reader entity),
  across the whole corpus, so these are cross-document figures. Gold mentions Reader missed are
  left out of this line; the next line ("missed as singletons") keeps them, each as its own
  Reader cluster, which lowers recall only.
- Cross-document pairwise recall: of all pairs of gold mentions in different documents that are
  the same gold entity, the share Reader puts in the same entity (a pair with a missed mention
  is not linked); also given over the pairs whose both mentions Reader found.
- False merge: a Reader entity whose found mentions belong to two or more gold entities; the
  worst are those with the most mentions outside their main gold entity.
- Split: a gold entity whose found mentions are spread over two or more Reader entities.
- Top 100 and top 150 (by Reader's mention count): how many are values, and how many are clutter
  (most of their linked mentions lie inside clutter ranges).
- Top 150: how many are right. A Reader entity is right when it is not a value and, with G the
  gold entity most of its exactly matched mentions belong to, (1) at least half of all its linked
  mentions are exact matches of G's mentions, (2) its name is one of G's names (the canonical
  name or a gold surface of G, compared with Reader's surface_key), and (3) its label is G's type.
"""
from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import gold  # noqa: E402
from reader.library import Library  # noqa: E402
from reader.labels import VALUE_LABELS  # noqa: E402
from reader.surfaces import surface_key  # noqa: E402

Key = tuple[str, int, int]  # document file name, start, end


def prf(tp: int, system: int, truth: int) -> str:
    p = tp / system if system else 0.0
    r = tp / truth if truth else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"P {p:.3f}  R {r:.3f}  F1 {f:.3f}"


def pairs(n: int) -> int:
    return n * (n - 1) // 2


def run_reader(files: list[Path]):
    """Import these gold articles into a fresh library; return its linked mentions, entities and texts."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        for path in files:
            shutil.copyfile(path, folder / path.name)
        library = Library(Path(tmp) / "library.db")
        start = time.perf_counter()
        report = library.import_paths([folder])
        seconds = time.perf_counter() - start
        if report.refused or report.duplicates:
            raise SystemExit(f"import refused files: {report.refused} {report.duplicates}")
        mentions = library.mentions()
        entities = {e.id: e for e in library.entities()}
        texts = {Path(d.path).name: library.document(d.id).text for d in library.documents()}
        library.close()
    return mentions, entities, texts, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--details", action="store_true", help="list every split entity and false merge")
    parser.add_argument("--articles", metavar="FIRST-LAST", help="only the articles so numbered (e.g. 41-65)")
    args = parser.parse_args()

    docs = {d.path.name: d for d in gold.documents() if in_range(d.path.name, args.articles)}
    gold_entities = gold.entities()
    mentions, entities, texts, seconds = run_reader([d.path for d in docs.values()])
    changed = [name for name, d in docs.items()
               if hashlib.sha256(texts[name].encode()).hexdigest() != d.text_sha256]
    if changed:
        print(f"WARNING: Reader reads these files differently from the gold's texts, offsets are off: {changed}")

    gold_by_key: dict[Key, gold.GoldMention] = {
        (name, m.start, m.end): m for name, d in docs.items() for m in d.mentions}
    system: dict[Key, tuple[int, str]] = {}  # key -> (reader entity id, reader entity label)
    clutter_mentions = Counter()  # reader entity id -> linked mentions inside clutter
    all_mentions = Counter()
    for row in mentions:
        name = Path(row.document_path).name
        m = row.mention
        all_mentions[m.entity_id] += 1
        if docs[name].in_clutter(m.start, m.end):
            clutter_mentions[m.entity_id] += 1
        if row.entity_label in VALUE_LABELS:
            continue
        system[(name, m.start, m.end)] = (m.entity_id, row.entity_label)

    n_docs, n_gold = len(docs), len(gold_by_key)
    documents_of = defaultdict(set)
    for k, m in gold_by_key.items():
        documents_of[m.entity].add(k[0])
    cross = sum(len(names) > 1 for names in documents_of.values())
    print(f"gold: {n_docs} documents, {n_gold} name mentions, {len(documents_of)} entities "
          f"({cross} in more than one document); import with analysis {seconds:.1f} s")

    # -- mentions ---------------------------------------------------------------------------
    found = [k for k in system if k in gold_by_key]
    typed = [k for k in found if system[k][1] == gold_by_key[k].label]
    in_clutter = [k for k in system if docs[k[0]].in_clutter(k[1], k[2])]
    print(f"\nmentions ({len(system)} Reader name mentions, {len(in_clutter)} of them in clutter)")
    print(f"  untyped  {prf(len(found), len(system), n_gold)}")
    print(f"  typed    {prf(len(typed), len(system), n_gold)}")

    # -- entity assignment over found mentions ----------------------------------------------
    gold_of = {k: gold_by_key[k].entity for k in found}
    sys_of = {k: system[k][0] for k in found}
    cell = Counter((gold_of[k], sys_of[k]) for k in found)
    gold_size = Counter(gold_of.values())
    sys_size = Counter(sys_of.values())
    b_p = sum(cell[(gold_of[k], sys_of[k])] / sys_size[sys_of[k]] for k in found) / max(len(found), 1)
    b_r = sum(cell[(gold_of[k], sys_of[k])] / gold_size[gold_of[k]] for k in found) / max(len(found), 1)
    total_gold_size = Counter(m.entity for m in gold_by_key.values())
    b_r_all = sum(cell[(gold_of[k], sys_of[k])] / total_gold_size[gold_of[k]] for k in found) / n_gold
    print(f"\nentity assignment, B-cubed over the {len(found)} gold mentions Reader found")
    print(f"  found only             P {b_p:.3f}  R {b_r:.3f}  F1 {2 * b_p * b_r / (b_p + b_r):.3f}")
    print(f"  missed as singletons   P {b_p:.3f}  R {b_r_all:.3f}  F1 {2 * b_p * b_r_all / (b_p + b_r_all):.3f}"
          f"  (over all {n_gold} gold mentions)")

    per_doc_gold = Counter((m.entity, k[0]) for k, m in gold_by_key.items())
    gold_pairs = sum(pairs(total_gold_size[e]) for e in total_gold_size) - sum(pairs(n) for n in per_doc_gold.values())
    per_doc_found = Counter((gold_of[k], k[0]) for k in found)
    found_pairs = sum(pairs(n) for n in gold_size.values()) - sum(pairs(n) for n in per_doc_found.values())
    per_doc_cell = Counter((gold_of[k], sys_of[k], k[0]) for k in found)
    linked_pairs = sum(pairs(n) for n in cell.values()) - sum(pairs(n) for n in per_doc_cell.values())
    print(f"  cross-document pairwise recall: {linked_pairs / gold_pairs:.3f} of {gold_pairs:,} gold pairs; "
          f"{linked_pairs / max(found_pairs, 1):.3f} of the {found_pairs:,} pairs Reader found both mentions of")

    # -- merges and splits ------------------------------------------------------------------
    golds_in = defaultdict(Counter)  # reader entity -> gold entity -> found mentions
    readers_in = defaultdict(Counter)  # gold entity -> reader entity -> found mentions
    for k in found:
        golds_in[sys_of[k]][gold_of[k]] += 1
        readers_in[gold_of[k]][sys_of[k]] += 1
    merges = sorted(((sum(c.values()) - max(c.values()), e) for e, c in golds_in.items() if len(c) > 1), reverse=True)
    splits = sorted(((len(c), sum(c.values()), g) for g, c in readers_in.items() if len(c) > 1), reverse=True)
    print(f"\nfalse merges: {len(merges)} Reader entities join two or more gold entities "
          f"({sum(n for n, _ in merges)} mentions outside their main gold entity)")
    for n, e in merges[: None if args.details else 8]:
        print(f"  {entities[e].name!r} ({entities[e].label}): " + ", ".join(
            f"{gold_entities[g].name} ({gold_entities[g].label}) x{c}" for g, c in golds_in[e].most_common()))
    print(f"split gold entities: {len(splits)} of {len(readers_in)} found gold entities are spread over "
          f"two or more Reader entities")
    if args.details:
        for parts, n, g in splits:
            print(f"  {gold_entities[g].name} ({gold_entities[g].label}, {n} found mentions): " + ", ".join(
                f"{entities[e].name!r} x{c}" for e, c in readers_in[g].most_common()))

    # -- the most-mentioned Reader entities --------------------------------------------------
    ranked = sorted(entities.values(), key=lambda e: (-all_mentions[e.id], e.id))
    for top in (100, 150):
        values = sum(e.label in VALUE_LABELS for e in ranked[:top])
        clutter = [e for e in ranked[:top] if clutter_mentions[e.id] * 2 > all_mentions[e.id]]
        print(f"{'' if top == 150 else chr(10)}top {top} Reader entities by mentions: {values} values, {len(clutter)} clutter"
              + (f" ({', '.join(repr(e.name) for e in clutter)})" if clutter and args.details else ""))
    names_of = defaultdict(set)
    for m in gold_by_key.values():
        names_of[m.entity].add(surface_key(m.surface))
    for g, e in gold_entities.items():
        names_of[g].add(surface_key(e.name))
    right, wrong = 0, []
    for e in ranked[:150]:
        verdict = judge(e, golds_in.get(e.id), all_mentions[e.id], names_of, gold_entities)
        right += verdict is None
        if verdict:
            wrong.append(f"{e.name!r} ({e.label}, {all_mentions[e.id]}): {verdict}")
    print(f"top 150 Reader entities right in name and type: {right} of {min(150, len(ranked))}")
    for line in wrong[: None if args.details else 10]:
        print(f"  {line}")


def in_range(file_name: str, articles: str | None) -> bool:
    """True if the article's number (its file name's prefix) lies in FIRST-LAST, or no range is given."""
    if not articles:
        return True
    first, _, last = articles.partition("-")
    return int(first) <= int(file_name.split("_")[0]) <= int(last or first)


def judge(entity, golds: Counter | None, mentions: int, names_of, gold_entities) -> str | None:
    """None if the Reader entity is right (see the module docstring), else why not."""
    if entity.label in VALUE_LABELS:
        return "a value"
    if not golds:
        return "no gold mention"
    main, count = golds.most_common(1)[0]
    g = gold_entities[main]
    if count * 2 < mentions:
        return f"only {count} of {mentions} mentions are {g.name}"
    if surface_key(entity.name) not in names_of[main]:
        return f"name should be one of {g.name}'s names"
    if entity.label != g.label:
        return f"type should be {g.label} ({g.name})"
    return None


if __name__ == "__main__":
    main()
