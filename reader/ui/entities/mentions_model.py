"""An entity's mentions grouped by document, loaded a page at a time through the runner as they are shown."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from reader.models import MentionGroup, MentionInContext
from reader.ui.common.safe_text import tip
from reader.ui.runner import QUERY

MENTION_ROLE = Qt.ItemDataRole.UserRole + 2
GROUP_ROLE = Qt.ItemDataRole.UserRole + 3
CURRENT_ROLE = Qt.ItemDataRole.UserRole + 4  # True on the group of the open document
GROUP_PAGE = 200  # documents fetched at a time (an entity can be in every document of the library)
MENTION_PAGE = 200  # mentions of one document fetched at a time


@dataclass
class _Group:
    info: MentionGroup
    mentions: list[MentionInContext] = field(default_factory=list)
    loading: bool = False

    @property
    def complete(self) -> bool:
        return len(self.mentions) >= self.info.mentions


class MentionsModel(QAbstractItemModel):
    """Documents (top level) and, under each, the entity's mentions there with their sentence.

    Nothing is queried on the GUI thread: `show` asks the runner for the first page of documents;
    the view's scrolling fetches more documents, and expanding a document fetches its mentions.
    """

    groups_arrived = Signal(int, int)  # first and last new top-level rows
    loaded = Signal()  # the first page of the current entity arrived (or it has no mentions)

    def __init__(self, status: str = "linked", parent=None) -> None:
        super().__init__(parent)
        self.status = status
        self.runner = None
        self.entity_id: int | None = None
        self.current_document: int | None = None
        self.order = "document"
        self.words: list[str] = []
        self.total = 0  # documents the filter keeps
        self.groups: list[_Group] = []
        self._generation = 0
        self._fetching = False
        self.ready = True  # the first page for the current settings has arrived
        # Whether the reader has come to the end of the documents listed (the view says): a tree view asks
        # to fetch more on every layout, which would otherwise list every document one page after another.
        self.more_wanted: Callable[[], bool] = lambda: True

    # ---- what is shown -------------------------------------------------------------------------

    def show(self, entity_id: int | None, current_document: int | None = None, order: str | None = None,
             words: list[str] | None = None) -> None:
        """Show an entity's mentions (None: nothing), the current document's first."""
        self.entity_id, self.current_document = entity_id, current_document
        if order is not None:
            self.order = order
        if words is not None:
            self.words = words
        self._generation += 1
        self.beginResetModel()
        self.groups, self.total, self._fetching = [], 0, False
        self.endResetModel()
        if entity_id is None or self.runner is None:
            self.ready = True
            self.loaded.emit()
            return
        self.ready = False
        generation, status, order, words = self._generation, self.status, self.order, list(self.words)
        count, groups = self.count_groups, self.list_groups

        def first_page(library, job):
            total = count(library, entity_id, status, words)
            return total, groups(library, entity_id, status, order, current_document, words, 0, GROUP_PAGE)

        self._fetching = True
        self.runner.run(first_page, QUERY, label="Listing mentions", key=f"groups-{id(self)}",
                        on_done=lambda result: self._on_groups(generation, *result))

    def refresh(self) -> None:
        """Show the same entity afresh (after a change touched it)."""
        self.show(self.entity_id, self.current_document)

    def set_current(self, document_id: int | None) -> None:
        """Another article is open: mark its group (the list itself stays where it is)."""
        if document_id != self.current_document:
            self.current_document = document_id
            if self.groups:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self.groups) - 1, 0))

    def _on_groups(self, generation: int, total: int | None, groups: list[MentionGroup]) -> None:
        if generation != self._generation:
            return
        self._fetching = False
        if total is not None:
            self.total = total
        if groups:
            first = len(self.groups)
            self.beginInsertRows(QModelIndex(), first, first + len(groups) - 1)
            self.groups += [_Group(g) for g in groups]
            self.endInsertRows()
            self.groups_arrived.emit(first, first + len(groups) - 1)
        if not self.ready:
            self.ready = True
            self.loaded.emit()

    def mention_count(self) -> int:
        return sum(g.info.mentions for g in self.groups)

    # ---- the queries (run on the runner's lane; a model of other mentions overrides them) ----------

    @staticmethod
    def count_groups(library, entity_id: int, status: str, words: list[str]) -> int:
        return library.lists.mention_group_total(entity_id, status, words)

    @staticmethod
    def list_groups(library, entity_id: int, status: str, order: str, current: int | None, words: list[str],
                    offset: int, limit: int) -> list[MentionGroup]:
        return library.lists.mention_groups(entity_id, status, order, current, words, offset, limit)

    @staticmethod
    def list_mentions(library, entity_id: int, document_id: int, status: str, offset: int,
                      limit: int) -> list[MentionInContext]:
        return library.lists.group_mentions(entity_id, document_id, status, offset, limit)

    # ---- fetching more ---------------------------------------------------------------------------

    def has_more(self) -> bool:
        """Documents the filter keeps that are not listed yet."""
        return self.entity_id is not None and len(self.groups) < self.total

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: N802
        if not parent.isValid():
            return self.has_more() and not self._fetching and self.more_wanted()
        group = self._group_of(parent)
        return group is not None and parent.internalId() == 0 and not group.loading and not group.complete

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: N802
        if not self.canFetchMore(parent) or self.runner is None:
            return
        generation, entity_id, status = self._generation, self.entity_id, self.status
        if not parent.isValid():
            self._fetching = True
            offset, order, current, words = len(self.groups), self.order, self.current_document, list(self.words)
            groups = self.list_groups
            self.runner.run(lambda library, job: (None, groups(
                library, entity_id, status, order, current, words, offset, GROUP_PAGE)), QUERY,
                label="Listing mentions", on_done=lambda result: self._on_groups(generation, *result))
            return
        row = parent.row()
        group = self.groups[row]
        group.loading = True
        document_id, offset, mentions = group.info.document_id, len(group.mentions), self.list_mentions
        self.runner.run(lambda library, job: mentions(
            library, entity_id, document_id, status, offset, MENTION_PAGE), QUERY, label="Listing mentions",
            on_done=lambda mentions: self._on_mentions(generation, row, document_id, mentions))

    def _on_mentions(self, generation: int, row: int, document_id: int, mentions: list[MentionInContext]) -> None:
        if generation != self._generation or row >= len(self.groups):
            return
        group = self.groups[row]
        if group.info.document_id != document_id:
            return
        group.loading = False
        if not mentions:
            group.info = replace(group.info, mentions=len(group.mentions))  # fewer than counted: show what is
            return
        parent = self.index(row, 0)
        first = len(group.mentions)
        self.beginInsertRows(parent, first, first + len(mentions) - 1)
        group.mentions += mentions
        self.endInsertRows()
        if not group.complete:
            self.fetchMore(parent)  # a document with very many mentions: the rest, page by page

    def take(self, index: QModelIndex) -> MentionInContext | None:
        """Remove one mention row (a reviewed name match) and, if it was the last, its document."""
        if not index.isValid() or index.internalId() == 0:
            return None
        row, parent_row = index.row(), index.internalId() - 1
        group = self.groups[parent_row]
        self.beginRemoveRows(self.index(parent_row, 0), row, row)
        mention = group.mentions.pop(row)
        group.info = replace(group.info, mentions=group.info.mentions - 1)
        self.endRemoveRows()
        if group.info.mentions <= 0:
            self.beginRemoveRows(QModelIndex(), parent_row, parent_row)
            self.groups.pop(parent_row)
            self.total -= 1
            self.endRemoveRows()
        return mention

    # ---- the Qt model ------------------------------------------------------------------------------

    def _group_of(self, index: QModelIndex | QPersistentModelIndex) -> _Group | None:
        if not index.isValid():
            return None
        row = index.row() if index.internalId() == 0 else index.internalId() - 1
        return self.groups[row] if 0 <= row < len(self.groups) else None

    def index(self, row: int, column: int = 0, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, 0) if row < len(self.groups) else QModelIndex()
        if parent.internalId() != 0:
            return QModelIndex()
        group = self.groups[parent.row()]
        return self.createIndex(row, 0, parent.row() + 1) if row < len(group.mentions) else QModelIndex()

    def parent(self, index: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        if not parent.isValid():
            return len(self.groups)
        if parent.internalId() != 0:
            return 0
        return len(self.groups[parent.row()].mentions)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 1

    def hasChildren(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: N802
        if not parent.isValid():
            return bool(self.groups) or self.total > 0
        return parent.internalId() == 0 and self.groups[parent.row()].info.mentions > 0

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.internalId() == 0:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        group = self._group_of(index)
        if group is None:
            return None
        if index.internalId() == 0:
            info = group.info
            if role == Qt.ItemDataRole.DisplayRole:
                here = " (this article)" if info.document_id == self.current_document else ""
                return f"{info.title}{here} — {info.mentions}"
            if role == GROUP_ROLE:
                return info
            if role == CURRENT_ROLE:
                return info.document_id == self.current_document
            if role == Qt.ItemDataRole.ToolTipRole:
                times = "mention" if info.mentions == 1 else "mentions"
                return tip(f"{info.title}\n{info.published or 'no date'} · {info.mentions} {times}\n{info.path}")
            return None
        if index.row() >= len(group.mentions):
            return None
        mention = group.mentions[index.row()]
        if role == MENTION_ROLE:
            return mention
        if role == Qt.ItemDataRole.DisplayRole:
            return mention.context
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip(f"Open at this mention ({mention.document_title})")
        return None
