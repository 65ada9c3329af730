"""Every note in the library: a searchable, filterable list; and importing notes (File → Export… exports them)."""
from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPalette, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (QComboBox, QDateEdit, QDialog, QFileDialog, QHBoxLayout, QLabel, QLineEdit, QListView,
                               QMessageBox, QPushButton, QVBoxLayout)

from reader.errors import ReaderError
from reader.models import Note
from reader.ui.notes.notes_panel import elided, plain_label, when
from reader.ui.common.export_files import export_folder
from reader.ui.common.rich_delegate import HTML_ROLE, RichTextDelegate
from reader.ui.common.safe_text import show_message

NOTE_ROLE = Qt.ItemDataRole.UserRole + 1
NO_DATE = QDate(2000, 1, 1)  # the minimum of the date filters, shown as "any"
STATUSES = (("All notes", None), ("Anchored", "anchored"), ("Needs review", "orphaned"))


class NotesBrowser(QDialog):
    """All notes, filtered by words, document, entity, status and date; activating one opens it."""

    note_activated = Signal(object)  # Note

    def __init__(self, controller, parent=None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.notes = controller.notes
        self.setWindowTitle("All notes")
        self.setObjectName("notesBrowser")
        self.resize(820, 560)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search notes and quoted passages")
        self.search.setClearButtonEnabled(True)
        self.document_combo = QComboBox()
        self.document_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.document_combo.setMinimumContentsLength(22)
        self.entity_combo = QComboBox()
        self.entity_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.entity_combo.setMinimumContentsLength(16)
        self.status_combo = QComboBox()
        for text, status in STATUSES:
            self.status_combo.addItem(text, status)
        self.since = self._date_edit("From any date")
        self.until = self._date_edit("To any date")
        self.model = QStandardItemModel(self)
        self.results = QListView()
        self.results.setModel(self.model)
        self.results.setWordWrap(True)
        self.results.setAlternatingRowColors(True)
        self.results.setUniformItemSizes(False)
        self.results.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.results.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.results.setItemDelegate(RichTextDelegate(self.results))
        self.results.activated.connect(self._on_result_activated)
        self.results.doubleClicked.connect(self._on_result_activated)
        self.count = plain_label(name="muted", wrap=False)
        open_button = QPushButton("Open")
        open_button.clicked.connect(lambda: self._on_result_activated(self.results.currentIndex()))
        self.attach_button = QPushButton("Attach to selection")
        self.attach_button.setToolTip("Attach the chosen note (one to review) to the passage selected in the article")
        self.attach_button.clicked.connect(self._on_attach_clicked)
        self.results.selectionModel().currentChanged.connect(lambda *_: self._update_attach())
        close_button = QPushButton("Close")
        close_button.clicked.connect(self.close)
        filters = QHBoxLayout()
        for label, widget in (("Document", self.document_combo), ("Entity", self.entity_combo),
                              ("Show", self.status_combo)):
            filters.addWidget(QLabel(label))
            filters.addWidget(widget, 1 if widget is not self.status_combo else 0)
        dates = QHBoxLayout()
        dates.addWidget(QLabel("Written"))
        dates.addWidget(self.since)
        dates.addWidget(QLabel("–"))
        dates.addWidget(self.until)
        dates.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count, 1)
        bottom.addWidget(self.attach_button)
        bottom.addWidget(open_button)
        bottom.addWidget(close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addLayout(filters)
        layout.addLayout(dates)
        layout.addWidget(self.results, 1)
        layout.addLayout(bottom)
        self._timer = QTimer(self, singleShot=True, interval=150, timeout=self.refresh)
        self.search.textChanged.connect(lambda _: self._timer.start())
        for combo in (self.document_combo, self.entity_combo, self.status_combo):
            combo.currentIndexChanged.connect(lambda _: self.refresh())
        for edit in (self.since, self.until):
            edit.dateChanged.connect(lambda _: self.refresh())
        self._filling = False

    def _date_edit(self, any_text: str) -> QDateEdit:
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("d MMM yyyy")
        edit.setMinimumDate(NO_DATE)
        edit.setSpecialValueText(any_text)  # shown while the date is the minimum: no bound
        edit.setDate(NO_DATE)
        return edit

    # ---- filters ---------------------------------------------------------------

    def set_filters(self, entity_id: int | None = None, status: str | None = None) -> None:
        """Fill the choices afresh and apply these filters (the others are cleared)."""
        self._filling = True
        self.document_combo.clear()
        self.document_combo.addItem("All documents", None)
        noted = sorted({n.document_id for n in self.notes.list() if n.document_id is not None})
        for document in self.controller.reading.library.lists.document_infos(noted):  # those with notes
            self.document_combo.addItem(elided(document.title, 70), document.id)
        self.entity_combo.clear()
        self.entity_combo.addItem("All entities", None)
        entities = {e.id: e for note in self.notes.list() for e in self.controller.entities_of(note)}
        if entity_id is not None and entity_id not in entities:
            entity = self.controller.reading.library.entity_by_id(entity_id)
            if entity is not None:
                entities[entity.id] = entity
        for entity in sorted(entities.values(), key=lambda e: e.name.casefold()):
            self.entity_combo.addItem(entity.name, entity.id)
        self.entity_combo.setCurrentIndex(max(0, self.entity_combo.findData(entity_id)))
        self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(status)))
        self._filling = False
        self.refresh()

    def filters(self) -> dict:
        since, until = self.since.date(), self.until.date()
        return {
            "query": self.search.text().strip() or None,
            "document_id": self.document_combo.currentData(),
            "entity_id": self.entity_combo.currentData(),
            "status": self.status_combo.currentData(),
            "since": since.toString("yyyy-MM-dd") if since != NO_DATE else None,
            "until": until.toString("yyyy-MM-dd") if until != NO_DATE else None,
        }

    # ---- results ---------------------------------------------------------------

    def refresh_soon(self) -> None:
        self._timer.start()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        if self._filling or not self.isVisible():
            return  # a hidden browser refreshes when it is shown again
        current = self.results.currentIndex().data(NOTE_ROLE)
        found = self.notes.list(**self.filters())
        self.model.clear()
        text, base = self.palette().color(QPalette.ColorRole.Text), self.palette().color(QPalette.ColorRole.Base)
        muted = QColor.fromRgbF(*(0.55 * a + 0.45 * b for a, b in zip(text.getRgbF()[:3], base.getRgbF()[:3]))).name()
        for note in found:
            item = QStandardItem()
            item.setData(note, NOTE_ROLE)
            item.setData(self._html(note, muted), HTML_ROLE)
            item.setToolTip("Open this note (Enter or double-click)")
            self.model.appendRow(item)
            if current is not None and note.id == current.id:
                self.results.setCurrentIndex(item.index())
        self._update_attach()
        total = len(self.notes.list())
        self.count.setText(f"{len(found)} of {total} notes" if len(found) != total else f"{total} notes")

    def _html(self, note: Note, muted: str) -> str:
        """A note as two lines of escaped HTML: its body, then where it is and when."""
        body = html.escape(elided(note.body, 220)) if note.body.strip() else "<i>(empty note)</i>"
        where = html.escape(self.controller.where(note))
        if note.kind == "passage":
            place = f"<i>“{html.escape(elided(note.quote or '', 90))}”</i> · {where}"
        elif note.kind == "entity":
            place = f"On {where}"
        else:
            place = f"On the article {where}"
        if note.status == "orphaned":
            place = "<b>Needs review</b> · " + place
        return (f"<div>{body}</div><div style='color:{muted}; font-size:small'>{place} · "
                f"{html.escape(when(note.updated))}</div>")

    def _update_attach(self) -> None:
        note = self.results.currentIndex().data(NOTE_ROLE)
        self.attach_button.setVisible(note is not None and note.status == "orphaned")

    def _on_attach_clicked(self) -> None:
        note = self.results.currentIndex().data(NOTE_ROLE)
        if note is not None:
            self.controller.attach_note(note.id)
            self.refresh()

    def shown_notes(self) -> list[Note]:
        return [self.model.item(row).data(NOTE_ROLE) for row in range(self.model.rowCount())]

    def _on_result_activated(self, index) -> None:
        note = index.data(NOTE_ROLE) if index.isValid() else None
        if note is not None:
            self.note_activated.emit(note)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.results.doItemsLayout()  # wrapped rows change height with the width


