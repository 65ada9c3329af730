"""Opening a library file: connection settings, schema and migrations."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

from reader.errors import ReaderError

# Each entry migrates the schema from version N to N+1; never edit a released one.
MIGRATIONS: list[str] = [
    # 1: documents, entities, mentions, aliases, rules, full-text search
    """
    CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        published TEXT,
        content_hash TEXT NOT NULL,
        text TEXT NOT NULL,
        words INTEGER NOT NULL,
        imported_at TEXT NOT NULL,
        analysed_with TEXT
    );
    CREATE INDEX documents_content_hash ON documents(content_hash);
    CREATE TABLE entities (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        label TEXT NOT NULL,
        mentions INTEGER NOT NULL DEFAULT 0,
        documents INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE mentions (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        text TEXT NOT NULL,
        label TEXT NOT NULL,
        key TEXT NOT NULL,
        entity_id INTEGER REFERENCES entities(id) ON DELETE SET NULL,
        source TEXT NOT NULL DEFAULT 'model',
        status TEXT NOT NULL DEFAULT 'linked'
    );
    CREATE INDEX mentions_document ON mentions(document_id, start);
    CREATE INDEX mentions_entity ON mentions(entity_id, document_id);
    CREATE INDEX mentions_key ON mentions(key);
    CREATE TABLE mention_reviews (
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        key TEXT NOT NULL,
        verdict TEXT NOT NULL,
        PRIMARY KEY (document_id, start, end, key)
    );
    CREATE TABLE aliases (
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        long TEXT NOT NULL,
        short TEXT NOT NULL
    );
    CREATE INDEX aliases_document ON aliases(document_id);
    CREATE TABLE entity_rules (
        id INTEGER PRIMARY KEY,
        batch INTEGER NOT NULL,
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT,
        description TEXT NOT NULL,
        created TEXT NOT NULL
    );
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
    CREATE VIRTUAL TABLE documents_fts USING fts5(
        title, text, content='documents', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
        INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END;
    CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
    END;
    CREATE TRIGGER documents_au AFTER UPDATE OF title, text ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
        INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END;
    """,
    # 2: notes on a passage (W3C quote selector + offsets), an entity, or a document
    """
    CREATE TABLE notes (
        id INTEGER PRIMARY KEY,
        document_id INTEGER REFERENCES documents(id) ON DELETE CASCADE,
        entity_id INTEGER REFERENCES entities(id) ON DELETE SET NULL,
        entity_key TEXT,
        start INTEGER,
        end INTEGER,
        quote TEXT,
        prefix TEXT,
        suffix TEXT,
        body TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'anchored' CHECK (status IN ('anchored', 'orphaned')),
        created TEXT NOT NULL,
        updated TEXT NOT NULL
    );
    CREATE INDEX notes_document ON notes(document_id, start);
    CREATE INDEX notes_entity ON notes(entity_id);
    CREATE INDEX notes_entity_key ON notes(entity_key);
    """,
    # 3: analytics: paragraph spans; caches of entity-paragraph incidence, co-occurrence and
    # entity dates, rebuilt when mentions change (triggers set meta analytics_stale)
    """
    CREATE TABLE paragraphs (
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        PRIMARY KEY (document_id, start)
    ) WITHOUT ROWID;
    CREATE TABLE entity_paragraphs (
        entity_id INTEGER NOT NULL,
        document_id INTEGER NOT NULL,
        paragraph INTEGER NOT NULL,
        mentions INTEGER NOT NULL,
        PRIMARY KEY (entity_id, document_id, paragraph)
    ) WITHOUT ROWID;
    CREATE INDEX entity_paragraphs_place ON entity_paragraphs(document_id, paragraph, entity_id);
    CREATE TABLE cooccurrence (
        a INTEGER NOT NULL,
        b INTEGER NOT NULL,
        weight INTEGER NOT NULL,
        PRIMARY KEY (a, b)
    ) WITHOUT ROWID;
    CREATE TABLE entity_dates (entity_id INTEGER PRIMARY KEY, first TEXT, last TEXT);
    INSERT OR REPLACE INTO meta (key, value) VALUES ('analytics_stale', '1');
    CREATE TRIGGER paragraphs_text_changed AFTER UPDATE OF text ON documents BEGIN
        DELETE FROM paragraphs WHERE document_id = old.id;
    END;
    CREATE TRIGGER analytics_mention_added AFTER INSERT ON mentions
    WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'analytics_stale') BEGIN
        INSERT OR REPLACE INTO meta (key, value) VALUES ('analytics_stale', '1');
    END;
    CREATE TRIGGER analytics_mention_removed AFTER DELETE ON mentions
    WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'analytics_stale') BEGIN
        INSERT OR REPLACE INTO meta (key, value) VALUES ('analytics_stale', '1');
    END;
    CREATE TRIGGER analytics_mention_relinked AFTER UPDATE OF entity_id, status, start ON mentions
    WHEN (old.entity_id IS NOT new.entity_id OR old.status IS NOT new.status OR old.start != new.start)
         AND NOT EXISTS (SELECT 1 FROM meta WHERE key = 'analytics_stale') BEGIN
        INSERT OR REPLACE INTO meta (key, value) VALUES ('analytics_stale', '1');
    END;
    CREATE TRIGGER analytics_date_changed AFTER UPDATE OF published ON documents
    WHEN old.published IS NOT new.published
         AND NOT EXISTS (SELECT 1 FROM meta WHERE key = 'analytics_stale') BEGIN
        INSERT OR REPLACE INTO meta (key, value) VALUES ('analytics_stale', '1');
    END;
    """,
    # 4: what a file says about a document besides its text (sender, source, byline, link,
    # pages, attachments), as a JSON object; NULL when it says nothing
    """
    ALTER TABLE documents ADD COLUMN meta TEXT;
    """,
    # 5: watchlists: the user's lists of names, their hits in documents (ids only grow, so "new
    # since last seen" is a comparison), and which documents were matched at which content
    """
    CREATE TABLE watchlists (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        path TEXT,
        options TEXT NOT NULL DEFAULT '{}',
        created TEXT NOT NULL
    );
    CREATE TABLE watched_names (
        id INTEGER PRIMARY KEY,
        watchlist_id INTEGER NOT NULL REFERENCES watchlists(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        aliases TEXT NOT NULL DEFAULT '[]',
        label TEXT,
        note TEXT,
        options TEXT NOT NULL DEFAULT '{}',
        seen_until INTEGER NOT NULL DEFAULT 0,
        matched INTEGER NOT NULL DEFAULT 0,
        UNIQUE (watchlist_id, name)
    );
    CREATE TABLE watch_hits (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name_id INTEGER NOT NULL REFERENCES watched_names(id) ON DELETE CASCADE,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        text TEXT NOT NULL,
        UNIQUE (name_id, document_id, start, end)
    );
    CREATE INDEX watch_hits_document ON watch_hits(document_id);
    CREATE TABLE watch_matched (
        document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        content_hash TEXT NOT NULL
    );
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)


