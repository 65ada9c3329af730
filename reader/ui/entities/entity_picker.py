"""Dialogs for corrections: a searchable entity picker and the list of corrections."""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QLineEdit, QListView,
                               QPushButton, QVBoxLayout)

from reader.models import EntityRow
from reader.ui import theme
from reader.ui.runner import QUERY

ENTITY_ROLE = Qt.ItemDataRole.UserRole + 1
SHOWN = 200  # the best matches shown at a time (type more to narrow)
SEARCH_DELAY_MS = 150


def labels_named(word: str) -> list[str]:
    """The types whose plain name contains a typed word ("peo" -> PERSON, "place" -> GPE)."""
    from reader import labels

    word = word.casefold()
    return [label for label in labels.LABELS
            if word in labels.name(label).casefold() or word in labels.plural(label).casefold()]


def mentions_text(count: int) -> str:
    return f"{count:,} mention" + ("" if count == 1 else "s")


class EntityPicker(QDialog):
    """Pick one entity by typing part of its name. Nothing is chosen until the reader picks a row
    (Enter on an empty choice does nothing); only names are offered, not numbers or dates."""

    def __init__(self, runner, title: str, prompt: str, parent=None, exclude: set[int] = frozenset()) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(460, 480)
        self.runner = runner
        self.exclude = set(exclude)
        self.model = QStandardItemModel(self)
        self.search = QLineEdit(placeholderText="Type to search entities")
        self.search.setClearButtonEnabled(True)
        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS, timeout=self.query)
        self.search.textChanged.connect(lambda _: self._timer.start())
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.list.doubleClicked.connect(self.accept)
        self.list.activated.connect(self.accept)
        self.hint = QLabel("")
        self.hint.setObjectName("muted")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setDefault(False)
        self.ok_button.setAutoDefault(False)
        layout = QVBoxLayout(self)
        label = QLabel(prompt)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(label)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)
        self.list.selectionModel().currentChanged.connect(lambda *_: self._update_ok())
        self._generation = 0
        self._update_ok()
        self.query()

    def query(self) -> None:
        """Ask for the best matches of what is typed (names only, most mentioned first)."""
        from reader import labels

        self._timer.stop()
        self._generation += 1
        generation = self._generation
        words = [(w, labels_named(w)) for w in self.search.text().split()]
        names = list(labels.NAMED_LABELS)
        self.runner.run(lambda library, job: library.lists.entities("mentions", True, words, names, 0,
                                                                   SHOWN + len(self.exclude)),
                        QUERY, label="Finding entities", key=f"picker-{id(self)}",
                        on_done=lambda rows: self._show(generation, rows))

    def _show(self, generation: int, rows: list[EntityRow]) -> None:
        if generation != self._generation:
            return
        self.model.clear()
        for row in [r for r in rows if r.id not in self.exclude][:SHOWN]:
            item = QStandardItem(f"{row.name}  —  {theme.label_name(row.label)}, {mentions_text(row.mentions)}")
            item.setData(row.id, ENTITY_ROLE)
            self.model.appendRow(item)
        self.hint.setText("No entity has this name." if not self.model.rowCount() else
                          "Choose one with the arrow keys or the mouse.")
        self._update_ok()

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(self.list.currentIndex().isValid())

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.search.hasFocus() and self.model.rowCount():
            self.list.setFocus()
            self.list.setCurrentIndex(self.model.index(0, 0))
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.list.currentIndex().isValid():
                self.accept()
            return  # never the first entity of the list by accident
        super().keyPressEvent(event)

    def accept(self) -> None:
        if self.list.currentIndex().isValid():
            super().accept()

    def chosen_id(self) -> int | None:
        index = self.list.currentIndex()
        return index.data(ENTITY_ROLE) if index.isValid() else None


class CorrectionsDialog(QDialog):
    """Every correction, newest last; removing one re-links the library without it (in the background)."""

    def __init__(self, controller, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Corrections")
        self.resize(560, 420)
        self.controller = controller
        self.model = QStandardItemModel(self)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setSelectionMode(QListView.SelectionMode.ExtendedSelection)
        self.list.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
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
        for correction in self.controller.reading.library.corrections.list():
            if correction.id in self.removed:
                continue
            item = QStandardItem(f"{correction.description}    ({correction.created[:16].replace('T', ' ')})")
            item.setData(correction.id, ENTITY_ROLE)
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
                self.controller.remove(correction_id)
                self.removed.append(correction_id)
        self.refresh()
