"""Writing export files safely: a temporary file beside the target, renamed over it when complete."""
from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from reader.errors import ReaderError


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_MODE = 0o666 & ~_umask()  # what a plain open() would give a new file


@contextlib.contextmanager
def atomic_output(path: str | Path, binary: bool = False, sync: bool = True) -> Iterator[IO]:
    """A file opened for writing that replaces `path` only when the block ends without error.

    Until then the target keeps its old content (or does not exist); an error, a cancel or a
    crash leaves no half-written file behind. Text is UTF-8 with newlines written as given.
    `sync` waits for the data to reach the disk before the rename (one file: yes; each of
    thousands of small files: not needed for them to be whole).
    """
    # TODO(integrator): one atomic-write helper for the core is being added by another helper;
    # this is the exports' own, in this one place, to be unified with it.
    target = Path(path)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as error:
        raise ReaderError(f"{target}: cannot write ({error.strerror or error})") from error
    try:
        with os.fdopen(handle, "wb") if binary else os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            yield out
            out.flush()
            if sync:
                os.fsync(out.fileno())
        os.chmod(temporary, target.stat().st_mode & 0o7777 if target.exists() else _MODE)
        os.replace(temporary, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError) and not isinstance(error, BrokenPipeError):
            raise ReaderError(f"{target}: cannot write ({error.strerror or error})") from error
        raise


def write_text_atomically(path: str | Path, text: str) -> None:
    with atomic_output(path) as out:
        out.write(text)
