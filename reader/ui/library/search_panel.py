"""Library search: an FTS5 query box and ranked results with the matched words in bold."""
from __future__ import annotations

import html
import re

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QLabel, QLineEdit, QListView, QVBoxLayout, QWidget

from reader.models import SearchHit
from reader.ui.common.rich_delegate import HTML_ROLE, RichTextDelegate
from reader.ui.common.safe_text import tip
from reader.ui.runner import QUERY

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

    searched = Signal()  # results (or an error) for the latest query are shown

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.runner = None
        self.hits: list = []
        self._generation = 0
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

    def set_runner(self, runner) -> None:
        self.runner = runner

    def focus_query(self) -> None:
        self.query.setFocus()
        self.query.selectAll()

    def run(self) -> None:
        """Search now for what is typed (in the background); a malformed query shows why."""
        self._timer.stop()
        text = self.query.text().strip()
        self._generation += 1
        generation = self._generation
        if not text or self.runner is None:
            self.model.clear()
            self.hits = []
            self._say("Results are ranked; the matched words are in bold.")
            self.searched.emit()
            return
        self._say("Searching…")
        self.runner.run(lambda library, job: library.search(text), QUERY, label="Searching", key=f"search-{id(self)}",
                        on_done=lambda hits: self._show(generation, hits),
                        on_failed=lambda message: self._show_error(generation, message))

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #c0392b;" if error else "")

    def _show_error(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self.model.clear()
            self.hits = []
            self._say(message, error=True)
            self.searched.emit()

    def _show(self, generation: int, hits: list[SearchHit]) -> None:
        if generation != self._generation:
            return
        self.model.clear()
        self.hits = hits
        count = len(hits)
        more = "+" if count >= 50 else ""
        self._say(f"{count}{more} document{'s' if count != 1 else ''}, best first" if count else "No documents match.")
        for hit in hits:
            item = QStandardItem()
            item.setData(hit_html(hit), HTML_ROLE)
            item.setData(hit, HIT_ROLE)
            item.setToolTip(tip(f"{hit.path}\nscore {hit.score:.2f}"))
            self.model.appendRow(item)
        self.searched.emit()

    def _on_activated(self, index: QModelIndex) -> None:
        hit = index.data(HIT_ROLE)
        if hit is not None:
            start = hit.start if hit.start is not None else -1
            end = hit.end if hit.end is not None else -1
            self.result_activated.emit(hit.id, start, end)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.results.doItemsLayout()  # wrapped snippets change height with the width
