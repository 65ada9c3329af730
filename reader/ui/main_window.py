"""The main window: it builds its own layout (library, article, entity and notes tabs, tool docks), carries out
navigation (documents, entities, Back/Forward, F3, zoom), shows what changed, and remembers the layout."""
from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QTextCharFormat, QUndoStack
from PySide6.QtWidgets import (QDockWidget, QLabel, QMainWindow, QMenu, QProgressBar, QPushButton,
                               QSplitter, QStyle, QTabWidget, QWidget)

from reader.ui import theme
from reader.ui.menus import install_menu_titles, install_menus, install_toolbar
from reader.ui.window_state import DOCK_STATE_KEY, restore_layout, restore_size, save_layout
from reader.ui.common.turns import next_turn
from reader.ui.window_tools import TOOL_NAMES, tool_steps
from reader.ui.article.history import History, Place
from reader.ui.common.window_actions import SideButtons, window_action
from reader.ui.common.undo_messages import announce_undo

if TYPE_CHECKING:  # panels and the library stack load after the first frame (see build, attach_library)
    from reader.changes import Change
    from reader.library import Library
    from reader.models import Entity, MentionInContext
    from reader.ui.article.document_view import ShownMention
    from reader.ui.reading import Reading
    from reader.ui.runner import Runner

BOTTOM_SHARE = 0.42  # of the window's height, for the entity table, graph and timeline docks
SIDE_WIDTH = 370  # the entity and notes tabs at first


