"""The timeline: an entity's mentions by document date, as bars; click a bar to list its documents."""
from __future__ import annotations

import math
from datetime import date
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QPainter, QPalette, QPen
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem,
                               QSizePolicy, QToolTip, QVBoxLayout, QWidget)

from reader.analytics import UNDATED, TimelinePoint, bucket_timeline, bucket_unit
from reader.ui import theme
from reader.ui.runner import COMPUTE
from reader.ui.common.busy_badge import BusyBadge
from reader.ui.common.safe_text import tip
from reader.ui.insights.panes import export_button, export_picture, render_picture, with_side_list

DOCUMENT_ROLE = Qt.ItemDataRole.UserRole + 50
BADGE_DELAY_MS = 300  # counting is often quicker: no badge flashes for it
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def bucket_name(key: str, unit: str, long: bool = False) -> str:
    """How a bucket is written on the axis (short) or in a tooltip (long)."""
    if key == UNDATED:
        return "undated"
    if unit == "year":
        return key
    if unit == "month":
        month = MONTHS[int(key[5:7]) - 1]
        return f"{month} {key[:4]}" if long else month
    day = date.fromisoformat(key)
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}" if long else f"{day.day} {MONTHS[day.month - 1]}"


def nice_step(top: float, ticks: int = 4) -> int:
    raw = max(1.0, top / ticks)
    power = 10 ** math.floor(math.log10(raw))
    return int(next(m * power for m in (1, 2, 5, 10) if m * power >= raw))


