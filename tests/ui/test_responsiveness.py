"""A large library feels like a small one: lazy lists, a GUI thread that keeps ticking, lists updated in
place, a prompt Cancel, and corrections that repaint only what changed (issue 9; behaviour, not timing)."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QTextCursor

from benchmarks.corpus import write_corpus
from benchmarks.library_10k import build_one_name
from reader.library import Library
from reader.storage import entities as stored_entities
from reader.ui import theme
from reader.ui.library.library_panel import DOCUMENT_ROLE
from reader.ui.main_window import MainWindow
from tests.ui.conftest import open_window, settle

NAME = "Ilham Aliyev"
DOCUMENTS, EACH = 400, 50  # 20,000 mentions of one person, in more documents than one page lists


@pytest.fixture(scope="module")
def _one_name_file(tmp_path_factory):
    return build_one_name(tmp_path_factory.mktemp("one-name") / "library.db", DOCUMENTS, EACH, NAME)


@pytest.fixture
def big_window(qtbot, _one_name_file, tmp_path, settings, analyser) -> MainWindow:
    path = tmp_path / "library.db"
    path.write_bytes(_one_name_file.read_bytes())
    library = Library(path, analyser=analyser)
    window = open_window(qtbot, library, settings, analyser)
    yield window
    window.close()
    library.close()


class Ticks:
    """A timer ticking every 10 ms that counts its ticks while `during()` holds."""

    def __init__(self, during) -> None:
        self.during, self.count = during, 0
        self.timer = QTimer(interval=10)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        if self.during():
            self.count += 1


def click_mention(qtbot, view, start: int) -> None:
    cursor = QTextCursor(view.document())
    cursor.setPosition(start + 2)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.cursorRect(cursor).center())


def open_with_entity(qtbot, window, name: str):
    """Open a document that mentions `name` and click the mention: the entity is selected."""
    entity = next(e for e in window.library.entities() if e.name == name)
    document = window.library.mentions(entity.id)[0].mention.document_id
    window.open_document(document)
    view = window.article.view
    shown = next(m for m in view.mentions() if m.mention.entity_id == entity.id)
    view.center_on(shown.mention.start)
    click_mention(qtbot, view, shown.mention.start)
    settle(qtbot, window)
    assert window.selected_entity == entity.id
    return entity


def test_an_entity_with_20000_mentions_shows_its_first_rows_and_loads_more_as_it_is_scrolled(qtbot, big_window):
    window = big_window
    entity = open_with_entity(qtbot, window, NAME)
    assert entity.mentions == DOCUMENTS * EACH == 20_000
    panel, model = window.entity_panel, window.entity_panel.mentions_model
    assert panel.title.text() == NAME
    first_group = model.index(0, 0)
    assert first_group.data(Qt.ItemDataRole.DisplayRole).endswith(f"(this article) — {EACH}")
    assert model.rowCount(first_group) == EACH and NAME in model.index(0, 0, first_group).data()
    listed, materialised = model.rowCount(), sum(len(group.mentions) for group in model.groups)
    assert 0 < listed < DOCUMENTS and model.has_more()
    assert 0 < materialised <= 5 * EACH  # the open documents' rows, not 20,000

    tree = panel.mentions_view
    tree.verticalScrollBar().setValue(tree.verticalScrollBar().maximum())  # the reader scrolls to the end
    qtbot.waitUntil(lambda: model.rowCount() > listed, timeout=10000)
    settle(qtbot, window)
    assert model.rowCount() == DOCUMENTS and not model.has_more()
    last = model.index(model.rowCount() - 1, 0)
    assert not tree.isExpanded(last) and model.hasChildren(last)  # folded, and it opens
    assert not model.groups[-1].mentions  # nothing read for it yet
    tree.expand(last)
    qtbot.waitUntil(lambda: model.rowCount(last) == EACH, timeout=10000)
    assert sum(len(group.mentions) for group in model.groups) == materialised + EACH


def test_the_window_keeps_ticking_while_a_correction_relinks_20000_mentions(qtbot, big_window):
    window = big_window
    entity = open_with_entity(qtbot, window, NAME)
    ticks = Ticks(lambda: window.runner.busy())
    names = [f"Ilham Aliyev ({number})" for number in range(1, 12)] + ["President Ilham Aliyev"]
    with qtbot.waitSignals([window.library_changed] * len(names), timeout=60000):
        for name in names:  # one after another on the write lane, each relinking its 20,000 mentions
            assert window.corrections.rename(entity.id, name)
    settle(qtbot, window)
    ticks.timer.stop()
    assert window.entity_panel.title.text() == "President Ilham Aliyev"
    assert window.library.entity_by_id(entity.id).name == "President Ilham Aliyev"
    assert ticks.count >= 8  # timers fired while the relinks ran: they did not run on the GUI thread


def test_the_window_keeps_ticking_while_an_import_runs(qtbot, window, tmp_path):
    write_corpus(tmp_path / "batch", 6, paragraphs_each=8)
    ticks = Ticks(lambda: window.importer.busy())
    with qtbot.waitSignal(window.import_finished, timeout=120000) as finished:
        window.import_paths([str(tmp_path / "batch")])
    ticks.timer.stop()
    assert len(finished.args[0].added) == 6
    assert ticks.count >= 10  # the import analysed six articles while the window's timers kept firing


def test_an_import_inserts_its_documents_into_the_library_list_without_rebuilding_it(qtbot, window, tmp_path):
    model = window.library_panel.model
    kept = [QPersistentModelIndex(model.index(row)) for row in range(model.rowCount())]
    listed = [index.data(DOCUMENT_ROLE).id for index in kept]
    resets, inserted = [], []
    model.modelReset.connect(lambda: resets.append(True))
    model.rowsInserted.connect(lambda parent, first, last: inserted.extend(
        model.index(row).data(DOCUMENT_ROLE).id for row in range(first, last + 1)))
    write_corpus(tmp_path / "batch", 3, paragraphs_each=4)
    with qtbot.waitSignal(window.import_finished, timeout=120000) as finished:
        window.import_paths([str(tmp_path / "batch")])
    settle(qtbot, window)
    added = finished.args[0].added
    assert len(added) == 3 and sorted(inserted) == sorted(added)
    assert not resets
    assert all(index.isValid() for index in kept)
    assert [index.data(DOCUMENT_ROLE).id for index in kept] == listed  # the same rows, the same documents
    assert model.rowCount() == len(listed) + 3
    assert window.library_panel.count_label.text() == f"{len(listed) + 3} documents"


def test_cancel_during_an_import_is_honoured_within_a_second_and_keeps_finished_documents(qtbot, window, tmp_path):
    write_corpus(tmp_path / "batch", 60)
    before = window.library.document_count()
    analysed = []

    def on_progress(job, done: int, total: int, message: str) -> None:
        if message.startswith("Analysed") and not analysed:
            analysed.append(done)

    window.runner.progressed.connect(on_progress)
    window.import_paths([str(tmp_path / "batch")])
    qtbot.waitUntil(lambda: bool(analysed), timeout=120000)  # the first document is stored and analysed
    with qtbot.waitSignal(window.importer.finished, timeout=1000) as finished:
        qtbot.mouseClick(window.cancel_button, Qt.MouseButton.LeftButton)
    report = finished.args[0]
    assert report.cancelled and len(report.added) == 60
    assert "cancelled" in window.status_label.text() and not window.cancel_button.isVisible()
    kept = [d for d in window.library.documents() if d.path.startswith(str(tmp_path))]
    assert len(kept) == 60 and window.library.document_count() == before + 60
    done = [d for d in kept if d.analysed_with]
    assert 1 <= len(done) < 60 and all(d.mentions > 0 for d in done)  # analysed ones keep their mentions
    settle(qtbot, window)  # then, in the background, they are linked
    assert stored_entities.unlinked(window.library.db) == []


def test_a_rename_repaints_no_span_of_the_article_and_keeps_its_place(qtbot, window):
    entity = open_with_entity(qtbot, window, "Azerbaijan")
    view = window.article.view
    document, text = view.document(), view.text
    view.select_span(*next((m.mention.start, m.mention.end) for m in view.mentions()
                           if m.mention.entity_id == entity.id))
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum() // 2)
    scroll, selection = view.verticalScrollBar().value(), view.selected_span()
    changes = []
    document.contentsChange.connect(lambda position, removed, added: changes.append((position, removed, added)))
    with qtbot.waitSignal(window.library_changed, timeout=30000):
        window.corrections.rename(entity.id, "Republic of Azerbaijan")
    settle(qtbot, window)
    assert view.document() is document and view.text == text
    assert changes == []  # the same highlights: nothing repainted, nothing laid out again
    assert view.verticalScrollBar().value() == scroll and view.selected_span() == selection
    renamed = [m for m in view.mentions() if m.mention.entity_id == entity.id]
    assert renamed and all(m.entity_name == "Republic of Azerbaijan" for m in renamed)
    assert view._tooltip(renamed[0]).startswith("Republic of Azerbaijan — ")
    assert len(view.marked_mentions()) == len(renamed)


def test_a_change_of_type_repaints_only_that_entitys_spans(qtbot, window):
    entity = open_with_entity(qtbot, window, "Azerbaijan")
    view = window.article.view
    document = view.document()
    spans = sorted((m.mention.start, m.mention.end) for m in view.mentions() if m.mention.entity_id == entity.id)
    others = [m for m in view.mentions() if m.mention.entity_id != entity.id and m.label not in view.hidden_labels()]
    changes = []
    document.contentsChange.connect(lambda position, removed, added: changes.append((position, removed, added)))
    with qtbot.waitSignal(window.library_changed, timeout=30000):
        window.corrections.relabel(entity.id, "ORG")
    settle(qtbot, window)
    assert view.document() is document
    qt_spans = {(view._map.to_qt(start), view._map.to_qt(end)) for start, end in spans}
    assert changes and {(position, position + removed) for position, removed, _ in changes} <= qt_spans
    assert all(removed < len(view.text) // 10 for _, removed, _ in changes)  # never the whole text

    def background(start: int):
        cursor = QTextCursor(document)
        cursor.setPosition(start + 1)
        return cursor.charFormat().background().color()

    assert all(background(start) == theme.colours("ORG", theme.is_dark(view.palette())).background
               for start, _ in spans)
    assert background(others[0].mention.start) == theme.colours(others[0].label,
                                                                theme.is_dark(view.palette())).background
