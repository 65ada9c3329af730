"""The entity table's review filters (documents count, worth checking) and the actions on a selection of rows
(merge, change type, not an entity: each one correction and one undo), from buttons and a context menu."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QMenu, QPushButton, QSpinBox, QToolButton, QWidget

from reader import labels
from reader.suspicious import ALL_CAPS, FOUND_ONCE, LONG_NAME, MIXED_TYPES, REASONS
from reader.ui.common.safe_text import menu_text

ANY_REASON = "any"
MOST_DOCUMENTS = 1_000_000


# The reasons as a table column says them (REASONS has them in full, for tooltips and the filter).
SHORT_REASONS = {MIXED_TYPES: "mixed types", ALL_CAPS: "in capitals", LONG_NAME: "very long", FOUND_ONCE: "found once"}


def reasons_text(codes: tuple[str, ...], short: bool = False) -> str:
    """Why an entity is worth checking, in plain words: "one word in capitals; found only once"."""
    words = SHORT_REASONS if short else REASONS
    return ("; ", ", ")[short].join(words.get(code, REASONS.get(code, code)) for code in codes)


def type_menu(parent: QWidget, choose, current: str | None = None) -> QMenu:
    """A menu of the named types, in plain words with their colours; `choose(label)` on a pick."""
    from reader.ui.entities.entity_panel import swatch

    menu = QMenu(parent)
    for label in labels.NAMED_LABELS:
        action = menu.addAction(swatch(label), labels.name(label), lambda l=label: choose(l))
        if current is not None:
            action.setCheckable(True)
            action.setChecked(label == current)
    return menu


class ReviewFilters(QWidget):
    """"In at least N documents" and "Worth checking: …" (the suspicious entities, by reason)."""

    changed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.documents = QSpinBox()
        self.documents.setRange(1, MOST_DOCUMENTS)
        self.documents.setSpecialValueText("Any number of documents")
        self.documents.setPrefix("In at least ")
        self.documents.setSuffix(" documents")
        self.documents.setToolTip("Only entities named in at least this many documents")
        self.documents.setAccelerated(True)
        self.documents.valueChanged.connect(self._on_documents)
        self.checking = QComboBox()
        self.checking.addItem("All entities", None)
        self.checking.addItem("Worth checking (any reason)", ANY_REASON)
        for code, words in REASONS.items():
            self.checking.addItem(f"Worth checking: {words}", code)
        self.checking.setToolTip("Entities the machine may have got wrong: mixed types, one word in capitals,"
                                 " very long names, names found only once")
        self.checking.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.checking.setMinimumContentsLength(26)  # the list shows the reasons in full
        self.checking.currentIndexChanged.connect(lambda _i: self.changed.emit())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.documents)
        layout.addWidget(self.checking)

    def _on_documents(self, value: int) -> None:
        self.documents.setSuffix(" document" if value == 1 else " documents")
        self.changed.emit()

    def min_documents(self) -> int:
        return self.documents.value()

    def reason(self) -> str | None:
        """None: no review filter; ANY_REASON or a reason code of reader.suspicious."""
        return self.checking.currentData()

    def set_reason(self, reason: str | None) -> None:
        self.checking.setCurrentIndex(max(0, self.checking.findData(reason)))


class SelectionActions(QWidget):
    """What can be done to the selected rows at once; the same actions make the table's context menu."""

    merge_clicked = Signal()
    relabel_chosen = Signal(str)  # the type chosen for every selected entity
    ignore_clicked = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.summary = QLabel()
        self.summary.setObjectName("muted")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.merge_button = QPushButton("Merge selected…")
        self.merge_button.setToolTip("Make the selected entities one, keeping the name you choose")
        self.merge_button.clicked.connect(self.merge_clicked)
        self.type_button = QToolButton()
        self.type_button.setText("Change type")
        self.type_button.setToolTip("Give every selected entity the same type")
        self.type_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.type_button.setMenu(type_menu(self, self.relabel_chosen.emit))
        self.ignore_button = QPushButton("Not an entity")
        self.ignore_button.setToolTip("The selected names are no people, places or organisations: stop"
                                      " highlighting and listing them")
        self.ignore_button.clicked.connect(self.ignore_clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.summary, 1)
        for widget in (self.merge_button, self.type_button, self.ignore_button):
            layout.addWidget(widget)
        self.set_selected([])

    def set_selected(self, names: list[str]) -> None:
        count = len(names)
        self.summary.setText("Select rows (Shift or Ctrl + click) to merge, retype or drop several at once."
                             if not count else f"“{names[0]}” selected" if count == 1 else f"{count:,} selected")
        self.merge_button.setEnabled(count >= 2)
        self.type_button.setEnabled(count >= 1)
        self.ignore_button.setEnabled(count >= 1)
        self.ignore_button.setText("Not an entity" if count <= 1 else f"Not entities ({count:,})")

    def context_menu(self, parent: QWidget, names: list[str], show_entity) -> QMenu:
        """The menu for a right-click on selected rows."""
        menu = QMenu(parent)
        if len(names) == 1:
            menu.addAction(menu_text(f"Show “{names[0]}” across the library"), show_entity)
            menu.addSeparator()
        merge = menu.addAction(f"Merge {len(names)} entities…" if len(names) >= 2 else "Merge selected…",
                               self.merge_clicked.emit)
        merge.setEnabled(len(names) >= 2)
        types = type_menu(menu, self.relabel_chosen.emit)
        types.setTitle("Change type" if len(names) <= 1 else f"Change type of {len(names)} entities")
        menu.addMenu(types)
        menu.addAction("Not an entity" if len(names) <= 1 else f"Not entities ({len(names)})", self.ignore_clicked.emit)
        return menu
