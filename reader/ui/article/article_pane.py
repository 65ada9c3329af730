"""The centre of the window: the article's header, the type legend, and the text."""
from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QToolButton, QVBoxLayout, QWidget

from reader.models import Document
from reader.ui import theme
from reader.ui.article.document_view import DocumentView
from reader.ui.article.find_bar import FindBar
from reader.ui.article.sources_line import SourcesLine
from reader.ui.entities.entity_panel import swatch
from reader.ui.common.flow_layout import FlowLayout
from reader.ui.common.safe_text import tip


def chip_width(chip: QToolButton) -> int:
    """As wide as a chip's swatch and text need (a tool button's own size hint adds two spaces)."""
    swatch_room = chip.iconSize().width() if not chip.icon().isNull() else 0
    return chip.fontMetrics().horizontalAdvance(chip.text()) + swatch_room + 22  # padding, border, spacing


class LegendBar(QWidget):
    """One toggle per entity type present in the article; unchecked types are not highlighted."""

    toggled = Signal(str, bool)  # label, visible

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._layout = FlowLayout(self)
        self.buttons: dict[str, QToolButton] = {}
        self.caption = QLabel("Mentions:", self)  # what the chips count (the entity list counts names)
        self.caption.setObjectName("muted")
        self.caption.setToolTip("How often each type is mentioned in this article; click a type to show or hide"
                                " its highlights")

    def set_labels(self, counts: Counter, hidden: set[str]) -> None:
        for button in self.buttons.values():
            button.deleteLater()
        self.buttons.clear()
        while self._layout.count():
            self._layout.takeAt(0)
        self.caption.setVisible(bool(counts))
        if counts:
            self._layout.addWidget(self.caption)
        order = {label: i for i, label in enumerate(theme.label_order())}
        for label in sorted(counts, key=lambda l: order.get(l, 99)):
            button = QToolButton()
            button.setObjectName("legendChip")
            button.setCheckable(True)
            button.setChecked(label not in hidden)
            button.setIcon(swatch(label))
            times = "mention" if counts[label] == 1 else "mentions"
            button.setText(f"{theme.label_name(label)} {counts[label]}")  # mentions, as the caption says
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setFixedWidth(chip_width(button))
            button.setToolTip(f"{theme.label_description(label)}.\n{counts[label]} {times} in this article;"
                              " click to show or hide their highlights.")
            button.toggled.connect(lambda checked, l=label: self.toggled.emit(l, checked))
            self.buttons[label] = button
            self._layout.addWidget(button)
            self.caption.setFixedHeight(button.sizeHint().height())  # on the chips' line
        self._layout.invalidate()


class ArticlePane(QWidget):
    edit_requested = Signal()  # the reader wants to change the open document's title or date

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setObjectName("articleTitle")
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.meta = QLabel()
        self.meta.setObjectName("muted")
        self.meta.setTextFormat(Qt.TextFormat.PlainText)
        # a long path (the samples live deep in site-packages) is cut at the edge, whole in the tooltip,
        # and never widens the window
        self.meta.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.sources = SourcesLine()  # sender, outlet, byline, link; the story's other sources
        self.edit_button = QToolButton()
        self.edit_button.setObjectName("headerEdit")
        self.edit_button.setText("Edit")
        self.edit_button.setAutoRaise(True)
        self.edit_button.setToolTip("Give this document a title and a date of your own")
        self.edit_button.clicked.connect(self.edit_requested)
        self.legend = LegendBar()
        self.view = DocumentView()
        self.find_bar = FindBar(self.view)
        header = QWidget()
        header.setObjectName("articleHeader")
        header_layout = QVBoxLayout(header)
        header_layout.setContentsMargins(18, 12, 18, 8)
        header_layout.setSpacing(4)
        header_layout.addWidget(self.title)
        meta_row = QHBoxLayout()
        meta_row.setContentsMargins(0, 0, 0, 0)
        meta_row.addWidget(self.meta, 1)
        meta_row.addWidget(self.edit_button)
        header_layout.addLayout(meta_row)
        header_layout.addWidget(self.sources)
        header_layout.addWidget(self.legend)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header)
        layout.addWidget(self.find_bar)
        layout.addWidget(self.view, 1)
        self.show_placeholder("No document open", "Import files or a folder: File → Import, or drop them here.")

    def show_placeholder(self, title: str, detail: str) -> None:
        self.title.setText(title)
        self.meta.setText(detail)
        self.sources.show_document(None, {})
        self.edit_button.hide()

    def show_header(self, document: Document) -> None:
        self.title.setText(document.title)
        parts = [document.published or "no date", f"{document.words:,} words", document.path]
        self.meta.setText("  ·  ".join(parts))
        self.meta.setToolTip(tip(document.path))
        self.sources.show_document(document.id, document.meta)
        self.edit_button.show()
