"""Fixtures for window tests: offscreen Qt, a throwaway settings file, the seeded library."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QSettings

from reader.ui.app import create_application
from reader.ui.main_window import MainWindow


@pytest.fixture
def settings(tmp_path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def open_window(qtbot, library, settings, analyser) -> MainWindow:
    """A window on `library` at 1280x800, shown, once what it asked for has arrived."""
    create_application([])
    win = MainWindow(library, settings, analyser=analyser)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.refresh_library()
    win.show()
    qtbot.waitExposed(win)
    settle(qtbot, win)
    return win


@pytest.fixture
def window(qtbot, seeded, settings, analyser) -> MainWindow:
    return open_window(qtbot, seeded, settings, analyser)


def settle(qtbot, window: MainWindow, timeout: int = 20000) -> None:
    """Wait until what the window asked its runner for has arrived (lists, mentions, tools)."""
    qtbot.waitUntil(window.settled, timeout=timeout)
