"""A library's SQLite connection: write transactions that wait their turn, and errors a user can act on."""
from __future__ import annotations

import contextlib
import errno
import secrets
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import sqlite_utils

from reader.atomic_write import disk_full_message
from reader.errors import DamagedLibrary, DiskFull, LibraryBusy, LibraryError, ReaderError, ReadOnlyLibrary

BUSY_TIMEOUT_SECONDS = 5.0  # SQLite's own wait for another writer, per attempt (it sleeps, it does not spin)
WRITE_WAIT_SECONDS = 300.0  # how long a write waits in all for other writers before giving up
_TURN_MS = 20  # one attempt at the write lock: SQLite sleeps 1, 2, 5, 10 ms between its polls

# SQLite primary result codes (https://sqlite.org/rescode.html)
_BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 5, 6, 8, 10, 11, 13, 14, 26
_MESSAGES = {  # Python < 3.11 has no sqlite_errorcode: the messages SQLite gives for the same codes
    "database is locked": _BUSY, "database table is locked": _LOCKED,
    "attempt to write a readonly database": _READONLY, "disk i/o error": _IOERR,
    "database disk image is malformed": _CORRUPT, "database or disk is full": _FULL,
    "unable to open database file": _CANTOPEN, "file is not a database": _NOTADB,
}


def connect(path: Path, read_only: bool, write_wait: float = WRITE_WAIT_SECONDS,
            immutable: bool = False) -> sqlite3.Connection:
    """A connection that never opens a transaction by itself (isolation_level None): every
    write transaction is begun explicitly by LibraryDatabase.write()."""
    timeout = min(BUSY_TIMEOUT_SECONDS, write_wait)
    try:
        if read_only:
            uri = f"file:{quote(str(path.absolute()))}?mode=ro" + ("&immutable=1" if immutable else "")
            return sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None)
        return sqlite3.connect(str(path), timeout=timeout, isolation_level=None)
    except (sqlite3.Error, OSError) as error:
        raise translate(error, path) from error


def translate(error: BaseException, path: Path) -> BaseException:
    """A SQLite or OS error about the library file as the ReaderError a user can act on; other errors
    (a malformed search query, a constraint) come back unchanged."""
    if isinstance(error, ReaderError):
        return error
    if isinstance(error, OSError):
        if error.errno == errno.ENOSPC:
            return DiskFull(_disk_full(path))
        if error.errno == errno.EROFS:
            return ReadOnlyLibrary(f"{path}: the library is on a read-only disk; it can be read but not changed")
        return error
    code = _code(error) if isinstance(error, sqlite3.Error) else None
    if code == _FULL:
        return DiskFull(_disk_full(path))
    if code in (_CORRUPT, _NOTADB):
        return DamagedLibrary(f"{path}: the library file is damaged ({error}); restore it from a backup")
    if code == _READONLY:
        return ReadOnlyLibrary(f"{path}: the library cannot be changed ({error}); it can still be read")
    if code in (_BUSY, _LOCKED):
        return LibraryBusy(f"{path}: another program is changing the library ({error}); try again when it is done")
    if code == _IOERR:
        return LibraryError(f"{path}: the library file cannot be read or written ({error})")
    if code == _CANTOPEN:
        return LibraryError(f"{path}: the library file cannot be opened ({error})")
    return error


def _code(error: sqlite3.Error) -> int | None:
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF
    return _MESSAGES.get(str(error).lower())


def _disk_full(path: Path) -> str:
    return disk_full_message(path, "the change was not saved (nothing of it was written)")


CONTENT_KEY = "content_version"


