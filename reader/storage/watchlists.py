"""SQL for watchlists: the lists, their names, hits in documents, seen markers, and what was matched."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import sqlite_utils

from reader.storage.entities import CONTEXT_WINDOW

_NAME_COLUMNS = ("n.id, n.watchlist_id, w.name, n.name, n.aliases, n.label, n.note, n.options, w.options,"
                 " n.seen_until, n.matched")


@dataclass(frozen=True)
class NameRow:
    id: int
    watchlist_id: int
    watchlist: str
    name: str
    aliases: str  # JSON list
    label: str | None
    note: str | None
    options: str  # JSON: this name's own options
    list_options: str  # JSON: its list's
    seen_until: int
    matched: int


@dataclass(frozen=True)
class HitRow:
    id: int
    name_id: int
    name: str
    label: str | None  # the type the watchlist file gave the name
    watchlist: str
    document_id: int
    document_title: str
    document_path: str
    start: int
    end: int
    text: str
    window: str
    window_start: int
    new: bool


def save_watchlist(db: sqlite_utils.Database, name: str, path: str | None, now: str) -> int:
    """The id of the list called `name`, created if needed (its file path updated)."""
    db.execute("INSERT INTO watchlists (name, path, created) VALUES (?, ?, ?)"
               " ON CONFLICT(name) DO UPDATE SET path = excluded.path", [name, path, now])
    return db.execute("SELECT id FROM watchlists WHERE name = ?", [name]).fetchone()[0]


def watchlist_rows(db: sqlite_utils.Database) -> list[tuple]:
    """(id, name, path, options, created, names, hits, new hits) of every list."""
    return db.execute(
        """
        SELECT w.id, w.name, w.path, w.options, w.created,
               (SELECT COUNT(*) FROM watched_names n WHERE n.watchlist_id = w.id),
               (SELECT COUNT(*) FROM watch_hits h JOIN watched_names n ON n.id = h.name_id
                WHERE n.watchlist_id = w.id),
               (SELECT COUNT(*) FROM watch_hits h JOIN watched_names n ON n.id = h.name_id
                WHERE n.watchlist_id = w.id AND h.id > n.seen_until)
        FROM watchlists w ORDER BY w.name COLLATE NOCASE
        """
    ).fetchall()


def watchlist_id(db: sqlite_utils.Database, name: str) -> int | None:
    row = db.execute("SELECT id FROM watchlists WHERE name = ? COLLATE NOCASE", [name]).fetchone()
    return row[0] if row else None


def delete_watchlist(db: sqlite_utils.Database, list_id: int) -> bool:
    return db.execute("DELETE FROM watchlists WHERE id = ?", [list_id]).rowcount > 0


def replace_names(db: sqlite_utils.Database, list_id: int,
                  entries: Iterable[tuple[str, str, str | None, str | None]]) -> tuple[int, int, int]:
    """A list's names become `entries` (name, aliases JSON, label, note): (added, changed, removed).

    Names that stay keep their hits and seen marker; a name whose aliases changed is matched again.
    """
    old = {name: (aliases, label, note) for name, aliases, label, note in db.execute(
        "SELECT name, aliases, label, note FROM watched_names WHERE watchlist_id = ?", [list_id]).fetchall()}
    added = changed = 0
    seen = set()
    for name, aliases, label, note in entries:
        seen.add(name)
        if name not in old:
            db.execute("INSERT INTO watched_names (watchlist_id, name, aliases, label, note) VALUES (?, ?, ?, ?, ?)",
                       [list_id, name, aliases, label, note])
            added += 1
        elif old[name] != (aliases, label, note):
            db.execute("UPDATE watched_names SET aliases = ?, label = ?, note = ?,"
                       " matched = CASE WHEN aliases = ? THEN matched ELSE 0 END"
                       " WHERE watchlist_id = ? AND name = ?", [aliases, label, note, aliases, list_id, name])
            changed += 1
    removed = [name for name in old if name not in seen]
    for name in removed:
        db.execute("DELETE FROM watched_names WHERE watchlist_id = ? AND name = ?", [list_id, name])
    return added, changed, len(removed)


def name_rows(db: sqlite_utils.Database, list_id: int | None = None,
              name_ids: Iterable[int] | None = None) -> list[NameRow]:
    sql = f"SELECT {_NAME_COLUMNS} FROM watched_names n JOIN watchlists w ON w.id = n.watchlist_id"
    where, params = [], []
    if list_id is not None:
        where.append("n.watchlist_id = ?")
        params.append(list_id)
    if name_ids is not None:
        ids = list(name_ids)
        where.append(f"n.id IN ({','.join('?' for _ in ids)})")
        params += ids
    if where:
        sql += " WHERE " + " AND ".join(where)
    return [NameRow(*row) for row in db.execute(sql + " ORDER BY w.name COLLATE NOCASE, n.name COLLATE NOCASE",
                                                params).fetchall()]


def name_counts(db: sqlite_utils.Database) -> dict[int, tuple[int, int, int]]:
    """name id -> (hits, documents, new hits)."""
    rows = db.execute(
        "SELECT n.id, COUNT(h.id), COUNT(DISTINCT h.document_id), COUNT(CASE WHEN h.id > n.seen_until THEN 1 END)"
        " FROM watched_names n LEFT JOIN watch_hits h ON h.name_id = n.id GROUP BY n.id"
    ).fetchall()
    return {row[0]: row[1:] for row in rows}


def set_list_options(db: sqlite_utils.Database, list_id: int, options: str) -> None:
    db.execute("UPDATE watchlists SET options = ? WHERE id = ?", [options, list_id])
    db.execute("UPDATE watched_names SET matched = 0 WHERE watchlist_id = ?", [list_id])


def set_name_options(db: sqlite_utils.Database, name_id: int, options: str) -> None:
    db.execute("UPDATE watched_names SET options = ?, matched = 0 WHERE id = ?", [options, name_id])


def unmatched_name_ids(db: sqlite_utils.Database) -> list[int]:
    return [row[0] for row in db.execute("SELECT id FROM watched_names WHERE matched = 0 ORDER BY id")]


def matched_name_ids(db: sqlite_utils.Database) -> list[int]:
    return [row[0] for row in db.execute("SELECT id FROM watched_names WHERE matched = 1 ORDER BY id")]


def mark_names_matched(db: sqlite_utils.Database, name_ids: Iterable[int]) -> None:
    db.executemany("UPDATE watched_names SET matched = 1 WHERE id = ?", ((i,) for i in name_ids))


def pending_document_ids(db: sqlite_utils.Database) -> list[int]:
    """Documents not matched yet against the watched names, or changed since."""
    return [row[0] for row in db.execute(
        "SELECT d.id FROM documents d LEFT JOIN watch_matched m ON m.document_id = d.id"
        " WHERE m.content_hash IS NULL OR m.content_hash != d.content_hash ORDER BY d.id")]


def all_document_ids(db: sqlite_utils.Database) -> list[int]:
    return [row[0] for row in db.execute("SELECT id FROM documents ORDER BY id")]


def mark_documents_matched(db: sqlite_utils.Database, document_ids: Iterable[int]) -> None:
    db.executemany(
        "INSERT OR REPLACE INTO watch_matched (document_id, content_hash)"
        " SELECT id, content_hash FROM documents WHERE id = ?", ((i,) for i in document_ids))


def has_names(db: sqlite_utils.Database) -> bool:
    return db.execute("SELECT 1 FROM watched_names LIMIT 1").fetchone() is not None


def index_terms(db: sqlite_utils.Database) -> list[str]:
    """Every word of the full-text index (lower case, diacritics removed as the index removes them)."""
    db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.watch_vocabulary USING fts5vocab(main, documents_fts, row)")
    return [row[0] for row in db.execute("SELECT term FROM temp.watch_vocabulary")]


def documents_matching(db: sqlite_utils.Database, query: str) -> list[int]:
    """Ids of the documents a full-text query (FTS5 syntax) finds."""
    return [row[0] for row in db.execute("SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?", [query])]


def texts(db: sqlite_utils.Database, document_ids: list[int]) -> Iterable[tuple[int, str]]:
    """(id, text) of these documents, read in chunks."""
    for start in range(0, len(document_ids), 500):
        chunk = document_ids[start:start + 500]
        yield from db.execute(f"SELECT id, text FROM documents WHERE id IN ({','.join('?' for _ in chunk)})", chunk)


def sync_hits(db: sqlite_utils.Database, hits: Iterable[tuple[int, int, int, int, str]],
              name_ids: Iterable[int] | None = None, document_ids: Iterable[int] | None = None) -> int:
    """Make the stored hits of these names in these documents (None: all) exactly `hits`
    (name_id, document_id, start, end, text). Hits already stored keep their id, so they stay
    seen; returns how many are new."""
    db.execute("CREATE TEMP TABLE IF NOT EXISTS watch_found (name_id INTEGER, document_id INTEGER, start INTEGER,"
               " end INTEGER, text TEXT, PRIMARY KEY (name_id, document_id, start, end))")
    db.execute("CREATE TEMP TABLE IF NOT EXISTS watch_scope_names (id INTEGER PRIMARY KEY)")
    db.execute("CREATE TEMP TABLE IF NOT EXISTS watch_scope_documents (id INTEGER PRIMARY KEY)")
    for table in ("watch_found", "watch_scope_names", "watch_scope_documents"):
        db.execute(f"DELETE FROM {table}")
    db.executemany("INSERT OR IGNORE INTO watch_found VALUES (?, ?, ?, ?, ?)", hits)
    scope = []
    for column, table, ids in (("name_id", "watch_scope_names", name_ids),
                               ("document_id", "watch_scope_documents", document_ids)):
        if ids is not None:
            db.executemany(f"INSERT OR IGNORE INTO {table} VALUES (?)", ((i,) for i in ids))
            scope.append(f"{column} IN (SELECT id FROM {table})")
    db.execute(
        f"DELETE FROM watch_hits WHERE {' AND '.join(scope) or 'true'} AND NOT EXISTS ("
        " SELECT 1 FROM watch_found f WHERE f.name_id = watch_hits.name_id AND f.document_id = watch_hits.document_id"
        " AND f.start = watch_hits.start AND f.end = watch_hits.end AND f.text = watch_hits.text)"
    )
    return db.execute(
        "INSERT OR IGNORE INTO watch_hits (name_id, document_id, start, end, text)"
        " SELECT name_id, document_id, start, end, text FROM watch_found ORDER BY document_id, start, name_id"
    ).rowcount


def hit_rows(db: sqlite_utils.Database, name_id: int | None = None, list_id: int | None = None,
             new_only: bool = False, document_id: int | None = None, offset: int = 0,
             limit: int = -1) -> list[HitRow]:
    where, params = [], []
    for clause, value in (("h.name_id = ?", name_id), ("n.watchlist_id = ?", list_id),
                          ("h.document_id = ?", document_id)):
        if value is not None:
            where.append(clause)
            params.append(value)
    if new_only:
        where.append("h.id > n.seen_until")
    rows = db.execute(
        f"""
        SELECT h.id, h.name_id, n.name, n.label, w.name, h.document_id, d.title, d.path, h.start, h.end, h.text,
               substr(d.text, max(0, h.start - {CONTEXT_WINDOW}) + 1,
                      h.end + {CONTEXT_WINDOW} - max(0, h.start - {CONTEXT_WINDOW})),
               max(0, h.start - {CONTEXT_WINDOW}), h.id > n.seen_until
        FROM watch_hits h JOIN watched_names n ON n.id = h.name_id JOIN watchlists w ON w.id = n.watchlist_id
             JOIN documents d ON d.id = h.document_id
        {'WHERE ' + ' AND '.join(where) if where else ''}
        ORDER BY n.name COLLATE NOCASE, h.document_id, h.start
        LIMIT ? OFFSET ?
        """,
        [*params, limit, offset],
    ).fetchall()
    return [HitRow(*row[:13], bool(row[13])) for row in rows]


def hit_groups(db: sqlite_utils.Database, name_id: int, offset: int = 0, limit: int = -1) -> list[tuple]:
    """(document id, title, published, path, hits, new hits) of each document where a watched name was
    found: documents with new hits first, then the newest."""
    return db.execute(
        """
        SELECT d.id, d.title, d.published, d.path, g.hits, g.new
        FROM (SELECT h.document_id, COUNT(*) AS hits, SUM(h.id > n.seen_until) AS new
              FROM watch_hits h JOIN watched_names n ON n.id = h.name_id
              WHERE h.name_id = ? GROUP BY h.document_id) g
        JOIN documents d ON d.id = g.document_id
        ORDER BY g.new > 0 DESC, d.id DESC LIMIT ? OFFSET ?
        """,
        [name_id, limit, offset],
    ).fetchall()


def hit_group_total(db: sqlite_utils.Database, name_id: int) -> int:
    """How many documents a watched name was found in."""
    return db.execute("SELECT COUNT(DISTINCT document_id) FROM watch_hits WHERE name_id = ?", [name_id]).fetchone()[0]


def mark_seen(db: sqlite_utils.Database, name_ids: Iterable[int] | None = None) -> None:
    """Every hit stored so far counts as seen for these names (all names if None)."""
    latest = db.execute("SELECT COALESCE(MAX(id), 0) FROM watch_hits").fetchone()[0]
    if name_ids is None:
        db.execute("UPDATE watched_names SET seen_until = ?", [latest])
    else:
        db.executemany("UPDATE watched_names SET seen_until = ? WHERE id = ?",
                            ((latest, i) for i in name_ids))
