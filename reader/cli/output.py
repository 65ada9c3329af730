"""The one way commands print: a table for people, JSON with --json, text to a file or stdout."""
from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator, Sequence
from typing import IO

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
    with output_file(output) as out:
        out.write(text)


@contextlib.contextmanager
def output_file(output: str | None, binary: bool = False) -> Iterator[IO]:
    """Standard output, or the file `output`: it replaces the file only once complete (reported on stderr)."""
    if output is None:
        if binary:
            sys.stdout.flush()
            yield sys.stdout.buffer
            sys.stdout.buffer.flush()
        else:
            yield sys.stdout
        return
    from reader.atomic_write import atomic_output

    with atomic_output(output, binary=binary) as out:
        yield out
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
