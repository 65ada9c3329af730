"""The Watchlist panel: the user's lists and names with their hits and new hits, and a name's hits by document."""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (QAbstractItemView, QFrame, QHBoxLayout, QHeaderView, QMenu, QPushButton, QSplitter,
                               QStackedWidget, QTreeView, QVBoxLayout, QWidget)

from reader.labels import name as type_name
from reader.ui.common.safe_text import menu_text, tip
from reader.ui.entities.entity_panel import MentionsView
from reader.ui.workbench.cards import STYLE, centred_column, counted, plain_label
from reader.ui.workbench.matching_dialog import describe
from reader.ui.workbench.watch_hits import WatchHitDelegate, WatchHitsModel

LIST_ROLE = Qt.ItemDataRole.UserRole + 50  # a Watchlist, on a list row
NAME_ROLE = Qt.ItemDataRole.UserRole + 51  # a WatchedName, on a name row
BANNER_NAMES = 3  # names the "new since you last looked" line spells out


def new_line(names) -> str:
    """ "New since you last looked: 3 mentions of Ilham Aliyev, 2 of Moscow and 4 more names"."""
    fresh = sorted((n for n in names if n.new), key=lambda n: (-n.new, n.name.casefold()))
    if not fresh:
        return ""
    parts = [f"{counted(n.new, 'mention')} of {n.name}" if i == 0 else f"{n.new:,} of {n.name}"
             for i, n in enumerate(fresh[:BANNER_NAMES])]
    more = len(fresh) - BANNER_NAMES
    text = ", ".join(parts) if more <= 0 else ", ".join(parts) + f" and {counted(more, 'more name')}"
    return f"New since you last looked: {text}."


