"""Writing a file so that it is never half-written: a temporary file beside it, renamed over it."""
from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from reader.errors import DiskFull, ReaderError


@contextlib.contextmanager
def atomic_output(path: str | Path, binary: bool = False, sync: bool = True) -> Iterator[IO]:
    """A file opened for writing that replaces `path` only when the block ends without error.

    Until then the target keeps what it had (or does not exist); an error, a cancel or a crash
    leaves no half-written file behind. Text is UTF-8 with newlines written as given. `sync`
    waits for the data to reach the disk before the rename (thousands of small files of a vault
    need not). A full disk raises DiskFull, another failure ReaderError, both naming the file.
    """
    target = Path(path).expanduser()
    temporary: str | None = None
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
        with os.fdopen(descriptor, "wb") if binary else os.fdopen(descriptor, "w", encoding="utf-8", newline="") as out:
            yield out
            out.flush()
            if sync:
                os.fsync(out.fileno())
        os.chmod(temporary, _mode_for(target))
        os.replace(temporary, target)
        temporary = None
        if sync:
            _sync_folder(target.parent)
    except OSError as error:
        if isinstance(error, BrokenPipeError):
            raise
        if error.errno == errno.ENOSPC:
            raise DiskFull(disk_full_message(target, "it was not written; the file that was there is unchanged")) from error
        raise ReaderError(f"{target}: cannot write ({error.strerror or error})") from error
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def write_atomically(path: str | Path, content: str | bytes) -> Path:
    """Write `content` (text as UTF-8, exactly as given) to `path`, all or nothing (see atomic_output).

    Returns the path written."""
    with atomic_output(path, binary=isinstance(content, bytes)) as out:
        out.write(content)
    return Path(path).expanduser()


def disk_full_message(path: str | Path, consequence: str) -> str:
    """"PATH: the disk is full (N KB free on MOUNT); CONSEQUENCE. Free some space and try again"."""
    where = Path(path).absolute().parent
    mount = where
    while not os.path.ismount(mount) and mount.parent != mount:
        mount = mount.parent
    try:
        free = f"{shutil.disk_usage(where).free // 1024:,} KB free on {mount}"
    except OSError:
        free = f"on {mount}"
    return f"{path}: the disk is full ({free}); {consequence}. Free some space and try again"


def _mode_for(target: Path) -> int:
    """The permissions the file had, else those a new file gets (mkstemp makes it private)."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        return 0o666 & ~_UMASK


def _umask() -> int:
    umask = os.umask(0o022)  # read once, at import: os.umask can only be read by setting it
    os.umask(umask)
    return umask


_UMASK = _umask()


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (best effort: not every system can open a folder)."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
