"""Draws an entity's mention list cheaply: documents on one line, mentions as three lines of their sentence."""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPalette, QTextCharFormat, QTextLayout, QTextOption
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from reader.ui.entities.mentions_model import GROUP_ROLE, MENTION_ROLE

LINES = 3  # a mention shows this many lines of its sentence: every mention row is as tall
LEAD = 70  # characters of the sentence kept before the mention (the rest is cut with "…")
PADDING = 4


def excerpt(context: str, start: int, end: int, lead: int = LEAD) -> tuple[str, int, int]:
    """The sentence from a little before the mention; the mention's offsets in what is kept."""
    if start <= lead:
        return context, start, end
    cut = context.rfind(" ", 0, start - lead)
    cut = start - lead if cut < 0 else cut + 1
    return "…" + context[cut:], start - cut + 1, end - cut + 1


class MentionDelegate(QStyledItemDelegate):
    """Row heights come from the font alone, so ten thousand rows cost what fifty do; text is laid out
    only for the rows being painted."""

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:  # noqa: N802
        # asked for every listed row at each layout: from the font alone, without asking the model what
        # the row holds (a mention row is a child: its internal id is its document's row + 1)
        lines = LINES if index.internalId() else 1
        return QSize(100, option.fontMetrics.lineSpacing() * lines + 2 * PADDING + 2)

    def paint(self, painter, option: QStyleOptionViewItem, index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        ink = option.palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        rect = option.rect.adjusted(PADDING + 2, PADDING, -PADDING, -PADDING)
        painter.save()
        mention = index.data(MENTION_ROLE)
        if mention is not None:
            self._paint_mention(painter, rect, option.font, ink, mention)
        else:
            self._paint_group(painter, rect, option.font, ink, index.data(GROUP_ROLE), text, selected)
        painter.restore()

    def count_text(self, group) -> str:
        """What a document row shows at its right: how many mentions it has."""
        return f"{group.mentions}"

    def _paint_group(self, painter, rect: QRect, font: QFont, ink, group, text: str, selected: bool) -> None:
        bold = QFont(font)
        bold.setWeight(QFont.Weight.DemiBold)
        count = self.count_text(group) if group is not None else ""
        metrics = QFontMetrics(font)
        count_width = metrics.horizontalAdvance(count) + 8
        painter.setFont(bold)
        painter.setPen(ink)
        title = text.rsplit(" — ", 1)[0] if group is not None else text
        elided = QFontMetrics(bold).elidedText(title, Qt.TextElideMode.ElideRight, rect.width() - count_width)
        painter.drawText(rect.adjusted(0, 0, -count_width, 0), int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         elided)
        muted = ink
        if not selected:
            muted.setAlphaF(0.6)
        painter.setFont(font)
        painter.setPen(muted)
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), count)

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
        layout.beginLayout()
        lines, y = [], 0.0
        while len(lines) < LINES:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(rect.width())
            line.setPosition(QPointF(0, y))
            y += metrics.lineSpacing()
            lines.append(line)
        layout.endLayout()
        painter.setPen(ink)
        last = lines[-1] if lines else None
        cut = last is not None and last.textStart() + last.textLength() < len(text)
        for line in lines[:-1] if cut else lines:
            line.draw(painter, QPointF(rect.left(), rect.top()))
        if cut:  # the last line shown ends with an ellipsis
            rest = text[last.textStart():]
            elided = metrics.elidedText(rest, Qt.TextElideMode.ElideRight, rect.width())
            painter.setFont(font)
            painter.drawText(QPointF(rect.left(), rect.top() + last.position().y() + metrics.ascent()), elided)
