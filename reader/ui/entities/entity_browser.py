"""The entity browser: every entity of the library in a sortable, filterable table; merge, retype or drop a
selection at once; review filters (documents count, worth checking)."""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QInputDialog,
                               QLabel, QLineEdit, QTableView, QVBoxLayout,
                               QWidget)

from reader.models import EntityRow
from reader.ui import theme
from reader.ui.entities.entity_panel import swatch
from reader.ui.common.safe_text import tip
from reader.ui.entities.entity_table_tools import ANY_REASON, ReviewFilters, SelectionActions, reasons_text
from reader.ui.runner import COMPUTE, QUERY

COLUMNS = ("Name", "Type", "Mentions", "Documents", "First date", "Last date", "Worth checking")
CHECK_COLUMN = 6  # why an entity is worth checking (not sortable: the reasons are computed, not stored)
ENTITY_ID_ROLE = Qt.ItemDataRole.UserRole + 30
_NUMERIC = {2, 3}


ORDERS = ("name", "type", "mentions", "documents", "first", "last")  # by column
PAGE = 200


class EntityTableModel(QAbstractTableModel):
    """Every entity with mentions, sorted and filtered in SQL, loaded a page at a time through the runner."""

    loaded = Signal()  # the first page for the current sort and filter arrived

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.runner = None
        self.visible: list[EntityRow] = []
        self.total = 0  # rows the filter keeps
        self.everything = 0  # entities with mentions, unfiltered
        self._text, self._label = "", None
        self._min_documents, self._reason = 1, None  # review filters: documents count, worth checking
        self.reasons: dict[int, tuple[str, ...]] | None = None  # entity id -> why worth checking (once computed)
        self._sort = (2, Qt.SortOrder.DescendingOrder)
        self._generation = 0
        self._fetching = False
        self.loading = False
        self.page = PAGE  # rows fetched at a time
        self.stories = False  # count each story once (near-duplicates as one document)

    def reload(self) -> None:
        """Ask for the first page of the table as sorted and filtered now."""
        self._generation += 1
        if self.runner is None:
            return
        generation, query = self._generation, self._query()
        self.loading = self._fetching = True
        if self._reason is not None and self.reasons is None:
            return  # the reasons are on their way: the table is listed when they arrive (set_reasons)
        self.runner.run(lambda library, job: (library.lists.entity_total(query["words"], query["labels"],
                                                                         query["min_documents"], query["ids"],
                                                                         query["stories"]),
                                              library.lists.entity_total(),
                                              library.lists.entities(**query, offset=0, limit=self.page)),
                        QUERY, label="Listing entities", key=f"entities-{id(self)}",
                        on_done=lambda result: self._on_first(generation, *result))

    def _query(self) -> dict:
        from reader.ui.entities.entity_picker import labels_named

        column, order = self._sort
        ids = None
        if self._reason is not None:
            ids = sorted(i for i, why in (self.reasons or {}).items() if self._reason == ANY_REASON or self._reason in why)
        return {"order": ORDERS[column], "descending": order == Qt.SortOrder.DescendingOrder,
                "words": [(w, labels_named(w)) for w in self._text.split()],
                "labels": [self._label] if self._label else None,
                "min_documents": self._min_documents, "ids": ids, "stories": self.stories}

    def _on_first(self, generation: int, total: int, everything: int, rows: list[EntityRow]) -> None:
        if generation != self._generation:
            return
        self.beginResetModel()
        self.visible, self.total, self.everything = list(rows), total, everything
        self.endResetModel()
        self.loading = self._fetching = False
        self.loaded.emit()

    def canFetchMore(self, parent=QModelIndex()) -> bool:  # noqa: N802
        return not parent.isValid() and not self._fetching and len(self.visible) < self.total

    def fetchMore(self, parent=QModelIndex()) -> None:  # noqa: N802
        if not self.canFetchMore(parent) or self.runner is None:
            return
        self._fetching = True
        generation, query, offset = self._generation, self._query(), len(self.visible)
        self.runner.run(lambda library, job: library.lists.entities(**query, offset=offset, limit=self.page), QUERY,
                        label="Listing entities", on_done=lambda rows: self._on_page(generation, offset, rows))

    def _on_page(self, generation: int, offset: int, rows: list[EntityRow]) -> None:
        if generation != self._generation or offset != len(self.visible):
            return
        self._fetching = False
        if rows:
            self.beginInsertRows(QModelIndex(), offset, offset + len(rows) - 1)
            self.visible += rows
            self.endInsertRows()

    def set_filter(self, text: str, label: str | None = None, min_documents: int = 1,
                   reason: str | None = None) -> None:
        """Keep rows whose name contains every word typed (or whose type the word names), of `label` if given,
        in at least `min_documents` documents, worth checking for `reason` (ANY_REASON: any) if given."""
        self._text, self._label = text.casefold().strip(), label
        self._min_documents, self._reason = max(1, min_documents), reason
        self.reload()

    def set_reasons(self, reasons: dict[int, tuple[str, ...]]) -> None:
        """Why entities are worth checking (computed once per refresh): the column, and the filter if on."""
        self.reasons = reasons
        if self._reason is not None:
            self.reload()
        elif self.visible:
            self.dataChanged.emit(self.index(0, CHECK_COLUMN), self.index(len(self.visible) - 1, CHECK_COLUMN))

    def waiting_for_reasons(self) -> bool:
        return self._reason is not None and self.reasons is None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column >= len(ORDERS):
            return
        if (column, order) != self._sort:
            self._sort = (column, order)
            self.reload()

    def row_at(self, row: int) -> EntityRow:
        return self.visible[row]

    def row_of(self, entity_id: int) -> int | None:
        return next((n for n, r in enumerate(self.visible) if r.id == entity_id), None)

    # ---- Qt model API ----

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.visible)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return "Stories" if section == 3 and self.stories else COLUMNS[section]  # a story's documents count once
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter) if section in _NUMERIC \
                else int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self.visible):
            return None
        r = self.visible[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (r.name, theme.label_name(r.label), f"{r.mentions:,}", f"{r.documents:,}",
                    r.first_date or "—", r.last_date or "—", self._why(r.id, short=True))[column]
        if role == Qt.ItemDataRole.DecorationRole and column == 1:
            return swatch(r.label)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            why = self._why(r.id)
            return tip(f"{r.name} — {theme.label_name(r.label)}" + (f"\nWorth checking: {why}" if why else ""))
        if role == ENTITY_ID_ROLE:
            return r.id
        return None

    def _why(self, entity_id: int, short: bool = False) -> str:
        return reasons_text(self.reasons.get(entity_id, ()), short) if self.reasons else ""


class EntityBrowser(QWidget):
    """Filter box, type menu, review filters, the table, and the actions on selected rows."""

    entity_selected = Signal(int)
    merge_requested = Signal(list, int)  # the entities to merge away, the one to keep
    relabel_requested = Signal(list, str)  # entity ids, the type to give them all
    ignore_requested = Signal(list)  # entity ids that are not entities

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.model = EntityTableModel(self)
        self.model.loaded.connect(self._show_count)
        self.filter_box = QLineEdit()
        self.filter_box.setPlaceholderText("Filter entities by name or type")
        self.filter_box.setClearButtonEnabled(True)
        from PySide6.QtCore import QTimer

        self._filter_timer = QTimer(self, singleShot=True, interval=150, timeout=self._apply_filter)
        self.filter_box.textChanged.connect(lambda _: self._filter_timer.start())
        self.type_box = QComboBox()
        self.type_box.currentIndexChanged.connect(self._apply_filter)
        self.count = QLabel()
        self.count.setObjectName("muted")
        self.review = ReviewFilters()
        self.review.changed.connect(self._filter_timer.start)
        self.actions = SelectionActions()
        self.merge_button = self.actions.merge_button
        self.actions.merge_clicked.connect(self.merge_selected)
        self.actions.relabel_chosen.connect(lambda label: self.relabel_requested.emit(self.selected_ids(), label))
        self.actions.ignore_clicked.connect(lambda: self.ignore_requested.emit(self.selected_ids()))
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(2, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 130), (2, 80), (3, 84), (4, 96), (5, 96), (CHECK_COLUMN, 170)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.table.clicked.connect(self._on_clicked)
        self.table.activated.connect(self._on_clicked)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._show_menu)
        header.sortIndicatorChanged.connect(self._on_sort_indicator)
        top = QHBoxLayout()
        top.addWidget(self.filter_box, 1)
        top.addWidget(self.type_box)
        top.addWidget(self.review)
        top.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 4)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.actions)
        layout.addWidget(self.table, 1)
        self.menu = None
        self.merge_dialog: QInputDialog | None = None

    # ---- data ---------------------------------------------------------------------

    def set_runner(self, runner) -> None:
        self.model.runner = runner

    def compute_reasons(self) -> None:
        """Find the entities worth checking (one pass over the mentions, on the compute lane)."""
        if self.model.runner is None:
            return
        self.model.runner.run(lambda library, job: library.analytics.suspicious(), COMPUTE,
                              label="Finding entities worth checking", key=f"reasons-{id(self)}",
                              on_done=self.model.set_reasons)

    def reload(self, labels: list[str] | None = None) -> None:
        """Show the table afresh; `labels` are the types present (for the type menu)."""
        if labels is not None:
            ordered = sorted(labels, key=lambda l: (theme.label_order() + [l]).index(l))
            current = self.type_box.currentData()
            self.type_box.blockSignals(True)
            self.type_box.clear()
            self.type_box.addItem("All types", None)
            for label in ordered:
                self.type_box.addItem(swatch(label), theme.label_name(label), label)
            self.type_box.setCurrentIndex(max(0, self.type_box.findData(current)))
            self.type_box.blockSignals(False)
            self.compute_reasons()  # the library changed: so may the reasons
        self._apply_filter()

    def _apply_filter(self, *_args) -> None:
        self._filter_timer.stop()
        self.model.set_filter(self.filter_box.text(), self.type_box.currentData(), self.review.min_documents(),
                              self.review.reason())
        if self.model.waiting_for_reasons():
            self.count.setText("Finding entities worth checking…")
            self.compute_reasons()

    def _show_count(self) -> None:
        shown, total = self.model.total, self.model.everything
        self.count.setText(f"{shown:,} of {total:,}" if shown != total else f"{total:,} entities")

    def _on_sort_indicator(self, column: int, order: Qt.SortOrder) -> None:
        if column >= len(ORDERS):  # the reasons are not sortable: keep the indicator where the sort is
            sorted_by, sorted_order = self.model._sort
            self.table.horizontalHeader().setSortIndicator(sorted_by, sorted_order)

    def select_entity(self, entity_id: int | None) -> None:
        """Show the window's selected entity in the table (no signal)."""
        row = self.model.row_of(entity_id) if entity_id is not None else None
        self.table.selectionModel().blockSignals(True)
        if row is None:
            self.table.clearSelection()
        else:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        self.table.selectionModel().blockSignals(False)
        self.table.viewport().update()
        self._on_selection_changed()

    def selected_rows(self) -> list[EntityRow]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.row_at(row) for row in rows]

    def selected_ids(self) -> list[int]:
        return [r.id for r in self.selected_rows()]

    def _on_selection_changed(self, *_args) -> None:
        self.actions.set_selected([r.name for r in self.selected_rows()])

    def _show_menu(self, position) -> None:
        index = self.table.indexAt(position)
        if not index.isValid():
            return
        if not self.table.selectionModel().isRowSelected(index.row(), QModelIndex()):
            self.table.selectRow(index.row())
        chosen = self.selected_rows()
        self.menu = self.actions.context_menu(self, [r.name for r in chosen],
                                              lambda: self.entity_selected.emit(chosen[0].id))
        self.menu.popup(self.table.viewport().mapToGlobal(position))

    def _on_clicked(self, index: QModelIndex) -> None:
        if len(self.selected_rows()) <= 1 and index.isValid():
            self.entity_selected.emit(self.model.row_at(index.row()).id)

    # ---- merging ------------------------------------------------------------------

    def merge_selected(self) -> None:
        """Ask which of the selected entities to keep, then merge the others into it."""
        chosen = self.selected_rows()
        if len(chosen) < 2:
            return
        chosen.sort(key=lambda r: -r.mentions)
        names = [f"{r.name} — {theme.label_name(r.label)}, {r.mentions} mentions" for r in chosen]
        dialog = QInputDialog(self)
        dialog.setWindowTitle("Merge entities")
        dialog.setLabelText(f"Merge these {len(chosen)} entities into one. Keep which?\n"
                            "The merge is remembered and survives re-analysis.")
        dialog.setComboBoxItems(names)
        dialog.setComboBoxEditable(False)
        dialog.setTextValue(names[0])
        dialog.textValueSelected.connect(lambda name: self._merge(chosen, chosen[names.index(name)]))
        self.merge_dialog = dialog
        dialog.open()

    def _merge(self, chosen: list[EntityRow], keep: EntityRow) -> None:
        self.merge_requested.emit([r.id for r in chosen if r.id != keep.id], keep.id)
