"""The main window: library, article and entity panel; navigation, import, remembered layout."""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QTextCharFormat, QUndoStack
from PySide6.QtWidgets import (QApplication, QFileDialog, QLabel, QMainWindow, QMessageBox,
                               QProgressBar, QPushButton, QSplitter, QStyle, QWidget)

from reader import labels
from reader.ui import theme
from reader.ui.history import History, Place
from reader.ui.safe_text import show_message

if TYPE_CHECKING:  # panels and the library stack load after the first frame (see build, attach_library)
    from reader.library import ImportReport, Library
    from reader.models import Entity, MentionInContext
    from reader.ui.document_view import ShownMention
    from reader.ui.workers import ImportWorker


class MainWindow(QMainWindow):
    document_opened = Signal(int)
    import_finished = Signal(object)  # ImportReport
    entity_changed = Signal(object)  # int | None: the selected entity

    library_opened = Signal()
    library_changed = Signal()  # entities changed in place (a correction, its undo)

    def __init__(self, library: Library | None, settings: QSettings, analyser=None, deferred: bool = False) -> None:
        """The whole window, attached to `library` when one is given.

        With `deferred`, only a bare frame is made, so that it can be painted at once; build()
        (or attach_library) makes the panels afterwards.
        """
        super().__init__()
        self.library = library
        self.settings = settings
        self.analyser = analyser
        self.history = History()
        self.entities: dict[int, Entity] = {}
        self.current_document: int | None = None
        self.selected_entity: int | None = None
        self.worker: ImportWorker | None = None
        self._thread = None
        self.last_dialog = None  # the most recent modal dialog (tests and screenshots reach it here)
        self.undo_stack = QUndoStack(self)
        self.setWindowTitle("Reader")
        self.setAcceptDrops(True)
        self._built = False
        self._restore_size()
        if not deferred:
            self.build()
        if library is not None:
            self.attach_library(library)
        elif self._built:
            self.article.show_placeholder("Opening your library…", "")

    def build(self) -> None:
        """Make the panels, menus and shortcuts, and restore the remembered layout (once)."""
        if self._built:
            return
        self._built = True
        self._build()
        self._build_actions()
        hidden = self.settings.value("hidden_types")
        self.article.view.set_hidden_labels(set(hidden) if hidden else set(theme.numeric_labels()))
        self._restore_layout()
        QApplication.instance().installEventFilter(self)

    def attach_library(self, library: Library) -> None:
        """Connect the window to a library and the features that work on it."""
        from reader.ui import insights
        from reader.ui.corrections_controller import CorrectionsController
        from reader.ui.notes_controller import NotesController

        self.build()
        self.library = library
        self.corrections = CorrectionsController(self)
        self.notes = NotesController(self)
        insights.install(self)
        self.library_opened.emit()

    # ---- building ------------------------------------------------------------

    def _build(self) -> None:
        from reader.ui.article_pane import ArticlePane
        from reader.ui.entity_panel import EntityPanel
        from reader.ui.library_panel import LibraryPanel

        self.library_panel = LibraryPanel()
        self.article = ArticlePane()
        self.entity_panel = EntityPanel()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.library_panel)
        self.splitter.addWidget(self.article)
        self.splitter.addWidget(self.entity_panel)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setSizes([270, 640, 370])
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        self.library_panel.document_activated.connect(lambda doc_id: self.open_document(doc_id))
        self.article.view.mention_clicked.connect(self._on_mention_clicked)
        self.article.legend.toggled.connect(self._on_type_toggled)
        self.entity_panel.entity_selected.connect(self.show_entity)
        self.entity_panel.mention_activated.connect(self._on_linked_mention_activated)
        self.status_label = QLabel()
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)  # it shows names and titles
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(False)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel_import)
        self.statusBar().addWidget(self.status_label, 1)
        self.statusBar().addPermanentWidget(self.progress)
        self.statusBar().addPermanentWidget(self.cancel_button)
        self._set_busy(False)

    def _action(self, text: str, slot, shortcuts=(), icon=None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if icon is not None:
            action.setIcon(self.style().standardIcon(icon))
        sequences = []
        for shortcut in shortcuts:  # standard keys can repeat an explicit one: keep each once
            for sequence in QKeySequence.keyBindings(shortcut) if isinstance(shortcut, QKeySequence.StandardKey) \
                    else [QKeySequence(shortcut)]:
                if sequence not in sequences:
                    sequences.append(sequence)
        action.setShortcuts(sequences)
        action.setToolTip(f"{tip or text} ({QKeySequence(shortcuts[0]).toString(QKeySequence.SequenceFormat.NativeText)})"
                          if shortcuts else (tip or text))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        sp = QStyle.StandardPixmap
        # Not the platform's standard Back keys: on Linux they include Backspace, which lists and
        # editors need (Backspace rejects an unlinked mention).
        self.back_action = self._action("Back", self.go_back, ["Alt+Left", QKeySequence(Qt.Key.Key_Back)], sp.SP_ArrowBack)
        self.forward_action = self._action("Forward", self.go_forward, ["Alt+Right", QKeySequence(Qt.Key.Key_Forward)],
                                           sp.SP_ArrowForward)
        import_files = self._action("Import files…", self.choose_files, ["Ctrl+O"], sp.SP_FileIcon)
        import_folder = self._action("Import folder…", self.choose_folder, ["Ctrl+Shift+O"], sp.SP_DirIcon)
        quit_action = self._action("Quit", self.close, [QKeySequence.StandardKey.Quit])
        zoom_in = self._action("Zoom in", lambda: self.zoom_by(1), ["Ctrl+=", "Ctrl++"])
        zoom_out = self._action("Zoom out", lambda: self.zoom_by(-1), ["Ctrl+-"])
        zoom_reset = self._action("Actual size", lambda: self.set_zoom(0), ["Ctrl+0"])
        self.next_action = self._action("Next mention", lambda: self.step_mention(1), ["F3"])
        self.previous_action = self._action("Previous mention", lambda: self.step_mention(-1), ["Shift+F3"])
        clear = self._action("Clear selection", self.clear_entity, ["Esc"])
        focus_filter = self._action("Filter documents", self.library_panel.filter_box.setFocus, ["Ctrl+L"])
        self.dim_clutter_action = self._action("Dim page clutter", self.article.view.set_clutter_dimmed,
                                               tip="Comment forms, cookie notices, share buttons and other page"
                                                   " clutter are shown grey, and never analysed")
        self.dim_clutter_action.setCheckable(True)
        self.dim_clutter_action.setChecked(self.settings.value("dim_clutter", "true") in (True, "true"))
        self.article.view.set_clutter_dimmed(self.dim_clutter_action.isChecked())
        menu = self.menuBar().addMenu("&File")
        for action in (import_files, import_folder):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(quit_action)
        menu = self.menuBar().addMenu("&Edit")
        self.undo_action = self.undo_stack.createUndoAction(self, "Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, "Redo")
        self.redo_action.setShortcuts([QKeySequence.StandardKey.Redo, QKeySequence("Ctrl+Shift+Z")])
        for action in (self.undo_action, self.redo_action):
            self.addAction(action)
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self._action("Corrections…", lambda: self.corrections.show_corrections(), ["Ctrl+Shift+K"]))
        menu = self.menuBar().addMenu("&View")
        for action in (zoom_in, zoom_out, zoom_reset):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.dim_clutter_action)
        menu.addSeparator()
        menu.addAction(focus_filter)
        menu = self.menuBar().addMenu("&Go")
        for action in (self.back_action, self.forward_action, self.next_action, self.previous_action, clear):
            menu.addAction(action)
        toolbar = self.addToolBar("Navigation")
        toolbar.setObjectName("navigation")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addAction(self.back_action)
        toolbar.addAction(self.forward_action)
        toolbar.addSeparator()
        toolbar.addAction(import_files)
        toolbar.addAction(import_folder)
        self._update_navigation()

    # ---- documents -----------------------------------------------------------

    def refresh_library(self) -> None:
        self.entities = {e.id: e for e in self.library.entities()}
        self.library_panel.set_documents(self.library.documents(), self.current_document)
        if self.library.document_count() == 0 and self.worker is None:
            self.article.show_placeholder("Your library is empty",
                                          "Import files or a folder (Ctrl+O, Ctrl+Shift+O), or drop them on this window.")

    def open_document(self, document_id: int, selection: tuple[int, int] | None = None,
                      offset: int | None = None, record: bool = True) -> None:
        """Show a document; with a selection, select exactly that span and scroll to it."""
        if record and self.current_document is not None:
            self.history.update_current(self._here())
        view = self.article.view
        if document_id != self.current_document or view.document_id != document_id:
            document = self.library.document(document_id)
            from reader.ui.document_view import ShownMention

            mentions = [ShownMention(m, name, label) for m, name, label in self.library.document_mentions(document_id)]
            missing = {m.mention.entity_id for m in mentions if not labels.is_value(m.label)} - self.entities.keys()
            if missing:
                self.entities = {e.id: e for e in self.library.entities()}
            clutter = [(r.start, r.end) for r in self.library.document_regions(document_id)]
            view.show_document(document, mentions, self.entities, clutter)
            self.current_document = document_id
            self.article.show_header(document)
            self._refresh_article_lists()
            self.library_panel.select_document(document_id)
        if selection:
            view.select_span(*selection)
        elif offset is not None:
            view.scroll_to_offset(offset)
        if self.selected_entity is not None:
            view.mark_entity(self.selected_entity)
            self.entity_panel.select_in_article_list(self.selected_entity)
        if record:
            self.history.visit(self._here())
        self._update_navigation()
        self.document_opened.emit(document_id)

    def open_first_document(self) -> bool:
        """Open the document at the top of the library list, if there is one."""
        document_id = self.library_panel.first_document_id()
        if document_id is not None:
            self.open_document(document_id)
        return document_id is not None

    def _refresh_article_lists(self) -> None:
        view = self.article.view
        by_label = Counter(m.label for m in view.mentions())
        self.article.legend.set_labels(by_label, view.hidden_labels())
        counts = Counter(m.mention.entity_id for m in view.visible_mentions())
        self.entity_panel.set_article_entities(counts, self.entities, view.hidden_labels())

    def _here(self) -> Place:
        view = self.article.view
        return Place(self.current_document, view.scroll_offset(), view.selected_span())

    # ---- entities ------------------------------------------------------------

    def select_entity(self, entity_id: int | None) -> None:
        self.selected_entity = entity_id
        entity = self.library.entity_by_id(entity_id) if entity_id is not None else None
        mentions = self.library.mentions(entity_id=entity_id) if entity else []
        unlinked = self.library.mentions(entity_id=entity_id, status="unlinked") if entity else []
        self.entity_panel.show_entity(entity, mentions, self.current_document, unlinked)
        self.article.view.mark_entity(entity_id)
        self._mark_unlinked(unlinked)
        self.entity_panel.select_in_article_list(entity_id)
        marked = len(self.article.view.marked_mentions())
        if entity:
            self.status_label.setText(f"{entity.name}: {marked} here, {entity.mentions} in "
                                      f"{entity.documents} documents. F3 / Shift+F3 step through this article.")
        self.entity_changed.emit(entity_id)

    def _mark_unlinked(self, unlinked) -> None:
        """Unlinked name matches of the selected entity: a dotted underline in the article."""
        fmt = QTextCharFormat()
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
        fmt.setUnderlineColor(theme.colours("_selected").accent)
        spans = [(m.mention.start, m.mention.end) for m in unlinked if m.mention.document_id == self.current_document]
        self.article.view.set_overlay("unlinked", spans, fmt)

    def reload_after_change(self, entity_id: int | None) -> None:
        """After a correction: fresh entities, highlights and lists; keep the reading place."""
        self.entities = {e.id: e for e in self.library.entities()}
        self.library_panel.set_documents(self.library.documents(), self.current_document)
        if self.current_document is not None:
            view = self.article.view
            offset, selection = view.scroll_offset(), view.selected_span()
            current, self.current_document = self.current_document, None
            self.selected_entity = None
            self.open_document(current, offset=offset, record=False)
            if selection:
                view.select_span(*selection)
                view.scroll_to_offset(offset)
        self.select_entity(entity_id)
        self.library_changed.emit()

    def clear_entity(self) -> None:
        self.select_entity(None)
        self.status_label.clear()

    def _on_mention_clicked(self, shown: ShownMention) -> None:
        self.select_entity(shown.mention.entity_id)

    def show_entity(self, entity_id: int) -> None:
        """Select an entity and bring its first mention in this article into view."""
        self.select_entity(entity_id)
        marked = self.article.view.marked_mentions()
        if marked:
            self.article.view.center_on(marked[0].mention.start)

    def _on_linked_mention_activated(self, mention: MentionInContext) -> None:
        m = mention.mention
        self.open_document(m.document_id, selection=(m.start, m.end))

    def step_mention(self, step: int) -> None:
        """F3 / Shift+F3: select the next or previous mention of the selected entity here."""
        marked = self.article.view.marked_mentions()
        if not marked:
            return
        span = self.article.view.selected_span()
        here = span[0] if span else -1 if step > 0 else len(self.article.view.text) + 1
        if step > 0:
            following = [m for m in marked if m.mention.start > here]
            target = following[0] if following else marked[0]
        else:
            before = [m for m in marked if m.mention.start < here]
            target = before[-1] if before else marked[-1]
        self.article.view.select_span(target.mention.start, target.mention.end)
        position = marked.index(target) + 1
        self.status_label.setText(f"{target.entity_name}: mention {position} of {len(marked)} in this article")

    def _on_type_toggled(self, label: str, visible: bool) -> None:
        hidden = self.article.view.hidden_labels()
        hidden.discard(label) if visible else hidden.add(label)
        self.article.view.set_hidden_labels(hidden)
        self.settings.setValue("hidden_types", sorted(hidden))
        counts = Counter(m.mention.entity_id for m in self.article.view.visible_mentions())
        self.entity_panel.set_article_entities(counts, self.entities, hidden)

    # ---- history -------------------------------------------------------------

    def go_back(self) -> None:
        if self.history.can_go_back():
            self.history.update_current(self._here())
            self._go(self.history.back())

    def go_forward(self) -> None:
        if self.history.can_go_forward():
            self.history.update_current(self._here())
            self._go(self.history.forward())

    def _go(self, place: Place | None) -> None:
        if place is not None:
            self.open_document(place.document_id, selection=place.selection, offset=place.offset, record=False)
            if place.selection is None:
                self.article.view.scroll_to_offset(place.offset)

    def _update_navigation(self) -> None:
        self.back_action.setEnabled(self.history.can_go_back())
        self.forward_action.setEnabled(self.history.can_go_forward())

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.MouseButtonPress and self.isActiveWindow():
            if event.button() == Qt.MouseButton.BackButton:
                self.go_back()
                return True
            if event.button() == Qt.MouseButton.ForwardButton:
                self.go_forward()
                return True
        return super().eventFilter(watched, event)

    # ---- zoom ----------------------------------------------------------------

    def zoom_by(self, steps: int) -> None:
        self.set_zoom(self.article.view.zoom() + steps)

    def set_zoom(self, steps: float) -> None:
        self.article.view.set_zoom(steps)
        self.settings.setValue("zoom", self.article.view.zoom())

    # ---- import --------------------------------------------------------------

    def choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Import files", str(Path.home()),
                                                "Articles (*.txt *.md *.markdown *.html *.htm);;All files (*)")
        if paths:
            self.import_paths(paths)

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Import folder", str(Path.home()))
        if folder:
            self.import_paths([folder])

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    def import_paths(self, paths: list[str]) -> None:
        """Import on a worker thread; progress and Cancel in the status bar."""
        from reader.ui.workers import ImportWorker, start_import

        if self.worker is not None:
            self.status_label.setText("An import is already running; wait for it or cancel it.")
            return
        self.worker = ImportWorker(self.library.path, [str(p) for p in paths], self.analyser)
        self.worker.progressed.connect(self._on_import_progress)
        self.worker.document_stored.connect(self._on_document_stored)
        self.worker.finished.connect(self._on_import_finished)
        self.worker.failed.connect(self._on_import_failed)
        self._set_busy(True)
        self.status_label.setText("Starting import…")
        self._thread = start_import(self.worker, self)

    def cancel_import(self) -> None:
        if self.worker is not None:
            self.worker.cancel()
            self.cancel_button.setEnabled(False)
            self.status_label.setText("Cancelling: finishing the current document…")

    def _set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.cancel_button.setEnabled(busy)
        if busy:
            self.progress.setRange(0, 0)

    def _on_import_progress(self, done: int, total: int, message: str) -> None:
        if self.worker is None or self.worker.is_cancelled():
            return
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.status_label.setText(message)

    def _on_document_stored(self) -> None:
        self.library_panel.set_documents(self.library.documents(), self.current_document)

    def _on_import_finished(self, report: ImportReport) -> None:
        self.worker = None
        self._set_busy(False)
        self.refresh_library()
        if self.current_document is not None:  # its analysis may have changed: show it afresh
            offset = self.article.view.scroll_offset()
            current, self.current_document = self.current_document, None
            self.open_document(current, offset=offset, record=False)
        elif report.added:
            self.open_first_document()
        parts = [f"Imported {len(report.added)}", f"updated {len(report.updated)}"]
        if report.duplicates:
            parts.append(f"{len(report.duplicates)} duplicate{'s' if len(report.duplicates) != 1 else ''} skipped")
        if report.refused:
            parts.append(f"{len(report.refused)} refused")
        if report.cancelled:
            parts.append("cancelled: finished documents are kept; the rest will be analysed next time")
        self.status_label.setText(", ".join(parts) + ".")
        if report.refused or report.duplicates:
            self._show_problems(report)
        self.import_finished.emit(report)

    def _show_problems(self, report: ImportReport) -> None:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Some files were not imported")
        box.setTextFormat(Qt.TextFormat.PlainText)
        count = len(report.refused) + len(report.duplicates)
        box.setText(f"{count} file{'s were' if count != 1 else ' was'} not imported. "
                    "Everything else was imported, and nothing already in the library changed.")
        lines = [str(refusal) for refusal in report.refused] + report.duplicates
        box.setDetailedText("\n".join(lines))
        box.setInformativeText("\n".join(lines[:8]) + ("\n…" if len(lines) > 8 else ""))
        self.problems_dialog = box
        box.open()

    def _on_import_failed(self, message: str) -> None:
        self.worker = None
        self._set_busy(False)
        self.refresh_library()
        self.status_label.setText("Import failed.")
        show_message(self, QMessageBox.Icon.Critical, "Import failed", message)

    # ---- remembered layout ----------------------------------------------------

    def _restore_size(self) -> None:
        geometry, size = self.settings.value("geometry"), self.settings.value("size")
        restored = geometry is not None and self.restoreGeometry(geometry)
        if size is not None and (not restored or self.size() != size):
            self.resize(size)  # some platforms (offscreen, some Wayland) ignore saved geometry
        elif not restored:
            self.resize(1280, 800)

    def _restore_layout(self) -> None:
        for key, splitter in (("splitter", self.splitter), ("entity_splitter", self.entity_panel.splitter)):
            state = self.settings.value(key)
            if state is not None:
                splitter.restoreState(state)
        zoom = self.settings.value("zoom")
        if zoom is not None:
            self.article.view.set_zoom(float(zoom))
        self.library_panel.set_sort_key(str(self.settings.value("sort", "title")))

    def restore_last_place(self) -> bool:
        document_id = self.settings.value("last_document")
        if document_id is None:
            return False
        try:
            self.open_document(int(document_id))
        except Exception:  # the document may be gone: start at the first one instead
            return False
        QTimer.singleShot(0, lambda: self.article.view.scroll_to_offset(int(self.settings.value("last_offset", 0))))
        return True

    def save_state(self) -> None:
        if not self._built:
            return
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("size", self.size())
        self.settings.setValue("splitter", self.splitter.saveState())
        self.settings.setValue("entity_splitter", self.entity_panel.splitter.saveState())
        self.settings.setValue("sort", self.library_panel.sort_key())
        self.settings.setValue("hidden_types", sorted(self.article.view.hidden_labels()))
        self.settings.setValue("dim_clutter", self.article.view.clutter_dimmed())
        if self.current_document is not None:
            self.settings.setValue("last_document", self.current_document)
            self.settings.setValue("last_offset", self.article.view.scroll_offset())
        self.settings.sync()

    def closeEvent(self, event) -> None:  # noqa: N802
        if self.worker is not None:
            self.worker.cancel()
        if self._thread is not None:
            try:
                self.status_label.setText("Finishing the current document before closing…")
                self._thread.quit()
                self._thread.wait()  # a cancelled import stops after the document it is on
            except RuntimeError:
                pass  # already finished and deleted
        self.save_state()
        for child in self.findChildren(QWidget):  # dialogs and floating tools close with the window
            if child.isWindow() and child.isVisible():
                child.close()
        QApplication.instance().removeEventFilter(self)
        super().closeEvent(event)
