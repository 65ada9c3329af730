"""Small pieces the workbench panels share: a sentence card that opens its document, plain-word summaries."""
from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from reader.labels import name as type_name
from reader.models import MentionInContext
from reader.ui.common.safe_text import tip

SENTENCE_LEAD = 150  # characters kept before the name in a sentence card
SENTENCE_TAIL = 200  # and after it

# The workbench's own look (palette roles, so it follows light and dark).
STYLE = """
QFrame#wbSentence { background: palette(base); border: 1px solid palette(midlight); border-radius: 6px; }
QFrame#wbSentence:hover { border-color: palette(highlight); }
QLabel#wbName { font-size: 13pt; font-weight: 600; }
QLabel#wbRule { font-weight: 600; }
QLabel#wbBadge { background: palette(highlight); color: palette(highlighted-text); border-radius: 8px;
                 padding: 0px 7px; font-weight: 600; }
QLabel#wbBanner { background: palette(alternate-base); border: 1px solid palette(midlight); border-radius: 6px;
                  padding: 6px 10px; }
QLabel#wbArrow { font-size: 16pt; color: palette(placeholder-text); }
QLabel#wbEmptyTitle { font-size: 12pt; font-weight: 600; }
QPushButton#wbPrimary { background: palette(highlight); color: palette(highlighted-text); border: none;
                        border-radius: 4px; padding: 5px 14px; font-weight: 600; }
QPushButton#wbPrimary:disabled { background: palette(mid); }
"""


def counted(count: int, one: str, many: str | None = None) -> str:
    """ "1 document", "12 documents"."""
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def entity_summary(label: str, mentions: int, documents: int) -> str:
    """ "Place · 3 mentions in 1 document"."""
    return f"{type_name(label)} · {counted(mentions, 'mention')} in {counted(documents, 'document')}"


def sentence_html(mention: MentionInContext) -> str:
    """The mention's sentence, escaped, with the name in bold (trimmed around it when long)."""
    text, start, end = mention.context, mention.context_start, mention.context_end
    head, tail = "", ""
    if start > SENTENCE_LEAD:
        cut = text.rfind(" ", 0, start - SENTENCE_LEAD)
        cut = start - SENTENCE_LEAD if cut < 0 else cut + 1
        text, start, end, head = text[cut:], start - cut, end - cut, "…"
    if len(text) - end > SENTENCE_TAIL:
        cut = text.find(" ", end + SENTENCE_TAIL)
        if cut > 0:
            text, tail = text[:cut], "…"
    text = text.replace("\n", " ")
    return (head + html.escape(text[:start]) + "<b>" + html.escape(text[start:end]) + "</b>"
            + html.escape(text[end:]) + tail)


class SentenceCard(QFrame):
    """A sentence with a name in bold and the document it is from; a click opens the document there."""

    activated = Signal(object)  # MentionInContext

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("wbSentence")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.mention: MentionInContext | None = None
        self.sentence = QLabel()
        self.sentence.setTextFormat(Qt.TextFormat.RichText)
        self.sentence.setWordWrap(True)
        self.sentence.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.source = QLabel()
        self.source.setObjectName("muted")
        self.source.setTextFormat(Qt.TextFormat.PlainText)
        self.source.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(4)
        layout.addWidget(self.sentence)
        layout.addStretch(1)
        layout.addWidget(self.source)

    def show_mention(self, mention: MentionInContext | None, missing: str = "No sentence to show.") -> None:
        self.mention = mention
        if mention is None:
            self.sentence.setText(html.escape(missing))
            self.source.clear()
            self.setToolTip("")
            self.setCursor(Qt.CursorShape.ArrowCursor)
            return
        self.sentence.setText(sentence_html(mention))
        self.source.setText(f"in “{mention.document_title}”")
        self.setToolTip(tip(f"Open “{mention.document_title}” at this sentence"))
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton and self.mention is not None:
            self.activated.emit(self.mention)
            event.accept()
            return
        super().mouseReleaseEvent(event)


def plain_label(text: str = "", object_name: str | None = None, wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    if object_name:
        label.setObjectName(object_name)
    return label


def centred_column(widgets: list[QWidget], width: int = 560) -> QWidget:
    """A page that shows `widgets` one under the other in a column of at most `width` pixels, in its middle
    (wrapped labels get their full height, which an aligned label in a layout does not)."""
    column = QWidget()
    column.setMaximumWidth(width)
    inner = QVBoxLayout(column)
    inner.setContentsMargins(0, 0, 0, 0)
    inner.setSpacing(8)
    for widget in widgets:
        if isinstance(widget, QLabel):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            inner.addWidget(widget)
        else:
            inner.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(column, 4)
    row.addStretch(1)
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.addStretch(1)
    layout.addLayout(row)
    layout.addStretch(2)
    return page
