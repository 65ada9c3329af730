"""The command line, `reader` and `python -m reader`: every command over one library file."""
from __future__ import annotations

from reader.cli import documents, entities, exports, notes, watch  # noqa: F401  (each module adds its commands)
from reader.cli.base import main, root

__all__ = ["main", "root"]
