"""The library list: documents with title, date and entity count; filter and sort."""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QLineEdit, QListView, QStyle,
                               QStyledItemDelegate, QToolButton, QVBoxLayout, QWidget)

from reader.models import DocumentInfo
from reader.ui.article.sources_line import also_in_text
from reader.ui.common.safe_text import tip
from reader.ui.runner import QUERY

DOCUMENT_ROLE = Qt.ItemDataRole.UserRole + 1
PAGE = 200  # documents fetched at a time
FILTER_DELAY_MS = 150  # the list filters once typing pauses this long
APPLY_DELAY_MS = 250  # documents stored by an import are shown in batches, at most this often


class DocumentListModel(QAbstractListModel):
    """The library's documents as sorted and filtered in SQL, loaded a page at a time through the runner.

    An import inserts the new documents where they belong among the rows already loaded; the list
    is never rebuilt for it.
    """

    loaded = Signal()  # the first page for the current order and filter arrived
    total_changed = Signal(int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.runner = None
        self._documents: list[DocumentInfo] = []
        self.sort_key = "title"
        self.words: list[str] = []
        self.unread = False  # only the documents the reader has not opened
        self.total = 0
        self.loading = False
        self._fetching = False
        self._generation = 0

    def filter_text(self) -> str:
        return " ".join(self.words)

    def reload(self, sort_key: str | None = None, words: list[str] | None = None, unread: bool | None = None) -> None:
        """Show the list afresh, ordered by `sort_key` and keeping documents matching every word (and
        only unread ones with `unread`)."""
        if sort_key is not None:
            self.sort_key = sort_key
        if words is not None:
            self.words = list(words)
        if unread is not None:
            self.unread = unread
        self._generation += 1
        if self.runner is None:
            return
        self.loading, self._fetching = True, True
        generation, order, words, unread = self._generation, self.sort_key, list(self.words), self.unread
        self.runner.run(lambda library, job: (library.lists.document_total(words, unread),
                                              library.lists.documents(order, words, 0, PAGE, unread)),
                        QUERY, label="Listing documents", key=f"documents-{id(self)}",
                        on_done=lambda result: self._on_first_page(generation, *result))

    def _on_first_page(self, generation: int, total: int, documents: list[DocumentInfo]) -> None:
        if generation != self._generation:
            return
        self.beginResetModel()
        self._documents, self.total = list(documents), total
        self.endResetModel()
        self.loading = self._fetching = False
        self.total_changed.emit(total)
        self.loaded.emit()

    def canFetchMore(self, parent=QModelIndex()) -> bool:  # noqa: N802
        return not parent.isValid() and not self._fetching and len(self._documents) < self.total

    def fetchMore(self, parent=QModelIndex()) -> None:  # noqa: N802
        if not self.canFetchMore(parent) or self.runner is None:
            return
        self._fetching = True
        generation, order, words, offset = self._generation, self.sort_key, list(self.words), len(self._documents)
        unread = self.unread
        self.runner.run(lambda library, job: library.lists.documents(order, words, offset, PAGE, unread), QUERY,
                        label="Listing documents", on_done=lambda page: self._on_page(generation, offset, page))

    def _on_page(self, generation: int, offset: int, documents: list[DocumentInfo]) -> None:
        if generation != self._generation or offset != len(self._documents):
            return
        self._fetching = False
        if documents:
            self.beginInsertRows(QModelIndex(), offset, offset + len(documents) - 1)
            self._documents += documents
            self.endInsertRows()

    def apply(self, added: set[int], updated: set[int]) -> None:
        """Documents stored or changed elsewhere: insert the new ones in place, refresh the others."""
        if self.runner is None or self.loading or not (added or updated):
            return
        generation, order, words, unread = self._generation, self.sort_key, list(self.words), self.unread
        ids = sorted(added | updated)
        self.runner.run(lambda library, job: (library.lists.document_total(words, unread),
                                              library.lists.document_positions(order, words, ids, unread)),
                        QUERY, label="Listing documents",
                        on_done=lambda result: self._on_positions(generation, added, *result))

    def _on_positions(self, generation: int, added: set[int], total: int,
                      positions: list[tuple[int, DocumentInfo]]) -> None:
        if generation != self._generation or self.loading:
            return
        rows = {doc.id: row for row, doc in enumerate(self._documents)}
        for position, info in positions:
            row = rows.get(info.id)
            if row is not None:  # a document already listed: its new details (its place may change)
                self._documents[row] = info
                index = self.index(row)
                self.dataChanged.emit(index, index)
            elif info.id in added and position <= len(self._documents):
                self.beginInsertRows(QModelIndex(), position, position)
                self._documents.insert(position, info)
                self.endInsertRows()
                rows = {doc.id: row for row, doc in enumerate(self._documents)}
        self.total = max(total, len(self._documents))
        self.total_changed.emit(self.total)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._documents)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self._documents):
            return None
        doc = self._documents[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return doc.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip(f"{doc.title}\n{doc.path}\n{doc.words:,} words"
                       + (f"\nThe same story is {also_in_text(doc.also_in)}" if doc.also_in else ""))
        if role == DOCUMENT_ROLE:
            return doc
        return None

    def set_read(self, document_id: int, read: bool) -> None:
        """Show a document as read or unread (it stays where it is, even in a list of unread ones)."""
        row = self.row_of(document_id)
        if row >= 0 and bool(self._documents[row].read) != read:
            self._documents[row] = replace(self._documents[row], read=read)
            self.dataChanged.emit(self.index(row), self.index(row))

    def row_of(self, document_id: int) -> int:
        for row, doc in enumerate(self._documents):
            if doc.id == document_id:
                return row
        return -1


class DocumentDelegate(QStyledItemDelegate):
    """Two lines: the title (up to two lines, elided), then date and entity count. An unread document's
    title is bold, with a dot before it."""

    PADDING = 8

    def sizeHint(self, option, index) -> QSize:  # noqa: N802
        metrics = QFontMetrics(self._title_font(option.font))
        small = QFontMetrics(option.font)
        return QSize(200, self.PADDING * 2 + metrics.lineSpacing() * 2 + small.lineSpacing() + 2)

    def _title_font(self, base: QFont, read: bool = False) -> QFont:
        font = QFont(base)
        font.setWeight(QFont.Weight.Normal if read else QFont.Weight.DemiBold)
        return font

    def paint(self, painter, option, index) -> None:
        doc: DocumentInfo = index.data(DOCUMENT_ROLE)
        style = option.widget.style() if option.widget else None
        painter.save()
        if style:
            opt = option.__class__(option)
            self.initStyleOption(opt, index)
            opt.text = ""
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        rect = option.rect.adjusted(self.PADDING + 2, self.PADDING, -self.PADDING, -self.PADDING)
        title_font = self._title_font(option.font, bool(doc.read))
        metrics = QFontMetrics(title_font)
        if not doc.read:  # a dot in the margin: not opened yet
            dot = max(4, metrics.height() // 4)
            painter.setRenderHint(painter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(palette.color(text_role if selected else QPalette.ColorRole.Highlight))
            painter.drawEllipse(option.rect.left() + (self.PADDING + 2 - dot) // 2,
                                rect.top() + (metrics.height() - dot) // 2, dot, dot)
        painter.setFont(title_font)
        painter.setPen(palette.color(text_role))
        title = _elide_two_lines(doc.title, metrics, rect.width())
        lines = title.count("\n") + 1  # the details follow the title directly, one line or two
        title_rect = QRect(rect.left(), rect.top(), rect.width(), metrics.lineSpacing() * lines)
        painter.drawText(title_rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), title)
        painter.setFont(option.font)
        muted = palette.color(text_role)
        if not selected:
            muted.setAlphaF(0.62)
        painter.setPen(muted)
        details = " · ".join(p for p in [doc.published or "no date", also_in_text(doc.also_in) if doc.also_in else "",
                                         f"{doc.entities} entities" if doc.analysed_with else "not analysed yet"] if p)
        details = QFontMetrics(option.font).elidedText(details, Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(QRect(rect.left(), title_rect.bottom() + 2, rect.width(), rect.bottom() - title_rect.bottom()),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), details)
        painter.restore()


def _elide_two_lines(text: str, metrics: QFontMetrics, width: int) -> str:
    words, first = text.split(), ""
    while words and metrics.horizontalAdvance((first + " " + words[0]).strip()) <= width:
        first = (first + " " + words.pop(0)).strip()
    if not words:
        return first
    second = metrics.elidedText(" ".join(words), Qt.TextElideMode.ElideRight, width)
    return f"{first}\n{second}" if first else metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)


class LibraryPanel(QWidget):
    document_activated = Signal(int)
    context_requested = Signal(object, QPoint)  # DocumentInfo, global position

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.model = DocumentListModel(self)
        self.filter_box = QLineEdit(placeholderText="Filter documents")
        self.filter_box.setClearButtonEnabled(True)
        self._filter_timer = QTimer(self, singleShot=True, interval=FILTER_DELAY_MS, timeout=self._apply_filter)
        self.filter_box.textChanged.connect(lambda _: self._filter_timer.start())
        self.filter_box.returnPressed.connect(self._apply_filter)
        self.sort_box = QComboBox()
        self.sort_box.addItem("Title", "title")
        self.sort_box.addItem("Date", "date")
        self.sort_box.addItem("Entities", "entities")
        self.sort_box.currentIndexChanged.connect(self._on_sort_changed)
        self.unread_button = QToolButton()
        self.unread_button.setObjectName("filterToggle")
        self.unread_button.setText("Unread")
        self.unread_button.setCheckable(True)
        self.unread_button.setToolTip("Show only the documents you have not opened yet")
        self.unread_button.toggled.connect(lambda unread: self.model.reload(unread=unread))
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setItemDelegate(DocumentDelegate(self.view))
        self.view.setUniformItemSizes(True)
        self.view.setFrameShape(QListView.Shape.NoFrame)
        self.view.activated.connect(self._on_activated)
        self.view.clicked.connect(self._on_activated)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._on_context_menu)
        self.count_label = QLabel()
        self.count_label.setObjectName("muted")
        self.model.total_changed.connect(self._show_count)
        self.model.loaded.connect(self._on_loaded)
        self.model.rowsInserted.connect(lambda *_: self._on_rows_inserted())
        self.current: int | None = None
        self._added: set[int] = set()
        self._updated: set[int] = set()
        self._apply_timer = QTimer(self, singleShot=True, interval=APPLY_DELAY_MS, timeout=self._apply_gathered)
        header = QHBoxLayout()
        header.addWidget(QLabel("<b>Library</b>"))
        header.addStretch(1)
        header.addWidget(self.unread_button)
        header.addWidget(QLabel("Sort"))
        header.addWidget(self.sort_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 0, 4)
        layout.addLayout(header)
        layout.addWidget(self.filter_box)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_label)

    def set_runner(self, runner) -> None:
        self.model.runner = runner

    def reload(self) -> None:
        """List the library afresh (first page now, the rest as it is scrolled)."""
        self.model.reload(self.sort_key(), self.filter_box.text().split())

    def apply_change(self, change) -> None:
        """Show new and updated documents; during an import they are gathered and shown a few times a second."""
        if change.everything:
            self._added.clear()
            self._updated.clear()
            self.reload()
            return
        self._added |= change.documents_added
        self._updated |= change.documents_updated
        if not self._apply_timer.isActive():
            self._apply_timer.start()

    def _apply_gathered(self) -> None:
        added, updated = set(self._added), set(self._updated) - self._added
        self._added.clear()
        self._updated.clear()
        self.model.apply(added, updated)

    def busy(self) -> bool:
        """Documents are being listed, or changes wait to be shown."""
        return self.model.loading or self._apply_timer.isActive() or self._filter_timer.isActive()

    def _apply_filter(self) -> None:
        self._filter_timer.stop()
        words = self.filter_box.text().split()
        if words != self.model.words:
            self.model.reload(words=words)

    def _show_count(self, total: int) -> None:
        """The footer counts what the list holds now: all documents, or those the filters keep."""
        kind = ("unread " if self.model.unread else "") + ("document" if total == 1 else "documents")
        if self.model.words:
            self.count_label.setText(f"{total:,} {kind} match{'es' if total == 1 else ''} the filter")
        else:
            self.count_label.setText(f"{total:,} {kind}")

    def _on_loaded(self) -> None:
        self.select_document(self.current)

    def _on_rows_inserted(self) -> None:
        """The open document may arrive with a later page (or an import): mark it once it is listed."""
        if self.current is not None and not self.view.currentIndex().isValid():
            self.select_document(self.current)

    def select_document(self, document_id: int | None) -> None:
        """Mark the open document in the list (when it is listed), and nothing else."""
        self.current = document_id
        row = self.model.row_of(document_id) if document_id is not None else -1
        if row >= 0:
            index = self.model.index(row)
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)
        else:
            self.view.clearSelection()
            self.view.setCurrentIndex(QModelIndex())

    def first_document_id(self) -> int | None:
        """The document at the top of the list as it is sorted and filtered now."""
        if not self.model.rowCount():
            return None
        return self.model.index(0).data(DOCUMENT_ROLE).id

    def sort_key(self) -> str:
        return self.sort_box.currentData()

    def set_sort_key(self, key: str) -> None:
        index = self.sort_box.findData(key)
        if index >= 0:
            self.sort_box.setCurrentIndex(index)

    def _on_sort_changed(self) -> None:
        if self.sort_key() != self.model.sort_key:
            self.model.reload(sort_key=self.sort_key())

    def _on_activated(self, index: QModelIndex) -> None:
        doc: DocumentInfo = index.data(DOCUMENT_ROLE)
        if doc:
            self.document_activated.emit(doc.id)

    def _on_context_menu(self, point: QPoint) -> None:
        doc: DocumentInfo | None = self.view.indexAt(point).data(DOCUMENT_ROLE)
        if doc is not None:
            self.context_requested.emit(doc, self.view.viewport().mapToGlobal(point))
