"""The entity panel: entities in this article by type, and the selected entity's linked mentions."""
from __future__ import annotations

from collections import Counter, defaultdict

from PySide6.QtCore import QMimeData, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QColor, QDrag, QIcon, QPainter, QPixmap, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSplitter, QTreeView,
                               QVBoxLayout, QWidget)

from reader.models import Entity
from reader.ui import theme
from reader.ui.common.safe_text import tip
from reader.ui.common.section import Section
from reader.ui.entities.mention_delegate import MentionDelegate
from reader.ui.entities.mentions_model import MENTION_ROLE, MentionsModel
from reader.ui.runner import QUERY

ENTITY_ROLE = Qt.ItemDataRole.UserRole + 1
ENTITY_MIME = "application/x-reader-entity"
OPEN_GROUPS = 3  # documents shown open at first (the open article's, then the next ones); the rest folded
FILTER_DELAY_MS = 200
SECTION_ROOM = 120  # pixels a part of the panel gets when it appears (taken from the largest part)
LINKED_SHARE = 0.55  # of the panel's height, that the linked mentions keep when the panel gets shorter
PART_FLOOR = 50  # pixels another part keeps then (its heading and a row or two)
FIRST_SIZES = [170, 520, 60, 120]  # in this article, linked mentions, notes, unlinked: until the reader resizes


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


