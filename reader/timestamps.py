"""The one clock of the library: UTC timestamps as ISO strings, to the second."""
from __future__ import annotations

from datetime import datetime, timezone


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
