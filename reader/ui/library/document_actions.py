"""A document's own state in the window: read once opened (unread again on request), and the title and date the
reader gives it, from the library list's context menu, the article's header and the Edit menu."""
from __future__ import annotations

from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QMenu, QMessageBox, QWidget

from reader.dates import written_day
from reader.models import DocumentInfo
from reader.ui.common.safe_text import show_message
from reader.ui.reading import Reading
from reader.ui.runner import WRITE


class DocumentDetailsDialog(QDialog):
    """The title and date of a document, as the reader wants them shown; nothing is accepted that is no day."""

    def __init__(self, title: str, published: str | None, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Title and date")
        self.resize(520, 0)
        self.title = QLineEdit(title)
        self.date = QLineEdit(published or "")
        self.date.setPlaceholderText("2024-03-31 or March 31, 2024; empty: no date")
        self.error = QLabel("")
        self.error.setObjectName("muted")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        note = QLabel("Shown in the library, the article and the timeline, and searched. "
                      "Importing the file again keeps them.")
        note.setObjectName("muted")
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Title", self.title)
        form.addRow("Date", self.date)
        form.addRow(note)
        form.addRow(self.error)
        form.addRow(buttons)

    def problem(self) -> str:
        if not self.title.text().strip():
            return "A document needs a title."
        if self.date.text().strip() and written_day(self.date.text()) is None:
            return f"“{self.date.text().strip()}” is not a day: write it as 2024-03-31 or March 31, 2024."
        return ""

    def accept(self) -> None:
        problem = self.problem()
        self.error.setText(problem)
        if not problem:
            super().accept()

    def values(self) -> tuple[str, str]:
        """The title, and the date as typed ("" for none)."""
        return self.title.text().strip(), self.date.text().strip()


class DocumentActions(QObject):
    """Opening a document reads it; the library list's menu and the Edit menu mark it unread or edit its details."""

    read_changed = Signal(int, bool)  # document id, read

    def __init__(self, reading: Reading, library_panel, article, parent: QWidget) -> None:
        super().__init__(parent)
        self.reading = reading
        self.parent_widget = parent
        self.library_panel = library_panel
        self.last_dialog: DocumentDetailsDialog | None = None
        self.marks_read = True  # opening a document marks it read (not in a screenshot, which only renders)
        reading.document_opened.connect(lambda document_id: self.marks_read and self.set_read(document_id, True))
        library_panel.context_requested.connect(self.show_menu)
        article.edit_requested.connect(lambda: self.edit(reading.current_document))
        self.edit_action = QAction("Title and date…", parent)
        self.edit_action.setToolTip("Give the open document a title and a date of your own")
        self.edit_action.triggered.connect(lambda: self.edit(reading.current_document))
        self.unread_action = QAction("Mark as unread", parent)
        self.unread_action.setToolTip("Show the open document as not read yet (until you open it again)")
        self.unread_action.triggered.connect(lambda: self.set_read(reading.current_document, False))

    def show_menu(self, document: DocumentInfo, position: QPoint) -> None:
        menu = self.menu_for(document)
        menu.exec(position)
        menu.deleteLater()

    def menu_for(self, document: DocumentInfo) -> QMenu:
        """The library list's menu for a document: read or unread, its title and date."""
        menu = QMenu(self.parent_widget)
        if document.read:
            menu.addAction("Mark as unread", lambda: self.set_read(document.id, False))
        else:
            menu.addAction("Mark as read", lambda: self.set_read(document.id, True))
        menu.addAction("Title and date…", lambda: self.edit(document.id))
        return menu

    def set_read(self, document_id: int | None, read: bool) -> None:
        """Mark a document read or unread (in the background); the list and the entity panel show it."""
        if document_id is None or self.reading.library.read_only:  # a read-only library keeps what it had
            return

        def done(changed: bool) -> None:
            if changed:
                self.library_panel.model.set_read(document_id, read)
                self.read_changed.emit(document_id, read)
                if not read:
                    self.reading.say("Marked as unread.")

        self.reading.runner.run(lambda library, job: library.mark_read(document_id, read), WRITE,
                                label="Marking read" if read else "Marking unread", on_done=done)

    def edit(self, document_id: int | None) -> None:
        """Ask for a document's title and date, then store them (the window shows them where it changed)."""
        if document_id is None:
            return
        document = self.reading.library.document(document_id)
        dialog = DocumentDetailsDialog(document.title, document.published, self.parent_widget)
        self.last_dialog = dialog
        if not dialog.exec():
            return
        title, published = dialog.values()
        if (title, published) == (document.title, document.published or ""):
            return

        def done(change) -> None:
            shown = f"“{title}”, " + (f"dated {written_day(published)}" if published else "no date")
            self.reading.say(f"Title and date saved: {shown}.")

        self.reading.runner.run(lambda library, job: library.set_document_details(document_id, title, published),
                                WRITE, label="Saving title and date", on_done=done,
                                on_failed=lambda message: show_message(self.parent_widget, QMessageBox.Icon.Warning,
                                                                       "Not saved", message))
