"""Under the article's title: where it came from (sender, outlet, byline, link as text) and its story's other sources."""
from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QSizePolicy, QToolButton, QWidget

from reader.models import NearDuplicate
from reader.ui.common.safe_text import menu_text, tip


def _text(meta: Mapping[str, object], key: str) -> str:
    value = meta.get(key)
    return " ".join(value.split()) if isinstance(value, str) else ""


def meta_facts(meta: Mapping[str, object]) -> list[str]:
    """What a document's file said about where it came from, in words: "From …", "Source …", "By …"."""
    facts = []
    if sender := _text(meta, "from"):
        facts.append(f"From {sender}")
    if source := _text(meta, "source") or _text(meta, "publisher"):
        facts.append(f"Source {source}")
    if book := _text(meta, "book"):
        facts.append(f"In {book}")
    if byline := _text(meta, "byline") or _text(meta, "author"):
        facts.append(byline if byline.lower().startswith("by ") else f"By {byline}")
    return facts


def link_of(meta: Mapping[str, object]) -> str:
    return _text(meta, "link")


def also_in_text(count: int) -> str:
    """"also in 3 other sources": how many other documents tell the same story."""
    return f"also in {count:,} other source{'s' if count != 1 else ''}"


class ElidedLabel(QLabel):
    """A one-line plain-text label that ends in "…" when it is too narrow (the whole text in its tooltip)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setTextFormat(Qt.TextFormat.PlainText)  # a link or a name is text, never markup or a hyperlink
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def setText(self, text: str) -> None:  # noqa: N802
        self._full = text
        self._elide()

    def text(self) -> str:
        return self._full

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        super().setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, max(0, self.width())))


class SourcesLine(QWidget):
    """A quiet line: the file's sender, outlet, byline and link (as text: never loaded, copied on request),
    and a menu of the same story's other documents (near-duplicates), each of which opens."""

    open_requested = Signal(int)  # a near-duplicate's document id

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.document_id: int | None = None
        self.link = ""
        self.facts = ElidedLabel()
        self.facts.setObjectName("muted")
        self.copy_link = QToolButton()
        self.copy_link.setText("Copy link")
        self.copy_link.setAutoRaise(True)
        self.copy_link.setToolTip("Copy the article's link (Reader never opens it)")
        self.copy_link.clicked.connect(self.copy)
        self.others_menu = QMenu(self)
        self.others = QToolButton()
        self.others.setObjectName("alsoIn")
        self.others.setAutoRaise(True)
        self.others.setMenu(self.others_menu)
        self.others.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.others.setToolTip("The same story in other documents (near-duplicates): open one")
        self.near_duplicates: list[NearDuplicate] = []
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.others)
        layout.addWidget(self.facts, 1)
        layout.addWidget(self.copy_link)
        self.show_document(None, {})

    def show_document(self, document_id: int | None, meta: Mapping[str, object]) -> None:
        """A document's facts at once; its other sources follow (show_near_duplicates)."""
        self.document_id = document_id
        self.link = link_of(meta)
        facts = meta_facts(meta) + ([f"Link {self.link}"] if self.link else [])
        self.facts.setText("  ·  ".join(facts))
        self.facts.setToolTip(tip("\n".join(facts)) if facts else "")
        self.copy_link.setVisible(bool(self.link))
        self.show_near_duplicates(document_id, [])

    def show_near_duplicates(self, document_id: int | None, found: list[NearDuplicate]) -> None:
        if document_id != self.document_id:
            return  # another document was opened meanwhile
        self.near_duplicates = list(found)
        self.others_menu.clear()
        for other in found:
            details = " · ".join(p for p in (other.source, other.published, f"{other.similarity:.0%} alike") if p)
            action = self.others_menu.addAction(menu_text(f"{other.title} — {details}"))
            action.setToolTip(other.path)
            action.triggered.connect(lambda checked=False, i=other.id: self.open_requested.emit(i))
        self.others.setText(menu_text(also_in_text(len(found)).capitalize()))
        self.others.setVisible(bool(found))
        self.setVisible(bool(found) or bool(self.facts.text()))

    def copy(self) -> None:
        if self.link:
            QGuiApplication.clipboard().setText(self.link)