class TimelineChart(QWidget):
    """Bars on a true time axis (empty months or days are gaps); undated documents apart, on the right."""

    bar_clicked = Signal(int)  # index into `buckets`

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.buckets: list[TimelinePoint] = []
        self.unit = "day"
        self.measure = "mentions"
        self.label = "_other"
        self.selected: int | None = None
        self.hovered: int | None = None
        self.setMouseTracking(True)
        self.setMinimumSize(320, 160)

    def set_points(self, points: list[TimelinePoint], label: str) -> None:
        self.unit = bucket_unit(points)
        self.buckets = bucket_timeline(points, self.unit)
        self.label = label
        self.selected = self.hovered = None
        self.update()

    def value(self, point: TimelinePoint) -> int:
        return point.mentions if self.measure == "mentions" else point.documents

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(640, 260)

    # ---- geometry -----------------------------------------------------------------

    def _plot(self, rect: QRectF) -> QRectF:
        return rect.adjusted(44, 18, -14, -40)

    def bar_rects(self, rect: QRectF) -> list[QRectF]:
        """One rectangle per bucket (for drawing and hit tests); undated ones apart at the right."""
        plot = self._plot(rect)
        count = len(self.buckets)
        if not count:
            return []
        apart = self.buckets[-1].date == UNDATED and count > 1
        reserve = 56.0 if apart else 0.0  # room for the undated bar and its label
        dated = count - 1 if apart else count
        slot = (plot.width() - reserve) / max(dated, 1)
        width = max(1.5, min(slot * 0.78, 56.0))
        top = max(1, max(self.value(p) for p in self.buckets))
        scale_top = nice_step(top) * math.ceil(top / nice_step(top))
        rects = []
        for index, point in enumerate(self.buckets):
            if apart and index == count - 1:
                bar_width = min(max(width, 14.0), 40.0)
                x = plot.right() - reserve / 2 - bar_width / 2 + 6
            else:
                bar_width = width
                x = plot.left() + slot * index + (slot - width) / 2
            height = plot.height() * self.value(point) / scale_top
            rects.append(QRectF(x, plot.bottom() - height, bar_width, height))
        return rects

    def bar_at(self, point: QPointF) -> int | None:
        plot = self._plot(QRectF(self.rect()))
        for index, bar in enumerate(self.bar_rects(QRectF(self.rect()))):
            slot = QRectF(bar.left() - 2, plot.top(), bar.width() + 4, plot.height() + 4)
            if slot.contains(point) and self.buckets[index].documents:
                return index
        return None

    # ---- painting -----------------------------------------------------------------

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        self.paint_chart(painter, QRectF(self.rect()))
        painter.end()

    def paint_chart(self, painter: QPainter, rect: QRectF) -> None:
        palette = self.palette()
        dark = theme.is_dark(palette)
        painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        painter.fillRect(rect, palette.color(QPalette.ColorRole.Base))
        text, muted = palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.PlaceholderText)
        font = theme.ui_font()
        font.setPointSizeF(8.5)
        painter.setFont(font)
        metrics = QFontMetricsF(font)
        plot = self._plot(rect)
        if not self.buckets:
            painter.setPen(muted)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, "Select an entity to see when it was mentioned.")
            return
        top = max(1, max(self.value(p) for p in self.buckets))
        step = nice_step(top)
        scale_top = step * math.ceil(top / step)
        grid = QColor(text)
        grid.setAlpha(28)
        for tick in range(0, scale_top + 1, step):  # gridlines and y labels
            y = plot.bottom() - plot.height() * tick / scale_top
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(muted)
            painter.drawText(QRectF(rect.left(), y - 8, plot.left() - rect.left() - 6, 16),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(tick))
        colours = theme.colours(self.label, dark)
        rects = self.bar_rects(rect)
        for index, (point, bar) in enumerate(zip(self.buckets, rects)):
            undated = point.date == UNDATED
            fill = QColor(muted if undated else colours.accent)
            if index == self.selected:
                fill = palette.color(QPalette.ColorRole.Highlight)
            elif index == self.hovered:
                fill = fill.lighter(115) if not dark else fill.lighter(125)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(fill, Qt.BrushStyle.BDiagPattern if undated and index != self.selected
                                    else Qt.BrushStyle.SolidPattern))
            if bar.height() > 0:
                painter.drawRoundedRect(bar.adjusted(0, 0, 0, 0.5), min(3, bar.width() / 3), min(3, bar.width() / 3))
            if undated:
                painter.setPen(QPen(fill, 1))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(bar)
            value = self.value(point)
            if value and bar.width() >= metrics.horizontalAdvance(str(value)) + 2:
                painter.setPen(text)
                painter.drawText(QRectF(bar.left() - 10, bar.top() - 16, bar.width() + 20, 15),
                                 Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, str(value))
        painter.setPen(QPen(muted, 1))
        painter.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))
        self._paint_axis(painter, rects, plot, metrics, text, muted)

    def _paint_axis(self, painter, rects, plot, metrics, text, muted) -> None:
        """Bucket names under the bars, as many as fit; below them the year (by month) or the
        month (by day) wherever one starts."""
        right_edge = -1e9
        for index, (point, bar) in enumerate(zip(self.buckets, rects)):
            name = bucket_name(point.date, self.unit)
            width = metrics.horizontalAdvance(name)
            centre = bar.center().x()
            if centre - width / 2 < right_edge + 6 and point.date != UNDATED:
                continue
            painter.setPen(muted if point.date == UNDATED else text)
            painter.drawText(QRectF(centre - width / 2 - 2, plot.bottom() + 3, width + 4, 16),
                             Qt.AlignmentFlag.AlignCenter, name)
            right_edge = centre + width / 2
        if self.unit == "year":
            return
        right_edge = -1e9
        painter.setPen(muted)
        for index, (point, bar) in enumerate(zip(self.buckets, rects)):
            if point.date == UNDATED:
                continue
            starts = point.date[5:7] == "01" if self.unit == "month" else point.date[8:10] == "01"
            if not (starts or index == 0):
                continue
            name = point.date[:4] if self.unit == "month" else bucket_name(point.date[:7], "month", long=True)
            left = bar.center().x() - metrics.horizontalAdvance(name) / 2 if index == 0 else bar.left()
            if left < right_edge + 8:
                continue
            painter.drawLine(QPointF(bar.left(), plot.bottom() + 20), QPointF(bar.left(), plot.bottom() + 33))
            painter.drawText(QRectF(bar.left() + 4, plot.bottom() + 19, metrics.horizontalAdvance(name) + 4, 16),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name)
            right_edge = bar.left() + metrics.horizontalAdvance(name) + 4

    # ---- mouse --------------------------------------------------------------------

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        index = self.bar_at(event.position())
        if index != self.hovered:
            self.hovered = index
            self.update()
        if index is not None:
            point = self.buckets[index]
            QToolTip.showText(event.globalPosition().toPoint(),
                              f"{bucket_name(point.date, self.unit, long=True)}: {point.mentions} mention"
                              f"{'s' if point.mentions != 1 else ''} in {point.documents} document"
                              f"{'s' if point.documents != 1 else ''}", self)
        self.setCursor(Qt.CursorShape.PointingHandCursor if index is not None else Qt.CursorShape.ArrowCursor)

    def leaveEvent(self, event) -> None:  # noqa: N802
        self.hovered = None
        self.update()

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        index = self.bar_at(event.position())
        if index is not None and event.button() == Qt.MouseButton.LeftButton:
            self.selected = index
            self.update()
            self.bar_clicked.emit(index)

    def bar_point(self, index: int) -> QPointF:
        """The centre of a bar's slot, for clicking it."""
        bar = self.bar_rects(QRectF(self.rect()))[index]
        return QPointF(bar.center().x(), self._plot(QRectF(self.rect())).bottom() - 2)

    def export(self, path: str | Path) -> Path:
        """The chart as PNG (twice the screen resolution) or SVG, by the file's suffix."""
        return render_picture(path, self.size(), self.paint_chart, "Reader timeline",
                              self.palette().color(QPalette.ColorRole.Base))


