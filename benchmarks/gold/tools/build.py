"""Authoring tool: write benchmarks/gold/articles, gold.jsonl and entities.json from tools/data.

Usage (from the repository root): python3 benchmarks/gold/tools/build.py [--check]

For every article of data/meta.tsv: the clean text (data/texts), saved as the user would save it
(data/styles.json: plain, a .txt clutter style or an .html page style, see clutter.py), read back
with reader.documents.read_document, the rule mentions (annotate.py) mapped into the text Reader
reads, and the clutter ranges (everything outside the article's paragraphs). Canonical names
come from data/names.json, else from the longest surface. --check builds into a temporary
folder and fails if anything differs from the committed files.
"""
import hashlib
import json
import sys
import tempfile
from pathlib import Path

TOOLS = Path(__file__).resolve().parent
DATA, GOLD, ROOT = TOOLS / "data", TOOLS.parent, TOOLS.parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(TOOLS))

from annotate import annotate_all, load_meta  # noqa: E402
from clutter import HTML_STYLES, TRENDING, make_txt  # noqa: E402

from reader.documents import read_document  # noqa: E402


def build(out: Path):
    docs = annotate_all()
    styles = json.loads((DATA / "styles.json").read_text(encoding="utf-8"))
    names = json.loads((DATA / "names.json").read_text(encoding="utf-8"))
    arts = out / "articles"
    arts.mkdir(parents=True, exist_ok=True)
    for old in arts.iterdir():
        old.unlink()
    entities, surfaces, lines = {}, {}, []
    for number, (slug, domain, date, url, title) in enumerate(load_meta(), start=1):
        clean, mentions = docs[slug]
        style = styles.get(slug, {})
        a = {**style, "title": title, "date": date, "url": url, "trending": TRENDING,
             "section": style.get("section", ""), "related": style.get("related", []),
             "tags": style.get("tags", []), "style": style.get("style")}
        ext = "html" if a["style"] in HTML_STYLES else "txt"
        name = f"{number:02d}_{slug}.{ext}"
        if a["style"] is None:
            content = clean
        elif ext == "html":
            content = HTML_STYLES[a["style"]](clean, a)
        else:
            content = make_txt(clean, a)
        (arts / name).write_text(content, encoding="utf-8")
        text = read_document(arts / name).text
        shifted, clutter = align(clean, text, mentions, name)
        for s, e, label, ent, surf in shifted:
            entities.setdefault(ent, label)
            surfaces.setdefault(ent, []).append(surf)
            if entities[ent] != label:
                raise SystemExit(f"{name}: {ent} is {label} here, {entities[ent]} elsewhere")
        lines.append({"file": name, "domain": domain, "title": title, "published": date, "source": url,
                      "licence": "CC BY 2.5 (Wikinews)", "saved_as": a["style"] or "plain",
                      "text_sha256": hashlib.sha256(text.encode()).hexdigest(),
                      "clutter": clutter, "mentions": shifted})
    with open(out / "gold.jsonl", "w", encoding="utf-8") as f:
        for line in lines:
            f.write(json.dumps(line, ensure_ascii=False) + "\n")
    ents = {}
    for ent, label in sorted(entities.items()):
        longest = max(surfaces[ent], key=lambda s: (len(s.split()), len(s)))
        one_word = label in ("NORP", "LANGUAGE") or (label == "PERSON" and len(longest.split()) < 2)
        ents[ent] = {"name": names.get(ent) or (title_from_id(ent) if one_word else longest), "type": label}
    json.dump(ents, open(out / "entities.json", "w", encoding="utf-8"), ensure_ascii=False, indent=1)
    print(len(lines), "docs", sum(len(line["mentions"]) for line in lines), "mentions", len(ents), "entities")


def title_from_id(ent):
    return " ".join(w.capitalize() for w in ent.split(":", 1)[1].split("_"))


def align(clean, text, ments, name):
    """Map clean-text mentions into the text Reader reads; everything outside article paragraphs is clutter."""
    paras, pos = [], 0
    for para in clean.rstrip("\n").split("\n\n"):
        start_clean = clean.index(para, pos)
        pos = start_clean + len(para)
        paras.append((start_clean, para))
    anchor = text.find(paras[2][1])  # the first body paragraph: unique, never in the clutter
    if anchor < 0:
        raise SystemExit(f"{name}: the first body paragraph is not in the text Reader reads")
    found, cursor = {2: anchor}, anchor + len(paras[2][1])
    for i in range(3, len(paras)):
        at = text.find(paras[i][1], cursor)
        if at >= 0:
            found[i] = at
            cursor = at + len(paras[i][1])
    end = anchor
    for i in (1, 0):  # the date line and the headline: right above, or with a byline line between
        at = text.rfind(paras[i][1], 0, end)
        if at >= 0 and len(text[at + len(paras[i][1]):end].strip()) <= 300:
            found[i] = at
            end = at
    missing = [para[:60] for i, (_, para) in enumerate(paras) if i not in found]
    if missing:
        raise SystemExit(f"{name}: not in the text Reader reads: {missing}")
    pieces = sorted((found[i], paras[i][0], len(paras[i][1])) for i in found)
    pieces = [(cs, ts, n) for ts, cs, n in pieces]
    out = []
    for s, e, label, ent, surf in ments:
        for cs, ts, n in pieces:
            if cs <= s and e <= cs + n:
                ns, ne = s - cs + ts, e - cs + ts
                assert text[ns:ne] == surf, (name, surf)
                out.append([ns, ne, label, ent, surf])
                break
        else:
            raise SystemExit(f"{name}: mention {surf!r} at {s} is not inside a paragraph")
    clutter, last = [], 0
    for cs, ts, n in pieces + [(None, len(text), 0)]:
        gap = text[last:ts]
        if gap.strip():
            lead = len(gap) - len(gap.lstrip())
            trail = len(gap.rstrip())
            clutter.append([last + lead, last + trail])
        last = ts + n
    return out, clutter


def main():
    if "--check" not in sys.argv:
        build(GOLD)
        return
    with tempfile.TemporaryDirectory() as tmp:
        build(Path(tmp))
        differ = [f for f in ["gold.jsonl", "entities.json"] + [f"articles/{p.name}" for p in (GOLD / "articles").iterdir()]
                  if not (Path(tmp) / f).exists() or (Path(tmp) / f).read_bytes() != (GOLD / f).read_bytes()]
        extra = {p.name for p in (Path(tmp) / "articles").iterdir()} - {p.name for p in (GOLD / "articles").iterdir()}
        if differ or extra:
            raise SystemExit(f"differs from the committed gold: {differ + sorted(extra)}")
        print("the committed gold is what the tools build")


if __name__ == "__main__":
    main()
