"""The architecture's contracts (pyproject.toml, [tool.importlinter]) hold: Qt only in the UI, the core
never reaches the UI, SQLite only through the storage layer, the UI and CLI never reach storage
directly, and no import cycles in the core."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_are_kept():
    script = "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports(no_cache=True, no_logo=True))"
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]


def test_the_core_imports_without_qt():
    """What the contracts see statically, checked by importing every core module for real."""
    core = sorted(p for p in (ROOT / "reader").rglob("*.py") if "ui" not in p.relative_to(ROOT / "reader").parts)
    modules = [".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__") for p in core
               if p.name != "__main__.py"]
    script = f"import sys\nfor name in {modules!r}:\n    __import__(name)\nprint(sorted(m for m in sys.modules if m.startswith('PySide6')))"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_every_write_goes_through_the_write_transaction():
    """Transactions begin only in storage/connection.py (BEGIN IMMEDIATE, waiting its turn):
    nothing else opens one (sqlite-utils' atomic() begins a DEFERRED one) or bypasses it."""
    bypass = re.compile(r"""\.atomic\(|["']\s*(?:BEGIN|COMMIT|ROLLBACK|SAVEPOINT)\b|\.conn\.(?:execute|executemany|commit)\(""")
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "reader").rglob("*.py")
                 if p.name != "connection.py" and bypass.search(p.read_text(encoding="utf-8"))]
    assert offenders == []