class WatchlistPanel(QWidget):
    """Lists and names (left) and the chosen name's hits (right); a click on a hit opens the document there."""

    add_requested = Signal()
    name_chosen = Signal(object)  # WatchedName | None
    hit_activated = Signal(object)  # MentionInContext
    seen_requested = Signal(object)  # WatchedName, Watchlist, or None for everything
    matching_requested = Signal(object)  # WatchedName or Watchlist
    remove_requested = Signal(object)  # Watchlist

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setStyleSheet(STYLE)
        self.lists, self.names = [], []
        self.chosen = None  # the WatchedName or Watchlist shown at the right
        self._quiet = False  # the panel moves its own current row (a refresh keeps the one chosen)
        self.add_button = QPushButton("Add watchlist…")
        self.add_button.setToolTip("A file of names to follow: a name per line, or CSV with the columns"
                                   " name, aliases, type, note")
        self.add_button.clicked.connect(self.add_requested)
        self.all_seen_button = QPushButton("Mark all as seen")
        self.all_seen_button.clicked.connect(lambda: self.seen_requested.emit(None))
        self.summary = plain_label("", "muted", wrap=False)
        self.banner = plain_label("", "wbBanner")
        self.banner.hide()
        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(self.add_button)
        top.addWidget(self.all_seen_button)
        top.addSpacing(8)
        top.addWidget(self.summary, 1)

        self.tree_model = QStandardItemModel(self)
        self.tree = QTreeView()
        self.tree.setModel(self.tree_model)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setFrameShape(QFrame.Shape.NoFrame)
        self.tree.setIndentation(14)
        self.tree.selectionModel().currentRowChanged.connect(self._on_current)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._show_menu)
        self.menu = None

        self.title = plain_label("", "wbName")
        self.details = plain_label("", "muted")
        self.seen_button = QPushButton("Mark as seen")
        self.seen_button.clicked.connect(lambda: self.seen_requested.emit(self.chosen))
        self.matching_button = QPushButton("Matching…")
        self.matching_button.setToolTip("Tighten or loosen how the name is found: case, accents, letters,"
                                        " word order, spelling")
        self.matching_button.clicked.connect(lambda: self.matching_requested.emit(self.chosen))
        self.hits_model = WatchHitsModel(self)
        self.hits_view = MentionsView(self.hits_model)
        self.hits_view.setItemDelegate(WatchHitDelegate(self.hits_view))
        self.hits_view.clicked.connect(self._on_hit)
        self.hits_view.activated.connect(self._on_hit)
        self.hits_hint = plain_label("", "muted")
        self.hits_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        heading = QHBoxLayout()
        heading.addWidget(self.title, 1)
        heading.addWidget(self.seen_button)
        heading.addWidget(self.matching_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(10, 0, 0, 0)
        right_layout.setSpacing(4)
        right_layout.addLayout(heading)
        right_layout.addWidget(self.details)
        right_layout.addWidget(self.hits_view, 1)
        right_layout.addWidget(self.hits_hint, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([340, 860])
        self.splitter.setChildrenCollapsible(False)
        main = QWidget()
        main_layout = QVBoxLayout(main)
        main_layout.setContentsMargins(0, 0, 0, 0)
        main_layout.setSpacing(6)
        main_layout.addWidget(self.banner)
        main_layout.addWidget(self.splitter, 1)

        self.pages = QStackedWidget()
        self.pages.addWidget(main)
        self.pages.addWidget(self._build_empty())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self.pages, 1)
        self.set_lists([], [])

    def _build_empty(self) -> QWidget:
        title = plain_label("Follow the names that matter to you", "wbEmptyTitle")
        text = plain_label("Add a file of names: one per line, or a CSV file with the columns name, aliases, type"
                           " and note. Reader finds each name in every document, however it is written, even where"
                           " it found no entity, and tells you what each new import brings.", "muted")
        add = QPushButton("Add watchlist…")
        add.clicked.connect(self.add_requested)
        return centred_column([title, text, add])

    # ---- what is shown ----------------------------------------------------------------------

    def set_busy(self, message: str) -> None:
        self.summary.setText(message)

    def set_lists(self, lists, names) -> None:
        """Show the lists and their names with counts, keeping the chosen row."""
        chosen = self._key(self.chosen)
        self.lists, self.names = list(lists), list(names)
        self.pages.setCurrentIndex(0 if self.lists else 1)
        for widget in (self.add_button, self.all_seen_button):  # the empty page has its own button
            widget.setVisible(bool(self.lists))
        self.all_seen_button.setEnabled(any(n.new for n in self.names))
        hits, new = sum(n.hits for n in self.names), sum(n.new for n in self.names)
        self.summary.setText(f"{counted(len(self.lists), 'list')}, {counted(len(self.names), 'name')},"
                             f" {counted(hits, 'mention')} found" + (f", {new:,} new" if new else "")
                             if self.lists else "")
        line = new_line(self.names)
        self.banner.setText(line)
        self.banner.setVisible(bool(line))
        self._quiet = True
        self.tree_model.clear()
        self.tree_model.setColumnCount(3)
        bold = QFont(self.font())
        bold.setWeight(QFont.Weight.DemiBold)
        rows = {}
        for watchlist in self.lists:
            row = self._row(watchlist.name, counted(watchlist.names, "name"), watchlist.new, LIST_ROLE, watchlist)
            row[0].setFont(bold)
            row[0].setToolTip(tip(f"{watchlist.name}\n{watchlist.path or ''}\n{describe(watchlist.options)}"))
            self.tree_model.appendRow(row)
            rows[watchlist.id] = row[0]
        for n in self.names:
            found = f"{n.hits:,} in {counted(n.documents, 'doc')}" if n.hits else "not found"
            row = self._row(n.name, found, n.new, NAME_ROLE, n)
            aliases = f"\nAlso written: {', '.join(n.aliases)}" if n.aliases else ""
            note = f"\n{n.note}" if n.note else ""
            row[0].setToolTip(tip(f"{n.name}{aliases}{note}"))
            if not n.hits:
                for item in row:
                    item.setForeground(self.palette().placeholderText())
            parent = rows.get(n.watchlist_id)
            (parent.appendRow(row) if parent is not None else self.tree_model.appendRow(row))
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.expandAll()
        self._quiet = False
        index = self._index_of(chosen)
        if index is None and self.names:
            index = self._index_of(("name", min(self.names, key=lambda n: (-n.new, -n.hits, n.name.casefold())).id))
        if index is not None:
            self._quiet = True
            self.tree.setCurrentIndex(index)
            self._quiet = False
            self._on_current(index, QModelIndex())
        else:
            self._show_chosen(None)

    def _row(self, text: str, found: str, new: int, role, value) -> list[QStandardItem]:
        first = QStandardItem(text)
        first.setData(value, role)
        count = QStandardItem(found)
        count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        fresh = QStandardItem(f"{new:,} new" if new else "")
        fresh.setForeground(self.palette().highlight())
        font = QFont(self.font())
        font.setWeight(QFont.Weight.DemiBold)
        fresh.setFont(font)
        for item in (count, fresh):
            item.setData(value, role)
        return [first, count, fresh]

    @staticmethod
    def _key(chosen) -> tuple[str, int] | None:
        if chosen is None:
            return None
        return ("list", chosen.id) if not hasattr(chosen, "watchlist_id") else ("name", chosen.id)

    def _index_of(self, key) -> QModelIndex | None:
        if key is None:
            return None
        kind, wanted = key
        for row in range(self.tree_model.rowCount()):
            item = self.tree_model.item(row)
            if kind == "list" and item.data(LIST_ROLE) is not None and item.data(LIST_ROLE).id == wanted:
                return item.index()
            for child in range(item.rowCount()):
                name = item.child(child).data(NAME_ROLE)
                if kind == "name" and name is not None and name.id == wanted:
                    return item.child(child).index()
        return None

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._quiet:  # the panel moves the current row itself
            return
        if not current.isValid():
            return
        index = current.siblingAtColumn(0)
        self._show_chosen(index.data(NAME_ROLE) or index.data(LIST_ROLE))

    def _show_chosen(self, chosen) -> None:
        self.chosen = chosen
        for widget in (self.seen_button, self.matching_button):
            widget.setEnabled(chosen is not None)
        if chosen is None:
            self.title.setText("")
            self.details.setText("")
            self._show_hits(None, "")
            return
        self.seen_button.setEnabled(chosen.new > 0)
        if hasattr(chosen, "watchlist_id"):  # a watched name
            self.title.setText(chosen.name)
            kind = f"{type_name(chosen.label)} · " if chosen.label else ""
            new = f" · {chosen.new:,} new since you last looked" if chosen.new else ""
            self.details.setText(f"{kind}{counted(chosen.hits, 'mention')} in {counted(chosen.documents, 'document')}"
                                 f"{new}\nMatching: {describe(chosen.options)}")
            self.seen_button.setText("Mark as seen")
            self.matching_button.setText("Matching…")
            self._show_hits(chosen.id if chosen.hits else None,
                            "" if chosen.hits else "Not found in any document yet. Reader looks again after every"
                                                   " import.")
        else:  # a whole list
            self.title.setText(chosen.name)
            new = f" · {chosen.new:,} new since you last looked" if chosen.new else ""
            self.details.setText(f"Watchlist of {counted(chosen.names, 'name')} · {counted(chosen.hits, 'mention')}"
                                 f" found{new}\nMatching: {describe(chosen.options)}")
            self.seen_button.setText("Mark list as seen")
            self.matching_button.setText("Matching for the list…")
            self._show_hits(None, "Choose a name to see where it is found.")
        self.name_chosen.emit(chosen)

    def _show_hits(self, name_id: int | None, hint: str) -> None:
        self.hits_view.setVisible(name_id is not None)
        self.hits_hint.setVisible(name_id is None)
        self.hits_hint.setText(hint)
        if name_id is None:
            self.hits_model.show(None)
        elif name_id != self.hits_model.entity_id or not self.hits_model.groups:
            self.hits_model.show(name_id)
        else:
            self.hits_model.refresh()

    def _on_hit(self, index: QModelIndex) -> None:
        hit = self.hits_model.hit_at(index)
        if hit is not None:
            self.hit_activated.emit(hit.mention)

    def _show_menu(self, position) -> None:
        index = self.tree.indexAt(position)
        if not index.isValid():
            return
        chosen = index.siblingAtColumn(0).data(NAME_ROLE) or index.siblingAtColumn(0).data(LIST_ROLE)
        self.tree.setCurrentIndex(index)
        self.menu = QMenu(self)
        seen = self.menu.addAction("Mark as seen", lambda: self.seen_requested.emit(chosen))
        seen.setEnabled(chosen.new > 0)
        self.menu.addAction("Matching…", lambda: self.matching_requested.emit(chosen))
        if not hasattr(chosen, "watchlist_id"):
            self.menu.addSeparator()
            self.menu.addAction(menu_text(f"Remove watchlist “{chosen.name}”…"), lambda: self.remove_requested.emit(chosen))
        self.menu.popup(self.tree.viewport().mapToGlobal(position))