class LibraryDatabase(sqlite_utils.Database):
    """sqlite-utils over one library connection: `write()` for every change, SQLite errors translated."""

    def __init__(self, conn: sqlite3.Connection, path: Path, read_only: bool = False,
                 write_wait: float = WRITE_WAIT_SECONDS) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self.write_wait = write_wait
        super().__init__(conn)

    # ---- transactions ----------------------------------------------------------------------

    @contextlib.contextmanager
    def write(self, cache: bool = False) -> Iterator[LibraryDatabase]:
        """One write transaction: all of it is stored, or (on any error) none of it.

        A transaction that changed anything counts one more change of content (`content_version`),
        unless it only rebuilt caches (`cache`): a window watching the library for other programs'
        changes then tells the graph's caches, rebuilt by its own helper, from a change to show.

        It begins with `BEGIN IMMEDIATE`: the write lock is taken before the first read, so
        what the block reads cannot be changed by another connection before it writes, and its
        writes never fail with "database is locked". When another connection holds the lock,
        it waits (up to `write_wait` seconds, then LibraryBusy). Nested blocks are savepoints.
        """
        if self.conn.in_transaction:
            with self._savepoint():
                yield self
            return
        if self.read_only:
            raise ReadOnlyLibrary(f"{self.path}: the library is opened read-only (its file, folder or disk"
                                  " cannot be written); it can be read but not changed")
        self._begin_immediate()
        changes = self.conn.total_changes
        try:
            yield self
            if not cache and self.conn.total_changes != changes:
                self._count_content_change()
            self.conn.execute("COMMIT")
        except BaseException as error:
            if self.conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    self.conn.execute("ROLLBACK")
            translated = translate(error, self.path)
            if translated is error:
                raise
            raise translated from error

    def atomic(self) -> contextlib.AbstractContextManager:  # type: ignore[override]
        """sqlite-utils' own transactions (and its table methods) go through write() as well."""
        return self.write()

    def _begin_immediate(self) -> None:
        """Take the write lock, waiting for it in short turns: SQLite's own wait polls less and less
        often (up to every 100 ms), so a writer that has waited long would lose the lock to each
        newcomer; short turns keep every waiter polling alike, whoever came first."""
        deadline = time.monotonic() + self.write_wait
        self.conn.execute(f"PRAGMA busy_timeout = {_TURN_MS}")
        try:
            while True:
                try:
                    self.conn.execute("BEGIN IMMEDIATE")
                    return
                except sqlite3.OperationalError as error:
                    if _code(error) not in (_BUSY, _LOCKED):
                        raise translate(error, self.path) from error
                    if time.monotonic() >= deadline:
                        raise LibraryBusy(
                            f"{self.path}: another program has been changing the library for over"
                            f" {self.write_wait:.0f} s; try again when it is done") from error
        finally:
            self.conn.execute(f"PRAGMA busy_timeout = {int(min(BUSY_TIMEOUT_SECONDS, self.write_wait) * 1000)}")

    @contextlib.contextmanager
    def _savepoint(self) -> Iterator[None]:
        name = f"reader_{secrets.token_hex(6)}"
        self.conn.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            if self.conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    self.conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                    self.conn.execute(f"RELEASE SAVEPOINT {name}")
            raise
        else:
            self.conn.execute(f"RELEASE SAVEPOINT {name}")

    # ---- statements ------------------------------------------------------------------------

    def execute(self, sql: str, parameters=None) -> sqlite3.Cursor:  # type: ignore[override]
        with self.translating():
            return _Cursor(super().execute(sql, parameters), self)  # type: ignore[return-value]

    def executemany(self, sql: str, rows) -> sqlite3.Cursor:
        with self.translating():
            return self.conn.executemany(sql, rows)

    @contextlib.contextmanager
    def translating(self) -> Iterator[None]:
        """SQLite errors about the library file raised inside become ReaderErrors naming it."""
        try:
            yield
        except (sqlite3.Error, OSError) as error:
            translated = translate(error, self.path)
            if translated is error:
                raise
            raise translated from error

    def data_version(self) -> int:
        """Changes when another connection commits to the library (SQLite's PRAGMA data_version)."""
        return self.execute("PRAGMA data_version").fetchone()[0]

    def content_version(self) -> int:
        """How many write transactions changed the library's content (not only its caches)."""
        try:
            row = self.execute("SELECT value FROM main.meta WHERE key = ?", [CONTENT_KEY]).fetchone()
        except sqlite3.OperationalError:  # no meta table yet: a library being made
            return 0
        return int(row[0]) if row else 0

    def _count_content_change(self) -> None:
        with contextlib.suppress(sqlite3.OperationalError):  # no meta table yet: a library being made
            self.conn.execute("INSERT INTO main.meta (key, value) VALUES (?, 1)"
                              " ON CONFLICT (key) DO UPDATE SET value = value + 1", [CONTENT_KEY])


class _Cursor:
    """A cursor whose fetches translate errors too (SQLite finds a damaged page while stepping)."""

    __slots__ = ("_cursor", "_db")

    def __init__(self, cursor: sqlite3.Cursor, db: LibraryDatabase) -> None:
        self._cursor, self._db = cursor, db

    def __getattr__(self, name: str):
        return getattr(self._cursor, name)

    def fetchone(self):
        with self._db.translating():
            return self._cursor.fetchone()

    def fetchall(self) -> list:
        with self._db.translating():
            return self._cursor.fetchall()

    def fetchmany(self, size: int = 1) -> list:
        with self._db.translating():
            return self._cursor.fetchmany(size)

    def __iter__(self):
        while rows := self.fetchmany(1000):
            yield from rows
