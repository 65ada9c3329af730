"""The reader window as a user drives it: clicks, keys, jumps, imports."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QMessageBox

from reader.ui.entities.mentions_model import MENTION_ROLE
from reader.ui.main_window import MainWindow
from tests.conftest import SEEDS
from tests.ui.conftest import settle

ROOT = Path(__file__).resolve().parents[2]


def doc_id_with_title(window: MainWindow, start: str) -> int:
    return next(d.id for d in window.library.documents() if d.title.startswith(start))


def click_mention(qtbot, window: MainWindow, text: str) -> None:
    view = window.article.view
    shown = next(m for m in view.mentions() if m.mention.text == text)
    view.center_on(shown.mention.start)
    cursor = QTextCursor(view.document())
    cursor.setPosition(shown.mention.start + 1)
    point = view.cursorRect(cursor).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    settle(qtbot, window)


def shown_as(tooltip: str) -> str:
    """What a tooltip displays: Qt renders it as rich text when it looks like markup."""
    from PySide6.QtGui import QTextDocument
    from PySide6.QtGui import Qt as QtGui_Qt

    if not QtGui_Qt.mightBeRichText(tooltip):
        return tooltip
    document = QTextDocument()
    document.setHtml(tooltip)
    return document.toPlainText().replace("\u2028", "\n")


def linked_mentions(window: MainWindow, qtbot=None) -> list:
    """The linked mentions the panel lists (every document opened, when qtbot is given to wait for them)."""
    model, view = window.entity_panel.mentions_model, window.entity_panel.mentions_view
    if qtbot is not None:
        for row in range(model.rowCount()):
            view.expand(model.index(row, 0))
        settle(qtbot, window)
    return [m for group in model.groups for m in group.mentions]


def mention_index(window: MainWindow, target):
    model = window.entity_panel.mentions_model
    for row, group in enumerate(model.groups):
        for child, mention in enumerate(group.mentions):
            if mention is target:
                return model.index(child, 0, model.index(row, 0))
    raise LookupError(target)


def test_clicking_an_entity_fills_linked_mentions_from_several_documents(qtbot, window):
    window.open_document(doc_id_with_title(window, "Russia expresses concern"))
    click_mention(qtbot, window, "Azerbaijan")
    mentions = linked_mentions(window, qtbot)
    assert window.entity_panel.title.text() == "Azerbaijan"
    assert len({m.mention.document_id for m in mentions}) >= 2
    assert all(m.entity_name == "Azerbaijan" for m in mentions)
    first_group = window.entity_panel.mentions_model.index(0, 0).data()
    assert "(this article)" in first_group  # the current document comes first
    marked = window.article.view.marked_mentions()
    assert marked and all(m.mention.text == "Azerbaijan" for m in marked)


def test_activating_a_mention_elsewhere_opens_it_with_exactly_that_span_selected(qtbot, window):
    start = doc_id_with_title(window, "Russia expresses concern")
    window.open_document(start)
    click_mention(qtbot, window, "Azerbaijan")
    target = next(m for m in linked_mentions(window, qtbot) if m.mention.document_id != start)
    index = mention_index(window, target)
    assert index.data(MENTION_ROLE) is target
    window.entity_panel.mentions_view.setCurrentIndex(index)
    window.entity_panel.mentions_view.setFocus()
    qtbot.keyClick(window.entity_panel.mentions_view, Qt.Key.Key_Return)
    view = window.article.view
    assert window.current_document == target.mention.document_id
    assert view.selected_span() == (target.mention.start, target.mention.end)
    assert view.textCursor().selectedText() == "Azerbaijan"
    cursor_y = view.cursorRect().center().y()
    assert 0 <= cursor_y <= view.viewport().height()  # scrolled into view


def test_back_and_forward_walk_the_trail_of_documents_and_positions(qtbot, window):
    first = doc_id_with_title(window, "Analysts in Moscow")
    window.open_document(first)
    window.article.view.scroll_to_offset(6000)
    reading_at = window.article.view.scroll_offset()
    assert reading_at > 5000
    click_mention(qtbot, window, "Karabakh")
    target = next(m for m in linked_mentions(window, qtbot) if m.mention.document_id != first)
    window.entity_panel.mention_activated.emit(target)
    assert window.current_document == target.mention.document_id
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.current_document == first
    assert abs(window.article.view.scroll_offset() - window.history.current.offset) < 200
    assert window.forward_action.isEnabled()
    window.forward_action.trigger()
    assert window.current_document == target.mention.document_id
    assert window.article.view.selected_span() == (target.mention.start, target.mention.end)


def test_toggling_a_type_removes_its_highlights(qtbot, window):
    window.open_document(doc_id_with_title(window, "Russia expresses concern"))
    view = window.article.view
    place = next(m for m in view.mentions() if m.label == "GPE")

    def background_at(offset: int):
        cursor = QTextCursor(view.document())
        cursor.setPosition(offset + 1)
        return cursor.charFormat().background().style()

    assert background_at(place.mention.start) != Qt.BrushStyle.NoBrush
    chip = window.article.legend.buttons["GPE"]
    qtbot.mouseClick(chip, Qt.MouseButton.LeftButton)
    assert not chip.isChecked()
    assert background_at(place.mention.start) == Qt.BrushStyle.NoBrush
    assert "GPE" in window.settings.value("hidden_types")
    qtbot.mouseClick(chip, Qt.MouseButton.LeftButton)
    assert background_at(place.mention.start) != Qt.BrushStyle.NoBrush


def test_numeric_types_are_off_by_default(window):
    window.open_document(window.library.documents()[0].id)
    legend = window.article.legend.buttons
    assert "DATE" in legend and not legend["DATE"].isChecked()
    assert legend["GPE"].isChecked()


def test_f3_steps_through_the_selected_entity_in_the_article(qtbot, window):
    window.open_document(doc_id_with_title(window, "Russia expresses concern"))
    click_mention(qtbot, window, "Azerbaijan")
    starts = [m.mention.start for m in window.article.view.marked_mentions()]
    seen = []
    for _ in range(len(starts)):
        qtbot.keyClick(window, Qt.Key.Key_F3)
        seen.append(window.article.view.selected_span()[0])
    assert seen == starts
    qtbot.keyClick(window, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert window.article.view.selected_span()[0] == starts[-2]
    qtbot.keyClick(window, Qt.Key.Key_F3)
    qtbot.keyClick(window, Qt.Key.Key_F3)  # past the last one, it wraps to the first
    assert window.article.view.selected_span()[0] == starts[0]


def test_zoom_keys_change_the_text_size_and_are_remembered(qtbot, window):
    window.open_document(window.library.documents()[0].id)
    size = window.article.view.font().pointSizeF()
    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.article.view.font().pointSizeF() > size
    assert float(window.settings.value("zoom")) == 1.0
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.article.view.font().pointSizeF() == size


def test_layout_and_reading_place_are_remembered(qtbot, window, seeded, settings, analyser):
    doc = doc_id_with_title(window, "Analysts in Moscow")
    window.open_document(doc)
    window.article.view.scroll_to_offset(5000)
    window.splitter.setSizes([200, 700])
    window.resizeDocks([window.side_dock], [420], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: window.side_dock.width() == 420)  # the layout gives the article what is left
    sizes, side = window.splitter.sizes(), window.side_dock.width()
    window.close()
    again = MainWindow(seeded, settings, analyser=analyser)
    qtbot.addWidget(again)
    again.refresh_library()
    again.show()
    settle(qtbot, again)
    assert again.restore_last_place()
    assert again.current_document == doc
    assert again.splitter.sizes() == sizes and again.side_dock.width() == side == 420
    qtbot.waitUntil(lambda: abs(again.article.view.scroll_offset() - 5000) < 300)


def test_hostile_text_shows_as_text_and_loads_nothing(qtbot, window, tmp_path):
    hostile = tmp_path / "hostile.txt"
    payload = ('<b>not bold</b> <script>alert("x")</script> <img src="http://example.com/x.png">'
               ' <a href="http://example.com">link</a> Vladimir Putin spoke in Moscow.')
    hostile.write_text(payload, encoding="utf-8")
    page = tmp_path / "page.html"
    page.write_text("<html><head><title>Page</title><script>document.write('INJECTED')</script>"
                    "<style>p{color:red}</style></head><body><article><p>Emmanuel Macron visited Berlin "
                    "on Tuesday to discuss the budget with Olaf Scholz and several ministers.</p>"
                    "<img src='http://example.com/track.gif' onerror='alert(1)'><iframe src='http://example.com'></iframe>"
                    "</article></body></html>", encoding="utf-8")
    with qtbot.waitSignal(window.import_finished, timeout=60000):
        window.import_paths([str(hostile), str(page)])
    view = window.article.view
    window.open_document(window.library.document(str(hostile)).id)
    assert view.toPlainText() == payload
    assert "<img" not in view.toHtml() and "<script" not in view.toHtml()
    window.open_document(window.library.document(str(page)).id)
    assert "INJECTED" not in view.toPlainText() and "alert" not in view.toPlainText()
    assert "Emmanuel Macron visited Berlin" in view.toPlainText()
    assert view.document().allFormats() and not view.document().resource(2, "http://example.com/x.png")


def test_markup_in_a_title_or_name_is_shown_as_typed_in_tooltips(qtbot, window, tmp_path):
    from PySide6.QtCore import Qt as QtCore_Qt

    hostile = tmp_path / "title.txt"
    title = 'Why <b>Putin</b> met <img src="http://example.com/x.png"> Aliyev'
    hostile.write_text(title + "\n\nVladimir Putin met Ilham Aliyev in Moscow on Monday.\n", encoding="utf-8")
    with qtbot.waitSignal(window.import_finished, timeout=60000):
        window.import_paths([str(hostile)])
    settle(qtbot, window)
    document = window.library.document(str(hostile))
    assert document.title == title
    model = window.library_panel.model
    row = model.row_of(document.id)
    tooltip = model.index(row).data(QtCore_Qt.ItemDataRole.ToolTipRole)
    assert shown_as(tooltip).splitlines()[0] == title  # the tags are shown, not applied or loaded
    window.open_document(document.id)
    assert window.article.title.text() == title and window.article.title.textFormat() == QtCore_Qt.TextFormat.PlainText
    assert window.status_label.textFormat() == QtCore_Qt.TextFormat.PlainText


def test_import_runs_on_a_worker_with_progress_and_cancel_keeps_finished_documents(qtbot, window, tmp_path):
    from PySide6.QtCore import QObject, Slot

    folder = tmp_path / "batch"
    folder.mkdir()
    for seed in sorted(SEEDS.iterdir()):
        (folder / seed.name).write_text(seed.read_text(encoding="utf-8") + "\nUpdated copy.\n", encoding="utf-8")

    class Reader(QObject):  # lives on the GUI thread, so the worker's signals reach it queued
        progress: list = []

        @Slot(object, int, int, str)
        def on_progress(self, job, done: int, total: int, message: str) -> None:
            self.progress.append((done, total, message))
            if message.startswith("Analysed") and done >= 2:
                window.cancel_import()  # as a user clicking Cancel would, from the GUI thread

    reader = Reader()
    before = window.library.document_count()
    with qtbot.waitSignal(window.import_finished, timeout=60000) as finished:
        window.import_paths([str(folder)])
        assert window.worker is not None and window.cancel_button.isVisible()
        window.runner.progressed.connect(reader.on_progress)
    report = finished.args[0]
    assert report.cancelled
    assert len(report.added) == 5
    assert reader.progress and any(total == 5 for _, total, _ in reader.progress)
    assert window.library.document_count() == before + 5
    analysed_now = [d for d in window.library.documents() if d.path.startswith(str(folder)) and d.analysed_with]
    assert 2 <= len(analysed_now) < 5 and all(d.mentions > 0 for d in analysed_now)
    assert not window.cancel_button.isVisible()
    assert "cancelled" in window.status_label.text()


def test_refused_files_are_listed_in_one_dialog_with_reasons(qtbot, window, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.html").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "fine.txt").write_text("Olaf Scholz met Emmanuel Macron in Paris.", encoding="utf-8")
    with qtbot.waitSignal(window.import_finished, timeout=60000):
        window.import_paths([str(tmp_path)])
    dialog = window.importer.problems_dialog
    assert isinstance(dialog, QMessageBox) and dialog.isVisible()
    details = dialog.detailedText()
    assert "empty.txt" in details and "binary.html" in details
    assert "empty" in details.lower()
    assert window.library.document(str(tmp_path / "fine.txt"))
    dialog.close()


def test_window_never_imports_spacy_for_an_analysed_library(_seeded_file, tmp_path):
    library_file = tmp_path / "library.db"  # opening a document marks it read: a copy of the shared library
    shutil.copy(_seeded_file, library_file)
    script = (
        "import sys, os\n"
        "os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "from PySide6.QtCore import QSettings\n"
        "from reader.library import Library\n"
        "from reader.ui.app import create_application, start, parse_args\n"
        "from reader.ui.main_window import MainWindow\n"
        "app = create_application([])\n"
        f"library = Library({str(library_file)!r})\n"
        f"window = MainWindow(library, QSettings({str(tmp_path / 's.ini')!r}, QSettings.Format.IniFormat))\n"
        "window.refresh_library(); window.show()\n"
        "start(window, parse_args(['--entity', 'Azerbaijan', '--open', '1']))\n"
        "window.select_entity(library.entity('Azerbaijan').id)\n"
        "print(window.entity_panel.title.text(), 'spacy' in sys.modules, window.worker is None)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.split() == ["Azerbaijan", "False", "True"], out.stderr


def test_screenshot_mode_writes_a_png(_seeded_file, tmp_path):
    shot = tmp_path / "shot.png"
    result = subprocess.run([sys.executable, "main.py", "--library", str(_seeded_file), "--entity", "Azerbaijan",
                             "--screenshot", str(shot)], capture_output=True, text=True, cwd=ROOT,
                            env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    from PySide6.QtGui import QImage
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1280, 800)
    from reader.library import Library
    library = Library(_seeded_file)
    try:
        assert library.lists.document_total(unread=True) == 5  # a picture reads nothing
    finally:
        library.close()


def test_hovering_an_entity_shows_its_name_type_and_counts(qtbot, window):
    from PySide6.QtCore import QEvent, QPoint
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    window.open_document(doc_id_with_title(window, "Russia expresses concern"))
    view = window.article.view
    shown = next(m for m in view.mentions() if m.mention.text == "Azerbaijan")
    view.center_on(shown.mention.start)
    cursor = QTextCursor(view.document())
    cursor.setPosition(shown.mention.start + 2)
    point = view.cursorRect(cursor).center()
    event = QHelpEvent(QEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point))
    QApplication.sendEvent(view, event)
    entity = window.library.entity("Azerbaijan")
    qtbot.waitUntil(QToolTip.isVisible)
    assert shown_as(QToolTip.text()) == f"Azerbaijan — Places\n{entity.mentions} mentions in {entity.documents} documents"
    away = QPoint(2, 2)
    QApplication.sendEvent(view, QHelpEvent(QEvent.Type.ToolTip, away, view.viewport().mapToGlobal(away)))
    qtbot.waitUntil(lambda: not QToolTip.isVisible())  # off the names, no tooltip


def test_dropping_files_on_the_window_imports_them(qtbot, window, tmp_path):
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    article = tmp_path / "dropped.txt"
    article.write_text("Kremlin spokesperson Dmitry Peskov spoke in Moscow on Monday.", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(article))])
    point = window.rect().center()
    enter = QDragEnterEvent(point, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    with qtbot.waitSignal(window.import_finished, timeout=60000):
        QApplication.sendEvent(window, QDropEvent(QPointF(point), Qt.DropAction.CopyAction, mime,
                                                  Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))
    document = window.library.document(str(article))
    assert document.title and "Dmitry Peskov" in {m.entity_name for m in window.library.mentions(document_id=document.id)}
    assert window.library.analytics.refresh() is False  # the worker already updated the graph caches


def _foreground_at(view, offset: int):
    cursor = QTextCursor(view.document())
    cursor.setPosition(offset + 1)
    return cursor.charFormat().foreground().color().name()


def test_page_clutter_is_dimmed_and_the_view_menu_shows_it_plainly(qtbot, window):
    window.open_document(doc_id_with_title(window, "Analysts in Moscow"))
    view = window.article.view
    text = view.text
    toolbar = text.index("Bold Italic Underline")
    assert any(start <= toolbar < end for start, end in view.clutter())
    assert not any(start <= text.index("The withdrawal of peacekeepers") < end for start, end in view.clutter())
    assert not [m for m in view.mentions() if any(s < m.mention.end and m.mention.start < e for s, e in view.clutter())]
    article = _foreground_at(view, text.index("The withdrawal of peacekeepers"))
    assert _foreground_at(view, toolbar) != article  # dimmed
    menu_texts = [a.text() for a in window.menuBar().actions()]
    assert "&View" in menu_texts
    window.dim_clutter_action.trigger()  # View -> Dim page clutter, off
    assert not view.clutter_dimmed() and _foreground_at(view, toolbar) == article
    window.dim_clutter_action.trigger()
    assert view.clutter_dimmed() and _foreground_at(view, toolbar) != article


def test_values_stay_highlighted_in_the_article_but_are_no_entities(qtbot, window):
    window.open_document(doc_id_with_title(window, "Analysts in Moscow"))
    view = window.article.view
    dates = [m for m in view.mentions() if m.label == "DATE"]
    assert any(m.mention.text == "April 17" for m in dates)
    view.set_hidden_labels(set())  # the legend shows dates
    shown = dates[0]
    cursor = QTextCursor(view.document())
    cursor.setPosition(shown.mention.start + 1)
    assert cursor.charFormat().background().style() != Qt.BrushStyle.NoBrush
    listed = {e.id for e in window.library.entities()}
    assert shown.mention.entity_id not in listed
    assert all(e.label not in ("DATE", "CARDINAL", "ORDINAL") for e in window.library.entities())
