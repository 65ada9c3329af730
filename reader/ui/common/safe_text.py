"""Putting document and note text into Qt safely: tooltips, message boxes and menu texts.

Qt guesses whether a tooltip or label is rich text from its first line, so a title such as
`Why <b>Putin</b> spoke` would be read as markup. Everything here is shown exactly as typed.
"""
from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def tip(text: str) -> str:
    """A tooltip showing `text` literally (escaped, inside an explicit rich-text envelope)."""
    return "<qt>" + html.escape(text).replace("\n", "<br>") + "</qt>"


def menu_text(text: str) -> str:
    """Text for a button, action or menu: '&' is a shortcut marker there, so double it."""
    return text.replace("&", "&&")


def show_message(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
    """A modal message box whose text is plain, never markup."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if parent is not None and hasattr(parent, "last_dialog"):
        parent.last_dialog = box
    box.exec()
    return box