def import_report_box(report, path: str, parent=None) -> QMessageBox:
    """A message with what an import of notes did, and why anything was skipped."""
    box = QMessageBox(parent)
    box.setWindowTitle("Notes imported")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setIcon(QMessageBox.Icon.Information if not report.skipped else QMessageBox.Icon.Warning)
    box.setText(f"From {path}:\n{len(report.anchored)} anchored in their passage, "
                f"{len(report.orphaned)} kept for review (passage not found), {len(report.skipped)} skipped.")
    if report.orphaned:
        box.setInformativeText("Notes kept for review are listed under “Needs review” (Notes → Notes to review…).")
    if report.skipped:
        box.setDetailedText("\n".join(report.skipped))
    return box


def import_notes(controller) -> None:
    """Import notes from W3C Web Annotation JSON, then show what was anchored, kept or skipped."""
    reading, window = controller.reading, controller.parent_widget
    folder = str(export_folder(reading.settings))
    path, _ = QFileDialog.getOpenFileName(window, "Import notes", folder,
                                          "W3C Web Annotation JSON (*.json);;All files (*)")
    if not path:
        return
    try:
        report = controller.notes.import_json(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ReaderError) as error:
        show_message(window, QMessageBox.Icon.Warning, "Notes not imported", f"{path}: {error}")
        return
    controller.notes_changed.emit()
    box = import_report_box(report, path, window)
    controller.last_dialog = box
    box.open()
    reading.say(f"Imported notes: {report}.")
