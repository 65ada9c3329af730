"""SQL for insights: ranked search with hit offsets, paragraph co-occurrence, entity dates and types, timelines."""
from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

import sqlite_utils

from reader.errors import ReaderError
from reader.models import DocumentMentions, EdgeParagraph, EntityRow, GraphEdge, GraphNode, SearchHit
from reader.storage.connection import LibraryDatabase

STALE_KEY = "analytics_stale"  # set by triggers (migration 3) whenever linked mentions change
_HIT_START, _HIT_END = "\x02", "\x03"  # markers for highlight() and snippet(): never in stored text
_CUT = "\x01"  # where snippet() cut the text


# ---- paragraphs and caches ---------------------------------------------------------------

def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Paragraphs are the pieces between blank lines ("\\n\\n"), trimmed of surrounding space."""
    spans, position = [], 0
    for piece in text.split("\n\n"):
        start, end = position, position + len(piece)
        position = end + 2
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


def is_stale(db: sqlite_utils.Database) -> bool:
    return db.execute("SELECT 1 FROM meta WHERE key = ?", [STALE_KEY]).fetchone() is not None


def refresh(db: LibraryDatabase, force: bool = False) -> bool:
    """Bring the caches up to date after linked mentions changed. True if anything was redone.

    Only the documents whose mentions changed are redone (found by comparing per-document
    fingerprints); a first build, `force`, or a change touching many documents rebuilds all.
    A read-only library gets them rebuilt in this connection's temporary tables.
    """
    if not force and not is_stale(db):
        return False
    if db.read_only:
        _shadow_caches(db)
        _rebuild(db, force=True)
        return True
    with db.write(cache=True):
        _rebuild(db, force)
    return True


def _rebuild(db: sqlite_utils.Database, force: bool) -> None:
    refilled = _fill_paragraphs(db)
    built = db.execute("SELECT 1 FROM entity_paragraphs LIMIT 1").fetchone() is not None
    dirty = None if force or not built else sorted(_changed_documents(db) | refilled)
    total = db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    if dirty is None or len(dirty) > max(50, total // 4):
        _rebuild_all(db)
    elif dirty:
        _rebuild_documents(db, dirty)
    else:  # nothing moved: only a date can have changed
        db.execute("DELETE FROM entity_dates")
        db.execute("INSERT INTO entity_dates (entity_id, first, last)" + _DATES.format(where=""))
    db.execute("DELETE FROM meta WHERE key = ?", [STALE_KEY])


_SHADOWS = """
    CREATE TEMP TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
    CREATE TEMP TABLE IF NOT EXISTS paragraphs (
        document_id INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,
        PRIMARY KEY (document_id, start)) WITHOUT ROWID;
    CREATE TEMP TABLE IF NOT EXISTS entity_paragraphs (
        entity_id INTEGER NOT NULL, document_id INTEGER NOT NULL, paragraph INTEGER NOT NULL,
        mentions INTEGER NOT NULL, PRIMARY KEY (entity_id, document_id, paragraph)) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS temp.entity_paragraphs_place ON entity_paragraphs(document_id, paragraph, entity_id);
    CREATE TEMP TABLE IF NOT EXISTS cooccurrence (
        a INTEGER NOT NULL, b INTEGER NOT NULL, weight INTEGER NOT NULL, PRIMARY KEY (a, b)) WITHOUT ROWID;
    CREATE TEMP TABLE IF NOT EXISTS entity_dates (entity_id INTEGER PRIMARY KEY, first TEXT, last TEXT);
    DELETE FROM temp.meta;
    INSERT INTO temp.meta SELECT key, value FROM main.meta;
    DELETE FROM temp.paragraphs;
    INSERT INTO temp.paragraphs SELECT document_id, start, end FROM main.paragraphs;
"""


def _shadow_caches(db: sqlite_utils.Database) -> None:
    """Temporary copies of the cache tables (and meta, which flags them stale) that stand in for the
    file's own in this connection: SQLite finds a name in `temp` before `main`."""
    for statement in _SHADOWS.split(";"):
        if statement.strip():
            db.execute(statement)


