"""Dialogs for corrections: a searchable entity picker and the list of corrections."""
from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QLineEdit, QListView,
                               QPushButton, QVBoxLayout)

from reader.models import Entity
from reader.ui import theme

ENTITY_ROLE = Qt.ItemDataRole.UserRole + 1


class EntityPicker(QDialog):
    """Pick one entity by typing part of its name; Enter accepts the highlighted one."""

    def __init__(self, entities: list[Entity], title: str, prompt: str, parent=None, exclude: set[int] = frozenset()) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(420, 460)
        self.model = QStandardItemModel(self)
        for entity in sorted(entities, key=lambda e: (-e.mentions, e.name.casefold())):
            if entity.id in exclude:
                continue
            item = QStandardItem(f"{entity.name}  —  {theme.label_name(entity.label)}, {entity.mentions} mentions")
            item.setData(entity.id, ENTITY_ROLE)
            item.setEditable(False)
            self.model.appendRow(item)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search = QLineEdit(placeholderText="Type to search entities")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._on_search)
        self.search.returnPressed.connect(self.accept)
        self.list = QListView()
        self.list.setModel(self.proxy)
        self.list.doubleClicked.connect(self.accept)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        label = QLabel(prompt)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(label)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self._on_search("")

    def _on_search(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        if self.proxy.rowCount():
            self.list.setCurrentIndex(self.proxy.index(0, 0))

    def chosen_id(self) -> int | None:
        index = self.list.currentIndex()
        return index.data(ENTITY_ROLE) if index.isValid() else None


class CorrectionsDialog(QDialog):
    """Every correction, newest last; removing one re-links the library without it."""

    def __init__(self, corrections, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Corrections")
        self.resize(560, 420)
        self.corrections = corrections
        self.model = QStandardItemModel(self)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setSelectionMode(QListView.SelectionMode.ExtendedSelection)
        self.remove_button = QPushButton("Remove correction")
        self.remove_button.clicked.connect(self._remove_selected)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        note = QLabel("Corrections are re-applied after every import and analysis. "
                      "Removing one restores what the machine found.")
        note.setWordWrap(True)
        note.setObjectName("muted")
        buttons = QHBoxLayout()
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.removed: list[int] = []
        self.refresh()

    def refresh(self) -> None:
        self.model.clear()
        for correction in self.corrections.list():
            item = QStandardItem(f"{correction.description}    ({correction.created[:16].replace('T', ' ')})")
            item.setData(correction.id, ENTITY_ROLE)
            item.setEditable(False)
            self.model.appendRow(item)
        if not self.model.rowCount():
            item = QStandardItem("No corrections yet. Right-click an entity to merge, rename, retype or ignore it.")
            item.setEnabled(False)
            self.model.appendRow(item)
        self.remove_button.setEnabled(any(self.model.item(r).data(ENTITY_ROLE) for r in range(self.model.rowCount())))

    def _remove_selected(self) -> None:
        for index in self.list.selectionModel().selectedIndexes():
            correction_id = index.data(ENTITY_ROLE)
            if correction_id:
                self.corrections.remove(correction_id)
                self.removed.append(correction_id)
        self.refresh()
