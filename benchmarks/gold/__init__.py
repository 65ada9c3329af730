"""The development gold corpus for entity linking: articles, their name mentions, entities and clutter."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

GOLD_DIR = Path(__file__).resolve().parent
ARTICLES_DIR = GOLD_DIR / "articles"
# The spaCy (OntoNotes) labels the gold uses; values (dates, numbers, amounts) are never annotated.
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE"})


@dataclass(frozen=True)
class GoldMention:
    start: int  # character offsets into the text as Reader reads the file (read_document(path).text)
    end: int
    label: str  # the entity's type, one of NAME_LABELS
    entity: str  # corpus-wide entity id, e.g. "person:david_cameron"
    surface: str  # text[start:end]


@dataclass(frozen=True)
class GoldDocument:
    path: Path
    domain: str  # politics, sports, business, crime, entertainment
    title: str
    published: str
    source: str  # the article's address
    licence: str
    saved_as: str  # "plain", or the clutter style: portal, blog, print, aggregator, email, html
    text_sha256: str  # of the text the offsets refer to
    clutter: tuple[tuple[int, int], ...]  # ranges of page clutter in the text (menus, share buttons...)
    mentions: tuple[GoldMention, ...]

    def in_clutter(self, start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in self.clutter)


@dataclass(frozen=True)
class GoldEntity:
    id: str
    name: str  # canonical name
    label: str


def documents() -> list[GoldDocument]:
    """Every gold document, in file order."""
    out = []
    with open(GOLD_DIR / "gold.jsonl", encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            out.append(GoldDocument(
                path=ARTICLES_DIR / row["file"], domain=row["domain"], title=row["title"],
                published=row["published"], source=row["source"], licence=row["licence"],
                saved_as=row["saved_as"], text_sha256=row["text_sha256"],
                clutter=tuple((s, e) for s, e in row["clutter"]),
                mentions=tuple(GoldMention(s, e, label, entity, surface)
                               for s, e, label, entity, surface in row["mentions"])))
    return out


def entities() -> dict[str, GoldEntity]:
    """Entity id -> entity, for every entity the gold mentions."""
    rows = json.loads((GOLD_DIR / "entities.json").read_text(encoding="utf-8"))
    return {key: GoldEntity(key, row["name"], row["type"]) for key, row in rows.items()}
