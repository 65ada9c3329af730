"""The first start: an empty library gets the sample articles, analysed with visible progress."""
from __future__ import annotations

from reader.library import Library
from reader.ui.app import create_application, parse_args, start
from reader.ui.main_window import MainWindow


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
        window.worker.progressed.connect(lambda done, total, message: progress.append(message))
    assert any(message.startswith("Analysed") for message in progress)
    assert library.document_count() == 5
    assert window.current_document is not None and window.article.view.mentions()
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
