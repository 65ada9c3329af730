"""Near-duplicates in the window: "also in" in the library list and the article header, counting a story once,
a library made before stories grouped when it opens, and where a document came from shown quietly."""
from __future__ import annotations

import re
import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from reader.ui.library.library_panel import DOCUMENT_ROLE
from reader.ui.library.stories_controller import COUNT_ONCE_KEY
from reader.ui.main_window import MainWindow
from reader.ui.runner import IMPORT
from tests.formats.writers import ARTICLES, message, rss, write_eml
from tests.test_stories import SEED_FILES, VARIANTS, seed_text
from tests.ui.conftest import settle


def import_files(qtbot, window, paths) -> None:
    with qtbot.waitSignal(window.import_finished, timeout=60000):
        window.import_paths([str(p) for p in paths])
    settle(qtbot, window)


def listed(window, document_id: int):
    """The library list's row for a document (scrolling the list until it is loaded)."""
    model = window.library_panel.model
    while model.row_of(document_id) < 0 and model.canFetchMore():
        model.fetchMore()
    row = model.row_of(document_id)
    return model.index(row) if row >= 0 else None


@pytest.fixture
def retold(qtbot, window, tmp_path):
    """The first seed as another outlet saved it (another headline, clutter, typos), imported in the window."""
    variant = tmp_path / "outlet" / "retold.txt"
    variant.parent.mkdir()
    variant.write_text(VARIANTS["all four"](seed_text(0)), encoding="utf-8")
    import_files(qtbot, window, [variant])
    seed = window.library.document(str(SEED_FILES[0]))
    copy = window.library.document(str(variant))
    return seed, copy


def test_a_near_duplicate_shows_also_in_one_other_source_in_the_list(qtbot, window, retold):
    seed, copy = retold
    for document in (copy, seed):  # the new one, and the seed it joined, without a re-import
        index = listed(window, document.id)
        assert index.data(DOCUMENT_ROLE).also_in == 1
        assert "The same story is also in 1 other source" in index.data(Qt.ItemDataRole.ToolTipRole)
    plain = listed(window, window.library.document(str(SEED_FILES[1])).id)
    assert plain.data(DOCUMENT_ROLE).also_in == 0 and "same story" not in plain.data(Qt.ItemDataRole.ToolTipRole)


def test_the_article_header_lists_the_other_source_and_opens_it(qtbot, window, retold):
    seed, copy = retold
    window.open_document(copy.id)
    settle(qtbot, window)
    sources = window.article.sources
    assert sources.others.isVisible() and sources.others.text() == "Also in 1 other source"
    [action] = sources.others_menu.actions()
    assert action.text().startswith(seed.title)
    action.trigger()
    assert window.current_document == seed.id
    settle(qtbot, window)
    window.open_document(window.library.document(str(SEED_FILES[1])).id)
    settle(qtbot, window)
    assert not sources.others.isVisible()


def test_counting_a_story_once_changes_the_entity_panels_count(qtbot, window, retold):
    seed, copy = retold
    panel = window.entity_panel

    def counts() -> str:  # the summary without how many of its documents were read
        return re.sub(r" \((?:[\d,]+ read|all read|read|none read yet)\)$", "", panel.summary.text())

    window.open_document(copy.id)
    entity = max((e for e in window.entities.values() if e.documents > 1), key=lambda e: e.documents)
    window.select_entity(entity.id)
    settle(qtbot, window)
    assert counts().endswith(f"in {entity.documents:,} documents")
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    toggle = next(a for a in view_menu.actions() if a.text() == "Count a story once")
    toggle.trigger()
    settle(qtbot, window)
    stories = entity.documents - 1  # the seed and its copy are one story
    assert counts().endswith(f"in {stories:,} {'story' if stories == 1 else 'stories'} "
                             f"({entity.documents:,} documents)")
    assert window.settings.value(COUNT_ONCE_KEY) in (True, "true")
    window.insights.entities_action.trigger()
    settle(qtbot, window)
    row = window.browser.model.row_of(entity.id)
    assert row is not None and window.browser.model.row_at(row).documents == stories
    assert window.browser.model.headerData(3, Qt.Orientation.Horizontal) == "Stories"
    toggle.trigger()
    settle(qtbot, window)
    assert counts().endswith(f"in {entity.documents:,} documents")
    assert window.browser.model.row_at(window.browser.model.row_of(entity.id)).documents == entity.documents


