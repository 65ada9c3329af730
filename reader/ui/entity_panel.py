"""The entity panel: entities in this article by type, and the selected entity's linked mentions."""
from __future__ import annotations

import html
from collections import Counter, defaultdict

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QLabel, QSplitter, QTreeView, QVBoxLayout, QWidget

from reader.models import Entity, MentionInContext
from reader.ui import theme
from reader.ui.rich_delegate import HTML_ROLE, RichTextDelegate

ENTITY_ROLE = Qt.ItemDataRole.UserRole + 1
MENTION_ROLE = Qt.ItemDataRole.UserRole + 2


def swatch(label: str, size: int = 12) -> QIcon:
    colours = theme.colours(label)
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(colours.accent)
    painter.setBrush(colours.background)
    painter.drawRoundedRect(1, 1, size - 2, size - 2, 3, 3)
    painter.end()
    return QIcon(pixmap)


def context_html(mention: MentionInContext) -> str:
    c = mention.context
    return (html.escape(c[: mention.context_start]) + "<b>" + html.escape(c[mention.context_start: mention.context_end])
            + "</b>" + html.escape(c[mention.context_end:]))


class EntityPanel(QWidget):
    entity_selected = Signal(int)
    mention_activated = Signal(object)  # MentionInContext

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.article_model = QStandardItemModel(self)
        self.article_view = QTreeView()
        self.article_view.setModel(self.article_model)
        self.article_view.setHeaderHidden(True)
        self.article_view.setUniformRowHeights(True)
        self.article_view.setFrameShape(QTreeView.Shape.NoFrame)
        self.article_view.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        self.article_view.clicked.connect(self._on_article_entity)
        self.article_view.activated.connect(self._on_article_entity)

        self.title = QLabel("Select an entity")
        self.title.setObjectName("entityTitle")
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.summary = QLabel("Click a highlighted name in the article, or one in the list above.")
        self.summary.setObjectName("muted")
        self.summary.setWordWrap(True)
        self.mentions_model = QStandardItemModel(self)
        self.mentions_view = QTreeView()
        self.mentions_view.setModel(self.mentions_model)
        self.mentions_view.setHeaderHidden(True)
        self.mentions_view.setWordWrap(True)
        self.mentions_view.setFrameShape(QTreeView.Shape.NoFrame)
        self.mentions_view.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        self.mentions_view.setItemDelegate(RichTextDelegate(self.mentions_view))
        self.mentions_view.setVerticalScrollMode(QTreeView.ScrollMode.ScrollPerPixel)
        self.mentions_view.clicked.connect(self._on_mention)
        self.mentions_view.activated.connect(self._on_mention)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel("In this article")
        heading.setObjectName("sectionHeading")
        top_layout.addWidget(heading)
        top_layout.addWidget(self.article_view)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 6, 0, 0)
        heading = QLabel("Linked mentions")
        heading.setObjectName("sectionHeading")
        bottom_layout.addWidget(heading)
        bottom_layout.addWidget(self.title)
        bottom_layout.addWidget(self.summary)
        bottom_layout.addWidget(self.mentions_view, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(top)
        self.splitter.addWidget(bottom)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 8, 4)
        layout.addWidget(self.splitter)
        self.entity_id: int | None = None

    # ---- in this article ---------------------------------------------------

    def set_article_entities(self, counts: Counter, entities: dict[int, Entity], hidden: set[str]) -> None:
        """counts: entity id -> mentions in this article."""
        self.article_model.clear()
        by_label: dict[str, list[tuple[Entity, int]]] = defaultdict(list)
        for entity_id, count in counts.items():
            entity = entities.get(entity_id)
            if entity:
                by_label[entity.label].append((entity, count))
        order = {label: i for i, label in enumerate(theme.label_order())}
        for label in sorted(by_label, key=lambda l: (l in hidden, order.get(l, 99))):
            members = sorted(by_label[label], key=lambda pair: (-pair[1], pair[0].name.casefold()))
            group = QStandardItem(swatch(label), f"{theme.label_name(label)}  ({len(members)})")
            group.setSelectable(False)
            if label in hidden:
                group.setToolTip("Highlights of this type are switched off in the legend")
                group.setForeground(self.palette().placeholderText())
            for entity, count in members:
                item = QStandardItem(f"{entity.name}  ·  {count}")
                item.setData(entity.id, ENTITY_ROLE)
                item.setToolTip(f"{entity.name}: {count} here; {entity.mentions} mentions in "
                                f"{entity.documents} document{'s' if entity.documents != 1 else ''}")
                group.appendRow(item)
            self.article_model.appendRow(group)
            if label not in hidden:
                self.article_view.expand(group.index())

    def select_in_article_list(self, entity_id: int | None) -> None:
        for row in range(self.article_model.rowCount()):
            group = self.article_model.item(row)
            for child in range(group.rowCount()):
                item = group.child(child)
                if item.data(ENTITY_ROLE) == entity_id:
                    self.article_view.setCurrentIndex(item.index())
                    self.article_view.scrollTo(item.index())
                    return
        self.article_view.clearSelection()

    def _on_article_entity(self, index: QModelIndex) -> None:
        entity_id = index.data(ENTITY_ROLE)
        if entity_id is not None:
            self.entity_selected.emit(entity_id)

    # ---- linked mentions ---------------------------------------------------

    def show_entity(self, entity: Entity | None, mentions: list[MentionInContext], current_document: int | None) -> None:
        self.entity_id = entity.id if entity else None
        self.mentions_model.clear()
        if entity is None:
            self.title.setText("Select an entity")
            self.summary.setText("Click a highlighted name in the article, or one in the list above.")
            return
        self.title.setText(entity.name)
        docs = "document" if entity.documents == 1 else "documents"
        self.summary.setText(f"{theme.label_name(entity.label)} · {entity.mentions} mentions in {entity.documents} {docs}")
        by_document: dict[int, list[MentionInContext]] = defaultdict(list)
        for mention in mentions:
            by_document[mention.mention.document_id].append(mention)
        order = sorted(by_document, key=lambda d: (d != current_document, -len(by_document[d]),
                                                   by_document[d][0].document_title.casefold()))
        for document_id in order:
            group = by_document[document_id]
            here = " (this article)" if document_id == current_document else ""
            parent = QStandardItem(f"{group[0].document_title}{here} — {len(group)}")
            parent.setToolTip(group[0].document_path)
            parent.setSelectable(False)
            font = parent.font()
            font.setWeight(font.Weight.DemiBold)
            parent.setFont(font)
            for mention in group:
                child = QStandardItem()
                child.setData(context_html(mention), HTML_ROLE)
                child.setData(mention, MENTION_ROLE)
                child.setToolTip(f"Open at this mention ({mention.document_title})")
                parent.appendRow(child)
            self.mentions_model.appendRow(parent)
        self.mentions_view.expandAll()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.mentions_view.doItemsLayout()  # wrapped contexts change height with the width

    def _on_mention(self, index: QModelIndex) -> None:
        mention = index.data(MENTION_ROLE)
        if mention is not None:
            self.mention_activated.emit(mention)
