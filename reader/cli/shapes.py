"""One JSON shape per thing the commands print: documents, entities, mentions, notes, hits, graphs, watchlists."""
from __future__ import annotations

from dataclasses import asdict

from reader.models import Document, DocumentInfo, Entity, MentionInContext, NearDuplicate, Note, SearchHit


def document_row(d: DocumentInfo) -> dict:
    """A document in a list; `story` is shared by near-duplicates, `also_in` counts the others."""
    return {"id": d.id, "title": d.title, "path": d.path, "published": d.published, "words": d.words,
            "mentions": d.mentions, "entities": d.entities, "story": d.story, "also_in": d.also_in}


def near_duplicate_row(n: NearDuplicate) -> dict:
    return {"id": n.id, "title": n.title, "path": n.path, "published": n.published, "source": n.source,
            "similarity": n.similarity}


def document_detail(d: Document) -> dict:
    return {"id": d.id, "title": d.title, "path": d.path, "published": d.published, "words": d.words,
            "analysed_with": d.analysed_with, "meta": d.meta, "text": d.text}


def entity_row(e: Entity) -> dict:
    return {"id": e.id, "name": e.name, "label": e.label, "mentions": e.mentions, "documents": e.documents}


def mention_row(m: MentionInContext) -> dict:
    """A mention: `text[start:end]` of its document is `text`; `context` is its sentence."""
    return {"id": m.mention.id, "entity_id": m.mention.entity_id, "entity": m.entity_name,
            "label": m.entity_label, "document_id": m.mention.document_id, "document_title": m.document_title,
            "document_path": m.document_path, "start": m.mention.start, "end": m.mention.end,
            "text": m.mention.text, "source": m.mention.source, "context": m.context}


def note_row(note: Note) -> dict:
    return {"id": note.id, "kind": note.kind, "document_id": note.document_id, "entity_id": note.entity_id,
            "entity_key": note.entity_key, "start": note.start, "end": note.end, "quote": note.quote,
            "prefix": note.prefix, "suffix": note.suffix, "body": note.body, "status": note.status,
            "created": note.created, "updated": note.updated}


def hit_row(h: SearchHit) -> dict:
    """A search hit: `snippet` has [[ ]] around matched words; start/end locate the best hit (or null)."""
    return {"id": h.id, "title": h.title, "path": h.path, "snippet": h.snippet, "score": round(h.score, 4),
            "start": h.start, "end": h.end}


def graph_data(graph) -> dict:
    """The co-occurrence graph: nodes (id, name, label, mentions) and edges (source, target, weight)."""
    return {
        "nodes": [{"id": n.id, "name": n.name, "label": n.label, "mentions": n.mentions} for n in graph.nodes],
        "edges": [{"source": e.source, "target": e.target, "weight": e.weight} for e in graph.edges],
    }


def correction_row(c) -> dict:
    return {"id": c.id, "kind": c.kind, "description": c.description, "created": c.created,
            "rules": [{"kind": kind, "key": key, "value": value} for kind, key, value in c.rules]}


def suggestion_row(s) -> dict:
    """A merge suggestion: `source` merged into `target` would make them one; why (`rule` in plain words,
    `reason`), how sure (0-1), how many documents mention both, and a mention in its sentence from each."""
    source, target = s.evidence
    return {"source": entity_row(s.source), "target": entity_row(s.target), "rule": s.rule, "reason": s.reason,
            "confidence": s.confidence, "shared_documents": s.shared_documents,
            "evidence": {"source": mention_row(source) if source else None,
                         "target": mention_row(target) if target else None}}


def watchlist_row(w, names: list) -> dict:
    """A watchlist: its file, how it matches (`options`), its hits and new hits, and its names."""
    return {"id": w.id, "name": w.name, "path": w.path, "created": w.created, "options": asdict(w.options),
            "hits": w.hits, "new": w.new, "names": [watched_name_row(n) for n in names]}


def watched_name_row(n) -> dict:
    """A watched name: its aliases, type and note from the file, how it matches, hits, documents, new hits."""
    return {"id": n.id, "watchlist_id": n.watchlist_id, "watchlist": n.watchlist, "name": n.name,
            "aliases": list(n.aliases), "label": n.label, "note": n.note, "options": asdict(n.options),
            "hits": n.hits, "documents": n.documents, "new": n.new}


def watch_hit_row(h) -> dict:
    """A watched name found in a document: a mention (as `reader mentions` prints one: `entity` is the
    watched name, `source` is "watchlist"), with its name's id, its list, and whether it is new."""
    return mention_row(h.mention) | {"name_id": h.name_id, "watchlist": h.watchlist, "new": h.new}
