"""Unsaved note texts kept safe outside the library (when it cannot take them: a full disk), and offered back."""
from __future__ import annotations

import hashlib
import json
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from platformdirs import user_data_dir

from reader.atomic_write import write_atomically
from reader.errors import DiskFull, ReaderError


@dataclass(frozen=True)
class Draft:
    """A text the user wrote that the library has not stored yet."""

    library: str  # the library file it belongs to (resolved path)
    key: str  # what it is for, as the caller named it: "note 12", "new note on document 3 at 120-140"
    body: str
    saved: str  # ISO time it was kept
    target: dict  # whatever the caller needs to store it later (note id, document id, offsets, quote...)
    path: Path  # the file that holds it


def keep_draft(library: str | Path, key: str, body: str, target: dict | None = None) -> Draft:
    """Keep a text safe until the library can store it: in the first of these places that takes
    it: a folder beside the library, Reader's data folder, the system's temporary folder (often
    another disk). Keeping the same key again replaces the earlier text.

    Raises DiskFull (naming every place tried) only when none of them can be written.
    """
    owner = _owner(library)
    name = hashlib.sha256(f"{owner}\n{key}".encode()).hexdigest()[:24] + ".json"
    data = {"library": owner, "key": key, "body": body, "target": target or {},
            "saved": datetime.now(timezone.utc).isoformat(timespec="seconds")}
    content = json.dumps(data, ensure_ascii=False, indent=1)
    failures = []
    for folder in _places(owner):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = write_atomically(folder / name, content)
        except (OSError, ReaderError) as error:
            failures.append(f"{folder} ({error})")
            continue
        for other in _places(owner):  # one copy: the newest
            if other != folder:
                (other / name).unlink(missing_ok=True)
        return Draft(owner, key, body, data["saved"], data["target"], path)
    raise DiskFull(f"the note could not be kept anywhere: {'; '.join(failures)}")


def drafts(library: str | Path) -> list[Draft]:
    """The drafts kept for this library, oldest first (to offer back when it opens)."""
    owner = _owner(library)
    found = []
    for folder in _places(owner):
        for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
            draft = _read(path)
            if draft is not None and draft.library == owner:
                found.append(draft)
    return sorted(found, key=lambda d: d.saved)


def discard_draft(draft: Draft) -> None:
    """Forget a draft once it is stored in the library (or the user threw it away)."""
    draft.path.unlink(missing_ok=True)


def _owner(library: str | Path) -> str:
    return str(Path(library).expanduser().resolve())


def _places(owner: str) -> list[Path]:
    library = Path(owner)
    return [library.parent / f"{library.name}.drafts",
            Path(user_data_dir("Reader", appauthor=False)) / "drafts",
            Path(tempfile.gettempdir()) / "reader-drafts"]


def _read(path: Path) -> Draft | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Draft(data["library"], data["key"], data["body"], data["saved"], data.get("target") or {}, path)
    except (OSError, ValueError, KeyError, TypeError):
        return None
