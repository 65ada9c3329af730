"""The corrections file: every correction of a library as JSON, to carry decisions to another library."""
from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from reader.errors import ReaderError

FORMAT = "reader-corrections"
VERSION = 1
# Rule kinds, and whether a rule of that kind needs a value (merge: target key; rename: name;
# relabel: label; distinct: the other key).
KINDS = {"merge": True, "rename": True, "relabel": True, "ignore": False, "split": False, "distinct": True}


@dataclass(frozen=True)
class Decision:
    """One correction as it travels: its rules keyed by normalised surface, so they apply anywhere."""

    description: str
    created: str
    rules: tuple[tuple[str, str, str | None], ...]  # (kind, key, value)


@dataclass(frozen=True)
class RulesImport:
    """What importing a rules file did."""

    path: str
    corrections: int  # corrections added
    rules: int  # rules added
    skipped: int  # rules this library already had
    added: tuple[int, ...] = ()  # the ids of the corrections added, in the file's order


def write(path: Path, decisions: list[Decision]) -> None:
    """Write the file through a temporary file in the same folder, renamed over the target at the end."""
    document = {
        "format": FORMAT,
        "version": VERSION,
        "exported": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "corrections": [
            {"description": d.description, "created": d.created,
             "rules": [{"kind": kind, "key": key, "value": value} for kind, key, value in d.rules]}
            for d in decisions
        ],
    }
    path = path.expanduser()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(document, out, ensure_ascii=False, indent=2)
                out.write("\n")
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise ReaderError(f"{path}: cannot write the corrections ({error.strerror or error})") from error


def read(path: Path, labels: Collection[str]) -> list[Decision]:
    """The corrections of a rules file; a clear error naming the file if it is not one."""
    path = path.expanduser()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ReaderError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ReaderError(f"{path}: cannot read the corrections ({getattr(error, 'strerror', None) or error})") from error
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ReaderError(f"{path}: not a corrections file (invalid JSON at line {error.lineno},"
                          f" column {error.colno}: {error.msg})") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ReaderError(f"{path}: not a corrections file (expected \"format\": \"{FORMAT}\";"
                          " write one with `reader entity rules --export`)")
    if document.get("version") != VERSION:
        raise ReaderError(f"{path}: corrections file version {document.get('version')!r} is not supported"
                          f" (this Reader reads version {VERSION})")
    corrections = document.get("corrections")
    if not isinstance(corrections, list):
        raise ReaderError(f"{path}: not a corrections file (\"corrections\" must be a list)")
    return [_decision(path, number, item, labels) for number, item in enumerate(corrections, start=1)]


def _decision(path: Path, number: int, item: object, labels: Collection[str]) -> Decision:
    where = f"{path}: correction {number}"
    if not isinstance(item, dict) or not isinstance(item.get("rules"), list) or not item["rules"]:
        raise ReaderError(f"{where} has no rules")
    description = item.get("description")
    if not isinstance(description, str) or not description.strip():
        raise ReaderError(f"{where} has no description")
    created = item.get("created") if isinstance(item.get("created"), str) else ""
    rules = []
    for rule in item["rules"]:
        if not isinstance(rule, dict):
            raise ReaderError(f"{where}: a rule must be an object with kind, key and value")
        kind, key, value = rule.get("kind"), rule.get("key"), rule.get("value")
        if kind not in KINDS:
            raise ReaderError(f"{where}: unknown rule kind {kind!r} (known: {', '.join(KINDS)})")
        if not isinstance(key, str) or not key.strip():
            raise ReaderError(f"{where}: a {kind} rule needs a key")
        if KINDS[kind] and (not isinstance(value, str) or not value.strip()):
            raise ReaderError(f"{where}: a {kind} rule needs a value")
        if kind == "relabel" and value not in labels:
            raise ReaderError(f"{where}: unknown type {value!r}")
        rules.append((kind, key, value if KINDS[kind] else None))
    return Decision(description.strip(), created, tuple(rules))
