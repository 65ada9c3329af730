"""Draws an entity's mention list cheaply: rows of two lines, a document's title and details or a sentence."""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPalette, QTextCharFormat, QTextLayout, QTextOption
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from reader.ui.entities.mentions_model import CURRENT_ROLE, GROUP_ROLE, MENTION_ROLE, WAITING

LINES = 2  # every row is this many lines tall: a mention's sentence, or a document's title and its details
LEAD = 40  # characters of the sentence kept before the mention (the rest is cut with "…")
PADDING = 4


def excerpt(context: str, start: int, end: int, lead: int = LEAD) -> tuple[str, int, int]:
    """The sentence from a little before the mention; the mention's offsets in what is kept."""
    if start <= lead:
        return context, start, end
    cut = context.rfind(" ", 0, start - lead)
    cut = start - lead if cut < 0 else cut + 1
    return "…" + context[cut:], start - cut + 1, end - cut + 1


class MentionDelegate(QStyledItemDelegate):
    """Every row is as tall (the view's rows have uniform heights: it asks only the first row its size), and
    text is laid out only for the rows being painted."""

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:  # noqa: N802
        return QSize(100, option.fontMetrics.lineSpacing() * LINES + 2 * PADDING + 2)

    def paint(self, painter, option: QStyleOptionViewItem, index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""  # the style draws the row's background; the text is drawn here
        style = opt.widget.style() if opt.widget else None
        if style:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        ink = option.palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        rect = option.rect.adjusted(PADDING + 2, PADDING, -PADDING, -PADDING)
        painter.save()
        mention, group = index.data(MENTION_ROLE), index.data(GROUP_ROLE)
        if mention is not None:
            self._paint_mention(painter, rect, option.font, ink, mention)
        elif group is not None:
            self._paint_group(painter, rect, option.font, ink, group, bool(index.data(CURRENT_ROLE)), selected)
        else:  # a document's row that waits for its mentions
            ink.setAlphaF(0.6)
            painter.setPen(ink)
            painter.drawText(rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), WAITING)
        painter.restore()

    def count_text(self, group) -> str:
        """How many mentions a document has, for its details line."""
        return f"{group.mentions} mention{'s' if group.mentions != 1 else ''}"

    def _paint_group(self, painter, rect: QRect, font: QFont, ink, group, current: bool, selected: bool) -> None:
        """The title (elided), then under it: this article, date, how many mentions."""
        bold = QFont(font)
        bold.setWeight(QFont.Weight.DemiBold)
        metrics = QFontMetrics(bold)
        painter.setFont(bold)
        painter.setPen(ink)
        title = metrics.elidedText(group.title, Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(QRect(rect.left(), rect.top(), rect.width(), metrics.lineSpacing()),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), title)
        details = " · ".join([*(["this article"] if current else []), group.published or "no date",
                              self.count_text(group)])
        muted = ink
        if not selected:
            muted.setAlphaF(0.62)
        painter.setFont(font)
        painter.setPen(muted)
        painter.drawText(QRect(rect.left(), rect.top() + metrics.lineSpacing(), rect.width(), metrics.lineSpacing()),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
                         QFontMetrics(font).elidedText(details, Qt.TextElideMode.ElideRight, rect.width()))

    def _paint_mention(self, painter, rect: QRect, font: QFont, ink, mention) -> None:
        text, start, end = excerpt(mention.context, mention.context_start, mention.context_end)
        layout = QTextLayout(text.replace("\n", " "), font)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(option)
        bold = QTextLayout.FormatRange()
        bold.start, bold.length = start, max(0, end - start)
        fmt = QTextCharFormat()
        fmt.setFontWeight(QFont.Weight.Bold)
        bold.format = fmt
        layout.setFormats([bold])
        metrics = QFontMetrics(font)
        ellipsis = metrics.horizontalAdvance("…")
        layout.beginLayout()
        lines, y = [], 0.0
        while len(lines) < LINES:
            line = layout.createLine()
            if not line.isValid():
                break
            # the last line leaves room for an ellipsis (in case the sentence goes on), keeping the mention bold
            line.setLineWidth(rect.width() - (ellipsis if len(lines) == LINES - 1 else 0))
            line.setPosition(QPointF(0, y))
            y += metrics.lineSpacing()
            lines.append(line)
        layout.endLayout()
        painter.setPen(ink)
        for line in lines:
            line.draw(painter, QPointF(rect.left(), rect.top()))
        last = lines[-1] if lines else None
        if last is not None and last.textStart() + last.textLength() < len(text):  # the sentence goes on
            painter.setFont(font)
            painter.drawText(QPointF(rect.left() + last.naturalTextWidth(),
                                     rect.top() + last.position().y() + metrics.ascent()), "…")
