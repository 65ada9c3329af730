"""A badge in the middle of a view while its content is worked out: what is under way, and a spinner."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QFrame, QLabel, QProgressBar, QVBoxLayout, QWidget


class BusyBadge(QFrame):
    """Floats over `parent`'s middle (over what it showed before, which stays readable around it). With
    `delay_ms`, it shows only for work that lasts longer than that (no flash for quick work)."""

    def __init__(self, parent: QWidget, text: str, delay_ms: int = 0) -> None:
        super().__init__(parent)
        self.setObjectName("busyBadge")
        # Opaque: the spinner's frames repaint the badge only, not the view beneath (a graph takes 30 ms)
        self.setAutoFillBackground(True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.label = QLabel(text)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        spinner = QProgressBar()
        spinner.setRange(0, 0)  # busy, without a known end
        spinner.setTextVisible(False)
        spinner.setFixedSize(180, 6)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 12, 18, 14)
        layout.setSpacing(8)
        layout.addWidget(self.label)
        layout.addWidget(spinner, 0, Qt.AlignmentFlag.AlignHCenter)
        self.hide()
        self._delay = QTimer(self, singleShot=True, interval=delay_ms, timeout=self._appear)
        parent.installEventFilter(self)

    def show_busy(self, busy: bool) -> None:
        if not busy:
            self._delay.stop()
            self.hide()
        elif self._delay.interval() > 0:
            if not self.isVisible():
                self._delay.start()
        else:
            self._appear()

    def _appear(self) -> None:
        self._centre()
        self.raise_()
        self.show()

    def _centre(self) -> None:
        self.adjustSize()
        area = self.parentWidget().rect()
        self.move(area.center().x() - self.width() // 2, area.center().y() - self.height() // 2)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Resize and self.isVisible():
            self._centre()
        return False
