"""The library list: documents with title, date and entity count; filter and sort."""
from __future__ import annotations

from PySide6.QtCore import (QAbstractListModel, QModelIndex, QRect, QSize, QSortFilterProxyModel, Qt,
                            Signal)
from PySide6.QtGui import QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QLineEdit, QListView, QStyle,
                               QStyledItemDelegate, QVBoxLayout, QWidget)

from reader.models import DocumentInfo
from reader.ui.common.safe_text import tip

DOCUMENT_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2


class DocumentListModel(QAbstractListModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._documents: list[DocumentInfo] = []
        self.sort_key = "title"

    def set_documents(self, documents: list[DocumentInfo]) -> None:
        self.beginResetModel()
        self._documents = list(documents)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._documents)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        doc = self._documents[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return doc.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip(f"{doc.title}\n{doc.path}\n{doc.words:,} words")
        if role == DOCUMENT_ROLE:
            return doc
        if role == SORT_ROLE:
            if self.sort_key == "date":
                return doc.published or ""
            if self.sort_key == "entities":
                return doc.entities
            return doc.title.casefold()
        return None

    def row_of(self, document_id: int) -> int:
        for row, doc in enumerate(self._documents):
            if doc.id == document_id:
                return row
        return -1


class DocumentFilter(QSortFilterProxyModel):
    """Keeps documents whose title or path contains every typed word."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self.setSortRole(SORT_ROLE)

    def set_filter_text(self, text: str) -> None:
        self._words = text.casefold().split()
        self.invalidateFilter()

    def filterAcceptsRow(self, row: int, parent: QModelIndex) -> bool:  # noqa: N802
        doc: DocumentInfo = self.sourceModel().index(row, 0, parent).data(DOCUMENT_ROLE)
        haystack = f"{doc.title} {doc.path} {doc.published or ''}".casefold()
        return all(word in haystack for word in self._words)


class DocumentDelegate(QStyledItemDelegate):
    """Two lines: the title (up to two lines, elided), then date and entity count."""

    PADDING = 8

    def sizeHint(self, option, index) -> QSize:  # noqa: N802
        metrics = QFontMetrics(self._title_font(option.font))
        small = QFontMetrics(option.font)
        return QSize(200, self.PADDING * 2 + metrics.lineSpacing() * 2 + small.lineSpacing() + 2)

    def _title_font(self, base: QFont) -> QFont:
        font = QFont(base)
        font.setWeight(QFont.Weight.DemiBold)
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
        title_font = self._title_font(option.font)
        metrics = QFontMetrics(title_font)
        painter.setFont(title_font)
        painter.setPen(palette.color(text_role))
        title_rect = QRect(rect.left(), rect.top(), rect.width(), metrics.lineSpacing() * 2)
        title = _elide_two_lines(doc.title, metrics, rect.width())
        painter.drawText(title_rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), title)
        painter.setFont(option.font)
        muted = palette.color(text_role)
        if not selected:
            muted.setAlphaF(0.62)
        painter.setPen(muted)
        details = " · ".join(p for p in [doc.published or "no date", f"{doc.entities} entities"
                                         if doc.analysed_with else "not analysed yet"] if p)
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

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.model = DocumentListModel(self)
        self.proxy = DocumentFilter(self)
        self.proxy.setSourceModel(self.model)
        self.filter_box = QLineEdit(placeholderText="Filter documents")
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.textChanged.connect(self.proxy.set_filter_text)
        self.sort_box = QComboBox()
        self.sort_box.addItem("Title", "title")
        self.sort_box.addItem("Date", "date")
        self.sort_box.addItem("Entities", "entities")
        self.sort_box.currentIndexChanged.connect(self._on_sort_changed)
        self.view = QListView()
        self.view.setModel(self.proxy)
        self.view.setItemDelegate(DocumentDelegate(self.view))
        self.view.setUniformItemSizes(True)
        self.view.setFrameShape(QListView.Shape.NoFrame)
        self.view.activated.connect(self._on_activated)
        self.view.clicked.connect(self._on_activated)
        self.count_label = QLabel()
        self.count_label.setObjectName("muted")
        header = QHBoxLayout()
        header.addWidget(QLabel("<b>Library</b>"))
        header.addStretch(1)
        header.addWidget(QLabel("Sort"))
        header.addWidget(self.sort_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 0, 4)
        layout.addLayout(header)
        layout.addWidget(self.filter_box)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_label)
        self._on_sort_changed()

    def set_documents(self, documents: list[DocumentInfo], current: int | None = None) -> None:
        self.model.set_documents(documents)
        self.proxy.sort(0, self._sort_order())
        self.count_label.setText(f"{len(documents)} document{'s' if len(documents) != 1 else ''}")
        if current is not None:
            self.select_document(current)

    def select_document(self, document_id: int) -> None:
        row = self.model.row_of(document_id)
        if row >= 0:
            index = self.proxy.mapFromSource(self.model.index(row))
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)

    def first_document_id(self) -> int | None:
        """The document at the top of the list as it is sorted and filtered now."""
        if not self.proxy.rowCount():
            return None
        return self.proxy.index(0, 0).data(DOCUMENT_ROLE).id

    def sort_key(self) -> str:
        return self.sort_box.currentData()

    def set_sort_key(self, key: str) -> None:
        index = self.sort_box.findData(key)
        if index >= 0:
            self.sort_box.setCurrentIndex(index)

    def _sort_order(self) -> Qt.SortOrder:
        # newest first for dates and the busiest first for entities; titles A to Z
        return Qt.SortOrder.AscendingOrder if self.sort_key() == "title" else Qt.SortOrder.DescendingOrder

    def _on_sort_changed(self) -> None:
        self.model.sort_key = self.sort_key()
        self.proxy.invalidate()
        self.proxy.sort(0, self._sort_order())

    def _on_activated(self, index: QModelIndex) -> None:
        doc: DocumentInfo = index.data(DOCUMENT_ROLE)
        if doc:
            self.document_activated.emit(doc.id)
