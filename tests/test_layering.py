"""The architecture's rules, checked: a Qt-free core, and SQL only in the storage layer."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORE = sorted(p for p in (ROOT / "reader").rglob("*.py") if "ui" not in p.relative_to(ROOT / "reader").parts)


def test_the_core_imports_without_qt():
    modules = [".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__") for p in CORE
               if p.name != "__main__.py"]
    script = f"import sys\nfor name in {modules!r}:\n    __import__(name)\nprint(sorted(m for m in sys.modules if m.startswith('PySide6')))"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_sql_lives_only_in_the_storage_layer():
    sql = re.compile(r"""["'](?:SELECT|INSERT|UPDATE|DELETE|CREATE|PRAGMA)\s""")
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "reader").rglob("*.py")
                 if "storage" not in p.relative_to(ROOT / "reader").parts and sql.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_every_write_goes_through_the_write_transaction():
    """Transactions begin only in storage/connection.py (BEGIN IMMEDIATE, waiting its turn):
    nothing else opens one (sqlite-utils' atomic() begins a DEFERRED one) or bypasses it."""
    bypass = re.compile(r"""\.atomic\(|["']\s*(?:BEGIN|COMMIT|ROLLBACK|SAVEPOINT)\b|\.conn\.(?:execute|executemany|commit)\(""")
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "reader").rglob("*.py")
                 if p.name != "connection.py" and bypass.search(p.read_text(encoding="utf-8"))]
    assert offenders == []
