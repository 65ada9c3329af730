"""The entity browser: every entity of the library in a sortable, filterable table; merge a selection."""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QInputDialog,
                               QLabel, QLineEdit, QPushButton, QTableView, QVBoxLayout,
                               QWidget)

from reader.models import EntityRow
from reader.ui import theme
from reader.ui.entities.entity_panel import swatch
from reader.ui.common.safe_text import tip

COLUMNS = ("Name", "Type", "Mentions", "Documents", "First date", "Last date")
ENTITY_ID_ROLE = Qt.ItemDataRole.UserRole + 30
_NUMERIC = {2, 3}


def _sort_key(column: int):
    if column == 0:
        return lambda r: (r.name.casefold(), r.id)
    if column == 1:
        return lambda r: (theme.label_name(r.label).casefold(), r.name.casefold())
    if column == 2:
        return lambda r: (r.mentions, r.documents)
    if column == 3:
        return lambda r: (r.documents, r.mentions)
    if column == 4:
        return lambda r: (r.first_date is None, r.first_date or "", r.name.casefold())
    return lambda r: (r.last_date is None, r.last_date or "", r.name.casefold())


class EntityTableModel(QAbstractTableModel):
    """Rows filtered by a plain index of names (fast on tens of thousands), sorted in Python."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[EntityRow] = []
        self.visible: list[int] = []
        self._haystack: list[str] = []
        self._order: list[int] = []
        self._text, self._label = "", None
        self._sort = (2, Qt.SortOrder.DescendingOrder)

    def set_rows(self, rows: list[EntityRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self._haystack = [f"{r.name}\n{theme.label_name(r.label)}\n{r.label}".casefold() for r in self.rows]
        self._order = self._sorted()
        self._visible()
        self.endResetModel()

    def set_filter(self, text: str, label: str | None = None) -> None:
        """Keep rows whose name or type contains every word typed (any case), of `label` if given."""
        self.beginResetModel()
        self._text, self._label = text.casefold().strip(), label
        self._visible()
        self.endResetModel()

    def _sorted(self) -> list[int]:
        column, order = self._sort
        key = _sort_key(column)
        rows = self.rows
        return sorted(range(len(rows)), key=lambda i: key(rows[i]), reverse=order == Qt.SortOrder.DescendingOrder)

    def _visible(self) -> None:
        """The rows shown, in sorted order: one pass over the sorted index, no sorting per keystroke."""
        words, label, rows, hay = self._text.split(), self._label, self.rows, self._haystack
        keep = self._order
        for word in words:  # one word at a time: a plain substring test per row
            keep = [i for i in keep if word in hay[i]]
        if label:
            keep = [i for i in keep if rows[i].label == label]
        self.visible = list(keep)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        before = self.visible
        self._sort = (column, order)
        self._order = self._sorted()
        self._visible()
        position = {i: n for n, i in enumerate(self.visible)}
        old = self.persistentIndexList()
        self.changePersistentIndexList(old, [self.index(position[before[p.row()]], p.column()) for p in old])
        self.layoutChanged.emit()

    def row_at(self, row: int) -> EntityRow:
        return self.rows[self.visible[row]]

    def row_of(self, entity_id: int) -> int | None:
        return next((n for n, i in enumerate(self.visible) if self.rows[i].id == entity_id), None)

    # ---- Qt model API ----

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.visible)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter) if section in _NUMERIC \
                else int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self.rows[self.visible[index.row()]]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (r.name, theme.label_name(r.label), f"{r.mentions:,}", f"{r.documents:,}",
                    r.first_date or "—", r.last_date or "—")[column]
        if role == Qt.ItemDataRole.DecorationRole and column == 1:
            return swatch(r.label)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip(f"{r.name} — {theme.label_name(r.label)} ({r.label})")
        if role == ENTITY_ID_ROLE:
            return r.id
        return None


class EntityBrowser(QWidget):
    """Filter box, type menu, the table, and "Merge selected…"."""

    entity_selected = Signal(int)
    merge_requested = Signal(list, int)  # the entities to merge away, the one to keep

    def __init__(self, library, parent=None) -> None:
        super().__init__(parent)
        self.library = library
        self.model = EntityTableModel(self)
        self.filter_box = QLineEdit()
        self.filter_box.setPlaceholderText("Filter entities by name or type")
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.textChanged.connect(self._apply_filter)
        self.type_box = QComboBox()
        self.type_box.currentIndexChanged.connect(self._apply_filter)
        self.count = QLabel()
        self.count.setObjectName("muted")
        self.merge_button = QPushButton("Merge selected…")
        self.merge_button.setEnabled(False)
        self.merge_button.clicked.connect(self.merge_selected)
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
        for column, width in ((1, 130), (2, 80), (3, 84), (4, 96), (5, 96)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.table.clicked.connect(self._on_clicked)
        self.table.activated.connect(self._on_clicked)
        top = QHBoxLayout()
        top.addWidget(self.filter_box, 1)
        top.addWidget(self.type_box)
        top.addWidget(self.count)
        top.addWidget(self.merge_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 4)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.merge_dialog: QInputDialog | None = None

    # ---- data ---------------------------------------------------------------------

    def set_rows(self, rows: list[EntityRow]) -> None:
        labels = sorted({r.label for r in rows}, key=lambda l: (theme.label_order() + [l]).index(l))
        current = self.type_box.currentData()
        self.type_box.blockSignals(True)
        self.type_box.clear()
        self.type_box.addItem("All types", None)
        for label in labels:
            self.type_box.addItem(swatch(label), theme.label_name(label), label)
        self.type_box.setCurrentIndex(max(0, self.type_box.findData(current)))
        self.type_box.blockSignals(False)
        self.model.set_rows(rows)
        self._apply_filter()

    def _apply_filter(self, *_args) -> None:
        self.model.set_filter(self.filter_box.text(), self.type_box.currentData())
        shown, total = self.model.rowCount(), len(self.model.rows)
        self.count.setText(f"{shown:,} of {total:,}" if shown != total else f"{total:,} entities")

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

    def _on_selection_changed(self, *_args) -> None:
        self.merge_button.setEnabled(len(self.selected_rows()) >= 2)

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