class TimelineView(QWidget):
    """The selected entity's timeline; a clicked bar lists its documents, which open on activation."""

    document_activated = Signal(int)

    drawn = Signal()  # the chart shows the current entity

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.runner = None
        self.exports = None  # the window's Exports: where pictures go, and the status-bar line saying so
        self.entity_id: int | None = None
        self.chart = TimelineChart()
        self.chart.bar_clicked.connect(self.show_bar)
        self.busy = BusyBadge(self.chart, "Counting mentions by date…", delay_ms=BADGE_DELAY_MS)
        self.title = QLabel("Timeline")
        self.title.setObjectName("entityTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.summary = QLabel("Select an entity: its mentions are counted by the date of each document.")
        self.summary.setObjectName("muted")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # cut, never widening
        self.measure_box = QComboBox()
        self.measure_box.addItem("Mentions", "mentions")
        self.measure_box.addItem("Documents", "documents")
        self.measure_box.currentIndexChanged.connect(self._on_measure)
        export = export_button(self.choose_export)
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addWidget(self.summary, 1)
        header.addWidget(self.measure_box)
        header.addWidget(export)
        self.list_title = QLabel("Documents")
        self.list_title.setObjectName("sectionHeading")
        self.documents = QListWidget()
        self.documents.setFrameShape(QListWidget.Shape.NoFrame)
        self.documents.setWordWrap(True)
        self.documents.itemActivated.connect(self._on_document)
        self.documents.itemClicked.connect(self._on_document)
        self.list_hint = QLabel("Click a bar to list its documents.")
        self.list_hint.setObjectName("muted")
        self.list_hint.setWordWrap(True)
        self.splitter = with_side_list(self.chart, self.list_title, self.list_hint, self.documents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 4)
        layout.addLayout(header)
        layout.addWidget(self.splitter, 1)

    def set_runner(self, runner) -> None:
        self.runner = runner

    def show_entity(self, entity_id: int | None, name: str = "", label: str = "_other") -> None:
        """Show an entity's mentions over time (counted in the background)."""
        self.entity_id = entity_id
        self.documents.clear()
        self.list_title.setText("Documents")
        self.list_hint.setText("Click a bar to list its documents.")
        if entity_id is None or self.runner is None:
            self.busy.show_busy(False)
            self.title.setText("Timeline")
            self.summary.setText("Select an entity: its mentions are counted by the date of each document.")
            self.chart.set_points([], label)
            self.drawn.emit()
            return
        self.title.setText(name)
        self.summary.setText("Counting…")
        self.busy.show_busy(True)
        self.runner.run(lambda library, job: library.analytics.timeline(entity_id), COMPUTE, label="Counting",
                        key=f"timeline-{id(self)}", on_done=lambda points: self._draw(entity_id, label, points),
                        on_failed=lambda message: self._failed(entity_id, message))

    def _failed(self, entity_id: int, message: str) -> None:
        if entity_id == self.entity_id:
            self.busy.show_busy(False)
            self.summary.setText(f"Could not count: {message}")

    def _draw(self, entity_id: int, label: str, points) -> None:
        if entity_id != self.entity_id:
            return
        self.busy.show_busy(False)
        self.chart.set_points(points, label)
        mentions, documents = sum(p.mentions for p in points), sum(p.documents for p in points)
        undated = sum(p.documents for p in points if p.date == UNDATED)
        self.summary.setText(f"{mentions:,} mentions in {documents:,} documents, by {self.chart.unit}"
                             + (f"; {undated:,} undated" if undated else ""))
        self.drawn.emit()

    def show_bar(self, index: int) -> None:
        point = self.chart.buckets[index]
        self.chart.selected = index
        self.chart.update()
        self.list_title.setText(bucket_name(point.date, self.chart.unit, long=True))
        self.list_hint.setText(f"{point.documents} document{'s' if point.documents != 1 else ''}, "
                               f"{point.mentions} mention{'s' if point.mentions != 1 else ''}. "
                               "Click one to open it.")
        self.documents.clear()
        for document_id, title in zip(point.document_ids, point.titles):
            item = QListWidgetItem(title)
            item.setData(DOCUMENT_ROLE, document_id)
            item.setToolTip(tip(f"Open “{title}”"))
            self.documents.addItem(item)

    def _on_document(self, item: QListWidgetItem) -> None:
        self.document_activated.emit(item.data(DOCUMENT_ROLE))

    def _on_measure(self) -> None:
        self.chart.measure = self.measure_box.currentData()
        self.chart.update()

    def choose_export(self, kind: str) -> None:
        export_picture(self, self.exports, "Export the timeline", "timeline", kind, self.export)

    def export(self, path: str | Path) -> Path:
        return self.chart.export(path)
