"""The article view: escaped text, entity highlights by type, selection, hover and zoom."""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, Qt, Signal
from PySide6.QtGui import (QBrush, QColor, QFont, QPalette, QTextBlockFormat, QTextCharFormat,
                           QTextCursor, QTextDocument)
from PySide6.QtWidgets import QTextBrowser, QTextEdit, QToolTip

from reader.models import Document, Entity, Mention
from reader.ui import theme
from reader.ui.article.offsets import Utf16Map
from reader.ui.common.safe_text import tip

BASE_POINT_SIZE = 12.5
MAX_TEXT_WIDTH_EM = 38  # about 70 characters a line
ZOOM_STEP = 1.0


@dataclass(frozen=True)
class ShownMention:
    mention: Mention
    entity_name: str
    label: str


class DocumentView(QTextBrowser):
    """Shows one document; positions in the view are the document's text offsets."""

    mention_clicked = Signal(object)  # ShownMention
    position_changed = Signal()
    context_menu_requested = Signal(object, object)  # QMenu to add to, ShownMention | None
    text_clicked = Signal(int)  # text offset of a click that selected nothing

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setUndoRedoEnabled(False)
        self.setFrameShape(QTextBrowser.Shape.NoFrame)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setMouseTracking(True)
        self.document_id: int | None = None
        self.text = ""
        self._map = Utf16Map("")
        self._mentions: list[ShownMention] = []
        self._starts: list[int] = []
        self._entities: dict[int, Entity] = {}
        self._hidden: set[str] = set()
        self._clutter: list[tuple[int, int]] = []  # page clutter: comment forms, cookie notices...
        self._dim_clutter = True
        self._marked_entity: int | None = None
        self._overlays: dict[str, tuple[list[tuple[int, int]], QTextCharFormat]] = {}
        # Callables offset -> tooltip text or None, asked before the entity tooltip (notes use it).
        self.tooltip_providers: list = []
        self._zoom = 0.0
        self._by_user = False  # whether the selection was made with the mouse or the keyboard (not from code)
        self._apply_font()
        self.verticalScrollBar().valueChanged.connect(lambda _: self.position_changed.emit())

    # ---- content -----------------------------------------------------------

    def show_document(self, document: Document, mentions: list[ShownMention],
                      entities: dict[int, Entity], clutter: list[tuple[int, int]] = ()) -> None:
        """Show a document with its mentions highlighted and its page clutter (start, end) dimmed."""
        self.document_id = document.id
        self._clutter = list(clutter)
        self.text = document.text
        self._map = Utf16Map(document.text)
        self._mentions = sorted(mentions, key=lambda m: m.mention.start)
        self._starts = [m.mention.start for m in self._mentions]
        self._entities = entities
        self._marked_entity = None
        doc = QTextDocument(self)
        doc.setDefaultFont(self.font())
        doc.setUndoRedoEnabled(False)
        doc.setPlainText(document.text)  # never parsed as markup
        self.setDocument(doc)
        self._format_blocks()
        self._apply_highlights()
        self._update_margins()
        self._overlays.clear()
        self.setExtraSelections([])

    def update_mentions(self, mentions: list[ShownMention], entities: dict[int, Entity]) -> list[tuple[int, int]]:
        """The same document with its mentions as corrected: only the spans whose highlight changed are
        repainted (the text, its layout, the scroll position, the selection and the marks stay).
        Returns the repainted spans."""
        before = {(m.mention.start, m.mention.end): m.label for m in self._mentions if m.label not in self._hidden}
        self._mentions = sorted(mentions, key=lambda m: m.mention.start)
        self._starts = [m.mention.start for m in self._mentions]
        self._entities = entities
        after = {(m.mention.start, m.mention.end): m.label for m in self._mentions if m.label not in self._hidden}
        changed = sorted(span for span in before.keys() | after.keys() if before.get(span) != after.get(span))
        if changed:
            self._apply_highlights(changed)
        self._refresh_marks()
        return changed

    def mentions(self) -> list[ShownMention]:
        return list(self._mentions)

    def set_hidden_labels(self, labels: set[str]) -> None:
        if labels != self._hidden:
            self._hidden = set(labels)
            self._apply_highlights()
            self._refresh_marks()

    def hidden_labels(self) -> set[str]:
        return set(self._hidden)

    def set_clutter_dimmed(self, dimmed: bool) -> None:
        """Dim the page clutter (the default), or show it like the article's text."""
        if dimmed != self._dim_clutter:
            self._dim_clutter = dimmed
            self._apply_highlights()

    def clutter_dimmed(self) -> bool:
        return self._dim_clutter

    def clutter(self) -> list[tuple[int, int]]:
        return list(self._clutter)

    def visible_mentions(self) -> list[ShownMention]:
        return [m for m in self._mentions if m.label not in self._hidden]

    def _format_blocks(self) -> None:
        cursor = QTextCursor(self.document())
        cursor.select(QTextCursor.SelectionType.Document)
        block = QTextBlockFormat()
        block.setLineHeight(150, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        cursor.mergeBlockFormat(block)

    def _apply_highlights(self, spans: list[tuple[int, int]] | None = None) -> None:
        """Paint the highlights of the whole text, or only over `spans` (start, end)."""
        cursor = QTextCursor(self.document())
        if spans is None:  # one change for the whole text; else each span's own (its paragraph is laid out again)
            cursor.beginEditBlock()
        whole = [(0, len(self.text))] if spans is None else spans
        dim = None
        if self._dim_clutter and self._clutter:
            text, base = self.palette().color(QPalette.ColorRole.Text), self.palette().color(QPalette.ColorRole.Base)
            dim = QTextCharFormat()  # half way between the text and the page
            dim.setForeground(QBrush(QColor((text.red() + base.red()) // 2, (text.green() + base.green()) // 2,
                                            (text.blue() + base.blue()) // 2)))
        formats: dict[str, QTextCharFormat] = {}
        for first, last in whole:
            self._paint(cursor, first, last, QTextCharFormat())
            for start, end in self._clutter if dim is not None else ():
                if start < last and end > first:
                    self._paint(cursor, max(start, first), min(end, last), dim)
            for index in range(max(0, bisect_right(self._starts, first) - 1), len(self._mentions)):
                shown = self._mentions[index]
                if shown.mention.start >= last:
                    break
                if shown.label in self._hidden or shown.mention.end <= first:
                    continue
                fmt = formats.get(shown.label)
                if fmt is None:
                    fmt = formats[shown.label] = self._entity_format(shown.label)
                self._paint(cursor, shown.mention.start, shown.mention.end, fmt)
        if spans is None:
            cursor.endEditBlock()

    def _paint(self, cursor: QTextCursor, start: int, end: int, fmt: QTextCharFormat) -> None:
        cursor.setPosition(self._map.to_qt(start))
        cursor.setPosition(self._map.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        cursor.setCharFormat(fmt)

    def changeEvent(self, event) -> None:  # noqa: N802
        """A new theme: the highlights take the colours meant for a light or a dark page."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.text:
            self._apply_highlights()
            self._refresh_marks()

    def _entity_format(self, label: str) -> QTextCharFormat:
        colours = theme.colours(label, theme.is_dark(self.palette()))
        fmt = QTextCharFormat()
        fmt.setBackground(QBrush(colours.background))
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        fmt.setUnderlineColor(colours.accent)
        return fmt

    # ---- the selected entity ---------------------------------------------

    def mark_entity(self, entity_id: int | None) -> None:
        """Outline every mention of this entity in the article (None clears)."""
        self._marked_entity = entity_id
        self._refresh_marks()

    def marked_mentions(self) -> list[ShownMention]:
        if self._marked_entity is None:
            return []
        return [m for m in self._mentions if m.mention.entity_id == self._marked_entity]

    def _refresh_marks(self) -> None:
        colours = theme.colours("_selected", theme.is_dark(self.palette()))
        fmt = QTextCharFormat()
        fmt.setBackground(QBrush(colours.background))
        fmt.setForeground(QBrush(self.palette().color(QPalette.ColorRole.Text)))
        fmt.setFontWeight(QFont.Weight.DemiBold)
        spans = [(m.mention.start, m.mention.end) for m in self.marked_mentions()]
        self.set_overlay("entity", spans, fmt)

    def set_overlay(self, layer: str, spans: list[tuple[int, int]], fmt: QTextCharFormat) -> None:
        """Draw a named layer of marks over the text (entity marks, find hits, notes...).

        Layers are drawn in the order they were first set; an empty list removes a layer.
        """
        if spans:
            self._overlays[layer] = (list(spans), QTextCharFormat(fmt))
        else:
            self._overlays.pop(layer, None)
        selections = []
        for layer_spans, layer_format in self._overlays.values():
            for start, end in layer_spans:
                selection = QTextEdit.ExtraSelection()
                cursor = QTextCursor(self.document())
                cursor.setPosition(self._map.to_qt(start))
                cursor.setPosition(self._map.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
                selection.cursor = cursor
                selection.format = layer_format
                selections.append(selection)
        self.setExtraSelections(selections)

    def overlay(self, layer: str) -> list[tuple[int, int]]:
        return list(self._overlays.get(layer, ([], None))[0])

    # ---- selection and scrolling ----------------------------------------

    def select_span(self, start: int, end: int) -> None:
        """Select exactly text[start:end] and scroll it to the middle of the view."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._map.to_qt(start))
        cursor.setPosition(self._map.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.center_on(start)

    def setTextCursor(self, cursor: QTextCursor) -> None:  # noqa: N802
        self._by_user = False  # a selection made from code: a jump, F3, a search hit, select_span
        super().setTextCursor(cursor)

    def selected_by_user(self) -> bool:
        """Whether the current selection was made with the mouse or the keyboard."""
        return self._by_user and self.textCursor().hasSelection()

    def selected_span(self) -> tuple[int, int] | None:
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        return self._map.from_qt(cursor.selectionStart()), self._map.from_qt(cursor.selectionEnd())

    def center_on(self, offset: int) -> None:
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._map.to_qt(offset))
        rect = self.cursorRect(cursor)
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + rect.center().y() - self.viewport().height() // 2)

    def scroll_offset(self) -> int:
        """The text offset at the top-left of the view (to restore a reading position)."""
        cursor = self.cursorForPosition(self.viewport().rect().topLeft())
        return self._map.from_qt(cursor.position())

    def scroll_to_offset(self, offset: int) -> None:
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._map.to_qt(min(offset, len(self.text))))
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + self.cursorRect(cursor).top())

    # ---- hit testing, hover and clicks ------------------------------------

    def mention_at(self, point) -> ShownMention | None:
        """The visible mention under a viewport point, if any."""
        offset = self.offset_at(point)
        if offset is None:
            return None
        index = bisect_right(self._starts, offset) - 1
        for i in (index, index - 1):  # spans do not nest: the last two starts suffice
            if i >= 0 and self._mentions[i].mention.start <= offset < self._mentions[i].mention.end:
                shown = self._mentions[i]
                return None if shown.label in self._hidden else shown
        return None

    def offset_at(self, point) -> int | None:
        """The text offset under a viewport point, or None off the text."""
        doc_point = QPointF(point.x() + self.horizontalScrollBar().value(),
                            point.y() + self.verticalScrollBar().value())
        position = self.document().documentLayout().hitTest(doc_point, Qt.HitTestAccuracy.ExactHit)
        return None if position < 0 else self._map.from_qt(position)

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            point = self.viewport().mapFromGlobal(event.globalPos())
            offset = self.offset_at(point)
            extra = [text for provider in self.tooltip_providers
                     if offset is not None and (text := provider(offset))]
            shown = self.mention_at(point)
            if shown or extra:
                parts = extra + ([self._tooltip(shown)] if shown else [])
                QToolTip.showText(event.globalPos(), tip("\n\n".join(parts)), self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def _tooltip(self, shown: ShownMention) -> str:
        entity = self._entities.get(shown.mention.entity_id)
        name = entity.name if entity else shown.entity_name
        lines = [f"{name} — {theme.label_name(shown.label)}"]
        if entity:
            docs = "document" if entity.documents == 1 else "documents"
            times = "mention" if entity.mentions == 1 else "mentions"
            lines.append(f"{entity.mentions} {times} in {entity.documents} {docs}")
        return "\n".join(lines)  # escaped by tip() when shown

    def mousePressEvent(self, event) -> None:  # noqa: N802
        self._by_user = True
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802
        self._by_user = True
        super().mouseDoubleClickEvent(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        self._by_user = True
        super().keyPressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        if event.buttons():
            self._by_user = True
        super().mouseMoveEvent(event)
        over = self.mention_at(event.position().toPoint())
        self.viewport().setCursor(Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.IBeamCursor)

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            offset = self.offset_at(event.position().toPoint())
            if offset is not None:
                self.text_clicked.emit(offset)
            shown = self.mention_at(event.position().toPoint())
            if shown:
                self.mention_clicked.emit(shown)

    # ---- typography and zoom ---------------------------------------------

    def zoom(self) -> float:
        return self._zoom

    def set_zoom(self, steps: float) -> None:
        self._zoom = max(-6.0, min(12.0, steps))
        keep = self.scroll_offset() if self.text else 0
        self._apply_font()
        if self.text:
            self.document().setDefaultFont(self.font())
            self._update_margins()
            self.scroll_to_offset(keep)

    def _apply_font(self) -> None:
        self.setFont(theme.reading_font(BASE_POINT_SIZE + self._zoom * ZOOM_STEP))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._update_margins()

    def _update_margins(self) -> None:
        em = self.fontMetrics().horizontalAdvance("m")
        width = self.viewport().width()
        side = max(28, (width - MAX_TEXT_WIDTH_EM * em) // 2)
        frame = self.document().rootFrame()
        fmt = frame.frameFormat()
        if fmt.leftMargin() != side:
            fmt.setLeftMargin(side)
            fmt.setRightMargin(side)
            fmt.setTopMargin(18)
            fmt.setBottomMargin(48)
            frame.setFrameFormat(fmt)

    def contextMenuEvent(self, event) -> None:  # noqa: N802
        """The standard menu (copy, select all), plus what listeners add for the mention here."""
        menu = self.createStandardContextMenu(event.pos())
        self.context_menu_requested.emit(menu, self.mention_at(event.pos()))
        menu.exec(event.globalPos())
        menu.deleteLater()

    def loadResource(self, kind: int, name):  # noqa: N802 (Qt override)
        return None  # nothing is ever loaded: no images, no remote resources
