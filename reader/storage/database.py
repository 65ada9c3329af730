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
    CREATE TABLE aliases (
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        long TEXT NOT NULL,
        short TEXT NOT NULL
    );
    CREATE INDEX aliases_document ON aliases(document_id);
    CREATE TABLE entity_rules (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT,
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
]

SCHEMA_VERSION = len(MIGRATIONS)


def open_database(path: str | Path) -> sqlite_utils.Database:
    """Open (creating if needed) a library file, migrated to the current schema."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
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
