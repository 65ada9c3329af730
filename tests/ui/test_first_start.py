"""The first start: an empty library gets the sample articles, analysed with visible progress."""
from __future__ import annotations

from reader.library import Library
from reader.ui.app import create_application, parse_args, start
from reader.ui.main_window import MainWindow
from tests.ui.conftest import settle


def test_first_start_imports_the_seeds_with_progress_and_opens_the_first(qtbot, tmp_path, settings, analyser):
    create_application([])
    library = Library(tmp_path / "new.db", analyser=analyser)
    window = MainWindow(library, settings, analyser=analyser)
    qtbot.addWidget(window)
    window.refresh_library()
    window.show()
    progress = []
    with qtbot.waitSignal(window.import_finished, timeout=120000):
        start(window, parse_args([]))
        assert window.progress.isVisible() and window.cancel_button.isVisible()
        assert "sample articles" in window.article.meta.text()
        window.runner.progressed.connect(lambda job, done, total, message: progress.append(message))
    settle(qtbot, window)
    assert any(message.startswith("Analysed") for message in progress)
    assert library.document_count() == 5
    assert window.current_document == window.library_panel.first_document_id()  # the top of the list
    assert window.article.view.mentions()
    assert window.library_panel.model.rowCount() == 5
    assert not window.progress.isVisible()


def test_the_samples_are_not_imported_again_once_the_library_was_seeded(qtbot, tmp_path, settings, analyser):
    create_application([])
    library = Library(tmp_path / "new.db", analyser=analyser)
    library.set_flag("seeded", "1")  # the user had the samples once, then chose an empty library
    window = MainWindow(library, settings, analyser=analyser)
    qtbot.addWidget(window)
    window.refresh_library()
    start(window, parse_args([]))
    assert window.worker is None
    assert "empty" in window.article.title.text().lower()


_LAUNCH = """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from reader.ui.app import launch
app, window = launch(["--library", sys.argv[1]])
seen = []
class Watch(QObject):
    def eventFilter(self, obj, event):
        if obj is window and event.type() == QEvent.Type.Paint and not seen:
            seen.append("reader.library" in sys.modules)
        return False
watch = Watch()
window.installEventFilter(watch)
window.document_opened.connect(lambda _: QTimer.singleShot(0, app.quit))
QTimer.singleShot(20000, app.quit)
app.exec()
print(seen[0], window.current_document is not None, len(window.article.view.mentions()) > 0, "spacy" in sys.modules)
"""


def test_the_window_paints_before_the_library_loads_then_opens_the_article(_seeded_file, tmp_path):
    import os
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    library_file = tmp_path / "library.db"  # opening an article marks it read: never in the session's library
    shutil.copy(_seeded_file, library_file)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", _LAUNCH, str(library_file)], capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parents[2], env=env, timeout=60)
    # first frame painted before the library code was imported; then the article, highlighted; no spaCy
    assert out.stdout.split() == ["False", "True", "True", "False"], out.stderr
