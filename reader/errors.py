"""The ReaderError family: errors with messages a user can act on."""
from __future__ import annotations


class ReaderError(Exception):
    """Base of every error the core reports to a user."""


class RefusedFile(ReaderError):
    """A file that cannot be imported; the message names the file and the reason."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class NotFound(ReaderError):
    """A document, entity or note that the user named does not exist."""


class Cancelled(ReaderError):
    """Long work stopped because the user asked it to."""


class ModelMissing(ReaderError):
    """The spaCy model package is not installed."""


class LibraryError(ReaderError):
    """The library file itself cannot be used for this (not one bad input): stops the whole operation."""


class NotALibrary(LibraryError):
    """The file is not a Reader library this Reader can open (another program's, or a newer Reader's); it is left untouched."""


class DamagedLibrary(LibraryError):
    """The library file is damaged (a corrupt page, a truncated file)."""


class DocumentChanged(ReaderError):
    """A document changed (another process imported it again) since the window showed it: nothing was stored."""


class ReadOnlyLibrary(LibraryError):
    """The library can be read but not changed (a read-only file, folder or disk)."""


class LibraryBusy(LibraryError):
    """Another program kept the library busy with its own changes for longer than Reader waits."""


class DiskFull(ReaderError):
    """A change or a file could not be saved because the disk is full; nothing of it was written."""
