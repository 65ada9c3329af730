"""Disks of their own for tests: a small one that can be filled, and one that cannot be written.

Both are real tmpfs mounts (as root, which CI is). Where mounting is not permitted, a full disk
falls back to patching: the library connection's writes fail with SQLite's "database or disk
is full", and plain files fail their fsync; a read-only disk falls back to chmod (which binds
everyone but root).
"""
from __future__ import annotations

import errno
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _mount(folder: Path, options: str) -> bool:
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True)
    return done.returncode == 0


def _unmount(folder: Path) -> None:
    subprocess.run(["umount", "-l", str(folder)], capture_output=True)


class SmallDisk:
    """A folder on a disk of its own; fill() leaves no free byte on it, free() gives the space back."""

    def __init__(self, folder: Path, mounted: bool) -> None:
        self.folder, self.mounted = folder, mounted
        self._filler = folder / "filler.bin"
        self._patches = pytest.MonkeyPatch()

    def fill(self, *databases) -> None:
        """No space left. Where nothing could be mounted, `databases` (LibraryDatabase) fail their
        writes as SQLite does on a full disk, and files written here fail their fsync."""
        if self.mounted:
            for db in databases:  # the log is emptied, so that the next change needs new space
                db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            with self._filler.open("ab", buffering=0) as file:
                for size in (1 << 16, 1 << 12, 1 << 8, 1):  # down to the last byte
                    try:
                        while file.write(b"\0" * size):
                            pass
                    except OSError as error:
                        assert error.errno == errno.ENOSPC
            return
        for db in databases:
            for name in ("execute", "executemany"):
                self._patches.setattr(db, name, _failing_writes(getattr(db, name)))
        fsync, folder = os.fsync, str(self.folder)

        def no_space_here(descriptor: int) -> None:  # files on this disk only
            if os.readlink(f"/proc/self/fd/{descriptor}").startswith(folder):
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            fsync(descriptor)

        self._patches.setattr("reader.atomic_write.os.fsync", no_space_here)

    def free(self) -> None:
        self._filler.unlink(missing_ok=True)
        self._patches.undo()


def _failing_writes(execute):
    def execute_on_a_full_disk(sql: str, *args, **kwargs):
        if sql.lstrip().split(None, 1)[0].upper() in ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP"):
            raise sqlite3.OperationalError("database or disk is full")
        return execute(sql, *args, **kwargs)
    return execute_on_a_full_disk


@contextmanager
def small_disk(folder: Path, megabytes: int = 8) -> Iterator[SmallDisk]:
    mounted = _mount(folder, f"size={megabytes}m")
    disk = SmallDisk(folder, mounted)
    try:
        yield disk
    finally:
        disk.free()
        if mounted:
            _unmount(folder)


@contextmanager
def read_only_disk(folder: Path) -> Iterator[None]:
    """Files written in `folder` before the block cannot be written, nor can the folder, inside it."""
    mounted = _mount(folder, "size=16m")
    try:
        yield None
    finally:
        if mounted:
            _unmount(folder)


@contextmanager
def made_read_only(folder: Path) -> Iterator[None]:
    """Inside the block, `folder` (a read_only_disk) and its files cannot be written."""
    remounted = subprocess.run(["mount", "-o", "remount,ro", str(folder)], capture_output=True).returncode == 0
    if not remounted:
        if os.geteuid() == 0:
            pytest.skip("neither a read-only mount nor chmod can stop root from writing here")
        modes = {p: p.stat().st_mode for p in [folder, *folder.iterdir()]}
        for path in modes:
            path.chmod(modes[path] & ~0o222)
    try:
        yield
    finally:
        if remounted:
            subprocess.run(["mount", "-o", "remount,rw", str(folder)], capture_output=True)
        else:
            for path, mode in modes.items():
                path.chmod(mode)