class MainWindow(QMainWindow):
    document_opened = Signal(int)
    import_finished = Signal(object)  # ImportReport
    entity_changed = Signal(object)  # int | None: the selected entity
    library_opened = Signal()
    library_changed = Signal(object)  # Change: what changed in the library (here or in another process)
    tools_built = Signal()  # the tool docks and menus are made: the window is whole

    def __init__(self, library: Library | None, settings: QSettings, analyser=None, deferred: bool = False) -> None:
        """The whole window, attached to `library` when one is given.

        With `deferred`, only a bare frame is made, so that it can be painted at once; build()
        (or attach_library) makes the panels afterwards.
        """
        super().__init__()
        self._tools_pending: list = []  # steps of build_tools not taken yet
        self.library = library
        self.settings = settings
        self.analyser = analyser
        self.history = History()
        self.entities: dict[int, Entity] = {}  # the open article's entities
        self.current_document: int | None = None
        self.selected_entity: int | None = None
        self.runner: Runner | None = None
        self.reading: Reading | None = None
        self._open_first_when_listed = False
        self.undo_stack = QUndoStack(self)
        self.setWindowTitle("Reader")
        self.setAcceptDrops(True)
        self._built = self._reading_built = False
        restore_size(self)
        if not deferred:
            self.build()
        if library is not None:
            self.attach_library(library)
        elif self._built:
            self.article.show_placeholder("Opening your library…", "")

    # ---- building ------------------------------------------------------------

    def build(self) -> None:
        """Make the panels, menus and shortcuts, and restore the remembered layout (once)."""
        if not self._reading_built:
            self._build_reading()
        if not self._built:
            self._build_side()

    def build_in_turns(self, then) -> None:
        """`build` in three short turns (modules; library and article; side tabs, menus, layout), then `then()`."""
        def reading() -> None:
            if not self._reading_built:
                self._build_reading()
            next_turn(lambda: (self.build(), then()))

        _panel_classes()
        next_turn(reading)

    def _build_reading(self) -> None:
        """The library list and the article, side by side, and the status bar."""
        self._reading_built = True
        theme.apply_theme(theme.chosen_theme(self.settings))
        ArticlePane, _, LibraryPanel, _, _ = _panel_classes()
        self.library_panel = LibraryPanel()
        self.article = ArticlePane()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        for widget, stretch in ((self.library_panel, 0), (self.article, 1)):
            self.splitter.addWidget(widget)
            self.splitter.setStretchFactor(self.splitter.indexOf(widget), stretch)
        self.splitter.setSizes([270, 640])
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        self.library_panel.document_activated.connect(lambda doc_id: self.open_document(doc_id))
        self.article.view.mention_clicked.connect(self._on_mention_clicked)
        self.article.legend.toggled.connect(self._on_type_toggled)
        self.status_label = QLabel()
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)  # it shows names and titles
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(False)
        self.cancel_button = QPushButton("Cancel")
        self.statusBar().addWidget(self.status_label, 1)
        self.statusBar().addPermanentWidget(self.progress)
        self.statusBar().addPermanentWidget(self.cancel_button)
        self.progress.hide()
        self.cancel_button.hide()

    def _build_side(self) -> None:
        """The entities and notes tabs on the right, the menus and shortcuts, the remembered layout."""
        self._built = True
        _, EntityPanel, _, EntityNotesWidget, NotesPanel = _panel_classes()
        self.entity_panel = EntityPanel()
        self.notes_panel = NotesPanel(None)
        self.entity_notes = EntityNotesWidget(None)
        self.entity_panel.extra_area.addWidget(self.entity_notes)
        self.entity_panel.notes_section.add_to_heading(self.entity_notes.add_button)  # one heading for the notes
        self.entity_notes.heading.hide()
        self.side_tabs = QTabWidget()
        self.side_tabs.setObjectName("sideTabs")
        self.side_tabs.setDocumentMode(True)
        self.side_tabs.addTab(self.entity_panel, "Entities")
        self.side_tabs.addTab(self.notes_panel, "Notes")
        self.side_tabs.setCurrentIndex(int(self.settings.value("notes/side_tab", 0)))
        self.side_tabs.currentChanged.connect(lambda i: self.settings.setValue("notes/side_tab", i))
        # The entity and notes tabs: a fixed dock on the right, the window's full height. A tool opened below
        # (entity table, graph, timeline) takes its room from the library and the article, not the mentions.
        self.side_dock = QDockWidget("Entities and notes", self)
        self.side_dock.setObjectName("sideDock")
        self.side_dock.setWidget(self.side_tabs)
        self.side_dock.setTitleBarWidget(QWidget())
        self.side_dock.setFeatures(QDockWidget.DockWidgetFeature.NoDockWidgetFeatures)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.side_dock)
        for corner in (Qt.Corner.TopRightCorner, Qt.Corner.BottomRightCorner):
            self.setCorner(corner, Qt.DockWidgetArea.RightDockWidgetArea)
        self.resizeDocks([self.side_dock], [SIDE_WIDTH], Qt.Orientation.Horizontal)
        self.entity_panel.entity_selected.connect(self.show_entity)
        self.entity_panel.mention_activated.connect(self._on_linked_mention_activated)
        self.entity_panel.mention_shown.connect(self._on_linked_mention_activated)
        self._side_buttons = SideButtons(self)  # the mouse's Back and Forward buttons, where one reads and picks
        for view in (self.article.view, self.library_panel.view, self.entity_panel.mentions_view,
                     self.entity_panel.unlinked_view, self.entity_panel.article_view):
            view.viewport().installEventFilter(self._side_buttons)
        self._build_actions()
        hidden = self.settings.value("hidden_types")
        self.article.view.set_hidden_labels(set(hidden) if hidden else set(theme.numeric_labels()))
        restore_layout(self)

    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(area, dock)
        dock.hide()
        return dock

    def show_dock(self, dock: QDockWidget) -> None:
        """Show a tool dock; the first bottom dock takes a good share of the window's height."""
        first = not any(d.isVisible() for d in (self.browser_dock, self.graph_dock, self.timeline_dock,
                                                self.suggestions_dock, self.watch_dock))
        dock.show()
        dock.raise_()
        if first and not dock.isFloating() and dock is not self.search_dock:
            self.resizeDocks([dock], [int(self.height() * BOTTOM_SHARE)], Qt.Orientation.Vertical)

    def attach_library(self, library: Library) -> None:
        """Connect the window to a library: the runner and the features that work on it."""
        from reader.ui.entities.corrections_controller import CorrectionsController
        from reader.ui.library.document_actions import DocumentActions
        from reader.ui.library.importer import Importer
        from reader.ui.library.watcher import LibraryWatcher
        from reader.ui.notes.notes_controller import NotesController
        from reader.ui.common.write_failures import show_read_only
        from reader.ui.reading import Reading
        from reader.ui.runner import Runner

        self.build()
        self.library = library
        self.runner = Runner(library.path, self.analyser, self)
        self.reading = Reading(library, self.runner, self.undo_stack, self.settings, self)
        self.runner.changed.connect(self._on_changed)
        self.runner.failed.connect(lambda job, message: self.status_label.setText(message))
        self.reading.message.connect(self.status_label.setText)
        self.reading.open_requested.connect(lambda doc, selection: self.open_document(doc, selection=selection))
        self.reading.entity_requested.connect(lambda entity_id, reveal: self.show_entity(entity_id, reveal)
                                              if entity_id is not None else self.clear_entity())
        self.library_panel.set_runner(self.runner)
        self.entity_panel.set_runner(self.runner)
        self.library_panel.model.loaded.connect(self._on_list_loaded)
        self.importer = Importer(self.reading, self, self.progress, self.cancel_button)
        self.importer.finished.connect(self._on_import_finished)
        self.corrections = CorrectionsController(self.reading, self.entity_panel, self.article.view, self)
        self.notes = NotesController(self.reading, self)
        show_read_only(self, library)  # a lasting line; notes and corrections refuse to change it
        self.watcher = LibraryWatcher(self.reading, self)
        self.documents = DocumentActions(self.reading, self.library_panel, self.article, self)
        self.documents.read_changed.connect(lambda *_: self.entity_panel.refresh_read_count())
        self._tools_pending = tool_steps(self)  # the tool docks, in the next turns: the window paints and lists first
        install_menu_titles(self)
        next_turn(self._build_tools_step)
        self.library_opened.emit()

    def _build_tools_step(self) -> None:
        if self._tools_pending:
            self._tools_pending.pop(0)()
            next_turn(self._build_tools_step) if self._tools_pending else self._tools_built()

    def build_tools(self) -> None:
        """Make the tool docks (search, entity table, graph, timeline, workbench), their controllers and the
        menus, and restore where the docks were. Asked for a tool before then, the window makes them at once."""
        if not self._tools_pending:
            return
        while self._tools_pending:
            self._tools_pending.pop(0)()
        self._tools_built()

    def _tools_built(self) -> None:
        self._install_menus()
        state = self.settings.value(DOCK_STATE_KEY)
        if state is not None:
            self.restoreState(state)
        self.tools_built.emit()

    def __getattr__(self, name: str):
        if name in TOOL_NAMES and self.__dict__.get("_tools_pending"):
            self.build_tools()
            return getattr(self, name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def _action(self, text: str, slot, shortcuts=(), icon=None, tip: str = "") -> QAction:
        return window_action(self, text, slot, shortcuts, icon, tip)

    def _build_actions(self) -> None:
        sp = QStyle.StandardPixmap
        # Not the platform's standard Back keys: on Linux they include Backspace, which lists and
        # editors need (Backspace rejects an unlinked mention).
        self.back_action = self._action("Back", self.go_back, ["Alt+Left", QKeySequence(Qt.Key.Key_Back)], sp.SP_ArrowBack)
        self.forward_action = self._action("Forward", self.go_forward, ["Alt+Right", QKeySequence(Qt.Key.Key_Forward)],
                                           sp.SP_ArrowForward)
        self.import_files_action = self._action("Import files…", lambda: self.importer.choose_files(), ["Ctrl+O"],
                                                sp.SP_FileIcon)
        self.import_folder_action = self._action("Import folder…", lambda: self.importer.choose_folder(),
                                                 ["Ctrl+Shift+O"], sp.SP_DirIcon)
        self.quit_action = self._action("Quit", self.close, [QKeySequence.StandardKey.Quit])
        self.zoom_actions = [self._action("Zoom in", lambda: self.zoom_by(1), ["Ctrl+=", "Ctrl++"]),
                             self._action("Zoom out", lambda: self.zoom_by(-1), ["Ctrl+-"]),
                             self._action("Actual size", lambda: self.set_zoom(0), ["Ctrl+0"])]
        self.next_action = self._action("Next mention", lambda: self.step_mention(1), ["F3"])
        self.previous_action = self._action("Previous mention", lambda: self.step_mention(-1), ["Shift+F3"])
        self.clear_action = self._action("Clear selection", self.clear_entity, ["Esc"])
        self.focus_filter_action = self._action("Filter documents", self.library_panel.filter_box.setFocus, ["Ctrl+L"])
        self.dim_clutter_action = self._action("Dim page clutter", lambda: None,
                                               tip="Comment forms, cookie notices, share buttons and other page"
                                                   " clutter are shown grey, and never analysed")
        self.dim_clutter_action.setCheckable(True)
        self.dim_clutter_action.setChecked(self.settings.value("dim_clutter", "true") in (True, "true"))
        self.dim_clutter_action.toggled.connect(self.article.view.set_clutter_dimmed)
        self.article.view.set_clutter_dimmed(self.dim_clutter_action.isChecked())
        self.undo_action = self.undo_stack.createUndoAction(self, "Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, "Redo")
        self.redo_action.setShortcuts([QKeySequence.StandardKey.Redo, QKeySequence("Ctrl+Shift+Z")])
        for action in (self.undo_action, self.redo_action):
            self.addAction(action)
        announce_undo(self.undo_stack, self.undo_action, self.redo_action, self.status_label.setText)
        self.theme_menu = QMenu("Theme", self)
        self.theme_menu.addActions(theme.theme_actions(self, self.settings, lambda _name: self.reload_article()))
        install_toolbar(self)
        self._update_navigation()

    def _install_menus(self) -> None:
        install_menus(self)

    # ---- documents -----------------------------------------------------------

    def refresh_library(self) -> None:
        """List the library afresh (in the background); say so when it is empty."""
        self.library_panel.reload()
        if self.library.document_count() == 0 and not self.importer.busy():
            self.article.show_placeholder("Your library is empty",
                                          "Import files or a folder (Ctrl+O, Ctrl+Shift+O), or drop them on this window.")

    def open_document(self, document_id: int, selection: tuple[int, int] | None = None,
                      offset: int | None = None, record: bool = True, announce: bool = True) -> None:
        """Show a document; with a selection, select exactly that span and scroll to it.

        `announce`: say in the status bar where the selected entity is (not when the same article is
        only shown afresh)."""
        from reader.ui.article.document_view import ShownMention

        if record and self.current_document is not None:
            self.history.update_current(self._here())
        view = self.article.view
        if document_id != self.current_document or view.document_id != document_id:
            document = self.library.document(document_id)
            mentions = [ShownMention(m, name, label) for m, name, label in self.library.document_mentions(document_id)]
            self.entities = self.library.entities_by_id({m.mention.entity_id for m in mentions})
            clutter = [(r.start, r.end) for r in self.library.document_regions(document_id)]
            view.show_document(document, mentions, self.entities, clutter)
            self.current_document = document_id
            self.reading.current_document = document_id
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
            self.entity_panel.mentions_model.set_current(document_id)
            self._mark_unlinked()
            if announce:
                self._say_where_the_entity_is()
        if record:
            self.history.visit(self._here())
        self._update_navigation()
        self.document_opened.emit(document_id)
        self.reading.document_opened.emit(document_id)

    def open_first_document(self) -> bool:
        """Open the document at the top of the library list (once it is listed)."""
        if self.library_panel.model.loading:
            self._open_first_when_listed = True
            return True
        document_id = self.library_panel.first_document_id()
        if document_id is not None:
            self.open_document(document_id)
        return document_id is not None

    def _on_list_loaded(self) -> None:
        if self._open_first_when_listed:
            self._open_first_when_listed = False
            if self.current_document is None:
                self.open_first_document()

    def reload_article(self, whole: bool = True) -> None:
        """Show the open article afresh, keeping the reading place and selection. Unless `whole`, when its
        text is unchanged (a correction), only the spans whose highlight changed are repainted."""
        if self.current_document is None:
            return
        view = self.article.view
        document = self.library.document(self.current_document)
        if not whole and view.document_id == document.id and view.text == document.text:
            from reader.ui.article.document_view import ShownMention

            mentions = [ShownMention(m, name, label) for m, name, label in self.library.document_mentions(document.id)]
            self.entities = self.library.entities_by_id({m.mention.entity_id for m in mentions})
            view.update_mentions(mentions, self.entities)
            self.article.show_header(document)
            self._refresh_article_lists()
            return
        selection, value = view.selected_span(), view.verticalScrollBar().value()
        current, self.current_document = self.current_document, None
        self.open_document(current, record=False, announce=False)
        if selection:
            view.select_span(*selection)
        view.verticalScrollBar().setValue(value)  # the same pixels: nothing moves under the reader

    def _refresh_article_lists(self) -> None:
        view = self.article.view
        by_label = Counter(m.label for m in view.mentions())
        self.article.legend.set_labels(by_label, view.hidden_labels())
        counts = Counter(m.mention.entity_id for m in view.visible_mentions())
        self.entity_panel.set_article_entities(counts, self.entities, view.hidden_labels())

    def _here(self) -> Place:
        view = self.article.view
        return Place(self.current_document, view.scroll_offset(), view.selected_span(),
                     view.verticalScrollBar().value())

    # ---- entities ------------------------------------------------------------

    def select_entity(self, entity_id: int | None) -> None:
        """Select an entity: marked in the article, its mentions across the library in the panel."""
        entity = self.library.entity_by_id(entity_id) if entity_id is not None else None
        self.selected_entity = entity.id if entity else None
        self.reading.selected_entity = self.selected_entity
        self.entity_panel.show_entity(entity, self.current_document)
        self.article.view.mark_entity(self.selected_entity)
        self._mark_unlinked()
        self.entity_panel.select_in_article_list(self.selected_entity)
        self._say_where_the_entity_is()
        self.entity_changed.emit(self.selected_entity)
        self.reading.entity_changed.emit(self.selected_entity)

    def _say_where_the_entity_is(self) -> None:
        entity = self.library.entity_by_id(self.selected_entity) if self.selected_entity is not None else None
        if entity is None:
            return
        marked = len(self.article.view.marked_mentions())
        docs = "document" if entity.documents == 1 else "documents"
        self.status_label.setText(f"{entity.name}: {marked} here, {entity.mentions:,} in {entity.documents:,} "
                                  f"{docs}. F3 / Shift+F3 step through this article.")

    def _mark_unlinked(self) -> None:
        """Unlinked name matches of the selected entity in this article: a dotted underline."""
        fmt = QTextCharFormat()
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
        fmt.setUnderlineColor(theme.colours("_selected").accent)
        spans = []
        if self.selected_entity is not None and self.current_document is not None:
            spans = [(m.mention.start, m.mention.end) for m in
                     self.library.mentions(self.selected_entity, self.current_document, "unlinked")]
        self.article.view.set_overlay("unlinked", spans, fmt)

    def clear_entity(self) -> None:
        self.select_entity(None)
        self.status_label.clear()

    def _on_mention_clicked(self, shown: ShownMention) -> None:
        self.select_entity(shown.mention.entity_id)

    def show_entity(self, entity_id: int, reveal: bool = True) -> None:
        """Select an entity and (with `reveal`) bring its first mention in this article into view."""
        self.select_entity(entity_id)
        marked = self.article.view.marked_mentions()
        if marked and reveal:
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

    def settled(self) -> bool:
        """Nothing is being read for what the window shows (the lists and panels have what they asked for)."""
        return (self.runner is not None and not self._tools_pending and not self.runner.jobs()
                and not self.library_panel.busy() and not self.graph.showing
                and self.entity_panel.mentions_model.ready and self.entity_panel.unlinked_model.ready)

    # ---- what changed ----------------------------------------------------------

    def _on_changed(self, change: Change) -> None:
        """Show what changed: new or updated documents in the list, the article and the entity afresh."""
        self.library_panel.apply_change(change)
        if self.current_document is not None and (
                change.touches_document(self.current_document) or change.entities is None
                or change.entities & self.entities.keys()):
            self.reload_article(whole=False)
        if self.selected_entity is not None and change.touches_entity(self.selected_entity):
            entity = self.library.entity_by_id(self.selected_entity)
            if entity is None:
                self.select_entity(None)
            else:
                self.entity_panel.refresh_entity(entity, keep_unlinked=bool(change.reviewed))
                self.article.view.mark_entity(entity.id)
                self._mark_unlinked()
        self.library_changed.emit(change)
        self.reading.changed.emit(change)

    def _on_import_finished(self, report) -> None:
        if self.current_document is None and report.added:
            self.open_first_document()
        self.import_finished.emit(report)

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
        if place is None:
            return
        self.open_document(place.document_id, selection=place.selection, record=False)
        if place.scroll is not None:
            self.article.view.verticalScrollBar().setValue(place.scroll)  # exactly where the reader was
        elif place.selection is None:
            self.article.view.scroll_to_offset(place.offset)

    def _update_navigation(self) -> None:
        self.back_action.setEnabled(self.history.can_go_back())
        self.forward_action.setEnabled(self.history.can_go_forward())

    # ---- zoom ----------------------------------------------------------------

    def zoom_by(self, steps: int) -> None:
        self.set_zoom(self.article.view.zoom() + steps)

    def set_zoom(self, steps: float) -> None:
        self.article.view.set_zoom(steps)
        self.settings.setValue("zoom", self.article.view.zoom())

    # ---- import (drag and drop) -------------------------------------------------

    def import_paths(self, paths: list[str]) -> None:
        """Import files and folders in the background; progress and Cancel in the status bar."""
        self.importer.start(paths)

    def cancel_import(self) -> None:
        self.importer.cancel()

    @property
    def worker(self):
        """The import under way, if any (None when idle)."""
        return self.importer.job if self.runner is not None else None

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    # ---- remembered layout ----------------------------------------------------

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
        if self._built:
            save_layout(self)

    def closeEvent(self, event) -> None:  # noqa: N802
        if self.runner is not None:
            self.watcher.timer.stop()
            self.notes.window_closing()  # nothing typed is lost when the window closes (drafts if need be)
            self.status_label.setText("Finishing the current document before closing…")
            self.runner.shutdown()  # an import stops after the document it is on; writes finish
        self.save_state()
        for child in self.findChildren(QWidget):  # dialogs and floating tools close with the window
            if child.isWindow() and child.isVisible():
                child.close()
        super().closeEvent(event)


def _panel_classes() -> tuple:
    """The panels' classes, imported on first use (the window's first frame paints before they load)."""
    from reader.ui.article.article_pane import ArticlePane
    from reader.ui.entities.entity_panel import EntityPanel
    from reader.ui.library.library_panel import LibraryPanel
    from reader.ui.notes.entity_notes import EntityNotesWidget
    from reader.ui.notes.notes_panel import NotesPanel

    return ArticlePane, EntityPanel, LibraryPanel, EntityNotesWidget, NotesPanel
