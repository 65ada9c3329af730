"""Authoring tool: apply the annotation rules to the clean article texts and review them.

Usage (from the repository root):
  python3 benchmarks/gold/tools/annotate.py                 # check the rules, print counts
  python3 benchmarks/gold/tools/annotate.py --spacy [SLUG..] # + spans spaCy finds that the gold lacks
  python3 benchmarks/gold/tools/annotate.py --show SLUG..    # every mention in its context, to read

Rules (data/rules/*.txt): "== slug" starts an article; then one rule a line, "surface|entity_id".
Every whole-word occurrence of a surface becomes a mention, the longest surface first (so
"Kyle Busch" wins over "Busch"). "surface#N|entity_id" overrides the N-th occurrence of that
surface (counted among the occurrences that survived the longest-first choice), and the entity
"-" skips an occurrence (or, without #N, every occurrence). The entity id's prefix gives the
type: person, org, gpe, loc, norp, fac, event, product, work, law, lang.
"""
import glob
import re
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
TYPES = {"person": "PERSON", "org": "ORG", "gpe": "GPE", "loc": "LOC", "norp": "NORP", "fac": "FAC",
         "event": "EVENT", "product": "PRODUCT", "work": "WORK_OF_ART", "law": "LAW", "lang": "LANGUAGE"}


def load_meta():
    """[(slug, domain, date, url, title)] in article order."""
    lines = (DATA / "meta.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return [tuple(line.split("\t")) for line in lines if line.strip()]


def load_rules():
    rules, slug = {}, None
    for path in sorted(glob.glob(str(DATA / "rules" / "*.txt"))):
        for number, line in enumerate(open(path, encoding="utf-8"), start=1):
            line = line.rstrip("\n")
            if not line.strip():
                continue
            if line.startswith("== "):
                slug = line[3:].strip()
                rules.setdefault(slug, [])
                continue
            surface, ent = line.rsplit("|", 1)
            if ent != "-" and ent.split(":")[0] not in TYPES:
                raise SystemExit(f"{path}:{number}: unknown entity type in {ent!r}")
            rules[slug].append((surface, ent))
    return rules


def clean_text(slug):
    return (DATA / "texts" / f"{slug}.txt").read_text(encoding="utf-8")


def apply(text, rules):
    """Mentions [start, end, type, entity, surface] of the rules in text, and the rules never used."""
    plain, nth = {}, {}
    for surface, ent in rules:
        m = re.fullmatch(r"(.+)#(\d+)", surface)
        if m:
            nth[(m.group(1), int(m.group(2)))] = ent
        else:
            plain[surface] = ent
    surfaces = set(plain) | {s for s, _ in nth}
    cands = []
    for s in surfaces:
        for m in re.finditer(r"(?<!\w)" + re.escape(s) + r"(?!\w)", text):
            cands.append((m.start(), m.end(), s))
    cands.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    taken, chosen = [], []
    for c in cands:
        if any(c[0] < e and s < c[1] for s, e, _ in taken):
            continue
        taken.append(c)
        chosen.append(c)
    chosen.sort()
    count, out, used = {}, [], set()
    for s, e, surf in chosen:
        count[surf] = count.get(surf, 0) + 1
        ent = nth.get((surf, count[surf]), plain.get(surf))
        used.add(surf)
        if ent is None or ent == "-":
            continue
        out.append([s, e, TYPES[ent.split(":")[0]], ent, text[s:e]])
    unused = [s for s in surfaces if s not in used]
    unused += [f"{s}#{n}" for s, n in nth if count.get(s, 0) < n]
    return out, unused


def annotate_all():
    """slug -> (clean text, mentions); raises on rules that never match."""
    rules = load_rules()
    docs, problems = {}, []
    for slug, *_ in load_meta():
        text = clean_text(slug)
        ments, unused = apply(text, rules.get(slug, []))
        if unused:
            problems.append(f"{slug}: rules never matched: {sorted(unused)}")
        docs[slug] = (text, ments)
    if problems:
        raise SystemExit("\n".join(problems))
    return docs


def show(slug, text, ments, width=40):
    for s, e, label, ent, surf in ments:
        left = text[max(0, s - width):s].replace("\n", " ")
        right = text[e:e + width].replace("\n", " ")
        print(f"{s:>6} {label:<11} {ent:<40} …{left}[{surf}]{right}…")


def spacy_review(docs, only):
    sys.path.insert(0, str(DATA.parents[3]))
    import spacy
    from reader import labels, surfaces
    from reader.nlp import MODEL_PACKAGE, NOT_NEEDED_FOR_NER
    nlp = spacy.load(MODEL_PACKAGE, exclude=NOT_NEEDED_FOR_NER)
    for slug, (text, ments) in docs.items():
        if only and slug not in only:
            continue
        gold = {(m[0], m[1]) for m in ments}
        extra = []
        for ent in nlp(text).ents:
            if ent.label_ in labels.VALUE_LABELS:
                continue
            b = surfaces.clean_span(text, ent.start_char, ent.end_char)
            if b and b not in gold:
                extra.append(f"{text[b[0]:b[1]]}/{ent.label_}")
        print(f"-- {slug}: {len(ments)} gold; spaCy-only: {'; '.join(extra)}")


def main():
    docs = annotate_all()
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if "--show" in sys.argv:
        for slug in args:
            show(slug, *docs[slug])
    if "--spacy" in sys.argv:
        spacy_review(docs, args)
    n = sum(len(m) for _, m in docs.values())
    print(f"{len(docs)} docs, {n} mentions, {len({x[3] for _, m in docs.values() for x in m})} entities")


if __name__ == "__main__":
    main()
