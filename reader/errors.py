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
