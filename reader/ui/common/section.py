"""A titled part of a panel that folds away to its heading (the panel's splitter gives the room to the rest)."""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QToolButton, QVBoxLayout, QWidget


class Section(QWidget):
    """A heading that folds and unfolds its body; widgets can sit at the heading's right."""

    toggled = Signal(bool)  # unfolded

    def __init__(self, title: str, body: QWidget, parent=None, fit_content: bool = False) -> None:
        """`fit_content`: never taller than what the body holds (a short list of notes), so that a splitter
        gives the rest of its room to the other parts."""
        super().__init__(parent)
        self.body = body
        self.fit_content = fit_content
        self.toggle = QToolButton()
        self.toggle.setObjectName("sectionToggle")
        self.toggle.setCheckable(True)
        self.toggle.setChecked(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow)
        self.toggle.setText(title)
        self.toggle.setAutoRaise(True)
        self.toggle.setMinimumWidth(80)  # a long title is elided; it never widens the panel
        self.toggle.toggled.connect(self.set_open)
        self.heading = QHBoxLayout()
        self.heading.setContentsMargins(0, 0, 0, 0)
        self.heading.setSpacing(4)
        self.heading.addWidget(self.toggle)
        self.heading.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(self.heading)
        layout.addWidget(body, 1)
        if fit_content:
            body.installEventFilter(self)
            self._fit()

    def add_to_heading(self, widget: QWidget, stretch: int = 0) -> None:
        """Put a widget at the heading's right; one that stretches takes the room between it and the title."""
        if stretch and self.heading.itemAt(1) is not None and self.heading.itemAt(1).spacerItem():
            self.heading.takeAt(1)
        self.heading.addWidget(widget, stretch)

    def set_title(self, title: str) -> None:
        self.toggle.setText(title)

    def is_open(self) -> bool:
        return self.toggle.isChecked()

    def set_open(self, unfolded: bool) -> None:
        if self.toggle.isChecked() != unfolded:
            self.toggle.setChecked(unfolded)  # comes back here through `toggled`
            return
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if unfolded else Qt.ArrowType.RightArrow)
        self.body.setVisible(unfolded)
        policy = QSizePolicy.Policy.Preferred if unfolded else QSizePolicy.Policy.Maximum
        self.setSizePolicy(QSizePolicy.Policy.Preferred, policy)
        self._fit()
        self.toggled.emit(unfolded)

    def _fit(self) -> None:
        heading = self.heading.sizeHint().height() + 6
        if not self.is_open():
            self.setMaximumHeight(heading)
        elif self.fit_content:
            body = self.body
            wrapped = body.hasHeightForWidth() and body.width() > 0  # wrapped lines: as tall as this width needs
            self.setMaximumHeight(heading + (body.heightForWidth(body.width()) if wrapped else body.sizeHint().height()))
        else:
            self.setMaximumHeight(16777215)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if watched is self.body and event.type() in (QEvent.Type.LayoutRequest, QEvent.Type.Show, QEvent.Type.Resize):
            self._fit()  # the body's content changed: as tall as it now needs
        return False