# mentions placed in their paragraph (the one with the greatest start at or before them)
_PLACED = """
    WITH placed AS MATERIALIZED (
        SELECT m.entity_id, m.document_id,
               (SELECT p.start FROM paragraphs p
                WHERE p.document_id = m.document_id AND p.start <= m.start
                ORDER BY p.start DESC LIMIT 1) AS paragraph
        FROM mentions m {hint}
        WHERE m.status = 'linked' AND m.entity_id IS NOT NULL {where})
    SELECT entity_id, document_id, COALESCE(paragraph, 0), COUNT(*) FROM placed GROUP BY 1, 2, 3
"""
_PAIRS = """
    SELECT x.entity_id AS a, y.entity_id AS b, COUNT(*) AS n
    FROM entity_paragraphs x {hint}
    JOIN entity_paragraphs y INDEXED BY entity_paragraphs_place
      ON y.document_id = x.document_id AND y.paragraph = x.paragraph AND y.entity_id > x.entity_id
    {where}
    GROUP BY x.entity_id, y.entity_id
"""
_DATES = """
    SELECT ed.entity_id, MIN(d.published), MAX(d.published)
    FROM (SELECT DISTINCT entity_id, document_id FROM entity_paragraphs {where}) ed
    JOIN documents d ON d.id = ed.document_id
    WHERE d.published IS NOT NULL
    GROUP BY ed.entity_id
"""
_IN_DIRTY = "IN (SELECT id FROM temp.analytics_documents)"


def _rebuild_all(db: sqlite_utils.Database) -> None:
    for table in ("entity_paragraphs", "cooccurrence", "entity_dates"):
        db.execute(f"DELETE FROM {table}")
    db.execute("DROP INDEX entity_paragraphs_place")  # a bulk insert, then one sorted index build
    db.execute("INSERT INTO entity_paragraphs (entity_id, document_id, paragraph, mentions)"
               + _PLACED.format(hint="NOT INDEXED", where=""))
    db.execute("CREATE INDEX entity_paragraphs_place ON entity_paragraphs(document_id, paragraph, entity_id)")
    db.execute("INSERT INTO cooccurrence (a, b, weight)" + _PAIRS.format(hint="", where=""))
    db.execute("INSERT INTO entity_dates (entity_id, first, last)" + _DATES.format(where=""))


def _rebuild_documents(db: sqlite_utils.Database, ids: list[int]) -> None:
    """Redo the caches for these documents only: pairs they gave are taken back, new ones added."""
    db.execute("CREATE TEMP TABLE IF NOT EXISTS analytics_documents (id INTEGER PRIMARY KEY)")
    db.execute("CREATE TEMP TABLE IF NOT EXISTS analytics_entities (id INTEGER PRIMARY KEY)")
    db.execute("CREATE TEMP TABLE IF NOT EXISTS analytics_pairs"
               " (a INTEGER, b INTEGER, delta INTEGER, PRIMARY KEY (a, b))")
    for table in ("analytics_documents", "analytics_entities", "analytics_pairs"):
        db.execute(f"DELETE FROM temp.{table}")
    db.executemany("INSERT INTO temp.analytics_documents VALUES (?)", [(i,) for i in ids])
    here = f"WHERE x.document_id {_IN_DIRTY}"
    touched = f"INSERT OR IGNORE INTO temp.analytics_entities SELECT entity_id FROM entity_paragraphs" \
              f" WHERE document_id {_IN_DIRTY}"
    db.execute(touched)
    pairs = _PAIRS.format(hint="INDEXED BY entity_paragraphs_place", where=here)
    db.execute(f"INSERT INTO temp.analytics_pairs (a, b, delta) SELECT a, b, -n FROM ({pairs})")
    db.execute(f"DELETE FROM entity_paragraphs WHERE document_id {_IN_DIRTY}")
    db.execute("INSERT INTO entity_paragraphs (entity_id, document_id, paragraph, mentions)"
               + _PLACED.format(hint="", where=f"AND m.document_id {_IN_DIRTY}"))
    db.execute(touched)
    db.execute(f"INSERT INTO temp.analytics_pairs (a, b, delta) SELECT a, b, n FROM ({pairs}) WHERE true"
               " ON CONFLICT (a, b) DO UPDATE SET delta = delta + excluded.delta")
    db.execute("INSERT INTO cooccurrence (a, b, weight) SELECT a, b, delta FROM temp.analytics_pairs"
               " WHERE delta != 0 ON CONFLICT (a, b) DO UPDATE SET weight = weight + excluded.weight")
    db.execute("DELETE FROM cooccurrence WHERE weight <= 0")
    db.execute("DELETE FROM entity_dates WHERE entity_id IN (SELECT id FROM temp.analytics_entities)")
    db.execute("INSERT INTO entity_dates (entity_id, first, last)"
               + _DATES.format(where="WHERE entity_id IN (SELECT id FROM temp.analytics_entities)"))


