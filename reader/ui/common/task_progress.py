"""One background task's progress in the status bar: a bar, what it is doing, and its own Cancel button."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QPushButton, QWidget


class TaskProgress(QWidget):
    """Shows how far one job of the runner is (its `progressed` reports), with a Cancel button.

    It stays hidden until `start`; `cancel_requested` is for the feature that owns the job."""

    cancel_requested = Signal()
    said = Signal(str)  # what the task is doing now (for the status bar's text)

    def __init__(self, runner, cancel_text: str = "Cancel", parent=None) -> None:
        super().__init__(parent)
        self.job = None
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(180)
        self.bar.setTextVisible(False)
        self.cancel_button = QPushButton(cancel_text)
        self.cancel_button.clicked.connect(self._on_cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self.message = ""
        runner.progressed.connect(self._on_progress)
        self.hide()

    def start(self, job, message: str = "") -> None:
        """Follow `job` (nothing is known about its length yet: the bar is busy)."""
        self.job, self.message = job, message
        self.bar.setRange(0, 0)
        self.cancel_button.setEnabled(True)
        self.show()

    def follow(self, job) -> None:
        """Follow `job`, shown only once it reports progress (it may find nothing to do)."""
        self.job = job
        self.cancel_button.setEnabled(True)

    def finish(self) -> None:
        self.job = None
        self.hide()

    def _on_progress(self, job, done: int, total: int, message: str) -> None:
        if job is not self.job or job is None:
            return
        if not self.isVisible():
            self.show()
        self.bar.setRange(0, max(total, 1) if total else 0)
        self.bar.setValue(done)
        self.message = message
        self.setToolTip(message)
        if message:
            self.said.emit(message)

    def _on_cancel(self) -> None:
        self.cancel_button.setEnabled(False)
        self.cancel_requested.emit()
