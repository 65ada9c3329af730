"""Opening a library file: recognising it, connection settings, schema and migrations."""
from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
from pathlib import Path

import sqlite_utils

from reader.errors import DamagedLibrary, LibraryError, NotALibrary, ReadOnlyLibrary
from reader.storage.connection import WRITE_WAIT_SECONDS, LibraryDatabase, connect, translate

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
    # 6: each document's linked mentions and entities, kept with it, so that the library list is a
    # plain indexed query (no aggregation over every mention); an entity's mentions by status, covered
    """
    ALTER TABLE documents ADD COLUMN mention_count INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE documents ADD COLUMN entity_count INTEGER NOT NULL DEFAULT 0;
    UPDATE documents SET
      mention_count = (SELECT COUNT(*) FROM mentions m WHERE m.document_id = documents.id
                       AND m.status = 'linked' AND m.entity_id IS NOT NULL),
      entity_count = (SELECT COUNT(DISTINCT m.entity_id) FROM mentions m WHERE m.document_id = documents.id
                      AND m.status = 'linked' AND m.entity_id IS NOT NULL);
    CREATE INDEX documents_title ON documents(title COLLATE NOCASE, id);
    CREATE INDEX documents_published ON documents(published, id);
    CREATE INDEX documents_entity_count ON documents(entity_count, id);
    DROP INDEX mentions_entity;
    CREATE INDEX mentions_entity ON mentions(entity_id, status, document_id, start);
    """,
    # 7: page clutter as regions of a document's text (not analysed, shown dimmed); name matches
    # linked without review because they are certain (automatic = 1); values stop linking across
    # documents, so the library is relinked
    """
    CREATE TABLE regions (
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        kind TEXT NOT NULL,
        PRIMARY KEY (document_id, start)
    ) WITHOUT ROWID;
    CREATE TRIGGER regions_text_changed AFTER UPDATE OF text ON documents BEGIN
        DELETE FROM regions WHERE document_id = old.id;
    END;
    ALTER TABLE mentions ADD COLUMN automatic INTEGER NOT NULL DEFAULT 0;
    INSERT OR REPLACE INTO meta (key, value) SELECT 'linking_stale', '1' WHERE EXISTS (SELECT 1 FROM mentions);
    """,
    # 8: near-duplicates: each document's MinHash signature (of the text with `content_hash`), its
    # story (the id of the story's first document; a document alone is its own story), and its
    # LSH band keys, so that a new document is compared only with candidates
    """
    CREATE TABLE story_signatures (
        document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        content_hash TEXT NOT NULL,
        shingles INTEGER NOT NULL,
        signature BLOB NOT NULL,
        story INTEGER NOT NULL
    );
    CREATE INDEX story_signatures_story ON story_signatures(story);
    CREATE TABLE story_bands (
        key INTEGER NOT NULL,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        PRIMARY KEY (key, document_id)
    ) WITHOUT ROWID;
    CREATE INDEX story_bands_document ON story_bands(document_id);
    """,
    # 9: linking part of the library: the relation buckets of each key (keys sharing one may change
    # each other's linking), the words the library writes in lower case (a name that is also a common
    # word is no certain match), and the documents whose analysis is not yet linked / name-matched
    """
    CREATE TABLE key_buckets (
        bucket TEXT NOT NULL,
        key TEXT NOT NULL,
        PRIMARY KEY (bucket, key)
    ) WITHOUT ROWID;
    CREATE INDEX key_buckets_key ON key_buckets(key);
    CREATE INDEX mentions_entity_key ON mentions(entity_id, key);
    DROP INDEX mentions_key;
    CREATE INDEX mentions_key ON mentions(key, entity_id);
    CREATE TABLE common_words (word TEXT PRIMARY KEY) WITHOUT ROWID;
    CREATE TABLE unlinked_documents (document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE);
    CREATE TABLE unmatched_documents (document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE);
    INSERT OR REPLACE INTO meta (key, value) VALUES ('buckets_stale', '1');
    INSERT OR REPLACE INTO meta (key, value) VALUES ('common_words_stale', '1');
    """,
    # 10: what the reader did with a document: when they first opened it (read_at; NULL: unread), and the
    # title and date they gave it (edited: a JSON object with "title" and/or "published"), which a
    # re-import of its file keeps
    """
    ALTER TABLE documents ADD COLUMN read_at TEXT;
    ALTER TABLE documents ADD COLUMN edited TEXT;
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)
APPLICATION_ID = 0x52656164  # "Read": PRAGMA application_id of every Reader library
# the tables of migration 1: a library written before Reader set its application_id has them all
_READER_TABLES = frozenset({"documents", "entities", "mentions", "mention_reviews", "aliases", "entity_rules", "meta"})


def open_database(path: str | Path, write_wait: float = WRITE_WAIT_SECONDS) -> LibraryDatabase:
    """Open a library file (a missing or empty file becomes a new library), migrated to the current schema.

    Nothing is written to a file before it is known to be a Reader library this Reader can open:
    another program's database, a newer Reader's library or a damaged file is refused untouched.
    A library that cannot be written (read-only file, folder or disk) is opened read-only.
    """
    path = Path(path).expanduser()
    _make_folder(path)
    version = inspect_library(path)
    read_only = _read_only(path, version)
    db = LibraryDatabase(_connect_checked(path, read_only, write_wait), path, read_only, write_wait)
    try:
        db.execute("PRAGMA foreign_keys = ON")
        if read_only:
            if version < SCHEMA_VERSION:
                raise ReadOnlyLibrary(f"{path}: this library must be upgraded for this Reader, and it cannot"
                                      " be written (a read-only file, folder or disk)")
        else:
            if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                db.execute("PRAGMA journal_mode = wal")  # readers never wait for a writer
            db.execute("PRAGMA synchronous = NORMAL")
            migrate(db)
    except BaseException:
        db.close()
        raise
    return db


def inspect_library(path: Path) -> int:
    """The schema version of a Reader library file (0: missing or empty, a new library), read
    without writing anything; raises NotALibrary for another program's file or a newer Reader's.

    The file is read through SQLite only. Opening and closing a descriptor of our own on it would drop
    every POSIX lock this process holds on the file (a lane of the window opening its connection while
    another holds locks), and another process (an import, the CLI) could then checkpoint or reset the
    write-ahead log under the readers of this one: a damaged library.
    """
    try:
        if not path.exists():
            return 0
        if path.is_dir():
            raise NotALibrary(f"{path}: is a folder, not a library file")
        if path.stat().st_size == 0:
            return 0
        if not os.access(path, os.R_OK):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
    except OSError as error:
        raise LibraryError(f"{path}: the library file cannot be read ({error.strerror or error})") from error
    try:
        conn = _connect_checked(path, read_only=True)
    except DamagedLibrary as error:
        if "file is not a database" not in str(error):
            raise
        raise NotALibrary(f"{path}: not a Reader library (not a SQLite database: another kind of file, or a"
                          " damaged library); Reader left it untouched") from None
    conn = _connect_checked(path, read_only=True)
    try:
        with contextlib.closing(conn):
            application_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.Error as error:
        raise translate(error, path) from error
    ours = application_id == APPLICATION_ID or (application_id == 0 and _READER_TABLES <= tables)
    if not ours and (application_id != 0 or tables or version):
        shown = ", ".join(sorted(tables)[:6]) + (", …" if len(tables) > 6 else "")
        raise NotALibrary(f"{path}: not a Reader library (a database of another program"
                          + (f", with tables {shown}" if shown else "") + "); Reader left it untouched")
    if version > SCHEMA_VERSION:
        raise NotALibrary(f"{path}: this library was written by a newer Reader (schema {version}; this Reader"
                          f" knows up to {SCHEMA_VERSION}); Reader left it untouched. Update Reader to open it")
    return version


def _make_folder(path: Path) -> None:
    folder = path.parent
    if folder.is_dir():
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise LibraryError(f"{path}: {folder} is a file, not a folder") from None
    except OSError as error:
        raise LibraryError(f"{path}: the folder {folder} does not exist and cannot be created"
                           f" ({error.strerror or error})") from error


def _read_only(path: Path, version: int) -> bool:
    """True when the library exists but its file or folder cannot be written."""
    folder_writable = os.access(path.parent, os.W_OK)
    if version == 0 and (not path.exists() or path.stat().st_size == 0):
        if not folder_writable or (path.exists() and not os.access(path, os.W_OK)):
            raise ReadOnlyLibrary(f"{path}: a new library cannot be created here: the folder {path.parent}"
                                  " cannot be written")
        return False
    return not (folder_writable and os.access(path, os.W_OK))


def _connect_checked(path: Path, read_only: bool, write_wait: float = WRITE_WAIT_SECONDS) -> sqlite3.Connection:
    """A connection that has read the file once. A read-only WAL library in a read-only folder,
    whose lock files cannot be made, is read as immutable: nothing can write it meanwhile."""
    conn = connect(path, read_only, write_wait)
    try:
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as error:
        conn.close()
        if read_only and not os.access(path.parent, os.W_OK):
            conn = connect(path, read_only, write_wait, immutable=True)
            try:
                conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
                return conn
            except sqlite3.Error:
                conn.close()
        raise translate(error, path) from error
    return conn


def schema_version(db: sqlite_utils.Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def migrate(db: LibraryDatabase) -> None:
    """Apply the migrations this file has not seen yet, each in its own write transaction.

    Nothing is written (no lock taken) when the library is already current, so opening a
    library never waits for another program's import.
    """
    if schema_version(db) == SCHEMA_VERSION and _application_id(db) == APPLICATION_ID:
        return
    while True:
        with db.write():
            version = schema_version(db)  # read again under the lock: another process may have migrated
            if version > SCHEMA_VERSION:
                raise NotALibrary(f"{db.path}: this library was written by a newer Reader (schema {version};"
                                  f" this Reader knows up to {SCHEMA_VERSION})")
            if _application_id(db) != APPLICATION_ID:
                db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            if version == SCHEMA_VERSION:
                return
            for statement in _statements(MIGRATIONS[version]):
                db.execute(statement)
            db.execute(f"PRAGMA user_version = {version + 1}")


def _application_id(db: sqlite_utils.Database) -> int:
    return db.execute("PRAGMA application_id").fetchone()[0]


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


def set_meta(db: LibraryDatabase, key: str, value: str) -> None:
    with db.write():
        db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", [key, value])