def open_database(path: str | Path) -> sqlite_utils.Database:
    """Open (creating if needed) a library file, migrated to the current schema."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), timeout=30)  # one connection per thread
        db = sqlite_utils.Database(conn)
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA busy_timeout = 30000")
        db.enable_wal()
        db.execute("PRAGMA synchronous = NORMAL")
        migrate(db)
    except sqlite3.DatabaseError as error:
        raise ReaderError(f"{path}: not a Reader library ({error})") from error
    except OSError as error:
        raise ReaderError(f"{path}: cannot open the library ({error.strerror or error})") from error
    return db


def schema_version(db: sqlite_utils.Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def migrate(db: sqlite_utils.Database) -> None:
    """Apply the migrations this file has not seen yet, each in its own transaction."""
    version = schema_version(db)
    if version > SCHEMA_VERSION:
        raise ReaderError(
            f"this library was written by a newer Reader (schema {version}, "
            f"this Reader knows {SCHEMA_VERSION})"
        )
    for number in range(version, SCHEMA_VERSION):
        with db.atomic():
            for statement in _statements(MIGRATIONS[number]):
                db.execute(statement)
            db.execute(f"PRAGMA user_version = {number + 1}")


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (trigger bodies kept whole)."""
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            if current.strip():
                statements.append(current.strip())
            current = ""
    if current.strip():
        statements.append(current.strip())
    return statements


def get_meta(db: sqlite_utils.Database, key: str) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def set_meta(db: sqlite_utils.Database, key: str, value: str) -> None:
    db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", [key, value])