def test_the_graph_counts_a_story_once_when_asked(qtbot, window, retold):
    window.insights.graph_action.trigger()
    settle(qtbot, window)
    before = {n.id: n.mentions for n in window.graph.graph.nodes}
    window.stories.count_once_action.trigger()
    settle(qtbot, window)
    after = {n.id: n.mentions for n in window.graph.graph.nodes}
    assert "each story counted once" in window.graph.summary.text()
    assert any(after[i] < before[i] for i in after.keys() & before.keys())


@pytest.fixture
def before_stories(seeded, tmp_path):
    """A library as an older Reader left it: the seeds and a near-duplicate, but no story found yet."""
    variant = tmp_path / "outlet" / "retold.txt"
    variant.parent.mkdir()
    variant.write_text(VARIANTS["trimmed"](seed_text(3)), encoding="utf-8")
    seeded.import_paths([variant])
    with seeded.db.write():
        seeded.db.execute("DELETE FROM story_bands")
        seeded.db.execute("DELETE FROM story_signatures")
    assert seeded.stories.pending() == seeded.document_count()
    return seeded, seeded.document(str(variant)).id


def open_window(qtbot, library, settings, analyser) -> MainWindow:
    window = MainWindow(library, settings, analyser=analyser)
    qtbot.addWidget(window)
    window.refresh_library()
    window.show()
    return window


def test_a_library_made_before_stories_is_grouped_when_it_opens(qtbot, before_stories, settings, analyser):
    library, variant = before_stories
    window = open_window(qtbot, library, settings, analyser)
    qtbot.waitUntil(lambda: window.stories.job is None and library.stories.pending() == 0, timeout=30000)
    settle(qtbot, window)
    assert listed(window, variant).data(DOCUMENT_ROLE).also_in == 1
    assert window.status_label.text().startswith("Near-duplicates found: 1 document tells")


def test_grouping_at_opening_can_be_cancelled_and_goes_on_next_time(qtbot, before_stories, settings, analyser):
    library, variant = before_stories
    window = open_window(qtbot, library, settings, analyser)
    gate = threading.Event()
    window.runner.run(lambda library, job: gate.wait(20), IMPORT, label="Holding the lane")
    qtbot.waitUntil(lambda: window.stories.job is not None)  # queued behind the held lane
    window.stories.cancel()
    gate.set()
    qtbot.waitUntil(lambda: window.stories.job is None)
    settle(qtbot, window)
    assert library.stories.pending() == library.document_count()
    assert "goes on the next time the library opens" in window.status_label.text()


def test_the_header_shows_where_a_message_and_a_feed_item_came_from(qtbot, window, tmp_path):
    write_eml(tmp_path / "talks.eml", message(ARTICLES[0]))
    (tmp_path / "wire.rss").write_text(rss(ARTICLES[1:2]), encoding="utf-8")
    import_files(qtbot, window, [tmp_path / "talks.eml", tmp_path / "wire.rss"])
    sources = window.article.sources
    mail = window.library.document(str((tmp_path / "talks.eml").resolve()))
    window.open_document(mail.id)
    assert window.article.meta.text().startswith("2022-03-03")  # the Date header
    assert sources.facts.text() == "From Jane Doe <jane@example.org>"
    assert not sources.copy_link.isVisible()
    item = next(d for d in window.library.documents() if d.title == ARTICLES[1].title)
    window.open_document(item.id)
    assert window.article.meta.text().startswith("2024-04-19")
    link = "https://news.example.org/russian-peacekeepers-leave-karabakh"
    assert sources.facts.text() == f"Source Caucasus Wire  ·  By anna@example.org (Anna Lee)  ·  Link {link}"
    assert sources.facts.textFormat() == Qt.TextFormat.PlainText and not sources.facts.openExternalLinks()
    qtbot.mouseClick(sources.copy_link, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == link
    assert window.status_label.text() == f"Link copied: {link}"


def test_a_seed_without_metadata_has_no_sources_line(qtbot, window):
    window.open_document(window.library.document(str(SEED_FILES[2])).id)
    settle(qtbot, window)
    assert not window.article.sources.isVisible()
