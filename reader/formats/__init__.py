"""Which files to import and which reader opens each; one file read into its documents.

Each format lives in its own module, imported only when a file of that kind is read, so
that the window's start-up never pays for PDF, Word or feed libraries.
"""
from __future__ import annotations

import importlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from reader.documents import shown_path
from reader.errors import RefusedFile
from reader.models import Refusal, SourceDocument

# suffix -> (module in reader.formats, what the format is called in a refusal)
_READERS: dict[str, tuple[str, str]] = {
    ".txt": ("text", "a text file"), ".md": ("text", "a Markdown file"),
    ".markdown": ("text", "a Markdown file"), ".html": ("text", "an HTML page"),
    ".htm": ("text", "an HTML page"),
    ".pdf": ("pdf", "a PDF"),
    ".docx": ("word", "a Word document"),
    ".rtf": ("rtf", "an RTF document"), ".doc": ("rtf", "a Word document"),
    ".eml": ("mail", "an e-mail"), ".mbox": ("mail", "a mailbox"),
    ".mhtml": ("mhtml", "a web archive"), ".mht": ("mhtml", "a web archive"),
    ".epub": ("epub", "an EPUB book"),
    ".rss": ("feed", "a feed"), ".atom": ("feed", "a feed"), ".xml": ("feed", "a feed"),
}
SUFFIXES: frozenset[str] = frozenset(_READERS)
_FEED_ROOTS = (b"<rss", b"<feed", b"<rdf:rdf")


def collect_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[Refusal]]:
    """Expand files and folders into the readable files they hold, and refuse the rest.

    Folders are walked recursively in sorted order; inside them hidden entries,
    unsupported files and .xml files that are not feeds are skipped silently. Paths are
    absolute, resolved, unique.
    """
    files: list[Path] = []
    refusals: list[Refusal] = []
    seen: set[Path] = set()

    def add(path: Path) -> None:
        if path not in seen:
            seen.add(path)
            files.append(path)

    for given in paths:
        path = Path(given).expanduser().resolve()
        if path.is_dir():
            found, unreadable = _walk_folder(path)
            for file in found:
                add(file)
            refusals.extend(Refusal(shown_path(p), "this folder cannot be read") for p in unreadable)
        elif not path.exists():
            refusals.append(Refusal(shown_path(path), "does not exist"))
        elif not path.is_file():
            refusals.append(Refusal(shown_path(path), "is not a regular file"))
        elif path.suffix.lower() not in SUFFIXES:
            refusals.append(Refusal(shown_path(path), unsupported_reason(path)))
        else:
            add(path)
    return files, refusals


def _walk_folder(folder: Path) -> tuple[list[Path], list[Path]]:
    found: list[Path] = []
    unreadable: list[Path] = []
    for root, dirs, names in os.walk(folder, onerror=lambda e: unreadable.append(Path(e.filename))):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            path = Path(root, name)
            if not name.startswith(".") and found_in_folder(path) and path.is_file():
                found.append(path.resolve())
    return found, unreadable


def found_in_folder(path: Path) -> bool:
    """Whether a file met while walking a folder is one to import (an .xml file only if a feed)."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        return False
    if suffix == ".xml":
        try:
            with path.open("rb") as file:
                head = file.read(4096).lower()
        except OSError:
            return True  # let the reader refuse it by name
        return any(root in head for root in _FEED_ROOTS)
    return True


def read_documents(path: str | Path) -> Iterator[SourceDocument | Refusal]:
    """The documents one file holds, in file order; a part that cannot be read is a Refusal.

    Raises RefusedFile, naming the file and the reason, when the file as a whole cannot be
    read (missing, too large, corrupt, encrypted, no text); never another exception.
    """
    file = Path(path).expanduser()
    name = shown_path(path)
    suffix = file.suffix.lower()
    if suffix not in _READERS:
        raise RefusedFile(name, unsupported_reason(file))
    module_name, kind = _READERS[suffix]
    try:
        module = importlib.import_module(f"reader.formats.{module_name}")
        yield from module.read(file)
    except RefusedFile as error:
        if error.path != shown_path(error.path):  # a file name that is not valid UTF-8
            raise RefusedFile(shown_path(error.path), error.reason) from None
        raise
    except Exception as error:  # a library's parser failing on a damaged file: refuse it, never crash
        raise RefusedFile(name, f"cannot be read as {kind}: it is damaged or not what its name says"
                                f" ({type(error).__name__}: {_first_line(error)})") from error


def unsupported_reason(path: Path) -> str:
    kind = f"'{path.suffix}' files" if path.suffix else "files without an extension"
    return f"{kind} are not supported (Reader opens {', '.join(sorted(SUFFIXES))})"


def _first_line(error: Exception) -> str:
    text = str(error).strip().split("\n", 1)[0]
    return text[:160] or "no detail"