def _changed_documents(db: sqlite_utils.Database) -> set[int]:
    """Documents whose linked mentions differ from what the caches were built from."""
    now = db.execute(
        "SELECT document_id, COUNT(*), TOTAL(entity_id), TOTAL(entity_id * entity_id) FROM mentions"
        " WHERE status = 'linked' AND entity_id IS NOT NULL GROUP BY document_id"
    ).fetchall()
    cached = db.execute(
        "SELECT document_id, SUM(mentions), TOTAL(entity_id * mentions),"
        " TOTAL(entity_id * entity_id * mentions)"
        " FROM entity_paragraphs INDEXED BY entity_paragraphs_place GROUP BY document_id"
    ).fetchall()
    before = {row[0]: row[1:] for row in cached}
    after = {row[0]: row[1:] for row in now}
    return {d for d in before.keys() | after.keys() if before.get(d) != after.get(d)}


def _fill_paragraphs(db: sqlite_utils.Database) -> set[int]:
    """Store the paragraph spans of documents that have none yet (new or changed text); their ids."""
    rows = db.execute(
        "SELECT id, text FROM documents d"
        " WHERE NOT EXISTS (SELECT 1 FROM paragraphs p WHERE p.document_id = d.id)"
    )
    filled, batch = set(), []
    for document_id, text in rows.fetchall():
        filled.add(document_id)
        batch += [(document_id, start, end) for start, end in paragraph_spans(text) or [(0, len(text))]]
        if len(batch) > 50_000:
            db.executemany("INSERT OR REPLACE INTO paragraphs VALUES (?, ?, ?)", batch)
            batch = []
    db.executemany("INSERT OR REPLACE INTO paragraphs VALUES (?, ?, ?)", batch)
    return filled


# ---- search ------------------------------------------------------------------------------

def search(db: sqlite_utils.Database, query: str, limit: int = 50) -> list[SearchHit]:
    """Rank documents for an FTS5 query; each hit with a snippet ([[ ]] around matched words) and the
    offsets of the first matched term the snippet shows, so that opening the hit lands on the words it
    quotes (None if only the title matched)."""
    try:
        rows = db.execute(
            """
            WITH top AS (
                SELECT rowid AS id, bm25(documents_fts, 5.0, 1.0) AS rank
                FROM documents_fts WHERE documents_fts MATCH :query
                ORDER BY rank LIMIT :limit
            )
            SELECT d.id, d.title, d.path,
                   snippet(documents_fts, 1, char(2), char(3), char(1), 24),
                   -top.rank,
                   highlight(documents_fts, 1, char(2), char(3))
            FROM top
            JOIN documents_fts ON documents_fts.rowid = top.id
            JOIN documents d ON d.id = top.id
            WHERE documents_fts MATCH :query
            ORDER BY top.rank, d.id
            """,
            {"query": query, "limit": limit},
        ).fetchall()
    except sqlite3.OperationalError as error:
        raise ReaderError(f"cannot search for {query!r}: {fts_message(error, query)}") from error
    hits = []
    for document_id, title, path, snippet, score, marked in rows:
        start, end = _snippet_hit(snippet or "", marked or "")
        shown = (snippet or "").replace(_HIT_START, "[[").replace(_HIT_END, "]]").replace(_CUT, " … ")
        hits.append(SearchHit(document_id, title, path, shown, score, start, end))
    return hits


