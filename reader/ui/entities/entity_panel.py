"""The entity panel: entities in this article by type, and the selected entity's linked mentions."""
from __future__ import annotations

import html
from collections import Counter, defaultdict

from PySide6.QtCore import QMimeData, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QColor, QDrag, QIcon, QPainter, QPixmap, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSplitter, QTreeView, QVBoxLayout, QWidget

from reader.models import Entity, MentionInContext
from reader.ui import theme
from reader.ui.common.rich_delegate import HTML_ROLE, RichTextDelegate
from reader.ui.common.safe_text import tip

ENTITY_ROLE = Qt.ItemDataRole.UserRole + 1
MENTION_ROLE = Qt.ItemDataRole.UserRole + 2
ENTITY_MIME = "application/x-reader-entity"


class EntityTree(QTreeView):
    """A tree of entities: drag one onto another to merge them; right-click for corrections."""

    entity_dropped = Signal(int, int)  # source id, target id
    context_requested = Signal(int, QPoint)  # entity id, global position

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QTreeView.DragDropMode.DragDrop)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.DefaultContextMenu)

    def startDrag(self, actions) -> None:  # noqa: N802
        entity_id = self.currentIndex().data(ENTITY_ROLE)
        if entity_id is None:
            return
        mime = QMimeData()
        mime.setData(ENTITY_MIME, str(entity_id).encode())
        mime.setText(self.currentIndex().data().split("  ·  ")[0])
        drag = QDrag(self)
        drag.setMimeData(mime)
        drag.exec(Qt.DropAction.MoveAction)

    def _target(self, event) -> int | None:
        index = self.indexAt(event.position().toPoint())
        return index.data(ENTITY_ROLE) if index.isValid() else None

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasFormat(ENTITY_MIME):
            event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:  # noqa: N802
        source = int(bytes(event.mimeData().data(ENTITY_MIME)).decode() or 0)
        target = self._target(event)
        if target is not None and target != source:
            self.setCurrentIndex(self.indexAt(event.position().toPoint()))
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event) -> None:  # noqa: N802
        source = int(bytes(event.mimeData().data(ENTITY_MIME)).decode() or 0)
        target = self._target(event)
        if target is not None and target != source:
            event.acceptProposedAction()
            self.entity_dropped.emit(source, target)

    def contextMenuEvent(self, event) -> None:  # noqa: N802
        entity_id = self.indexAt(event.pos()).data(ENTITY_ROLE)
        if entity_id is not None:
            self.context_requested.emit(entity_id, event.globalPos())


