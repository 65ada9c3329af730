"""The storage layer: the only place with SQL (SQLite through sqlite-utils)."""
import sys

# sqlite-utils imports numpy and pandas, when they are installed, only to map their scalar
# types to column types. Reader never stores such values, and the two imports cost about
# 60 ms (numpy) to 300 ms (pandas) of the window's start-up. Import sqlite-utils with them
# hidden, unless something already loaded them; they stay importable for everything else.
_hidden = [name for name in ("numpy", "pandas") if name not in sys.modules]
for _name in _hidden:
    sys.modules[_name] = None  # type: ignore[assignment]  # makes `import numpy` raise ImportError
try:
    import sqlite_utils  # noqa: F401
finally:
    for _name in _hidden:
        del sys.modules[_name]