def _snippet_hit(snippet: str, marked: str) -> tuple[int | None, int | None]:
    """Text offsets of the first matched term of the snippet (`marked` is the whole text with every match
    marked): the snippet is a piece of the marked text, cut where _CUT stands. The first match in the
    text if the piece cannot be placed; (None, None) when the text has no match."""
    piece = snippet.strip(_CUT)
    if _HIT_END in piece and piece.index(_HIT_END) < piece.find(_HIT_START) % (len(piece) + 1):
        piece = piece[piece.index(_HIT_END) + 1:]  # a phrase the cut began inside of
    found = -1
    while _HIT_START in piece and (found := marked.find(piece)) < 0:
        piece = piece[:piece.rindex(_HIT_START)]  # a phrase the cut ended inside of
    position = found + piece.index(_HIT_START) if found >= 0 else marked.find(_HIT_START)
    if position < 0:
        return None, None
    end = marked.find(_HIT_END, position)
    if end < 0:
        return None, None
    before = marked.count(_HIT_START, 0, position) + marked.count(_HIT_END, 0, position)  # markers are not text
    return position - before, end - before - 1  # the end also passes this hit's start marker


def fts_message(error: sqlite3.OperationalError, query: str = "") -> str:
    """What a user can do about an FTS5 error."""
    text = str(error)
    if "unterminated string" in text:
        return 'a quote is not closed; close the phrase with another "'
    if "syntax error" in text:
        near = re.search(r'near "(.*)"', text)
        where = f" near {near.group(1)!r}" if near and near.group(1) else " at its end"
        return (f"the query is not well formed{where}: check quotes, brackets and AND / OR / NOT;"
                " put words with punctuation in double quotes")
    if column := re.search(r"no such column: (.*)", text):
        word = column.group(1)
        hyphenated = re.search(rf"(\S+)-{re.escape(word)}", query, re.IGNORECASE)
        if hyphenated:
            return (f"a hyphen is read as an operator; to find {hyphenated.group(0)!r},"
                    f' put it in double quotes: "{hyphenated.group(0)}"')
        return f"{word!r} followed by ':' is read as a column name; put that word in double quotes"
    if "unknown special query" in text or "malformed" in text:
        return "the query is not well formed; put it in double quotes to search for it literally"
    return f"the query is not well formed ({text})"


# ---- entities ----------------------------------------------------------------------------

def entity_rows(db: sqlite_utils.Database, excluded: list[str] | None = None) -> list[EntityRow]:
    """Entities with mentions, most mentioned first, but those of the `excluded` labels."""
    rows = db.execute(
        """
        SELECT e.id, e.name, e.label, e.mentions, e.documents, ed.first, ed.last
        FROM entities e LEFT JOIN entity_dates ed ON ed.entity_id = e.id
        WHERE e.mentions > 0 AND e.label NOT IN (SELECT value FROM json_each(?))
        ORDER BY e.mentions DESC, e.name COLLATE NOCASE
        """,
        [json.dumps(sorted(excluded or []))],
    ).fetchall()
    return [EntityRow(*row) for row in rows]


@dataclass(frozen=True)
class EntityTypes:
    """An entity's name and counts, with the types the model gave its mentions (for review filters)."""

    id: int
    name: str
    label: str
    mentions: int
    model_mentions: int  # linked mentions the model found
    main_type_mentions: int  # of those, how many have the model's most common type for it
    model_types: int  # how many different types the model gave them


def entity_types(db: sqlite_utils.Database, leave_out: Iterable[str] = ()) -> list[EntityTypes]:
    """Every entity with mentions (but those of the `leave_out` labels), in one pass over the mentions.

    The pass reads the table in its own order (NOT INDEXED): through the entity index it would
    jump about the file, 2.5x slower. A covering index would make it 4x faster, but relinking
    rewrites every mention's entity, and kept up to date it made each correction 50% slower.
    """
    rows = db.execute(
        """
        WITH typed AS MATERIALIZED (
            SELECT entity_id, label, COUNT(*) AS n FROM mentions NOT INDEXED
            WHERE status = 'linked' AND source = 'model' GROUP BY entity_id, label)
        SELECT e.id, e.name, e.label, e.mentions, COALESCE(SUM(t.n), 0), COALESCE(MAX(t.n), 0), COUNT(t.label)
        FROM entities e LEFT JOIN typed t ON t.entity_id = e.id
        WHERE e.mentions > 0 AND e.label NOT IN (SELECT value FROM json_each(?))
        GROUP BY e.id ORDER BY e.id
        """,
        [json.dumps(sorted(leave_out))],
    ).fetchall()
    return [EntityTypes(*row) for row in rows]


