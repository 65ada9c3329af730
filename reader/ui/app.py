"""Starting the window: arguments, first-run sample library, and the screenshot mode."""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from reader.paths import RESOURCES_DIR, SEEDS_DIR, default_library_path
from reader.ui import theme
from reader.ui.main_window import MainWindow
from reader.ui.common.safe_text import show_message
from reader.ui.common.turns import next_turn

SCREENSHOT_SIZE = (1280, 800)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="reader-app", description="Open the Reader window.")
    parser.add_argument("--library", metavar="PATH", help="library file (default: READER_LIBRARY, else your data directory)")
    parser.add_argument("--open", metavar="DOC", help="document to open: id, path or title")
    parser.add_argument("--entity", metavar="NAME", help="entity to select")
    parser.add_argument("--screenshot", metavar="FILE", help="render the window at 1280x800 to a PNG and exit")
    parser.add_argument("--theme", choices=list(theme.THEMES), help="the window's colours (remembered; View > Theme)")
    return parser.parse_args(argv)


def create_application(argv: list[str]) -> QApplication:
    app = QApplication.instance() or QApplication(["reader", *argv])
    app.setApplicationName("Reader")
    app.setOrganizationName("Reader")
    app.setDesktopFileName("reader")  # reader.desktop: the dock and the task switcher show its name and icon
    app.setWindowIcon(QIcon(str(RESOURCES_DIR / "reader.svg")))
    app.setFont(theme.ui_font())
    app.setStyleSheet(theme.stylesheet())
    return app


def main() -> int:
    """The `reader-app` launcher and `python3 main.py`: the window, with the command line's arguments."""
    return run(sys.argv[1:])


def run(argv: list[str]) -> int:
    args = parse_args(argv)
    if args.screenshot:
        return screenshot(create_application(argv), args)
    app, window = launch(argv)
    code = app.exec()
    if window.library is not None:
        window.library.close()
    return code


def launch(argv: list[str]) -> tuple[QApplication, MainWindow]:
    """Show the window at once; the library (and its imports) opens on the first turn of the event loop."""
    args = parse_args(argv)
    app = create_application(argv)
    settings = QSettings()
    if args.theme:
        settings.setValue(theme.THEME_KEY, args.theme)
    window = MainWindow(None, settings, deferred=True)  # a frame now, the panels after it is painted
    window.installEventFilter(_AfterFirstPaint(window, lambda: open_library(window, args)))
    window.show()
    return app, window


class _AfterFirstPaint(QObject):
    """Runs a callable once the window has painted its first frame (the user sees a window at once)."""

    def __init__(self, window: MainWindow, then) -> None:
        super().__init__(window)
        self._then = then

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            next_turn(self._then)
        return False


def open_library(window: MainWindow, args: argparse.Namespace) -> None:
    """The panels on these turns of the event loop, the library on the next (no turn takes long)."""
    def built() -> None:
        window.article.show_placeholder("Opening your library…", "")
        next_turn(lambda: attach_library(window, args))

    window.build_in_turns(built)


def attach_library(window: MainWindow, args: argparse.Namespace) -> None:
    from reader.errors import ReaderError
    from reader.library import Library

    path = Path(args.library).expanduser() if args.library else default_library_path()
    try:
        library = Library(path)
    except ReaderError as error:
        show_message(window, QMessageBox.Icon.Critical, "Reader", str(error))
        window.close()
        return
    window.tools_built.connect(freeze_start_up_objects)
    window.attach_library(library)
    window.refresh_library()
    start(window, args)


def freeze_start_up_objects() -> None:
    """What start-up made lives as long as the window: Python's full garbage collections (about 40 ms on
    the GUI thread, at times in the middle of an action) need not look through it again."""
    import gc

    gc.freeze()


def start(window: MainWindow, args: argparse.Namespace) -> None:
    """After the window is up: seed an empty library, resume pending work, or reopen the last place."""
    library = window.library
    if library.document_count() == 0 and library.get_flag("seeded") is None:
        library.set_flag("seeded", "1")
        window.article.show_placeholder("Welcome to Reader",
                                        "Importing and analysing the sample articles…")
        window.import_paths([str(SEEDS_DIR)])
        return
    if library.has_pending_work():
        window.import_paths([])  # analyses what an interrupted import left
    if args.open:
        open_requested(window, args)
    elif not window.restore_last_place():
        window.open_first_document()


def open_requested(window: MainWindow, args: argparse.Namespace) -> None:
    from reader.errors import ReaderError

    library = window.library
    try:
        if args.open:
            window.open_document(library.document(args.open).id)
        else:
            window.open_first_document()
        if args.entity:
            window.show_entity(library.entity(args.entity).id)
    except ReaderError as error:
        window.status_label.setText(str(error))


def screenshot(app: QApplication, args: argparse.Namespace) -> int:
    """Open the document and entity asked for, render the window to a PNG, and exit."""
    from reader.library import Library

    library = Library(Path(args.library).expanduser() if args.library else default_library_path())
    if library.document_count() == 0:
        library.import_paths([SEEDS_DIR])
    elif library.has_pending_work():
        library.analyse()
    with tempfile.TemporaryDirectory() as folder:
        settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
        if args.theme:
            settings.setValue(theme.THEME_KEY, args.theme)
        window = MainWindow(library, settings)
        window.documents.marks_read = False  # a picture of the library, not a reading of it
        window.resize(*SCREENSHOT_SIZE)
        window.refresh_library()
        window.show()
        open_requested(window, args)
        saved = []

        def grab() -> None:  # from the event loop, once the lists have arrived and layouts have settled
            if not window.settled():
                QTimer.singleShot(20, grab)
                return
            saved.append(window.grab().save(args.screenshot))
            app.quit()

        QTimer.singleShot(0, grab)
        app.exec()
        window.close()
    library.close()
    if saved != [True]:
        print(f"reader: could not write {args.screenshot}", file=sys.stderr)
        return 1
    return 0
