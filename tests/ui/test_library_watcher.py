"""The window notices what another program changed in its library, and only that."""
from __future__ import annotations

from reader.library import Library
from tests.ui.conftest import settle


def test_a_rename_by_another_program_shows_in_the_window(qtbot, window, analyser):
    window.open_document(window.library_panel.first_document_id())
    settle(qtbot, window)
    window.watcher.check()  # the window's own writes so far (the article marked read) are known
    entity = next(e for m in window.article.view.mentions() if (e := window.entities.get(m.mention.entity_id)))
    other = Library(window.library.path, analyser=analyser)  # the command line, say
    other.corrections.rename(entity, "Renamed Elsewhere")
    other.close()
    assert window.watcher.check()
    settle(qtbot, window)
    assert window.entities[entity.id].name == "Renamed Elsewhere"


def test_caches_rebuilt_by_another_connection_do_not_reload_the_window(qtbot, window):
    settle(qtbot, window)
    window.watcher.check()  # the window's own writes so far are known
    changes = []
    window.runner.changed.connect(changes.append)
    version = window.library.data_version()
    other = Library(window.library.path)  # as the graph's own process does after a correction
    other.analytics.refresh(force=True)
    other.close()
    assert window.library.data_version() != version
    assert window.watcher.check() is None
    qtbot.wait(50)
    assert changes == []


def test_a_change_by_another_program_is_shown_after_a_write_of_the_window_that_changed_nothing(qtbot, window):
    from reader.ui.runner import WRITE

    settle(qtbot, window)
    window.watcher.check()
    window.runner.run(lambda library, job: None, WRITE, label="nothing to write")  # e.g. a setting already so
    qtbot.waitUntil(lambda: not window.runner.busy())
    window.watcher.check()  # nothing changed
    other = Library(window.library.path)
    other.notes.add_document_note(1, "written by the command line")
    other.close()
    assert window.watcher.check()