def entity_labels(db: sqlite_utils.Database) -> list[str]:
    """The labels of entities that have mentions."""
    rows = db.execute("SELECT DISTINCT label FROM entities WHERE mentions > 0 ORDER BY label").fetchall()
    return [row[0] for row in rows]


def top_entities(db: sqlite_utils.Database, labels: list[str] | None, top: int | None) -> list[GraphNode]:
    """The most mentioned entities (all of them when `top` is None), optionally of these labels only."""
    sql = "SELECT id, name, label, mentions, documents FROM entities WHERE mentions > 0"
    params: list = []
    if labels is not None:
        sql += " AND label IN (SELECT value FROM json_each(?))"
        params.append(json.dumps(sorted(labels)))
    sql += " ORDER BY mentions DESC, name COLLATE NOCASE, id LIMIT ?"
    params.append(-1 if top is None else top)  # LIMIT -1: no limit
    return [GraphNode(*row) for row in db.execute(sql, params).fetchall()]


def edges_among(db: sqlite_utils.Database, ids: list[int], min_weight: int = 1) -> list[GraphEdge]:
    """Co-occurrence edges between these entities, heaviest first."""
    members = json.dumps(sorted(ids))
    rows = db.execute(
        """
        SELECT a, b, weight FROM cooccurrence
        WHERE a IN (SELECT value FROM json_each(:ids)) AND b IN (SELECT value FROM json_each(:ids))
          AND weight >= :min
        ORDER BY weight DESC, a, b
        """,
        {"ids": members, "min": min_weight},
    ).fetchall()
    return [GraphEdge(*row) for row in rows]


def edge_paragraphs(db: sqlite_utils.Database, a: int, b: int, limit: int = 500) -> list[EdgeParagraph]:
    """Paragraphs where both entities are mentioned, by document date then position."""
    rows = db.execute(
        """
        SELECT x.document_id, d.title, p.start, p.end, substr(d.text, p.start + 1, p.end - p.start),
               d.published
        FROM entity_paragraphs x
        JOIN entity_paragraphs y ON y.entity_id = :b AND y.document_id = x.document_id
                                 AND y.paragraph = x.paragraph
        JOIN paragraphs p ON p.document_id = x.document_id AND p.start = x.paragraph
        JOIN documents d ON d.id = x.document_id
        WHERE x.entity_id = :a
        ORDER BY d.published IS NULL, d.published, x.document_id, p.start
        LIMIT :limit
        """,
        {"a": a, "b": b, "limit": limit},
    ).fetchall()
    return [EdgeParagraph(*row) for row in rows]


def entity_documents(db: sqlite_utils.Database, entity_id: int) -> list[DocumentMentions]:
    """Each document that mentions the entity, with its date and how many linked mentions."""
    rows = db.execute(
        """
        SELECT d.id, d.title, d.published, COUNT(*)
        FROM mentions m JOIN documents d ON d.id = m.document_id
        WHERE m.entity_id = ? AND m.status = 'linked'
        GROUP BY d.id ORDER BY d.published, d.id
        """,
        [entity_id],
    ).fetchall()
    return [DocumentMentions(*row) for row in rows]


def document_titles(db: sqlite_utils.Database, ids: list[int]) -> dict[int, tuple[str, str | None]]:
    """id -> (title, published) for these documents."""
    rows = db.execute(
        "SELECT id, title, published FROM documents WHERE id IN (SELECT value FROM json_each(?))",
        [json.dumps(ids)],
    ).fetchall()
    return {row[0]: (row[1], row[2]) for row in rows}
