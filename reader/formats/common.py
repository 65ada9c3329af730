"""What every format reader shares: reading bytes safely, and making a SourceDocument from text."""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from pathlib import Path
from urllib.parse import quote

from reader.clutter import shorten
from reader.clutter import title as text_title
from reader.dates import iso_date, text_date
from reader.documents import shown_path
from reader.errors import RefusedFile
from reader.models import SourceDocument

MAX_CONTAINER_BYTES = 200 * 1024 * 1024  # PDF, Word, EPUB, e-mail: bigger than text, still bounded
MAX_UNPACKED_BYTES = 500 * 1024 * 1024  # what a zip (Word, EPUB) may unpack to
_PART_SAFE = "@.-_+=~!$*'()"
_BLANK_RUNS = re.compile(r"\n{3,}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def check_readable(file: Path, limit: int | None = MAX_CONTAINER_BYTES) -> int:
    """The file's size, or RefusedFile saying why it cannot be read (missing, empty, too big)."""
    name = str(file)
    try:
        if not file.is_file():
            raise RefusedFile(name, "is not a regular file" if file.exists() else "does not exist")
        size = file.stat().st_size
    except OSError as error:
        raise RefusedFile(name, f"cannot be read: {error.strerror or error}") from None
    if limit is not None and size > limit:
        raise RefusedFile(name, f"is {_mb(size)} MB, over the {_mb(limit)} MB limit")
    if not size:
        raise RefusedFile(name, "is empty (0 bytes)")
    return size


def read_bytes(file: Path, limit: int = MAX_CONTAINER_BYTES) -> bytes:
    """A file's bytes, or RefusedFile saying why not (missing, unreadable, empty, too big)."""
    check_readable(file, limit)
    try:
        return file.read_bytes()
    except PermissionError:
        raise RefusedFile(str(file), "cannot be read: permission denied") from None
    except OSError as error:
        raise RefusedFile(str(file), f"cannot be read: {error.strerror or error}") from None


def open_zip(data: bytes, file: Path, kind: str):
    """A zipfile over `data`, refused by name when it is no zip or would unpack to too much."""
    import io
    import zipfile

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        raise RefusedFile(str(file), f"is not a readable {kind}: it is damaged or not a zip package") from None
    if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
        raise RefusedFile(str(file), f"would unpack to more than {_mb(MAX_UNPACKED_BYTES)} MB")
    return archive


def part_path(file: Path, part: str | None) -> str:
    """The stable identity of one document in a file: the absolute path, '#' and the part's key."""
    path = shown_path(file.resolve())
    return f"{path}#{quote(part, safe=_PART_SAFE)}" if part else path


def unique_parts(keys: Iterable[str]) -> list[str]:
    """Keys made unique in order: a second "x" becomes "x~2" (a message saved twice)."""
    seen: dict[str, int] = {}
    out = []
    for key in keys:
        seen[key] = seen.get(key, 0) + 1
        out.append(key if seen[key] == 1 else f"{key}~{seen[key]}")
    return out


def clean_text(text: str) -> str:
    """Line endings normalised, control characters and trailing spaces removed, no blank runs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = _CONTROL.sub("", text.replace("\x00", ""))
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return _BLANK_RUNS.sub("\n\n", text).strip("\n")


def to_iso(value: object) -> str | None:
    """An ISO date from a datetime, a date, or a string starting with one; None if it is none."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return iso_date(value.isoformat())
    return iso_date(value) if isinstance(value, str) else None


def make_document(
    file: Path, text: str, *, title: str | None = None, published: str | None = None,
    meta: Mapping[str, object] | None = None, part: str | None = None,
    fallback_title: str | None = None,
) -> SourceDocument:
    """A SourceDocument for text read from `file` (one of its parts when `part` is given).

    `text` is stored and analysed exactly as given. Without a title the text's headline is
    taken, else `fallback_title`, else the file name; without a date, one stated near the top.
    """
    title = (" ".join((title or "").split()) or text_title(text, markdown=False) or fallback_title
             or shown_path(file.stem))
    return SourceDocument(
        path=part_path(file, part),
        title=shorten(" ".join(title.split())),
        published=published or text_date(text),
        text=text,
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        words=len(text.split()),
        meta={k: v for k, v in (meta or {}).items() if v not in (None, "", [], {})},
    )


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0")
