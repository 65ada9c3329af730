"""The one way commands print: a table for people, JSON with --json, text to a file or stdout."""
from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path

from reader.errors import ReaderError

MAX_CELL = 60


def emit(rows: list[dict], columns: Sequence[str], as_json: bool) -> int:
    """Rows as JSON (every field) or as a table of `columns`; "(none)" when there are none."""
    if as_json:
        return emit_json(rows)
    if not rows:
        print("(none)")
        return 0
    widths = {c: min(MAX_CELL, max(len(c), *(len(_text(r[c])) for r in rows))) for c in columns}
    print("  ".join(c.ljust(widths[c]) for c in columns).rstrip())
    for row in rows:
        print("  ".join(_cell(row[c], widths[c]) for c in columns).rstrip())
    return 0


def emit_json(data: object) -> int:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    print()
    return 0


def write_text(text: str, output: str | None) -> None:
    """Text to stdout, or to the file `output` (reported on stderr)."""
    if output is None:
        sys.stdout.write(text)
        return
    try:
        Path(output).write_text(text, encoding="utf-8", newline="")
    except OSError as error:
        raise ReaderError(f"{output}: cannot write ({error.strerror or error})") from error
    print(f"wrote {output}", file=sys.stderr)


def counted(number: int, thing: str) -> str:
    """"1 hit", "3 hits"."""
    return f"{number} {thing if number == 1 else thing + 's'}"


def progress(done: int, total: int, message: str) -> None:
    """Progress of long work on one line of stderr, when it is a terminal."""
    if sys.stderr.isatty():
        print(f"\r\033[K{message} ({done}/{total})", end="", file=sys.stderr, flush=True)


def end_progress() -> None:
    if sys.stderr.isatty():
        print("\r\033[K", end="", file=sys.stderr)


def _text(value: object) -> str:
    return "" if value is None else str(value).replace("\n", " ")


def _cell(value: object, width: int) -> str:
    text = _text(value)
    return (text[: width - 1] + "…" if len(text) > width else text).ljust(width)
