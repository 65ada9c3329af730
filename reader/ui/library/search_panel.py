"""Library search: an FTS5 query box and ranked results with the matched words in bold."""
from __future__ import annotations

import html
import re

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QLabel, QLineEdit, QListView, QVBoxLayout, QWidget

from reader.analytics import Analytics
from reader.errors import ReaderError
from reader.models import SearchHit
from reader.ui.common.rich_delegate import HTML_ROLE, RichTextDelegate
from reader.ui.common.safe_text import tip

HIT_ROLE = Qt.ItemDataRole.UserRole + 20
_MARKED = re.compile(r"\[\[(.*?)\]\]", re.S)
TYPING_DELAY_MS = 250


def snippet_html(snippet: str) -> str:
    """FTS5 snippet text with [[ ]] around matches -> escaped HTML with the matches in bold."""
    out, position = [], 0
    for match in _MARKED.finditer(snippet):
        out.append(html.escape(snippet[position:match.start()]))
        out.append(f"<b>{html.escape(match.group(1))}</b>")
        position = match.end()
    out.append(html.escape(snippet[position:]))
    return "".join(out).replace("\n", " ")


def hit_html(hit: SearchHit) -> str:
    title = html.escape(hit.title)
    return (f"<div style='font-weight:600'>{title}</div>"
            f"<div>{snippet_html(hit.snippet)}</div>")


class SearchPanel(QWidget):
    """Type a query (phrases in quotes, prefix*, OR, NOT); activate a result to open it at the hit."""

    result_activated = Signal(int, int, int)  # document id, start, end (-1, -1: no offsets)

    def __init__(self, analytics: Analytics, parent=None) -> None:
        super().__init__(parent)
        self.analytics = analytics
        self.hits: list = []
        self.query = QLineEdit()
        self.query.setPlaceholderText('Search the library: words, "a phrase", prefix*, OR, NOT')
        self.query.setClearButtonEnabled(True)
        self.query.returnPressed.connect(self.run)
        self.query.textChanged.connect(lambda _: self._timer.start())
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPING_DELAY_MS)
        self._timer.timeout.connect(self.run)
        self.message = QLabel("Results are ranked; the matched words are in bold.")
        self.message.setObjectName("muted")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.model = QStandardItemModel(self)
        self.results = QListView()
        self.results.setModel(self.model)
        self.results.setItemDelegate(RichTextDelegate(self.results))
        self.results.setWordWrap(True)
        self.results.setFrameShape(QListView.Shape.NoFrame)
        self.results.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.results.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.results.setSpacing(2)
        self.results.clicked.connect(self._on_activated)
        self.results.activated.connect(self._on_activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 4, 4)
        layout.setSpacing(6)
        layout.addWidget(self.query)
        layout.addWidget(self.message)
        layout.addWidget(self.results, 1)
        self.setFocusProxy(self.query)

    def focus_query(self) -> None:
        self.query.setFocus()
        self.query.selectAll()

    def run(self) -> None:
        """Search now for what is typed; a malformed query shows why, and the old results go."""
        self._timer.stop()
        text = self.query.text().strip()
        self.model.clear()
        self.hits = []
        if not text:
            self.message.setText("Results are ranked; the matched words are in bold.")
            self.message.setStyleSheet("")
            return
        try:
            self.hits = self.analytics.search(text)
        except ReaderError as error:
            self.message.setText(str(error))
            self.message.setStyleSheet("color: #c0392b;")
            return
        self.message.setStyleSheet("")
        count = len(self.hits)
        more = "+" if count >= 50 else ""
        self.message.setText(f"{count}{more} document{'s' if count != 1 else ''}, best first"
                             if count else "No documents match.")
        for hit in self.hits:
            item = QStandardItem()
            item.setData(hit_html(hit), HTML_ROLE)
            item.setData(hit, HIT_ROLE)
            item.setToolTip(tip(f"{hit.path}\nscore {hit.score:.2f}"))
            self.model.appendRow(item)

    def _on_activated(self, index: QModelIndex) -> None:
        hit = index.data(HIT_ROLE)
        if hit is not None:
            start = hit.start if hit.start is not None else -1
            end = hit.end if hit.end is not None else -1
            self.result_activated.emit(hit.id, start, end)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.results.doItemsLayout()  # wrapped snippets change height with the width