class MentionsView(QTreeView):
    """An entity's mentions by document, documents loaded and opened as needed. Every row is as tall (uniform
    row heights): laying out ten thousand documents asks no row its size."""

    def __init__(self, model: MentionsModel, parent=None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setHeaderHidden(True)
        self.setFrameShape(QTreeView.Shape.NoFrame)
        self.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        self.setItemDelegate(MentionDelegate(self))
        self.setUniformRowHeights(True)
        self.setVerticalScrollMode(QTreeView.ScrollMode.ScrollPerPixel)
        self.setAnimated(False)
        self.setIndentation(12)
        self.expanded.connect(self._on_expanded)
        model.groups_arrived.connect(self._on_groups_arrived)
        model.more_wanted = self._at_end

    def _at_end(self) -> bool:
        """The reader has scrolled to the last screenful of what is listed (more documents are wanted)."""
        bar = self.verticalScrollBar()
        return bar.maximum() > 0 and bar.value() >= bar.maximum() - self.viewport().height()

    def _on_expanded(self, index: QModelIndex) -> None:
        if self.model().canFetchMore(index):
            self.model().fetchMore(index)

    def _on_groups_arrived(self, first: int, last: int) -> None:
        """The open article's document and the first few others start open; the rest show their count."""
        model = self.model()
        for row in range(first, min(last + 1, OPEN_GROUPS)):
            self.expand(model.index(row, 0))
        if first == 0 and model.rowCount() and not self.currentIndex().isValid():
            self.scrollToTop()


class UnlinkedView(MentionsView):
    """Name matches waiting for review: A or Enter accepts, R or Delete rejects; the next one is selected."""

    reviewed = Signal(int, str)  # mention id, "accepted" | "rejected"

    def keyPressEvent(self, event) -> None:  # noqa: N802
        mention = self.currentIndex().data(MENTION_ROLE)
        verdict = {Qt.Key.Key_A: "accepted", Qt.Key.Key_Return: "accepted", Qt.Key.Key_Enter: "accepted",
                   Qt.Key.Key_R: "rejected", Qt.Key.Key_Delete: "rejected",
                   Qt.Key.Key_Backspace: "rejected"}.get(Qt.Key(event.key()))
        if mention is not None and verdict:
            self.review_current(verdict)
            return
        super().keyPressEvent(event)

    def review_current(self, verdict: str) -> None:
        """Give the current name match a verdict, take it out of the list and move to the next one."""
        index = self.currentIndex()
        mention = index.data(MENTION_ROLE)
        if mention is None:
            return
        model: MentionsModel = self.model()
        group_row, row = index.parent().row(), index.row()
        model.take(index)
        self.reviewed.emit(mention.mention.id, verdict)
        self._select_near(group_row, row)

    def _select_near(self, group_row: int, row: int) -> None:
        model: MentionsModel = self.model()
        for group in range(max(0, group_row), model.rowCount()):
            parent = model.index(group, 0)
            self.expand(parent)
            start = row if group == group_row else 0
            if len(model.groups[group].mentions) > start:
                self.setCurrentIndex(model.index(start, 0, parent))
                return
            if model.canFetchMore(parent):
                model.fetchMore(parent)
                return
        if model.groups and group_row > 0:  # the last one was reviewed: the one before it
            loaded = len(model.groups[-1].mentions)
            if loaded:
                self.setCurrentIndex(model.index(loaded - 1, 0, model.index(model.rowCount() - 1, 0)))


class PanelSplitter(QSplitter):
    """The entity panel's parts, one above the other. Whatever the panel's height (a dock opens below, a part
    appears), the linked mentions keep at least LINKED_SHARE of it: the other parts give up their room first.
    The reader's own dragging of a handle is left as it is."""

    def __init__(self) -> None:
        super().__init__(Qt.Orientation.Vertical)
        self.priority = 1  # the part that keeps its room: the linked mentions

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.rebalance()

    def rebalance(self) -> None:
        sizes = self.sizes()
        wanted = int(sum(sizes) * LINKED_SHARE) - sizes[self.priority]
        if wanted <= 0 or not self.widget(self.priority).isVisible():
            return
        for index in sorted(range(len(sizes)), key=lambda i: -sizes[i]):  # the largest others give first
            part = self.widget(index)
            if index == self.priority or not part.isVisible() or wanted <= 0:
                continue
            spare = max(0, sizes[index] - max(part.minimumSizeHint().height(), PART_FLOOR))
            given = min(spare, wanted)
            sizes[index] -= given
            sizes[self.priority] += given
            wanted -= given
        self.setSizes(sizes)


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


class EntityPanel(QWidget):
    """In this article (entities by type), the selected entity's linked mentions, its notes, and the
    names that may be it, waiting for review. Each part folds; the splitter between them is remembered."""

    entity_selected = Signal(int)
    mention_activated = Signal(object)  # MentionInContext
    mention_shown = Signal(object)  # MentionInContext: an unlinked mention to show in the article
    mention_reviewed = Signal(int, str)  # name-match mention id, "accepted" | "rejected"

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.entity_id: int | None = None
        self.count_stories = False  # the summary counts each story once (near-duplicates as one)
        self.entity: Entity | None = None
        self.read: tuple[int, int] | None = None  # (entity id, how many of its documents the reader opened)
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
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.mentions_model = MentionsModel("linked", self)
        self.mentions_view = MentionsView(self.mentions_model)
        self.mentions_view.clicked.connect(self._on_mention)
        self.mentions_view.activated.connect(self._on_mention)
        self.filter_box = QLineEdit(placeholderText="Filter")
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.setToolTip("Show only documents whose title, path or date contains these words")
        self.filter_box.setMinimumWidth(self.filter_box.fontMetrics().horizontalAdvance("Filter") + 44)  # the word
        # and the clear button stay whole in a narrow panel; the heading's title is elided instead
        self.order_box = QComboBox()
        self.order_box.addItem("Most mentions", "document")
        self.order_box.addItem("Newest", "date")
        self.order_box.setToolTip("Order the documents (the open article always comes first)")
        from PySide6.QtCore import QTimer

        self._filter_timer = QTimer(self, singleShot=True, interval=FILTER_DELAY_MS, timeout=self._reload_mentions)
        self.filter_box.textChanged.connect(lambda _: self._filter_timer.start())
        self.order_box.currentIndexChanged.connect(lambda _: self._reload_mentions())
        self.mentions_model.loaded.connect(self._on_mentions_loaded)

        self.unlinked_model = MentionsModel("unlinked", self)
        self.unlinked_view = UnlinkedView(self.unlinked_model)
        self.unlinked_view.clicked.connect(self._on_unlinked_clicked)
        self.unlinked_view.doubleClicked.connect(self._on_mention)
        self.unlinked_view.reviewed.connect(self.mention_reviewed)
        self.unlinked_model.loaded.connect(self._on_unlinked_loaded)
        self.accept_button = QPushButton("Link")
        self.accept_button.setToolTip("This name is this entity: link it (A or Enter)")
        self.reject_button = QPushButton("Not this")
        self.reject_button.setToolTip("This name is something else here: reject it (R or Delete)")
        self.accept_button.clicked.connect(lambda: self.unlinked_view.review_current("accepted"))
        self.reject_button.clicked.connect(lambda: self.unlinked_view.review_current("rejected"))

        self.article_section = Section("In this article", self.article_view)
        linked = QWidget()
        linked_layout = QVBoxLayout(linked)
        linked_layout.setContentsMargins(0, 0, 0, 0)
        linked_layout.setSpacing(4)
        linked_layout.addWidget(self.title)
        linked_layout.addWidget(self.summary)
        linked_layout.addWidget(self.mentions_view, 1)
        self.linked_section = Section("Linked mentions", linked)
        self.linked_section.add_to_heading(self.filter_box, 1)  # on the heading's line: the list gets the room
        self.linked_section.add_to_heading(self.order_box)
        self.linked_section.toggled.connect(self.filter_box.setVisible)
        self.linked_section.toggled.connect(self.order_box.setVisible)
        notes = QWidget()
        self.extra_area = QVBoxLayout(notes)  # features add widgets about the selected entity here (notes)
        self.extra_area.setContentsMargins(0, 0, 0, 0)
        self.notes_section = Section("Notes", notes, fit_content=True)  # no room taken beyond its notes
        review = QWidget()  # the names to review, and the verdicts for the current one under them
        review_layout = QVBoxLayout(review)
        review_layout.setContentsMargins(0, 0, 0, 0)
        review_layout.setSpacing(4)
        review_layout.addWidget(self.unlinked_view, 1)
        verdicts = QHBoxLayout()
        verdicts.addStretch(1)
        verdicts.addWidget(self.accept_button)
        verdicts.addWidget(self.reject_button)
        review_layout.addLayout(verdicts)
        self.unlinked = Section("Unlinked mentions", review)
        self.unlinked.hide()
        self.notes_section.hide()
        for view in (self.article_view, self.unlinked_view):  # they can shrink to a row or two for the mentions
            view.setMinimumHeight(view.fontMetrics().lineSpacing() + 14)
        self.splitter = PanelSplitter()
        for section, stretch in ((self.article_section, 2), (self.linked_section, 6), (self.notes_section, 1),
                                 (self.unlinked, 2)):
            self.splitter.addWidget(section)
            self.splitter.setStretchFactor(self.splitter.indexOf(section), stretch)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 8, 4)
        layout.addWidget(self.splitter)

    def _show_section(self, section: Section, visible: bool) -> None:
        """Show or hide a part; one that appears gets room to be read (from the largest part)."""
        if section.isVisible() == visible and (not visible or self.splitter.sizes()[self.splitter.indexOf(section)]):
            return
        section.setVisible(visible)
        if not visible:
            return
        sizes = self.splitter.sizes()
        index = self.splitter.indexOf(section)
        wanted = min(SECTION_ROOM, max(0, sum(sizes) // 4)) if section.is_open() else sizes[index]
        if sizes[index] < wanted:
            largest = max(range(len(sizes)), key=lambda i: sizes[i] if i != index else -1)
            give = min(wanted - sizes[index], max(0, sizes[largest] - SECTION_ROOM))
            sizes[largest] -= give
            sizes[index] += give
            self.splitter.setSizes(sizes)
        self.splitter.rebalance()

    def set_runner(self, runner) -> None:
        self.mentions_model.runner = runner
        self.unlinked_model.runner = runner

    def remember(self, settings) -> None:
        """Restore the parts' sizes and which are folded, and remember them from now on."""
        state = settings.value("entity_splitter")
        if state is None or not self.splitter.restoreState(state):
            self.splitter.setSizes(FIRST_SIZES)  # the linked mentions get most of the room
        for key, section in (("article", self.article_section), ("linked", self.linked_section),
                             ("notes", self.notes_section), ("unlinked", self.unlinked)):
            section.set_open(settings.value(f"entity_panel/{key}_open", "true") in (True, "true"))
            section.toggled.connect(lambda unfolded, k=key: settings.setValue(f"entity_panel/{k}_open", unfolded))

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
            names = "name" if len(members) == 1 else "names"
            group = QStandardItem(swatch(label), f"{theme.label_name(label)}  ·  {len(members)} {names}")
            group.setSelectable(False)
            group.setToolTip(theme.label_description(label))
            if label in hidden:
                group.setToolTip(f"{theme.label_description(label)}\nHighlights of this type are switched off"
                                 " in the legend")
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
        total = sum(len(members) for members in by_label.values())
        self.article_section.set_title(f"In this article · {total} names" if total else "In this article")

    def select_in_article_list(self, entity_id: int | None) -> None:
        for row in range(self.article_model.rowCount()):
            group = self.article_model.item(row)
            for child in range(group.rowCount()):
                item = group.child(child)
                if item.data(ENTITY_ROLE) == entity_id:
                    self.article_view.setCurrentIndex(item.index())
                    self.article_view.scrollTo(item.index(), QTreeView.ScrollHint.PositionAtCenter)
                    return
        self.article_view.clearSelection()

    def _on_article_entity(self, index: QModelIndex) -> None:
        entity_id = index.data(ENTITY_ROLE)
        if entity_id is not None:
            self.entity_selected.emit(entity_id)

    # ---- linked mentions ---------------------------------------------------

    def show_entity(self, entity: Entity | None, current_document: int | None) -> None:
        """Show an entity's mentions (they load in the background, the open article's first)."""
        changed = (entity.id if entity else None) != self.entity_id
        self.entity_id = entity.id if entity else None
        if changed:
            self.filter_box.blockSignals(True)
            self.filter_box.clear()
            self.filter_box.blockSignals(False)
        self.show_summary(entity)
        self._show_section(self.notes_section, entity is not None)
        self.mentions_model.show(self.entity_id, current_document, self.order_box.currentData(), self._words())
        self.unlinked_model.show(self.entity_id, current_document)
        if changed:
            self.refresh_read_count()

    def show_summary(self, entity: Entity | None) -> None:
        self.entity = entity
        if entity is None:
            self.title.setText("Select an entity")
            self.summary.setText("Click a highlighted name in the article, or one in the list above.")
            return
        self.title.setText(entity.name)
        if self.count_stories:  # the counts by story come from the library (show_story_counts)
            self.summary.setText(f"{theme.label_name(entity.label)} · counting each story once…")
            return
        docs = "document" if entity.documents == 1 else "documents"
        times = "mention" if entity.mentions == 1 else "mentions"
        text = f"{theme.label_name(entity.label)} · {entity.mentions:,} {times} in {entity.documents:,} {docs}"
        if self.read is not None and self.read[0] == entity.id:
            read = min(self.read[1], entity.documents)
            text += (" (none read yet)" if not read else " (read)" if entity.documents == 1
                     else " (all read)" if read == entity.documents else f" ({read:,} read)")
        self.summary.setText(text)

    def refresh_read_count(self) -> None:
        """Count, in the background, how many of the documents that mention the entity the reader has opened."""
        entity_id, runner = self.entity_id, self.mentions_model.runner
        if entity_id is None or runner is None:
            return
        runner.run(lambda library, job: library.lists.read_group_total(entity_id), QUERY,
                   label="Counting what you have read", key=f"read-{id(self)}",
                   on_done=lambda count: self._on_read_count(entity_id, count))

    def _on_read_count(self, entity_id: int, count: int) -> None:
        if entity_id == self.entity_id:
            self.read = (entity_id, count)
            self.show_summary(self.entity)

    def show_story_counts(self, entity: Entity, by_story: Entity) -> None:
        """The selected entity's counts with each story once (`by_story`), beside its documents."""
        if entity.id != self.entity_id or not self.count_stories:
            return
        stories = "story" if by_story.documents == 1 else "stories"
        times = "mention" if by_story.mentions == 1 else "mentions"
        text = f"{theme.label_name(entity.label)} · {by_story.mentions:,} {times} in {by_story.documents:,} {stories}"
        if entity.documents != by_story.documents:
            text += f" ({entity.documents:,} documents)"
        self.summary.setText(text)

    def refresh_entity(self, entity: Entity, keep_unlinked: bool = False) -> None:
        """The entity changed (a correction, an import): its summary and mentions afresh; after a review
        the list of names to review stays as it is (the reviewed one is already gone from it)."""
        self.show_summary(entity)
        self.mentions_model.refresh()
        if not keep_unlinked:
            self.unlinked_model.refresh()
        self.refresh_read_count()

    def _words(self) -> list[str]:
        return self.filter_box.text().split()

    def _reload_mentions(self) -> None:
        self._filter_timer.stop()
        self.mentions_model.show(self.entity_id, self.mentions_model.current_document,
                                 self.order_box.currentData(), self._words())

    def _on_mentions_loaded(self) -> None:
        model = self.mentions_model
        if self.entity_id is not None and self._words():
            self.linked_section.set_title(f"Linked mentions · {model.total:,} documents match")
        else:
            self.linked_section.set_title("Linked mentions")

    def _on_unlinked_loaded(self) -> None:
        count = self.unlinked_model.total
        self._show_section(self.unlinked, self.entity_id is not None and count > 0)
        self.unlinked.set_title(f"Unlinked mentions · {count} document{'s' if count != 1 else ''}")

    def _on_mention(self, index: QModelIndex) -> None:
        mention = index.data(MENTION_ROLE)
        if mention is not None:
            self.mention_activated.emit(mention)

    def _on_unlinked_clicked(self, index: QModelIndex) -> None:
        mention = index.data(MENTION_ROLE)
        if mention is not None:
            self.mention_shown.emit(mention)
