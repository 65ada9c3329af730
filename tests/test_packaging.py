"""The installed package: a wheel of this checkout, in a fresh virtual environment, run from elsewhere."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUILD_INPUTS = ["pyproject.toml", "README.md", "reader"]  # all that pyproject.toml builds the wheel from
SHIPPED_RESOURCES = {"palette.json", "style.qss", "reader.svg", "reader.desktop"}
WHERE = "import json, reader.paths as p; print(json.dumps([p.__file__, str(p.SEEDS_DIR), str(p.RESOURCES_DIR)]))"


def run(args: list, cwd: Path, timeout: float = 120) -> str:
    """Run a command outside the checkout, with nothing pointing Python at it; its stdout."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    out = subprocess.run([str(a) for a in args], cwd=cwd, env={**env, "QT_QPA_PLATFORM": "offscreen"},
                         capture_output=True, text=True, timeout=timeout)
    assert out.returncode == 0, f"{args} exited {out.returncode}\n{out.stdout}\n{out.stderr}"
    return out.stdout


def command(environment: Path, name: str) -> Path:
    """An installed command of the environment: python, reader, reader-app."""
    found = shutil.which(name, path=str(environment / ("Scripts" if os.name == "nt" else "bin")))
    assert found, f"{name} is not installed in {environment}"
    return Path(found)


@pytest.fixture(scope="module")
def environment(tmp_path_factory) -> Iterator[Path]:
    """A fresh virtual environment holding the wheel built from a copy of this checkout's sources."""
    work = tmp_path_factory.mktemp("packaging")
    source = work / "source"  # a copy: the build leaves nothing in the checkout, and no stale build/ gets in
    source.mkdir()
    for name in BUILD_INPUTS:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(ROOT / name, source / name)
    pip = [sys.executable, "-m", "pip"]
    run([*pip, "wheel", "--no-deps", "--wheel-dir", work / "dist", source], cwd=work, timeout=300)
    (wheel,) = (work / "dist").glob("reader-*.whl")
    environment = work / "venv"
    venv.EnvBuilder(with_pip=False).create(environment)
    # This environment's pip installs into the new one; its cache serves what the checkout's install fetched.
    run([*pip, "--python", environment, "install", "--no-compile", wheel], cwd=work, timeout=900)
    yield environment.resolve()
    shutil.rmtree(work, ignore_errors=True)  # about 900 MB


def test_the_wheel_holds_the_samples_and_resources_and_is_what_runs(environment, tmp_path):
    module, seeds, resources = (Path(p).resolve() for p in json.loads(run([command(environment, "python"), "-c", WHERE],
                                                                          tmp_path)))
    for path in (module, seeds, resources):
        assert path.is_relative_to(environment) and not path.is_relative_to(ROOT)  # the installed copy, not ours
    assert sorted(p.name for p in seeds.iterdir()) == sorted(p.name for p in (ROOT / "reader" / "seeds").glob("*.txt"))
    assert SHIPPED_RESOURCES <= {p.name for p in resources.iterdir()}
    assert command(environment, "reader")
    desktop_entry = (resources / "reader.desktop").read_text(encoding="utf-8").splitlines()
    launcher = next(line for line in desktop_entry if line.startswith("Exec=")).removeprefix("Exec=").split()[0]
    assert launcher == "reader-app" and command(environment, launcher)  # the desktop entry starts the window


def test_reader_imports_the_samples_shipped_in_the_package(environment, tmp_path):
    reader, library = command(environment, "reader"), tmp_path / "library.db"
    _, seeds, _ = json.loads(run([command(environment, "python"), "-c", WHERE], tmp_path))
    run([reader, "--library", library, "import", seeds], tmp_path)
    documents = json.loads(run([reader, "--library", library, "documents", "--json"], tmp_path))
    assert len(documents) == 5
    assert all(Path(d["path"]).resolve().is_relative_to(environment) for d in documents)
    assert all(d["words"] > 300 and d["mentions"] > 50 for d in documents)  # read and analysed


def test_the_window_first_start_imports_the_samples_and_renders_them(environment, tmp_path):
    library, picture = tmp_path / "first.db", tmp_path / "window.png"
    run([command(environment, "reader-app"), "--library", library, "--screenshot", picture], tmp_path)
    documents = json.loads(run([command(environment, "reader"), "--library", library, "documents", "--json"], tmp_path))
    assert len(documents) == 5  # the samples, imported from the package on the first start
    width, height, colours = _pixels(picture)
    assert (width, height) == (1280, 800)
    palette = json.loads((ROOT / "reader" / "resources" / "palette.json").read_text(encoding="utf-8"))
    highlights = {scheme[label][0] for scheme in (palette["light"], palette["dark"]) for label in ("ORG", "GPE")}
    # the article is on screen with organisations and places highlighted in the shipped palette's colours
    assert sum(colours[c] for c in highlights) > 2000, colours.most_common(10)


def _pixels(path: Path) -> tuple[int, int, Counter]:
    from PySide6.QtGui import QImage

    image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB32)
    values = memoryview(image.constBits()).cast("I")
    return image.width(), image.height(), Counter(f"#{v & 0xFFFFFF:06x}" for v in values)