class UnlinkedView(QTreeView):
    """Name matches waiting for review: A or Enter accepts, R or Delete rejects."""

    reviewed = Signal(int, str)  # mention id, "accepted" | "rejected"

    def keyPressEvent(self, event) -> None:  # noqa: N802
        mention = self.currentIndex().data(MENTION_ROLE)
        verdict = {Qt.Key.Key_A: "accepted", Qt.Key.Key_Return: "accepted", Qt.Key.Key_Enter: "accepted",
                   Qt.Key.Key_R: "rejected", Qt.Key.Key_Delete: "rejected",
                   Qt.Key.Key_Backspace: "rejected"}.get(Qt.Key(event.key()))
        if mention is not None and verdict:
            self.reviewed.emit(mention.mention.id, verdict)
            return
        super().keyPressEvent(event)


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
    mention_reviewed = Signal(int, str)  # name-match mention id, "accepted" | "rejected"

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.article_model = QStandardItemModel(self)
        self.article_view = EntityTree()
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
        self.unlinked_model = QStandardItemModel(self)
        self.unlinked_view = UnlinkedView()
        self.unlinked_view.setModel(self.unlinked_model)
        self.unlinked_view.setHeaderHidden(True)
        self.unlinked_view.setWordWrap(True)
        self.unlinked_view.setFrameShape(QTreeView.Shape.NoFrame)
        self.unlinked_view.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        self.unlinked_view.setItemDelegate(RichTextDelegate(self.unlinked_view))
        self.unlinked_view.setVerticalScrollMode(QTreeView.ScrollMode.ScrollPerPixel)
        self.unlinked_view.doubleClicked.connect(self._on_mention)
        self.unlinked_view.reviewed.connect(self.mention_reviewed)
        self.unlinked_heading = QLabel()
        self.unlinked_heading.setObjectName("sectionHeading")
        self.accept_button = QPushButton("Link")
        self.accept_button.setToolTip("This name is this entity: link it (A or Enter)")
        self.reject_button = QPushButton("Not this")
        self.reject_button.setToolTip("This name is something else here: reject it (R or Delete)")
        self.accept_button.clicked.connect(lambda: self._review_current("accepted"))
        self.reject_button.clicked.connect(lambda: self._review_current("rejected"))

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
        self.extra_area = QVBoxLayout()  # features add widgets about the selected entity here (notes)
        self.extra_area.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addLayout(self.extra_area)
        bottom_layout.addWidget(self.mentions_view, 1)
        self.unlinked = QWidget()
        unlinked_layout = QVBoxLayout(self.unlinked)
        unlinked_layout.setContentsMargins(0, 6, 0, 0)
        heading_row = QHBoxLayout()
        heading_row.addWidget(self.unlinked_heading, 1)
        heading_row.addWidget(self.accept_button)
        heading_row.addWidget(self.reject_button)
        unlinked_layout.addLayout(heading_row)
        unlinked_layout.addWidget(self.unlinked_view, 1)
        self.unlinked.hide()
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(top)
        self.splitter.addWidget(bottom)
        self.splitter.addWidget(self.unlinked)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 1)
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
                item.setToolTip(tip(f"{entity.name}: {count} here; {entity.mentions} mentions in "
                                    f"{entity.documents} document{'s' if entity.documents != 1 else ''}"))
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

    def show_entity(self, entity: Entity | None, mentions: list[MentionInContext], current_document: int | None,
                    unlinked: list[MentionInContext] = ()) -> None:
        self.entity_id = entity.id if entity else None
        self.mentions_model.clear()
        self._fill_groups(self.unlinked_model, self.unlinked_view, list(unlinked), current_document)
        self.unlinked.setVisible(bool(unlinked))
        self.unlinked_heading.setText(f"Unlinked mentions ({len(unlinked)})")
        if entity is None:
            self.title.setText("Select an entity")
            self.summary.setText("Click a highlighted name in the article, or one in the list above.")
            return
        self.title.setText(entity.name)
        docs = "document" if entity.documents == 1 else "documents"
        self.summary.setText(f"{theme.label_name(entity.label)} · {entity.mentions} mentions in {entity.documents} {docs}")
        self._fill_groups(self.mentions_model, self.mentions_view, mentions, current_document)

    def _fill_groups(self, model: QStandardItemModel, view: QTreeView, mentions: list[MentionInContext],
                     current_document: int | None) -> None:
        """Mentions grouped by document: the current one first, then the most mentioned."""
        model.clear()
        by_document: dict[int, list[MentionInContext]] = defaultdict(list)
        for mention in mentions:
            by_document[mention.mention.document_id].append(mention)
        order = sorted(by_document, key=lambda d: (d != current_document, -len(by_document[d]),
                                                   by_document[d][0].document_title.casefold()))
        for document_id in order:
            group = by_document[document_id]
            here = " (this article)" if document_id == current_document else ""
            parent = QStandardItem(f"{group[0].document_title}{here} — {len(group)}")
            parent.setToolTip(tip(group[0].document_path))
            parent.setSelectable(False)
            font = parent.font()
            font.setWeight(font.Weight.DemiBold)
            parent.setFont(font)
            for mention in group:
                child = QStandardItem()
                child.setData(context_html(mention), HTML_ROLE)
                child.setData(mention, MENTION_ROLE)
                child.setToolTip(tip(f"Open at this mention ({mention.document_title})"))
                parent.appendRow(child)
            model.appendRow(parent)
        view.expandAll()

    def _review_current(self, verdict: str) -> None:
        mention = self.unlinked_view.currentIndex().data(MENTION_ROLE)
        if mention is not None:
            self.mention_reviewed.emit(mention.mention.id, verdict)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.mentions_view.doItemsLayout()  # wrapped contexts change height with the width
        self.unlinked_view.doItemsLayout()

    def _on_mention(self, index: QModelIndex) -> None:
        mention = index.data(MENTION_ROLE)
        if mention is not None:
            self.mention_activated.emit(mention)
